"""A night spread over workers: wall time with 1, 2 and 4 workers, and the writer's items per second.

    python benchmarks/bench_scale_out.py [--copies 2] [--size 8] [--delay 0.5] [--items 300]

Not a test (nothing here asserts a time). Everything runs on this machine: a
throwaway redis-server on a unix socket, `--copies` copies of the demo
newsroom (each copy's three sites under names of their own, so a night has
3 x copies sites), and `regional-news worker` processes.

1. The night, polite (each site one request at a time, `--delay` seconds
   apart at least, robots.txt obeyed; the crawl's defaults but a shorter
   delay, so the benchmark takes minutes, not hours), each on a fresh
   archive of the same newsroom day:
   - `regional-news nightly` on one machine, no Redis: the baseline; one
     Scrapy process crawls all the sites side by side;
   - `regional-news nightly --redis` with 1, 2 and 4 workers.
   Printed: wall time of each, and ratios against the 1-worker night and
   against the one-process night, all measured in this run.
2. The writer with its queue full: `--items` article snapshots (demo bankfax
   articles read by the real profile, with their comment threads) put on a
   night's queue first, then written by the night's writer (take, write with
   its id, commit, remove), against `ArchivePipeline`'s way (the same items
   written straight into an archive, one transaction each). Items per second
   of each, and the ratio.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_writes import ORIGIN, snapshots  # noqa: E402
from benchmarks.common import ROOT, machine  # noqa: E402
from scraper.archive import open_archive  # noqa: E402
from scraper.archive.runs import start_run  # noqa: E402
from scraper.archive.writer import ArchiveWriter  # noqa: E402
from scraper.demo.newsroom import Newsroom  # noqa: E402
from scraper.distributed.keys import NightKeys, connect  # noqa: E402
from scraper.distributed.queue import ItemQueue  # noqa: E402
from scraper.distributed.sink import item_id  # noqa: E402
from scraper.distributed.writer import NightWriter  # noqa: E402
from scraper.pipelines.archive import write_item  # noqa: E402
from scraper.sites import load_sites  # noqa: E402
from tests.distributed.servers import RedisServer, Workers  # noqa: E402

WITHOUT_BROWSER = ROOT / "tests" / "sites" / "without_browser"


def site_files(folder: Path, copies: int) -> None:
    """Each copy's sites under names of their own (bankfax_2 …), read like the originals."""
    originals = {path.stem: path for path in sorted((ROOT / "scraper" / "sites").glob("*.toml"))}
    originals["ngs22"] = WITHOUT_BROWSER / "ngs22.toml"  # comments from the API, no browser
    for copy in range(1, copies + 1):
        for name, path in originals.items():
            text = path.read_text(encoding="utf-8").replace(f'name = "{name}"', f'name = "{name}_{copy}"', 1)
            (folder / f"{name}_{copy}.toml").write_text(text, encoding="utf-8")


def nightly(archive: Path, origins: dict[str, str], sites_dir: Path, delay: float, log: Path,
            redis_url: str = "") -> float:
    command = [
        sys.executable, "-m", "scraper.cli", "nightly", "--archive", str(archive), "--log", str(log),
        "-a", "site=" + ",".join(origins), "-s", f"SITE_ORIGINS={json.dumps(origins)}",
        "-s", f"SITES_DIRS={sites_dir}", "-s", f"POLITE_DELAY={delay}", "-s", f"AUTOTHROTTLE_START_DELAY={delay}",
        "-s", "CONTACT=benchmark@newsroom.example",
    ]
    if redis_url:
        command += ["--redis", redis_url]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"the night failed: {done.stdout}{done.stderr[-3000:]}")
    return seconds


def night_walls(folder: Path, copies: int, size: int, delay: float) -> dict[str, float]:
    sites_dir = folder / "sites"
    sites_dir.mkdir()
    site_files(sites_dir, copies)
    rooms = [Newsroom(day=1, port=0, size=size).start() for _ in range(copies)]
    server = RedisServer(folder).start()
    walls: dict[str, float] = {}
    try:
        origins = {f"{name}_{copy}": origin for copy, room in enumerate(rooms, 1) for name, origin in room.origins.items()}
        walls["one process"] = nightly(folder / "alone.db", origins, sites_dir, delay, folder / "alone.log")
        print(f"  one machine, one Scrapy process: {walls['one process']:.1f} s", flush=True)
        for count in (1, 2, 4):
            work = folder / f"workers-{count}"
            work.mkdir()
            with Workers(server.url, work).start(count):
                walls[f"{count} workers"] = nightly(folder / f"spread-{count}.db", origins, sites_dir, delay,
                                                    folder / f"spread-{count}.log", server.url)
            print(f"  {count} worker(s): {walls[f'{count} workers']:.1f} s", flush=True)
    finally:
        server.stop()
        for room in rooms:
            room.stop()
    return walls


def writer_rates(folder: Path, count: int) -> tuple[float, float]:
    items = snapshots(count)
    site = load_sites(origins={"bankfax": ORIGIN})["bankfax"]
    # Straight into the archive, as a crawl on its own writes.
    db = open_archive(folder / "straight.db")
    writer = ArchiveWriter(db)
    writer.save_sites([site])
    start = time.perf_counter()
    for item in items:
        write_item(writer, item)
    straight = count / (time.perf_counter() - start)
    db.close()
    # Through a full queue, as the night's writer writes.
    (folder / "writer").mkdir()
    server = RedisServer(folder / "writer").start()
    try:
        client = connect(server.url)
        keys = NightKeys("bench")
        client.hset(keys.night_key, "run_id", 1)
        queue = ItemQueue(client, keys)
        for item in items:
            queue.push(item_id(keys.night, item), item)
        db = open_archive(folder / "queued.db")
        ArchiveWriter(db).save_sites([site])
        night = NightWriter(db, start_run(db, {}, ["bankfax"]))
        start = time.perf_counter()
        while (raw := queue.take(timeout=0.1)) is not None:
            night.apply(*ItemQueue.read(raw))
            queue.done(raw)
        queued = count / (time.perf_counter() - start)
        db.close()
    finally:
        server.stop()
    return straight, queued


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=2, help="copies of the demo newsroom (3 sites each)")
    parser.add_argument("--size", type=int, default=8, help="articles a demo site shows on day 1")
    parser.add_argument("--delay", type=float, default=0.5, help="POLITE_DELAY, seconds between a site's requests")
    parser.add_argument("--items", type=int, default=300, help="snapshots for the writer's figure")
    args = parser.parse_args()
    print(machine())
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        print(f"Night of {3 * args.copies} demo sites ({args.size} articles each, polite, {args.delay} s apart):")
        walls = night_walls(folder, args.copies, args.size, args.delay)
        one = walls["1 workers"]
        for count in (2, 4):
            print(f"  {count} workers: {one / walls[f'{count} workers']:.2f}x as fast as 1 worker")
        for count in (1, 2, 4):
            print(f"  {count} worker(s): {walls[f'{count} workers'] / walls['one process']:.2f}x"
                  " the one-process night's wall time")
        straight, queued = writer_rates(folder, args.items)
        print(f"Writer, {args.items} snapshots: straight into the archive {straight:.0f} items/s;"
              f" from a full queue {queued:.0f} items/s ({queued / straight:.2f}x)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
