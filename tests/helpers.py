"""Shared test helpers: small content libraries written into ``tmp_path``, subprocess runners,
and what a user can read on screen.

Qt-free on purpose (tests/unit imports it); the few helpers that need Qt import it lazily.
Example: ``write_article(tmp_path, "lupus", title="Lupus", related=["hives"], colour="red")``
writes ``tmp_path/lupus.md`` with valid front matter plus an unknown key ``colour``.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
FIXTURE_LIBRARY = DATA / "library"
FIXTURE_GLOSSARY = DATA / "glossary.yaml"

DISCLAIMER = (
    "## Before you read\n\nThese articles do not replace advice from your care team.\n\n"
    "**In an emergency, call your local emergency number.**\n"
)
DEFAULT_BODY = "## What is it?\n\nA plain paragraph about this condition.\n"
DEFAULT_SOURCES = ({"publisher": "Test Institute", "title": "A test source"},)

OMIT = object()

# The kiosk staff PIN the tests use, and a near miss; conftest.py's ``exit_pin`` is its hash.
STAFF_PIN = "270419"
WRONG_PIN = "270418"
"""Pass as a front-matter value to leave that key out (``summary=OMIT``)."""


class _NoAliasDumper(yaml.SafeDumper):
    # The loader refuses anchors; a list object used twice must not become one.
    def ignore_aliases(self, data: Any) -> bool:
        return True


def front_matter(article_id: str | None, **fields: Any) -> str:
    """The YAML between the ``---`` lines: required keys filled in, ``OMIT`` drops one."""
    meta: dict[str, Any] = {}
    if article_id is not None:
        meta["id"] = article_id
    meta["title"] = (article_id or "untitled").replace("-", " ").capitalize()
    meta["summary"] = "A short plain-language summary."
    meta["sources"] = [dict(s) for s in DEFAULT_SOURCES]
    meta["reviewed"] = datetime.date(2025, 1, 15)
    meta.update(fields)
    meta = {k: v for k, v in meta.items() if v is not OMIT}
    return yaml.dump(meta, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True)


def article_text(article_id: str | None, body: str = DEFAULT_BODY, **fields: Any) -> str:
    return f"---\n{front_matter(article_id, **fields)}---\n{body}"


def write_article(
    folder: Path,
    article_id: str | None,
    title: str | None = None,
    body: str = DEFAULT_BODY,
    related: Sequence[str] | None = None,
    file_name: str | None = None,
    **fields: Any,
) -> Path:
    """Write ``<folder>/<file_name or id>.md`` with valid front matter; returns its path.

    ``article_id=None`` leaves the ``id`` key out (the file name is the id then).
    """
    folder.mkdir(parents=True, exist_ok=True)
    if title is not None:
        fields["title"] = title
    if related is not None:
        fields["related"] = list(related)
    path = folder / (file_name or f"{article_id}.md")
    path.write_text(article_text(article_id, body, **fields), encoding="utf-8")
    return path


def write_glossary(path: Path, terms: Mapping[str, str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(dict(terms), Dumper=_NoAliasDumper, allow_unicode=True), "utf-8")
    return path


def load(folders: Iterable[Path], glossary: Path | None = None, cache: Path | None = None) -> Any:
    """A Library through the catalogue (in memory unless ``cache`` is given)."""
    from healthreader.content.catalogue import Catalogue

    return Catalogue.open(cache).load(list(folders), glossary)


def messages(problems: Iterable[Any], severity: str | None = "error") -> list[str]:
    """Each problem as the user reads it (``path:line: severity: message``)."""
    return [str(p) for p in problems if severity is None or p.severity == severity]


def disclaimer_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def png_image(path: Path, width: int = 7, height: int = 5, rgb: tuple[int, int, int] = (200, 30, 30)) -> Path:
    """A solid-colour PNG (tiny unless asked otherwise), written without any imaging library.
    Its rows are compressed one by one: a picture of many pixels is a small file and never
    all in memory here."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    packer = zlib.compressobj(1)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", b"".join([*(packer.compress(row) for _ in range(height)), packer.flush()]))
        + chunk(b"IEND", b"")
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)
    return path


