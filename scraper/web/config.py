"""datasette.yaml for Datasette 1.0, written from the plugin's settings.

Datasette 0.65 takes no settings from metadata.yml, so the plugin applies
them at startup (settings.py); the 1.0 alphas read settings only from
datasette.yaml. The canned queries come from the plugin on both (its
`canned_queries` hook), and titles and descriptions stay in metadata.yml.
A test checks the file in the repository is current:

    python -m scraper.web.config > datasette.yaml
"""

from __future__ import annotations

import yaml

from scraper.web.settings import SETTINGS

HEADER = (
    "# Datasette 1.0: datasette archive.db -m metadata.yml -c datasette.yaml\n"
    "# Written by `python -m scraper.web.config` from scraper/web/settings.py:\n"
    "# edit that, not this file.\n"
)


def config() -> dict:
    return {"settings": dict(SETTINGS)}


def render() -> str:
    return HEADER + yaml.safe_dump(config(), allow_unicode=True, sort_keys=False, width=100)


if __name__ == "__main__":
    print(render(), end="")
