"""The sites the crawl knows: one small TOML file per site.

A site file says where the site lives, its time zone, how to find its
articles, how to know its bot-block page, and which layout (profile) reads
its pages. Adding a site is adding a file here (or in a folder listed in the
SITES_DIRS setting); the spider does not change. The file is read strictly
(`files.py`); what follows from it is the site model's (`model.py`).
"""

from __future__ import annotations

from pathlib import Path

from scraper.sites.files import SiteFileError, parse, read_site
from scraper.sites.model import Discovery, Site, UnknownSite

SITES_DIR = Path(__file__).parent


def load_site(path: Path, origin: str | None = None) -> Site:
    """The site one file describes; a SiteFileError says what is wrong with it."""
    return read_site(path, parse(path), origin)


def site_names(sites: dict[str, Site], asked: list[str]) -> list[str]:
    """The sites named, a group's name standing for every site of the group, each once, in order."""
    groups: dict[str, list[str]] = {}
    for name, site in sites.items():
        if site.group:
            groups.setdefault(site.group, []).append(name)
    names: list[str] = []
    for name in asked:
        for member in groups.get(name, [name]) if name not in sites else [name]:
            if member not in names:
                names.append(member)
    return names


def load_sites(
    extra_dirs: list[str] | tuple[str, ...] = (), origins: dict[str, str] | None = None
) -> dict[str, Site]:
    """Every site file, by site name; `origins` points sites elsewhere (the demo)."""
    origins = origins or {}
    sites: dict[str, Site] = {}
    for folder in (SITES_DIR, *map(Path, extra_dirs)):
        for path in sorted(folder.glob("*.toml")):
            data = parse(path)
            name = data.get("name")
            sites[name] = read_site(path, data, origins.get(name) if isinstance(name, str) else None)
    return sites


__all__ = ["Discovery", "SITES_DIR", "Site", "SiteFileError", "UnknownSite", "load_site", "load_sites", "site_names"]