def pages_of(cache: Path, table: str) -> list[int]:
    """The numbers (from 1) of a table's or index's pages in an SQLite file (a cache)."""
    conn = sqlite3.connect(cache)
    try:
        return [n for (n,) in conn.execute("SELECT pageno FROM dbstat WHERE name = ?", (table,))]
    finally:
        conn.close()


def damage(cache: Path, pages: list[int]) -> None:
    """What a bad sector or a torn write does: whole pages overwritten, the header intact."""
    data = bytearray(cache.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    for n in pages:
        data[(n - 1) * size : n * size] = b"\xff" * size
    cache.write_bytes(data)


def run_healthreader(
    args: Sequence[str], env: Mapping[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python -m healthreader ARGS`` in a subprocess, offscreen, with the test's cache dirs."""
    full_env = dict(os.environ)
    full_env.setdefault("QT_QPA_PLATFORM", "offscreen")
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "healthreader", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=REPO,
    )


def run_python(code: str, env: Mapping[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full_env,
        timeout=timeout, cwd=REPO,
    )  # fmt: skip


def write_accepted_settings(path: Path, disclaimer_text: str) -> Path:
    """An INI whose accepted disclaimer is ``disclaimer_text``, written by ``Settings`` itself.

    Runs in a subprocess so the calling test process never imports Qt.
    """
    code = (
        "import sys; from pathlib import Path\n"
        "from healthreader.settings import Settings, disclaimer_version\n"
        "text = Path(sys.argv[2]).read_text(encoding='utf-8')\n"
        "Settings(Path(sys.argv[1])).accept_disclaimer(disclaimer_version(text))\n"
    )
    text_file = path.with_suffix(".disclaimer.txt")
    text_file.write_text(disclaimer_text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", code, str(path), str(text_file)],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return path


# -- the reader's UI (Qt imported lazily: tests/unit imports this module too) ----------------

UI_GLOSSARY = {"anemia": "Anemia means the blood has too few healthy red cells."}
UI_ARTICLES: dict[str, dict[str, Any]] = {
    "marsh-fever": {
        "title": "Marsh fever",
        "also_called": ["Bog ague", "Fièvre des marais"],
        "summary": "A fever with chills that comes and goes after time near wetlands.",
        "categories": ["Fevers"],
        "related": ["reed-rash"],
        "body": (
            "## What is it?\n\nMarsh fever makes you hot, shaky and tired. Some people get "
            "anemia from it.\n\n![A thermometer](thermometer.png)\n\n## Where to read more\n\n"
            "See [Reed rash](reed-rash) and [an outside page](https://example.test/marsh).\n"
        ),
    },
    "reed-rash": {
        "title": "Reed rash",
        "summary": "Itchy red streaks on the legs after wading through tall reeds.",
        "categories": ["Skin"],
        "body": "## What is it?\n\nReed rash is an itchy patch of skin after wading.\n",
    },
    "stone-cough": {
        "title": "Stone cough",
        "also_called": ["Miner's hack", "Quarry lung"],
        "summary": "A dry cough that lasts for weeks in people who cut stone.",
        "categories": ["Lungs"],
        "body": "## What is it?\n\nStone cough is a dry, scratchy cough from fine dust.\n",
    },
}
# Words that appear only in article text: none may be on screen before acceptance.
ARTICLE_WORDS = ("Marsh fever", "Reed rash", "Stone cough", "wetlands", "wading", "Bog ague",
                 "shaky", "Quarry lung")  # fmt: skip


def write_ui_library(folder: Path) -> Path:
    for article_id, fields in UI_ARTICLES.items():
        fields = dict(fields)
        write_article(folder, article_id, **fields)
    png_image(folder / "thermometer.png", 7, 5, (200, 30, 30))
    return folder


def write_bilingual_articles(folder: Path) -> Path:
    """An English and a Spanish article of one title (as MedlinePlus has: "Anemia" in both
    languages), and a Spanish one whose title no English article has, related to both."""
    write_article(folder, "anemia", title="Anemia", categories=["Blood"],
                  summary="Too few healthy red blood cells.")
    write_article(folder, "anemia-es", title="Anemia", categories=["Sangre"], language="es",
                  also_called=["Falta de glóbulos rojos"],
                  summary="Muy pocos glóbulos rojos sanos.")
    write_article(folder, "asma", title="Asma", categories=["Pulmones"], language="es",
                  related=["anemia-es", "anemia"], summary="Las vías respiratorias se inflaman.")
    return folder


# Conditions with short names a clinician types ("RA"), some inside others' words
# ("lateRAl", "lupOId"): id -> (title, other names). write_short_names below.
SHORT_NAMES = {
    "als": ("Amyotrophic lateral sclerosis (ALS)", ["ALS", "Lou Gehrig's disease"]),
    "is-als-autoimmune": ("Is ALS an autoimmune disease?", ["is Lou Gehrig's disease autoimmune"]),
    "aiha": ("Autoimmune hemolytic anemia", ["AIHA"]),
    "aih": ("Autoimmune hepatitis", ["AIH", "lupoid hepatitis"]),
    "evans": ("Evans syndrome", ["AIHA and ITP together"]),
    "itp": ("Immune thrombocytopenia (ITP)", ["ITP"]),
    "poi": ("Primary ovarian insufficiency", ["POI"]),
    "ra": ("Rheumatoid arthritis", ["RA"]),
}
# Typed in a filter -> the article Enter must pick, and what the old rule picked instead.
SHORT_NAME_PICKS = {
    "RA": "ra",  # not ALS ("lateral"), first A–Z
    "POI": "poi",  # not Autoimmune hepatitis ("lupoid hepatitis")
    "AIH": "aih",  # not Autoimmune hemolytic anemia ("AIHA")
    "itp": "itp",  # not Evans syndrome ("AIHA and ITP together")
    "gehrig": "als",  # "Lou Gehrig's disease", before "is Lou Gehrig's disease autoimmune"
    "immune": "itp",  # a word of a title, before "autoimmune" (Autoimmune hemolytic anemia)
}


def write_short_names(folder: Path) -> Path:
    """Add the ``SHORT_NAMES`` conditions to a library folder."""
    for article_id, (title, names) in SHORT_NAMES.items():
        write_article(folder, article_id, title=title, also_called=names, categories=["Immune"])
    return folder


def all_text(widgets: Iterable[Any]) -> str:
    """Every piece of text the given widgets and their children could show a user."""
    from PySide6.QtCore import QAbstractItemModel, Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
        QWidget,
    )

    parts: list[str] = []

    def model_text(view: Any) -> None:
        model = view.model()
        if model is None:
            return
        pending = [view.rootIndex()]
        while pending:
            parent = pending.pop()
            for row in range(model.rowCount(parent)):
                # Through the base class: a QListWidget's model is a QAbstractListModel,
                # whose columnCount PySide6 refuses to call as "a private method".
                for column in range(QAbstractItemModel.columnCount(model, parent)):
                    index = model.index(row, column, parent)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.data(index, role)
                        if value:
                            parts.append(str(value))
                    pending.append(index)

    for top in widgets:
        for widget in [top, *top.findChildren(QWidget)]:
            parts.extend([widget.windowTitle(), widget.toolTip(), widget.accessibleName()])
            if isinstance(widget, (QLabel, QAbstractButton)):
                parts.append(widget.text())
            elif isinstance(widget, QLineEdit):
                parts.extend([widget.text(), widget.placeholderText()])
            elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
                parts.append(widget.toPlainText())
            elif isinstance(widget, QAbstractItemView):
                model_text(widget)
    return "\n".join(p for p in parts if p)


def top_level_text() -> str:
    from PySide6.QtWidgets import QApplication

    return all_text(QApplication.topLevelWidgets())


def find_named(root: Any, name: str, kind: Any = None) -> list[Any]:
    """Widgets under ``root`` whose accessible name is ``name`` (how a screen reader finds them)."""
    from PySide6.QtWidgets import QWidget

    return [w for w in root.findChildren(kind or QWidget) if w.accessibleName() == name]


def spoken(widget: Any) -> str:
    """What a screen reader gets for a widget: its accessible name, then its description."""
    from PySide6.QtGui import QAccessible

    face = QAccessible.queryAccessibleInterface(widget)
    parts = (face.text(QAccessible.Text.Name), face.text(QAccessible.Text.Description))
    return " | ".join(part for part in parts if part)


def text_point(view: Any, text: str, occurrence: int = 1) -> Any:
    """The viewport point in the middle of ``text`` in a text view, scrolled into sight."""
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(view.document())
    for _ in range(occurrence):
        cursor = view.document().find(text, cursor)
        assert not cursor.isNull(), f"{text!r} is not on the page"
    middle = QTextCursor(view.document())
    middle.setPosition(cursor.selectionStart() + len(text) // 2)
    view.setTextCursor(middle)
    view.ensureCursorVisible()
    return view.cursorRect(middle).center()


def click_text(qtbot: Any, view: Any, text: str, occurrence: int = 1) -> None:
    """Click on ``text`` in a text view, as a user would."""
    from PySide6.QtCore import Qt

    point = text_point(view, text, occurrence)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def drag_splitter_handle(qtbot: Any, window: Any, to_x: int) -> None:
    """Drag the edge between the sidebar and the article with the mouse to ``to_x`` (in the
    splitter's coordinates)."""
    from PySide6.QtCore import QPoint, Qt

    splitter = window.centralWidget()
    handle = splitter.handle(1)
    grip = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=grip)
    target = handle.mapFromGlobal(splitter.mapToGlobal(QPoint(to_x + grip.x(), grip.y())))
    qtbot.mouseMove(handle, target)
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=target)


def hover_tooltip(qtbot: Any, view: Any, index: Any) -> str | None:
    """Rest the pointer on a row of an item view, as Qt does after a moment: the tooltip
    that shows, as read (plain text), or None when none does."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent, QTextDocumentFragment
    from PySide6.QtWidgets import QApplication, QToolTip

    QToolTip.hideText()  # the last one goes after a moment: wait for it
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    view.scrollTo(index)
    viewport = view.viewport()
    point = view.visualRect(index).center()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point)))
    # Read at once: a window activation still queued would close the tip again.
    if not QToolTip.isVisible():
        return None
    text = QToolTip.text()
    QToolTip.hideText()
    return str(QTextDocumentFragment.fromHtml(text).toPlainText())


def rows_cut_off(view: Any) -> list[str]:
    """The texts of a tree's or a list's shown rows that do not fit their row as drawn: a
    line wider than the row's text rectangle, or more lines than its height holds (Qt then
    cuts the text with "…"). Laid out here with QTextLayout, as Qt's item views lay it out."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextLayout, QTextOption
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    from healthreader.ui.titlewrap import WrappingDelegate

    if hasattr(view, "topLevelItem"):  # a tree: every row, as the user scrolls through them
        items, item = [], view.topLevelItem(0)
        while item is not None:
            items.append((item, item.text(0)))
            item = view.itemBelow(item)
    else:
        items = [(view.item(row), view.item(row).text()) for row in range(view.count())
                 if not view.item(row).isHidden()]  # fmt: skip
    cut = []
    for item, text in items:
        index = view.indexFromItem(item)
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = view.visualRect(index)
        delegate = view.itemDelegateForIndex(index)
        if isinstance(delegate, WrappingDelegate):  # the text as it draws it (soft hyphens)
            delegate.initStyleOption(option, index)
        else:
            option.text = text
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        style = view.style()
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
        width = rect.width() - 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, option, view) + 1)
        layout = QTextLayout(option.text, option.font)
        wrap = QTextOption()
        wrap.setWrapMode(QTextOption.WrapMode.WordWrap if view.wordWrap() else QTextOption.WrapMode.NoWrap)
        layout.setTextOption(wrap)
        layout.beginLayout()
        height, widest = 0.0, 0.0
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            height += line.height()
            widest = max(widest, line.naturalTextWidth())
        layout.endLayout()
        if widest > width + 0.5 or height > rect.height() + 0.5:
            cut.append(text)
    return cut


