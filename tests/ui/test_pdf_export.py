"""export/pdf.py: the PDF a clinician hands over, read back as text with pypdf."""

from __future__ import annotations

import datetime
import io
import os
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QLocale, QSizeF
from PySide6.QtGui import QColor, QImage, QPageSize

from healthreader.content.model import Article, Library, Source
from healthreader.errors import ExportError
from healthreader.export import pdf
from healthreader.export.handout import DISCLAIMER_LINE
from healthreader.export.pdf import page_size_for_locale, render_pdf
from helpers import FIXTURE_LIBRARY, jpeg_on_its_side, run_healthreader

PRINTED = datetime.date(2026, 5, 6)
CLINIC = "Riverside Family Clinic"

GLOSSARY = {
    "lymphocyte": "A kind of white blood cell that fights germs.",
    "spleen": "An organ on the upper left side of the belly that filters the blood.",
}

# A realistic body: headings, paragraphs, a list with bold lead-ins, a table, internal links
# and glossary marks as the renderer writes them; then filler sections to make it ~1,400
# words, so it runs over several pages.
ALPS_BODY = """<h2>What is it?</h2>
<p>ALPS is a rare problem with the immune system, the body's defense against germs. It
involves a type of white blood cell called a <a class="glossary" href="glossary:lymphocyte"
title="A kind of white blood cell that fights germs.">lymphocyte</a>.</p>
<p>When you get sick, your body makes many extra lymphocytes to fight the germ. Once the germ
is gone, most of them switch off and die.</p>
<h2>Symptoms</h2>
<p>Signs often start in childhood and differ from person to person.</p>
<ul>
<li><strong>Swollen glands.</strong> Lymph nodes in the neck stay large without an
infection.</li>
<li><strong>A big spleen or liver.</strong> The belly may look full. See
<a href="article:enlarged-spleen">enlarged spleen</a>.</li>
<li><strong>Skin problems.</strong> A rash or <a href="article:hives">hives</a> is common.</li>
</ul>
<h2>Blood counts to watch</h2>
<table>
<thead><tr><th>Blood count</th><th>What a low count can cause</th></tr></thead>
<tbody>
<tr><td>Red blood cells</td><td>Tiredness and pale skin</td></tr>
<tr><td>Platelets</td><td>Easy bruising and bleeding</td></tr>
</tbody>
</table>
<h2>Living with it</h2>
<p>A large <a class="glossary" href="glossary:spleen" title="An organ.">spleen</a> can tear
if you get hit in the belly. Ask which sports are safe.</p>
""" + "".join(
    f"<h2>More about part {k}</h2>\n"
    + "".join(f"<p>Part {k} paragraph {p} explains one more thing a family may want to know "
              "about daily life, checkups, school, work and travel with this condition, in "
              "short and plain words that are easy to read.</p>\n" for p in range(1, 4))
    for k in range(1, 9)
)


def alps() -> Article:
    return Article(
        id="autoimmune-lymphoproliferative-syndrome",
        title="Autoimmune lymphoproliferative syndrome",
        summary="A rare condition, most often inherited, in which the body cannot get rid of "
                "extra immune cells.",
        reviewed=datetime.date(2026, 11, 21),
        body="(markdown)",
        body_html=ALPS_BODY,
        also_called=("ALPS", "Canale-Smith syndrome"),
        related=("hives", "enlarged-spleen"),
        sources=(
            Source("National Institute of Allergy and Infectious Diseases (NIAID)",
                   "Autoimmune Lymphoproliferative Syndrome (ALPS)", datetime.date(2019, 4, 19)),
            Source("MedlinePlus Genetics", "Autoimmune lymphoproliferative syndrome",
                   datetime.date(2020, 8, 18),
                   "https://medlineplus.gov/genetics/condition/autoimmune-lymphoproliferative-syndrome/"),
        ),
        glossary_terms=("lymphocyte", "spleen"),
    )


def short(article_id: str, title: str, first_sentence: str) -> Article:
    return Article(
        id=article_id, title=title, summary=f"A short summary about {title.lower()}.",
        reviewed=datetime.date(2025, 6, 1), body="",
        body_html=f"<h2>What is it?</h2><p>{first_sentence}</p>"
                  "<h2>When to get help</h2><ul><li>Trouble breathing.</li>"
                  "<li>Swelling of the lips or tongue.</li></ul>",
        sources=(Source("MedlinePlus", title, datetime.date(2024, 1, 2)),),
    )


@pytest.fixture
def library() -> Library:
    return Library.from_articles([
        alps(),
        short("hives", "Hives", "Hives are raised, itchy welts that often set off an allergy alarm."),
        short("enlarged-spleen", "Enlarged spleen", "An enlarged spleen is bigger than usual."),
    ])


