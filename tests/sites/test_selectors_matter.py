"""Every selector of a site file is needed by its sample cases: without it, a named field test fails."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scraper.profiles import profile_for
from scraper.sample_cases import SampleCase, output_of, read_pages
from tests.sites.cases import ROOT, sites

NGS22_CASES = [SampleCase(folder) for folder in sorted((ROOT / "ngs22").iterdir()) if (folder / "meta.json").is_file()]


@pytest.mark.parametrize("key", sorted(sites()["ngs22"].comments))
def test_without_a_comments_selector_the_ngs22_cases_read_otherwise(key):
    site = sites()["ngs22"]
    crippled = replace(site, comments={k: v for k, v in site.comments.items() if k != key})
    differ = []
    for case in NGS22_CASES:
        try:
            got = output_of(read_pages(profile_for(crippled), case.pages(crippled)))
        except ValueError:  # a thread that cannot be read at all fails its case too
            differ.append(case.name)
            continue
        if got != case.output:
            differ.append(case.name)
    assert differ, f"no sample case of ngs22 needs [comments] {key}"
