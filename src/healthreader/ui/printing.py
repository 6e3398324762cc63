"""Print (with preview), Export PDF and the kiosk's direct print: the window's side of handouts.

Everything is painted by ``healthreader.export.pdf.paint_handout``, so the preview, the
paper and the PDF have the same pages. The main window calls:

    print_articles(self, [article], library, glossary, clinic, large_print, save_folder)
    export_pdf_dialog(self, [article], library, glossary, clinic, large_print, save_folder=save_folder)

the handout dialog (``ui/handoutdialog.py``) calls the same two with the clinician's
articles in packet order, and the kiosk calls ``print_direct("Front Desk", ...)``, which
shows no dialog at all. ``save_folder`` (the window's ``ui/savefolder.SaveFolder``, shared
with its handout dialog) makes the save dialog start in the folder the user chose last.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QStandardPaths, Qt
from PySide6.QtGui import QAction, QFontMetrics, QKeyEvent, QKeySequence
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMessageBox,
    QToolBar,
    QWidget,
)

from healthreader.content.glossary import Glossary
from healthreader.content.model import Article, Library
from healthreader.errors import ExportError
from healthreader.export.handout import default_file_name, document_title
from healthreader.export.pdf import (
    PictureProblem,
    handout_page_layout,
    paint_handout,
    render_pdf,
    write_pdf,
)
from healthreader.ui.savefolder import SaveFolder

NO_PRINTER_MESSAGE = "No printer is installed. You can save the handout as a PDF instead."
UNUSABLE_PRINTER_MESSAGE = ("The printer \u201c{name}\u201d cannot be used. Check that it is on "
                            "and connected, or save the handout as a PDF instead.")
EXPORT_BUTTON_TEXT = "Export PDF…"
PRINTED_MESSAGE = "Sent the handout to the printer."


def saved_message(path: Path) -> str:
    """What the window's status bar says after a handout was saved: the file's name first,
    so that a status bar too narrow for the folder still shows it (see fitted_message).

    >>> saved_message(Path("/home/pat/Documents/Lupus - Health Reader.pdf"))
    'Saved “Lupus - Health Reader.pdf” in /home/pat/Documents'
    """
    return f"Saved \u201c{path.name}\u201d in {path.parent}"


_SAVED = re.compile("Saved \u201c(?P<name>.*)\u201d in (?P<folder>.*)", re.DOTALL)


def fitted_message(message: str, metrics: QFontMetrics, width: int) -> tuple[str, str]:
    """(``message`` as it fits ``width`` px, its tooltip: "" when it fits whole).

    A saved_message loses the middle of its folder first ("/home/…/Documents"), then the
    middle of the file's name, never the name whole; the tooltip is the file's full path.
    Any other message is cut at its end with "…", and the tooltip is the whole message.
    """
    if metrics.horizontalAdvance(message) <= width:
        return message, ""
    elide = Qt.TextElideMode.ElideMiddle
    saved = _SAVED.fullmatch(message)
    if saved is None:
        return metrics.elidedText(message, Qt.TextElideMode.ElideRight, width), message
    name, folder = saved["name"], saved["folder"]
    full_path = str(Path(folder) / name)
    named = f"Saved \u201c{name}\u201d in "
    room = width - metrics.horizontalAdvance(named)
    if room >= metrics.horizontalAdvance("/\u2026/"):
        return named + metrics.elidedText(folder, elide, room), full_path
    frame = "Saved \u201c\u201d"
    return f"Saved \u201c{metrics.elidedText(name, elide, width - metrics.horizontalAdvance(frame))}\u201d", full_path


def print_articles(
    parent: QWidget,
    articles: Sequence[Article],
    library: Library | None,
    glossary: Glossary,
    clinic: str | None,
    large_print: bool,
    save_folder: SaveFolder | None = None,
) -> str | None:
    """Print with a preview; with no printer installed, say so and offer Export PDF instead.

    What happened, for the status bar (``PRINTED_MESSAGE``, or ``saved_message`` when it was
    saved as a PDF instead); None when the user cancelled or it failed (a message said why).

    Never falls back to printing into a file on its own: a patient who pressed Print and got
    a PDF somewhere on disk would think the page was printed.
    """
    if not QPrinterInfo.availablePrinters():
        return _export_instead(parent, NO_PRINTER_MESSAGE, articles, library, glossary, clinic,
                               large_print, save_folder)  # fmt: skip
    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        info = QPrinterInfo.availablePrinters()[0]
    printer = _printer_for(info, articles, library)
    if not _prints_on_paper(printer):
        name = info.printerName()
        message = UNUSABLE_PRINTER_MESSAGE.format(name=name) if name else NO_PRINTER_MESSAGE
        return _export_instead(parent, message, articles, library, glossary, clinic, large_print,
                               save_folder)  # fmt: skip
    preview = QPrintPreviewDialog(printer, parent)
    preview.setWindowTitle(f"Print preview: {document_title(articles, library)}")
    fit_preview(preview)
    failures: list[str] = []
    problems: list[PictureProblem] = []  # of the last painting: the one that was printed

    def paint(device: QPrinter) -> None:
        # A long handout takes seconds to lay out: say so, as Export PDF… does. A slot must
        # not raise: Qt would only print the traceback. Keep the reason.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        problems.clear()
        try:
            paint_handout(device, articles, library, glossary, clinic=clinic,
                          large_print=large_print, picture_problems=problems)  # fmt: skip
        except ExportError as exc:
            failures.append(str(exc))
        finally:
            QApplication.restoreOverrideCursor()

    preview.paintRequested.connect(paint)
    printed = preview.exec() == QDialog.DialogCode.Accepted
    preview.deleteLater()
    if failures:
        QMessageBox.warning(parent, "Could not print", f"The handout could not be printed: "
                                                       f"{failures[-1]}")
        return None
    if printed and problems:
        QMessageBox.warning(parent, "Pictures missing from the handout",
                            pictures_message(PRINTED_MESSAGE.rstrip("."), problems))  # fmt: skip
    return PRINTED_MESSAGE if printed else None


def fit_preview(preview: QPrintPreviewDialog) -> None:
    """Qt's print preview, made usable with the keyboard alone and on a small screen.

    As Qt makes it, its Print button cannot take the focus and no key prints: Tab only
    reaches the page, the zoom and the page number. Here Ctrl+P (the key that opened it)
    prints, as does Enter on the page or on the Print button, which Tab now reaches; Enter
    in the zoom or page field keeps its meaning. Print goes through Qt's own print action
    (its printer dialog, then the pages), as a click on the button does.

    It fills the screen's free area (maximized): at 200 % on a 1366x768 screen Qt's own
    size showed the page at 17 % and hid Print behind the toolbar's "»".
    """
    preview.setWindowState(preview.windowState() | Qt.WindowState.WindowMaximized)
    printing = _print_action(preview)
    if printing is None:  # a Qt that names it otherwise: the preview as Qt makes it
        return
    printing.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
    printing.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    key = printing.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    printing.setToolTip(f"{printing.toolTip()} ({key}, or Enter)")
    keys = _PreviewKeys(printing, preview)
    for toolbar in preview.findChildren(QToolBar):
        if printing not in toolbar.actions():
            continue
        # First on the toolbar: at the end (Qt's place) it went behind "»" at 200 %.
        first = toolbar.actions()[0]
        if first is not printing:
            toolbar.insertAction(first, printing)  # a new button for it
            toolbar.insertSeparator(first)
        button = toolbar.widgetForAction(printing)
        if button is not None:
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.installEventFilter(keys)
    for page in preview.findChildren(QPrintPreviewWidget):
        page.installEventFilter(keys)
        for child in page.findChildren(QWidget):  # its QGraphicsView, which has the focus
            child.installEventFilter(keys)


def _print_action(preview: QPrintPreviewDialog) -> QAction | None:
    """The preview's own Print action (in the language Qt's strings are shown in)."""
    name = QCoreApplication.translate("QPrintPreviewDialog", "Print")
    return next((action for action in preview.findChildren(QAction)
                 if action.text().replace("&", "") == name), None)  # fmt: skip


class _PreviewKeys(QObject):
    """Enter on the preview's page or on its Print button prints (see fit_preview)."""

    def __init__(self, printing: QAction, parent: QObject) -> None:
        super().__init__(parent)
        self._printing = printing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):  # fmt: skip
            self._printing.trigger()
            return True
        return False