def pages_text(data: bytes) -> list[str]:
    """Each page's text as a reader would copy it: words separated by single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def export(library: Library, ids: list[str], **kwargs: object) -> bytes:
    kwargs.setdefault("printed_on", PRINTED)
    kwargs.setdefault("page_size", QPageSize(QPageSize.PageSizeId.A4))
    return render_pdf([library.get(i) for i in ids], library, GLOSSARY,
                      **kwargs)  # type: ignore[arg-type]


def test_one_article_has_everything_a_reader_needs(qapp: object, library: Library) -> None:
    pages = pages_text(export(library, ["autoimmune-lymphoproliferative-syndrome"],
                              clinic=CLINIC))
    text = " ".join(pages)
    assert "Autoimmune lymphoproliferative syndrome Also called: ALPS, Canale-Smith syndrome" in text
    assert "Last reviewed: 21 November 2026 · Printed on: 6 May 2026" in text
    assert "A rare condition, most often inherited, in which the body cannot get rid of" in text
    assert "It involves a type of white blood cell called a lymphocyte." in text
    assert "Swollen glands. Lymph nodes in the neck stay large without an infection." in text
    assert "Platelets Easy bruising and bleeding" in text
    assert "Part 8 paragraph 3 explains one more thing" in text
    assert "Words to know lymphocyte: A kind of white blood cell that fights germs." in text
    assert "spleen: An organ on the upper left side of the belly that filters the blood." in text
    assert "You can also read about: Enlarged spleen, Hives." in text
    assert ("National Institute of Allergy and Infectious Diseases (NIAID). Autoimmune "
            "Lymphoproliferative Syndrome (ALPS). 19 April 2019.") in text
    assert ("MedlinePlus Genetics. Autoimmune lymphoproliferative syndrome. 18 August 2020. "
            "https://medlineplus.gov/genetics/condition/autoimmune-lymphoproliferative-syndrome/"
            in text)

    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert page.startswith(f"{CLINIC} Health Reader"), page[:80]
        assert DISCLAIMER_LINE in page
        assert f"Page {number} of {len(pages)}" in page


def test_a_spanish_article_is_printed_with_spanish_labels_and_footer(qapp: object, library: Library) -> None:
    from healthreader.content.wording import SPANISH

    lupus = Article(
        id="lupus", title="Lupus", summary="El sistema inmunitario ataca al cuerpo.",
        reviewed=datetime.date(2026, 11, 21), body="",
        body_html='<p>Puede causar <a class="glossary" href="glossary:spleen" title="x">spleen</a>.'
                  '</p><p><img alt="Rodilla" src="no-esta.png"></p>',
        also_called=("LES",), related=("hives",), language="es",
        sources=(Source("MedlinePlus en español", "Lupus", datetime.date(2024, 3, 1)),),
        glossary_terms=("spleen",),
    )  # fmt: skip
    with_lupus = Library.from_articles([lupus, *map(library.get, library.infos)])

    [page] = pages_text(export(with_lupus, ["lupus"]))

    assert page.startswith("Health Reader Lupus También se llama: LES Última revisión: "
                           "21 de noviembre de 2026 · Fecha de impresión: 6 de mayo de 2026")
    assert "[Imagen: Rodilla]" in page
    assert "Palabras que debe conocer spleen:" in page
    assert "Temas relacionados También puede leer sobre: Hives." in page
    assert "Fuentes MedlinePlus en español. Lupus. 1 de marzo de 2024." in page
    assert SPANISH.disclaimer_line in page and "Página 1 de 1" in page
    for english in ("Also called", "Last reviewed", "Printed on", "Words to know", "Related",
                    "Sources", "Picture", "Page 1", DISCLAIMER_LINE):  # fmt: skip
        assert english not in page
    # A packet with an English article has its contents in English, each article's own
    # labels and footer in its language.
    packet = pages_text(export(with_lupus, ["lupus", "hives"]))
    assert packet[0].startswith("Health Reader Your handouts This packet has 2 handouts.")
    assert "Page 1 of 3" in packet[0]
    assert "También se llama: LES" in packet[1] and "Página 2 de 3" in packet[1]
    assert SPANISH.disclaimer_line in packet[1] and DISCLAIMER_LINE not in packet[1]
    assert "Last reviewed: 1 June 2025" in packet[2] and "Page 3 of 3" in packet[2]


def test_without_a_clinic_the_header_still_names_the_app(qapp: object, library: Library) -> None:
    pages = pages_text(export(library, ["hives"]))
    assert pages == [pages[0]]
    assert pages[0].startswith("Health Reader Hives")
    assert "Page 1 of 1" in pages[0]


def test_links_are_plain_text_and_the_text_has_no_ligatures(qapp: object, library: Library) -> None:
    data = export(library, ["autoimmune-lymphoproliferative-syndrome", "hives"])
    reader = PdfReader(io.BytesIO(data))
    # Nothing to click on paper (Qt writes an empty /Annots array on every page).
    for page in reader.pages:
        annotations = page.get("/Annots")
        assert annotations is None or len(annotations.get_object()) == 0
    text = " ".join(pages_text(data))
    assert "article:" not in text and "glossary:" not in text
    assert "See enlarged spleen." in text
    # "off" must copy and search as "off", not as the single glyph "ﬀ".
    assert "set off an allergy alarm" in text
    assert not re.search("[\ufb00-\ufb06]", text)


def test_large_print_takes_more_pages(qapp: object, library: Library) -> None:
    normal = pages_text(export(library, ["autoimmune-lymphoproliferative-syndrome"]))
    large = pages_text(export(library, ["autoimmune-lymphoproliferative-syndrome"],
                              large_print=True))
    assert len(large) > len(normal)
    assert f"Page {len(large)} of {len(large)}" in large[-1]
    assert all(DISCLAIMER_LINE in page for page in large)


def test_a_packet_has_contents_and_each_article_from_a_new_page(qapp: object, library: Library) -> None:
    ids = ["hives", "autoimmune-lymphoproliferative-syndrome", "enlarged-spleen"]
    titles = ["Hives", "Autoimmune lymphoproliferative syndrome", "Enlarged spleen"]
    pages = pages_text(export(library, ids, clinic=CLINIC))
    contents = pages[0]
    assert contents.startswith(f"{CLINIC} Health Reader Your handouts This packet has 3 handouts.")
    starts = []
    for number, article_id in enumerate(ids, start=1):
        entry = f"{number}. {library.get(article_id).title} {library.get(article_id).summary} "
        match = re.search(re.escape(entry) + r"(\d+)", contents)
        assert match, (entry, contents)
        starts.append(int(match.group(1)))
    assert starts == sorted(starts) and starts[0] == 2
    # Each listed page really starts with that article's title, right under the header.
    for title, start in zip(titles, starts, strict=True):
        assert pages[start - 1].startswith(f"{CLINIC} Health Reader {title} "), pages[start - 1][:90]
    for number, page in enumerate(pages, start=1):
        assert DISCLAIMER_LINE in page and f"Page {number} of {len(pages)}" in page


def test_a_long_contents_over_several_pages_still_points_at_the_right_pages(qapp: object) -> None:
    articles = [short(f"condition-{n}", f"Condition number {n}", f"Text of condition {n}.")
                for n in range(1, 31)]
    pages = pages_text(render_pdf(articles, None, {}, printed_on=PRINTED))
    contents_pages = [p for p in pages if p.endswith("Contents")]
    assert len(contents_pages) >= 2
    listed = dict(re.findall(r"\d+\. (Condition number \d+) A short summary about "
                             r"condition number \d+\. (\d+)", " ".join(contents_pages)))
    assert len(listed) == 30
    for title, start in listed.items():
        assert pages[int(start) - 1].startswith(f"Health Reader {title} "), (title, start)


def placed_text(page: object) -> list[tuple[str, float, float]]:
    """The pieces of text on a pypdf page as drawn: (text, left, baseline from the top), in
    points."""
    height = float(page.mediabox.height)  # type: ignore[attr-defined]
    found: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            found.append((" ".join(text.split()), cm[0] * tm[4] + cm[2] * tm[5] + cm[4],
                          height - (cm[1] * tm[4] + cm[3] * tm[5] + cm[5])))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return found


@pytest.mark.parametrize("size", ["Letter", "A4"])
def test_the_contents_numbers_stay_whole_and_the_titles_line_up(qapp: object, size: str) -> None:
    """In large print, "10" was printed with its full stop on the line below."""
    articles = [short(f"condition-{n}", f"Condition {n}", f"Text of condition {n}.")
                for n in range(1, 13)]
    data = render_pdf(articles, None, {}, printed_on=PRINTED, large_print=True,
                      page_size=QPageSize(getattr(QPageSize.PageSizeId, size)))

    contents = [(number, text, left, baseline)
                for number, page in enumerate(PdfReader(io.BytesIO(data)).pages)
                for pieces in [placed_text(page)] if "Contents" in [text for text, _, _ in pieces]
                for text, left, baseline in pieces]

    titles = {text: (number, left, baseline) for number, text, left, baseline in contents
              if re.fullmatch(r"Condition \d+", text)}
    assert len(titles) == 12
    indent = min(left for _, left, _ in titles.values())
    numbers = sorted((number, baseline, text) for number, text, left, baseline in contents
                     if left < indent and re.fullmatch(r"[\d.]+", text))
    # Each number whole, with its full stop, on its title's line...
    assert [(text, (number, baseline)) for number, baseline, text in numbers] == [
        (f"{n}.", (titles[f"Condition {n}"][0], titles[f"Condition {n}"][2])) for n in range(1, 13)]
    # ...and the titles one under the other, whatever the width of the number before them.
    assert max(left for _, left, _ in titles.values()) - indent < 0.5


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("size", ["Letter", "A4"])
def test_headings_are_never_left_alone_at_the_foot_of_a_page(
    qapp: object, monkeypatch: pytest.MonkeyPatch, large_print: bool, size: str
) -> None:
    # Sections of varied length put headings at many different heights on the page (lengths
    # chosen so that, without the pass, some heading is stranded on every paper and size).
    sections = []
    for k in range(1, 41):
        sentences = " ".join(f"Line {k}.{s} of this section has a few plain words." for s in
                             range(1 + (k * 7) % 13))
        sections.append(f"<h2>Heading {k}</h2><p>Body {k} starts. {sentences}</p>")
    article = Article(id="long", title="Long", summary="Long.", reviewed=PRINTED, body="",
                      body_html="".join(sections))

    def stranded(data: bytes) -> list[int]:
        pages = pages_text(data)
        page_of = {}
        for number, page in enumerate(pages):
            for k in re.findall(r"Heading (\d+) ", page):
                page_of[f"h{k}"] = number
            for k in re.findall(r"Body (\d+) starts", page):
                page_of[f"b{k}"] = number
        return [k for k in range(1, 41) if page_of[f"h{k}"] != page_of[f"b{k}"]]

    def render() -> bytes:
        return render_pdf([article], None, {}, printed_on=PRINTED, large_print=large_print,
                          page_size=QPageSize(getattr(QPageSize.PageSizeId, size)))

    assert stranded(render()) == []
    # ...and this article does exercise it: without the pagination pass, some are stranded.
    monkeypatch.setattr(pdf, "_paginate", lambda doc: 0)
    assert stranded(render()) != []


def test_a_heading_after_a_words_to_know_box_that_moved_whole_is_not_left_at_a_page_foot(qapp: object) -> None:
    # A clinic's tester: the bundled Lupus, large print, A4, a two-line clinic name. The
    # "Words to know" box, split straight after its title, moves whole to the next page,
    # which moves "Related conditions" down to that page's foot, alone.
    from healthreader.cli import Options, load_content

    catalogue, library = load_content(Options(), io.StringIO())
    clinic = ("Riverside Family Clinic and Community Health Centre of the Upper Valley, "
              "1234 North Riverside Drive, Suite 400 · Tel. (555) 123-4567")  # fmt: skip
    try:
        data = render_pdf([library.get("lupus")], library, catalogue.glossary, clinic=clinic, large_print=True,
                          page_size=QPageSize(QPageSize.PageSizeId.A4), printed_on=PRINTED)  # fmt: skip
    finally:
        catalogue.close()

    [page] = [page for page in pages_text(data) if "Related conditions" in page]
    assert "Related conditions You can also read about:" in page


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en_US", "Letter"), ("en_CA", "Letter"), ("fr_CA", "Letter"), ("es_MX", "Letter"),
     ("en_PH", "Letter"), ("en_GB", "A4"), ("de_DE", "A4"), ("en_AU", "A4"), ("C", "A4")],
)
def test_paper_size_follows_the_locale(qapp: object, locale: str, expected: str) -> None:
    size = page_size_for_locale(QLocale(locale))
    assert size.id() == getattr(QPageSize.PageSizeId, expected)


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, "A4"),  # was Letter, from LANG
    ({"LANG": "de_DE.UTF-8", "LC_PAPER": "en_US.UTF-8"}, "Letter"),
    ({"LC_ALL": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8", "LANG": "de_DE.UTF-8"}, "Letter"),
    ({"LC_ALL": "", "LC_PAPER": "fr_CA.UTF-8", "LANG": "fr_FR.UTF-8"}, "Letter"),  # empty: unset
    ({"LANG": "en_US.UTF-8"}, "Letter"),
    ({"LANG": "C.UTF-8", "LC_PAPER": "C"}, "A4"),
])
def test_paper_size_follows_lc_paper_before_lang(
    qapp: object, environ: dict[str, str], expected: str
) -> None:
    """POSIX's order, LC_ALL, LC_PAPER, LANG: the paper came from LANG (Qt's own locale)."""
    size = page_size_for_locale(pdf.paper_locale(environ))
    assert size.id() == getattr(QPageSize.PageSizeId, expected)


def test_the_export_command_prints_on_the_paper_lc_paper_names(tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    done = run_healthreader(["--no-bundled", "--content", str(FIXTURE_LIBRARY), "export", "sun-rash",
                             "-o", str(out)],
                            env={"LC_ALL": "", "LANG": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"})
    assert done.returncode == 0, done.stderr
    box = PdfReader(io.BytesIO(out.read_bytes())).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4


def test_the_pdf_module_examples_hold(qapp: object) -> None:
    import doctest

    failures, tried = doctest.testmod(pdf)
    assert tried > 0 and failures == 0


@pytest.mark.parametrize(("size", "points"), [("Letter", (612, 792)), ("A4", (595, 842))])
def test_the_pdf_has_the_requested_paper_size(
    qapp: object, library: Library, size: str, points: tuple[int, int]
) -> None:
    data = export(library, ["hives"], page_size=QPageSize(getattr(QPageSize.PageSizeId, size)))
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == points


@pytest.mark.parametrize(("paper", "lang", "points"),
                         [("letter", "en_GB.UTF-8", (612, 792)), ("A4", "en_US.UTF-8", (595, 842))])  # fmt: skip
def test_export_paper_overrides_the_locale(tmp_path: Path, paper: str, lang: str, points: tuple[int, int]) -> None:
    out = tmp_path / "handout.pdf"
    done = run_healthreader(["--no-bundled", "--content", str(FIXTURE_LIBRARY), "export", "sun-rash",
                             "-o", str(out), "--paper", paper],
                            env={"LANG": lang, "LC_ALL": lang})  # fmt: skip
    assert done.returncode == 0, done.stderr
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {points}


def test_export_refuses_an_unknown_paper_size(tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    done = run_healthreader(["--no-bundled", "--content", str(FIXTURE_LIBRARY), "export", "sun-rash",
                             "-o", str(out), "--paper", "legal"])  # fmt: skip
    assert done.returncode == 2 and "invalid choice: 'legal'" in done.stderr
    assert not out.exists()


def test_a_bundled_handout_gives_no_lab_finding_as_another_name(tmp_path: Path) -> None:
    """A low platelet or white count has many causes. The ITP handout printed "Also called:
    ... low platelets, low platelet count, thrombocytopenia", as if any low count were ITP;
    now it says that ITP is one cause among several, and what to do on heparin or chemotherapy."""
    out = tmp_path / "handouts.pdf"
    done = run_healthreader(["export", "immune-thrombocytopenia", "autoimmune-neutropenia", "-o", str(out)])

    assert done.returncode == 0, done.stderr
    text = " ".join(pages_text(out.read_bytes()))
    also_called = [names.split(", ") for names in re.findall(r"Also called: (.*?) Last reviewed:", text)]
    assert also_called == [
        ["ITP", "immune thrombocytopenic purpura", "idiopathic thrombocytopenic purpura", "autoimmune thrombocytopenia"],
        ["AIN", "immune neutropenia"],
    ]  # fmt: skip
    assert "A low platelet count is also called thrombocytopenia. It has many causes" in text
    assert "ITP is only one of them." in text
    assert "If you are getting heparin, a medicine that prevents blood clots, and your platelet count drops" in text
    assert "If you are having chemotherapy, follow your cancer team's rules about fever." in text


def test_a_spanish_handout_has_no_english_words_to_know(tmp_path: Path) -> None:
    """The glossary is English: its terms are marked, and listed on paper, only in English
    articles. A Spanish article's "Palabras que debe conocer" was full of English sentences."""
    from helpers import write_article

    folder = tmp_path / "clinic"
    body = "## {}\n\n{}\n"
    write_article(folder, "anemia-es", title="Anemia hemolítica", language="es",
                  body=body.format("¿Qué es?", "La anemia es un problema de la sangre. Una biopsia o un ultrasound."))  # fmt: skip
    write_article(folder, "anemia-en", title="Hemolytic anemia",
                  body=body.format("What is it?", "Anemia is a blood problem. A biopsy or an ultrasound."))  # fmt: skip
    out = tmp_path / "handouts.pdf"

    done = run_healthreader(["--content", str(folder), "export", "anemia-es", "anemia-en", "-o", str(out)])

    assert done.returncode == 0, done.stderr
    pages = pages_text(out.read_bytes())
    spanish = " ".join(page for page in pages if "Anemia hemolítica" in page and "Contents" not in page)
    english = " ".join(page for page in pages if "Hemolytic anemia" in page and "Contents" not in page)
    assert "La anemia es un problema de la sangre. Una biopsia o un ultrasound." in spanish
    assert "Palabras que debe conocer" not in spanish and "Words to know" not in spanish
    assert "Anemia means the blood has too few healthy red cells" not in spanish
    # The same words in an English article are explained, as before.
    assert "Words to know anemia: Anemia means the blood has too few healthy red cells" in english


