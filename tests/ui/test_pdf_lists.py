"""export/pdf.py: lists on paper. The "When to get help right away" section stays on one page,
and no list leaves one item alone at a page's head or foot. Read back with pypdf."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageSize

from healthreader.content.model import Article
from healthreader.export import pdf
from healthreader.export.pdf import render_pdf

PRINTED = datetime.date(2026, 11, 22)

# What each article is printed as: large print on Letter, where a clinician's tester found
# the emergency list split (its last sign alone on the next page), and normal print on A4.
SIZES = [(True, "Letter"), (False, "A4")]


def pages_text(data: bytes) -> list[str]:
    """Each page's text as a reader would copy it: words separated by single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def filler(lines: int) -> str:
    """Paragraphs of one line each (a short sentence), ``lines`` of them: they move what
    follows down the page a line at a time."""
    return "".join(f"<p>Filler {n} is one short line.</p>" for n in range(1, lines + 1))


def article(lines: int, body: str, language: str = "en") -> Article:
    return Article(id=f"lists-{lines}", title="Lists", summary="Lists on paper.",
                   reviewed=PRINTED, body="", language=language,
                   body_html=f"<h2>What is it?</h2>{filler(lines)}{body}")


def render(doc: Article, large_print: bool, size: str) -> list[str]:
    return pages_text(render_pdf([doc], None, {}, printed_on=PRINTED, large_print=large_print,
                                 page_size=QPageSize(getattr(QPageSize.PageSizeId, size))))


def pages_of(pages: list[str], words: str) -> list[int]:
    return [number for number, text in enumerate(pages, start=1) if words in text]


EMERGENCY = {
    "en": ("When to get help right away",
           "<p>Call your local emergency number (such as 911 in the U.S.) if you have:</p>",
           "Questions to ask your care team"),
    "es": ("Cuándo buscar ayuda de inmediato",
           "<p>Llame al número de emergencias de su zona (como el 911 en los EE. UU.) si tiene:</p>",
           "Preguntas para su equipo de salud"),
}


def emergency_body(language: str) -> str:
    heading, lead, after = EMERGENCY[language]
    signs = "".join(f"<li>Sign {n} that needs help now.</li>" for n in range(1, 6))
    return (f"<h2>{heading}</h2>{lead}<ul>{signs}</ul>"
            f"<h2>{after}</h2><p>Ask what each of your medicines is for.</p>")


def split_sections(language: str, large_print: bool, size: str) -> list[int]:
    """The filler lengths (one page's worth, a line at a time) for which the emergency
    section, heading to last sign, is not all on one page."""
    heading = EMERGENCY[language][0]
    split = []
    for lines in range(0, 40):
        pages = render(article(lines, emergency_body(language), language), large_print, size)
        on = pages_of(pages, heading) + pages_of(pages, "Sign 1 ") + pages_of(pages, "Sign 5 ")
        assert len(on) == 3, on  # each printed once
        if len(set(on)) > 1:
            split.append(lines)
    return split


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("large_print", "size"), SIZES)
def test_the_emergency_section_is_printed_whole_on_one_page(
    qapp: object, monkeypatch: pytest.MonkeyPatch, language: str, large_print: bool, size: str
) -> None:
    # Wherever the section falls on the page, the heading, its lead-in and all five signs
    # are on one page: a patient reading to a page's foot must not think the list ended.
    assert split_sections(language, large_print, size) == []
    # ...and the section is placed where it would split: without the rule (headings and
    # lines are still kept as before), it does.
    monkeypatch.setattr(pdf, "_get_help_split", lambda doc, heading: False)
    monkeypatch.setattr(pdf, "_continue_get_help", lambda doc, words: 0)
    monkeypatch.setattr(pdf, "_item_left_alone", lambda *args: None)
    assert split_sections(language, large_print, size) != []


def list_body() -> str:
    items = "".join(f"<li>Step {n} of the list, one line.</li>" for n in range(1, 6))
    return (f"<h2>Caring for your knee</h2><p>These steps help most people.</p><ul>{items}</ul>"
            f"<p>After the list comes more text.</p>{filler(30)}")


def lone_items(large_print: bool, size: str) -> dict[str, list[int]]:
    """For each filler length: the list's last item alone on its page ("last"), or its first
    item alone at a page's foot ("first")."""
    found: dict[str, list[int]] = {"last": [], "first": []}
    for lines in range(0, 40):
        pages = render(article(lines, list_body()), large_print, size)
        on = [pages_of(pages, f"Step {n} ") for n in range(1, 6)]
        assert all(len(page) == 1 for page in on), on  # each printed once
        first, *_, before_last, last = [page[0] for page in on]
        if last != before_last:
            found["last"].append(lines)
        if first != on[1][0]:
            found["first"].append(lines)
    return found


@pytest.mark.parametrize(("large_print", "size"), SIZES)
def test_no_list_item_is_left_alone_at_a_page_head_or_foot(
    qapp: object, monkeypatch: pytest.MonkeyPatch, large_print: bool, size: str
) -> None:
    # The last step goes to the next page with the one before it; the first goes on with
    # the lines that introduce it. The list may still start or end at a page break.
    assert lone_items(large_print, size) == {"last": [], "first": []}
    monkeypatch.setattr(pdf, "_item_left_alone", lambda *args: None)
    without = lone_items(large_print, size)
    assert without["last"] != [] and without["first"] != []


