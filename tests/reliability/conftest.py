"""The hostile night, played once for the package's tests that read it."""

from __future__ import annotations

import pytest

from tests.reliability.night import Night, play


@pytest.fixture(scope="package")
def night(tmp_path_factory) -> Night:
    return play(tmp_path_factory)
