"""content/render.py and content/page.py: Markdown -> the only HTML the view ever shows."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthreader.content.model import Article, Library, Source
from healthreader.content.page import article_page, escape, index_page
from healthreader.content.render import find_raw_html, render_body
from healthreader.errors import ContentError

GLOSSARY = {
    "anemia": "Anemia means too few healthy red blood cells.",
    "B cell": "A B cell is a white blood cell that makes antibodies.",
    "spleen": "The spleen is an organ that filters the blood.",
}


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def srcs(html: str) -> list[str]:
    return re.findall(r'src="([^"]*)"', html)


def test_an_internal_link_becomes_an_article_link() -> None:
    rendered = render_body("See [Evans syndrome](evans-syndrome) too.", {})

    assert rendered.html == (
        '<p>See <a class="internal" href="article:evans-syndrome">Evans syndrome</a> too.</p>'
    )
    assert rendered.internal_links == ["evans-syndrome"]


@pytest.mark.parametrize(
    "target",
    [
        "https://example.test/page",
        "http://x",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "mailto:a@b.test",
        "ftp://example.test/x",
        "data:text/html;base64,PGI+eDwvYj4=",
        "../x.md",
        "sub/x.md",
        "x.html",
        "#top",
        "/etc/passwd",
        "article:lupus",
        "Lupus",
        "",
    ],
)
def test_every_other_link_becomes_plain_text(target: str) -> None:
    rendered = render_body(f"Read [the page]({target}) now.", {})

    assert rendered.html == '<p>Read <span class="external">the page</span> now.</p>'
    assert hrefs(rendered.html) == []
    assert rendered.internal_links == []


@pytest.mark.parametrize("target", ["lupus.md", "./lupus.md", "lupus#causes", "lupus.md#causes"])
def test_a_link_to_an_articles_file_or_a_part_of_it_links_to_the_article(target: str) -> None:
    """How most Markdown editors write a link to another file: it was dead text."""
    rendered = render_body(f"Read [the page]({target}) now.", {})

    assert rendered.html == '<p>Read <a class="internal" href="article:lupus">the page</a> now.</p>'
    assert rendered.internal_links == ["lupus"]
    assert rendered.links == [(target, "lupus", 1)]


def test_reference_style_and_auto_links_are_plain_text_too() -> None:
    body = (
        "A [ref link][r], an <https://example.test/auto> and <someone@example.test>.\n\n"
        "[r]: javascript:alert(1)\n"
    )

    html = render_body(body, {}).html

    assert hrefs(html) == []
    assert "javascript" not in html
    assert '<span class="external">ref link</span>' in html
    assert '<span class="external">https://example.test/auto</span>' in html


@pytest.mark.parametrize(
    ("src", "alt"),
    [
        ("file:///etc/passwd", "secret"),
        ("file:///dev/zero", "zero"),
        ("/etc/hosts", "hosts"),
        ("../outside.png", "outside"),
        ("pics/../../outside.png", "climb"),
        ("http://example.test/x.png", "remote"),
        ("data:image/png;base64,AAAA", "inline"),
        ("C:\\\\x.png", "drive"),
    ],
)
def test_an_image_from_outside_becomes_placeholder_text(src: str, alt: str) -> None:
    html = render_body(f"![{alt}]({src})", {}).html

    assert html == f'<p><span class="image-missing">[Picture: {alt}]</span></p>'
    assert srcs(html) == []


def test_an_image_without_alt_text_says_image() -> None:
    assert render_body("![](file:///etc/passwd)", {}).html == (
        '<p><span class="image-missing">[Picture]</span></p>'
    )


def test_a_relative_image_inside_the_folder_is_kept() -> None:
    html = render_body("![A rash on an arm](images/rash.png)", {}).html

    assert srcs(html) == ["images/rash.png"]
    assert 'alt="A rash on an arm"' in html


def test_the_first_use_of_a_glossary_term_is_marked_with_its_definition() -> None:
    rendered = render_body("Anemia is common. Anemia again, and more anemia.", GLOSSARY)

    html = rendered.html
    assert html.count('class="glossary"') == 1
    assert html.startswith(
        '<p><a class="glossary" href="glossary:anemia" '
        'title="Anemia means too few healthy red blood cells.">Anemia</a> is common.'
    )
    assert rendered.glossary_terms == ["anemia"]


@pytest.mark.parametrize(("language", "marked"), [("en", True), ("en-GB", True), ("English", True),
                                               ("es", False), ("es-MX", False), ("Spanish", False), ("fr", False)])  # fmt: skip
def test_glossary_terms_are_marked_only_in_articles_in_the_glossarys_language(language: str, marked: bool) -> None:
    """The glossary is English: a Spanish article's "anemia" was marked with an English
    definition, and its handout's "Palabras que debe conocer" filled with English sentences."""
    rendered = render_body("La anemia es un problema de la sangre. El bazo (spleen) filtra la sangre.", GLOSSARY,
                           language)  # fmt: skip

    assert ('class="glossary"' in rendered.html) is marked
    assert rendered.glossary_terms == (["anemia", "spleen"] if marked else [])


