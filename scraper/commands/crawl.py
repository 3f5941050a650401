"""`scrapy crawl`, checking the spider's arguments before anything starts.

A wrong `-a site=` or `-a since=` ends with one clear line and exit status 2
instead of a traceback from inside the running crawl.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            spider = self.crawler_process.spider_loader.load(args[0])
            check = getattr(spider, "check_arguments", None)
            if check is not None:
                check(self.settings, opts.spargs)
        super().run(args, opts)
