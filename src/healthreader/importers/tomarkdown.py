"""HTML -> Markdown that the reader's Markdown (Python-Markdown) reads back as the same text.

markdownify does the structure (paragraphs, lists, headings, tables, emphasis); this module
makes its text safe. HTML text is free to hold what Markdown reads as syntax: a summary
wrapped so a line starts with ``#1 killer of women`` would become a heading, and
``[brackets](x)`` a link. So every character Markdown could read as a mark is escaped the
way Python-Markdown undoes it (CommonMark's ``\\<`` and ``\\&`` are not among them: those
become ``&lt;`` and ``&amp;``), and white space is collapsed as a browser does, so no line of
text starts indented or as a list item, a heading or a quote.

>>> to_markdown("<p>In the US heart disease is the\\n   #1 killer. See [notes](x).</p>", lambda href: None)
'In the US heart disease is the \\\\#1 killer. See \\\\[notes\\\\](x).\\n'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from healthreader.content.model import NOT_IN_TEXT

# What Python-Markdown reads as a mark wherever it is (its ESCAPED_CHARS, with the tables
# extension's "|" and the reader's "~", for ~~struck out~~): a backslash before it is taken
# out, and the character shown as it is.
_MARKS = re.compile(r"[\\`*_\[\]#|~]")
# "&lt;" in text would be read as an entity: Python-Markdown's own pattern for one.
_ENTITY_LIKE = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z0-9]+;)")
# "<" before anything but a space could open a tag, an autolink or a mail link.
_TAG_LIKE = re.compile(r"<(?!\s)")
# What makes a line a quote, a list item, a rule or a heading's underline where it starts
# one: escaped at the start of every piece of text, whether a line starts there or not (the
# escape reads the same either way).
# (A space before the mark counts: a no-break space there is trimmed at a block's start.)
_LINE_START = re.compile(r"^\s*(?:\d+(?=\.(?:\s|$))|>|[+-](?=\s|$)|-(?=-))")
_ONLY_EQUALS = re.compile(r"(\s*)=(=*\s*)")  # a line of them underlines the line above as a heading
_ESCAPED = re.compile(r"\\.")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")

# Where a line of Markdown starts: white space just after one is not shown by a browser.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
_SKIPPED = frozenset({"script", "style", "template", "head", "title"})


def escape(text: str, after_digit: bool = False, before_link: bool = False) -> str:
    r"""``text`` written so Markdown shows it as it is. ``after_digit``: it comes right after
    a digit in other markup (``<span>1</span>. Rest``), so a "." it starts with could make
    a numbered list item; ``before_link``: a link comes right after it, which a "!" it ends
    with would make a picture.

    >>> print(escape("#1 killer: 5*3 = a_b [x](y) \\o/ `c` | <b> & &amp; 5 < 6"))
    \#1 killer: 5\*3 = a\_b \[x\](y) \\o/ \`c\` \| &lt;b> & &amp;amp; 5 < 6
    >>> print(escape("1. Rest"), escape("- item"), escape("> quote"), escape("==="), escape("---"))
    1\. Rest \- item \> quote &#61;== \---
    >>> print(escape("-19, +5 and 1.5!"), escape(". Rest", after_digit=True), escape("See!", before_link=True))
    -19, +5 and 1.5! \. Rest See\!
    """
    text = _TAG_LIKE.sub("&lt;", _ENTITY_LIKE.sub("&amp;", text))  # first: "&#61;" has a "#"
    text = _MARKS.sub(r"\\\g<0>", text)
    equals = _ONLY_EQUALS.fullmatch(text)
    if equals:
        return f"{equals.group(1)}&#61;{equals.group(2)}"  # "=" has no backslash escape in Python-Markdown
    if after_digit and text[:1] == "." and text[1:2] in ("", " "):
        text = "\\" + text
    else:
        text = _LINE_START.sub(_escape_line_start, text)
    return text[:-1] + "\\!" if before_link and text.endswith("!") else text


def _escape_line_start(match: re.Match[str]) -> str:
    found = match.group()
    mark = found.lstrip()
    space = found[: len(found) - len(mark)]
    return f"{space}{mark}\\" if mark[0].isdigit() else f"{space}\\{mark}"  # "1\. Rest", "\- item"


def _prepare(soup: Any, link_target: Callable[[str], str | None]) -> None:
    """Make the HTML what Markdown can say: its text as a browser shows it (runs of white
    space one space, none where a line starts), and only the markup that makes marks."""
    from bs4.element import Comment, NavigableString, Tag

    for tag in soup.find_all(["pre", "dl", "dt", "dd", *_SHOWN_AS_TEXT]):
        if tag.name == "pre":  # as text, its lines kept apart
            for string in list(tag.find_all(string=True)):
                lines = str(string).split("\n")
                if len(lines) > 1:
                    pieces: list[Any] = []
                    for n, line in enumerate(lines):
                        if n:
                            pieces.append(soup.new_tag("br"))
                        pieces.append(NavigableString(line))
                    string.replace_with(*pieces)
            tag.name = "p"
        elif tag.name in ("dl",):
            tag.name = "div"
        elif tag.name in ("dt", "dd"):  # no definition lists in the reader's Markdown
            tag.name = "p"
        else:
            tag.unwrap()

    for tag in soup.find_all(["blockquote", "a", "img"]):
        if tag.name == "a" and (tag.find_parent("a") is not None or not link_target(str(tag.get("href") or ""))):
            tag.unwrap()  # a link to no imported topic is its text; a link in a link is not HTML
        elif tag.name == "blockquote" and tag.find_parent("li") is not None:
            tag.name = "div"  # "- > a" would quote only the item's first line
        elif tag.name == "img" and not str(tag.get("alt") or "").strip():
            tag.decompose()  # shows nothing

    for table in soup.find_all("table"):
        # Markdown keeps as many cells in a row as its first row has: the rows are made even.
        rows = [row for row in table.find_all("tr") if row.find_parent("table") is table]
        widths = [sum(_span(cell) for cell in row.find_all(["td", "th"], recursive=False)) for row in rows]
        for row, width in zip(rows, widths, strict=True):
            for _ in range(max(widths, default=0) - width):
                row.append(soup.new_tag("td"))

    def walk(node: Any, space_before: bool) -> bool:
        for child in list(node.children):
            if isinstance(child, Comment) or (isinstance(child, Tag) and child.name in _SKIPPED):
                child.extract()
            elif isinstance(child, NavigableString):
                # Control characters (XML allows U+0080-U+009F) are spaces: U+0085, U+2028 and
                # U+2029 end a line for our other readers of the body (str.splitlines: `check`,
                # the search text), not for Markdown, so "a\u2028 1. b" would be a list item there.
                text = _HTML_SPACE.sub(" ", NOT_IN_TEXT.sub(" ", str(child)))
                if space_before:
                    text = text.lstrip(" ")
                if text:
                    space_before = text.endswith(" ")
                child.replace_with(NavigableString(text))
            elif isinstance(child, Tag):
                if child.name in _BLOCKS:
                    walk(child, True)
                    space_before = True
                else:
                    space_before = walk(child, space_before)
        return space_before

    walk(soup, True)
    _join_emphasis(soup)


# Inline markup that makes no Markdown mark: its text stays, the tag goes (so what is on each
# side of it meets, as in _join_emphasis). Patients' text has no code; struck-out text
# (<del>, <s>: none in MedlinePlus's files) keeps its words, not struck out.
_SHOWN_AS_TEXT = ["abbr", "acronym", "bdi", "bdo", "big", "cite", "code", "del", "dfn", "font", "ins",
                  "kbd", "label", "mark", "nobr", "s", "samp", "small", "span", "strike", "sub", "sup",
                  "time", "tt", "u", "var"]  # fmt: skip


def _span(cell: Any) -> int:
    """The columns a table cell takes, as markdownify counts them."""
    span = str(cell.get("colspan") or "")
    return max(1, min(1000, int(span))) if span.isdigit() else 1


_EMPHASIS = {"em": "*", "i": "*", "b": "**", "strong": "**"}


def _join_emphasis(soup: Any) -> None:
    """Emphasis whose marks Markdown would misread where they meet. Italics right after
    italics are one (as ``*a**b*`` a bold mark would be read in the middle), likewise bold
    after bold, and italics in italics. Bold right after italics is read well (``*a***b**``),
    but not with a third kind nested where they meet (``*a****b***``, ``***a*****b**``): in
    emphasis next to emphasis, the emphasis inside goes (its text stays)."""
    from bs4.element import NavigableString, Tag

    def shows_nothing(node: Any) -> bool:
        """Empty text, or an element with no text, picture or line break (a link with no
        words is dropped): emphasis on either side of it meets."""
        if isinstance(node, NavigableString):
            return not str(node)
        return (isinstance(node, Tag) and node.name not in ("br", "img") and not node.get_text()
                and node.find(["br", "img"]) is None)  # fmt: skip

    def beside(node: Any, forward: bool) -> Any:
        """The sibling on one side, what shows nothing skipped."""
        sibling = node.next_sibling if forward else node.previous_sibling
        while sibling is not None and shows_nothing(sibling):
            sibling = sibling.next_sibling if forward else sibling.previous_sibling
        return sibling

    def mark(node: Any) -> str | None:
        return _EMPHASIS.get(node.name) if isinstance(node, Tag) else None

    def edge(tag: Any, last: bool) -> Any:
        """The first (or last) child inside the marks: spaces and line breaks go outside."""
        children = [c for c in tag.contents if not (isinstance(c, NavigableString) and not str(c).strip())
                    and getattr(c, "name", None) != "br"]  # fmt: skip
        return (children[-1] if last else children[0]) if children else None

    for tag in soup.find_all(list(_EMPHASIS)):
        if not tag.get_text() and tag.find(["br", "img"]) is None:
            tag.decompose()  # shows nothing
    for tag in soup.find_all(list(_EMPHASIS)):
        kind = mark(tag)
        if tag.find_parent(lambda t, kind=kind: mark(t) == kind) is not None:
            tag.unwrap()
    for tag in soup.find_all(list(_EMPHASIS)):
        if tag.parent is None:
            continue  # joined to the one before
        after = beside(tag, True)
        while mark(after) == mark(tag):
            for child in list(after.contents):
                tag.append(child.extract())
            after.decompose()
            after = beside(tag, True)
    for tag in soup.find_all(list(_EMPHASIS)):
        if mark(beside(tag, True)) or mark(beside(tag, False)):
            for inner in tag.find_all(list(_EMPHASIS)):
                inner.unwrap()
    for tag in soup.find_all(["em", "i"]):
        # Italics that start in bold and hold more bold ("***a**a**a***", "***a**a**a**a*")
        # are read as italics closed early, with marks left over: only the first bold part
        # stays bold (the others' text stays, in italics).
        first = edge(tag, False)
        if mark(first) == "**":
            for inner in tag.find_all(["b", "strong"]):
                if inner is not first and first not in inner.parents:
                    inner.unwrap()


def to_markdown(html: str, link_target: Callable[[str], str | None]) -> str:
    """The Markdown of ``html``. A link whose ``link_target(href)`` is an article id links to
    it; any other link is its text. Pictures are their alt text. Headings start at ``##``."""
    from bs4 import BeautifulSoup
    from markdownify import MarkdownConverter

    class Converter(MarkdownConverter):  # type: ignore[misc]
        after_digit = before_link = False

        def process_text(self, el: Any, parent_tags: Any = None) -> str:
            before = el.find_previous(string=True)
            self.after_digit = before is not None and str(before)[-1:].isdigit()
            after = el.next_element  # the next thing shown: a link's "[", or not
            while after is not None and not (isinstance(after, str) and after) and getattr(after, "name", "") not in ("a", "br", "img"):
                after = after.next_element
            self.before_link = getattr(after, "name", "") == "a"
            return str(super().process_text(el, parent_tags))  # type: ignore[misc]  # not in its stubs

        def escape(self, text: str, parent_tags: Any) -> str:
            return escape(text, self.after_digit, self.before_link)

        def convert_a(self, el: Any, text: str, parent_tags: Any) -> str:
            target = link_target(str(el.get("href") or ""))
            if not target:
                return text
            # "[\\]: x](id)" would be read as a link definition, "[\\]" naming "x](id)".
            text = _ESCAPED.sub(lambda m: "&#93;" if m.group() == "\\]" else m.group(), text)
            return _around(text, "[", f"]({target})")

        def convert_b(self, el: Any, text: str, parent_tags: Any) -> str:
            return _around(text, "**", "**")

        def convert_em(self, el: Any, text: str, parent_tags: Any) -> str:
            return _around(text, "*", "*")

        convert_strong = convert_b
        convert_i = convert_em

        def convert_img(self, el: Any, text: str, parent_tags: Any) -> str:
            alt = NOT_IN_TEXT.sub(" ", str(el.get("alt") or ""))
            return escape(_HTML_SPACE.sub(" ", alt))  # pictures are not imported

        def convert_hN(self, n: int, el: Any, text: str, parent_tags: Any) -> str:
            if "_inline" in parent_tags:
                return text
            text = text.strip()
            # Summaries have no title of their own: headings start at ##, as in every article.
            return f"\n\n{'#' * min(6, max(2, n))} {text}\n\n" if text else ""

        def convert_ul(self, el: Any, text: str, parent_tags: Any) -> str:
            converted = str(super().convert_ul(el, text, parent_tags))  # type: ignore[misc]  # not in its stubs
            before: Any = el.previous_sibling
            while isinstance(before, str) and not before.strip():
                before = getattr(before, "previous_sibling", None)
            if "li" in parent_tags and getattr(before, "name", "") in ("ul", "ol"):
                # A list right after a list in an item: without a blank line, its first item
                # would join the last one of the list before.
                return "\n" + converted
            return converted

        convert_ol = convert_ul

        def convert_li(self, el: Any, text: str, parent_tags: Any) -> str:
            text = (text or "").strip()
            if not text:
                return "\n"
            parent = el.parent
            if parent is not None and parent.name == "ol":
                start = str(parent.get("start") or "")
                number = (int(start) if start.isdigit() else 1) + len(el.find_previous_siblings("li"))
                bullet = f"{number}. "
            else:
                bullet = "- "
            # Python-Markdown takes what is indented by 4 spaces as the item's, whatever its marker;
            # after an item of paragraphs, the next item needs a blank line, or it joins the last.
            lines = [line if line.strip() else "" for line in text.split("\n")]
            first = next((c for c in el.children if not isinstance(c, str) or c.strip()), None)
            lead = ""
            if getattr(first, "name", "") in ("ul", "ol"):
                # A list first: on a line of its own ("- - - a" is misread), after a blank line
                # (else "- a" above and "-" would be read as a heading underlined).
                lines[:0] = ["", ""]
                lead = "\n\n"
            end = "\n\n" if "" in lines else "\n"
            return lead + bullet + "\n".join([lines[0]] + [f"    {line}" if line else "" for line in lines[1:]]) + end

    soup = BeautifulSoup(html, "html.parser")
    _prepare(soup, link_target)
    converted = Converter(bullets="-", escape_asterisks=False, escape_underscores=False,
                          escape_misc=False).convert_soup(soup)  # fmt: skip
    return re.sub(r"\n{3,}", "\n\n", converted).strip() + "\n"


def _around(text: str, before: str, after: str) -> str:
    """``before + text + after``, less the spaces at the ends of ``text``, which go outside.

    Markdown reads no bold or link mark next to a space (a no-break one too) on its inner
    side, and markdownify's own trimming drops a no-break space (str.strip()).

    >>> _around("\\u00a0sun ", "**", "**") == "\\u00a0**sun** "
    True
    """
    parts = _BLANK_LINE.split(text)
    if len(parts) > 1:  # two line breaks end a paragraph: the marks go around each one's part
        return "".join(part if n % 2 else _around(part, before, after) for n, part in enumerate(parts))
    inner = text.strip()
    if not inner:
        return text
    return f"{text[: len(text) - len(text.lstrip())]}{before}{inner}{after}{text[len(text.rstrip()):]}"


_BLANK_LINE = re.compile(r"(\n[ \t]*\n)")
