"""Names that mean the same to a newsroom: `ВК = ВКонтакте = VK`.

A plain text file, one group a line, its names separated by `=`; a name may
be several words (`ЦУР = Центр управления регионом`); `#` starts a comment.
A search for any name of a group finds every name of it (each read by word
form: `ЦУРа` is `ЦУР`). The project ships `equivalents.txt`; a newsroom
points the plugin at its own copy to extend it:

    plugins:
      regional_news:
        equivalents: /srv/news/equivalents.txt

The file is read again when it changes, with no restart.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from scraper import wordforms

Key = tuple[str, ...]  # the index forms of a name's words


def key(words: list[str]) -> Key:
    return tuple(wordforms.word_form(w) for w in words)


@dataclass(eq=False)  # one object per reading of the file: hashed by identity, for caches
class Equivalents:
    """Groups of names; each name is kept as typed and found by its key."""

    groups: list[list[str]] = field(default_factory=list)
    _by_key: dict[Key, int] = field(default_factory=dict)
    longest: int = 0

    @classmethod
    def parse(cls, text: str) -> Equivalents:
        found = cls()
        for line in text.splitlines():
            line = line.split("#", 1)[0]
            names = [" ".join(part.split()) for part in line.split("=")]
            names = [n for n in names if wordforms.words(n)]
            if len(names) < 2:
                continue
            found.add(names)
        return found

    def add(self, names: list[str]) -> None:
        """A group; a name already in another group joins the two."""
        keys = [key(wordforms.words(n)) for n in names]
        joined = {self._by_key[k] for k in keys if k in self._by_key}
        if joined:
            target = min(joined)
            for other in sorted(joined - {target}, reverse=True):
                self.groups[target] += self.groups[other]
                self.groups[other] = []
        else:
            target = len(self.groups)
            self.groups.append([])
        for name, k in zip(names, keys):
            if name not in self.groups[target]:
                self.groups[target].append(name)
        for index, group in enumerate(self.groups):
            for name in group:
                words = wordforms.words(name)
                self._by_key[key(words)] = index
                self.longest = max(self.longest, len(words))

    def names(self, words: list[str]) -> list[str] | None:
        """Every name of the group `words` is a name of, or None."""
        index = self._by_key.get(key(words))
        return None if index is None else self.groups[index]


NONE = Equivalents()


def shipped() -> Path:
    """The project's own file (package data: a real file in any installed package)."""
    return Path(str(files("scraper.web") / "equivalents.txt"))


class EquivalentsFile:
    """An equivalents file, read again whenever its modification time or size changes."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else shipped()
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._current = NONE

    def current(self) -> Equivalents:
        try:
            stat = os.stat(self.path)
        except OSError:
            return NONE
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    self._current = Equivalents.parse(self.path.read_text(encoding="utf-8"))
                    self._stamp = stamp
        return self._current


@lru_cache(maxsize=None)
def _file(path: str | None) -> EquivalentsFile:
    return EquivalentsFile(path)


def of(datasette) -> Equivalents:
    """The equivalents a Datasette instance searches with (its plugin configuration names the file)."""
    config = datasette.plugin_config("regional_news") or {}
    return _file(config.get("equivalents") or None).current()
