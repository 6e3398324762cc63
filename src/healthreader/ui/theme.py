"""Colours and the document style sheet shared by the article view and dialogs."""

from __future__ import annotations

BASE_POINT_SIZE = 12.0
ZOOM_FACTOR = 1.15

# No font-size for headings: Qt's rich text ignores percentages, and gives h1 twice the
# text's size, h2 1.5 times and h3 1.2 times, following Larger / Smaller text (a heading
# that would not fit the view is made smaller by ui/headingfit.py).
ARTICLE_CSS = """
h1 { color: #12355b; margin-bottom: 4px; }
h2 { color: #12355b; margin-top: 18px; margin-bottom: 6px; }
h3 { color: #12355b; }
p, li { line-height: 140%; }
p.picture { line-height: 100%; }
p.also { color: #333333; }
table.summary { background-color: #eaf2fb; border: 1px solid #9bbbe0; margin-top: 6px; }
a.internal { color: #0b57a4; }
a.glossary { color: #1d1d1d; text-decoration: none; border-bottom: 1px dotted #555555;
             background-color: #fff6d6; }
span.external { color: #333333; }
span.url { color: #555555; }
p.reviewed { color: #555555; margin-top: 14px; }
table { border-collapse: collapse; margin-top: 12px; }
th, td { border: 1px solid #bbbbbb; padding: 4px; }
pre { white-space: pre-wrap; }
"""


def point_size(zoom_steps: int, scale: float = 1.0) -> float:
    """The article text size for a zoom step and an extra scale (kiosk ``text_scale``)."""
    return round(BASE_POINT_SIZE * scale * ZOOM_FACTOR**zoom_steps, 1)


def text_factor(zoom_steps: int, scale: float = 1.0) -> float:
    """How many times its own default size the text beside the article (sidebar, search,
    definition) is at a zoom step and an extra scale: the article's steps, from another base."""
    return scale * ZOOM_FACTOR**zoom_steps
