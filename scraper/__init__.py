"""Regional news archive: Scrapy spiders, site profiles and the SQLite archive they fill."""
