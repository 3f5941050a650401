"""`regional-news`: the project's commands for people, not for Scrapy.

    regional-news demo      start the demo newsroom, crawl it into archive.db,
                            and serve the archive with Datasette on 127.0.0.1
    regional-news nightly   the refresh cron runs: every site, one at a time,
                            logged to a rotating file, judged by its run record
    regional-news worker    take sites' crawls from a night spread over machines
                            (the archive host's nightly with --redis queues them)
    regional-news serve     serve an archive with Datasette and the plugin
    regional-news reparse   re-read archived articles from their stored raw
                            pages with the current profiles (after a fix)
    regional-news check-site  what a site file reads from a page (saved or
                            live), and what the drift check would say
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

# The crawl's settings module, named for every crawl these commands start:
# no scrapy.cfg is needed, so they run from any directory.
SETTINGS_MODULE = "scraper.settings"


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


def crawl_environment() -> dict[str, str]:
    """This process's environment with the crawl's settings module named."""
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE}


def datasette_command(
    archive: str, port: int, host: str = "127.0.0.1", metadata: str | None = None, *options: str
) -> list[str]:
    """`datasette serve` for an archive, with the plugin's metadata.yml (or `metadata`) and further `options`."""
    from scraper.web.metadata import METADATA

    return [
        sys.executable, "-m", "datasette", "serve", archive,
        "-m", metadata or str(METADATA), "-h", host, "-p", str(port), *options,
    ]


def _run_child(command: list[str]) -> int:
    """Run a child process; when we are stopped, stop it too (no orphan servers)."""
    child = subprocess.Popen(command, env=crawl_environment())
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
    from scraper.demo.newsroom import Newsroom  # the demo newsroom: only this command needs it

    previous = signal.signal(signal.SIGTERM, _stop)
    newsroom = Newsroom(day=args.day, port=args.newsroom_port).start()
    try:
        print(f"Demo newsroom: {json.dumps(newsroom.origins)}", flush=True)
        crawled = _run_child(crawl_command(args.archive, newsroom.origins))
        if crawled or args.no_serve:
            return crawled
        print(f"Serving {args.archive} on http://127.0.0.1:{args.port}/ (Ctrl-C to stop)", flush=True)
        return _run_child(datasette_command(args.archive, args.port))
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
    outcome = nightly.run_nightly(command, archive, Path(args.log).resolve(), crawl_environment(), args.log_bytes)
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
def serve(args: argparse.Namespace) -> int:
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        print(f"Serving {args.archive} on http://{args.host}:{args.port}/ (Ctrl-C to stop)", flush=True)
        options = args.options[1:] if args.options[:1] == ["--"] else args.options
        return _run_child(datasette_command(args.archive, args.port, args.host, args.metadata, *options))
    except (KeyboardInterrupt, Stopped):
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)


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


def run_check_site(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone
    from urllib.parse import urlsplit

    from scraper.check_site import read_file_pages, report
    from scraper.sample_cases import save_case
    from scraper.sites import load_sites

    overrides = dict(setting.split("=", 1) for setting in args.setting)
    origins = json.loads(overrides["SITE_ORIGINS"]) if "SITE_ORIGINS" in overrides else {}
    is_url = urlsplit(args.page).scheme in ("http", "https")
    sites = load_sites(args.sites_dir, origins)
    if args.site not in sites:
        print(f"check-site: unknown site {args.site!r}; known: {', '.join(sorted(sites))}", file=sys.stderr)
        return 2
    site = sites[args.site]
    if is_url and not site.owns(args.page):
        # The page given is the one to read: the site is read as if it lived there.
        parts = urlsplit(args.page)
        origins = {**origins, site.name: f"{parts.scheme}://{parts.netloc}"}
        overrides["SITE_ORIGINS"] = json.dumps(origins)
        site = load_sites(args.sites_dir, origins)[args.site]
        print(f"(site {site.name} read as living at {site.origin})")
    if is_url:
        from scraper.check_fetch import fetch_pages

        if args.comments_page:
            print("check-site: --comments-page is for saved pages; a live page's comments are fetched", file=sys.stderr)
            return 2
        pages = fetch_pages(site, args.page, overrides)
        if not pages:
            print(f"check-site: {args.page} could not be fetched (see the log above)", file=sys.stderr)
            return 1
    else:
        now = datetime.fromisoformat(args.now) if args.now else datetime.now(timezone.utc)
        url = args.url or (site.url("/") if site.origin else None)
        if not url:
            print(f"check-site: site {site.name} has no origin: give the page's address with --url", file=sys.stderr)
            return 2
        pages = read_file_pages(site, [Path(args.page), *map(Path, args.comments_page)], url, now)
    text, reading, alarms = report(site, pages)
    print(text, end="")
    if args.save:
        folder = Path(args.cases_dir) / site.name / args.save
        save_case(folder, pages, reading, note="Saved by regional-news check-site: check every field of"
                  " output.json against the pages by hand before committing it.")
        print(f"Saved the case to {folder}: check output.json against the pages, field by field.")
    return 1 if alarms else 0


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


    serving = commands.add_parser("serve", help="serve an archive with Datasette and the archive's plugin")
    serving.add_argument("--archive", default=os.environ.get("ARCHIVE_PATH", "archive.db"))
    serving.add_argument("--port", type=int, default=8001, help="Datasette's port")
    serving.add_argument("--host", default="127.0.0.1", help="the address to listen on")
    serving.add_argument("--metadata", help="a metadata.yml of your own (default: the one the package carries)")
    serving.add_argument("options", nargs=argparse.REMAINDER, metavar="-- OPTION",
                         help="after --, options for datasette serve (e.g. --setting base_url /news/)")
    serving.set_defaults(handler=serve)
    again = commands.add_parser("reparse", help="re-read archived pages with the current profiles")
    again.add_argument("--archive", default=os.environ.get("ARCHIVE_PATH", "archive.db"))
    again.add_argument("--site", action="append", default=[], help="only this site (repeatable)")
    again.add_argument("--sites-dir", action="append", default=[], help="extra folder of site files")
    again.set_defaults(handler=run_reparse)
    check = commands.add_parser("check-site", help="what a site file reads from a page, and what drift would say")
    check.add_argument("site", help="the site's name (its site file)")
    check.add_argument("page", help="a saved article page, or its live URL (fetched once, politely)")
    check.add_argument("--comments-page", action="append", default=[], metavar="FILE",
                       help="a saved further page of comments or API answer, in the order the crawl meets them")
    check.add_argument("--url", help="the address a saved page was fetched from (default: the site's origin)")
    check.add_argument("--now", help="the site's clock when a saved page was fetched (ISO 8601; default: now)")
    check.add_argument("--save", metavar="CASE", help="write the pages and their reading as a sample case")
    check.add_argument("--cases-dir", default=str(Path("tests") / "sites"),
                       help="where --save writes (default: tests/sites in the current folder, a checkout)")
    check.add_argument("--sites-dir", action="append", default=[], help="extra folder of site files")
    check.add_argument("-s", dest="setting", action="append", default=[], metavar="NAME=VALUE",
                       help="crawl setting for fetching a live page (e.g. -s CONTACT=…)")
    check.set_defaults(handler=run_check_site)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
