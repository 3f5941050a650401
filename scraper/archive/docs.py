"""The README's table reference, written from metadata.yml.

The plugin's metadata.yml holds the one description of every table and column (Datasette
shows it, in Russian); the README's section "The archive's tables" is this
module's output, in English through the plugin's English catalogue
(scraper/web/locale/en.po), and a test checks the two agree:

    python -m scraper.archive.docs > /tmp/tables.md
"""

from __future__ import annotations

from pathlib import Path

import yaml

from scraper.web.metadata import METADATA


def tables_markdown(metadata_path: Path = METADATA) -> str:
    from scraper.web.language import language

    english = language("en").gettext
    metadata = yaml.safe_load(metadata_path.read_text(encoding="utf-8"))
    out = []
    for table, meta in metadata["databases"]["archive"]["tables"].items():
        if "columns" not in meta:
            continue
        out.append(f"### `{table}`\n\n{english(meta['description'])}\n\n| column | meaning |\n|---|---|")
        out += [f"| `{column}` | {english(text)} |" for column, text in meta["columns"].items()]
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(tables_markdown())
