"""The HTML page the article view shows: title, also called, summary box, body, related
conditions, sources and last reviewed. Pure string building from already-safe parts."""

from __future__ import annotations

import re
from collections.abc import Container

from healthreader.content.model import Article, Library
from healthreader.content.wording import name_list, wording_for

# What html.escape(text) replaces, in one pass. Not html itself: importing it loads its table
# of 2,231 named entities (for unescape), 2 ms and 0.7 MiB before the first paint, for five
# replacements. A test checks that the two always agree.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(text: str) -> str:
    r"""``text`` safe inside HTML text and quoted attributes; the same as ``html.escape``.

    >>> escape('Tom & Jerry\'s <b>"show"</b>')
    'Tom &amp; Jerry&#x27;s &lt;b&gt;&quot;show&quot;&lt;/b&gt;'
    """
    return text.translate(_ESCAPES)


# A tag of the body HTML (render.py; nh3 writes every attribute value in double quotes, with
# any '"' in it escaped), or the end of a link. Whole tags, so that a "</a>" inside an
# attribute value (a glossary definition) is never taken for the end of a link.
_TAG = re.compile(r'</a>|<[a-z][a-z0-9]*(?:\s+[a-z-]+="[^"]*")*\s*/?>')
_INTERNAL_HREF = re.compile(r'\shref="article:([^"]*)"')


def known_links_only(body_html: str, library: Container[str]) -> str:
    """``body_html`` with each link to an article ``library`` does not hold made plain text,
    as an external link is: a reader is never offered a link that leads nowhere.

    The body is rendered once per file, without knowing which other files are loaded (a
    clinic folder may add or replace articles), so this is done where a page is shown: one
    pass over the tags, and none at all for a body without internal links.

    >>> known_links_only('<p><a class="internal" href="article:lupus">Lupus</a> and '
    ...                  '<a class="internal" href="article:gone"><em>gone</em></a></p>', {"lupus"})
    '<p><a class="internal" href="article:lupus">Lupus</a> and <span class="external"><em>gone</em></span></p>'
    """
    if 'href="article:' not in body_html:
        return body_html
    broken: list[bool] = []  # for each open link: whether it was made text

    def swap(match: re.Match[str]) -> str:
        tag = match.group()
        if tag == "</a>":
            return "</span>" if broken and broken.pop() else tag
        if not tag.startswith(("<a ", "<a>")):
            return tag
        target = _INTERNAL_HREF.search(tag)
        dead = target is not None and target.group(1) not in library
        broken.append(dead)
        return '<span class="external">' if dead else tag

    return _TAG.sub(swap, body_html)


def article_page(article: Article, library: Library) -> str:
    """The article's page, its labels in the article's language (content/wording.py); links
    to articles the library does not hold are plain text."""
    words = wording_for(article.language)
    if article.id in library:
        related = library.related(article.id)
    else:  # not (or no longer) in the library: its own list, as far as the library has it
        related = sorted((library.info(r) for r in set(article.related) if r in library),
                         key=library.az_key)  # fmt: skip
    parts = [f"<h1>{escape(article.title)}</h1>"]
    if article.also_called:
        parts.append(
            f'<p class="also"><b>{words.also_called}:</b> {escape(name_list(article.also_called))}</p>'
        )
    parts.append(
        '<table class="summary" width="100%" cellpadding="10"><tr><td>'
        f"{escape(article.summary)}</td></tr></table>"
    )
    parts.append(known_links_only(article.body_html, library))
    if related:
        # Titles as the lists show them: "Anemia (español)" beside "Anemia (English)".
        links = "".join(
            f'<li><a class="internal" href="article:{escape(r.id)}">'
            f"{escape(library.shown_title(r.id))}</a></li>"
            for r in related
        )
        parts.append(f"<h2>{words.related}</h2><ul>{links}</ul>")
    if article.sources:
        items = []
        for s in article.sources:
            text = f"{escape(s.publisher)}. <i>{escape(s.title)}</i>"
            if s.date:
                text += f". {words.date(s.date)}"
            if s.url:
                # Printed as text, never a link.
                text += f'. <span class="url">{escape(s.url)}</span>'
            items.append(f"<li>{text}</li>")
        parts.append(f"<h2>{words.sources}</h2><ul class=\"sources\">{''.join(items)}</ul>")
    parts.append(f'<p class="reviewed">{words.last_reviewed}: {words.date(article.reviewed)}</p>')
    return "\n".join(parts)


HOME_PER_CATEGORY = 12


def index_page(library: Library) -> str:
    """The home page: a short welcome and the conditions by category.

    A category shows at most HOME_PER_CATEGORY titles and says how many more the sidebar
    has: a home page of a thousand links helps nobody (and is slow to lay out).
    """
    parts = [
        "<h1>Health Reader</h1>",
        "<p>Plain-language information about health conditions. Search by name, another "
        "name or a symptom, or choose a condition below.</p>",
    ]
    if not len(library):
        parts.append("<p><b>No articles are loaded.</b></p>")
    for category, infos in library.categories().items():
        links = ", ".join(
            f'<a class="internal" href="article:{escape(i.id)}">{escape(library.shown_title(i.id))}</a>'
            for i in infos[:HOME_PER_CATEGORY]
        )
        more = len(infos) - HOME_PER_CATEGORY
        if more > 0:
            links += f" and {more} more (see {escape(category)} in the list of conditions)"
        parts.append(f"<h2>{escape(category)}</h2><p>{links}</p>")
    return "\n".join(parts)
