"""ui/qtstart.py: PySide6's import hook answers from the file's bytes and keeps nothing."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from healthreader import paths
from helpers import FIXTURE_LIBRARY, run_python, write_accepted_settings


def test_the_hook_answers_as_before_without_keeping_the_files(tmp_path: Path) -> None:
    (tmp_path / "says_pyside.py").write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    (tmp_path / "plain.py").write_text("ANSWER = 42\n", encoding="utf-8")
    code = textwrap.dedent(
        f"""
        import json, linecache, sys
        sys.path.insert(0, {str(tmp_path)!r})
        from healthreader.ui import qtstart
        qtstart.load()
        import says_pyside, plain
        feature = sys.modules["shibokensupport.feature"]
        print(json.dumps({{
            "says_pyside": feature.pyside_feature_dict.get("says_pyside"),
            "plain": feature.pyside_feature_dict.get("plain"),
            "kept": [f for f in linecache.cache if f.startswith({str(tmp_path)!r})],
        }}))
        """
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    # PySide6's own values: 0 for a module that uses PySide6, -1 for one to leave alone.
    assert found == {"says_pyside": 0, "plain": -1, "kept": []}


def test_the_reader_keeps_none_of_its_source_files_in_memory(tmp_path: Path) -> None:
    """Without ui/qtstart.py, the hook would hold every module imported after PySide6 in
    linecache (2.9 MiB at the first paint with 1,000 articles)."""
    settings = tmp_path / "s.ini"
    write_accepted_settings(settings, paths.disclaimer_path().read_text(encoding="utf-8"))
    code = textwrap.dedent(
        f"""
        import linecache, sys
        from healthreader.cli import main
        code = main(["--no-bundled", "--content", {str(FIXTURE_LIBRARY)!r},
                     "--settings", {str(settings)!r}, "--quit-when-ready"])
        print("kept:", sorted(f for f in linecache.cache if "healthreader" in f), flush=True)
        sys.exit(code)
        """
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    assert '"ready": "main"' in done.stdout
    assert "kept: []" in done.stdout


def test_the_reader_reads_its_content_before_it_loads_qt(tmp_path: Path) -> None:
    """The catalogue and its modules need no Qt: loaded first, PySide6's hook never looks
    at them (cli.prepare_reader)."""
    settings = tmp_path / "s.ini"
    write_accepted_settings(settings, paths.disclaimer_path().read_text(encoding="utf-8"))
    code = textwrap.dedent(
        f"""
        import sys
        from healthreader.content import catalogue
        read = catalogue.Catalogue.load
        def load(self, *args, **kwargs):
            print("Qt loaded before the catalogue:", "PySide6" in sys.modules, flush=True)
            return read(self, *args, **kwargs)
        catalogue.Catalogue.load = load
        from healthreader.cli import main
        sys.exit(main(["--no-bundled", "--content", {str(FIXTURE_LIBRARY)!r},
                       "--settings", {str(settings)!r}, "--quit-when-ready"]))
        """
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    assert "Qt loaded before the catalogue: False" in done.stdout and '"ready": "main"' in done.stdout
