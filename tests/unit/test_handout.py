"""export/handout.py: what goes on the printed page, as HTML, without Qt."""

from __future__ import annotations

import datetime
import re

import pytest

from healthreader.content.model import Article, Library, Source
from healthreader.content.wording import plain_date
from healthreader.export.handout import (
    DISCLAIMER_LINE,
    article_html,
    contents_html,
    default_file_name,
    document_title,
    header_texts,
    html_document,
    page_label,
    picture_sources,
    printable_body,
    words_to_know,
)
from helpers import run_python

PRINTED = datetime.date(2026, 5, 6)

LUPUS_BODY = (
    "<h2>What is it?</h2>\n"
    "<p>Lupus is an <a class=\"glossary\" href=\"glossary:autoimmune disease\" "
    "title=\"A disease in which the immune system attacks the body.\">autoimmune disease</a>. "
    "It can harm the <a class=\"glossary\" href=\"glossary:kidney\" title=\"An organ that "
    "cleans the blood.\">kidneys</a>, skin and joints.</p>\n"
    "<h2>Symptoms</h2>\n<ul>\n<li><strong>Joint pain.</strong> Often in the hands.</li>\n"
    "<li>A rash across the cheeks. See <a href=\"article:hives\">hives</a>.</li>\n</ul>\n"
    "<h2>Treatment</h2>\n<table>\n<thead><tr><th>Medicine</th>"
    "<th style=\"text-align: right;\">How often</th></tr></thead>\n"
    "<tbody><tr><td>Hydroxychloroquine</td><td style=\"text-align: right;\">Daily</td></tr>"
    "</tbody></table>\n"
)


def lupus(**changes: object) -> Article:
    fields: dict[str, object] = dict(
        id="lupus",
        title="Lupus",
        summary="A long-term disease in which the immune system attacks healthy parts of the body.",
        reviewed=datetime.date(2026, 11, 21),
        body="(markdown)",
        body_html=LUPUS_BODY,
        also_called=("SLE", "systemic lupus erythematosus"),
        related=("hives", "no-such-article"),
        sources=(
            Source("MedlinePlus", "Lupus", datetime.date(2024, 3, 1),
                   "https://medlineplus.gov/lupus.html"),
            Source("Lupus Foundation", "What is lupus?"),
        ),
        glossary_terms=("autoimmune disease", "kidney"),
    )
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


def simple(article_id: str, title: str, related: tuple[str, ...] = ()) -> Article:
    return Article(id=article_id, title=title, summary=f"About {title.lower()}.",
                   reviewed=datetime.date(2025, 1, 15), body="", body_html="<p>Text.</p>",
                   related=related)


@pytest.fixture
def library() -> Library:
    # Gout lists lupus (but not the other way round): related is shown both ways.
    return Library.from_articles([lupus(), simple("hives", "Hives"),
                                  simple("gout", "Gout", related=("lupus",)),
                                  simple("asthma", "Asthma")])


GLOSSARY = {"autoimmune disease": "A disease in which the body's defenses attack the body itself.",
            "Kidney": "One of two organs that clean the blood and make urine.",
            "rash": "A patch of skin that changes colour."}


def text_of(html_text: str) -> str:
    """The visible words: tags removed, entities and whitespace normalised."""
    import html as html_module

    html_text = re.sub(r"<style>.*?</style>", " ", html_text, flags=re.DOTALL)
    html_text = re.sub(r"</?(?:b|i|em|strong)>", "", html_text)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


def page_html(article: Article, library: Library | None, glossary: dict[str, str], *,
              large_print: bool = False) -> str:  # fmt: skip
    """One article's document, as pdf.py builds it."""
    return html_document(article_html(article, library, glossary, PRINTED), large_print=large_print)


def one(library: Library) -> str:
    return page_html(library.get("lupus"), library, GLOSSARY)


