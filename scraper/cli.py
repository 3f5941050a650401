"""`regional-news`: the project's commands for people, not for Scrapy.

    regional-news demo    start the demo newsroom, crawl it into archive.db,
                          and serve the archive with Datasette on 127.0.0.1
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from scraper.demo.newsroom import Newsroom

PROJECT = Path(__file__).resolve().parent.parent


def crawl_command(archive: str, origins: dict[str, str], *extra: str) -> list[str]:
    """The `scrapy crawl regional_news` command line for these sites."""
    return [
        sys.executable, "-m", "scrapy", "crawl", "regional_news",
        "-s", f"ARCHIVE_PATH={archive}",
        "-s", f"SITE_ORIGINS={json.dumps(origins)}",
        *extra,
    ]


def demo(args: argparse.Namespace) -> int:
    newsroom = Newsroom(day=args.day, port=args.newsroom_port).start()
    try:
        print(f"Demo newsroom: {json.dumps(newsroom.origins)}", flush=True)
        crawl = subprocess.run(crawl_command(args.archive, newsroom.origins), cwd=PROJECT)
        if crawl.returncode:
            return crawl.returncode
        if args.no_serve:
            return 0
        print(f"Serving {args.archive} on http://127.0.0.1:{args.port}/ (Ctrl-C to stop)", flush=True)
        serve = [
            sys.executable, "-m", "datasette", "serve", args.archive,
            "-m", str(PROJECT / "metadata.yml"), "-h", "127.0.0.1", "-p", str(args.port),
        ]
        try:
            return subprocess.run(serve, cwd=PROJECT).returncode
        except KeyboardInterrupt:
            return 0
    finally:
        newsroom.stop()


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
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
