"""The README's "Project layout" names every module of the project, and only ones that exist."""

from __future__ import annotations

import re

from tests.conftest import PROJECT


def test_the_readme_s_layout_table_matches_the_project():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Project layout"):readme.index("## Libraries")]
    named = set(re.findall(r"`((?:scraper|benchmarks|tests)[\w/.]*)`", table))
    assert named and all((PROJECT / path).exists() for path in named), sorted(p for p in named if not (PROJECT / p).exists())
    modules = [path.relative_to(PROJECT).as_posix() for path in (PROJECT / "scraper").glob("*.py")
               if path.name != "__init__.py"]
    packages = [path.relative_to(PROJECT).as_posix() + "/" for path in (PROJECT / "scraper").iterdir()
                if (path / "__init__.py").exists()]
    assert [m for m in modules + packages if not any(path == m.rstrip("/") or path.startswith(m) for path in named)] == []
