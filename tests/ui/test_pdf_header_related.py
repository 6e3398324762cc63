"""export/pdf.py: a long clinic name in the page header, and related conditions in a packet
pointing at their pages; read back as text with pypdf."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QFontDatabase, QPageSize
from pytestqt.qtbot import QtBot

from healthreader.content.model import Article, Library
from healthreader.export.pdf import render_pdf, unprintable_characters
from healthreader.ui.handoutdialog import CLINIC_CUT_NOTE, CLINIC_FONT_NOTE, HandoutDialog
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


#: A clinic's name in Japanese and English; and a character from the Private Use Area, which
#: only special-purpose fonts give a picture (an icon font): a box on any ordinary computer.
JAPANESE_CLINIC = "東京クリニック Tokyo Clinic"
NO_FONT = "\ue000"


def has_japanese_font() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.Japanese))


def test_characters_no_installed_font_has_are_found(qapp: object) -> None:
    """Qt takes a character from any installed font that has it; what no font has prints as
    an empty box ("東京" with no CJK font installed)."""
    assert unprintable_characters(f"Clínica Ñandú — Tel. (555) {NO_FONT}") == NO_FONT
    assert unprintable_characters("Clínica Ñandú e\u0301 \u200d") == ""
    assert unprintable_characters(JAPANESE_CLINIC) == ("" if has_japanese_font() else "東京クリニッ")


def test_export_says_so_when_no_font_can_print_the_clinic_name(tmp_path: Path) -> None:
    """A clinic name in a script no installed font has printed as a row of empty boxes, and
    nothing said so: the PDF is still written, and stderr names the characters and the file."""
    out = tmp_path / "handout.pdf"
    done = run_healthreader(["--no-bundled", "--content", str(FIXTURE_LIBRARY), "--settings",
                             "/dev/null", "export", "sun-rash", "-o", str(out), "--clinic",
                             f"Riverside {NO_FONT} Clinic"])
    assert done.returncode == 0, done.stderr
    assert pages_text(out.read_bytes())[0].startswith("Riverside")
    [line] = [line for line in done.stderr.splitlines() if "font" in line]
    assert f"({NO_FONT})" in line and str(out) in line and "empty boxes" in line
    assert "Traceback" not in done.stderr and "QFont" not in done.stderr

    # Every character printable: not a word about fonts.
    done = run_healthreader(["--no-bundled", "--content", str(FIXTURE_LIBRARY), "--settings",
                             "/dev/null", "export", "sun-rash", "-o", str(out), "--clinic",
                             "Clínica Ñandú"])
    assert done.returncode == 0 and "font" not in done.stderr, done.stderr


def test_the_handout_dialog_notes_a_clinic_name_no_font_can_print(qtbot: QtBot) -> None:
    library = Library.from_articles([article("lupus", "Lupus", 2)])
    dialog = HandoutDialog(library, {}, "Clínica Ñandú", ["lupus"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.clinic_note.isVisible()  # accents: any font has them
    dialog.clinic_edit.setText(f"Riverside {NO_FONT} Clinic")
    qtbot.waitUntil(dialog.clinic_note.isVisible)
    assert dialog.clinic_note.text() == CLINIC_FONT_NOTE.format(characters=NO_FONT)
    # Too long as well: both are said.
    dialog.clinic_edit.setText(f"{LONG_CLINIC} {NO_FONT} {LONG_CLINIC}")
    qtbot.waitUntil(lambda: dialog.clinic_note.text().startswith(CLINIC_CUT_NOTE))
    assert dialog.clinic_note.text().endswith(CLINIC_FONT_NOTE.format(characters=NO_FONT))
    dialog.clinic_edit.setText("Riverside Family Clinic")
    qtbot.waitUntil(lambda: not dialog.clinic_note.isVisible())


def start_page(pages: list[str], title: str) -> int:
    """The page (from 1) that starts with the article ``title`` under the header."""
    [number] = [n for n, page in enumerate(pages, start=1)
                if page.startswith(f"Health Reader {title} ")]
    return number


@pytest.mark.parametrize("large_print", [False, True])
def test_a_related_condition_in_the_packet_is_printed_with_its_page(
    qapp: object, large_print: bool
) -> None:
    first = article("lupus", "Lupus", 12, related=("vasculitis", "hives-not-here"))
    library = Library.from_articles([
        first, article("hives", "Hives", 25), article("vasculitis", "Vasculitis", 3),
        article("hives-not-here", "Kidney disease", 1),
    ])
    packet = [library.get("lupus"), library.get("hives"), library.get("vasculitis")]
    pages = pages_text(render_pdf(packet, library, {}, large_print=large_print,
                                  printed_on=PRINTED))
    vasculitis = start_page(pages, "Vasculitis")
    assert vasculitis > 4  # behind Lupus's pages and Hives's
    lupus = start_page(pages, "Lupus")
    text = " ".join(pages[lupus - 1:start_page(pages, "Hives") - 1])
    related = re.search(r"You can also read about: (.*?\.) ", text)
    assert related, text[-400:]
    # In this packet: its page, the page it really starts on. Not in it: the title alone.
    assert related.group(1) == f"Kidney disease, Vasculitis (page {vasculitis})."
    # Vasculitis lists Lupus back (related both ways round).
    assert f"Lupus (page {lupus})." in " ".join(pages[vasculitis - 1:])


def test_a_spanish_article_names_the_page_in_spanish(qapp: object) -> None:
    library = Library.from_articles([
        article("lupus", "Lupus", 2, related=("vasculitis",), language="es"),
        article("vasculitis", "Vasculitis", 2, language="es"),
    ])
    pages = pages_text(render_pdf([library.get("lupus"), library.get("vasculitis")], library,
                                  {}, printed_on=PRINTED))
    vasculitis = start_page(pages, "Vasculitis")
    assert f"También puede leer sobre: Vasculitis (página {vasculitis})." in " ".join(pages)


def test_one_article_alone_names_its_related_conditions_without_pages(qapp: object) -> None:
    library = Library.from_articles([
        article("lupus", "Lupus", 2, related=("vasculitis",)),
        article("vasculitis", "Vasculitis", 2),
    ])
    text = " ".join(pages_text(render_pdf([library.get("lupus")], library, {},
                                          printed_on=PRINTED)))
    assert "You can also read about: Vasculitis. " in text


WHERE_TO_FIND = "Read these in Health Reader or ask your care team for a copy."
SOME_ELSEWHERE = ("The ones without a page number are not in this packet: read them in "
                  "Health Reader or ask your care team for a copy.")


def test_related_conditions_not_in_the_handout_say_where_to_find_them(qapp: object) -> None:
    """On paper a related condition was a bare title, with no way to get to its article:
    a line after the titles now tells the reader where to find them."""
    library = Library.from_articles([
        article("lupus", "Lupus", 2, related=("vasculitis", "hives")),
        article("vasculitis", "Vasculitis", 2), article("hives", "Hives", 2),
    ])
    alone = " ".join(pages_text(render_pdf([library.get("lupus")], library, {},
                                           printed_on=PRINTED)))
    assert f"You can also read about: Hives, Vasculitis. {WHERE_TO_FIND} " in alone
    # A packet with one of them: the other is the one to find elsewhere.
    pages = pages_text(render_pdf([library.get("lupus"), library.get("vasculitis")], library, {},
                                  printed_on=PRINTED))
    lupus = " ".join(pages[start_page(pages, "Lupus") - 1:start_page(pages, "Vasculitis") - 1])
    vasculitis = start_page(pages, "Vasculitis")
    assert (f"You can also read about: Hives, Vasculitis (page {vasculitis}). {SOME_ELSEWHERE} "
            in lupus)
    # Vasculitis's only related condition (Lupus) is in the packet: nothing more is said.
    text = " ".join(pages)
    assert WHERE_TO_FIND not in text
    assert text.count(SOME_ELSEWHERE) == 1


def test_a_spanish_handout_says_where_to_find_them_in_spanish(qapp: object) -> None:
    library = Library.from_articles([
        article("lupus", "Lupus", 2, related=("vasculitis",), language="es"),
        article("vasculitis", "Vasculitis", 2, language="es"),
    ])
    text = " ".join(pages_text(render_pdf([library.get("lupus")], library, {},
                                          printed_on=PRINTED)))
    assert ("También puede leer sobre: Vasculitis. Puede leerlos en Health Reader o pedir una "
            "copia a su equipo de salud.") in text
    assert "Health Reader or ask" not in text
