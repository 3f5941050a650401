"""Every setting of the regional news crawl, in one place.

Override any of them from the command line with ``-s NAME=value``.
"""

BOT_NAME = "regional_news"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"
COMMANDS_MODULE = "scraper.commands"

# --- Where the archive goes -------------------------------------------------
# The SQLite file the crawl writes; Datasette publishes the same file.
ARCHIVE_PATH = "archive.db"
# What answers the crawl's questions of the archive (what is archived of a
# site, validators, stored pages: scraper/known.py); this one reads ARCHIVE_PATH.
ARCHIVE_VIEW = "scraper.archive.known.SqliteArchiveView"
# The archive is written by a process of its own while the crawl reads on
# (scraper/archive/background.py); at most this many items wait for it
# (then the crawl waits for room).
ARCHIVE_QUEUE_SIZE = 32

# --- A night spread over several machines (scraper/distributed/) --------------
# The Redis server the archive host and the worker machines share, e.g.
# "redis://archive-host:6379/0"; empty: everything on this machine, no Redis.
REDIS_URL = ""
# Set by the night's job for a worker's crawl (never by hand): the night whose
# writer takes this crawl's items. A crawl with NIGHT never opens archive.db.
NIGHT = ""
# Which attempt at its site this crawl is (set by the night's job, like NIGHT).
NIGHT_ATTEMPT = 1
# How often a site's crawl is tried in one night (a worker that dies or a
# crawl that fails is tried again on any worker), and how long one may run.
NIGHT_ATTEMPTS = 3
NIGHT_CRAWL_TIME_LIMIT = 6 * 3600
# A crawl tells it is alive this often (seconds, a third of it); one silent
# for this long is taken for dead and its site tried again.
NIGHT_LEASE = 30

# --- Which sites ------------------------------------------------------------
# Site files (one TOML file per site) are read from scraper/sites/ and from
# any extra folder listed here.
SITES_DIRS: list[str] = []
# Where a site actually lives, by site name, overriding the origin in its
# file: the demo newsroom points the crawl at 127.0.0.1 this way, e.g.
#   -s 'SITE_ORIGINS={"bankfax": "http://127.0.0.1:8800"}'
SITE_ORIGINS: dict[str, str] = {}

# --- What a run fetches (see scraper/planning.py) ----------------------------
# Archived articles of the last REFRESH_DAYS days (on the site's clock) are
# fetched again for new, edited and deleted comments.
REFRESH_DAYS = 3
# A safety stop for paging back through a listing.
MAX_LISTING_PAGES = 10000

# --- Politeness (scraper/politeness/) ----------------------------------------
# The crawl is a guest on real sites. With POLITE on (the default), each site,
# whatever its address: gets POLITE_CONCURRENCY requests at a time (or its
# site file's `concurrency`); waits between two requests at least
# POLITE_DELAY seconds (or its site file's `delay`), never less than its
# robots.txt's Crawl-delay, and longer while it answers slowly (AutoThrottle,
# starting at AUTOTHROTTLE_START_DELAY); answering 429 or 503, it is left
# alone as long as its Retry-After says (RETRY_AFTER_MAX in all at most),
# without one for POLITE_BACKOFF seconds, doubled at each retry; showing its
# bot-block page, its delay doubles, and after BLOCKS_TO_STOP in a row it is
# stopped for the run (what is left waits in failed_urls).
# POLITE = False turns all of it off, for our own demo newsroom, the tests and
# the benchmarks only: each site then gets CONCURRENT_REQUESTS_PER_DOMAIN
# requests at a time, DOWNLOAD_DELAY apart.
POLITE = True
# Whom a site's administrator can ask about the crawl (an e-mail address or
# a URL), sent in every request's User-Agent; a polite crawl without one warns.
CONTACT = ""
POLITE_DELAY = 1.0
POLITE_CONCURRENCY = 1
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
POLITE_BACKOFF = 2.0
RETRY_AFTER_MAX = 600.0
BLOCKS_TO_STOP = 3
ROBOTSTXT_OBEY = True
ROBOTSTXT_USER_AGENT = "regional-news-archive"
USER_AGENT = "regional-news-archive/0.1"
# Scrapy keys download slots by host name; here each site is a slot of its own
# (scraper/politeness/slots.py), and the scheduler serves the idle sites first,
# so a site that must wait holds up no other.
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"
SPIDER_MIDDLEWARES = {
    "scraper.politeness.slots.SiteSlots": 40,
}