def test_glossary_terms_match_whole_words_plurals_and_multiword_terms() -> None:
    body = "Some B cells help. An enlarged spleenish thing is not the spleen."

    rendered = render_body(body, GLOSSARY)

    assert '<a class="glossary" href="glossary:B cell" ' in rendered.html
    assert ">B cells</a>" in rendered.html
    assert ">spleen</a>." in rendered.html  # the whole word, not "spleenish"
    assert rendered.glossary_terms == ["B cell", "spleen"]


def test_a_glossary_word_inside_a_name_in_capitals_is_not_marked() -> None:
    """Imported sources name the "National Institute of Diabetes and Digestive and Kidney
    Diseases": its "Kidney" is not the organ the definition explains. A later plain use is
    marked; a capitalised word that starts a sentence is too."""
    glossary = {"kidney": "An organ that cleans the blood.", "anemia": GLOSSARY["anemia"]}
    body = ("The National Institute of Diabetes and Digestive and Kidney Diseases studies "
            "how the kidneys work. Anemia Foundation leaflets help.\n\nAnemia is common.")

    rendered = render_body(body, glossary)

    assert "Kidney Diseases" in rendered.html  # as written, not a link
    assert '>kidneys</a> work' in rendered.html
    assert '<p><a class="glossary" href="glossary:anemia"' in rendered.html  # the second paragraph
    assert rendered.glossary_terms == ["kidney", "anemia"]


def test_a_repeated_term_does_not_stop_the_marking_of_later_terms() -> None:
    rendered = render_body("Anemia, then anemia again, then the spleen.", GLOSSARY)

    assert rendered.glossary_terms == ["anemia", "spleen"]
    assert rendered.html.count('class="glossary"') == 2
    assert ">anemia</a>" not in rendered.html  # the second use stays plain


def test_glossary_terms_are_not_marked_in_headings_links_or_code() -> None:
    body = (
        "## About anemia\n\nSee [anemia](hemolytic-anemia) and `anemia`.\n\n"
        "Later, anemia in plain text.\n"
    )

    html = render_body(body, GLOSSARY).html

    assert "<h2>About anemia</h2>" in html
    assert '<a class="internal" href="article:hemolytic-anemia">anemia</a>' in html
    assert "<code>anemia</code>" in html
    assert html.count('class="glossary"') == 1
    assert 'Later, <a class="glossary" href="glossary:anemia"' in html


def test_a_definition_is_escaped_in_its_title() -> None:
    html = render_body("An odd term.", {"odd term": 'Has "quotes" & <angles>.'}).html

    assert 'title="Has &quot;quotes&quot; &amp; &lt;angles&gt;."' in html


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("<b>bold</b>", 1),
        ("one\n\ntwo <span>x</span>", 3),
        ("one\n<!-- a comment is dropped, -->but <b>bold</b> is not", 2),
        ("```\n<table>\n````", 2),  # no fence for Markdown (closed by another): refused after rendering
    ],
)
def test_raw_html_is_refused_with_its_line_in_the_body(body: str, line: int) -> None:
    with pytest.raises(ContentError) as info:
        render_body(body, {})

    assert info.value.reason == "raw HTML is not allowed in the body"
    assert info.value.line == line


