"""export/pdf.py: a packet as its reader holds it: each article's pages with the footer in
that article's language, a title two languages share marked with its language in the
footer, and a contents too long for one page headed again on the next. Read back with
pypdf: each page's text.
"""

from __future__ import annotations

import datetime
import io
import re

from pypdf import PdfReader
from PySide6.QtGui import QPageSize

from healthreader.content.model import Article, Library, Source
from healthreader.content.wording import ENGLISH, SPANISH
from healthreader.export.pdf import render_pdf

PRINTED = datetime.date(2026, 5, 6)


def pages_text(data: bytes) -> list[str]:
    """Each page's text as a reader would copy it: words separated by single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def topic(article_id: str, title: str, language: str = "en", paragraphs: int = 2) -> Article:
    """An article of ``paragraphs`` paragraphs (30 fill about two pages)."""
    text = ("Este párrafo cuenta una cosa más que una familia puede querer saber." if language == "es"
            else "This paragraph tells one more thing a family may want to know.")
    body = "".join(f"<p>{n}. {text} {text} {text}</p>" for n in range(1, paragraphs + 1))
    return Article(
        id=article_id, title=title, summary=f"About {title}.", reviewed=datetime.date(2025, 6, 1),
        body="", body_html=f"<h2>{title}</h2>{body}", language=language,
        sources=(Source("MedlinePlus", title, datetime.date(2024, 1, 2)),),
    )


def export(articles: list[Article], library: Library | None, **kwargs: object) -> list[str]:
    kwargs.setdefault("page_size", QPageSize(QPageSize.PageSizeId.A4))
    return pages_text(render_pdf(articles, library, {}, printed_on=PRINTED,
                                 **kwargs))  # type: ignore[arg-type]


def listed_pages(contents: str, count: int) -> list[int]:
    """The page each of the ``count`` entries of the contents points at, in order."""
    found = re.findall(r"(\d+)\. [^.]*? About [^.]*\. (\d+)", contents)
    assert [int(number) for number, _ in found] == list(range(1, count + 1)), contents
    return [int(page) for _, page in found]


def test_each_article_of_a_two_language_packet_has_the_footer_in_its_own_language(qapp: object) -> None:
    """The Spanish article's pages carried the English emergency line and "Page N of M"."""
    english = topic("lupus", "Lupus", paragraphs=30)
    spanish = topic("lupus-es", "Lupus", "es", paragraphs=30)
    hives = topic("hives", "Hives")
    library = Library.from_articles([english, spanish, hives])

    pages = export([english, spanish, hives], library)

    total = len(pages)
    starts = listed_pages(pages[0], 3)
    assert starts[0] == 2 and starts[1] - starts[0] >= 2 and starts[2] - starts[1] >= 2
    # The contents stays in the packet's language (English: not every article is Spanish).
    assert pages[0].startswith("Health Reader Your handouts This packet has 3 handouts.")
    assert pages[0].endswith(f"{ENGLISH.disclaimer_line} Page 1 of {total} Contents")
    # Each article's pages: its own language, its title as the contents lists it, and the
    # page numbers counted across the whole packet.
    owners = [("Lupus (English)", ENGLISH)] * (starts[1] - starts[0])
    owners += [("Lupus (español)", SPANISH)] * (starts[2] - starts[1])
    owners += [("Hives", ENGLISH)] * (total + 1 - starts[2])
    for number, (page, (title, words)) in enumerate(zip(pages[1:], owners, strict=True), start=2):
        label = words.page.format(page=number, pages=total)
        assert page.endswith(f"{words.disclaimer_line} {label} {title}"), (number, page[-250:])
        other = SPANISH if words is ENGLISH else ENGLISH
        assert other.disclaimer_line not in page
        assert other.page.format(page=number, pages=total) not in page
    assert "1. Lupus (English) About Lupus." in pages[0]
    assert "2. Lupus (español) About Lupus." in pages[0]