def drawn_result(results: Any, row: int) -> list[tuple[Any, str, bool]]:
    """What the search results' delegate draws for a row: (rect, text, bold) of each
    drawText, in order, recorded by painting the row with a painter that notes them."""
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    drawn: list[tuple[Any, str, bool]] = []

    class Recorder(QPainter):
        def drawText(self, *args: Any) -> None:  # (rect, flags, text), as the delegate calls it
            drawn.append((args[0], args[2], self.font().bold()))
            super().drawText(*args)

    index = results.model().index(row, 0)
    option = QStyleOptionViewItem()
    results.initViewItemOption(option)
    option.rect = results.visualRect(index)
    image = QImage(results.viewport().size(), QImage.Format.Format_ARGB32)
    painter = Recorder(image)
    results.itemDelegate().paint(painter, option, index)
    painter.end()
    return drawn


def result_rows_cut_off(results: Any) -> list[str]:
    """The titles of the search results that do not read whole as drawn: the title (the
    bold lines at the top of the row) is not all there, ends with "…", or a text goes past
    the row's edges."""
    import re

    letters = re.compile(r"[\W_]")
    cut = []
    for row in range(results.model().rowCount()):
        index = results.model().index(row, 0)
        title = str(index.data())
        rect = results.visualRect(index)
        drawn = drawn_result(results, row)
        lines: dict[int, list[tuple[str, bool]]] = {}
        for box, text, bold in drawn:
            lines.setdefault(box.top(), []).append((text, bold))
        whole, shown = letters.sub("", title), ""
        for pieces in lines.values():  # a snippet may start with a bold line of its own
            text = "".join(text for text, _bold in pieces)
            if not all(bold for _text, bold in pieces) or not whole.startswith(
                letters.sub("", shown + text)
            ):
                break
            shown += text
            if letters.sub("", shown) == whole:
                break
        inside = all(rect.left() <= box.left() and box.right() <= rect.right()
                     and rect.top() <= box.top() and box.bottom() <= rect.bottom()
                     for box, _text, _bold in drawn)  # fmt: skip
        if not inside or "…" in shown or letters.sub("", shown) != letters.sub("", title):
            cut.append(title)
    return cut