def test_the_handout_has_title_names_summary_dates_and_body(library: Library) -> None:
    text = text_of(one(library))
    assert "Lupus" in text
    assert "Also called: SLE, systemic lupus erythematosus" in text
    assert "A long-term disease in which the immune system attacks healthy parts" in text
    assert "Last reviewed: 21 November 2026" in text
    assert "Printed on: 6 May 2026" in text
    assert "Lupus is an autoimmune disease. It can harm the kidneys, skin and joints." in text
    assert "Joint pain. Often in the hands." in text


def test_the_screen_and_the_handout_write_dates_alike(library: Library) -> None:
    from healthreader.content.page import article_page

    on_paper = text_of(one(library))
    on_screen = text_of(article_page(library.get("lupus"), library))

    for words in ("Last reviewed: 21 November 2026", "MedlinePlus. Lupus. 1 March 2024."):
        assert words in on_paper and words in on_screen


def test_other_names_that_hold_a_comma_are_set_apart_by_semicolons(library: Library) -> None:
    """MedlinePlus writes index forms ("Pain, Abdominal"): by commas alone, readers would
    take "Pain" and "Abdominal" for two names. Alike on screen and on paper."""
    from healthreader.content.page import article_page

    names = ("Bellyache", "Pain, Abdominal", "Stomach ache")
    article = lupus(also_called=names)
    for text in (text_of(page_html(article, library, GLOSSARY)), text_of(article_page(article, library))):
        assert "Also called: Bellyache; Pain, Abdominal; Stomach ache" in text


def test_a_spanish_article_has_spanish_labels_and_dates_on_paper(library: Library) -> None:
    spanish = lupus(language="es", body_html=LUPUS_BODY + '<p><img alt="Rodilla" src="x.png"></p>')

    text = text_of(page_html(spanish, library, GLOSSARY))

    for words in ("También se llama: SLE, systemic lupus erythematosus",
                  "Última revisión: 21 de noviembre de 2026 · Fecha de impresión: 6 de mayo de 2026",
                  "[Imagen: Rodilla]", "Palabras que debe conocer autoimmune disease:",
                  "Temas relacionados También puede leer sobre: Gout, Hives.",
                  "Fuentes MedlinePlus. Lupus. 1 de marzo de 2024."):  # fmt: skip
        assert words in text
    for english in ("Also called", "Last reviewed", "Printed on", "Picture", "Words to know",
                    "Related conditions", "You can also read", "Sources", "March"):  # fmt: skip
        assert english not in text
    # Spanish whatever way the front matter spells it; English for every other language.
    for language in ("es", "es-MX", "ES_es", "Spanish", "español"):
        assert "Fuentes" in article_html(lupus(language=language), library, GLOSSARY, PRINTED)
    for language in ("en", "en-GB", "fr", "e"):
        assert "Sources" in article_html(lupus(language=language), library, GLOSSARY, PRINTED)


def test_a_packet_is_in_spanish_around_its_articles_only_when_all_of_them_are() -> None:
    spanish = [lupus(language="es"), lupus(id="otro", language="es-US")]

    assert "Sus hojas informativas Este paquete tiene 2 hojas informativas. Impreso el 6 de " \
           "mayo de 2026." in text_of(contents_html(spanish, PRINTED, None))
    assert "Your handouts This packet has 2 handouts. Printed on 6 May 2026." in text_of(
        contents_html([spanish[0], lupus()], PRINTED, None))


def test_links_become_plain_text_and_hover_text_goes(library: Library) -> None:
    html_text = one(library)
    assert "href" not in html_text
    assert "article:" not in html_text and "glossary:" not in html_text
    assert "title=" not in html_text  # hover-only content has no place on paper
    assert "A rash across the cheeks. See hives." in text_of(html_text)


def test_words_to_know_lists_the_marked_terms_with_glossary_definitions(library: Library) -> None:
    text = text_of(one(library))
    box = text[text.index("Words to know"):]
    assert "autoimmune disease: A disease in which the body's defenses attack the body itself." in box
    # The glossary's spelling and definition win over the mark's hover text.
    assert "Kidney: One of two organs that clean the blood and make urine." in box
    assert "rash:" not in box  # in the glossary, but not marked in this article


