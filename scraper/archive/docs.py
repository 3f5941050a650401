"""The README's table reference, written from metadata.yml.

metadata.yml holds the one description of every table and column (Datasette
shows it); the README's section "The archive's tables" is this module's
output, and a test checks the two agree:

    python -m scraper.archive.docs > /tmp/tables.md
"""

from __future__ import annotations

from pathlib import Path

import yaml

METADATA = Path(__file__).resolve().parents[2] / "metadata.yml"


def tables_markdown(metadata_path: Path = METADATA) -> str:
    metadata = yaml.safe_load(metadata_path.read_text(encoding="utf-8"))
    out = []
    for table, meta in metadata["databases"]["archive"]["tables"].items():
        if "columns" not in meta:
            continue
        out.append(f"### `{table}`\n\n{meta['description']}\n\n| column | meaning |\n|---|---|")
        out += [f"| `{column}` | {text} |" for column, text in meta["columns"].items()]
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(tables_markdown())
