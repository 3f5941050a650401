"""Where the plugin's metadata.yml is, wherever the package is installed.

metadata.yml holds the titles, descriptions and labels (in Russian) of the
archive, its tables, columns and canned queries, its facets and sort
orders, and the accounts' setting. It travels inside the package
(`scraper/web/metadata.yml`), so that `regional-news serve` and
`regional-news demo` find it from any directory; a checkout also shows it
at its root, as a link to this one file.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

METADATA = Path(str(files("scraper.web") / "metadata.yml"))
