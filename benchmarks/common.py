"""Helpers the benchmark scripts share: the machine, demo snapshots, crawls in a subprocess.

Nothing here is imported by the tests; the scripts put the repository root
on `sys.path` themselves, so `python benchmarks/bench_x.py` runs from a checkout.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scraper.dates import MINUTE, Timestamp  # noqa: E402
from scraper.demo import hearst, legacy_cp1251  # noqa: E402
from scraper.demo.model import DemoArticle  # noqa: E402
from scraper.demo.timeline import clock  # noqa: E402
from scraper.items import Article, ArticleSnapshot, Comment, FetchedPage, Image  # noqa: E402
from tests.conftest import WITHOUT_BROWSER_SITES  # noqa: E402


def machine() -> str:
    """One line naming the machine, for the record beside the figures."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version},"
        f" {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC"
    )


# --- archive snapshots straight from the demo's model -------------------------


def demo_url(site: str, origin: str, article: DemoArticle) -> str:
    """The URL the crawl archives a demo article under (its canonical URL)."""
    if site == "bankfax":
        return f"{origin}/{article.rubric}/{article.id}/"
    if site == "ngs22":
        return origin + hearst.url_path(article)
    return origin + legacy_cp1251.url_path(article)


def _stamp(moment: datetime | None) -> Timestamp:
    if moment is None:
        return Timestamp.empty()
    return Timestamp(moment.strftime("%d.%m.%Y %H:%M"), moment, MINUTE)


def model_snapshot(site: str, origin: str, article: DemoArticle, now: datetime, body: bytes | None = None) -> ArticleSnapshot:
    """An article snapshot built from the demo's model, without rendering or reading a page.

    Used to fill big archives quickly (a 100,000-article archive by crawling
    takes hours); the fields are those the profile reads from the page.
    """
    url = demo_url(site, origin, article)
    comments = [
        Comment(
            comment_id=str(c.id),
            author=c.author,
            text=c.text,
            posted=_stamp(c.posted),
            parent_id=str(c.parent) if c.parent is not None else None,
            quote=c.quote[1] if c.quote else None,
            likes=c.likes,
            dislikes=c.dislikes,
            hidden=c.text is None,
        )
        for c in article.comments
    ]
    read = Article(
        site=site,
        url=url,
        title=article.title,
        body="\n\n".join(article.paragraphs),
        published=_stamp(article.published),
        modified=_stamp(article.modified),
        article_id=str(article.id),
        lead=article.lead,
        authors=list(article.authors),
        section=article.rubric,
        tags=list(article.tags),
        images=[Image(i.url, i.caption, i.credit) for i in article.images],
        comment_count_shown=len(article.comments),
    )
    headers = {"content-type": "text/html; charset=utf-8", "date": now.strftime("%a, %d %b %Y %H:%M:%S GMT")}
    page = FetchedPage(url, 200, headers, body if body is not None else article.title.encode(), now, "article")
    return ArticleSnapshot(read, comments, True, [page], now)


# --- crawls in a subprocess ----------------------------------------------------


@dataclass
class CrawlResult:
    """What one `scrapy crawl` subprocess did: wall time, peak RSS, its final stats."""

    seconds: float
    peak_rss_mb: float  # MiB (KiB from /proc and ru_maxrss, over 1024)
    stats: dict = field(default_factory=dict)
    returncode: int = 0
    # The crawl with its side processes, the page reader and the archive's writer (scraper/side_process.py):
    # proportional set size, so the pages they still share with the crawl that forked them count once.
    peak_pss_mb: float = 0.0

    def stat(self, name: str, default: float = 0) -> float:
        return self.stats.get(name, default)


STATS_DUMPER = ROOT / "benchmarks" / "crawl_runner.py"


def crawl(
    origins: dict[str, str], archive: Path, settings: dict[str, object] | None = None,
    arguments: dict[str, str] | None = None, spider: str = "regional_news", log: Path | None = None,
    poll: float = 0.2,
) -> CrawlResult:
    """Run one crawl in its own process (as `scrapy crawl` would), returning its stats and peak RSS.

    A fresh process per crawl keeps the measured stages apart (imports,
    caches, memory); peak RSS is polled from /proc and cross-checked with
    the child's own `ru_maxrss`.
    """
    config = {
        "SITE_ORIGINS": origins,
        # ngs22's comments read from the API its comments page's script calls, as the tests do, not
        # rendered in Chromium: rendering has its own benchmark (bench_rendering.py) and would swamp
        # every figure of a crawl with a browser's seconds a page.
        "SITES_DIRS": [str(WITHOUT_BROWSER_SITES)],
        "POLITE": False,  # the demo newsroom is ours: measured at full speed
        "ARCHIVE_PATH": str(archive),
        "LOG_LEVEL": "WARNING",
        **(settings or {}),
    }
    out = archive.with_suffix(".stats.json")
    command = [sys.executable, str(STATS_DUMPER), spider, json.dumps(config), json.dumps(arguments or {}), str(out)]
    start = time.perf_counter()
    with open(log or os.devnull, "w") as sink:
        process = subprocess.Popen(command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT)
        peak = peak_pss = 0
        while process.poll() is None:
            peak = max(peak, _rss_kb(process.pid))
            peak_pss = max(peak_pss, sum(memory_kib(pid, "Pss") for pid in process_and_children(process.pid)))
            time.sleep(poll)
    seconds = time.perf_counter() - start
    stats = json.loads(out.read_text()) if out.exists() else {}
    peak = max(peak, stats.get("bench/ru_maxrss_kb", 0))
    return CrawlResult(seconds, peak / 1024, stats, process.returncode, peak_pss / 1024)


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def memory_kib(pid: int, field: str) -> int:
    """A process's `Rss` or `Pss` in KiB, from /proc/PID/smaps_rollup (0 once it has ended)."""
    try:
        for line in (Path("/proc") / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def process_and_children(pid: int) -> list[int]:
    """`pid` and its direct children (a crawl and its side processes), from /proc."""
    found = [pid]
    try:
        for task in (Path("/proc") / str(pid) / "task").iterdir():
            found.extend(int(child) for child in (task / "children").read_text().split())
    except OSError:
        pass
    return found


def newsroom_process(size: int, day: int, seed: int = 1, port: int = 0) -> tuple[subprocess.Popen, dict[str, str]]:
    """The demo newsroom in its own process (`python -m scraper.demo serve`), so it
    does not share the crawl's interpreter; returns it and its origins."""
    process = subprocess.Popen(
        [sys.executable, "-m", "scraper.demo", "serve", "--port", str(port), "--size", str(size), "--day", str(day),
         "--seed", str(seed)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    line = process.stdout.readline()
    return process, json.loads(line)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


__all__ = ["ROOT", "machine", "model_snapshot", "demo_url", "crawl", "CrawlResult", "newsroom_process", "stop",
           "clock"]
