"""DESIGN.md's layers: only ui/ and app.py touch Qt widgets; the domain touches no Qt at all."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "healthreader"
DOMAIN = ("content", "search", "kiosk")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_ui_and_app_import_qt_widgets() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "ui" or rel == Path("app.py"):
            continue
        if any(name.startswith("PySide6.QtWidgets") for name in _imports(path)):
            offenders.append(str(rel))
    assert offenders == []


def test_domain_imports_no_qt() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for layer in DOMAIN
        for path in (PACKAGE / layer).rglob("*.py")
        if any(name.startswith("PySide6") for name in _imports(path))
    ]
    assert offenders == []


def test_domain_runs_without_pyside6() -> None:
    """Load, search and the kiosk policy with PySide6 made unimportable."""
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "from healthreader import paths\n"
        "from healthreader.content.catalogue import Catalogue\n"
        "from healthreader.search.index import SearchIndex\n"
        "import healthreader.kiosk.policy, healthreader.kiosk.pin\n"
        "lib = Catalogue.open(None).load([paths.bundled_articles_dir()], paths.glossary_path())\n"
        "print(SearchIndex.open(None, lib).search('hives').hits[0].id)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "hives"