def _export_instead(parent: QWidget, message: str, articles: Sequence[Article],
                    library: Library | None, glossary: Glossary, clinic: str | None,
                    large_print: bool, save_folder: SaveFolder | None) -> str | None:  # fmt: skip
    """No usable printer: say so, and save a PDF if the user wants that instead."""
    if not _offer_export_instead(parent, message):
        return None
    saved = export_pdf_dialog(parent, articles, library, glossary, clinic, large_print,
                              save_folder=save_folder)  # fmt: skip
    return saved_message(saved) if saved is not None else None


def _offer_export_instead(parent: QWidget, message: str = NO_PRINTER_MESSAGE) -> bool:
    """The "no printer" (or "this printer cannot be used") message; True if the user chose
    Export PDF."""
    box = QMessageBox(QMessageBox.Icon.Information, "Print", message,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a printer's name is not markup
    box.setAccessibleName("No printer")
    export = box.addButton(EXPORT_BUTTON_TEXT, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(export)
    box.exec()
    chosen = box.clickedButton() is export
    box.deleteLater()
    return chosen


def _printer_for(info: QPrinterInfo, articles: Sequence[Article],
                 library: Library | None = None) -> QPrinter:  # fmt: skip
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    # Paper, not a file: QPrinter turns into a PDF writer if these are ever set otherwise.
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    printer.setOutputFileName("")
    # The printer's own paper (a US front desk prints Letter whatever the kiosk's locale);
    # the locale's only when the printer names none.
    paper = info.defaultPageSize()
    printer.setPageLayout(handout_page_layout(paper if paper.isValid() else None))
    printer.setDocName(document_title(articles, library))
    return printer


def _prints_on_paper(printer: QPrinter) -> bool:
    """False when Qt quietly turned the printer into a PDF writer.

    QPrinter falls back to PdfFormat by itself when it cannot print natively to the printer
    it was given (the printer vanished, no print system); printing would then "succeed"
    into a file the user never chose.
    """
    return (printer.isValid() and not printer.outputFileName()
            and printer.outputFormat() == QPrinter.OutputFormat.NativeFormat)


def print_direct(
    printer_name: str,
    articles: Sequence[Article],
    library: Library | None,
    glossary: Glossary,
    clinic: str | None,
    large_print: bool,
) -> list[PictureProblem]:
    """Print to the named printer with no dialog (the kiosk's front-desk printer); returns
    the pictures the handout could not show (their descriptions are printed instead).

    Raises ExportError if that printer is not installed or cannot be printed to; it never
    picks another printer or a file instead.
    """
    info = QPrinterInfo.printerInfo(printer_name)
    if info.isNull():
        raise ExportError(f"The printer {printer_name!r} is not installed.")
    printer = _printer_for(info, articles, library)
    if not _prints_on_paper(printer):
        raise ExportError(f"The printer {printer_name!r} cannot be used.")
    problems: list[PictureProblem] = []
    paint_handout(printer, articles, library, glossary, clinic=clinic, large_print=large_print,
                  picture_problems=problems)  # fmt: skip
    return problems


def export_pdf_dialog(
    parent: QWidget,
    articles: Sequence[Article],
    library: Library | None,
    glossary: Glossary,
    clinic: str | None,
    large_print: bool,
    directory: Path | None = None,
    save_folder: SaveFolder | None = None,
) -> Path | None:
    """Ask where to save (default name from the title), write the PDF; the path, or None.

    None when the user cancelled or the file could not be written; in the latter case a
    message names the file and says why, and no file (nor any temporary one) is left behind.

    The dialog starts in ``directory`` if given, else in the folder last chosen in
    ``save_folder`` (while it still exists), else in Documents; a file chosen (saved or
    not) becomes ``save_folder``'s folder.
    """
    folder = directory or (save_folder.folder() if save_folder is not None else None)
    folder = folder or _documents_folder()
    with _FitsScreen(parent):
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, "Export PDF", str(folder / default_file_name(articles, library)),
            "PDF files (*.pdf)")  # fmt: skip
    if not chosen:
        return None
    path = Path(chosen)
    if save_folder is not None:
        save_folder.chose(path)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(f"{path.name}.pdf")
        # The dialog asked about replacing the name as typed, not this one.
        if _exists(path) and not _confirm_replace(parent, path):
            return None
    failed: str | None = None
    problems: list[PictureProblem] = []
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        data = render_pdf(articles, library, glossary, clinic=clinic, large_print=large_print,
                          picture_problems=problems)  # fmt: skip
        write_pdf(data, path)
    except ExportError as exc:
        failed = str(exc) if str(path) in str(exc) else f"Could not save the handout to {path}: {exc}"
    except OSError as exc:  # write_pdf names the system's reasons; never fail silently
        failed = f"Could not save the handout to {path}: {exc.strerror or exc}"
    finally:
        QApplication.restoreOverrideCursor()
    if failed is not None:
        QMessageBox.warning(parent, "Could not save the handout", failed)
        return None
    if problems:
        QMessageBox.warning(parent, "Pictures missing from the handout",
                            pictures_message(saved_message(path), problems))  # fmt: skip
    return path


class _FitsScreen(QObject):
    """``with _FitsScreen(parent):`` a save dialog of Qt's own opened meanwhile is no larger
    than the screen's free area (with room for a frame like ``parent``'s window's), so
    that Qt centres it inside that area. At 200 % on a 1366x768 screen it opened 412 px tall on a 384 px screen, with
    "Files of type" and Cancel below the edge. A desktop's own dialog is not a widget here,
    and is left as it is."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__()
        self._parent = parent

    def __enter__(self) -> _FitsScreen:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        return self

    def __exit__(self, *_exc: object) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Show and isinstance(watched, QFileDialog)
                and watched.isWindow()):  # fmt: skip
            fit_screen(watched, self._parent)
        return False


def fit_screen(window: QWidget, like: QWidget) -> None:
    """``window`` (about to be shown) made no larger than its screen's free area; its
    frame is taken to be as wide as ``like``'s window's (Qt knows a window's own only once
    it is shown)."""
    shown = like.window()
    frame = shown.frameGeometry()
    inner = shown.geometry()
    left, top = inner.left() - frame.left(), inner.top() - frame.top()
    right, bottom = frame.right() - inner.right(), frame.bottom() - inner.bottom()
    room = window.screen().availableGeometry().adjusted(left, top, -right, -bottom)
    width = max(min(window.width(), room.width()), window.minimumWidth())
    height = max(min(window.height(), room.height()), window.minimumHeight())
    # Not moved: a dialog then centres itself on its parent, inside the screen (QDialog's
    # showEvent, after this).
    window.resize(width, height)


def pictures_message(done: str, problems: Sequence[PictureProblem]) -> str:
    """What the window says when a handout was saved or printed without some of its
    pictures (each printed as its description): what was done, then each picture in
    ``check``'s words.

    >>> print(pictures_message(saved_message(Path("/docs/Knee - Health Reader.pdf")),
    ...                        [PictureProblem(Path("/c/knee.md"), 9, "knee.png", "not found")]))
    Saved “Knee - Health Reader.pdf” in /docs; 1 picture could not be shown, so its description is printed in its place:
    /c/knee.md:9: picture 'knee.png' not found
    """
    if len(problems) == 1:
        said = "1 picture could not be shown, so its description is printed in its place"
    else:
        said = f"{len(problems)} pictures could not be shown, so their descriptions are printed in their place"
    lines = "\n".join(str(problem) for problem in problems)
    return f"{done}; {said}:\n{lines}"


def _exists(path: Path) -> bool:
    """Whether ``path`` is there; False when it cannot even be looked for (a name too long
    for the file system): saving then fails with the reason."""
    try:
        return path.exists()
    except OSError:
        return False


def _documents_folder() -> Path:
    """Documents, or the home folder where there is none: given a folder that does not
    exist, Qt's save dialog opened in the program's working folder instead."""
    location = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location and Path(location).is_dir() else Path.home()


def _confirm_replace(parent: QWidget, path: Path) -> bool:
    answer = QMessageBox.question(
        parent, "Replace file?", f"{path.name} already exists in {path.parent}. Replace it?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
