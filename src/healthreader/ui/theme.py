"""Colours and the document style sheet shared by the article view and dialogs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QPalette, QTextCharFormat

BASE_POINT_SIZE = 12.0
ZOOM_FACTOR = 1.15
# The article's default size is at least this many times the desktop's text size, so that
# the reading text stays a little larger than the menus and lists around it (12 pt beside
# the usual 9 or 10 pt; 21.6 pt beside a partially sighted reader's 18 pt).
READING_FACTOR = 1.2

# No font-size for headings: Qt's rich text ignores percentages, and gives h1 twice the
# text's size, h2 1.5 times and h3 1.2 times, following Larger / Smaller text (a heading
# that would not fit the view is made smaller by ui/headingfit.py).
# The body text takes the palette's colour; everything coloured here has a light and a dark
# version, for a light or a dark desktop (Windows, macOS, GNOME and KDE dark modes). The
# summary's colour is its cell's: a table with collapsed borders paints no background.
# Qt draws a rule (<hr>, above the footnotes) in its block's background colour, not as a
# band; it draws no border or padding of a quote: the view draws its bar (ArticleView).
# Cells and the summary box have the paragraphs' line height, and a table keeps a gap from
# a list under it.
_ARTICLE_CSS = """
h1 { color: %(heading)s; margin-bottom: 4px; }
h2 { color: %(heading)s; margin-top: 18px; margin-bottom: 6px; }
h3 { color: %(heading)s; }
p, li, td, th { line-height: 140%%; }
p.picture { line-height: 100%%; }
p.also { color: %(muted)s; }
table.summary { color: %(summary_text)s; border: 1px solid %(summary_border)s; margin-top: 6px; }
a.internal { color: %(link)s; }
a.glossary { color: %(term)s; text-decoration: none; border-bottom: 1px dotted %(term_line)s;
             background-color: %(term_back)s; }
span.external { color: %(muted)s; }
span.url { color: %(faint)s; }
p.reviewed { color: %(faint)s; margin-top: 14px; }
table { border-collapse: collapse; margin-top: 12px; margin-bottom: 12px; }
th, td { border: 1px solid %(rule)s; padding: 4px; }
th { color: %(table_head_text)s; background-color: %(table_head)s; }
table.summary td { background-color: %(summary)s; border: 1px solid %(summary_border)s; }
pre { white-space: pre-wrap; }
hr { background-color: %(rule)s; }
blockquote { color: %(quote_text)s; background-color: %(quote)s; }
"""

LIGHT = {
    "heading": "#12355b", "muted": "#333333", "faint": "#555555", "link": "#0b57a4",
    "summary": "#eaf2fb", "summary_border": "#9bbbe0", "summary_text": "#1d1d1d",
    "term": "#1d1d1d", "term_back": "#fff6d6", "term_line": "#555555", "term_border": "#d9c47a",
    "rule": "#bbbbbb", "focus": "#0b57a4",
    "table_head": "#e6edf5", "table_head_text": "#1d1d1d",
    "quote": "#f3f5f8", "quote_text": "#1d1d1d", "quote_bar": "#9bbbe0",
}  # fmt: skip
# Text colours of at least 7:1 contrast against a dark palette's base (black to #353535),
# as the light ones are against white.
DARK = {
    "heading": "#a8d0ff", "muted": "#d6d6d6", "faint": "#c8c8c8", "link": "#9cc8ff",
    "summary": "#1a3150", "summary_border": "#5a82b0", "summary_text": "#f0f0f0",
    "term": "#fbefc8", "term_back": "#4a3c10", "term_line": "#cdb86e", "term_border": "#8a7430",
    "rule": "#707070", "focus": "#9cc8ff",
    "table_head": "#2b3a4c", "table_head_text": "#f0f0f0",
    "quote": "#262d36", "quote_text": "#f0f0f0", "quote_bar": "#5a82b0",
}  # fmt: skip


# The words of a search marked on the page it opened (ArticleView.show_passage): black on
# the yellow of a web browser's find, on a light or a dark page alike (13:1), and stronger
# than a glossary term's pale background.
FOUND, FOUND_TEXT = "#ffd23f", "#000000"


def found_format() -> QTextCharFormat:
    from PySide6.QtGui import QColor, QTextCharFormat

    look = QTextCharFormat()
    look.setBackground(QColor(FOUND))
    look.setForeground(QColor(FOUND_TEXT))
    return look


def colours(dark: bool) -> dict[str, str]:
    """The named colours for a dark or a light palette (the style sheets' placeholders)."""
    return DARK if dark else LIGHT


def article_css(dark: bool = False) -> str:
    """The article view's style sheet for a light or a dark palette."""
    return _ARTICLE_CSS % colours(dark)


def is_dark(palette: QPalette) -> bool:
    """Whether a palette puts text on a dark background (a dark mode of the desktop)."""
    return palette.base().color().lightness() < 128


def focus_colour(palette: QPalette) -> str:
    """The keyboard focus frame's colour for a palette (ui/focusframe.py): the links' own,
    7:1 against a light page, 9:1 against a dark one (a desktop's highlight colour may be
    too pale for the 3:1 a focus frame needs)."""
    return colours(is_dark(palette))["focus"]


def reading_base(desktop_points: float) -> float:
    """The article's text size at the default zoom beside a desktop font of
    ``desktop_points`` (0 or less: unknown), never below BASE_POINT_SIZE.

    >>> reading_base(9.0), reading_base(10.0), reading_base(18.0), reading_base(-1.0)
    (12.0, 12.0, 21.6, 12.0)
    """
    return max(BASE_POINT_SIZE, round(desktop_points * READING_FACTOR, 1))


def point_size(zoom_steps: int, scale: float = 1.0, base: float = BASE_POINT_SIZE) -> float:
    """The article text size for a zoom step and an extra scale (kiosk ``text_scale``),
    from ``base`` at the default zoom (see reading_base)."""
    return round(base * scale * ZOOM_FACTOR**zoom_steps, 1)


def text_factor(zoom_steps: int, scale: float = 1.0) -> float:
    """How many times its own default size the text beside the article (sidebar, search,
    definition) is at a zoom step and an extra scale: the article's steps, from another base."""
    return scale * ZOOM_FACTOR**zoom_steps
