"""datasette.yaml for Datasette 1.0, written from metadata.yml and our settings.

Datasette 0.65 reads canned queries from metadata.yml; the 1.0 alphas read
them (and settings) only from datasette.yaml, and move the table options
(sort, facets, label columns) out of metadata.yml by themselves. metadata.yml
stays the one place queries are written; this module derives datasette.yaml
from it, and a test checks the file in the repository is current:

    python -m scraper.web.config > datasette.yaml
"""

from __future__ import annotations

from pathlib import Path

import yaml

from scraper.archive.docs import METADATA
from scraper.web.settings import SETTINGS

HEADER = (
    "# Datasette 1.0: datasette archive.db -m metadata.yml -c datasette.yaml\n"
    "# Written by `python -m scraper.web.config` from metadata.yml (its canned\n"
    "# queries) and scraper/web/settings.py: edit those, not this file.\n"
)


def config(metadata_path: Path = METADATA) -> dict:
    metadata = yaml.safe_load(metadata_path.read_text(encoding="utf-8"))
    databases = {
        name: {"queries": database["queries"]}
        for name, database in (metadata.get("databases") or {}).items()
        if database.get("queries")
    }
    return {"settings": dict(SETTINGS), "databases": databases}


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def render(metadata_path: Path = METADATA) -> str:
    body = yaml.dump(config(metadata_path), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return HEADER + body


if __name__ == "__main__":
    print(render(), end="")
