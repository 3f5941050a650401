with recursive thread(id, path, level) as (
  select id, printf('%06d.%09d', coalesce(position, 0), id), 0
  from comments where article_id = :article_id and parent_id is null
  union all
  select c.id, thread.path || '/' || printf('%06d.%09d', coalesce(c.position, 0), c.id),
    thread.level + 1
  from comments c join thread on c.parent_id = thread.id
)
select c.id, thread.level as depth,
  substr('                                ', 1, 2 * min(thread.level, 16))
    || case when thread.level > 0 then '↳ ' else '' end
    || coalesce(c.text, '') as thread,
  c.author, c.published_local as published,
  case when c.hidden then 'hidden' end as hidden,
  c.deleted_at as removed_at, c.edited_at, c.likes, c.dislikes
from thread join comments c on c.id = thread.id
order by thread.path
