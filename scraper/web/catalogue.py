"""Keeping the catalogues in step with the code, templates and metadata.yml.

    python -m scraper.web.catalogue

adds to `locale/ru.po` every interface text of the plugin (its Python code
and templates, read by Babel's extractors) and to `locale/en.po` every
title, description and label of metadata.yml, each without a translation,
and drops entries nothing uses any more; translations already written are
kept. It prints what still needs translating; a test fails while anything
does.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from scraper.web.language import catalogue_path

WEB = Path(__file__).resolve().parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "N_plural": (1, 2)}
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]


def interface_texts() -> dict[str | tuple[str, str], list[tuple[str, int]]]:
    """Every text the plugin's code and templates show, with where it is."""
    found: dict = {}
    for filename, lineno, message, _, _ in extract_from_dir(str(WEB), METHODS, keywords=KEYWORDS):
        if message:
            found.setdefault(message, []).append((filename, lineno))
    return found


def metadata_texts(metadata_path: Path) -> list[str]:
    """Every title, description and label of metadata.yml."""
    metadata = yaml.safe_load(metadata_path.read_text(encoding="utf-8"))
    texts = [metadata.get(k) for k in ("title", "description_html", "license")]
    for database in (metadata.get("databases") or {}).values():
        texts.append(database.get("title"))
        for about in list((database.get("tables") or {}).values()) + list((database.get("queries") or {}).values()):
            texts += [about.get("title"), about.get("description"), about.get("description_html")]
            texts += list((about.get("columns") or {}).values()) + list((about.get("labels") or {}).values())
    return list(dict.fromkeys(t for t in texts if t))


def read(language: str) -> Catalog:
    with catalogue_path(language).open("rb") as po:
        return read_po(po, locale=language)


def update(language: str, wanted) -> list:
    """Bring one catalogue to exactly `wanted`; returns the texts without a translation."""
    old = read(language)
    new = Catalog(locale=language, project="regional-news-archive", fuzzy=False)
    for message in wanted:
        key = message[0] if isinstance(message, tuple) else message
        known = old.get(key)
        new.add(message, known.string if known else ("", "", "") if isinstance(message, tuple) else "",
                locations=wanted[message] if isinstance(wanted, dict) else ())
    with open(str(catalogue_path(language)), "wb") as po:
        write_po(po, new, width=100, sort_output=True, omit_header=False, include_lineno=False)
    return missing(new)


def missing(catalog: Catalog) -> list:
    gaps = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            gaps.append(message.id)
    return gaps


def main() -> None:
    from scraper.web.metadata import METADATA

    for language, wanted in (("ru", interface_texts()), ("en", metadata_texts(METADATA))):
        gaps = update(language, wanted)
        print(f"{language}.po: {len(wanted)} texts, {len(gaps)} without a translation")
        for gap in gaps:
            print("   ", gap)


if __name__ == "__main__":
    main()
