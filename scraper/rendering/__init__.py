"""Pages only a browser sees: which ones, and how the crawl renders them.

A site file's `[render]` table declares the pages that need a browser
(`rules.py`). Those requests, and only those, are marked by a downloader
middleware (`middleware.py`) and fetched by scrapy-playwright's download
handler driving Debian's Chromium (`handler.py`: started at the first such
page, restarted after a number of pages or a crash); every other request
keeps Scrapy's plain downloader. While a page renders, `page.py` keeps it on
its own site (everything else, and every image, media file and font, is
refused), keeps the JSON answers its script fetched from the site, and
clicks "show more" until the thread is complete. What came of it travels
with the response as `X-Rendered-*` headers (`evidence.py`), so the archive
keeps it beside the rendered HTML.

`rules.py` and `evidence.py` import no Playwright: the site files, the
spider, the archive and re-parsing use them without a browser.
"""
