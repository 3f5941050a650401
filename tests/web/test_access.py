"""With accounts on, the archive is the newsroom's: anonymous visitors get nothing but the sign-in page."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import quote

import pytest
from datasette.app import Datasette
from datasette_auth_passwords.utils import hash_password

from tests.web.conftest import metadata

PASSWORD = "сквер-2022"
# One request of every kind a reader makes.
PAGES = [
    "/",
    "/archive",
    "/archive/-/search?q=" + quote("врач"),
    "/-/search?q=" + quote("врач"),
    "/archive/-/article/1",
    "/archive/-/commenter?name=" + quote("Марина"),
    "/archive/-/search.atom?q=" + quote("врач"),
    "/archive/comments",
    "/archive/comments/5",
    "/archive/comments.json?_search=" + quote("министр"),
    "/archive/comment_versions.json",
    "/archive/new_since_last_run?run=",
    "/archive.json?sql=" + quote("select text from comment_versions"),
    "/archive/-/page/1",
]


@pytest.fixture(scope="module")
def newsroom(archive):
    data = metadata()
    data["plugins"] = {"datasette-auth-passwords": {"editor_password_hash": hash_password(PASSWORD)}}
    datasette = Datasette([str(archive)], metadata=data)
    asyncio.run(datasette.invoke_startup())
    return datasette


def get(datasette, path, cookies=None, follow=False):
    return asyncio.run(datasette.client.get(path, cookies=cookies or {}, follow_redirects=follow))


@pytest.mark.parametrize("path", PAGES)
def test_an_anonymous_visitor_is_refused_every_page(newsroom, path):
    response = get(newsroom, path)
    assert response.status_code in (302, 403), (path, response.status_code)
    if response.status_code == 302:
        assert response.headers["location"] == "/-/login"
    assert "Сибиряк" not in response.text and "врач" not in response.text.lower()


def test_programs_get_a_refusal_and_browsers_the_sign_in_page(newsroom):
    assert get(newsroom, "/archive/comments.json").status_code == 403
    assert get(newsroom, "/archive/-/search.atom?q=x").status_code == 403
    assert get(newsroom, "/archive/-/page/1").status_code == 403
    page = get(newsroom, "/-/login")
    assert page.status_code == 200
    assert "Вход" in page.text and "Пароль" in page.text and "Password" not in page.text


@pytest.mark.parametrize("path", PAGES)
def test_signed_in_staff_read_every_page(newsroom, path):
    cookie = {"ds_actor": newsroom.sign({"a": {"id": "editor"}}, "actor")}
    response = get(newsroom, path, cookies=cookie, follow=True)  # /-/search goes on to the archive's search page
    assert response.status_code == 200, (path, response.status_code, response.text[:300])


def test_the_sign_in_form_signs_in_with_the_password(newsroom):
    async def sign_in(password):
        form = await newsroom.client.get("/-/login")
        token = re.search(r'name="csrftoken" value="([^"]+)"', form.text).group(1)
        response = await newsroom.client.post(
            "/-/login", data={"username": "editor", "password": password, "csrftoken": token},
            cookies={"ds_csrftoken": form.cookies["ds_csrftoken"]},
        )
        return response

    wrong = asyncio.run(sign_in("не тот"))
    assert wrong.status_code == 200 and "Неверное имя или пароль" in wrong.text
    right = asyncio.run(sign_in(PASSWORD))
    assert right.status_code == 302 and "ds_actor" in right.cookies
    page = get(newsroom, "/archive/-/article/1", cookies={"ds_actor": right.cookies["ds_actor"]})
    assert page.status_code == 200 and "Врачи массово уходят" in page.text


def test_without_accounts_the_archive_is_open_and_offers_no_sign_in(client):
    response = client.get("/archive/-/article/1")
    assert response.status_code == 200 and "/-/login" not in response.text


def test_the_shipped_metadata_closes_the_archive_when_the_newsrooms_hash_is_set(archive, monkeypatch):
    datasette = Datasette([str(archive)], metadata=metadata())
    assert get(datasette, "/archive/-/article/1").status_code == 200  # unset: open
    monkeypatch.setenv("NEWSROOM_PASSWORD_HASH", hash_password(PASSWORD))
    assert get(datasette, "/archive/-/article/1").headers["location"] == "/-/login"
    assert get(datasette, "/archive/comments.json").status_code == 403
    cookie = {"ds_actor": datasette.sign({"a": {"id": "newsroom"}}, "actor")}
    assert get(datasette, "/archive/-/article/1", cookies=cookie).status_code == 200


def test_signing_out_says_so_in_russian(newsroom):
    async def sign_out():
        cookie = {"ds_actor": newsroom.sign({"a": {"id": "editor"}}, "actor")}
        page = await newsroom.client.get("/-/logout", cookies=cookie)
        assert "Выйти" in page.text and "Log out" not in page.text
        token = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)
        response = await newsroom.client.post(
            "/-/logout", data={"csrftoken": token}, cookies={**cookie, "ds_csrftoken": page.cookies["ds_csrftoken"]},
        )
        return await newsroom.client.get("/-/login", cookies={"ds_messages": response.cookies["ds_messages"]})

    page = asyncio.run(sign_out())
    assert "Вы вышли из архива" in page.text and "logged out" not in page.text


def test_a_table_the_metadata_closes_stays_closed_request_after_request(archive):
    # What metadata.yml allows of each table is read once; every request is
    # still checked against its own visitor.
    data = metadata()
    data["databases"]["archive"]["tables"]["pages"]["allow"] = {"id": "editor"}
    datasette = Datasette([str(archive)], metadata=data)
    editor = {"ds_actor": datasette.sign({"a": {"id": "editor"}}, "actor")}
    for _ in range(2):
        assert get(datasette, "/archive/pages").status_code == 403
        assert get(datasette, "/archive/pages", cookies=editor).status_code == 200
        assert get(datasette, "/archive/comments").status_code == 200
        assert 'href="/archive/pages"' not in get(datasette, "/archive").text
        assert 'href="/archive/pages"' in get(datasette, "/archive", cookies=editor).text
