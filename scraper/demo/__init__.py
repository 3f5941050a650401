"""The offline demo newsroom: local regional news sites served over real HTTP.

The crawl is shown and tested against these sites exactly as it would crawl
the web. Everything they serve is generated deterministically from a seed
number and a day, so the same seed gives byte-identical pages.
"""
