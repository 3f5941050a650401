"""`python -m scraper.demo serve --day 3 --port 8800`: run the demo newsroom."""

from __future__ import annotations

import argparse
import json
import signal
import threading

from scraper.demo.newsroom import SIZES, Newsroom


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m scraper.demo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the demo sites on 127.0.0.1")
    serve.add_argument("--day", type=int, default=1, help="the newsroom's day (1 = 23 Aug 2022)")
    serve.add_argument("--port", type=int, default=8800, help="first port; each further site takes the next (0: any free)")
    serve.add_argument("--seed", type=int, default=1, help="content seed: the same seed serves the same bytes")
    serve.add_argument("--size", default="small", help=f"articles per site before day 1: a number or {', '.join(SIZES)}")
    serve.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    size = SIZES.get(args.size) or int(args.size)
    newsroom = Newsroom(day=args.day, seed=args.seed, size=size, port=args.port, verbose=args.verbose).start()
    print(json.dumps(newsroom.origins), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    newsroom.stop()


if __name__ == "__main__":
    main()
