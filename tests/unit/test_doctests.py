"""The worked examples in the docstrings are part of the contract: each must hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

# Every module with examples that imports no Qt (ui/kioskdialogs.py's run in tests/ui).
MODULES = [
    "healthreader.cli",
    "healthreader.content.files",
    "healthreader.content.frontmatter",
    "healthreader.content.model",
    "healthreader.content.namefilter",
    "healthreader.content.page",
    "healthreader.content.pictures",
    "healthreader.content.plaintext",
    "healthreader.content.readability",
    "healthreader.content.render",
    "healthreader.content.validate",
    "healthreader.content.wording",
    "healthreader.export.command",
    "healthreader.export.handout",
    "healthreader.kiosk.pin",
    "healthreader.kiosk.policy",
    "healthreader.paths",
    "healthreader.search.command",
    "healthreader.search.emergency",
    "healthreader.search.index",
    "healthreader.search.layterms",
    "healthreader.search.lazy",
    "healthreader.search.query",
    "healthreader.ui.theme",
]


@pytest.mark.parametrize("name", MODULES)
def test_module_examples_hold(name: str) -> None:
    failures, tried = doctest.testmod(importlib.import_module(name))
    assert tried > 0
    assert failures == 0
