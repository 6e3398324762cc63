"""Start-up benchmark: Health Reader's warm start against a bare PySide6 window.

Measures, as paired runs taken in turn in the same run:
- wall time and peak RSS of ``healthreader --quit-when-ready`` (disclaimer accepted,
  catalogue warm) at 20 and at 1,000 generated articles;
- the same for a bare PySide6 window that quits after its first paint (the bar's baseline);
- the same for "the same widgets": a window with our menus, toolbar, two text fields, a tree
  of the same titles and a home page of links, but none of the reader (no catalogue, no
  settings, no modules of ours). It shows what Qt itself costs for such a window, so the
  figures separate Qt's share of the start-up from ours;
- in-process: opening an article in the main window against showing its pre-rendered
  HTML in a plain QTextBrowser.

Prints medians and ratios. Usage: python benchmarks/startup.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

BARE = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication(sys.argv[:1])
    w = QMainWindow(); w.setWindowTitle("bare"); w.resize(1100, 760)
    class F(QObject):
        def eventFilter(self, o, e):
            if e.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, app.quit)
            return False
    f = F(); w.installEventFilter(f); w.show(); app.exec()
    """
)

# The reader's first window without the reader: argv[1] is the number of titles.
SAME_WIDGETS = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (QApplication, QLineEdit, QMainWindow, QSplitter, QTextBrowser,
                                   QToolBar, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)
    n = int(sys.argv[1])
    app = QApplication(sys.argv[:1])
    w = QMainWindow(); w.setWindowTitle("same widgets"); w.resize(1100, 760)
    left = QWidget(); lay = QVBoxLayout(left)
    search = QLineEdit(); search.setClearButtonEnabled(True); search.setPlaceholderText("Search")
    filt = QLineEdit(); filt.setClearButtonEnabled(True); filt.setPlaceholderText("Filter")
    tree = QTreeWidget(); tree.setHeaderHidden(True)
    for g in range(12):
        QTreeWidgetItem(tree, [f"Group {g}"])
    az = QTreeWidgetItem(tree, ["All conditions A-Z"])
    az.addChildren([QTreeWidgetItem([f"Condition {i:05d}"]) for i in range(n)]); az.setExpanded(True)
    lay.addWidget(search); lay.addWidget(filt); lay.addWidget(tree)
    view = QTextBrowser()
    view.setHtml("<h1>Health Reader</h1><p>Plain-language information.</p>" + "".join(
        f"<h2>Group {g}</h2><p>" + ", ".join(f"<a href='article:c{g}-{i}'>Condition {g} {i}</a>"
                                             for i in range(min(12, n))) + "</p>"
        for g in range(min(12, n))))
    sp = QSplitter(); sp.addWidget(left); sp.addWidget(view); sp.setSizes([300, 700])
    w.setCentralWidget(sp)
    for name in ("&File", "&Go", "&View", "&Help"):
        menu = w.menuBar().addMenu(name)
        for a in range(3):
            menu.addAction(QAction(f"Action {a}", w))
    tb = QToolBar(w)
    for name in ("Back", "Forward", "Home", "Larger text", "Smaller text", "Print", "Export PDF"):
        tb.addAction(QAction(name, w))
    w.addToolBar(tb)
    class F(QObject):
        def eventFilter(self, o, e):
            if e.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, app.quit)
            return False
    f = F(); w.installEventFilter(f); w.show(); search.setFocus(); app.exec()
    """
)

WORDS = (
    "the body immune cells blood swelling doctor test treatment medicine pain tired fever "
    "rash joints kidney liver nerve muscle weak spleen lymph node infection help family "
    "care team daily life sleep food water exercise rest"
).split()


def make_library(folder: Path, count: int) -> None:
    import random

    rng = random.Random(count)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        words = [rng.choice(WORDS) for _ in range(800)]
        paragraphs = [" ".join(words[i : i + 80]).capitalize() + "." for i in range(0, 800, 80)]
        body = "## What is it?\n\n" + "\n\n".join(paragraphs[:5]) + "\n\n## Treatment\n\n"
        body += "\n\n".join(paragraphs[5:]) + "\n"
        (folder / f"condition-{n:05d}.md").write_text(
            f"---\ntitle: Condition {n:05d}\nalso_called: [Synonym {n}]\n"
            f"summary: A made-up condition number {n} for the benchmark.\n"
            f"categories: [Group {n % 12}]\nrelated: [condition-{(n + 1) % count:05d}]\n"
            "sources:\n  - publisher: Benchmark\n    title: Generated\nreviewed: 2026-11-01\n"
            f"---\n{body}",
            encoding="utf-8",
        )


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024


def accepted_settings(path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; "
        "from healthreader import paths; from healthreader.settings import Settings, disclaimer_version; "
        "s = Settings(Path(sys.argv[1])); "
        "s.accept_disclaimer(disclaimer_version(paths.disclaimer_path().read_text(encoding='utf-8'))); s.sync()"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)


def open_article_ratio(folder: Path, env: dict[str, str], runs: int) -> str:
    """Median time to open an article in the main window against showing its finished page
    in a plain QTextBrowser; both are warmed up on other articles first."""
    count = max(runs, 50)
    code = textwrap.dedent(
        f"""
        import statistics, sys, time
        from pathlib import Path
        from PySide6.QtWidgets import QApplication, QTextBrowser
        from healthreader.content.catalogue import Catalogue
        from healthreader.settings import Settings
        from healthreader.ui.mainwindow import MainWindow
        from healthreader import paths
        from healthreader.content.page import article_page
        from healthreader.ui import theme
        app = QApplication([])
        cat = Catalogue.open(paths.cache_dir() / "catalogue.sqlite")
        lib = cat.load([Path({str(folder)!r})], paths.glossary_path())
        win = MainWindow(lib, Settings(Path({str(folder / 'bench.ini')!r})), cat.glossary, lambda: None)
        win.show(); app.processEvents()
        # The baseline: the same page, already composed, shown in a plain QTextBrowser of
        # the same size and style. What is left is our own work: fetching the article
        # from the catalogue, composing the page, routing, history, sidebar.
        plain = QTextBrowser(); plain.resize(win.view.size()); plain.show()
        plain.document().setDefaultStyleSheet(theme.article_css(theme.is_dark(plain.palette())))
        plain.document().setDefaultFont(win.view.document().defaultFont())
        every = [i.id for i in lib]
        warm, ids = every[-5:], every[:{count}]
        pages = {{i: article_page(lib.get(i), lib) for i in warm + ids}}
        for i in warm:  # first-time costs (fonts, layouts) are not what is compared
            plain.setHtml(pages[i]); app.processEvents(); win.open_article(i); app.processEvents()
        ours, bare = [], []
        for i in ids:
            t = time.perf_counter(); plain.setHtml(pages[i]); app.processEvents(); bare.append(time.perf_counter() - t)
            lib._cache.clear()
            t = time.perf_counter(); win.open_article(i); app.processEvents(); ours.append(time.perf_counter() - t)
        a, b = statistics.median(ours) * 1000, statistics.median(bare) * 1000
        print(f"open article: median {{a:.1f}} ms vs showing its pre-rendered page in a QTextBrowser {{b:.1f}} ms: ratio {{a / b:.2f}}")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return out.stdout.strip() or out.stderr.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    # An installed wheel has its bytecode compiled by pip; a source checkout may not (and
    # PYTHONDONTWRITEBYTECODE stops Python from caching it), which would time the compiler.
    import compileall

    import healthreader

    compileall.compile_dir(Path(healthreader.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   HEALTHREADER_CACHE_DIR=str(tmp / "cache"))  # fmt: skip
        settings = tmp / "settings.ini"
        accepted_settings(settings)
        bare_cmd = [sys.executable, "-c", BARE]
        print(f"{args.runs} runs of each, in turn, per size; platform {env['QT_QPA_PLATFORM']}")
        for count in (20, 1000):
            folder = tmp / f"lib{count}"
            make_library(folder, count)
            cmd = [sys.executable, "-m", "healthreader", "--no-bundled", "--content", str(folder),
                   "--settings", str(settings), "--quit-when-ready"]  # fmt: skip
            run(cmd, env)  # cold: builds the catalogue
            widgets_cmd = [sys.executable, "-c", SAME_WIDGETS, str(count)]
            commands = {"bare": bare_cmd, "widgets": widgets_cmd, "ours": cmd}
            times: dict[str, list[float]] = {name: [] for name in commands}
            peaks: dict[str, list[float]] = {name: [] for name in commands}
            for command in commands.values():
                run(command, env)  # warm the OS file cache for each
            for _ in range(args.runs):
                for name, command in commands.items():
                    t, m = run(command, env)
                    times[name].append(t * 1000)
                    peaks[name].append(m)
            t = {name: statistics.median(values) for name, values in times.items()}
            m = {name: statistics.median(values) for name, values in peaks.items()}
            print(f"{count:5d} articles: warm start {t['ours']:4.0f} ms vs bare window {t['bare']:4.0f} ms "
                  f"-> {t['ours'] / t['bare']:.2f}x | peak RSS {m['ours']:5.1f} MiB vs {m['bare']:5.1f} MiB "
                  f"-> {m['ours'] / m['bare']:.2f}x")  # fmt: skip
            print(f"{'':14s} the same widgets alone: {t['widgets']:4.0f} ms -> {t['widgets'] / t['bare']:.2f}x "
                  f"| {m['widgets']:5.1f} MiB -> {m['widgets'] / m['bare']:.2f}x; the reader adds "
                  f"{t['ours'] - t['widgets']:+.0f} ms and {m['ours'] - m['widgets']:+.1f} MiB to them")  # fmt: skip
        print(open_article_ratio(tmp / "lib1000", env, args.runs))


if __name__ == "__main__":
    main()
