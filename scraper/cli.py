"""`regional-news`: the project's commands for people, not for Scrapy.

    regional-news demo      start the demo newsroom, crawl it into archive.db,
                            and serve the archive with Datasette on 127.0.0.1
    regional-news nightly   the refresh cron runs: every site, one at a time,
                            logged to a rotating file, judged by its run record
    regional-news worker    take sites' crawls from a night spread over machines
                            (the archive host's nightly with --redis queues them)
    regional-news reparse   re-read archived articles from their stored raw
                            pages with the current profiles (after a fix)
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from scraper import nightly
from scraper.demo.newsroom import Newsroom

PROJECT = Path(__file__).resolve().parent.parent


def crawl_command(archive: str, origins: dict[str, str], *extra: str, polite: bool = False) -> list[str]:
    """The `scrapy crawl regional_news` command line for these sites.

    Made for the demo newsroom, which is ours: politeness is off (`POLITE`),
    explicitly, unless `polite` asks to crawl it as a real site.
    """
    return [
        sys.executable, "-m", "scrapy", "crawl", "regional_news",
        "-s", f"ARCHIVE_PATH={archive}",
        "-s", f"SITE_ORIGINS={json.dumps(origins)}",
        "-s", f"POLITE={polite}",
        *extra,
    ]


class Stopped(Exception):
    """SIGTERM, handled like Ctrl-C so that nothing is left running."""


def _stop(signum: int, frame: object) -> None:
    raise Stopped()


def _run_child(command: list[str]) -> int:
    """Run a child process; when we are stopped, stop it too (no orphan servers)."""
    child = subprocess.Popen(command, cwd=PROJECT)
    try:
        return child.wait()
    except (KeyboardInterrupt, Stopped):
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        raise


def demo(args: argparse.Namespace) -> int:
    previous = signal.signal(signal.SIGTERM, _stop)
    newsroom = Newsroom(day=args.day, port=args.newsroom_port).start()
    try:
        print(f"Demo newsroom: {json.dumps(newsroom.origins)}", flush=True)
        crawled = _run_child(crawl_command(args.archive, newsroom.origins))
        if crawled or args.no_serve:
            return crawled
        print(f"Serving {args.archive} on http://127.0.0.1:{args.port}/ (Ctrl-C to stop)", flush=True)
        return _run_child([
            sys.executable, "-m", "datasette", "serve", args.archive,
            "-m", str(PROJECT / "metadata.yml"), "-h", "127.0.0.1", "-p", str(args.port),
        ])
    except (KeyboardInterrupt, Stopped):
        return 0
    finally:
        newsroom.stop()
        signal.signal(signal.SIGTERM, previous)


def _redis_url(args: argparse.Namespace) -> str:
    """The queue server: --redis, else a `-s REDIS_URL=...`, else the REDIS_URL environment variable."""
    given = [value.partition("=")[2] for value in args.setting if value.partition("=")[0] == "REDIS_URL"]
    return args.redis or (given[-1] if given else "") or os.environ.get("REDIS_URL", "")


def run_nightly(args: argparse.Namespace) -> int:
    redis_url = _redis_url(args)
    if redis_url:  # the night spread over workers; this machine writes the archive
        from scraper.distributed.night import NightOrder, run_night

        arguments = dict(value.partition("=")[::2] for value in args.argument)
        settings = [value for value in args.setting if value.partition("=")[0] != "REDIS_URL"]
        order = NightOrder(Path(args.archive).resolve(), redis_url, arguments, settings)
        return nightly.main_exit(run_night(order, Path(args.log).resolve(), args.log_bytes))
    extra = [option for value in args.argument for option in ("-a", value)]
    extra += [option for value in args.setting for option in ("-s", value)]
    archive = Path(args.archive).resolve()
    command = [sys.executable, "-m", "scrapy", "crawl", "regional_news", "-s", f"ARCHIVE_PATH={archive}", *extra]
    outcome = nightly.run_nightly(command, archive, Path(args.log).resolve(), PROJECT, args.log_bytes)
    return nightly.main_exit(outcome)


def run_worker(args: argparse.Namespace) -> int:
    from rq import Queue, Worker

    from scraper.distributed.jobs import warm
    from scraper.distributed.keys import QUEUE, connect

    redis_url = _redis_url(args)
    if not redis_url:
        print("regional-news worker: no queue server: give --redis URL or set REDIS_URL", file=sys.stderr)
        return nightly.EXIT_REFUSED
    warm()
    client = connect(redis_url)
    worker = Worker([Queue(QUEUE, connection=client)], connection=client)
    worker.work(burst=args.burst, logging_level="INFO")
    return 0


def run_reparse(args: argparse.Namespace) -> int:
    from scraper.archive import open_archive
    from scraper.reparse import archived_sites, reparse

    db = open_archive(args.archive)
    counts = reparse(db, archived_sites(db, args.sites_dir), args.site or None)
    print(
        f"re-parsed {counts['articles_reparsed'] + counts['articles_unchanged']} articles:"
        f" {counts['articles_reparsed']} corrected, {counts['comments_new']} comments found anew,"
        f" {counts['errors']} without a stored page"
    )
    return 1 if counts["errors"] else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="regional-news", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run_demo = commands.add_parser("demo", help="crawl the demo newsroom and serve the archive")
    run_demo.add_argument("--archive", default=os.environ.get("ARCHIVE_PATH", "archive.db"))
    run_demo.add_argument("--day", type=int, default=1, help="the newsroom's day")
    run_demo.add_argument("--port", type=int, default=8001, help="Datasette's port")
    run_demo.add_argument("--newsroom-port", type=int, default=8800, help="the demo sites' first port")
    run_demo.add_argument("--no-serve", action="store_true", help="crawl only")
    run_demo.set_defaults(handler=demo)
    refresh = commands.add_parser("nightly", help="the nightly refresh (for cron)")
    refresh.add_argument("--archive", default=os.environ.get("ARCHIVE_PATH", "archive.db"))
    refresh.add_argument("--log", default="logs/nightly.log", help="log file (rotated, 5 kept)")
    refresh.add_argument("--log-bytes", type=int, default=nightly.LOG_BYTES, help="rotate the log at this size")
    refresh.add_argument("-a", dest="argument", action="append", default=[], metavar="NAME=VALUE",
                         help="spider argument, as for scrapy crawl (e.g. -a site=bankfax)")
    refresh.add_argument("-s", dest="setting", action="append", default=[], metavar="NAME=VALUE",
                         help="Scrapy setting, as for scrapy crawl")
    refresh.add_argument("--redis", default="", metavar="URL",
                         help="spread the night over workers through this Redis server (or set REDIS_URL)")
    refresh.set_defaults(handler=run_nightly)
    work = commands.add_parser("worker", help="crawl sites for nights spread over machines")
    work.add_argument("--redis", default="", metavar="URL", help="the queue server (or set REDIS_URL)")
    work.add_argument("-s", dest="setting", action="append", default=[], metavar="NAME=VALUE",
                      help=argparse.SUPPRESS)
    work.add_argument("--burst", action="store_true", help="stop once the queue is empty")
    work.set_defaults(handler=run_worker)
    again = commands.add_parser("reparse", help="re-read archived pages with the current profiles")
    again.add_argument("--archive", default=os.environ.get("ARCHIVE_PATH", "archive.db"))
    again.add_argument("--site", action="append", default=[], help="only this site (repeatable)")
    again.add_argument("--sites-dir", action="append", default=[], help="extra folder of site files")
    again.set_defaults(handler=run_reparse)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
