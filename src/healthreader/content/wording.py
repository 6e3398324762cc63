"""What a reader reads around an article, the same on screen and on paper, in the article's
language: the labels ("Also called", "Sources", ...) and dates.

English, and Spanish for articles with ``language: es`` (what ``import-medlineplus
--language Spanish`` writes); any other language gets English labels. The app's own
chrome (menus, dialogs, the home page) stays in English.

>>> wording_for("es").last_reviewed, wording_for("es").date(datetime.date(2026, 11, 21))
('Última revisión', '21 de noviembre de 2026')
>>> wording_for("en-GB").last_reviewed, wording_for("fr").also_called
('Last reviewed', 'Also called')
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import NamedTuple

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_SPANISH_MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip


def count(n: int, noun: str) -> str:
    """A number of things, in plain English, for the app's own messages.

    >>> count(1, "article"), count(0, "error"), count(2, "topic")
    ('1 article', '0 errors', '2 topics')
    """
    return f"{n} {noun}{'' if n == 1 else 's'}"


def name_list(names: Sequence[str]) -> str:
    """Other names in one line: by commas, or by semicolons when a name holds a comma itself
    (MedlinePlus writes index forms such as "Pain, Abdominal"), so each reads as one name.

    >>> name_list(["ALPS", "Canale-Smith syndrome"])
    'ALPS, Canale-Smith syndrome'
    >>> name_list(["Bellyache", "Pain, Abdominal", "Stomach ache"])
    'Bellyache; Pain, Abdominal; Stomach ache'
    """
    return ("; " if any("," in name for name in names) else ", ").join(names)


def plain_date(day: datetime.date, language: str = "en") -> str:
    """A date spelled out, day first: unambiguous to readers on both sides of the Atlantic.

    Month names come from a table rather than ``strftime("%B")`` because Qt calls
    ``setlocale()``, which would switch those names to the system language mid-sentence.

    >>> plain_date(datetime.date(2019, 4, 9))
    '9 April 2019'
    >>> plain_date(datetime.date(2019, 4, 9), "es")
    '9 de abril de 2019'
    """
    return wording_for(language).date(day)


class Wording(NamedTuple):
    """The words around an article in one language. (A NamedTuple: page.py loads this before
    the first paint, and a dataclass of these fields costs five times as long to make.)"""

    also_called: str
    related: str  # the heading of related conditions
    also_read: str  # on paper, before the related titles
    on_page: str  # a related title in the same packet: .format(title=, page=); no-break spaces
    # On paper, after related titles that are not in the handout: where to find them.
    elsewhere: str  # none of them is in it
    some_elsewhere: str  # some of them are (those have their page)
    sources: str
    last_reviewed: str
    printed_on: str
    words_to_know: str
    # On paper, a heading again where what it heads goes on from the page before:
    # .format(heading=) ("Words to know (continued)").
    continued: str
    # The heading of the section that says when to call for help (every bundled article has
    # it; a clinic's page may): on paper it is kept on one page (export/pdf.py).
    get_help: str
    picture: str  # "[Picture: alt]", where a picture cannot be shown
    picture_not_available: str  # on the screen's placeholder box
    contents: str  # the footer's name for a packet's contents pages
    your_handouts: str
    packet_note: str  # .format(count=, date=)
    page: str  # .format(page=, pages=)
    disclaimer_line: str  # printed in the footer of every page
    months: tuple[str, ...]
    date_format: str  # .format(day=, month=, year=)
    and_more: str  # a packet's name, "Lupus and 2 more": .format(title=, count=)
    language_name: str  # the language, in itself: marks a title shared across languages

    @property
    def words_to_know_continued(self) -> str:
        """Where the "Words to know" box goes on from the page before."""
        return self.continued.format(heading=self.words_to_know)

    @property
    def your_handouts_continued(self) -> str:
        """Where a packet's contents go on from the page before."""
        return self.continued.format(heading=self.your_handouts)

    def date(self, day: datetime.date) -> str:
        return self.date_format.format(day=day.day, month=self.months[day.month - 1],
                                       year=day.year)  # fmt: skip


