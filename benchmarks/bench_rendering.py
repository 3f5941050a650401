"""Figures for rendering: comment pages per second through Chromium, and the memory it takes.

    python benchmarks/bench_rendering.py [--pages 500]

Not a test (nothing here asserts a speed or a size). The demo ngs22 (day 2,
enough articles for `--pages`) serves its comments pages, which show their
threads only through a script. A crawl in its own process, with the crawl's
settings (scrapy-playwright, Debian's Chromium, 2 pages at once, a fresh
browser every RENDER_RESTART_AFTER_PAGES pages), renders `--pages` of them
and reads each thread with the hearst profile; every rendered page is saved.

Baseline, in the same run: the same pages' comments read from plain HTML,
that is the saved rendered pages served by a plain HTTP server on 127.0.0.1
and crawled with Scrapy's plain downloader, read by the same profile (the
cost of a site that puts its comments in its HTML).

Memory: the peak, over the crawl, of the summed PSS (proportional set size,
so memory shared between Chromium's processes is counted once) and of the
summed RSS of the crawl process and every process under it (Playwright's
driver, Chromium and its renderers), polled every 0.2 s from /proc.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import machine, memory_kib  # noqa: E402
from tests.rendering.harness import descendants  # noqa: E402

COMMENT = "[itemtype='https://schema.org/Comment']"


# --- the crawl, in its own process ------------------------------------------------
def child(mode: str, spec: dict) -> None:
    from scrapy import Request, Spider
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from scraper.items import Article
    from scraper.dates import Timestamp
    from scraper.profiles import profile_for
    from scraper.responses import page_of
    from scraper.sites import load_sites

    class ReadComments(Spider):
        name = "bench_rendering"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            site = load_sites((), spec["origins"])["ngs22"]
            self.sites = {"ngs22": site if mode == "rendered" else dataclasses.replace(site, render=None)}
            self.profile = profile_for(load_sites()["ngs22"])
            self.comments = 0
            self.incomplete = 0
            self.first = self.last = None

        async def start(self):
            self.first = time.monotonic()
            for n, url in enumerate(spec["urls"]):
                yield Request(url, cb_kwargs={"n": n}, dont_filter=True, meta={"site": "ngs22", "page_kind": "comments"})

        def parse(self, response, n):
            page = page_of(response)
            article = Article("ngs22", response.url.removesuffix("comments/"), None, None, Timestamp.empty())
            self.comments += len(self.profile.more_comments(page, article).comments)
            self.incomplete += page.headers.get("x-rendered-complete", "yes") != "yes"
            if spec.get("save"):
                target = Path(spec["save"]) / urlsplit(response.url).path.lstrip("/") / "index.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(response.body)
            self.last = time.monotonic()

        def closed(self, reason):
            stats = self.crawler.stats.get_stats()
            print(json.dumps({
                "pages": stats.get("response_received_count", 0) - stats.get("robotstxt/response_count", 0),
                "comments": self.comments, "incomplete": self.incomplete, "seconds": self.last - self.first,
                "restarts": stats.get("rendering/browser_restarts", 0),
                "browsers": stats.get("playwright/browser_count", 0),
            }), flush=True)

    settings = Settings()
    settings.setmodule("scraper.settings", priority="project")
    quiet = {"ITEM_PIPELINES": {}, "EXTENSIONS": {}, "LOG_LEVEL": "WARNING", "ROBOTSTXT_OBEY": False,
             "POLITE": False}  # the demo newsroom is ours
    for name, value in {**quiet, **spec.get("settings", {})}.items():
        settings.set(name, value, priority="cmdline")
    process = CrawlerProcess(settings)
    process.crawl(ReadComments)
    process.start()


# --- memory of a process tree ---------------------------------------------------------
def run(mode: str, spec: dict) -> tuple[dict, float, float]:
    """(the crawl's figures, peak PSS MiB, peak RSS MiB) of one crawl in its own process."""
    spec_file = Path(tempfile.mkstemp(suffix=".json")[1])
    spec_file.write_text(json.dumps(spec))
    process = subprocess.Popen([sys.executable, __file__, "--child", mode, str(spec_file)],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
    peak_pss = peak_rss = 0.0
    while process.poll() is None:
        pids = descendants(process.pid)
        peak_pss = max(peak_pss, sum(memory_kib(pid, "Pss") for pid in pids) / 1024)
        peak_rss = max(peak_rss, sum(memory_kib(pid, "Rss") for pid in pids) / 1024)
        time.sleep(0.2)
    output = process.stdout.read()
    spec_file.unlink()
    if process.returncode != 0:
        raise SystemExit(f"the {mode} crawl failed ({process.returncode})")
    return json.loads(output.strip().splitlines()[-1]), peak_pss, peak_rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500, help="comments pages to render")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], json.loads(Path(args.child[1]).read_text()))
        return
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        figures(args.pages, tmp)


def figures(pages: int, tmp: str) -> None:
    from scraper.demo import hearst
    from scraper.demo.newsroom import running

    with running(day=2, port=0, size=pages, sites=["ngs22"]) as room:
        origin = room.origins["ngs22"]
        articles = room.sites[0].catalog.articles(2, 0, pages)
        urls = [origin + hearst.url_path(a) + "comments/" for a in articles]
        shown = sum(len(a.comments) for a in articles)
        rendered, rendered_pss, rendered_rss = run("rendered", {"origins": room.origins, "urls": urls, "save": tmp})

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=tmp))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    plain_origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        plain, plain_pss, plain_rss = run("plain", {
            "origins": {"ngs22": plain_origin}, "urls": [url.replace(origin, plain_origin) for url in urls],
        })
    finally:
        server.shutdown()

    print(f"demo ngs22, day 2: {len(urls)} comments pages showing {shown:,} comments")
    print(f"rendered: {rendered['pages']} pages, {rendered['comments']:,} comments read, {rendered['incomplete']} incomplete,"
          f" {rendered['browsers']} browsers ({rendered['restarts']} restarts)")
    print(f"plain:    {plain['pages']} pages, {plain['comments']:,} comments read")
    print()
    print(f"{'':44} {'pages/s':>8} {'s/page':>7} {'ratio':>6} {'peak PSS MiB':>13} {'peak RSS MiB':>13}")
    for label, got, pss, rss in (("comments from plain HTML (baseline)", plain, plain_pss, plain_rss),
                                 ("comments rendered in Chromium", rendered, rendered_pss, rendered_rss)):
        rate = got["pages"] / got["seconds"]
        print(f"{label:44} {rate:8.1f} {1 / rate:7.3f} {rate / (plain['pages'] / plain['seconds']):5.3f}x"
              f" {pss:13.0f} {rss:13.0f}")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


if __name__ == "__main__":
    main()