# --- Speed and robustness -----------------------------------------------------
CONCURRENT_REQUESTS = 16  # all sites together
# Per site with POLITE off only (a polite crawl uses POLITE_CONCURRENCY, POLITE_DELAY).
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_DELAY = 0
# What a page yields (an article snapshot, a few requests) goes through the
# pipelines, which write synchronously; Scrapy's default of 100 starts 100
# asyncio tasks for every response to process it "in parallel", which cost
# about a fifth of the crawl's CPU time (benchmarks/bench_crawl.py, BENCHMARKS.md).
CONCURRENT_ITEMS = 8
# Python's garbage collector scans its youngest objects every this many new
# ones (Python's default: 700), start-up's objects frozen out of its way
# (scraper/extensions.py, BENCHMARKS.md); 0 leaves Python's defaults.
GC_THRESHOLD = 10_000
# Scrapy's check for `return value` in generator callbacks re-parses the
# callback's source (ast) on every response, its cache never hitting for
# bound methods: 3-5% of the crawl's main thread in a py-spy profile. A lint,
# not a safeguard: the spider's callbacks are covered by the tests.
WARN_ON_GENERATOR_RETURN_VALUE = False
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5
# No HTTP cache: the archive is the copy a conditional request (the archived
# page's ETag/Last-Modified) is compared against.
HTTPCACHE_ENABLED = False
# The spider sees these instead of Scrapy dropping them: 304 answers a
# conditional request for an archived page; an article answering 404/410 is
# evidence (marked removed).
HTTPERROR_ALLOWED_CODES = [304, 404, 410]

# The crawl never leaves the configured sites (scheme, host and port), not
# for a link, a page of comments, a redirect or a robots.txt (scraper/offsite.py).
DOWNLOADER_MIDDLEWARES = {
    "scraper.offsite.ConfiguredSitesOnly": 60,  # before robots.txt (100)
    "scraper.politeness.blocks.BotBlocks": 70,  # a stopped site is asked nothing, not even robots.txt
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "scraper.politeness.robots.Robots": 100,
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "scraper.politeness.agent.UserAgent": 500,
    "scraper.politeness.retry_after.RetryAfter": 560,  # sees a 429/503 before the retry middleware (550)
    "scraper.offsite.Redirects": 650,  # sees a 3xx before the redirect middleware (600)
    "scraper.rendering.middleware.RenderDeclaredPages": 700,  # pages a site file declares for the browser
}

# --- Pages only a browser sees (scraper/rendering/) ---------------------------
# Pages a site file's [render] table declares are rendered by scrapy-playwright
# in Debian's Chromium; every other request keeps Scrapy's plain downloader
# (the same handler passes them on), and a crawl whose sites never render
# starts no browser. The marking middleware sits after robots.txt and the
# site guard, so politeness applies to rendered pages as to any other.
DOWNLOAD_HANDLERS = {
    "http": "scraper.rendering.handler.RenderingDownloadHandler",
    "https": "scraper.rendering.handler.RenderingDownloadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": "/usr/bin/chromium",  # Debian's; Playwright's own browser download is not used
    "headless": True,
    "args": [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ],
}
# Pages open in the browser at once (one browser context holds them all).
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2
PLAYWRIGHT_MAX_CONTEXTS = 1
# Seconds a page may take to load and show its whole thread; past that its
# comments are archived as incomplete and the article is tried next night.
RENDER_PAGE_TIMEOUT = 30
# The browser is closed and started afresh after this many pages (0: never),
# so that what it holds on to cannot grow through a long night.
RENDER_RESTART_AFTER_PAGES = 200

EXTENSIONS = {
    "scrapy.extensions.throttle.AutoThrottle": None,  # run per site by SiteThrottle instead
    "scraper.politeness.throttle.SiteThrottle": 0,
    "scraper.extensions.CrawlRunRecorder": 500,  # a crawl on its own: the run's record in archive.db
    "scraper.extensions.FewerCollections": 0,
    "scraper.distributed.sink.SiteReport": 500,  # a worker's crawl (NIGHT): the same, sent to the night's writer
}

# --- Pipelines, each doing one thing ----------------------------------------
ITEM_PIPELINES = {
    "scraper.pipelines.QualityPipeline": 300,
    "scraper.pipelines.ArchivePipeline": 500,  # a crawl on its own writes archive.db
    "scraper.distributed.sink.ItemsToWriter": 500,  # a worker's crawl (NIGHT) sends its items to the night's writer
}

# --- Layout drift (see scraper/quality.py) -----------------------------------
# A site whose articles come with a title, a body or a parsed publication
# date less often than this share, or whose pages yield fewer comments than
# this share of the count they show, has drifted: an ERROR in the log, the
# run marked `drift` in crawl_runs, and the nightly job exits non-zero.
DRIFT_MIN_SHARE = 0.8
DRIFT_MIN_COMMENT_SHARE = 0.8
# Runs with fewer articles (or comments shown) of a site are not judged.
DRIFT_MIN_ARTICLES = 5
DRIFT_MIN_COMMENTS = 10

# Nothing listens beyond what the crawl needs.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
