"""export/pdf.py: a long clinic name in the page header, and related conditions in a packet
pointing at their pages; read back as text with pypdf."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageSize
from pytestqt.qtbot import QtBot

from healthreader.content.model import Article, Library
from healthreader.export.pdf import render_pdf
from healthreader.ui.handoutdialog import CLINIC_CUT_NOTE, HandoutDialog
from helpers import FIXTURE_LIBRARY, run_healthreader

PRINTED = datetime.date(2026, 11, 21)

#: Where clinics put their phone number: at the end of the name (106 characters).
LONG_CLINIC = ("Riverside Family Health Centre — Dr. Ana Lucía Fernández-García & "
               "Dr. Joseph O'Neill — Tel. (555) 010-2000")


def pages_text(data: bytes) -> list[str]:
    """Each page's text as a reader would copy it: words separated by single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def article(article_id: str, title: str, paragraphs: int, related: tuple[str, ...] = (),
            language: str = "en") -> Article:  # fmt: skip
    body = "".join(f"<h2>Part {k}</h2><p>{title} part {k} tells a family one more thing about "
                   "daily life, checkups, school, work and travel, in short and plain words "
                   "that are easy to read and easy to remember.</p>" for k in range(paragraphs))
    return Article(id=article_id, title=title, summary=f"A short summary about {title}.",
                   reviewed=datetime.date(2026, 1, 2), body="", body_html=body,
                   related=related, language=language)


def test_a_long_clinic_name_is_printed_whole_on_every_page(qapp: object) -> None:
    assert len(LONG_CLINIC) == 106
    long_one = article("lupus", "Lupus", 30)
    for large_print in (False, True):
        pages = pages_text(render_pdf([long_one], None, {}, clinic=LONG_CLINIC,
                                      large_print=large_print, printed_on=PRINTED,
                                      page_size=QPageSize(QPageSize.PageSizeId.Letter)))
        assert len(pages) > 1
        for number, page in enumerate(pages, start=1):
            # The phone number is there, on every page, and nothing is cut with "…".
            assert page.startswith(LONG_CLINIC), (large_print, number, page[:150])
            assert "…" not in page
            assert "Health Reader" in page[:200]  # the app's name keeps its place
        # The article's text starts below the header's second line, not on top of it.
        assert pages[0].startswith(f"{LONG_CLINIC} Health Reader Lupus ") or \
            pages[0].startswith(f"{LONG_CLINIC} Lupus "), pages[0][:200]


def test_export_says_so_when_a_clinic_name_is_too_long_for_two_lines(tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    too_long = f"{LONG_CLINIC} — {LONG_CLINIC}"
    done = run_healthreader(["--no-bundled", "--content", str(FIXTURE_LIBRARY), "export",
                             "sun-rash", "-o", str(out), "--clinic", too_long, "--large-print"])
    assert done.returncode == 0, done.stderr
    assert "clinic name" in done.stderr and str(out) in done.stderr and "…" in done.stderr
    assert "Traceback" not in done.stderr
    header = pages_text(out.read_bytes())[0]
    assert header.startswith(LONG_CLINIC)  # as much as fits, then "…"
    assert "…" in header[:300]

    # A name that fits in two lines: not a word on stderr.
    done = run_healthreader(["--no-bundled", "--content", str(FIXTURE_LIBRARY), "export",
                             "sun-rash", "-o", str(out), "--clinic", LONG_CLINIC, "--large-print"])
    assert done.returncode == 0 and "clinic name" not in done.stderr, done.stderr
    assert pages_text(out.read_bytes())[0].startswith(LONG_CLINIC)


def test_the_handout_dialog_notes_a_clinic_name_that_will_be_cut(qtbot: QtBot) -> None:
    library = Library.from_articles([article("lupus", "Lupus", 2)])
    dialog = HandoutDialog(library, {}, LONG_CLINIC, ["lupus"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.clinic_note.isVisible()  # two lines hold it
    dialog.clinic_edit.setText(f"{LONG_CLINIC} — {LONG_CLINIC}")
    qtbot.waitUntil(dialog.clinic_note.isVisible)
    assert dialog.clinic_note.text() == CLINIC_CUT_NOTE
    dialog.clinic_edit.setText("Riverside Family Clinic")
    qtbot.waitUntil(lambda: not dialog.clinic_note.isVisible())
