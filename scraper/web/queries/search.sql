-- Rank first, then mark up only the 500 shown: a snippet for every hit
-- of a common word over a million comments would outlast the time limit.
with article_hits as (
  select rowid as id, bm25(articles_fts, 10.0, 4.0, 1.0) as score,
    rowid in (
      select rowid from articles_fts
      where articles_fts match 'title : (' || escape_fts(:q) || ')'
    ) as in_title
  from articles_fts where articles_fts match escape_fts(:q)
  order by in_title desc, score limit 500
),
comment_hits as (
  select rowid as id, bm25(comments_fts, 1.0, 0.5) as score
  from comments_fts where comments_fts match escape_fts(:q)
  order by score limit 500
),
shown as (
  select 'article' as kind, id, in_title, score from article_hits
  union all
  select 'comment', id, 0, score from comment_hits
  order by in_title desc, kind, score limit 500
)
select shown.kind,
  case shown.kind when 'article' then a.id else c.article_id end as article_page,
  coalesce(a.site, ca.site) as site,
  case shown.kind
    when 'article' then (select highlight(articles_fts, 0, '⟦', '⟧') from articles_fts
                         where articles_fts match escape_fts(:q) and rowid = shown.id)
    else ca.title end as title,
  case shown.kind
    when 'article' then (select snippet(articles_fts, -1, '⟦', '⟧', '…', 24) from articles_fts
                         where articles_fts match escape_fts(:q) and rowid = shown.id)
    else coalesce(c.author, '') || ': ' || (select snippet(comments_fts, 0, '⟦', '⟧', '…', 24) from comments_fts
                         where comments_fts match escape_fts(:q) and rowid = shown.id) end as snippet,
  coalesce(a.published_local, c.published_local) as published
from shown
  left join articles a on shown.kind = 'article' and a.id = shown.id
  left join comments c on shown.kind = 'comment' and c.id = shown.id
  left join articles ca on ca.id = c.article_id
order by shown.in_title desc, shown.kind, shown.score