def test_words_to_know_falls_back_to_the_marks_definition_and_is_omitted_when_empty() -> None:
    article = lupus(glossary_terms=())
    assert words_to_know(article, {}) == [
        ("autoimmune disease", "A disease in which the immune system attacks the body."),
        ("kidney", "An organ that cleans the blood."),
    ]
    plain = lupus(body_html="<p>No terms here.</p>", glossary_terms=())
    assert "Words to know" not in page_html(plain, None, GLOSSARY)


def test_related_conditions_are_titles_both_ways_without_unknown_ids(library: Library) -> None:
    text = text_of(one(library))
    assert "Related conditions You can also read about: Gout, Hives." in text
    assert "no-such-article" not in text
    assert "Asthma" not in text


def test_sources_show_publisher_title_date_and_url_as_text(library: Library) -> None:
    html_text = one(library)
    text = text_of(html_text)
    assert "MedlinePlus. Lupus. 1 March 2024. https://medlineplus.gov/lupus.html" in text
    assert "Lupus Foundation. What is lupus?" in text
    assert "What is lupus?." not in text
    assert "<a " not in html_text


def test_tables_get_rules_and_keep_their_alignment(library: Library) -> None:
    html_text = one(library)
    assert re.search(r'<table class="data" border="1"', html_text)
    assert '<th align="right">How often</th>' in html_text
    assert '<td align="right">Daily</td>' in html_text


def test_large_print_is_16_points_and_normal_print_12() -> None:
    article = lupus()
    assert "font-size: 12pt" in page_html(article, None, {})
    assert "font-size: 16pt" in page_html(article, None, {}, large_print=True)


def test_a_packet_contents_lists_each_article_with_its_page(library: Library) -> None:
    # Each article is then a document of its own, from a new page (test_pdf_export).
    articles = [library.get(i) for i in ("lupus", "hives", "gout")]
    text = text_of(contents_html(articles, PRINTED, ["2", "5", "6"]))
    assert text.startswith("Your handouts This packet has 3 handouts.")
    assert re.search(r"1\. Lupus A long-term disease .* body\. 2 "
                     r"2\. Hives About hives\. 5 3\. Gout About gout\. 6", text)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<script>alert(1)</script><p>Hi</p>", "<p>Hi</p>"),
        ('<p onclick="x()" class="big" style="color:red">Hi</p>', "<p>Hi</p>"),
        ("<h1>Top</h1><h5>Deep</h5>", "<h2>Top</h2><h4>Deep</h4>"),
        ('<p><img src="file:///dev/zero" alt="A swollen knee"></p>',
         "<p><i>[Picture: A swollen knee]</i></p>"),
        ('<p><img src="x.png"></p>', "<p><i>[Picture]</i></p>"),  # never a silent gap
        ("<p>a &lt;b&gt; &amp; c</p>", "<p>a &lt;b&gt; &amp; c</p>"),
        ("<ul><li>one</li><li>two", "<ul><li>one</li><li>two</li></ul>"),
        ("<p>a</b></p>", "<p>a</p>"),
        ("<p><span>in</span> <em>out</em>", "<p>in <em>out</em></p>"),
        ('<ol start="3"><li>x</li></ol>', '<ol start="3"><li>x</li></ol>'),
        ('<td colspan="2" rowspan="99999">x</td>', '<td colspan="2">x</td>'),
    ],
)
def test_printable_body_keeps_structure_and_drops_everything_else(body: str, expected: str) -> None:
    assert printable_body(body) == expected


def test_a_picture_given_a_size_is_printed_under_a_name_of_ours() -> None:
    body = ('<p>Before</p><p><img alt="A knee" src="knee.png"></p>'
            '<p>Text <img src="a&quot;b.png" alt="Odd"> and <img src="gone.png" alt="Gone"></p>')

    out = printable_body(body, {"knee.png": (600, 300), 'a"b.png': (20, 10)})

    assert out == ('<p>Before</p><p class="picture"><img src="picture:knee.png" width="600" '
                   'height="300" alt="A knee"></p><p>Text <img src="picture:a%22b.png" width="20" '
                   'height="10" alt="Odd"> and <i>[Picture: Gone]</i></p>')  # fmt: skip
    assert picture_sources(body) == ["knee.png", 'a"b.png', "gone.png"]


