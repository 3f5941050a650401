"""Publishing the archive: the exact command, safe settings, Datasette 1.0's file, metadata."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import yaml
from datasette.app import Datasette

from scraper.web.config import render
from scraper.web.settings import SETTINGS
from scraper.web.metadata import METADATA
from tests.web.conftest import PROJECT, Client, metadata

DATASETTE = Path(sys.executable).parent / "datasette"


def test_the_documented_command_serves_search_by_word_form(archive):
    result = subprocess.run(
        [str(DATASETTE), str(archive), "-m", str(METADATA),
         "--get", "/archive/comments.json?_shape=array&_col=text&_search=" + quote("министры")],
        capture_output=True, text=True, timeout=120, cwd=PROJECT,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(row["text"] for row in yaml.safe_load(result.stdout)) == ["А министр где был?", "Министра в отставку!"]


def test_safe_settings_apply_without_any_option(client):
    settings = client.get("/-/settings.json").json()
    assert {key: settings[key] for key in SETTINGS} == SETTINGS
    assert settings["suggest_facets"] is False and settings["allow_download"] is False


def test_queries_run_under_the_archives_time_limit_not_datasettes_default(client):
    client.get("/-/settings.json")  # started
    # Every query reads this copy of the setting (Datasette 0.65), not the setting itself.
    assert client.datasette.sql_time_limit_ms == SETTINGS["sql_time_limit_ms"] == 3000


def test_sql_runs_on_the_servers_own_thread_unless_threads_are_asked_for(client, archive):
    assert client.get("/-/threads.json").json() == {"num_threads": 0, "threads": []}
    assert client.datasette.executor is None  # what Datasette's queries ask, not the setting
    assert client.rows("/archive.json?sql=" + quote("select count(*) as n from comments")) == [{"n": 10}]
    threaded = Client(Datasette([str(archive)], metadata=metadata(), settings={"num_sql_threads": 2}))
    assert threaded.get("/-/threads.json").json()["num_threads"] > 0
    assert threaded.datasette.executor is not None
    assert threaded.rows("/archive.json?sql=" + quote("select count(*) as n from comments")) == [{"n": 10}]


def test_a_setting_given_on_the_command_line_wins(archive):
    datasette = Datasette([str(archive)], metadata=metadata(), settings={"sql_time_limit_ms": 5000})
    settings = Client(datasette).get("/-/settings.json").json()
    assert settings["sql_time_limit_ms"] == 5000 and settings["suggest_facets"] is False


def test_the_archive_is_read_only_and_slow_sql_is_stopped(archive):
    client = Client(Datasette([str(archive)], metadata=metadata(), settings={"sql_time_limit_ms": 20}))
    response = client.get("/archive.json?sql=" + quote("delete from comments"))
    assert response.status_code == 400
    slow = "with recursive n(i) as (select 1 union all select i + 1 from n where i < 100000000) select count(*) from n"
    response = client.get("/archive.json?sql=" + quote(slow))
    assert response.status_code == 400 and "too long" in response.text
    assert client.rows("/archive.json?sql=" + quote("select count(*) as n from comments")) == [{"n": 10}]
    assert client.get("/archive.db").status_code in (403, 404)


def test_datasette_yaml_is_written_from_the_settings():
    assert (PROJECT / "datasette.yaml").read_text(encoding="utf-8") == render(), (
        "datasette.yaml is stale: python -m scraper.web.config > datasette.yaml"
    )
    config = yaml.safe_load((PROJECT / "datasette.yaml").read_text(encoding="utf-8"))
    assert config == {"settings": SETTINGS}  # the queries come from the plugin, titles from metadata.yml


def test_metadata_says_what_the_archive_is_and_how_tables_read():
    data = metadata()
    for key in ("title", "description_html", "license", "source", "source_url"):
        assert data.get(key), key
    tables = data["databases"]["archive"]["tables"]
    assert tables["articles"]["sort_desc"] == "published_at"
    assert tables["comments"]["sort_desc"] == "published_at"
    assert tables["articles"]["facets"] == ["site", "section", {"array": "tags"}, {"month": "published_local"}]
    assert {t: tables[t].get("label_column") for t in ("articles", "comments", "tags", "sites", "pages")} == {
        "articles": "title", "comments": "text", "tags": "name", "sites": "title", "pages": "url",
    }
    assert tables["_sqlite_migrations"]["hidden"] is True


def test_facets_by_site_section_tag_and_month(client):
    data = client.get("/archive/articles.json?_extra=facet_results").json()
    facets = data["facet_results"]
    facets = facets.get("results", facets)

    def counts(name):
        return {item["value"]: item["count"] for item in facets[name]["results"]}

    assert counts("site") == {"bankfax": 3, "altapress": 1}
    assert counts("section") == {"Власть": 2, "Медицина": 1, "Экономика": 1}
    assert counts("tags") == {"власть": 2, "здоровье": 2, "банки": 1}
    assert counts("published_local") == {"2022-08": 3, "2022-07": 1}
    july = [item for item in facets["published_local"]["results"] if item["value"] == "2022-07"][0]
    assert "published_local__startswith=2022-07" in july["toggle_url"]
    rows = client.rows("/archive/articles.json?published_local__startswith=2022-07&_col=title")
    assert [row["title"] for row in rows] == ["Администрация Барнаула сменила главу"]


def test_search_and_facets_together(client):
    rows = client.rows("/archive/articles.json?_search=" + quote("ставкам") + "&_col=title")
    assert sorted(row["title"] for row in rows) == ["Министерство здравоохранения отчиталось", "Ставки по кредитам выросли"]
    rows = client.rows("/archive/articles.json?_search=" + quote("ставкам") + "&site=altapress&_col=title")
    assert [row["title"] for row in rows] == ["Ставки по кредитам выросли"]


def test_articles_and_comments_pages_offer_the_ranked_search(client):
    html = client.get("/archive/comments").text
    assert 'href="/archive/-/search"' in html and "Поиск с выделением найденных слов" in html


def test_every_table_page_renders(client):
    names = asyncio.run(client.datasette.get_database("archive").table_names())
    for name in names:
        assert client.get(f"/archive/{name}").status_code == 200, name


def test_an_archive_not_yet_upgraded_still_searches_and_says_so(tmp_path):
    old = tmp_path / "archive.db"
    shutil.copy(PROJECT / "tests/fixtures/archives/first_schema.db", old)
    client = Client(Datasette([str(old)], metadata=metadata()))
    # Its index holds raw words: Datasette's own reading of the query applies.
    assert [r["text"] for r in client.rows("/archive/comments.json?_col=text&_search=" + quote("простолюдины"))] == [
        "Мы ведь простолюдины."
    ]
    html = client.get("/archive/-/search?q=" + quote("простолюдины")).text
    assert "старше поиска по формам слова" in html
