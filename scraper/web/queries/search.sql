-- The best 100: headline matches first, then the other articles, then
-- comments; within each, the best matches (FTS5's ORDER BY rank) among the
-- newest 1,000 (archive ids grow with time): ranking every match of a common
-- word over a million comments takes longer than a page should. A kind is
-- ranked only when the ones before leave room, and only the rows shown are
-- marked up.
with
words as (
  select escape_fts(:q) as any_field,
    'title : (' || escape_fts(:q) || ')' as in_title,
    '(' || escape_fts(:q) || ') NOT (title : (' || escape_fts(:q) || '))' as elsewhere
),
titles as (
  select rowid as id, rank as score from articles_fts
  where articles_fts match (select in_title from words) and rank match 'bm25(10.0, 4.0, 1.0)'
    and rowid >= coalesce((select rowid from articles_fts where articles_fts match (select in_title from words)
                           order by rowid desc limit 1 offset 999), 0)
  order by rank limit 100
),
other_articles as (
  select rowid as id, rank as score from articles_fts
  where articles_fts match (select elsewhere from words) and rank match 'bm25(10.0, 4.0, 1.0)'
    and rowid >= coalesce((select rowid from articles_fts where articles_fts match (select elsewhere from words)
                           order by rowid desc limit 1 offset 999), 0)
  order by rank limit (select 100 - count(*) from titles)
),
comment_hits as (
  select rowid as id, rank as score from comments_fts
  where comments_fts match (select any_field from words) and rank match 'bm25(1.0, 0.5)'
    and rowid >= coalesce((select rowid from comments_fts where comments_fts match (select any_field from words)
                           order by rowid desc limit 1 offset 999), 0)
  order by rank limit (select 100 - count(*) from titles) - (select count(*) from other_articles)
),
shown as (
  select 'article' as kind, id, 1 as in_title, score from titles
  union all
  select 'article', id, 0, score from other_articles
  union all
  select 'comment', id, 0, score from comment_hits
  order by in_title desc, kind, score limit 100
),
article_marks as (
  select rowid as id, highlight(articles_fts, 0, '⟦', '⟧') as title,
    snippet(articles_fts, -1, '⟦', '⟧', '…', 24) as snippet
  from articles_fts
  where articles_fts match (select any_field from words)
    and rowid in (select id from shown where kind = 'article')
),
comment_marks as (
  select rowid as id, snippet(comments_fts, 0, '⟦', '⟧', '…', 24) as snippet
  from comments_fts
  where comments_fts match (select any_field from words)
    and rowid in (select id from shown where kind = 'comment')
)
select shown.kind,
  case shown.kind when 'article' then a.id else c.article_id end as article_page,
  coalesce(a.site, ca.site) as site,
  case shown.kind when 'article' then am.title else ca.title end as title,
  case shown.kind when 'article' then am.snippet
    else coalesce(c.author, '') || ': ' || cm.snippet end as snippet,
  coalesce(a.published_local, c.published_local) as published
from shown
  left join articles a on shown.kind = 'article' and a.id = shown.id
  left join article_marks am on shown.kind = 'article' and am.id = shown.id
  left join comments c on shown.kind = 'comment' and c.id = shown.id
  left join comment_marks cm on shown.kind = 'comment' and cm.id = shown.id
  left join articles ca on ca.id = c.article_id
order by shown.in_title desc, shown.kind, shown.score
