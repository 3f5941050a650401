"""A night spread over several machines: site crawls on workers, one writer of archive.db.

Redis is the one service the machines share. The archive host's nightly
command publishes what each site's crawl must know of the archive
(`scraper.distributed.known`), puts one job per site on RQ's queue
(`scraper.distributed.jobs`), and writes the items the workers' crawls send
(`scraper.distributed.queue`, `scraper.distributed.writer`) until every site
is crawled (`scraper.distributed.night`). A worker's crawl never opens the
archive (`scraper.distributed.sink`). Nothing here is used without REDIS_URL.
"""