def placeholder_cut_off(field: Any, placeholder: str | None = None) -> bool:
    """Whether Qt draws ``placeholder`` (the field's own by default) cut short in ``field``.

    Two plain QLineEdits beside the field, so under the same style sheets, with its font and
    height, draw the placeholder: one at the field's width, one far wider. Qt cuts a
    placeholder that does not fit with "…", so left of the narrow one's right-hand frame
    their pictures differ only if it was cut.
    """
    from PySide6.QtWidgets import QLineEdit

    text = field.placeholderText() if placeholder is None else placeholder
    pictures = []
    for extra in (0, 2000):
        twin = QLineEdit(field.parentWidget())
        twin.setFont(field.font())
        twin.setPlaceholderText(text)
        twin.resize(field.width() + extra, field.height())
        twin.show()
        pictures.append(twin.grab().toImage())
        twin.hide()
        twin.deleteLater()
    narrow, wide = pictures
    return any(narrow.pixel(x, y) != wide.pixel(x, y)
               for x in range(field.width() - 8) for y in range(field.height()))  # fmt: skip


def accessible_row_names(view: Any) -> list[str]:
    """The rows of an item view as a screen reader gets them (their accessible names)."""
    from PySide6.QtGui import QAccessible

    table = QAccessible.queryAccessibleInterface(view)
    rows = (table.child(i) for i in range(table.childCount()))
    return [row.text(QAccessible.Text.Name) for row in rows if row is not None]


