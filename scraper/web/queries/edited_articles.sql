select a.id as article_page, v.version, a.site,
  trim(
    case when p.title is not v.title then 'title ' else '' end
    || case when p.lead is not v.lead then 'lead ' else '' end
    || case when p.body is not v.body then 'body ' else '' end
    || case when p.tags is not v.tags then 'tags' else '' end
  ) as changed,
  p.title as title_before, v.title as title_after,
  length(v.body) - length(p.body) as body_characters_added,
  p.first_seen as before_seen_at, v.first_seen as changed_seen_at,
  count(*) over () as total_rows
from article_versions v
  join article_versions p on p.article_id = v.article_id and p.version = v.version - 1
  join articles a on a.id = v.article_id
order by v.first_seen desc, v.id desc
limit 1000 offset 1000 * (max(coalesce(cast(nullif(:page, '') as integer), 1), 1) - 1)
