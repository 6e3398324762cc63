"""The worked examples of the UI modules no other test file runs (see tests/unit/test_doctests.py
for the modules without Qt)."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from healthreader.ui import kioskmode, sidebar, toolbarfit


@pytest.mark.parametrize("module", [kioskmode, sidebar, toolbarfit], ids=lambda m: m.__name__)
def test_module_examples_hold(module: ModuleType) -> None:
    failures, tried = doctest.testmod(module)
    assert tried > 0 and failures == 0