def broken_words_in_tables(view: Any) -> list[str]:
    """Lines in the page's tables that start inside a word (where no line may break)."""
    from PySide6.QtCore import QTextBoundaryFinder
    from PySide6.QtGui import QTextTable

    doc = view.document()
    doc.documentLayout().documentSize()  # laid out in full
    broken = []
    for frame in doc.rootFrame().childFrames():
        if not isinstance(frame, QTextTable):
            continue
        block = doc.findBlock(frame.firstPosition())
        while block.isValid() and block.position() < frame.lastPosition():
            layout = block.layout()
            breaks = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, block.text())
            for n in range(1, layout.lineCount()):
                start = layout.lineAt(n).textStart()
                breaks.setPosition(start)
                if not breaks.isAtBoundary():
                    broken.append(block.text()[:start] + " / " + block.text()[start:])
            block = block.next()
    return broken


SOFT_HYPHEN = "\u00ad"


def page_headings(view: Any) -> list[tuple[int, str, float, list[float]]]:
    """Each heading of a text view's page as laid out: (level, its text as read, without soft
    hyphens, its point size, the width of each of its lines in pixels)."""
    doc = view.document()
    doc.documentLayout().blockBoundingRect(doc.lastBlock())  # laid out in full
    found = []
    block = doc.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level and block.text().strip():
            layout = block.layout()
            lines = [layout.lineAt(n).naturalTextWidth() for n in range(layout.lineCount())]
            size = block.begin().fragment().charFormat().font().pointSizeF()
            found.append((level, block.text().replace(SOFT_HYPHEN, ""), size, lines))
        block = block.next()
    return found


