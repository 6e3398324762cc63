"""The HTML page the article view shows: title, also called, summary box, body, related
conditions, sources and last reviewed. Pure string building from already-safe parts."""

from __future__ import annotations

from healthreader.content.model import Article, ArticleInfo, Library

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


def article_page(article: Article, related: list[ArticleInfo]) -> str:
    parts = [f"<h1>{escape(article.title)}</h1>"]
    if article.also_called:
        parts.append(
            f'<p class="also"><b>Also called:</b> {escape(", ".join(article.also_called))}</p>'
        )
    parts.append(
        '<table class="summary" width="100%" cellpadding="10"><tr><td bgcolor="#eaf2fb">'
        f"{escape(article.summary)}</td></tr></table>"
    )
    parts.append(article.body_html)
    if related:
        links = "".join(
            f'<li><a class="internal" href="article:{escape(r.id)}">{escape(r.title)}</a></li>'
            for r in related
        )
        parts.append(f"<h2>Related conditions</h2><ul>{links}</ul>")
    if article.sources:
        items = []
        for s in article.sources:
            text = f"{escape(s.publisher)}. <i>{escape(s.title)}</i>"
            if s.date:
                text += f". {s.date.isoformat()}"
            if s.url:
                # Printed as text, never a link.
                text += f'. <span class="url">{escape(s.url)}</span>'
            items.append(f"<li>{text}</li>")
        parts.append(f"<h2>Sources</h2><ul class=\"sources\">{''.join(items)}</ul>")
    parts.append(f'<p class="reviewed">Last reviewed: {article.reviewed.isoformat()}</p>')
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
            f'<a class="internal" href="article:{escape(i.id)}">{escape(i.title)}</a>'
            for i in infos[:HOME_PER_CATEGORY]
        )
        more = len(infos) - HOME_PER_CATEGORY
        if more > 0:
            links += f" and {more} more (see {escape(category)} in the list of conditions)"
        parts.append(f"<h2>{escape(category)}</h2><p>{links}</p>")
    return "\n".join(parts)
