"""ui/printing.py: Print with no printer, Export PDF through the save dialog, direct print."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from healthreader.content.model import Article, Library, Source
from healthreader.errors import ExportError
from healthreader.export.handout import DISCLAIMER_LINE
from healthreader.export.pdf import handout_page_layout, paint_handout, render_pdf
from healthreader.ui.printing import (
    NO_PRINTER_MESSAGE,
    UNUSABLE_PRINTER_MESSAGE,
    export_pdf_dialog,
    print_articles,
    print_direct,
)
from helpers import SaveDialog, StandInPreview, answer_message_box, pdf_text


def lupus() -> Article:
    return Article(
        id="lupus", title="Lupus",
        summary="A long-term disease in which the immune system attacks healthy parts of the body.",
        reviewed=datetime.date(2026, 1, 10), body="",
        body_html="<h2>What is it?</h2><p>Lupus can harm the skin, joints and kidneys.</p>"
                  + "<p>Rest helps on bad days.</p>" * 60,
        sources=(Source("MedlinePlus", "Lupus", datetime.date(2024, 3, 1)),),
    )


@pytest.fixture
def library() -> Library:
    return Library.from_articles([lupus()])


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the warning message boxes shown, answered with OK."""
    shown: list[str] = []

    def warning(parent: QWidget, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return shown


@pytest.fixture
def window(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_print_with_no_printer_says_so_and_offers_export_pdf(
    window: QWidget, library: Library, no_printer: None, tmp_path: Path, save_dialog: SaveDialog
) -> None:
    dialog = save_dialog
    seen: list[str] = []
    answer_message_box("Export PDF…", seen)

    done = print_articles(window, [library.get("lupus")], library, {}, "Riverside Family Clinic",
                          False)  # fmt: skip

    assert done == f"Saved \u201cchosen.pdf\u201d in {tmp_path}"  # for the status bar

    assert seen == [NO_PRINTER_MESSAGE]
    assert "You can save the handout as a PDF instead." in seen[0]
    assert dialog.offered and dialog.offered[0].endswith("Lupus - Health Reader.pdf")
    text = pdf_text(tmp_path / "chosen.pdf")
    assert text.startswith("Riverside Family Clinic Health Reader Lupus")
    assert DISCLAIMER_LINE in text


def test_cancelling_the_no_printer_message_saves_nothing(
    window: QWidget, library: Library, no_printer: None, tmp_path: Path, save_dialog: SaveDialog
) -> None:
    dialog = save_dialog
    seen: list[str] = []
    answer_message_box("Cancel", seen)

    assert print_articles(window, [library.get("lupus")], library, {}, None, False) is None

    assert seen == [NO_PRINTER_MESSAGE]
    assert dialog.offered == []
    assert list(tmp_path.iterdir()) == []


def test_export_pdf_offers_the_title_as_file_name_and_writes_the_file(
    window: QWidget, library: Library, tmp_path: Path, save_dialog: SaveDialog
) -> None:
    dialog = save_dialog
    dialog.answer = tmp_path / "for mum"  # typed without .pdf

    saved = export_pdf_dialog(window, [library.get("lupus")], library, {}, None, True,
                              directory=tmp_path)

    assert dialog.offered == [str(tmp_path / "Lupus - Health Reader.pdf")]
    assert saved == tmp_path / "for mum.pdf"
    assert "Lupus can harm the skin, joints and kidneys." in pdf_text(saved)


def test_export_pdf_cancelled_writes_nothing(
    window: QWidget, library: Library, tmp_path: Path, save_dialog: SaveDialog
) -> None:
    save_dialog.answer = None
    assert export_pdf_dialog(window, [library.get("lupus")], library, {}, None, False,
                             directory=tmp_path) is None
    assert list(tmp_path.iterdir()) == []


def test_export_pdf_failure_shows_a_message_naming_the_file(
    window: QWidget, library: Library, warnings: list[str], tmp_path: Path, save_dialog: SaveDialog
) -> None:
    blocker = tmp_path / "not a folder"
    blocker.write_text("a file where a folder should be")
    target = blocker / "Lupus - Health Reader.pdf"
    save_dialog.answer = target

    assert export_pdf_dialog(window, [library.get("lupus")], library, {}, None, False) is None
    assert len(warnings) == 1 and str(target) in warnings[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not a folder"]
    assert QApplication.overrideCursor() is None  # the wait cursor did not stay behind


@pytest.mark.parametrize("typed", ["with .pdf", "without .pdf"])
def test_export_pdf_to_a_name_too_long_says_so_and_writes_nothing(
    window: QWidget, library: Library, warnings: list[str], tmp_path: Path, save_dialog: SaveDialog,
    typed: str
) -> None:
    """A name longer than the file system takes raised OSError out of the window (nothing
    said at all) before; typed without .pdf, it did so while looking for the file."""
    target = tmp_path / ("a" * 300 + (".pdf" if typed == "with .pdf" else ""))
    save_dialog.answer = target

    assert export_pdf_dialog(window, [library.get("lupus")], library, {}, None, False) is None
    assert warnings == [f"Could not save the handout to {target.with_suffix('.pdf')}: "
                        "the file name is too long. Choose a shorter name."]
    assert list(tmp_path.iterdir()) == []
    assert QApplication.overrideCursor() is None


def test_export_pdf_offers_a_long_title_cut_to_a_name_that_can_be_saved(
    window: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 96-character Chinese title made a 308-byte name, cut at 120 characters: more than
    the 255 bytes a file name may take, so saving under the name offered failed."""
    title = "关于系统性红斑狼疮的患者教育资料" * 6
    article = lupus()._replace(id="cjk", title=title)
    offered: list[str] = []

    def as_offered(parent: object, caption: str, suggested: str, filters: str) -> tuple[str, str]:
        offered.append(suggested)
        return suggested, filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", as_offered)

    saved = export_pdf_dialog(window, [article], Library.from_articles([article]), {}, None,
                              False, directory=tmp_path)

    [name] = [Path(path).name for path in offered]
    assert len(name.encode("utf-8")) <= 255 and name.endswith(" - Health Reader.pdf")
    assert title.startswith(name.removesuffix(" - Health Reader.pdf"))
    assert saved == tmp_path / name and saved.is_file()


def test_a_printer_qt_cannot_print_to_is_no_printer_not_a_silent_file(
    window: QWidget, library: Library, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, save_dialog: SaveDialog
) -> None:
    # A listed printer Qt cannot print to natively: QPrinter would quietly become a PDF
    # writer. The user is told instead, and offered the real Export PDF.
    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: [QPrinterInfo()]))
    save_dialog.answer = None
    seen: list[str] = []
    answer_message_box("Cancel", seen)

    print_articles(window, [library.get("lupus")], library, {}, None, False)

    assert seen == [NO_PRINTER_MESSAGE]  # a printer with no name at all
    assert list(tmp_path.iterdir()) == []


def test_a_named_printer_qt_cannot_use_is_named_in_the_message(
    window: QWidget, library: Library, monkeypatch: pytest.MonkeyPatch, save_dialog: SaveDialog
) -> None:
    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: [QPrinterInfo()]))
    monkeypatch.setattr(QPrinterInfo, "printerName", lambda self: "Front <desk> laser")
    save_dialog.answer = None
    seen: list[str] = []
    answer_message_box("Cancel", seen)

    print_articles(window, [library.get("lupus")], library, {}, None, False)

    assert seen == [UNUSABLE_PRINTER_MESSAGE.format(name="Front <desk> laser")]
    assert "The printer \u201cFront <desk> laser\u201d cannot be used." in seen[0]


def test_print_preview_paints_the_handout(
    window: QWidget, library: Library, printed_preview: StandInPreview
) -> None:
    print_articles(window, [library.get("lupus")], library, {}, "Clinic", False)

    assert printed_preview.doc_names == ["Lupus - Health Reader"]
    assert printed_preview.window_titles == ["Print preview: Lupus - Health Reader"]
    text = pdf_text(printed_preview.out)
    assert text.startswith("Clinic Health Reader Lupus") and "Page 1 of" in text


def test_printing_lays_out_the_same_pages_as_the_pdf(
    qapp: object, library: Library, tmp_path: Path
) -> None:
    printed_on = datetime.date(2026, 5, 6)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(600)  # a printer's resolution, not the PDF writer's 1200 dpi
    layout = handout_page_layout()
    printer.setPageLayout(layout)
    pages = paint_handout(printer, [library.get("lupus")], library, {}, printed_on=printed_on)

    exported = render_pdf([library.get("lupus")], library, {}, printed_on=printed_on,
                          page_size=layout.pageSize())
    exported_pages = PdfReader(io.BytesIO(exported)).pages
    printed_pages = PdfReader(io.BytesIO((tmp_path / "printed.pdf").read_bytes())).pages
    assert pages == len(exported_pages) == len(printed_pages) > 1
    for on_paper, in_pdf in zip(printed_pages, exported_pages, strict=True):
        assert on_paper.extract_text().split() == in_pdf.extract_text().split()


def test_direct_print_to_a_missing_printer_is_refused_by_name(library: Library, qapp: object) -> None:
    with pytest.raises(ExportError, match="'Front Desk' is not installed"):
        print_direct("Front Desk", [library.get("lupus")], library, {}, None, False)


def test_a_printer_prints_on_its_own_paper(library: Library, qapp: object) -> None:
    """A US front-desk printer gets Letter even where the locale (or its absence, LANG=C)
    says A4; a printer that names no paper gets the locale's."""
    from PySide6.QtCore import QLocale
    from PySide6.QtGui import QPageSize

    from healthreader.ui.printing import _printer_for

    class LetterPrinter(QPrinterInfo):
        def defaultPageSize(self) -> QPageSize:
            return QPageSize(QPageSize.PageSizeId.Letter)

    before = QLocale()
    QLocale.setDefault(QLocale("de_DE"))
    try:
        letter = _printer_for(LetterPrinter(), [library.get("lupus")])
        unnamed = _printer_for(QPrinterInfo(), [library.get("lupus")])
    finally:
        QLocale.setDefault(before)

    assert letter.pageLayout().pageSize().id() == QPageSize.PageSizeId.Letter
    assert unnamed.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4


def test_the_preview_shows_a_busy_cursor_while_it_lays_the_handout_out(
    window: QWidget, library: Library, printed_preview: StandInPreview, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long handout takes seconds to lay out; the window says it is working (and not after)."""
    from healthreader.ui import printing

    busy: list[bool] = []
    paint = printing.paint_handout

    def watched(*args: Any, **kwargs: Any) -> int:
        cursor = QApplication.overrideCursor()
        busy.append(cursor is not None and cursor.shape() == Qt.CursorShape.WaitCursor)
        return paint(*args, **kwargs)

    monkeypatch.setattr(printing, "paint_handout", watched)
    print_articles(window, [library.get("lupus")], library, {}, None, False)

    assert busy == [True]
    assert QApplication.overrideCursor() is None


def test_the_worked_examples_hold() -> None:
    import doctest

    from healthreader.ui import printing

    failures, tried = doctest.testmod(printing)
    assert tried > 0 and failures == 0


def test_export_pdf_says_which_pictures_the_saved_handout_could_not_show(
    window: QWidget, tmp_path: Path, save_dialog: SaveDialog, warnings: list[str]
) -> None:
    from healthreader.content.loader import parse_article
    from helpers import write_article

    folder = tmp_path / "articles"
    page = write_article(folder, "knee-pain", title="Knee pain",
                         body="## What is it?\n\nPain in the knee.\n\n![Where it hurts](nothere.png)\n")  # fmt: skip
    article, _ = parse_article(page, {})
    line = page.read_text().splitlines().index("![Where it hurts](nothere.png)") + 1

    saved = export_pdf_dialog(window, [article], Library.from_articles([article]), {}, None, False)

    assert saved == tmp_path / "chosen.pdf" and saved.is_file()  # saved all the same
    assert warnings == [f"Saved \u201cchosen.pdf\u201d in {tmp_path}; 1 picture could not be shown, so its "
                        f"description is printed in its place:\n{page}:{line}: picture 'nothere.png' not found"]


def test_printing_says_which_pictures_the_printed_handout_could_not_show(
    window: QWidget, tmp_path: Path, printed_preview: StandInPreview, warnings: list[str]
) -> None:
    from healthreader.content.loader import parse_article
    from helpers import write_article

    page = write_article(tmp_path / "articles", "knee-pain", title="Knee pain",
                         body="## What is it?\n\nPain in the knee.\n\n![Where it hurts](nothere.png)\n")  # fmt: skip
    article, _ = parse_article(page, {})
    line = page.read_text().splitlines().index("![Where it hurts](nothere.png)") + 1

    done = print_articles(window, [article], Library.from_articles([article]), {}, None, False)

    assert done == "Sent the handout to the printer."  # printed all the same, with the description
    assert "Where it hurts" in pdf_text(printed_preview.out)
    assert warnings == ["Sent the handout to the printer; 1 picture could not be shown, so its description "
                        f"is printed in its place:\n{page}:{line}: picture 'nothere.png' not found"]  # fmt: skip


def test_a_print_with_all_its_pictures_warns_of_nothing(
    window: QWidget, library: Library, printed_preview: StandInPreview, warnings: list[str]
) -> None:
    assert print_articles(window, [library.get("lupus")], library, {}, None, False) is not None
    assert warnings == []


# -- the real print preview, with the keyboard alone -------------------------------------------


@pytest.fixture
def paper(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A printer is installed (the real preview, not a stand-in): what it prints goes to the
    PDF whose path is returned, as a printer's printer dialog hands it on."""
    from healthreader.ui import printing

    out = tmp_path / "printed.pdf"

    def printer_for(*_args: object) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: [QPrinterInfo()]))
    monkeypatch.setattr(printing, "_printer_for", printer_for)
    monkeypatch.setattr(printing, "_prints_on_paper", lambda printer: True)
    return out


def _in_preview(qtbot: Any, keys: Any, seen: dict[str, Any]) -> None:
    """Once the preview is up: note it and where the keyboard is, then ``keys(preview)``;
    Qt's printer dialog that follows is accepted (its Print pressed), and noted."""
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog

    def printer_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QPrintDialog):
            seen["printer dialog"] = True
            dialog.accept()
        elif isinstance(dialog, QPrintPreviewDialog):
            dialog.reject()  # nothing was printed: leave, so that the test can say so

    def preview() -> None:
        shown = QApplication.activeModalWidget()
        if not isinstance(shown, QPrintPreviewDialog) or not shown.isActiveWindow():
            QTimer.singleShot(20, preview)
            return
        seen["preview"] = shown.frameGeometry()
        seen["screen"] = shown.screen().availableGeometry()
        QTimer.singleShot(0, printer_dialog)  # runs in the printer dialog's own event loop
        keys(shown)

    QTimer.singleShot(0, preview)


def test_ctrl_p_in_the_print_preview_prints(
    window: QWidget, library: Library, paper: Path, qtbot: Any
) -> None:
    seen: dict[str, Any] = {}
    _in_preview(qtbot, lambda preview: qtbot.keyClick(
        QApplication.focusWidget() or preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier), seen)

    done = print_articles(window, [library.get("lupus")], library, {}, None, False)

    assert seen.get("printer dialog"), "Ctrl+P in the preview did not lead to printing"
    assert done == "Sent the handout to the printer."
    assert "Lupus can harm the skin" in pdf_text(paper)


def test_enter_on_the_previewed_page_prints(
    window: QWidget, library: Library, paper: Path, qtbot: Any
) -> None:
    seen: dict[str, Any] = {}

    def enter(preview: QWidget) -> None:
        seen["focus"] = QApplication.focusWidget()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    _in_preview(qtbot, enter, seen)

    done = print_articles(window, [library.get("lupus")], library, {}, None, False)

    assert seen["focus"] is not None  # the page has the keyboard when the preview opens
    assert done == "Sent the handout to the printer."
    assert "Lupus can harm the skin" in pdf_text(paper)


def test_tab_reaches_the_preview_s_print_button_and_space_on_it_prints(
    window: QWidget, library: Library, paper: Path, qtbot: Any
) -> None:
    from PySide6.QtWidgets import QToolButton

    seen: dict[str, Any] = {}

    def tab_to_print(preview: QWidget) -> None:
        for _ in range(12):
            focus = QApplication.focusWidget()
            if isinstance(focus, QToolButton) and focus.toolTip().startswith("Print"):
                seen["print button"] = focus.isVisible()
                qtbot.keyClick(focus, Qt.Key.Key_Space)
                return
            qtbot.keyClick(focus, Qt.Key.Key_Tab)

    _in_preview(qtbot, tab_to_print, seen)

    done = print_articles(window, [library.get("lupus")], library, {}, None, False)

    assert seen.get("print button"), "Tab never reached the preview's Print button"
    assert done == "Sent the handout to the printer."


def test_the_print_preview_fills_the_screen_s_free_area(
    window: QWidget, library: Library, paper: Path, qtbot: Any
) -> None:
    seen: dict[str, Any] = {}
    _in_preview(qtbot, lambda preview: preview.reject(), seen)

    print_articles(window, [library.get("lupus")], library, {}, None, False)

    screen, shown = seen["screen"], seen["preview"]
    assert screen.contains(shown), (shown, screen)
    assert shown.width() >= screen.width() * 0.9 and shown.height() >= screen.height() * 0.9


def test_the_export_pdf_dialog_fits_a_short_screen(
    window: QWidget, library: Library, tmp_path: Path, qtbot: Any
) -> None:
    """Qt's own save dialog (a desktop with no file dialog of its own) opened taller than
    the screen at 200 % on a 1366x768 screen: Cancel and "Files of type" were below its
    edge. Large text stands for the scaling here (the offscreen screen is 800 x 800)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QFont

    seen: dict[str, Any] = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog) or not dialog.isVisible():
            QTimer.singleShot(20, look)
            return
        seen["dialog"] = dialog.frameGeometry()
        seen["screen"] = dialog.screen().availableGeometry()
        seen["needs"] = dialog.sizeHint()
        dialog.reject()

    usual = QApplication.font()
    large = QFont(usual)
    large.setPointSize(30)
    QApplication.setFont(large)
    try:
        QTimer.singleShot(0, look)
        saved = export_pdf_dialog(window, [library.get("lupus")], library, {}, None, False,
                                  directory=tmp_path)  # fmt: skip
    finally:
        QApplication.setFont(usual)

    assert saved is None
    needs, screen = seen["needs"], seen["screen"]
    assert needs.width() > screen.width() or needs.height() > screen.height()  # as at 200 %
    assert seen["screen"].contains(seen["dialog"]), (seen["dialog"], seen["screen"])