def test_find_raw_html_ignores_code_and_comparisons() -> None:
    assert find_raw_html("x < y and `<b>` and <https://example.test>") is None
    assert find_raw_html("fine\n<table><tr><td>x") == 2


def test_nothing_but_allowed_tags_and_attributes_come_out() -> None:
    body = (
        "## Head\n\n**b** *i* `c`\n\n- one\n- two\n\n1. first\n\n> quote\n\n"
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n---\n\n![pic](p.png) [in](lupus) [out](http://x)\n"
    )

    html = render_body(body, GLOSSARY).html

    tags = set(re.findall(r"<([a-z0-9]+)", html))
    assert tags <= {"h2", "p", "strong", "em", "code", "ul", "ol", "li", "blockquote",
                    "table", "thead", "tbody", "tr", "th", "td", "hr", "img", "a", "span"}  # fmt: skip
    attributes = set(re.findall(r"\s([a-z-]+)=", html))
    assert attributes <= {"href", "class", "title", "src", "alt", "align", "style", "start"}
    assert all(h.startswith(("article:", "glossary:")) for h in hrefs(html))


def test_a_numbered_list_starts_at_the_number_written() -> None:
    """Steps 1-2 above a picture go on at 3 below it: renumbered from 1, a patient would
    read two "step 1"s. A list written from 1 has no start at all."""
    body = "1. Wash the skin.\n2. Dry it.\n\n![Cream](cream.png)\n\n3. Put on the cream.\n4. Wait.\n"

    html = render_body(body, {}).html

    assert re.findall(r"<ol[^>]*>", html) == ["<ol>", '<ol start="3">']


def test_a_paragraph_that_is_one_picture_is_marked_as_such_and_no_other() -> None:
    """The view gives such a paragraph no 140% line height (a blank band under a picture)."""
    body = "![Knee](knee.png)\n\nA knee: ![Knee](knee.png)\n\n![Missing](../out.png)\n\nText.\n"

    html = render_body(body, {}).html

    assert re.findall(r"<p[^>]*>", html) == ['<p class="picture">', "<p>", "<p>", "<p>"]
    assert '<p class="picture"><img alt="Knee" src="knee.png"></p>' in html


# -- the page around the body ----------------------------------------------------------------


def _article(article_id: str, title: str, related: tuple[str, ...] = ()) -> Article:
    return Article(
        id=article_id,
        title=title,
        summary=f"About {title}.",
        reviewed=datetime.date(2025, 1, 15),
        body="",
        body_html=f"<p>Body of {title}.</p>",
        related=related,
        also_called=("Other & name",),
        categories=("Skin",),
        sources=(Source("NIH", "A <source>", datetime.date(2020, 5, 6), "https://example.test/s"),),
    )


def test_the_article_page_shows_related_both_ways_and_sources_as_text() -> None:
    a = _article("alpha", "Alpha", related=("beta",))
    b = _article("beta", "Beta")
    library = Library.from_articles([a, b])

    page_b = article_page(b, library)

    assert "<h1>Beta</h1>" in page_b
    assert "Other &amp; name" in page_b
    assert "About Beta." in page_b
    assert '<h2>Related conditions</h2><ul><li><a class="internal" href="article:alpha">Alpha</a>' in page_b
    assert "A &lt;source&gt;" in page_b
    assert '<span class="url">https://example.test/s</span>' in page_b
    assert all(h.startswith("article:") for h in hrefs(page_b))
    assert "Last reviewed: 15 January 2025" in page_b
    assert "NIH. <i>A &lt;source&gt;</i>. 6 May 2020. " in page_b


def test_a_link_to_an_article_the_library_does_not_hold_is_plain_text_on_the_page() -> None:
    body = render_body("See [Alpha](alpha), [*missing*](no-such-id) and [Alpha again](alpha).",
                       GLOSSARY).html  # fmt: skip
    article = _article("beta", "Beta")._replace(body_html=body)
    library = Library.from_articles([_article("alpha", "Alpha"), article])

    page = article_page(article, library)

    assert hrefs(page) == ["article:alpha", "article:alpha"]
    assert '<span class="external"><em>missing</em></span> and ' in page
    assert page.count("<a ") == page.count("</a>") == 2
    # The same body in a library that holds the article: a link again.
    with_it = Library.from_articles([*map(library.get, library.infos), _article("no-such-id", "Found")])
    assert "article:no-such-id" in hrefs(article_page(article, with_it))


def test_a_dead_link_beside_glossary_marks_keeps_them() -> None:
    definition = 'Says "</a>" & <b>more</b>.'  # what a definition holds is attribute text
    body = render_body("The [spleen and anemia](gone) and anemia and spleen.",
                       {"anemia": definition, "spleen": "An organ."}).html  # fmt: skip
    article = _article("beta", "Beta")._replace(body_html=body)

    page = article_page(article, Library.from_articles([article]))

    assert "article:gone" not in page
    assert hrefs(page) == ["glossary:anemia", "glossary:spleen"]
    assert '<span class="external">spleen and anemia</span> and <a class="glossary"' in page


def test_a_spanish_article_page_has_spanish_labels_and_dates() -> None:
    body = render_body("Ver ![Rodilla](../rodilla.png).", {}, "es").html
    a = _article("alpha", "Alfa", related=("beta",))
    b = _article("beta", "Beta")._replace(language="es", body_html=body,
                            reviewed=datetime.date(2026, 11, 21))  # fmt: skip

    page = article_page(b, Library.from_articles([a, b]))

    assert '<b>También se llama:</b> Other &amp; name' in page
    assert "<h2>Temas relacionados</h2>" in page
    assert "<h2>Fuentes</h2>" in page and "NIH. <i>A &lt;source&gt;</i>. 6 de mayo de 2020. " in page
    assert "Última revisión: 21 de noviembre de 2026" in page
    assert "[Imagen: Rodilla]" in page
    for english in ("Also called", "Related conditions", "Sources", "Last reviewed", "Picture", "May"):
        assert english not in page
    # Other articles keep English, the language they are written in or not.
    french = article_page(b._replace(language="fr"), Library.from_articles([a, b]))
    assert "<b>Also called:</b>" in french and "Last reviewed: 21 November 2026" in french


def test_the_home_page_lists_every_article_by_category() -> None:
    library = Library.from_articles([_article("alpha", "Alpha"), _article("beta", "Beta")])

    page = index_page(library)

    assert "<h2>Skin</h2>" in page
    assert hrefs(page) == ["article:alpha", "article:beta"]


def test_the_home_page_lists_a_dozen_titles_per_category_and_counts_the_rest() -> None:
    import datetime

    from healthreader.content.model import Article, Library
    from healthreader.content.page import index_page

    articles = [
        Article(id=f"c{n:02d}", title=f"Condition {n:02d}", summary="s", body="", body_html="",
                reviewed=datetime.date(2026, 1, 1), categories=("Blood",))
        for n in range(15)
    ]  # fmt: skip
    page = index_page(Library.from_articles(articles))

    assert "Condition 11" in page and "Condition 12" not in page
    assert "and 3 more (see Blood in the list of conditions)" in page


@given(st.text())
def test_the_page_escape_is_html_escape(text: str) -> None:
    """page.escape stands in for html.escape (whose module is slow to import at start-up)."""
    import html

    assert escape(text) == html.escape(text)


def test_a_title_with_markup_is_text_on_the_page() -> None:
    lib = Library.from_articles([Article("x", "<img src=x> & \"Co\"", "It's <b>here</b>.",
                                         datetime.date(2026, 1, 1), "", "")])  # fmt: skip
    page = article_page(lib.get("x"), lib)
    assert "<h1>&lt;img src=x&gt; &amp; &quot;Co&quot;</h1>" in page
    assert "It&#x27;s &lt;b&gt;here&lt;/b&gt;." in page


def test_headings_deeper_than_four_are_shown_as_fourth_level_headings() -> None:
    """<h5> and <h6> looked like body text in the view: a heading is never smaller than <h4>."""
    html = render_body("## Care\n\n##### At night\n\nRest.\n\n###### In the morning\n\nWalk.\n", {}).html

    assert re.findall(r"<(h\d)>([^<]*)<", html) == [("h2", "Care"), ("h4", "At night"), ("h4", "In the morning")]


def test_a_table_whose_first_row_is_empty_has_no_heading_row() -> None:
    """A converter's table with no headings (an empty first row) showed an empty band on top."""
    headless = render_body("|   |   |\n|---|---|\n| Rest | 8 hours |\n", {}).html
    headed = render_body("| What | How long |\n|---|---|\n| Rest | 8 hours |\n", {}).html

    assert "<thead>" not in headless and "<th" not in headless
    assert re.findall(r"<td>([^<]*)</td>", headless) == ["Rest", "8 hours"]
    assert re.findall(r"<th>([^<]*)</th>", headed) == ["What", "How long"]


def test_struck_out_text_is_struck_out_and_stray_tildes_stay_as_written() -> None:
    html = render_body("Take ~~two~~ one tablet.\n\n~~ not this ~~\n\nnor ~~~this~~~\n\nnor \\~~this~~\n", {}).html

    assert "Take <s>two</s> one tablet." in html
    assert re.findall(r"<p>(.*?)</p>", html)[1:] == ["~~ not this ~~", "nor ~~~this~~~", "nor ~~this~~"]


def test_footnotes_are_a_raised_number_and_numbered_notes_at_the_end_with_no_links() -> None:
    """Markdown's [^1] showed as typed. Now as on paper; no "#fn:1" link, which would lead nowhere."""
    body = "## Care\n\nRest a lot.[^rest] Drink water.[^2]\n\n[^rest]: Ask your nurse how long.\n[^2]: See [lupus](lupus).\n"

    rendered = render_body(body, {})

    assert "Rest a lot.<sup>1</sup> Drink water.<sup>2</sup>" in rendered.html
    notes = rendered.html.split("<hr>")[1]
    assert re.findall(r"<li>\s*<p>(.*?)</p>", notes) == [
        "Ask your nurse how long.", 'See <a class="internal" href="article:lupus">lupus</a>.']
    assert "#fn" not in rendered.html and "\u21a9" not in rendered.html and "&nbsp;" not in rendered.html
    assert rendered.internal_links == ["lupus"]
    assert rendered.warnings == []


def test_a_footnote_mark_with_no_note_and_a_note_with_no_mark_are_warned_about_with_their_lines() -> None:
    body = "## Care\n\nRest.[^1] Walk.[^2]\n\nSee \\[^3\\] and `[^4]`.\n\n[^1]: Ask your nurse.\n[^old]: Gone.\n"

    rendered = render_body(body, {})

    assert rendered.warnings == [
        ("footnote mark '[^2]' has no note, so readers see it as typed: add a line '[^2]: the note' "
         "below the text", 3),
        ("no footnote mark '[^old]' in the text points to this note: readers see it numbered at "
         "the end, with nothing leading to it", 8),
    ]  # fmt: skip


def test_a_fenced_block_is_a_code_block_with_its_lines_kept_and_no_warning() -> None:
    """A phone menu or dosing table pasted between ``` or ~~~ fences ran together into one
    line of inline code. Its "#" and "- " lines are no heading or list, and what looks
    like HTML in it is text."""
    body = ("Call:\n\n```\n# Phone menu\n- Press 1 <b>now</b> & wait\n```\n\n"
            "~~~text\nDose  Morning\n5 mg  1\n~~~\n\n- an item\n")  # fmt: skip

    rendered = render_body(body, GLOSSARY)

    assert rendered.html == (
        "<p>Call:</p>\n<pre><code># Phone menu\n- Press 1 &lt;b&gt;now&lt;/b&gt; &amp; wait</code></pre>\n"
        "<pre><code>Dose  Morning\n5 mg  1</code></pre>\n<ul>\n<li>an item</li>\n</ul>"
    )
    assert rendered.warnings == []


@pytest.mark.parametrize("after", ["<table><tr><td>x</td></tr></table>", "\\`<b>x</b>`"])
def test_raw_html_next_to_a_fenced_block_is_still_refused(after: str) -> None:
    """The fenced block is stashed as HTML, of Markdown's own making; the rest is not let
    through with it (an escaped backtick: only Markdown's own reading finds that tag)."""
    with pytest.raises(ContentError, match="raw HTML"):
        render_body(f"```\n<b>code</b>\n```\n\n{after}\n", {})
