"""The package as a wheel, installed into a fresh virtualenv outside the checkout.

The wheel is built from the checkout's `scraper/` and `pyproject.toml` with
the setuptools already installed (nothing is downloaded), installed without
its dependencies into a new virtualenv in a temporary folder, and the
dependencies are taken from the test's own virtualenv (a `.pth` file names
its site-packages; the checkout's editable install is not among them). Every
command runs from a folder that holds no part of the checkout: the demo
(crawl and Datasette with the plugin), the nightly refresh, Datasette alone.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import sysconfig
import time
import urllib.parse
import urllib.request
import venv
from pathlib import Path

import pytest

from scraper.nightly import EXIT_OK

PROJECT = Path(__file__).resolve().parent.parent
DEPENDENCIES = sysconfig.get_paths()["purelib"]  # the test's virtualenv: everything the package depends on


class Installed:
    """A fresh virtualenv with the package installed from its wheel, and a folder to run it in."""

    def __init__(self, root: Path):
        self.venv = root / "venv"
        self.elsewhere = root / "elsewhere"  # no scrapy.cfg, no metadata.yml, no site files here

    def command(self, *args: str) -> list[str]:
        return [str(self.venv / "bin" / "regional-news"), *args]

    def python(self, code: str) -> str:
        return self.run([str(self.venv / "bin" / "python"), "-c", code]).stdout

    def run(self, command: list[str], **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(command, cwd=self.elsewhere, env=clean_environment(), capture_output=True, text=True,
                              timeout=600, **kwargs)


def clean_environment() -> dict[str, str]:
    """This environment without what would point Python or Scrapy at the checkout."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SCRAPY_SETTINGS_MODULE", "VIRTUAL_ENV")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    root = tmp_path_factory.mktemp("package")
    source = root / "source"
    shutil.copytree(PROJECT / "scraper", source / "scraper", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-index", "--no-build-isolation", "--wheel-dir",
                    str(root / "dist"), str(source)], check=True, capture_output=True, timeout=600)
    (wheel,) = (root / "dist").glob("regional_news_archive-*.whl")
    here = Installed(root)
    venv.create(here.venv, with_pip=False)
    subprocess.run([*pip, "--python", str(here.venv / "bin" / "python"), "install", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True, timeout=600)
    purelib = subprocess.run(
        [str(here.venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True, env=clean_environment(),
    ).stdout.strip()
    (Path(purelib) / "dependencies.pth").write_text(DEPENDENCIES + "\n", encoding="utf-8")
    here.elsewhere.mkdir()
    return here


def test_the_package_comes_from_the_wheel_and_the_product_needs_no_demo(installed):
    found = json.loads(installed.python(
        "import json, sys\n"
        "import scraper, scraper.cli, scraper.nightly, scraper.reparse, scraper.settings, scraper.web\n"
        "import scraper.spiders.regional_news, scraper.pipelines.archive, scraper.pipelines.quality, scraper.extensions\n"
        "print(json.dumps([scraper.__file__, sorted(m for m in sys.modules if m.startswith('scraper.demo'))]))"
    ))
    assert found[0].startswith(str(installed.venv)), found[0]
    assert found[1] == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.read().decode("utf-8")


@pytest.mark.timeout(600)  # the demo's whole crawl, ngs22's comments pages rendered in Chromium
def test_demo_crawls_serves_the_archive_and_leaves_nothing_running(installed):
    port = _free_port()
    archive = installed.elsewhere / "demo.db"
    demo = subprocess.Popen(
        installed.command("demo", "--archive", str(archive), "--port", str(port), "--newsroom-port", "0"),
        cwd=installed.elsewhere, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env=clean_environment(),
    )
    try:
        lines = []
        for line in demo.stdout:
            lines.append(line)
            if line.startswith("Serving"):
                break
        assert lines and lines[-1].startswith("Serving"), lines
        origins = json.loads(lines[0].removeprefix("Demo newsroom: "))
        assert set(origins) == {"bankfax", "ngs22", "vestnik22"}
        query = urllib.parse.urlencode({"_search": "простолюдины", "_shape": "array", "_col": "text"})
        deadline = time.monotonic() + 120
        while not _answers(port) and time.monotonic() < deadline:  # Datasette takes a moment to start
            time.sleep(0.1)
        found = json.loads(_get(f"http://127.0.0.1:{port}/archive/comments.json?{query}"))
        # Under the seed article on bankfax, and under the seed-like one on ngs22, read through the browser.
        assert [row["text"] for row in found] == ["Мы ведь простолюдины."] * 2
    finally:
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=30)
    # Datasette and the newsroom stop with the command: no orphan servers.
    assert not _answers(port)
    for origin in origins.values():
        assert not _answers(int(origin.rsplit(":", 1)[1]))


def test_nightly_refresh_from_the_wheel(installed, bankfax):
    archive = installed.elsewhere / "nightly.db"
    result = installed.run(installed.command(
        "nightly", "--archive", str(archive), "--log", "logs/nightly.log",
        "-s", f"SITE_ORIGINS={json.dumps(bankfax.origins)}", "-s", "POLITE=False",
    ))
    assert result.returncode == EXIT_OK, result.stderr
    assert "run 1: ok" in result.stdout and "articles 41 new" in result.stdout
    assert "Spider closed (finished)" in (installed.elsewhere / "logs" / "nightly.log").read_text(encoding="utf-8")
    with sqlite3.connect(archive) as db:
        assert db.execute("SELECT status, articles_new FROM crawl_runs").fetchall() == [("ok", 41)]


def test_datasette_serves_the_archive_with_the_plugin_from_the_wheel(installed, bankfax):
    archive = installed.elsewhere / "served" / "archive.db"  # Datasette names the database after the file
    archive.parent.mkdir()
    crawled = installed.run(installed.command(
        "nightly", "--archive", str(archive), "--log", "logs/served.log",
        "-s", f"SITE_ORIGINS={json.dumps(bankfax.origins)}", "-s", "POLITE=False",
    ))
    assert crawled.returncode == EXIT_OK, crawled.stderr
    port = _free_port()
    serving = subprocess.Popen(
        installed.command("serve", "--archive", str(archive), "--port", str(port),
                          "--", "--setting", "sql_time_limit_ms", "2500"),
        cwd=installed.elsewhere, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env=clean_environment(),
    )
    try:
        assert serving.stdout.readline().startswith(f"Serving {archive} on http://127.0.0.1:{port}/")
        deadline = time.monotonic() + 120
        while not _answers(port) and time.monotonic() < deadline:  # Datasette takes a moment to start
            time.sleep(0.1)
        home = _get(f"http://127.0.0.1:{port}/")
        css = _get(f"http://127.0.0.1:{port}/-/static-plugins/regional-news-archive/regional_news.css")
        queries = json.loads(_get(f"http://127.0.0.1:{port}/archive.json"))["queries"]
        settings = json.loads(_get(f"http://127.0.0.1:{port}/-/settings.json"))
    finally:
        serving.send_signal(signal.SIGTERM)
        serving.wait(timeout=30)
    assert "regional_news.css" in home  # the plugin's stylesheet, from the package's static/
    assert ".rn-" in css
    # Canned queries from the plugin, their titles from the packaged metadata.yml.
    assert {"search", "most_discussed"} <= {query["name"] for query in queries}
    assert settings["sql_time_limit_ms"] == 2500  # options after `--` go to datasette serve
    assert not _answers(port)