def test_a_table_inside_a_table_is_flattened() -> None:
    # Nested tables make QTextDocument's layout time explode (DESIGN.md).
    body = "<table><tr><td>" * 20 + "deep" + "</td></tr></table>" * 20
    out = printable_body(body)
    assert out.count("<table") == 1
    assert "deep" in out
    assert out.count("<td>") == out.count("</td>") == 1


SCHEDULE_TABLE = (
    "<table>\n<thead>\n<tr><th>Medicine</th><th align=\"right\">Dose</th><th>When</th></tr>\n"
    "</thead>\n<tbody>\n<tr><td><strong>Prednisolone</strong></td><td align=\"right\">5 mg</td>"
    "<td>Morning &amp; night</td></tr>\n<tr><td>Omeprazole</td><td>20 mg</td><td>Before food</td>"
    "</tr>\n</tbody>\n</table>"
)


def test_a_table_can_be_printed_row_by_row_each_cell_beside_its_heading() -> None:
    body = f"<p>Before</p>{SCHEDULE_TABLE}<p>Between</p>{SCHEDULE_TABLE}"

    out = printable_body(body, stacked_tables=[1])

    first, second = out.split("<p>Between</p>")
    assert first == printable_body(f"<p>Before</p>{SCHEDULE_TABLE}")  # not asked for: as it was
    rows = re.findall(r"<table [^>]*>(.*?)</table>", second)
    assert rows == [
        '<thead><tr><th width="35%">Medicine</th><th><strong>Prednisolone</strong></th></tr>'
        "</thead><tr><td><b>Dose</b></td><td>5 mg</td></tr>"
        "<tr><td><b>When</b></td><td>Morning &amp; night</td></tr>",
        '<thead><tr><th width="35%">Medicine</th><th>Omeprazole</th></tr></thead>'
        "<tr><td><b>Dose</b></td><td>20 mg</td></tr><tr><td><b>When</b></td><td>Before food</td></tr>",
    ]
    # Each row's table is ruled like any other table of the body.
    assert second.count('<table class="data" border="1"') == 2
    assert text_of(second) == text_of(
        "Medicine Prednisolone Dose 5 mg When Morning &amp; night "
        "Medicine Omeprazole Dose 20 mg When Before food")


def test_tables_are_counted_as_printed_and_one_without_headings_stacks_its_cells() -> None:
    # The table inside a table is flattened into it (it is not one of the printed tables).
    body = ("<table><tr><td>outer<table><tr><td>inner</td></tr></table></td></tr></table>"
            "<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td><td>e</td></tr></table>")

    out = printable_body(body, stacked_tables=[1])

    assert out.startswith('<table class="data"') and "<td>outerinner</td>" in out
    assert re.findall(r"<table [^>]*>(.*?)</table>", out)[1:] == [
        "<thead><tr><th>a</th></tr></thead><tr><td>b</td></tr><tr><td>c</td></tr>",
        "<thead><tr><th>d</th></tr></thead><tr><td>e</td></tr>",
    ]


def test_text_from_the_file_is_escaped_everywhere() -> None:
    article = lupus(title="<b>Lupus</b> & more", also_called=("<i>x</i>",),
                    summary="1 < 2", sources=(Source("<Pub>", "T & U"),))
    html_text = page_html(article, None, {})
    assert "<b>Lupus</b>" not in html_text and "&lt;b&gt;Lupus&lt;/b&gt; &amp; more" in html_text
    assert "&lt;i&gt;x&lt;/i&gt;" in html_text
    assert "1 &lt; 2" in html_text
    assert "&lt;Pub&gt;" in html_text and "T &amp; U" in html_text


