-- The period's comments are counted by article first, and only the hundred
-- articles kept are read: an article's row is long (its whole text), and a
-- busy week has tens of thousands of comments.
with period as (
  select coalesce(nullif(:since, ''), date(max(published_at), '-6 days')) as first_day,
    coalesce(nullif(:until, ''), date(max(published_at))) as last_day
  from comments
),
discussed as (
  select c.article_id, count(*) as comments, count(distinct c.author) as commenters,
    sum(c.hidden = 1 or c.deleted_at is not null) as hidden_or_removed,
    min(c.published_local) as first_comment, max(c.published_local) as last_comment
  from period, comments c
  where c.published_at >= date(period.first_day, '-1 day')
    and c.published_at < date(period.last_day, '+2 days')
    and substr(c.published_local, 1, 10) between period.first_day and period.last_day
  group by c.article_id
  order by comments desc, commenters desc, c.article_id
  limit 100
)
select a.id as article_page, a.title, a.site, a.published_local as published,
  d.comments, d.commenters, d.hidden_or_removed, d.first_comment, d.last_comment
from discussed d join articles a on a.id = d.article_id
order by d.comments desc, d.commenters desc, a.id
