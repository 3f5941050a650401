with run as (
  select id, started_at,
    coalesce((select min(r.started_at) from crawl_runs r where r.id > crawl_runs.id), '9999') as ended
  from crawl_runs
  where id = coalesce(nullif(:run, ''), (select max(id) from crawl_runs))
),
news as (
  select 'new article' as what, a.id as article_page, a.title, a.site,
    a.lead as text, a.first_seen as seen
  from articles a, run where a.first_seen >= run.started_at and a.first_seen < run.ended
  union all
  select 'edited article', v.article_id, v.title, a.site, null, v.first_seen
  from article_versions v join articles a on a.id = v.article_id, run
  where v.version > 1 and v.first_seen >= run.started_at and v.first_seen < run.ended
  union all
  select 'article taken down', a.id, a.title, a.site, a.removed_reason, a.removed_at
  from articles a, run where a.removed_at >= run.started_at and a.removed_at < run.ended
  union all
  select 'new comment', c.article_id, a.title, a.site,
    coalesce(c.author, '') || ': ' || coalesce(c.text, ''), c.first_seen
  from comments c join articles a on a.id = c.article_id, run
  where c.first_seen >= run.started_at and c.first_seen < run.ended
  union all
  select case when c.hidden then 'comment hidden' else 'comment edited' end,
    c.article_id, a.title, a.site, coalesce(c.author, '') || ': ' || coalesce(c.text, ''), c.edited_at
  from comments c join articles a on a.id = c.article_id, run
  where c.edited_at >= run.started_at and c.edited_at < run.ended
  union all
  select 'comment removed', c.article_id, a.title, a.site,
    coalesce(c.author, '') || ': ' || coalesce(c.text, ''), c.deleted_at
  from comments c join articles a on a.id = c.article_id, run
  where c.deleted_in_run = run.id
)
select *, count(*) over () as total_rows from news
order by seen desc, what
limit 1000 offset 1000 * (max(coalesce(cast(nullif(:page, '') as integer), 1), 1) - 1)