def test_names_dates_header_and_footer_texts() -> None:
    assert default_file_name([lupus()]) == "Lupus - Health Reader.pdf"
    assert default_file_name([lupus(title='What? "Lupus" <b>/\\: x*')]) == (
        "What Lupus b-- x - Health Reader.pdf")
    assert default_file_name([lupus(title="...")]) == "... - Health Reader.pdf"
    assert document_title([lupus(), lupus(), lupus()]) == "Lupus and 2 more - Health Reader"
    assert plain_date(datetime.date(2024, 12, 1)) == "1 December 2024"
    assert header_texts("Riverside Family Clinic") == ("Riverside Family Clinic", "Health Reader")
    assert header_texts(None) == ("Health Reader", "")
    assert page_label(2, 7) == "Page 2 of 7"
    assert DISCLAIMER_LINE.startswith("For education only.")
    assert "emergency" in DISCLAIMER_LINE


CHINESE_TITLE = "关于系统性红斑狼疮的患者教育资料" * 6  # 96 characters, 3 bytes each


@pytest.mark.parametrize(("titles", "ends"), [
    ([CHINESE_TITLE], " - Health Reader.pdf"),
    (["Ä" * 200, "Hives", "Gout"], " and 2 more - Health Reader.pdf"),
    (["e\u0301" * 200], " - Health Reader.pdf"),  # "é" written as e and an accent
])
def test_a_long_title_is_cut_to_a_name_the_file_system_takes(titles: list[str], ends: str) -> None:
    """A name is at most 255 bytes (Linux, macOS); the title was cut at 120 characters,
    308 bytes for a Chinese one, and the save failed."""
    name = default_file_name([lupus(title=title) for title in titles])

    assert len(name.encode("utf-8")) <= 255
    assert name.endswith(ends)
    title = name.removesuffix(ends)
    assert titles[0].startswith(title) and len(title.encode("utf-8")) > 255 - 40
    assert not title.endswith("e")  # an accent stays with its letter: cut before both


def test_a_title_that_fits_is_offered_whole_however_many_characters() -> None:
    title = "A very long title about a condition, " * 6  # 222 characters
    assert default_file_name([lupus(title=title)]) == f"{title.strip()} - Health Reader.pdf"


def test_a_spanish_packet_is_named_in_spanish() -> None:
    articles = [lupus(title="Dolor abdominal", language="es"), lupus(title="Urticaria", language="es")]
    assert document_title(articles) == "Dolor abdominal y 1 más - Health Reader"
    assert default_file_name(articles) == "Dolor abdominal y 1 más - Health Reader.pdf"
    # A packet in more than one language is named in English, as its contents page is.
    assert document_title([articles[0], lupus()]) == "Dolor abdominal and 1 more - Health Reader"


def test_a_title_two_languages_share_is_printed_and_named_with_its_language() -> None:
    """English and Spanish "Lupus" (and Spanish "Asma", whose title no English article has):
    the file name, the contents page and the related titles say which is which; each
    article's own heading stays its title."""
    spanish = lupus(id="lupus-es", language="es", summary="El sistema inmunitario ataca el cuerpo.",
                    related=("lupus", "asma"))
    asma = simple("asma", "Asma")._replace(language="es")
    library = Library.from_articles([lupus(), spanish, asma])

    assert default_file_name([spanish], library) == "Lupus (español) - Health Reader.pdf"
    assert default_file_name([lupus()], library) == "Lupus (English) - Health Reader.pdf"
    assert default_file_name([asma], library) == "Asma - Health Reader.pdf"
    assert document_title([spanish, lupus()], library) == "Lupus (español) and 1 more - Health Reader"
    contents = text_of(contents_html([spanish, lupus()], PRINTED, None, library=library))
    assert "1. Lupus (español) El sistema inmunitario" in contents
    assert "2. Lupus (English) A long-term disease" in contents
    page = text_of(page_html(spanish, library, GLOSSARY))
    assert page.startswith("Lupus También se llama")
    assert "También puede leer sobre: Asma, Lupus (English)." in page


def test_the_handout_module_imports_no_qt() -> None:
    done = run_python(
        "import sys, healthreader.export.handout, healthreader.export\n"
        "qt = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "assert not qt, qt\n"
    )
    assert done.returncode == 0, done.stderr
