"""The offline demo newsroom: local regional news sites served over real HTTP.

The crawl is shown and tested against these sites exactly as it would crawl
the web. Everything they serve is generated deterministically from a seed
number and a day, so the same seed gives byte-identical pages.

- `newsroom`: the sites, each on its own port, on one clock (`Newsroom`, `running`)
- `bankfax`, `hearst`, `legacy_cp1251`: the three layouts (bankfax.ru, the
  Hearst Shkulev network as ngs22.ru, an older windows-1251 site)
- `timeline`, `changes`, `catalog`: which articles and comments exist on a
  day, what changes overnight, what a listing shows, a slice at a time
- `content`, `seed`, `words`: the Russian text, the seed article, dates in words
- `server`, `faults`: HTTP on 127.0.0.1, and the faults it can be asked to show
"""
