"""The demo newsroom as a running thing: ports, clock, command, determinism, the seed article."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scraper.demo.newsroom import Newsroom, running
from scraper.demo.seed import FIRST_COMMENT_ID, SEED_ID, SEED_REPLIES, read_seed
from scraper.demo.timeline import clock
from tests.demo.reader import Seen, SiteReader
from tests.demo.test_faults import get

PROJECT = Path(__file__).resolve().parents[2]
# A page of every kind each site serves.
PAGES = {
    "bankfax": ["/", "/news/?page=2", f"/news/{SEED_ID}/", "/rss.xml", "/calendar/2022/8/22/", "/robots.txt"],
    "ngs22": ["/", "/text/?page=2", "/text/rss.xml", "/rss-feeds/rss.xml", "/api/v1/comments/?articleId=71500962&page=1"],
    "vestnik22": ["/", "/sitemap.xml", "/sitemap/news-2022-08.xml"],
}


def test_each_site_on_its_own_port_of_127_0_0_1_with_the_newsrooms_clock():
    with running(day=3, port=0) as room:
        assert list(room.origins) == ["bankfax", "ngs22", "vestnik22"]
        ports = set()
        for name, origin in room.origins.items():
            address = urlsplit(origin)
            assert address.hostname == "127.0.0.1"
            ports.add(address.port)
            answer = get(origin, "/")
            assert answer.status == 200
            assert parsedate_to_datetime(answer.headers["date"]) == clock(3)
        assert len(ports) == 3
        room.day = 4  # moving the day on while serving
        assert parsedate_to_datetime(get(room.origins["ngs22"], "/").headers["date"]) == clock(4)


def test_the_newsroom_has_no_day_before_the_first():
    with pytest.raises(ValueError, match="days start at 1"):
        Newsroom(day=0)


def _three_free_ports() -> int:
    """The first of three consecutive free ports: both runs below serve from them."""
    for start in range(21000, 60000, 997):
        try:
            taken = [socket.create_server(("127.0.0.1", start + k)) for k in range(3)]
        except OSError:
            continue
        for s in taken:
            s.close()
        return start
    raise AssertionError("no three consecutive free ports")


def _bodies(seed: int, port: int) -> dict[tuple[str, str], bytes]:
    """A page of every kind, and the newest and oldest article, of each site on day 2."""
    found = {}
    with running(day=2, seed=seed, port=port) as room:
        for name, paths in PAGES.items():
            reader = SiteReader(room.origins, name)
            urls = reader.articles()
            for path in [*paths, urlsplit(urls[0]).path, urlsplit(urls[-1]).path]:
                answer = reader.get(path)
                assert answer.status == 200, (name, path)
                found[name, path] = answer.body
            reader.close()
    return found


def test_the_same_seed_serves_byte_identical_pages():
    port = _three_free_ports()
    first = _bodies(7, port)
    assert _bodies(7, port) == first
    other = _bodies(8, port)
    assert other[("bankfax", "/news/?page=2")] != first[("bankfax", "/news/?page=2")]
    assert other[("ngs22", "/")] != first[("ngs22", "/")]
    assert other[("bankfax", f"/news/{SEED_ID}/")] == first[("bankfax", f"/news/{SEED_ID}/")]  # the seed stays


@pytest.mark.parametrize("day", [1, 2, 5, 30, 400])
def test_the_seed_article_and_its_18_comments_are_the_same_on_every_day(day):
    paragraphs, credit, seed_comments = read_seed()
    with running(day=day, port=0, sites=["bankfax"]) as room:
        reader = SiteReader(room.origins, "bankfax")
        seen = reader.read(f"{room.origins['bankfax']}/news/{SEED_ID}/")
    assert isinstance(seen, Seen)
    assert seen.article.body.split("\n\n") == paragraphs
    assert [image.credit for image in seen.article.images] == [credit]
    assert seen.article.published.raw == "22.08.2022 16:21"
    assert [c.posted.raw for c in seen.comments] == [stamp for stamp, _ in seed_comments]
    assert [c.text for c in seen.comments] == ["\n".join(lines) or None for _, lines in seed_comments]
    assert [c.parent_id for c in seen.comments] == [
        str(FIRST_COMMENT_ID + SEED_REPLIES[n] * 3) if n in SEED_REPLIES else None for n in range(1, 19)
    ]


def test_serve_command_prints_origins_and_stops_on_sigterm():
    command = [sys.executable, "-m", "scraper.demo", "serve", "--port", "0", "--day", "2", "--size", "12",
               "--errors", "0", "--disallow", "/private/"]
    server = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        origins = json.loads(server.stdout.readline())
        assert set(origins) == {"bankfax", "ngs22", "vestnik22"}
        answer = get(origins["bankfax"], "/")
        assert answer.status == 200 and parsedate_to_datetime(answer.headers["date"]) == clock(2)
        assert "Disallow: /private/" in get(origins["vestnik22"], "/robots.txt").body.decode()
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0


@pytest.mark.parametrize("arguments", [["--day", "0"], ["--errors", "1.5"], ["--size", "lots"]])
def test_serve_command_refuses_bad_arguments(arguments):
    result = subprocess.run([sys.executable, "-m", "scraper.demo", "serve", *arguments], cwd=PROJECT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "error:" in result.stderr
