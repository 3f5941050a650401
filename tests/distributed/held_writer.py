"""The archive host's nightly, held right after its N-th item is in the archive and before it leaves the queue.

    python -m tests.distributed.held_writer N NIGHTLY-ARGUMENTS...

Prints "held" when it is there, then waits for the SIGKILL that the test
sends: the worst moment for a writer to die (written, not yet taken off the
queue), told exactly.
"""

from __future__ import annotations

import sys
import time

from scraper import cli
from scraper.distributed import queue
from tests.reliability.forker import _die_with_parent


def main(at: int, argv: list[str]) -> int:
    _die_with_parent()
    done = queue.ItemQueue.done
    count = 0

    def held(self, raw: bytes) -> None:
        nonlocal count
        count += 1
        if count == at:
            print("held", flush=True)
            while True:  # until the SIGKILL
                time.sleep(60)
        done(self, raw)

    queue.ItemQueue.done = held
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), sys.argv[2:]))
