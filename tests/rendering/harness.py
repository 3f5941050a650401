"""Renders pages the way the crawl does, and says what came of each, without an archive.

    python -m tests.rendering.harness '{"origins": {...}, "urls": [...], "settings": {...}}'

A spider with the crawl's settings (downloader middlewares, scrapy-playwright
handler, Chromium) minus the archive, asking for `urls` one after the other
as ngs22 comments pages. Prints one JSON line per page (status, the
`X-Rendered-*` headers, the answers kept, the comments the page shows, the
page's request log: what it asked of its site and what was refused), one per
failure, and the crawl's stats at the end. With `"kill_browser_after": K`
the browser is killed (SIGKILL) after the K-th page, and the next page is
asked for once the crawl has seen it go.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from scraper.sites import load_sites

COMMENT = "[itemtype='https://schema.org/Comment']"


def descendants(root: int) -> list[int]:
    """`root` and every process below it, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def browser_pids() -> list[int]:
    """Chromium's main processes among this process's descendants."""
    found = []
    for pid in descendants(os.getpid())[1:]:
        try:
            argv = (Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"chromium" in argv[0] and not any(arg.startswith(b"--type=") for arg in argv):
            found.append(pid)
    return found


class RenderCheck(Spider):
    name = "render_check"

    def __init__(self, spec: dict, **kwargs):
        super().__init__(**kwargs)
        self.spec = spec
        self.sites = {name: site for name, site in load_sites(spec.get("sites_dirs", []), spec["origins"]).items()
                      if name in spec["origins"]}
        self.urls = list(spec["urls"])
        self.done = 0

    async def start(self):
        yield self._next()

    def _next(self) -> Request:
        return Request(self.urls.pop(0), callback=self.parse, errback=self.failed, dont_filter=True,
                       meta={"site": "ngs22", "page_kind": "comments"})

    async def parse(self, response):
        rendering = response.meta.get("rendering")
        print(json.dumps({
            "url": response.url,
            "status": response.status,
            "rendered": bool(response.meta.get("playwright")),
            "headers": {k.decode().lower(): v[0].decode() for k, v in response.headers.items()
                        if k.decode().lower().startswith("x-rendered")},
            "answers": [answer.url for answer in rendering.answers] if rendering else [],
            "comments": len(response.css(COMMENT)),
            "avatars_in_page": len(response.css(f"{COMMENT} img")),
            "requested": rendering.requested if rendering else [],
            "refused": rendering.refused if rendering else [],
        }, ensure_ascii=False), flush=True)
        self.done += 1
        if self.done == self.spec.get("kill_browser_after"):
            for pid in browser_pids():
                os.kill(pid, signal.SIGKILL)
            handler = self.crawler.engine.downloader.handlers._handlers["http"]
            for _ in range(600):  # the crawl notices the browser is gone, then goes on
                if not hasattr(handler, "browser"):
                    break
                await asyncio.sleep(0.05)
        if self.urls:
            yield self._next()

    def failed(self, failure):
        print(json.dumps({"url": failure.request.url, "failed": f"{failure.type.__name__}: {failure.value}"}), flush=True)
        if self.urls:
            yield self._next()

    def closed(self, reason):
        stats = self.crawler.stats.get_stats()
        print(json.dumps({"stats": {k: v for k, v in stats.items() if isinstance(v, (int, float, str))}}), flush=True)


def main() -> None:
    spec = json.loads(sys.argv[1])
    settings = Settings()
    settings.setmodule("scraper.settings", priority="project")
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    settings.set("EXTENSIONS", {}, priority="cmdline")
    settings.set("LOG_LEVEL", "INFO", priority="cmdline")
    settings.set("POLITE", False, priority="cmdline")  # the demo newsroom is ours
    for name, value in spec.get("settings", {}).items():
        settings.set(name, value, priority="cmdline")
    process = CrawlerProcess(settings)
    process.crawl(RenderCheck, spec=spec)
    process.start()


if __name__ == "__main__":
    main()