def write_picture(path: Path, width: int, height: int, colour: str = "#cfe3f7") -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))
    return path


def picture_article(folder: Path, body: str) -> Library:
    from healthreader.content.loader import parse_article
    from helpers import write_article

    article, _ = parse_article(write_article(folder, "knee-pain", title="Knee pain", body=body), {})
    return Library.from_articles([article])


def test_an_article_picture_is_printed_and_one_from_elsewhere_is_not(qapp: object, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    write_picture(folder / "knee.png", 800, 400)
    write_picture(tmp_path / "secret.png", 50, 50, "#ff0000")
    (folder / "broken.png").write_bytes(b"not a picture")
    library = picture_article(folder, "## What is it?\n\nPain in the knee.\n\n![A drawing of the knee](knee.png)\n\n"
                                      "![Secret](secret.png) ![Broken picture](broken.png)\n")  # fmt: skip
    (folder / "secret.png").symlink_to(tmp_path / "secret.png")

    data = export(library, ["knee-pain"])

    [page] = PdfReader(io.BytesIO(data)).pages
    xobjects = page["/Resources"]["/XObject"].get_object()
    images = [x.get_object() for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]
    # The knee only: not the file outside the folder, not the broken one.
    assert [(int(i["/Width"]), int(i["/Height"])) for i in images] == [(800, 400)]
    text = " ".join(page.extract_text().split())
    assert "A drawing of the knee" not in text  # printed as the picture, not as its alt text
    assert "[Picture: Secret] [Picture: Broken picture]" in text


def test_export_names_each_picture_it_could_not_print_and_still_writes_the_handout(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    (folder / "broken.png").parent.mkdir(parents=True)
    # A PNG's signature, then no picture: libpng says "IHDR: CRC error" or the like.
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"damaged download" * 8)
    from helpers import write_article

    page = write_article(folder, "knee-pain", title="Knee pain",
                         body="## What is it?\n\nPain in the knee.\n\n![The knee, from the front](broken.png)\n\n"
                              "![Where it hurts](nothere.png)\n")  # fmt: skip
    lines = page.read_text().splitlines()
    broken, missing = (lines.index(f"![{alt}]({src})") + 1 for alt, src in
                       [("The knee, from the front", "broken.png"), ("Where it hurts", "nothere.png")])
    out = tmp_path / "knee.pdf"

    done = run_healthreader(["--no-bundled", "--content", str(folder), "export", "knee-pain", "-o", str(out)])

    assert done.returncode == 0, done.stderr  # the rest of the handout is still useful
    assert out.is_file()
    lines = done.stderr.splitlines()
    assert len(lines) == 2, done.stderr  # no loose "libpng error" line of the decoder's own
    assert lines[0].startswith(f"healthreader export: warning: {page}:{broken}: picture 'broken.png' cannot be opened")
    assert "(libpng error: " in lines[0] and lines[0].endswith("; its description is printed in its place")
    assert lines[1] == (f"healthreader export: warning: {page}:{missing}: picture 'nothere.png' not found; "
                        "its description is printed in its place")  # fmt: skip
    text = " ".join(PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text().split())
    assert "[Picture: The knee, from the front]" in text and "[Picture: Where it hurts]" in text


def test_a_camera_photo_is_embedded_at_print_resolution_not_full_size(qapp: object, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    write_picture(folder / "photo.png", 4000, 3000)
    library = picture_article(folder, "![A photo](photo.png)\n")

    [page] = PdfReader(io.BytesIO(export(library, ["knee-pain"]))).pages

    xobjects = page["/Resources"]["/XObject"].get_object()
    [image] = [x.get_object() for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]
    text_width_inches = 210 / 25.4 - 2 * pdf.MARGINS_MM.left() / 25.4  # A4
    assert 1000 < int(image["/Width"]) <= round(text_width_inches * pdf.PICTURE_DPI) + 1
    assert abs(int(image["/Width"]) / int(image["/Height"]) - 4 / 3) < 0.01


def test_a_camera_jpeg_is_unpacked_at_half_its_pixels_and_printed_as_wide(qapp: object, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    write_picture(folder / "photo.jpg", 4000, 3000)  # a 12-megapixel camera's
    library = picture_article(folder, "![A photo](photo.jpg)\n")

    [page] = PdfReader(io.BytesIO(export(library, ["knee-pain"]))).pages

    xobjects = page["/Resources"]["/XObject"].get_object()
    [image] = [x.get_object() for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]
    # Half its pixels (a quarter of the work), not the 2,055 that 300 dpi across A4 would be...
    assert (int(image["/Width"]), int(image["/Height"])) == (2000, 1500)
    # ...which is still sharp at the width of the text, where it is printed.
    text_width_inches = 210 / 25.4 - 2 * pdf.MARGINS_MM.left() / 25.4
    assert 2000 / text_width_inches >= pdf.SHARP_PRINT_DPI
    [(_, size)] = pdf._load_pictures(library.get("knee-pain"), QSizeF(600, 900)).values()
    assert size == (600, 450)


def test_a_phone_photo_on_its_side_is_unpacked_smaller_and_printed_upright(qapp: object, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    jpeg_on_its_side(folder / "arm.jpg", 4000, 3000)  # upright: 3,000 across, 4,000 down
    library = picture_article(folder, "![The rash on an arm](arm.jpg)\n")

    [(image, size)] = pdf._load_pictures(library.get("knee-pain"), QSizeF(600, 900)).values()

    # 60% of the page high (540 px) and as wide as its shape gives; upright.
    assert size == (405, 540)
    # Unpacked at half (1,500 across), then cut to 300 dpi at its size on paper.
    assert (image.width(), image.height()) == (round(405 * 300 / 96), round(540 * 300 / 96))


def test_a_big_picture_is_shrunk_to_the_text_width_and_part_of_the_page(qapp: object, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    write_picture(folder / "wide.png", 3000, 600)
    write_picture(folder / "tall.png", 300, 3000)
    library = picture_article(folder, "![Wide](wide.png)\n\n![Tall](tall.png)\n")
    body = QSizeF(600, 900)

    sizes = {src: size for src, (_, size) in pdf._load_pictures(library.get("knee-pain"), body).items()}

    assert sizes == {"wide.png": (600, 120), "tall.png": (54, 540)}


def test_the_pdf_is_titled_for_the_reader(qapp: object, library: Library) -> None:
    data = export(library, ["hives"])
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta is not None and meta.title == "Hives - Health Reader"


def test_a_spanish_packet_is_titled_in_spanish(qapp: object) -> None:
    """The PDF's title read "Dolor abdominal and 1 more" for a packet all in Spanish."""
    spanish = Library.from_articles([
        short("dolor-abdominal", "Dolor abdominal", "El dolor de barriga.")._replace(language="es"),
        short("urticaria", "Urticaria", "Ronchas que pican.")._replace(language="es"),
    ])

    meta = PdfReader(io.BytesIO(export(spanish, ["dolor-abdominal", "urticaria"]))).metadata

    assert meta is not None and meta.title == "Dolor abdominal y 1 más - Health Reader"


def test_nothing_to_export_is_an_error(qapp: object) -> None:
    with pytest.raises(ExportError):
        render_pdf([], None, {})


def test_the_export_command_works_with_no_display_at_all(tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    # xcb with no DISPLAY would abort: the command must choose offscreen by itself.
    env = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    done = run_healthreader(["--no-bundled", "--content", str(FIXTURE_LIBRARY), "export",
                             "sun-rash", "chilblains", "-o", str(out), "--clinic", CLINIC],
                            env=env)
    assert done.returncode == 0, done.stderr
    pages = pages_text(out.read_bytes())
    assert pages[0].startswith(f"{CLINIC} Health Reader Your handouts")
    text = " ".join(pages)
    assert text.index("1. Sun rash") < text.index("2. Chilblains")
    assert "A sun rash is an itchy rash on skin that was out in the sun." in text


def test_the_export_command_takes_the_clinic_name_from_the_settings_as_the_window_does(
    tmp_path: Path,
) -> None:
    """export ignored clinic_name under [print] in the settings, which the window prints."""
    settings = tmp_path / "settings.ini"
    settings.write_text("[print]\nclinic_name=Settings Clinic \u00d1\n", encoding="utf-8")
    # The desktop reader's own settings file, where there is no --settings.
    own = Path(os.environ["XDG_CONFIG_HOME"]) / "HealthReader" / "healthreader.ini"
    own.parent.mkdir(parents=True)
    own.write_text("[print]\nclinic_name=Our Own Clinic\n", encoding="utf-8")

    def header(global_options: list[str], options: Sequence[str] = ()) -> str:
        out = tmp_path / "handout.pdf"
        done = run_healthreader([*global_options, "--no-bundled", "--content", str(FIXTURE_LIBRARY),
                                 "export", "sun-rash", "-o", str(out), *options])
        assert done.returncode == 0, done.stderr
        return pages_text(out.read_bytes())[0].split(" Sun rash ")[0]

    with_settings = ["--settings", str(settings)]
    assert header(with_settings) == "Settings Clinic \u00d1 Health Reader"
    assert header(with_settings, ["--clinic", CLINIC]) == f"{CLINIC} Health Reader"  # it wins
    assert header(with_settings, ["--clinic", ""]) == "Health Reader"  # none on this one
    assert header([]) == "Our Own Clinic Health Reader"


def test_export_prints_a_clinic_name_saved_in_the_windows_code_page_whole(tmp_path: Path) -> None:
    settings = tmp_path / "settings.ini"
    settings.write_bytes(b"[print]\r\nclinic_name=Cl\xednica San Jos\xe9\r\n")
    out = tmp_path / "handout.pdf"

    done = run_healthreader(["--settings", str(settings), "--no-bundled", "--content", str(FIXTURE_LIBRARY),
                             "export", "sun-rash", "-o", str(out)])  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert pages_text(out.read_bytes())[0].startswith("Clínica San José Health Reader")
    assert f"{settings}:2: clinic_name is not saved as UTF-8" in done.stderr


def test_a_numbered_list_is_printed_from_the_number_written(qapp: object, tmp_path: Path) -> None:
    body = "## Steps\n\n1. Wash the skin.\n2. Dry it.\n\nThen:\n\n3. Put on the cream.\n4. Wait.\n"
    library = picture_article(tmp_path / "articles", body)

    [text] = pages_text(export(library, ["knee-pain"]))

    assert "1. Wash the skin. 2. Dry it. Then: 3. Put on the cream. 4. Wait." in text


def test_a_phone_photo_stored_on_its_side_is_printed_upright(qapp: object, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    jpeg_on_its_side(folder / "arm.jpg", 400, 300)
    library = picture_article(folder, "## What it looks like\n\n![The rash on an arm](arm.jpg)\n")

    [page] = PdfReader(io.BytesIO(export(library, ["knee-pain"]))).pages

    xobjects = page["/Resources"]["/XObject"].get_object()
    images = [x.get_object() for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]
    assert [(int(i["/Width"]), int(i["/Height"])) for i in images] == [(300, 400)]


def test_a_dark_desktop_prints_the_same_pages_as_a_light_one(qapp: object, desktop) -> None:  # type: ignore[no-untyped-def]
    ruled = short("ruled", "Ruled", "A page with a rule across it.")
    ruled = ruled._replace(body_html="<p>Above the rule.</p><hr/><p>Below the rule.</p>" + ruled.body_html)
    library = Library.from_articles([ruled, short("hives", "Hives", "Hives are raised, itchy welts.")])

    def drawn() -> list[bytes]:
        reader = PdfReader(io.BytesIO(export(library, ["ruled", "hives"], clinic=CLINIC)))
        return [page.get_contents().get_data() for page in reader.pages]

    on_light = drawn()
    desktop(True)
    on_dark = drawn()

    # Paper is white whatever the screen: the rule, the text and the lines are drawn alike
    # (with a dark desktop the rule came out near white).
    assert on_dark == on_light
    assert "Above the rule" in " ".join(pages_text(export(library, ["ruled"])))


def broken_over_pages(article_id: str = "breaks") -> tuple[Article, dict[str, str]]:
    """An article (and its glossary) that breaks pages everywhere a page can break: numbered
    sentences in paragraphs of every length (paragraph 12 longer than a page), bulleted and
    numbered lists of long items (item 13.2 longer than a page), and a "Words to know" box
    longer than a page. No two lines read the same."""
    sections = []
    for k in range(1, 25):
        sentences = " ".join(f"Sentence {k}.{s} has a few plain words, {k}.{s}."
                             for s in range(1, 121 if k == 12 else 2 + (k * 7) % 20))
        sections.append(f"<h2>Section {k}</h2><p>{sentences}</p>")
        tag = "ol" if k % 2 else "ul"
        sections.append(f"<{tag}>" + "".join(
            f"<li>Item {k}.{i} is long enough to take several lines on paper: "
            + " ".join(f"part {k}.{i}.{n} of it goes on," for n in range(1, 151 if (k, i) == (13, 2) else 2 + (k + i) % 9))
            + f" to the end of item {k}.{i}.</li>" for i in range(1, 4)) + f"</{tag}>")
    glossary = {f"term {k}": f"Term {k} is explained here in words that take up more than "
                             f"one line in the box, to the end of term {k}."
                for k in range(1, 41)}
    article = Article(id=article_id, title="Breaks", summary="Every kind of page break.",
                      reviewed=PRINTED, body="", body_html="".join(sections),
                      glossary_terms=tuple(glossary))
    return article, glossary


def lines_by_page(data: bytes, chrome: set[str]) -> list[list[str]]:
    """Each page's lines of text as pypdf reads them, less the running header and footer
    (``chrome``, the disclaimer's parts and "Page N of M")."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        lines = (" ".join(line.split()) for line in page.extract_text().splitlines())
        pages.append([line for line in lines if line and line not in chrome
                      and line not in DISCLAIMER_LINE and not re.fullmatch(r"Page \d+ of \d+", line)])
    return pages


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("size", ["Letter", "A4"])
def test_every_line_is_printed_on_one_page_only(qapp: object, large_print: bool, size: str) -> None:
    """Qt painted the last line of a page again above the next page (and a heading or a line
    it had moved to the next page again below this one), clipped away on paper but kept in
    the PDF: copy and paste, Find and a screen reader read those lines twice."""
    article, glossary = broken_over_pages()
    data = render_pdf([article], None, glossary, printed_on=PRINTED, large_print=large_print,
                      page_size=QPageSize(getattr(QPageSize.PageSizeId, size)))

    pages = lines_by_page(data, {"Health Reader", "Breaks"})

    found: dict[str, list[int]] = {}
    for number, lines in enumerate(pages, start=1):
        for line in lines:
            found.setdefault(line, []).append(number)
    # A numbered list's numbers are lines of their own to pypdf: three in each of 12 lists.
    numbers = {line: len(found.pop(line)) for line in list(found) if re.fullmatch(r"\d+\.", line)}
    assert numbers == {"1.": 12, "2.": 12, "3.": 12}
    # The box's title is printed again on each page it goes on to, once on each.
    continued = found.pop("Words to know (continued)")
    assert len(set(continued)) == len(continued) and found["Words to know"][0] < continued[0]
    assert {line: on for line, on in found.items() if len(on) > 1} == {}
    # Every sentence, list item and word to know is printed, in order...
    text = " ".join(" ".join(lines) for lines in pages)
    assert re.findall(r"Sentence (\d+\.\d+) ", text) == re.findall(r", (\d+\.\d+)\.", text)
    assert re.findall(r"Item (\d+\.\d+) ", text) == re.findall(r"item (\d+\.\d+)\.", text)
    assert re.findall(r"Term (\d+) is", text) == re.findall(r"of term (\d+)\.", text)
    assert len(re.findall(r"Term \d+ is", text)) == 40
    # ...and pages do break inside paragraphs, list items and the box.
    def pages_with(pattern: str) -> set[int]:
        return {number for number, lines in enumerate(pages) if re.search(pattern, " ".join(lines))}

    assert len(pages_with(r"Sentence 12\.\d+ ")) > 1
    assert len(pages_with(r"part 13\.2\.\d+ ")) > 1
    assert len(pages_with(r"Term \d+ is")) > 1


def test_every_picture_is_drawn_on_one_page_only(qapp: object, tmp_path: Path) -> None:
    """A picture Qt had moved to the next page was also drawn at the foot of the page before,
    clipped to a sliver of colour above the footer."""
    folder = tmp_path / "articles"
    folder.mkdir()
    body = []
    for k in range(1, 9):
        write_picture(folder / f"picture{k}.png", 600, 300 + 20 * k)
        body.append(f"## Picture {k}\n\nThe picture below is number {k}.\n\n![Picture {k}](picture{k}.png)\n")
    library = picture_article(folder, "\n".join(body))

    reader = PdfReader(io.BytesIO(export(library, ["knee-pain"])))

    drawn = []
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject")
        names = xobjects.get_object().keys() if xobjects is not None else []
        content = page.get_contents().get_data().decode("latin-1")
        drawn += [name for name in names for _ in re.finditer(rf"{re.escape(name)}\s+Do\b", content)]
    assert len(reader.pages) >= 3 and len(drawn) == 8


def test_a_clinic_page_that_cannot_be_loaded_is_never_swapped_for_the_page_it_replaces(tmp_path: Path) -> None:
    """export printed the fixture's own sun-rash page, exit 0, when the clinic's was broken."""
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    page = (FIXTURE_LIBRARY / "sun-rash.md").read_text(encoding="utf-8")
    (clinic / "sun-rash.md").write_text(page.replace("\ntitle:", "\ntitel: typo\ntitle:", 1), encoding="utf-8")
    (clinic / "chilblains.md").write_text(
        (FIXTURE_LIBRARY / "chilblains.md").read_text(encoding="utf-8").replace("\ntitle: Chilblains", "\ntitle: Chilblains at Our Clinic", 1),
        encoding="utf-8")  # fmt: skip
    # A broken page for a condition no other folder has, named for another id.
    (clinic / "frostnip-draft.md").write_text("---\nid: frostnip\ntitle: [Frostnip\n---\nCold.\n", encoding="utf-8")
    out = tmp_path / "handout.pdf"

    def export(*ids: str) -> subprocess.CompletedProcess[str]:
        return run_healthreader(["--no-bundled", "--content", str(FIXTURE_LIBRARY), "--content", str(clinic),
                                 "export", *ids, "-o", str(out)])  # fmt: skip

    done = export("chilblains", "sun-rash")
    assert done.returncode == 1
    assert f"'sun-rash' is not exported: its page {clinic / 'sun-rash.md'} has errors" in done.stderr
    assert "unknown key 'titel'" in done.stderr  # what is wrong, named above it
    assert not out.exists()
    done = export("frostnip")
    assert done.returncode == 1
    assert f"'frostnip' is not exported: its page {clinic / 'frostnip-draft.md'} has errors" in done.stderr
    assert "no article with id" not in done.stderr
    # The clinic's good pages, and pages no broken file claims, still print.
    done = export("chilblains", "heat-exhaustion")
    assert done.returncode == 0, done.stderr
    assert "Chilblains at Our Clinic" in " ".join(pages_text(out.read_bytes()))


def test_a_broken_copy_beside_the_page_shown_does_not_stop_its_export(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    folder.mkdir()
    for page in FIXTURE_LIBRARY.glob("*.md"):
        (folder / page.name).write_bytes(page.read_bytes())
    (folder / "sun-rash-old.md").write_text("---\nid: sun-rash\ntitle: [Old\n---\n", encoding="utf-8")
    out = tmp_path / "handout.pdf"
    done = run_healthreader(["--no-bundled", "--content", str(folder), "export", "sun-rash", "-o", str(out)])
    assert done.returncode == 0, done.stderr
    assert "sun-rash-old.md" in done.stderr  # still reported
    assert "A sun rash is an itchy rash" in " ".join(pages_text(out.read_bytes()))