def zoomed_window(qtbot: Any, library: Any, tmp_path: Path, zoom: int, text_scale: float = 1.0,
                  width: int = 1100) -> Any:  # fmt: skip
    """A main window on ``library`` at ``zoom`` steps of Larger text (and a kiosk's
    ``text_scale``), ``width`` px wide, shown."""
    from healthreader.settings import Settings
    from healthreader.ui.mainwindow import MainWindow

    settings = Settings(tmp_path / "settings.ini")
    settings.zoom_steps = zoom
    window = MainWindow(library, settings, {}, lambda: None, text_scale=text_scale)
    qtbot.addWidget(window)
    window.resize(width, 760)
    window.show()
    qtbot.waitExposed(window)
    return window


def resize_view(window: Any, width: int) -> None:
    """Resize a main window until its article view is ``width`` pixels wide. (A few rounds:
    the sidebar takes at most a third of a narrow window, so it narrows with it.)"""
    from PySide6.QtWidgets import QApplication

    for _ in range(20):
        if window.view.width() == width:
            return
        window.resize(window.width() - (window.view.width() - width), window.height())
        QApplication.processEvents()
    assert window.view.width() == width


def line_width(view: Any) -> float:
    """How wide a line of a text view's page may be: its width less the page's margins
    (the article view sets its column with the root frame's left and right margins)."""
    doc = view.document()
    style = doc.rootFrame().frameFormat()
    return float(doc.textWidth() - style.leftMargin() - style.rightMargin())


def distinct_colours(image: Any, step: int = 7) -> int:
    """How many colours a QImage shows on a sparse grid: a blank screenshot has one or two."""
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)
    }
    return len(colours)


class SaveDialog:
    """Stands in for QFileDialog.getSaveFileName: records what it was offered, answers
    ``answer`` (None: the user cancelled)."""

    def __init__(self, answer: Path | None) -> None:
        self.answer = answer
        self.offered: list[str] = []

    def __call__(self, parent: Any, caption: str, suggested: str, filters: str) -> tuple[str, str]:
        self.offered.append(suggested)
        return (str(self.answer) if self.answer else "", filters if self.answer else "")


def answer_message_box(button_text: str, seen: list[str]) -> None:
    """When a modal message box is up, note its text and press the button with that text."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)  # not shown yet: look again once events ran
            return
        seen.append(box.text())
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
                return
        raise AssertionError(f"no {button_text!r} button in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(0, answer)


def pdf_pages(path: Path) -> list[str]:
    """Each page's text as a reader sees it, whitespace runs made one space."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def pdf_text(path: Path) -> str:
    return " ".join(pdf_pages(path))


