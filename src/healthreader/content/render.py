"""Markdown body -> safe HTML for the article view and the handout.

What comes out is the only HTML the UI ever shows from a file:

- HTML comments (``<!-- note to editors -->``) are dropped (``drop_comments``);
- other raw HTML in the Markdown is refused before rendering (``find_raw_html``);
- a block between ``` (or ~~~) fences is code, its lines kept and its text escaped;
- ``[Evans syndrome](evans-syndrome)`` becomes ``<a class="internal" href="article:evans-syndrome">``;
- every other link (http, file, mailto, relative paths) becomes plain text;
- images keep only a plain relative ``src`` (the view serves it from the article's folder or
  shows a placeholder); anything else becomes its alt text;
- the first use of each glossary term becomes
  ``<a class="glossary" href="glossary:TERM" title="definition">``;
- nh3 cleans the result against an allow-list, as a second line of defence.

>>> render_body("See [Evans syndrome](evans-syndrome) or [a site](https://x.test).", {}).html
'<p>See <a class="internal" href="article:evans-syndrome">Evans syndrome</a> or \
<span class="external">a site</span>.</p>'
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from healthreader.content.glossary import GLOSSARY_LANGUAGE, Glossary
from healthreader.content.model import is_article_id
from healthreader.content.pictures import refused_src
from healthreader.content.wording import language_code, wording_for
from healthreader.errors import ContentError

# Changing the HTML made here? Bump RENDER_VERSION in content/stamps.py.
MAX_NESTING = 10
_LIST_ITEM = re.compile(r"( *)(?:[-*+]|\d{1,9}[.)])[ \t]")
CODE_BLOCK_WARNING = ("indented by 4 spaces or a tab, so it is shown as code: as typed, in a "
                      "typewriter font; remove the indent if it is text")  # fmt: skip
LEVEL_ONE_WARNING = "body headings start at '##' (the title comes from the front matter)"
LAZY_LINE_WARNING = ("this line comes right under a list item, with no blank line between, so it joins "
                     "that item's text: put a blank line above it if it starts a new paragraph, or indent "
                     "it if it belongs to the item")  # fmt: skip
HASH_TEXT_WARNING = ("this line starts with '#', so it is shown as a heading: if it is text, write '\\#' "
                     "for that '#', or start the line with another word")  # fmt: skip
MAX_BRACKETS = 2_000  # about 0.4 s of Markdown at worst; an article has far fewer links

_CODE_RE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.DOTALL)
# Not after "](": ``![Knee](<knee photo.png>)`` is CommonMark's way to write an address
# with a space, and Markdown reads it as one, not as a tag.
_TAG_RE = re.compile(r"(?<!\]\()<(?:!--|/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|![A-Za-z]|\?)")
_ENTITY_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);\Z")

_ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b",
    "i", "s", "sup", "code", "pre", "blockquote", "table", "thead", "tbody", "tr", "th", "td",
    "a", "span", "img",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "p": {"class"},
    "ol": {"start"},  # digits only: Markdown writes it from "5." (lazy_ol=False)
    "a": {"href", "class", "title"},
    "span": {"class", "title"},
    "img": {"src", "alt"},
    "th": {"align"},
    "td": {"align"},
}
_SKIP_GLOSSARY = {"a", "code", "pre", "h2", "h3", "h4", "h5", "h6"}


@dataclass(slots=True)
class Rendered:
    html: str
    internal_links: list[str] = field(default_factory=list)
    glossary_terms: list[str] = field(default_factory=list)
    # (what is doubtful, its line in the body, 1-based, where known): ``check`` says them.
    warnings: list[tuple[str, int | None]] = field(default_factory=list)
    # (src as written, its line in the body, 1-based, where found) of each picture named,
    # once per src, shown or not: ``check`` says which cannot be shown, and why.
    pictures: list[tuple[str, int | None]] = field(default_factory=list)
    # (target as written, the article id it names or "", its line in the body, 1-based,
    # where found) of each link whose words readers see instead of its target (not an
    # autolink such as <https://x.test>, which shows its address): ``check`` says which
    # lead nowhere. A wiki link or picture (``[[lupus]]``, ``![[knee.png]]``, as Obsidian
    # writes them), which readers see as typed, is here whole, brackets and all, with "".
    links: list[tuple[str, str, int | None]] = field(default_factory=list)
    code_blocks: list[str] = field(default_factory=list)  # their text, escaped as in the HTML


_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)


def _outside_code(body: str) -> str:
    """``body`` with the text of its code blanked out, each line where it was."""
    return _CODE_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), body)


def drop_comments(body: str) -> str:
    r"""``body`` without its HTML comments (notes to editors), outside code: never shown,
    never searched. Their line breaks are kept, so every line keeps its number; a line that
    held only a comment is a blank line, as a comment on its own line ends a paragraph in
    other Markdown readers.

    >>> drop_comments("Text.\n<!-- note to editors:\n check this -->\nMore <!-- x --> text. `<!-- code -->`")
    'Text.\n\n\nMore  text. `<!-- code -->`'
    """
    if "<!--" not in body:
        return body
    masked = _outside_code(body)
    parts = []
    position = 0
    for comment in _COMMENT_RE.finditer(masked):
        parts.append(body[position : comment.start()])
        parts.append("\n" * comment.group().count("\n"))
        position = comment.end()
    parts.append(body[position:])
    return "".join(parts)


def article_target(href: str) -> str | None:
    """The id of the article a link's target names, or None: the id itself, or the
    article's file as Markdown editors write a link to another file (``lupus.md``,
    ``./lupus.md``); a ``#section`` after it is ignored (the article opens at its top).
    Only an id ever comes out, so a link can lead nowhere but to an article.

    >>> [article_target(h) for h in ("lupus", "lupus.md", "./lupus.md", "lupus#causes", "lupus.md#causes")]
    ['lupus', 'lupus', 'lupus', 'lupus', 'lupus']
    >>> [article_target(h) for h in ("Lupus", "../lupus.md", "sub/lupus.md", "#causes", "file:lupus.md",
    ...                              "https://x.test/lupus", "lupus.html", "")]
    [None, None, None, None, None, None, None, None]
    """
    base = href.strip().split("#", 1)[0]
    base = base.removeprefix("./")
    base = base.removesuffix(".md")
    return base if is_article_id(base) else None


_MARKUP_RE = re.compile(
    r"\*\*[^*\n]+\*\*|__[^_\n]+__"  # bold
    r"|(?<![\w*])\*(?![\s*])[^*\n]*?[^\s*]\*(?![\w*])|(?<![\w_])_(?![\s_])[^_\n]*?[^\s_]_(?![\w_])"  # italics
    r"|`[^`\n]+`"  # code
    r"|!?\[[^\]\n]*\]\([^)\n]*\)"  # a link or a picture
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>"  # an HTML tag
)


def markup_in(text: str) -> list[str]:
    r"""The Markdown or HTML mark-up in ``text``, as written, each once: for a text shown as
    it is written (the summary), where readers would see the marks.

    >>> markup_in("Take **2 tablets** <b>daily</b>, see [lupus](lupus) and *rest*.")
    ['**2 tablets**', '<b>', '</b>', '[lupus](lupus)', '*rest*']
    >>> markup_in("2 * 3 * 4, snake_case_name, a < b > c, C++ and C#")
    []
    """
    return list(dict.fromkeys(_MARKUP_RE.findall(text)))


def find_raw_html(body: str) -> int | None:
    """The 1-based line of the first raw HTML tag outside code, or None.

    >>> find_raw_html("fine <https://x.test> and `<b>` in code")
    >>> find_raw_html("line one\\n<table><tr><td>x")
    2
    """
    without_code = _outside_code(body)
    match = _TAG_RE.search(without_code)
    if match is None:
        return None
    return without_code.count("\n", 0, match.start()) + 1


def shallow_sublists(body: str) -> list[tuple[int, int]]:
    r"""(line, how many spaces more) of each list item indented by 1 to 3 spaces more than
    the item above it. Meant as a list inside that item (as other Markdown readers take
    it), it is not one here: that takes 4. It joins the item's text ("Wash - with soap")
    or follows it.

    >>> shallow_sublists("1. Wash\n   - with soap\n2. Dry\n\n- a\n  - b\n- c\n    - d\n     - e\n")
    [(2, 3), (6, 2), (9, 1)]
    """
    found = []
    above: int | None = None  # the indent of the list item above, while in a list
    for number, line in enumerate(body.splitlines(), 1):
        if not line.strip():
            continue
        item = _LIST_ITEM.match(line)
        if item is not None:
            indent = len(item.group(1))
            if above is not None and above < indent < above + 4:
                found.append((number, indent - above))
            above = indent
        elif not line[0].isspace():
            above = None  # text at the margin: the list has ended
    return found


_NOT_JOINED = re.compile(r"#|>|(?:[-*_=][ \t]*)+$")  # a heading, a quote, a rule or an underline


def lazy_lines(body: str) -> list[int]:
    r"""The line of each paragraph written at the margin right under a list item, with no
    blank line between. Meant as a paragraph after the list, it is not one: Markdown joins
    it to the item's text (a "lazy" line), so it reads as part of the last bullet.

    >>> lazy_lines("- Rest\n- Drink water\n  every hour.\nIf this does not help,\ncall us.\n\nFine.\n")
    [4]
    >>> lazy_lines("- Rest\n\nFine.\n- a\n## Heading\n- b\n---\n- c\n> quote\n")
    []
    """
    found = []
    under_item = False  # on a list item's lines, no blank line since it began
    for number, line in enumerate(body.splitlines(), 1):
        if not line.strip():
            under_item = False
        elif _LIST_ITEM.match(line):
            under_item = True
        elif under_item and not line[0].isspace():
            if not _NOT_JOINED.match(line):
                found.append(number)
            under_item = False  # one warning for the paragraph
    return found


def _line_of(body: str, snippet: str) -> int | None:
    first = snippet.strip().splitlines()[0] if snippet.strip() else ""
    at = body.find(first) if first else -1
    return body.count("\n", 0, at) + 1 if at >= 0 else None


def render_body(body: str, glossary: Glossary, language: str = "en") -> Rendered:
    """Render a Markdown body; raises ContentError for raw HTML or too deep nesting.

    ``language``: the article's, for the words the renderer writes itself ("[Picture: …]");
    glossary terms are marked only in an article in the glossary's language.
    """
    if language_code(language) != GLOSSARY_LANGUAGE:
        glossary = {}
    if body.count("[") > MAX_BRACKETS:
        # Python-Markdown's link parsing takes time that grows with the square of the
        # '[' in a paragraph (upstream issue 798): 16,000 of them take 25 s.
        raise ContentError(f"the body has more than {MAX_BRACKETS:,} '[' characters; "
                           "split it into shorter articles")  # fmt: skip
    body = drop_comments(body)
    line = find_raw_html(body)
    if line is not None:
        opened = _outside_code(body).find("<!--")
        if opened >= 0 and body.count("\n", 0, opened) + 1 == line:
            raise ContentError("a comment ('<!-- …') is not closed: end it with '-->'", line=line)
        raise ContentError("raw HTML is not allowed in the body", line=line)
    # Imported here: a warm start shows cached HTML and never needs markdown or nh3.
    import markdown
    import nh3
    from markdown.extensions.footnotes import FootnoteExtension
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension

    result = Rendered(html="")
    safe_tree = _safe_tree_extension(glossary, result, wording_for(language).picture)
    md = markdown.Markdown(  # type: ignore[call-arg]  # lazy_ol: documented, not in the stubs
        extensions=[TableExtension(), SaneListExtension(), FootnoteExtension(), safe_tree],
        output_format="html",
        # "5." starts a list at 5, as written: steps 1-4 above a picture go on at 5 below it
        # (lazily renumbered from 1, patients would read two step 1s).
        lazy_ol=False,
    )
    md.reset()
    try:
        raw = md.convert(body)
    except RecursionError:
        # Thousands of nested emphasis marks make the tree walks recurse too deep.
        raise ContentError("the body is nested too deeply (emphasis or links)") from None
    # A code block's last line break would be an empty line of its own under it.
    raw = raw.replace("\n</code></pre>", "</code></pre>")
    # Second check, by Markdown's own reading: the first one can disagree about what is code
    # (an escaped backtick, a fence Markdown does not take for one), and raw HTML passed
    # through that way (nested tables) would reach the view. The first blocks stashed are
    # the fenced code blocks, escaped by Markdown: HTML of its own making.
    for stashed in md.htmlStash.rawHtmlBlocks[safe_tree.fenced_blocks :]:
        text = str(stashed).strip()
        if not _ENTITY_RE.match(text):
            raise ContentError("raw HTML is not allowed in the body", line=_line_of(body, text))
    result.html = nh3.clean(
        raw,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"article", "glossary"},
        link_rel=None,
        strip_comments=True,
    ).strip()
    result.pictures = _picture_lines(body, [src for src, _ in result.pictures])
    result.links = _link_lines(body, result.links)
    body = _blank_fences(body)  # a phone menu's "#" or "- " lines are no heading or list
    heading_lines = iter(_level_one_heading_lines(body))
    result.warnings = [(warning, next(heading_lines, None) if warning == LEVEL_ONE_WARNING else line)
                       for warning, line in result.warnings]  # fmt: skip
    hashed = _hash_text_lines(body)
    if hashed:  # said once a line: not "headings start at '##'" as well
        result.warnings = [(w, line) for w, line in result.warnings if not (w == LEVEL_ONE_WARNING and line in hashed)]
        result.warnings.extend((HASH_TEXT_WARNING, line) for line in hashed)
    if result.code_blocks:
        import html

        # An indented paragraph, most often by mistake: patients' articles have no code.
        result.warnings.extend((CODE_BLOCK_WARNING, _line_of(body, html.unescape(code)))
                               for code in result.code_blocks)  # fmt: skip
    result.warnings.extend(
        (f"this list item is indented {spaces} space{'s' if spaces > 1 else ''} more than the item "
         "above, so it is not put inside that item (it joins it, or follows it): a list inside "
         "a list takes 4 more",
         line) for line, spaces in shallow_sublists(body))  # fmt: skip
    result.warnings.extend((LAZY_LINE_WARNING, line) for line in lazy_lines(body))
    result.warnings.extend(unmatched_footnotes(body))
    return result


_NOTE = re.compile(r"^ {0,3}\[\^([^\]\s\\]+)\]:", re.MULTILINE)
_NOTE_MARK = re.compile(r"(?<!\\)\[\^([^\]\s\\]+)\](?!:)")  # not an escaped \[^1\]


def unmatched_footnotes(body: str) -> list[tuple[str, int]]:
    """Warnings, with their lines, for a footnote mark with no note (readers see "[^2]" as
    typed) and for a note no mark points to (it is listed at the end, numbered, with
    nothing in the text leading to it).

    >>> unmatched_footnotes("Rest.[^1] Walk.[^2]\\n\\n[^1]: Ask.\\n[^3]: Old note.\\n")[0]
    ("footnote mark '[^2]' has no note, so readers see it as typed: add a line '[^2]: the note' below the text", 1)
    """
    text = _outside_code(body)
    notes = {m.group(1): text.count("\n", 0, m.start()) + 1 for m in _NOTE.finditer(text)}
    marks: dict[str, int] = {}
    for m in _NOTE_MARK.finditer(text):
        marks.setdefault(m.group(1), text.count("\n", 0, m.start()) + 1)
    found = [(f"footnote mark '[^{label}]' has no note, so readers see it as typed: add a line "
              f"'[^{label}]: the note' below the text", line)
             for label, line in marks.items() if label not in notes]  # fmt: skip
    found.extend((f"no footnote mark '[^{label}]' in the text points to this note: readers see it "
                  "numbered at the end, with nothing leading to it", line)
                 for label, line in notes.items() if label not in marks)  # fmt: skip
    return found


def _link_lines(body: str, links: list[tuple[str, str, int | None]]) -> list[tuple[str, str, int | None]]:
    r"""Each link with the line of the body where it is written: a target written twice is
    looked for after the place of the first.

    >>> _link_lines("[A](a)\n\n[B](a) [C][c]\n\n[c]: ./c.md\n", [("a", "a", None), ("a", "a", None),
    ...                                                           ("./c.md", "c", None)])
    [('a', 'a', 1), ('a', 'a', 3), ('./c.md', 'c', 5)]
    """
    found: list[tuple[str, str, int | None]] = []
    after: dict[str, int] = {}  # target -> where to look for its next use
    outside_code = _outside_code(body)
    for href, article_id, _ in links:
        target = re.escape(href)
        if WIKI_LINK.fullmatch(href) and not article_id:  # written as it is, outside code
            match = re.compile(target).search(outside_code, after.get(href, 0))
        else:
            # ](target), ](<target> "title") or a reference definition, [name]: target
            named = re.compile(rf"\]\(\s*<?{target}>?(?:\s|\))|^[ \t]*\[[^\]]*\]:\s*<?{target}>?\s",
                               re.MULTILINE)  # fmt: skip
            match = named.search(body + "\n", after.get(href, 0))
        if match is None:
            found.append((href, article_id, None))
            continue
        after[href] = match.end()
        found.append((href, article_id, body.count("\n", 0, match.start()) + 1))
    return found


def _level_one_heading_lines(body: str) -> list[int]:
    r"""The lines of the body's level-one headings as this Markdown reads them: a line that
    starts with one ``#`` (no space needed: ``#1 killer`` is one), or a line underlined with
    ``=``.

    >>> _level_one_heading_lines("# One\n\nText\n===\n\n## Two\n\n    # code\n#\tThree\n#1 cause\n   # not\n")
    [1, 3, 9, 10]
    """
    found = []
    lines = body.splitlines()
    for number, line in enumerate(lines, 1):
        if re.match(r"#(?!#)", line):
            found.append(number)
        elif re.fullmatch(r"=+ *", line) and number > 1 and lines[number - 2].strip():
            found.append(number - 1)
    return found


def _hash_text_lines(body: str) -> list[int]:
    r"""The lines that start with ``#`` right before a word: text, most likely (``#1 killer
    of women``, ``#hashtag``), which this Markdown shows as a heading.

    >>> _hash_text_lines("# One\n#1 killer\n##hashtag\n ## x\n#\n")
    [2, 3]
    """
    return [n for n, line in enumerate(body.splitlines(), 1) if re.match(r"#{1,6}[^#\s]", line)]


def _picture_lines(body: str, sources: list[str]) -> list[tuple[str, int | None]]:
    r"""Each distinct picture ``src`` with the line of the body where it is first named.

    The picture's own ``![alt](src)`` comes first: a link to the same file further up (a
    "full size" link, say) is not where the picture is.

    >>> _picture_lines("![A](pics/a.png)\n\n![x]()\n![Pics](pics)\n![Again](pics)", ["pics", "", "pics"])
    [('pics', 4), ('', 3)]
    >>> _picture_lines("[Full size](a.png)\n\n![Map](a.png)\n\n![B][b]\n\n[b]: b.png\n", ["a.png", "b.png"])
    [('a.png', 3), ('b.png', 7)]
    """
    found = []
    for src in dict.fromkeys(sources):
        target = re.escape(src)
        # ![alt](src) or ![alt](<src> "title"), the alt text with [brackets] of its own
        shown = re.search(rf"!\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?{target}>?(?:\s|\))", body)
        # else a reference definition, [name]: src, or any ](src)
        named = shown or re.search(rf"^[ \t]*\[[^\]]*\]:\s*<?{target}>?\s", body + "\n", re.MULTILINE) or \
            re.search(rf"\]\(\s*<?{target}>?(?:\s|\))", body)  # fmt: skip
        at = named.start() if named is not None else body.find(src) if src else -1
        found.append((src, body.count("\n", 0, at) + 1 if at >= 0 else None))
    return found


def _blank_fences(body: str) -> str:
    r"""``body`` with the text of its fenced code blocks, as Markdown reads them, blanked
    out, each line where it was.

    >>> _blank_fences("Call:\n\n```\n# menu\n- 1\n```\n\n- item\n")
    'Call:\n\n   \n      \n   \n   \n\n- item\n'
    """
    from markdown.extensions.fenced_code import FencedBlockPreprocessor

    return FencedBlockPreprocessor.FENCED_BLOCK_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), body)


def _safe_tree_extension(glossary: Glossary, result: Rendered, picture: str) -> Any:
    """A Markdown extension running ``_SafeTree``; built here so importing this module
    does not import markdown. Its ``fenced_blocks``: how many fenced code blocks it stashed."""
    from markdown.extensions import Extension
    from markdown.extensions.fenced_code import FencedBlockPreprocessor
    from markdown.inlinepatterns import SimpleTagInlineProcessor
    from markdown.treeprocessors import Treeprocessor

    class SafeTree(Treeprocessor):  # type: ignore[misc]
        def run(self, root: ET.Element) -> None:
            _safe_tree(root, glossary, result, picture)

    class Fences(FencedBlockPreprocessor):  # type: ignore[misc]
        """```-fenced code (a phone menu, a dosing table pasted as typed): a block, its
        lines kept. Each is stashed as escaped HTML before any other raw HTML is."""

        def run(self, lines: list[str]) -> list[str]:
            made = super().run(lines)
            extension.fenced_blocks = len(self.md.htmlStash.rawHtmlBlocks)
            return made

    class SafeTreeExtension(Extension):  # type: ignore[misc]
        fenced_blocks = 0

        def extendMarkdown(self, md: Any) -> None:
            # Priority 25, as Python-Markdown's fenced_code: before raw HTML blocks (20).
            md.preprocessors.register(Fences(md, {"lang_prefix": "language-"}), "fenced_code_block", 25)
            # Priority 5: after inline patterns (20) have made the links, before unescape (0).
            md.treeprocessors.register(SafeTree(md), "healthreader", 5)
            # ~~struck out~~, as GitHub and most editors write it (Python-Markdown's own
            # example of an inline pattern; 175: before emphasis).
            md.inlinePatterns.register(SimpleTagInlineProcessor(r"(?<!~)(~~)(?![\s~])(.+?)(?<![\s~])~~(?!~)", "s"),
                                       "strike", 175)  # fmt: skip
            md.ESCAPED_CHARS.append("~")  # "\~~" shows "~~" (the tables extension adds "|" so)

    extension = SafeTreeExtension()
    return extension


def _safe_tree(root: ET.Element, glossary: Glossary, result: Rendered, picture: str) -> None:
    _check_depth(root, 0)
    for h1 in root.iter("h1"):
        h1.tag = "h2"
        result.warnings.append((LEVEL_ONE_WARNING, None))  # its line: render_body
    for deep in root.iter():
        if deep.tag in ("h5", "h6"):  # looked like body text: the deepest heading is <h4>
            deep.tag = "h4"
    _drop_empty_header_rows(root)
    _plain_footnotes(root)
    _rewrite_links(root, result, picture)
    result.links.extend((written, "", None) for written in _wiki_links(root))
    _mark_lone_pictures(root)
    result.code_blocks.extend("".join(code.itertext()) for code in root.iter("pre"))
    if glossary:
        _GlossaryMarker(glossary, result).mark(root)


def _check_depth(element: ET.Element, depth: int) -> None:
    if depth > MAX_NESTING:
        raise ContentError(f"lists or quotes nested deeper than {MAX_NESTING} levels")
    for child in element:
        nests = child.tag in {"ul", "ol", "blockquote", "table"}
        _check_depth(child, depth + 1 if nests else depth)


def _drop_empty_header_rows(root: ET.Element) -> None:
    """A table written with an empty first row (``|   |   |``, as some converters write a
    table with no headings) has no heading row, rather than an empty band on top."""
    for table in root.iter("table"):
        head = table.find("thead")
        if head is not None and not "".join(head.itertext()).strip() and head.find(".//img") is None:
            table.remove(head)


def _plain_footnotes(root: ET.Element) -> None:
    """Footnotes as on paper: a raised number in the text (``<sup>1</sup>``) and the notes,
    numbered, under a rule at the end of the body. Neither is a link: the view follows
    links to articles only, and "↩" would lead nowhere."""
    from markdown.extensions.footnotes import NBSP_PLACEHOLDER

    parents = {child: parent for parent in root.iter() for child in parent}
    for ref in [a for a in root.iter("a") if a.get("class") in ("footnote-ref", "footnote-backref")]:
        parent = parents[ref]
        if ref.get("class") == "footnote-ref":
            parent.text = (parent.text or "") + "".join(ref.itertext()) + (ref.tail or "")
            parent.remove(ref)
            continue
        at = list(parent).index(ref)
        # The "&#160;↩" after a note goes, space and all.
        if at == 0:
            parent.text = (parent.text or "").removesuffix(NBSP_PLACEHOLDER) + (ref.tail or "")
        else:
            before = parent[at - 1]
            before.tail = (before.tail or "").removesuffix(NBSP_PLACEHOLDER) + (ref.tail or "")
        parent.remove(ref)
    for notes in [div for div in root.iter("div") if div.get("class") == "footnote"]:
        parent = parents[notes]
        at = list(parent).index(notes)
        parent.remove(notes)
        for offset, child in enumerate(notes):
            parent.insert(at + offset, child)


def _mark_lone_pictures(root: ET.Element) -> None:
    """A paragraph that is one picture and nothing else is ``<p class="picture">``: the
    view gives it no 140% line height, which would be a blank band under the picture."""
    for paragraph in root.iter("p"):
        children = list(paragraph)
        if (len(children) == 1 and children[0].tag == "img" and not (paragraph.text or "").strip()
                and not (children[0].tail or "").strip()):  # fmt: skip
            paragraph.set("class", "picture")


def _rewrite_links(root: ET.Element, result: Rendered, picture: str) -> None:
    """Links and pictures made safe; ``picture`` is the word for one that cannot be shown."""
    for element in root.iter():
        if element.tag == "a":
            href = (element.get("href") or "").strip()
            element.attrib.clear()
            target = article_target(href)
            if target is not None:
                element.set("class", "internal")
                element.set("href", f"article:{target}")
                result.internal_links.append(target)
                result.links.append((href, target, None))
            else:
                # Shown as plain text: no external target is ever clickable.
                element.tag = "span"
                element.set("class", "external")
                if not _shows_its_address(href, "".join(element.itertext())):
                    result.links.append((href, "", None))
        elif element.tag == "img":
            src = (element.get("src") or "").strip()
            alt = element.get("alt") or ""
            element.attrib.clear()
            result.pictures.append((src, None))
            if refused_src(src) is None:
                element.set("src", src)
                element.set("alt", alt)
            else:
                element.tag = "span"
                element.set("class", "image-missing")
                element.text = f"[{picture}: {alt}]" if alt else f"[{picture}]"  # as on paper


WIKI_LINK = re.compile(r"!?\[\[[^\[\]\n|]*(?:\|[^\[\]\n]*)?\]\]")


def _wiki_links(element: ET.Element) -> list[str]:
    """Each wiki link or picture (``[[lupus]]``, ``[[Lupus|read about lupus]]``,
    ``![[knee.png]]``) in the text, in order, outside code: this Markdown does not know
    them, so readers see them as typed."""
    if element.tag in ("code", "pre"):
        return []
    found = WIKI_LINK.findall(element.text or "")
    for child in element:
        found.extend(_wiki_links(child))
        found.extend(WIKI_LINK.findall(child.tail or ""))
    return found


def _shows_its_address(href: str, text: str) -> bool:
    """Whether a link's words are its address (an autolink, ``<https://x.test>`` or
    ``<nurse@clinic.org>``, whose letters Markdown writes as character references): as
    plain text it loses nothing."""
    import html

    from markdown.util import AMP_SUBSTITUTE

    def plain(value: str) -> str:
        return html.unescape(value.replace(AMP_SUBSTITUTE, "&")).strip()

    address, words = plain(href), plain(text)
    # Only a web or e-mail address: ``[Lupus](Lupus)`` is a link that leads nowhere.
    if not (_WEB_OR_MAIL.match(address) or "@" in address):
        return False
    return bool(words) and words in (address, address.removeprefix("mailto:"))


_WEB_OR_MAIL = re.compile(r"(?i)(?:https?|ftp|mailto):|www\.")


_NEXT_WORD = re.compile(r"\s+(\w+)")
_SENTENCE_END = (".", "!", "?", ":", ";")


def _in_a_name(text: str, match: re.Match[str], term: str) -> bool:
    """Whether a glossary word written in lowercase ("kidney") is here part of a name in
    capitals ("National Institute of Diabetes and Digestive and Kidney Diseases", as
    imported sources write): capitalised, with a capitalised word after it, or before it
    in the same sentence. Such a use is not marked; a later plain one is.

    >>> import re
    >>> def check(text):
    ...     return _in_a_name(text, re.search("kidney", text, re.IGNORECASE), "kidney")
    >>> check("The Digestive and Kidney Diseases institute"), check("Polycystic Kidney")
    (True, True)
    >>> check("Kidney damage is rare. Mild Kidney"), check("your kidney"), check("Kidney ITP")
    (False, False, False)
    """
    matched = match.group()
    if not matched[:1].isupper() or term[:1].isupper():
        return False  # written in lowercase here, or a name in the glossary itself ("ALPS")
    after = _NEXT_WORD.match(text, match.end())
    if after is not None and after.group(1)[:1].isupper() and not after.group(1).isupper():
        return True  # "Kidney Diseases"; not "Chronic ITP", an adjective before an acronym
    before = text[: match.start()].split()
    return bool(before) and before[-1][:1].isupper() and not before[-1].endswith(_SENTENCE_END)


class _GlossaryMarker:
    """Marks the first use of each glossary term in the text, outside links and headings."""

    def __init__(self, glossary: Glossary, result: Rendered) -> None:
        self._glossary = glossary
        self._folded = {term.casefold(): term for term in glossary}
        self._used: set[str] = set()
        self._result = result
        terms = sorted(glossary, key=len, reverse=True)
        words = [r"\s+".join(re.escape(w) for w in t.split()) for t in terms]
        # One pattern for all terms, compiled once: longer terms first so "double-negative
        # T cells" wins over "T cell"; terms already marked are skipped at match time.
        self._pattern = re.compile(
            rf"(?<![\w-])(?:{'|'.join(words)})(?:e?s)?(?![\w-])", re.IGNORECASE
        )

    def _term_for(self, matched: str) -> str | None:
        folded = " ".join(matched.split()).casefold()
        for candidate in (folded, folded[:-1], folded[:-2]):
            term = self._folded.get(candidate)
            if term is not None and (candidate == folded or folded.endswith(("s", "es"))):
                return term
        return None

    def mark(self, element: ET.Element) -> None:
        if element.tag in _SKIP_GLOSSARY or len(self._used) == len(self._glossary):
            return
        # Text before the first child.
        split = self._split(element.text or "")
        if split is not None:
            element.text, made = split
            for i, child in enumerate(made):
                element.insert(i, child)
        index = 0
        while index < len(element):
            child = element[index]
            self.mark(child)
            split = self._split(child.tail or "")
            index += 1
            if split is not None:
                child.tail, made = split
                for j, new in enumerate(made):
                    element.insert(index + j, new)
                index += len(made)

    def _split(self, text: str) -> tuple[str, list[ET.Element]] | None:
        """Split text at unmarked glossary terms: (leading text, [<a> elements with tails])."""
        if not text:
            return None
        made: list[ET.Element] = []
        lead = ""
        position = 0
        for match in self._pattern.finditer(text):
            term = self._term_for(match.group())
            if term is None or term in self._used or _in_a_name(text, match, term):
                continue
            self._used.add(term)
            anchor = ET.Element(
                "a",
                {"class": "glossary", "href": f"glossary:{term}", "title": self._glossary[term]},
            )
            anchor.text = match.group()
            before = text[position : match.start()]
            if made:
                made[-1].tail = before
            else:
                lead = before
            made.append(anchor)
            position = match.end()
            self._result.glossary_terms.append(term)
        if not made:
            return None
        made[-1].tail = text[position:]
        return lead, made
