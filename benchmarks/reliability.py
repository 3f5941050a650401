"""Reliability figures: each fault of the demo newsroom, what the crawl lost to it after two runs.

    python benchmarks/reliability.py [--size 40] [--kills 20] [--seed 1]

For each fault switch of `scraper.demo.faults` (and all the
server faults at once), a fresh archive gets two crawls of the demo
newsroom (three sites, `--size` articles each) with the fault on in both:
the first run retries as configured and records what still failed, the
second (the next night) fetches those again. Counted against what the
newsroom shows: articles archived whole (every comment the page shows, the
headline exactly as published, so a page read in the wrong charset counts
as lost), after the first run and after the second. Then the crawl killed
with SIGKILL at random moments `--kills` times, each kill followed by a
normal run, and Datasette read while a crawl writes. Figures, not tests:
nothing is asserted; the goal in the last column is 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scraper.cli import crawl_command  # noqa: E402
from scraper.demo.faults import Faults  # noqa: E402
from scraper.demo.newsroom import running  # noqa: E402
from scraper.sites.addresses import path_of  # noqa: E402
from tests.reliability.checks import loss, shown  # noqa: E402

# The crawl's patience with a held request (30 s by default): shortened so a
# timed-out request costs seconds; the newsroom holds it longer than that.
IMPATIENT = ["-s", "DOWNLOAD_TIMEOUT=2"]
FAULTS = {
    "500/503 answers": Faults(errors=0.10),
    "timeouts": Faults(timeouts=0.05, timeout_seconds=5),
    "connection resets": Faults(resets=0.05),
    "truncated bodies": Faults(truncated=0.05),
    "slow answers (1 s)": Faults(slow=0.05, slow_seconds=1),
    "wrong charset": Faults(wrong_charset=0.10),
    "pages 10x their size": Faults(huge=0.10),
    "403 bot-block page": Faults(blocked=0.05),
    "all server faults at once": Faults(errors=0.10, timeouts=0.05, timeout_seconds=5, resets=0.05, truncated=0.05),
}
ALL_SERVER_FAULTS = FAULTS["all server faults at once"]
# The same night with one retry in the first run instead of three: pages fail
# for good, and the second run must find every one of them again.
ONE_RETRY = "all server faults at once, one retry in run 1"


@dataclass
class Row:
    fault: str
    rate: str
    tried: str
    failed_first: int | str
    whole_first: str
    lost: int | str
    note: str = ""


def machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version},"
            f" {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")


def crawl(archive: Path, origins: dict[str, str], *extra: str) -> str:
    """One real crawl in its own process; its log."""
    done = subprocess.run(crawl_command(str(archive), origins, *extra), cwd=ROOT, capture_output=True, text=True,
                          timeout=1800)
    return done.stderr


def stat(log: str, name: str) -> int:
    found = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(found.group(1)) if found else 0


def lost(archive: Path, expected: dict) -> tuple[set[str], set[str]]:
    """Articles not archived whole (missing, a thread short, or a headline not as published), and of
    those, the ones waiting in failed_urls to be fetched again by the next run."""
    db = sqlite3.connect(archive)
    gap = loss(db, expected)
    titles = dict(db.execute("SELECT path, title FROM articles"))  # the archive knows an article by its path
    garbled = {url for url, article in expected.items() if path_of(url) in titles and titles[path_of(url)] != article.title}
    waiting = {url for (url,) in db.execute("SELECT url FROM failed_urls WHERE resolved_at IS NULL")}
    db.close()
    missing = set(gap.articles) | set(gap.comments) | garbled
    return missing, missing & waiting


def lost_count(archive: Path, expected: dict) -> tuple[int, int]:
    return len(lost(archive, expected)[0]), len(expected)


def rate_of(faults: Faults) -> str:
    shares = [f"{name} {getattr(faults, name):.0%}" for name in ("errors", "timeouts", "resets", "truncated", "slow",
                                                                 "wrong_charset", "huge", "blocked")
              if getattr(faults, name)]
    return ", ".join(shares) if len(shares) > 1 else shares[0].split()[-1]


def fault_row(name: str, faults: Faults, size: int, seed: int, *first_run: str) -> Row:
    with tempfile.TemporaryDirectory() as tmp, running(port=0, size=size, seed=seed, faults=faults) as room:
        archive = Path(tmp) / "archive.db"
        expected = shown(room)
        first = crawl(archive, room.origins, *IMPATIENT, *first_run)
        lost_first, total = lost_count(archive, expected)
        failed = sqlite3.connect(archive).execute("SELECT errors FROM crawl_runs").fetchone()[0]
        crawl(archive, room.origins, *IMPATIENT)
        missing, waiting = lost(archive, expected)
        db = sqlite3.connect(archive)
        problems = [json.loads(p or "{}") for (p,) in db.execute("SELECT problems FROM crawl_runs ORDER BY id")]
        open_failures = db.execute("SELECT count(*) FROM failed_urls WHERE resolved_at IS NULL").fetchone()[0]
        db.close()
    marks = ", ".join(f"{kind} {count}" for kind, count in sorted(problems[0].items())) or "none"
    note = f"run 1 marked: {marks}; retries {stat(first, 'retry/count')}; failed URLs still open: {open_failures}"
    shown_lost = f"{len(missing)}" + (f" ({len(waiting)} waiting in failed_urls)" if missing else "")
    return Row(name, rate_of(faults), f"{stat(first, 'downloader/request_count')} requests, {total} articles",
               failed, f"{total - lost_first} of {total}", shown_lost, note)


def kill_row(size: int, kills: int, seed: int) -> Row:
    rng = random.Random(seed)
    whole_after_kill = mid_run = 0
    with tempfile.TemporaryDirectory() as tmp, running(port=0, size=size, seed=seed) as room:
        archive, log = Path(tmp) / "archive.db", Path(tmp) / "killed.log"
        for kill in range(kills):
            if kill == kills // 2:
                room.day = 2
            with log.open("w") as output:
                process = subprocess.Popen(crawl_command(str(archive), room.origins), cwd=ROOT,
                                           stdout=output, stderr=output)
            while "Spider opened" not in log.read_text(errors="replace") and process.poll() is None:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.5))
            mid_run += process.poll() is None
            process.send_signal(signal.SIGKILL)
            process.wait()
            db = sqlite3.connect(archive)
            whole_after_kill += db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            db.close()
            crawl(archive, room.origins)
        missing, total = lost_count(archive, shown(room))
        db = sqlite3.connect(archive)
        doubled = db.execute("SELECT count(*) - count(DISTINCT site || ' ' || path) FROM articles").fetchone()[0]
        db.close()
    return Row("SIGKILL of the crawl, then a normal run", f"{kills} kills", f"{kills} kills ({mid_run} mid-run),"
               f" {total} articles", "-", f"integrity_check ok after {whole_after_kill} of {kills} kills", missing,
               f"duplicate articles: {doubled}")


async def _read(datasette, crawl_process) -> tuple[int, int]:
    reads = errors = 0
    paths = ("/archive/articles", "/archive/comments", "/archive/-/search?q=%D0%B2%D1%80%D0%B0%D1%87",
             "/archive/search?q=%D0%BC%D0%B8%D0%BD%D0%B8%D1%81%D1%82%D1%80", "/archive/crawl_runs")
    while crawl_process.poll() is None:
        for path in paths:
            reads += 1
            errors += (await datasette.client.get(path)).status_code != 200
    return reads, errors


def readers_row(size: int, seed: int) -> Row:
    from datasette.app import Datasette

    from scraper.archive import open_archive
    from tests.web.conftest import metadata

    with tempfile.TemporaryDirectory() as tmp, running(port=0, size=size, seed=seed) as room:
        archive = Path(tmp) / "archive.db"
        open_archive(archive).close()
        datasette = Datasette([str(archive)], metadata=metadata())
        process = subprocess.Popen(crawl_command(str(archive), room.origins), cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        reads, errors = asyncio.run(_read(datasette, process))
        process.wait()
    return Row("Datasette reading while the crawl writes", "-", f"{reads} page reads", "-",
               f"{reads - errors} of {reads} answered 200", errors, "errors seen by readers")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=40, help="articles a demo site shows before day 1")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--kill-size", type=int, default=5, help="demo size for the kill runs")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"# {machine()}", flush=True)
    print(f"# python benchmarks/reliability.py --size {args.size} --kills {args.kills} --kill-size {args.kill_size}"
          f" --seed {args.seed}", flush=True)
    rows = []
    for name, faults in FAULTS.items():
        rows.append(fault_row(name, faults, args.size, args.seed))
        print(f"#   {name}: done", file=sys.stderr, flush=True)
    rows.append(fault_row(ONE_RETRY, ALL_SERVER_FAULTS, args.size, args.seed, "-s", "RETRY_TIMES=1"))
    rows.append(kill_row(args.kill_size, args.kills, args.seed))
    rows.append(readers_row(args.size, args.seed))
    print()
    print("| fault | rate | tried (run 1) | failed in run 1 | articles whole after run 1 | lost after run 2 | notes |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row.fault} | {row.rate} | {row.tried} | {row.failed_first} | {row.whole_first} | **{row.lost}** |"
              f" {row.note} |")


if __name__ == "__main__":
    main()