def test_a_list_longer_than_a_page_is_still_split(qapp: object) -> None:
    items = "".join(f"<li>Item {n} of a long list, one line.</li>" for n in range(1, 81))
    pages = render(article(3, f"<ul>{items}</ul><p>The end.</p>"), True, "Letter")
    on = [pages_of(pages, f"Item {n} ")[0] for n in range(1, 81)]
    assert on == sorted(on) and len(set(on)) >= 3
    # ...with more than one item on its last page.
    assert on.count(on[-1]) > 1


def test_a_section_of_another_name_is_not_kept_together(qapp: object) -> None:
    # "When to get help" (not the section's own heading) is an ordinary heading and list:
    # only a lone item or a heading left behind moves.
    body = emergency_body("en").replace("When to get help right away", "Other signs")
    split = 0
    for lines in range(0, 40):
        pages = render(article(lines, body), True, "Letter")
        split += len(set(pages_of(pages, "Other signs") + pages_of(pages, "Sign 5 "))) > 1
    assert split > 0


def test_a_break_set_before_the_words_to_know_box_went_on_leaves_no_page_nearly_empty(qapp: object) -> None:
    # The bundled "Autoimmune diseases", large print, Letter: the pass put "Sources" on a new
    # page while it was at a page's foot; "Words to know (continued)" then moved it down, and
    # the page before it held only the last line of "Related conditions".
    from healthreader.cli import Options, load_content

    catalogue, library = load_content(Options(), io.StringIO())
    try:
        data = render_pdf([library.get("autoimmune-diseases")], library, catalogue.glossary,
                          clinic="Riverside Family Clinic", large_print=True,
                          page_size=QPageSize(QPageSize.PageSizeId.Letter), printed_on=PRINTED)
    finally:
        catalogue.close()

    pages = pages_text(data)
    [tail] = pages_of(pages, "Read these in Health Reader")
    assert pages_of(pages, "Sources MedlinePlus") == [tail]


# --- a long emergency section: split with a "(continued)" heading rather than leave a half-empty page

CONTINUED = "When to get help right away (continued)"


def long_emergency_body(signs: int = 16) -> str:
    heading, lead, after = EMERGENCY["en"]
    items = "".join(f"<li>Sign {n} that needs help now.</li>" for n in range(1, signs + 1))
    return (f"<h2>{heading}</h2>{lead}<ul>{items}</ul>"
            f"<h2>{after}</h2><p>Ask what each of your medicines is for.</p>")


def test_a_long_emergency_section_goes_on_under_a_continued_heading_rather_than_leave_half_a_page_empty(
    qapp: object,
) -> None:
    # Moved whole, a section this long left up to half a page empty above it. Now, where
    # that would leave 40% of the page empty or more, it starts where it is: its heading
    # and two signs at least on that page, the rest on the next under "(continued)".
    full = render(article(120, ""), False, "A4")
    per_page = sum(f"Filler {n} " in full[1] for n in range(1, 121))  # a page of filler
    split = 0
    for lines in range(per_page + 1, 2 * per_page):  # the filler ends on page 2
        pages = render(article(lines, long_emergency_body()), False, "A4")
        [end] = pages_of(pages, f"Filler {lines} ")
        [first] = [n for n, text in enumerate(pages, start=1) if EMERGENCY["en"][0] in text.replace(CONTINUED, "")]
        signs = [pages_of(pages, f"Sign {n} that")[0] for n in range(1, 17)]
        assert signs[0] == signs[1] == first, lines
        later = sorted(set(signs) - {first})
        # Every later page it reaches is headed again, above its first sign.
        assert pages_of(pages, CONTINUED) == later, lines
        for page in later:
            assert pages[page - 1].index(CONTINUED) < pages[page - 1].index("Sign "), lines
            assert signs.count(page) >= 2, lines  # no sign alone
        filled = sum(f"Filler {n} " in pages[end - 1] for n in range(1, lines + 1))
        if filled <= per_page // 2:
            assert first == end, lines  # moved, it would leave half the page empty
        split += bool(later)
    assert split > 0


def test_the_bundled_itp_emergency_section_no_longer_leaves_half_a_page_empty(qapp: object) -> None:
    # "Immune thrombocytopenia (ITP)", large print, A4: the section moved whole to page 6
    # and left the lower half of page 5 empty.
    from healthreader.cli import Options, load_content

    catalogue, library = load_content(Options(), io.StringIO())
    try:
        data = render_pdf([library.get("immune-thrombocytopenia")], library, catalogue.glossary,
                          large_print=True, page_size=QPageSize(QPageSize.PageSizeId.A4),
                          printed_on=PRINTED)
    finally:
        catalogue.close()
    pages = pages_text(data)
    [living] = pages_of(pages, "Living with it")
    [heparin] = pages_of(pages, "If you are getting heparin")
    assert pages_of(pages, "Get emergency care for: Bleeding that will not stop.") == [living]
    assert pages_of(pages, "Large amounts of blood in urine") == [living]
    assert pages_of(pages, CONTINUED) == [heparin] == [living + 1]
