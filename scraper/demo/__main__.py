"""`python -m scraper.demo serve --day 3 --port 8800`: run the demo newsroom.

Prints the sites' origins as one JSON line (the crawl's SITE_ORIGINS), then
serves until interrupted. Fault switches make the sites misbehave on a share
of requests; see the README, "The demo newsroom".
"""

from __future__ import annotations

import argparse
import json
import signal
import threading

from scraper.demo.faults import Faults
from scraper.demo.newsroom import SIZES, Newsroom
from scraper.demo.strict import Strict


def _share(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text}: a share of requests, from 0 to 1")
    return value


def _size(text: str) -> int:
    if text in SIZES:
        return SIZES[text]
    if text.isdigit() and int(text) > 0:
        return int(text)
    raise argparse.ArgumentTypeError(f"{text}: a number of articles, or one of {', '.join(SIZES)}")


def _day(text: str) -> int:
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise argparse.ArgumentTypeError(f"{text}: the newsroom's days start at 1")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m scraper.demo", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = main.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the demo sites on 127.0.0.1")
    serve.add_argument("--day", type=_day, default=1, help="the newsroom's day (1 = evening of 23 Aug 2022)")
    serve.add_argument("--port", type=int, default=8800,
                       help="bankfax's port; ngs22 and vestnik22 take the next two (0: any free ports)")
    serve.add_argument("--seed", type=int, default=1, help="content seed: the same seed serves the same bytes")
    serve.add_argument("--size", type=_size, default=SIZES["small"],
                       help=f"articles per site before day 1: a number or {', '.join(SIZES)} (default small = 40)")
    serve.add_argument("--per-day", type=int, help="new articles a day on every site (default: 8, 12 and 6)")
    serve.add_argument("--site", action="append", help="serve only this site (repeatable)")
    serve.add_argument("--verbose", action="store_true", help="log every request")
    faults = serve.add_argument_group("faults", "shares of requests (0 to 1) that meet each fault; all off by default")
    faults.add_argument("--errors", type=_share, default=0.0, help="answer 500 or 503")
    faults.add_argument("--slow", type=_share, default=0.0, help="answer after --slow-seconds")
    faults.add_argument("--slow-seconds", type=float, default=2.0)
    faults.add_argument("--timeouts", type=_share, default=0.0,
                        help="hold the request for --timeout-seconds, then close without answering")
    faults.add_argument("--timeout-seconds", type=float, default=60.0)
    faults.add_argument("--resets", type=_share, default=0.0, help="reset the connection (TCP RST)")
    faults.add_argument("--truncated", type=_share, default=0.0,
                        help="send half the body under a Content-Length for all of it, then close")
    faults.add_argument("--wrong-charset", type=_share, default=0.0,
                        help="HTML pages: declare utf-8 and send windows-1251, or the reverse")
    faults.add_argument("--huge", type=_share, default=0.0, help="HTML pages: ten times the usual size")
    faults.add_argument("--throttled", type=_share, default=0.0,
                        help="answer 429 Too Many Requests with Retry-After: --retry-after-seconds")
    faults.add_argument("--retry-after-seconds", type=int, default=2)
    faults.add_argument("--retry-after-date", action="store_true",
                        help="give Retry-After (on 429 and 503) as an HTTP date, not in seconds")
    faults.add_argument("--blocked", type=_share, default=0.0, help="answer with the site's 403 bot-block page")
    faults.add_argument("--block-agent", metavar="TEXT", help="always block a User-Agent containing TEXT")
    faults.add_argument("--block-after", type=int, metavar="N",
                        help="block every request after the first N (robots.txt aside), as a firewall turning on")
    faults.add_argument("--disallow", action="append", default=[], metavar="PATH",
                        help="add 'Disallow: PATH' to every site's robots.txt (repeatable)")
    faults.add_argument("--hang", action="append", default=[], metavar="TEXT",
                        help="hold every request whose address contains TEXT unanswered (repeatable)")
    strict = serve.add_argument_group("a strict site", "what a real site does to a crawler that comes too fast")
    strict.add_argument("--strict", action="store_true",
                        help="announce Crawl-delay in robots.txt; answer a client that comes too fast 429 with"
                             " Retry-After, and on bankfax its 403 bot-block page for a while")
    strict.add_argument("--crawl-delay", type=float, default=Strict.crawl_delay, metavar="SECONDS")
    strict.add_argument("--block-seconds", type=float, default=Strict.block_seconds, metavar="SECONDS",
                        help="how long bankfax blocks everyone once a client came too fast")
    return main


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    faults = Faults(
        errors=args.errors, slow=args.slow, slow_seconds=args.slow_seconds, timeouts=args.timeouts,
        timeout_seconds=args.timeout_seconds, resets=args.resets, truncated=args.truncated,
        wrong_charset=args.wrong_charset, huge=args.huge, blocked=args.blocked, throttled=args.throttled,
        retry_after_seconds=args.retry_after_seconds, retry_after_date=args.retry_after_date,
        block_agent=args.block_agent, block_after=args.block_after, disallow=tuple(args.disallow), hang=tuple(args.hang),
    )
    strict = Strict(crawl_delay=args.crawl_delay, block_seconds=args.block_seconds) if args.strict else None
    newsroom = Newsroom(
        day=args.day, seed=args.seed, size=args.size, port=args.port, verbose=args.verbose,
        faults=faults, sites=args.site, strict=strict, per_day=args.per_day,
    ).start()
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
