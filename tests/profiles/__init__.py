"""Tests of the site profiles, each against saved pages."""

import pytest

# Field-by-field checks live in a helper module: show their diffs too.
pytest.register_assert_rewrite("tests.profiles.expected")