class FakeClock:
    """A wall clock the test moves by hand."""

    def __init__(self, t: float = 1_750_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


class StandInPreview:
    """What the stood-in print preview saw; its paint request went to ``out`` (a PDF)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.doc_names: list[str] = []
        self.window_titles: list[str] = []


def text_size(path: Path, page: int, phrase: str) -> float:
    """The type size, in points, of the first line on ``page`` that starts with ``phrase``."""
    sizes: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if " ".join(text.split()).startswith(phrase):
            sizes.append(size * abs(tm[3]) * abs(cm[3]))

    from pypdf import PdfReader

    PdfReader(io.BytesIO(path.read_bytes())).pages[page].extract_text(visitor_text=visit)
    assert sizes, f"{phrase!r} is not on page {page + 1}"
    return sizes[0]


def double_click_as_a_mouse_does(qtbot: Any, widget: Any, pos: Any) -> None:
    """Press, release, press, double-click, release: what a real mouse sends."""
    from PySide6.QtCore import Qt

    left = Qt.MouseButton.LeftButton
    qtbot.mousePress(widget, left, pos=pos)
    qtbot.mouseRelease(widget, left, pos=pos)
    qtbot.mousePress(widget, left, pos=pos)
    qtbot.mouseDClick(widget, left, pos=pos)
    qtbot.mouseRelease(widget, left, pos=pos)


# -- very long handouts (tests/ui/test_pdf_long.py, and benchmarks/export.py's figures) -----

SENTENCES = (
    "Your care team will explain what the test results mean for you.",
    "Some people have mild signs for years, and others feel unwell quickly.",
    "Write down your questions before each visit so you do not forget them.",
    "A healthy diet, regular sleep and gentle exercise help many people feel better.",
    "Tell your doctor about every medicine you take, including vitamins and herbs.",
    "Most people can keep working and going to school with the right support.",
    "Ask what to do if a new symptom appears between your checkups.",
)
LAST_PARAGRAPH = "This is the very last paragraph of the huge article."


def long_article_html(size: int, table_every: int = 40) -> str:
    """About ``size`` characters of numbered parts: paragraphs of 1 to 12 sentences (short
    ones, that a page break may leave one line of), a list every 5 parts, a small table
    every ``table_every`` parts (0: none), then ``LAST_PARAGRAPH``."""
    parts = []
    total = 0
    number = 0
    while total < size:
        number += 1
        part = [f"<h2>Part {number}</h2>"]
        for paragraph in range(1 + number % 4):
            count = 1 + (number * 7 + paragraph * 5) % 12
            part.append("<p>" + " ".join(SENTENCES[(number + paragraph + k) % len(SENTENCES)]
                                         for k in range(count)) + "</p>")
        if number % 5 == 0:
            part.append("<ul>" + "".join(f"<li>{SENTENCES[(number + k) % len(SENTENCES)]}</li>"
                                         for k in range(3)) + "</ul>")
        if table_every and number % table_every == 0:
            part.append(f"<table><tr><th>Table {number}</th><th>Note</th></tr>" + "".join(
                f"<tr><td>Row {k}</td><td>{SENTENCES[k]}</td></tr>" for k in range(4))
                + "</table>")
        text = "".join(part)
        parts.append(text)
        total += len(text)
    parts.append(f"<p>{LAST_PARAGRAPH}</p>")
    return "".join(parts)


def wide_table_html(rows: int, columns: int = 12) -> str:
    """A table too wide for the page even in small type (printed row by row), between two
    paragraphs; cell "R{row}C{column} value"."""
    head = "".join(f"<th>Heading {c}</th>" for c in range(1, columns + 1))
    body = "".join("<tr>" + "".join(f"<td>R{r}C{c} value</td>" for c in range(1, columns + 1))
                   + "</tr>" for r in range(1, rows + 1))
    return (f"<p>Before the table.</p><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table><p>After the table.</p>")


def jpeg_on_its_side(path: Path, width: int, height: int, rgb: tuple[int, int, int] = (30, 120, 200)) -> Path:
    """A JPEG stored ``width`` × ``height`` with the note a phone's camera writes (EXIF
    orientation 6: turn it a quarter to the right), so it is upright ``height`` wide."""
    import struct

    from PySide6.QtGui import QColor, QImage

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(*rgb))
    path.parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(path), "JPEG", 90)
    tiff = (b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1)
            + struct.pack("<HHIHH", 0x0112, 3, 1, 6, 0) + struct.pack("<I", 0))  # fmt: skip
    exif = b"Exif\x00\x00" + tiff
    data = path.read_bytes()
    path.write_bytes(data[:2] + b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif + data[2:])
    return path


def dark_palette() -> Any:
    """A desktop's dark mode, as Qt's Fusion style paints it (Windows 11, GNOME and KDE
    dark modes hand the application a palette like this one)."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette(QColor("#3c3c3c"), QColor("#2d2d2d"))  # button, window
    roles = {"Base": "#1e1e1e", "AlternateBase": "#2d2d2d", "Text": "#f0f0f0",
             "WindowText": "#f0f0f0", "ButtonText": "#f0f0f0", "BrightText": "#ffffff",
             "Link": "#80b4ff", "ToolTipBase": "#2d2d2d", "ToolTipText": "#f0f0f0",
             "PlaceholderText": "#a0a0a0", "Highlight": "#2a82da", "HighlightedText": "#ffffff"}  # fmt: skip
    for role, colour in roles.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    return palette


