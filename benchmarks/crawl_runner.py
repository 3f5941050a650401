"""One crawl in this process, for the benchmarks: `common.crawl` runs it as a subprocess.

    python benchmarks/crawl_runner.py SPIDER SETTINGS_JSON ARGUMENTS_JSON STATS_OUT

SPIDER is `regional_news` (the real spider, with the project's settings) or
`bare` (a spider that only downloads the URLs listed in the setting
`BENCH_URLS_FILE`, one a line, and parses nothing). The real crawl's side
processes (the page reader and the archive's writer, `scraper.side_process`)
have their CPU time read just before the crawl closes them, their work done:
`bench/cpu_seconds/<process name>`; all of them together (reaped with the
crawl) in `bench/writer_cpu_seconds`. With `BENCH_RECORD_URLS` the URLs of every response
are written to that file (the bare spider then fetches the same pages); with
`BENCH_RSS_TRACE` the process's RSS and pages so far go to that file every
two seconds; with `BENCH_PROFILE` (a .txt path) pyinstrument profiles the
crawl and writes its text there and its HTML beside it.
At the end the final stats (and `ru_maxrss`) go to STATS_OUT as JSON.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrapy import Request, Spider, signals  # noqa: E402
from scrapy.crawler import CrawlerProcess  # noqa: E402
from scrapy.utils.project import get_project_settings  # noqa: E402


class BareSpider(Spider):
    """Downloads the listed URLs and does nothing with them: the baseline of a crawl."""

    name = "bare"

    async def start(self):
        for url in Path(self.settings.get("BENCH_URLS_FILE")).read_text().split():
            yield Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response):
        return None


def watch_side_processes(cpu: dict[str, float]) -> None:
    """Each side process's CPU seconds, read from /proc just before the crawl closes it."""
    from scraper.side_process import SideProcess

    close = SideProcess.close

    def closing(self) -> None:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu[self._process.name] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        close(self)

    SideProcess.close = closing


def _trace_rss(crawler, out: Path, started: float, every: float = 2.0) -> None:
    """Every `every` seconds, append `seconds pages rss_kb` to `out` (a daemon thread)."""
    import threading

    def rss_kb() -> int:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def run() -> None:
        with out.open("w") as sink:
            while True:
                try:
                    pages = crawler.stats.get_value("response_received_count", 0)
                except RuntimeError:  # the crawl has not started yet
                    pages = 0
                sink.write(f"{time.perf_counter() - started:.1f} {pages} {rss_kb()}\n")
                sink.flush()
                time.sleep(every)

    threading.Thread(target=run, daemon=True).start()


def main() -> None:
    spider_name, settings_json, arguments_json, stats_out = sys.argv[1:5]
    settings = get_project_settings()
    overrides = json.loads(settings_json)
    settings.setdict(overrides, priority="cmdline")
    side_cpu: dict[str, float] = {}
    watch_side_processes(side_cpu)
    process = CrawlerProcess(settings)
    spider = BareSpider if spider_name == "bare" else spider_name
    crawler = process.create_crawler(spider)
    record = overrides.get("BENCH_RECORD_URLS")
    urls: list[str] = []
    if record:
        def received(response, **_) -> None:
            urls.append(response.url)

        # Scrapy keeps weak references to handlers: `received` lives as long as main().
        crawler.signals.connect(received, signal=signals.response_received)
    started = time.perf_counter()
    trace = overrides.get("BENCH_RSS_TRACE")
    if trace:
        _trace_rss(crawler, Path(trace), started)
    process.crawl(crawler, **json.loads(arguments_json))
    profile = overrides.get("BENCH_PROFILE")
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.002)
        profiler.start()
    process.start()
    if profile:
        profiler.stop()
        Path(profile).write_text(profiler.output_text(unicode=True, color=False, show_all=False))
        Path(profile).with_suffix(".html").write_text(profiler.output_html())
    stats = {k: (v if isinstance(v, (int, float, str, list)) else str(v)) for k, v in crawler.stats.get_stats().items()}
    stats["bench/crawl_seconds"] = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    stats["bench/ru_maxrss_kb"] = usage.ru_maxrss
    stats["bench/cpu_seconds"] = usage.ru_utime + usage.ru_stime
    # The side processes (scraper/side_process.py), ended and reaped with the crawl.
    writer = resource.getrusage(resource.RUSAGE_CHILDREN)
    stats["bench/writer_cpu_seconds"] = writer.ru_utime + writer.ru_stime
    for name, seconds in side_cpu.items():
        stats[f"bench/cpu_seconds/{name}"] = seconds
    if record:
        Path(record).write_text("\n".join(urls) + "\n")
    Path(stats_out).write_text(json.dumps(stats, default=str))


if __name__ == "__main__":
    main()
