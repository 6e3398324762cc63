"""Condition filter speed: the cost of each key typed in the sidebar's (or handout dialog's) filter.

Types a set of realistic queries key by key ("l", "lu", "lup", "lupus", then backspacing,
"ra", "gehrig", "diab", …) into the real ``ConditionSidebar`` of a library of 1,000
articles (generated, with the names of benchmarks/search.py and a dozen body-system groups;
or the folders given with ``--content``) and, in turn, into the baseline: a bare QLineEdit
and QTreeWidget of the same groups and rows, each row hidden or shown by a plain substring
test of its lowercased title and other names. A key's time is the key press and the
events it leaves to handle (the repaint included), as the reader waits for them.

With ``--dialog``, the same keys go to the filter of the handout dialog (File → Handout of
several articles…: every condition A–Z with a check box) instead of the sidebar's, against
the same baseline.

Prints, for each run, the median and p95 per key of both and their ratio, then the median of
the runs. Usage:

    python benchmarks/filter.py                      # 5 runs
    python benchmarks/filter.py --dialog             # the handout dialog's filter
    python benchmarks/filter.py --runs 9 --content /path/to/articles

Figures only; nothing here is asserted (tests never time anything).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# "<" is Backspace. What people type in a filter box: a name letter by letter, a wrong turn
# taken back, an abbreviation, a misspelling, a query emptied to start again.
SCRIPT = (
    "lupus<<<<<",
    "ra<<",
    "gehrig<<<<<<",
    "diab<<<<",
    "hievs<<<ves<<<<<",
    "itp<<<",
    "kidney st<<<<<<<<<",
    "lu<<",
    "rheumatiod<<<oid<<<<<<<<<<",
    "skin rash<<<<<<<<<",
    "chronic liver<<<<<<<<<<<<<",
    "guillain<<<<<<<<",
)

GROUPS = ("Blood", "Bones and joints", "Brain and nerves", "Digestive system", "Ears, nose and throat",
          "Eyes", "Glands and hormones", "Heart and blood vessels", "Immune system", "Kidneys and bladder",
          "Lungs", "Skin")  # fmt: skip


def keys(script: tuple[str, ...] = SCRIPT) -> list[str]:
    """The keys of the script, one a character ("<" for Backspace)."""
    return [key for query in script for key in query]


def generated_library(count: int):  # type: ignore[no-untyped-def]
    """``count`` articles with realistic titles and other names (benchmarks/search.py's,
    Lupus, Hives, ALS… among them), each in one or two of a dozen groups."""
    from healthreader.content.model import Library

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from search import make_articles  # benchmarks/search.py

    rng = random.Random(count)
    articles = [a._replace(body="", categories=tuple(rng.sample(GROUPS, rng.randint(1, 2))))
                for a in make_articles(count)]  # fmt: skip
    return Library.from_articles(articles)


def loaded_library(folders: list[Path], cache: Path):  # type: ignore[no-untyped-def]
    """The articles of ``folders``, as the reader loads them (through the catalogue)."""
    os.environ["HEALTHREADER_CACHE_DIR"] = str(cache)
    from healthreader import paths
    from healthreader.content.catalogue import Catalogue

    catalogue = Catalogue.open(paths.cache_dir() / "catalogue.sqlite")
    return catalogue.load(folders, paths.glossary_path())


class PlainFilter:
    """The baseline: a line edit over a tree of the same groups and rows, each row shown
    when its lowercased title and other names contain the lowercased text."""

    def __init__(self, library, parent):  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout

        layout = QVBoxLayout(parent)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(parent)
        self.tree = QTreeWidget(parent)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        layout.addWidget(self.edit)
        layout.addWidget(self.tree)
        groups = [*library.categories().items(), ("All conditions A–Z", list(library))]
        self.rows: list[tuple[object, list[tuple[object, str]]]] = []
        for name, infos in groups:
            group = QTreeWidgetItem(self.tree, [name])
            children = [QTreeWidgetItem([info.title]) for info in infos]
            group.addChildren(children)
            keys = [" | ".join((info.title, *info.also_called)).lower() for info in infos]
            self.rows.append((group, list(zip(children, keys, strict=True))))
        self.tree.topLevelItem(self.tree.topLevelItemCount() - 1).setExpanded(True)
        self.edit.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self, text: str) -> None:
        needle = text.strip().lower()
        for group, children in self.rows:
            shown = 0
            for child, key in children:
                match = needle in key
                child.setHidden(not match)  # type: ignore[attr-defined]
                shown += match
            group.setHidden(shown == 0)  # type: ignore[attr-defined]
            if needle:
                group.setExpanded(True)  # type: ignore[attr-defined]


def type_script(edit, app, typed: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    """Milliseconds for each key: the key press, then the events it left (the repaint)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    edit.setFocus()
    app.processEvents()
    times = []
    for key in typed:
        start = time.perf_counter_ns()
        if key == "<":
            QTest.keyClick(edit, Qt.Key.Key_Backspace)
        else:
            QTest.keyClick(edit, key)
        app.processEvents()
        times.append((time.perf_counter_ns() - start) / 1e6)
    assert edit.text() == "", edit.text()  # every query is taken back to nothing
    return times


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=1000, help="articles generated (without --content)")
    parser.add_argument("--content", type=Path, action="append", default=[],
                        help="a folder of articles to load instead (repeatable)")  # fmt: skip
    parser.add_argument("--dialog", action="store_true",
                        help="time the handout dialog's filter instead of the sidebar's")  # fmt: skip
    ns = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A source checkout may have no bytecode (PYTHONDONTWRITEBYTECODE): time the code, not
    # the compiler (as benchmarks/startup.py does).
    import compileall

    import healthreader

    compileall.compile_dir(Path(healthreader.__file__).parent, quiet=1)

    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

    # The offscreen platform says so at every window shown: not a finding.
    qInstallMessageHandler(lambda _kind, _context, message: None if "propagateSizeHints" in message
                           else print(message, file=sys.stderr))  # fmt: skip
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        library = loaded_library(ns.content, Path(tmp)) if ns.content else generated_library(ns.size)
        plain_window = QWidget()
        plain = PlainFilter(library, plain_window)
        plain_window.resize(300, 700)
        if ns.dialog:
            from healthreader.ui.handoutdialog import HandoutDialog

            ours_window: QWidget = HandoutDialog(library, {}, None)  # at its own size, as it opens
            ours_window.setModal(False)  # beside the baseline: a modal dialog would block its keys
            ours_edit = ours_window.filter_edit
        else:
            from healthreader.ui.sidebar import ConditionSidebar

            ours_window = QWidget()
            sidebar = ConditionSidebar(library, ours_window)
            QVBoxLayout(ours_window).addWidget(sidebar)
            ours_window.resize(300, 700)
            ours_edit = sidebar.filter_edit
        for window, title in ((ours_window, "ours"), (plain_window, "plain")):
            window.setWindowTitle(title)
            window.show()
        app.processEvents()
        typed = keys()
        print(f"Python {sys.version.split()[0]}, platform {os.environ['QT_QPA_PLATFORM']}; "
              f"the {'handout dialog' if ns.dialog else 'sidebar'}'s filter; "
              f"{len(library):,} articles, {len(typed)} keys over {len(SCRIPT)} queries, "
              f"{ns.runs} runs of each, in turn")  # fmt: skip
        contenders: dict[str, Callable[[], list[float]]] = {
            "ours": lambda: type_script(ours_edit, app, typed),
            "plain": lambda: type_script(plain.edit, app, typed),
        }
        for run in contenders.values():
            run()  # warm-up: the first filter fills the category groups, caches fill
        medians: dict[str, list[float]] = {name: [] for name in contenders}
        tails: dict[str, list[float]] = {name: [] for name in contenders}
        for number in range(ns.runs):
            order = list(contenders.items()) if number % 2 == 0 else list(contenders.items())[::-1]
            for name, run in order:
                gc.collect()
                times = run()
                medians[name].append(statistics.median(times))
                tails[name].append(p95(times))
            print(f"  run {number + 1}: ours median {medians['ours'][-1]:5.2f} ms, p95 {tails['ours'][-1]:5.2f} ms"
                  f" | plain median {medians['plain'][-1]:5.2f} ms, p95 {tails['plain'][-1]:5.2f} ms")  # fmt: skip
        ours_median, plain_median = statistics.median(medians["ours"]), statistics.median(medians["plain"])
        ours_p95, plain_p95 = statistics.median(tails["ours"]), statistics.median(tails["plain"])
        print(f"per key (median of {ns.runs} runs): ours median {ours_median:.2f} ms, p95 {ours_p95:.2f} ms; "
              f"plain median {plain_median:.2f} ms, p95 {plain_p95:.2f} ms; "
              f"ratio {ours_median / plain_median:.2f} (median), {ours_p95 / plain_p95:.2f} (p95)")  # fmt: skip
        for window in (ours_window, plain_window):
            window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