def contrast(first: Any, second: Any) -> float:
    """The WCAG contrast ratio of two QColors (1 to 21; 4.5 is the least for body text)."""

    def luminance(colour: Any) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())

    a, b = luminance(first), luminance(second)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def text_contrast(image: Any, rect: Any) -> tuple[float, Any]:
    """How well text drawn in ``rect`` of a QImage stands out: the contrast of its most
    common colour (the background) with the pixel that differs from it most, and that
    background colour."""
    from collections import Counter

    from PySide6.QtGui import QColor

    rect = rect.intersected(image.rect())
    pixels = Counter(image.pixel(x, y) for x in range(rect.left(), rect.right() + 1)
                     for y in range(rect.top(), rect.bottom() + 1))  # fmt: skip
    background = QColor.fromRgb(pixels.most_common(1)[0][0])
    best = max(contrast(background, QColor.fromRgb(pixel)) for pixel in pixels)
    return best, background


def text_rect(view: Any, text: str) -> Any:
    """Where ``text`` (on one line) is drawn in a text view's viewport, scrolled into sight."""
    from PySide6.QtGui import QTextCursor

    cursor = view.document().find(text)
    assert not cursor.isNull(), f"{text!r} is not on the page"
    start, end = QTextCursor(view.document()), QTextCursor(view.document())
    start.setPosition(cursor.selectionStart())
    end.setPosition(cursor.selectionEnd())
    view.setTextCursor(end)
    view.ensureCursorVisible()
    first, last = view.cursorRect(start), view.cursorRect(end)
    assert first.top() == last.top(), f"{text!r} is on more than one line"
    return first.united(last)


def edit_keeping_size_and_times(path: Path, old: str, new: str) -> None:
    """Edit a file as a copy tool that keeps times does (or a FAT stick's 2-second clock):
    the same size, its modification time put back. Only once the file system's clock has
    moved on from the file's status-change time, which such an edit then moves."""
    assert len(old) == len(new)
    before = path.stat()
    probe = path.with_name(".clock")
    probe.write_bytes(b"")
    while probe.stat().st_ctime_ns <= max(before.st_ctime_ns, before.st_mtime_ns):
        probe.write_bytes(b"")  # the clock the file system stamps files with, not a sleep
    probe.unlink()
    path.write_text(path.read_text("utf-8").replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def saved_on_status_bar(window: Any, path: Path) -> bool:
    """Whether the window's status bar says ``path`` was saved, as a user sees it: the whole
    message, or (too long for the bar) one that names the file, with its path as tooltip."""
    from healthreader.ui.printing import saved_message

    bar = window.statusBar()
    shown = bar.currentMessage()
    if shown == saved_message(path):
        return True
    return shown.startswith(f"Saved \u201c{path.name}\u201d in ") and bar.toolTip() == str(path)


def end_pause(qtbot: Any, speech: Any) -> None:
    """The typing pauses now: what an ``announce.AfterTyping`` holds is said (with the
    ``screen_reader`` fixture its pause is a minute long)."""
    if speech.waiting():
        pause = speech._timer.interval()
        speech._timer.start(0)
        qtbot.waitUntil(lambda: not speech.waiting())
        speech._timer.setInterval(pause)  # the next words wait as long again
