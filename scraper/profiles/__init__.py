"""Site profiles: one page-object class per site layout.

`profile_for(site)` picks the class a site file names in `layout`.
"""

from __future__ import annotations

from scraper.discovery import Listing
from scraper.pages import Page
from scraper.profiles.bankfax import BankfaxProfile
from scraper.profiles.base import CommentBatch, Profile
from scraper.profiles.generic import GenericProfile
from scraper.profiles.hearst import HearstProfile
from scraper.profiles.legacy_cp1251 import LegacyCp1251Profile
from scraper.profiles.selectors import SelectorsProfile
from scraper.sites import Site

LAYOUTS: dict[str, type[Profile]] = {
    BankfaxProfile.layout: BankfaxProfile,
    GenericProfile.layout: GenericProfile,
    HearstProfile.layout: HearstProfile,
    LegacyCp1251Profile.layout: LegacyCp1251Profile,
    SelectorsProfile.layout: SelectorsProfile,
}


def profile_for(site: Site) -> Profile:
    try:
        return LAYOUTS[site.layout](site)
    except KeyError:
        raise ValueError(
            f"site {site.name!r} names layout {site.layout!r}; known: {', '.join(sorted(LAYOUTS))}"
        ) from None


__all__ = ["CommentBatch", "LAYOUTS", "Listing", "Page", "Profile", "profile_for"]
