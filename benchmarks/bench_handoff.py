"""Figures for handing items to the archive's writer process: what it costs the crawl's process.

    python benchmarks/bench_handoff.py [--articles 200] [--repeat 5] [--work 1.5]

Not a test (nothing here asserts a time). The crawl hands every article
snapshot to a writer process of its own (`scraper/archive/background.py`)
as the archive pipeline does: `write` from the event loop, the answer
awaited, several items under way at once. Here the writer does nothing with
them (a job that only answers), so what is measured is the hand-over alone,
in the crawl's process: pickling the item, the event loop writing it into
the pipe and reading the answer back. Between two items the loop spends `--work` ms of CPU of
its own, as a crawl reading pages does. Printed: the crawl process's CPU an
item beyond that work, against pickling the same item alone (the share no
design that sends the item to another process avoids).

The snapshots are demo bankfax articles read by the real profile, with their
comment threads and pages (as `bench_writes.py` builds them).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from collections import Counter
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_writes import snapshots  # noqa: E402
from common import machine  # noqa: E402

from scraper.archive.background import BackgroundWriter  # noqa: E402

UNDER_WAY = 8  # items handed over and not yet answered, as the crawl has them


def answer_only(writer, item, run_id=None) -> Counter:
    """A writer's job that writes nothing: the hand-over alone is measured."""
    return Counter(comments_new=len(item.comments))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of this process, not the writer's
    return usage.ru_utime + usage.ru_stime


def _busy(ms: float) -> None:
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass


async def _handed_over(items: list, work_ms: float, archive: Path) -> tuple[float, float]:
    """CPU and wall seconds an item, beyond `work_ms`, of handing `items` to a writer process."""
    writing = BackgroundWriter(archive)
    room = asyncio.Semaphore(UNDER_WAY)

    async def one(item) -> None:
        async with room:
            await writing.write(answer_only, item, 1)

    cpu, wall = _cpu(), time.perf_counter()
    under_way = []
    for item in items:
        _busy(work_ms)
        under_way.append(asyncio.ensure_future(one(item)))
        await asyncio.sleep(0)
    await asyncio.gather(*under_way)
    cpu, wall = _cpu() - cpu, time.perf_counter() - wall
    writing.close()
    own = work_ms / 1000 * len(items)
    return (cpu - own) / len(items), (wall - own) / len(items)


def _pickled(items: list) -> float:
    """CPU seconds an item of pickling it alone, as the hand-over pickles it (`Connection.send`)."""
    start = time.process_time()
    for item in items:
        ForkingPickler.dumps((0, answer_only, (item, 1)))
    return (time.process_time() - start) / len(items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5, help="turns; the median is reported")
    parser.add_argument("--work", type=float, default=1.5, help="ms of the crawl's own CPU between two items")
    args = parser.parse_args()
    print(machine())
    items = snapshots(args.articles)
    print(f"{len(items)} demo bankfax snapshots, {sum(len(s.comments) for s in items) / len(items):.1f} comments"
          f" and {sum(len(p.body) for s in items for p in s.pages) / len(items) / 1000:.0f} KB of page each;"
          f" {UNDER_WAY} under way at once; {args.work} ms of the crawl's own work between two items")
    handed, pickled = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for turn in range(args.repeat):
            handed.append(asyncio.run(_handed_over(items, args.work, Path(tmp) / f"archive{turn}.db")))
            pickled.append(_pickled(items))
    middle = args.repeat // 2
    cpu = sorted(c for c, _ in handed)[middle]
    wall = sorted(w for _, w in handed)[middle]
    alone = sorted(pickled)[middle]
    print(f"handing an item over, the crawl's process: {cpu * 1e6:5.0f} µs of CPU, {wall * 1e6:5.0f} µs of wall time"
          f" (turns: {', '.join(f'{c * 1e6:.0f}' for c, _ in handed)} µs of CPU)")
    print(f"of it, pickling the item alone:             {alone * 1e6:5.0f} µs of CPU ({alone / cpu:.0%})")


if __name__ == "__main__":
    main()
