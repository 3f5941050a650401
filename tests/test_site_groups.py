"""A group of sites crawled by one name: `-a site=ngs_network` is every site of the Hearst Shkulev network."""

from __future__ import annotations

import pytest
from scrapy.exceptions import UsageError
from scrapy.settings import Settings

from scraper.sites import load_sites
from scraper.spiders.regional_news import RegionalNewsSpider

# The network's regional sites and their zones, as the reference's table gives them.
NETWORK = {
    "ngs": "Asia/Novosibirsk", "ngs22": "Asia/Barnaul", "ngs24": "Asia/Krasnoyarsk", "ngs42": "Asia/Novokuznetsk",
    "ngs55": "Asia/Omsk", "ngs70": "Asia/Tomsk", "e1": "Asia/Yekaterinburg", "74ru": "Asia/Yekaterinburg",
    "72ru": "Asia/Yekaterinburg", "59ru": "Asia/Yekaterinburg", "89ru": "Asia/Yekaterinburg", "ircity": "Asia/Irkutsk",
    "29ru": "Europe/Moscow", "161ru": "Europe/Moscow", "93ru": "Europe/Moscow", "63ru": "Europe/Samara",
    "v1": "Europe/Volgograd",
}


def sites_asked(site: str) -> dict:
    settings = Settings()
    settings.setmodule("scraper.settings")
    sites, _ = RegionalNewsSpider.check_arguments(settings, {"site": site})
    return sites


def test_the_network_group_names_every_site_of_the_network_each_in_its_own_zone():
    sites = sites_asked("ngs_network")
    assert {name: site.timezone for name, site in sites.items()} == NETWORK
    assert {site.layout for site in sites.values()} == {"hearst"}


def test_a_group_and_a_site_together_name_each_site_once():
    assert list(sites_asked("bankfax,ngs_network,ngs22")) == ["bankfax", *sorted(NETWORK, key=list(load_sites()).index)]


def test_an_unknown_name_lists_the_groups_too():
    with pytest.raises(UsageError, match="groups: ngs_network"):
        sites_asked("ngs_netwrk")