def test_a_spanish_article_first_in_a_two_language_packet_keeps_its_spanish_footer(qapp: object) -> None:
    """In large print too, whichever language comes first: the packet's own pages are in
    English, the Spanish article's in Spanish."""
    spanish = topic("asma", "Asma", "es", paragraphs=6)
    english = topic("hives", "Hives", paragraphs=6)

    pages = export([spanish, english], Library.from_articles([spanish, english]), large_print=True)

    total = len(pages)
    starts = listed_pages(pages[0], 2)
    assert pages[0].endswith(f"{ENGLISH.disclaimer_line} Page 1 of {total} Contents")
    for number in range(starts[0], starts[1]):
        assert pages[number - 1].endswith(
            f"{SPANISH.disclaimer_line} Página {number} de {total} Asma"), pages[number - 1][-250:]
    for number in range(starts[1], total + 1):
        assert pages[number - 1].endswith(
            f"{ENGLISH.disclaimer_line} Page {number} of {total} Hives"), pages[number - 1][-250:]


def test_a_one_language_handout_names_its_article_in_the_footer_as_the_lists_do(qapp: object) -> None:
    """A single handout of English "Lupus" from a library that also has Spanish "Lupus" says
    which one it is on every page, as its file name does; a title no other language has is
    printed as it is."""
    english = topic("lupus", "Lupus", paragraphs=30)
    spanish = topic("lupus-es", "Lupus", "es")
    asma = topic("asma", "Asma", "es")
    library = Library.from_articles([english, spanish, asma])

    pages = export([english], library)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert page.endswith(f"Page {number} of {len(pages)} Lupus (English)"), page[-120:]
    [page] = export([asma], library)
    assert page.endswith(f"{SPANISH.disclaimer_line} Página 1 de 1 Asma")


def numbered(count: int, language: str = "en") -> list[Article]:
    return [topic(f"condition-{n}", f"Condition number {n}", language) for n in range(1, count + 1)]


def check_contents(pages: list[str], count: int, heading: str, continued: str) -> int:
    """The contents pages: the first with ``heading``, each next with ``continued`` right
    under the header, and every entry pointing at the page its article starts on. Returns
    how many pages the contents takes."""
    contents = [page for page in pages if page.endswith((" Contents", " Contenido"))]
    assert pages[:len(contents)] == contents
    assert contents[0].startswith(f"Health Reader {heading} ")
    for page in contents[1:]:
        assert page.startswith(f"Health Reader {continued} "), page[:120]
        assert page.count(continued) == 1
    starts = listed_pages(" ".join(contents), count)
    for number, start in enumerate(starts, start=1):
        assert pages[start - 1].startswith(f"Health Reader Condition number {number} "), (
            number, start, pages[start - 1][:60])
    return len(contents)


def test_a_contents_that_goes_on_to_more_pages_is_headed_again_on_each(qapp: object) -> None:
    """The second page of a long contents started with an entry, nothing to say what it was."""
    pages = export(numbered(50), None)

    assert check_contents(pages, 50, "Your handouts", "Your handouts (continued)") == 4
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page


def test_the_heading_again_that_pushes_the_contents_onto_another_page_keeps_every_page_number_right(
    qapp: object,
) -> None:
    """25 entries in large print fill two pages to the last line: the headings again take a
    third, and every article, and every "(page N)" pointing at one, moves a page on."""
    articles = numbered(25)
    # Each article and the next name each other: "Condition number 2 (page N)".
    articles = [article._replace(related=(f"condition-{n + 2}",)) if n < 24 else article
                for n, article in enumerate(articles)]

    pages = export(articles, Library.from_articles(articles), large_print=True)

    assert check_contents(pages, 25, "Your handouts", "Your handouts (continued)") == 3
    starts = listed_pages(" ".join(pages[:3]), 25)
    for number, start in enumerate(starts[:-1], start=1):
        article_pages = " ".join(pages[start - 1:starts[number] - 1])
        assert f"Condition number {number + 1} (page {starts[number]})" in article_pages, number
    assert pages[-1].endswith(f"Page {len(pages)} of {len(pages)} Condition number 25")


def test_a_spanish_contents_is_headed_again_in_spanish(qapp: object) -> None:
    pages = export(numbered(30, "es"), None)

    assert check_contents(pages, 30, "Sus hojas informativas",
                          "Sus hojas informativas (continuación)") == 2
    assert pages[1].endswith(f"{SPANISH.disclaimer_line} Página 2 de {len(pages)} Contenido")