ENGLISH = Wording(
    also_called="Also called",
    related="Related conditions",
    also_read="You can also read about",
    on_page="{title}\u00a0(page\u00a0{page})",
    elsewhere="Read these in Health Reader or ask your care team for a copy.",
    some_elsewhere=("The ones without a page number are not in this packet: read them in "
                    "Health Reader or ask your care team for a copy."),
    sources="Sources",
    last_reviewed="Last reviewed",
    printed_on="Printed on",
    words_to_know="Words to know",
    continued="{heading} (continued)",
    get_help="When to get help right away",
    picture="Picture",
    picture_not_available="Picture not available",
    contents="Contents",
    your_handouts="Your handouts",
    packet_note="This packet has {count} handouts. Printed on {date}.",
    page="Page {page} of {pages}",
    disclaimer_line=(
        "For education only. Not a substitute for advice from your doctor or care team. "
        "In an emergency, call your local emergency number."
    ),
    months=_MONTHS,
    date_format="{day} {month} {year}",
    and_more="{title} and {count} more",
    language_name="English",
)

SPANISH = Wording(
    also_called="También se llama",
    related="Temas relacionados",
    also_read="También puede leer sobre",
    on_page="{title}\u00a0(página\u00a0{page})",
    elsewhere="Puede leerlos en Health Reader o pedir una copia a su equipo de salud.",
    some_elsewhere=("Los que no tienen número de página no están en este paquete: puede "
                    "leerlos en Health Reader o pedir una copia a su equipo de salud."),
    sources="Fuentes",
    last_reviewed="Última revisión",
    printed_on="Fecha de impresión",
    words_to_know="Palabras que debe conocer",
    continued="{heading} (continuación)",
    get_help="Cuándo buscar ayuda de inmediato",
    picture="Imagen",
    picture_not_available="Imagen no disponible",
    contents="Contenido",
    your_handouts="Sus hojas informativas",
    packet_note="Este paquete tiene {count} hojas informativas. Impreso el {date}.",
    page="Página {page} de {pages}",
    disclaimer_line=(
        "Solo para informarse. No reemplaza los consejos de su médico o de su equipo de "
        "salud. En una emergencia, llame al número de emergencias de su zona."
    ),
    months=_SPANISH_MONTHS,
    date_format="{day} de {month} de {year}",
    and_more="{title} y {count} más",
    language_name="español",
)

_SPANISH_NAMES = frozenset({"es", "spa", "spanish", "español", "espanol"})
_ENGLISH_NAMES = frozenset({"en", "eng", "english"})


def language_code(language: str) -> str:
    """The two-letter code of an article's ``language`` as editors write it, for English
    and Spanish; any other language as written, in lowercase, without its region.

    >>> language_code("es-MX"), language_code("Spanish"), language_code("en_GB"), language_code("FR")
    ('es', 'es', 'en', 'fr')
    """
    base = language.strip().lower().replace("_", "-").split("-")[0]
    if base in _SPANISH_NAMES:
        return "es"
    return "en" if base in _ENGLISH_NAMES else base


def wording_for(language: str) -> Wording:
    """The wording for an article's ``language`` (``es``, ``es-MX``, ``Spanish``: Spanish;
    anything else: English)."""
    return SPANISH if language_code(language) == "es" else ENGLISH


def english_name(language: str) -> str:
    """An article's ``language`` named in English, for an editor's message: English and
    Spanish by name, any other language by its code.

    >>> english_name("es-MX"), english_name("en"), english_name("fr-CA")
    ('Spanish', 'English', 'fr')
    """
    code = language_code(language)
    return {"en": "English", "es": "Spanish"}.get(code, code)


def language_name(language: str) -> str:
    """An article's ``language`` named in that language, for a reader of it: English and
    Spanish by name, any other language by its code.

    >>> language_name("es-MX"), language_name("en_GB"), language_name("fr-CA")
    ('español', 'English', 'fr')
    """
    code = language_code(language)
    if code == "es":
        return SPANISH.language_name
    return ENGLISH.language_name if code == "en" else code
