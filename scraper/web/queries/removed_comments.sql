select c.id, c.article_id as article_page, a.title, a.site, c.author,
  c.published_local as published,
  case when c.deleted_at is not null then 'removed' else 'hidden' end as how,
  coalesce(c.deleted_at, c.edited_at, c.first_seen) as noticed_at,
  coalesce(nullif(c.text, ''), (
    select v.text from comment_versions v
    where v.comment_id = c.id and coalesce(v.text, '') != ''
    order by v.id desc limit 1
  )) as last_archived_text,
  count(*) over () as total_rows
from comments c join articles a on a.id = c.article_id
where c.hidden = 1 or c.deleted_at is not null
order by noticed_at desc, c.id desc
limit 1000 offset 1000 * (max(coalesce(cast(nullif(:page, '') as integer), 1), 1) - 1)
