"""What to say above the results when a search names an emergency: "chest pain", "can't
breathe", "heart attack", "kill myself", or their Spanish ("dolor de pecho").

The library may have no article about it (the bundled one has no heart-attack page), and
the ones it lists only mention the words: the first thing such a reader needs is the
disclaimer's own advice, to call for help now. It is shown whatever the results are, even
before the search index is ready, and in the reader's language when the words are Spanish.

The phrases are matched as whole words, in any case and with or without accents or
apostrophes ("cant breathe", "DOLOR DE PECHO"). They are what a person types while it is
happening, not every symptom an article's "When to get help right away" lists: "shortness
of breath" or "bleeding" alone are what people with a long-term condition search for
every day, and a notice on every search would soon go unread.

Words of suicide or self-harm bring a crisis line instead, and of the results only the
articles with all the words are listed (``shown_hits``): "kill" or "want" found anywhere
("medicine that kills cancer cells") is no answer to someone in crisis.

>>> print(emergency_notice("sharp chest pain when I breathe"))
If this is happening now, call your local emergency number (for example, 911 in the U.S.) right away. Do not wait to read more.
>>> print(emergency_notice("¿Qué hago si tengo DOLOR DE PECHO?"))
Si esto está pasando ahora, llame a su número local de emergencias (por ejemplo, el 911 en los EE. UU.) de inmediato. No espere para leer más.
>>> emergency_notice("pain in the joints") is None, emergency_notice("chest") is None
(True, True)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from healthreader.content.model import fold

if TYPE_CHECKING:
    from healthreader.search.index import SearchHit

NOW = ("If this is happening now, call your local emergency number (for example, 911 in the "
       "U.S.) right away. Do not wait to read more.")  # fmt: skip
CRISIS = ("If you are thinking about suicide or hurting yourself, call or text 988 (the "
          "Suicide & Crisis Lifeline in the U.S.) or your local emergency number now. You do "
          "not have to wait until it gets worse.")  # fmt: skip
NOW_ES = ("Si esto está pasando ahora, llame a su número local de emergencias (por ejemplo, el "
          "911 en los EE. UU.) de inmediato. No espere para leer más.")  # fmt: skip
CRISIS_ES = ("Si está pensando en el suicidio o en hacerse daño, llame o envíe un mensaje de texto "
             "al 988 (la Línea de Prevención del Suicidio y Crisis en los EE. UU.) o a su número "
             "local de emergencias ahora. No tiene que esperar a que empeore.")  # fmt: skip

# Folded, without apostrophes ("can't" is "cant"); each is matched as whole words.
_NOW = (
    # The heart
    "heart attack", "hart attack", "heart atack", "cardiac arrest", "chest pain", "chest pains",
    "chest pressure", "pain in my chest", "pain in the chest", "crushing chest",
    # A stroke
    "stroke", "strokes", "face drooping", "face is drooping", "slurred speech", "sudden numbness on one side",
    # Breathing
    "cant breathe", "cannot breathe", "can not breathe", "couldnt breathe", "not breathing",
    "stopped breathing", "trouble breathing", "struggling to breathe", "hard to breathe",
    "choking", "turning blue", "lips are blue", "blue lips",
    # Waking
    "unconscious", "passed out", "wont wake up", "not waking up", "unresponsive",
    # Bleeding, swallowing, allergy
    "bleeding wont stop", "wont stop bleeding", "severe bleeding", "vomiting blood",
    "throwing up blood", "coughing up blood", "overdose", "overdosed", "poisoned", "poisoning",
    "swallowed poison", "anaphylaxis", "anaphylactic", "throat swelling", "throat is swelling",
    "throat closing", "throat is closing", "swollen throat", "tongue swelling",
)
_CRISIS = (
    "suicide", "suicidal", "kill myself", "killing myself", "want to die", "end my life",
    "hurt myself", "hurting myself", "self harm",
)
_NOW_ES = (
    "ataque al corazon", "ataque cardiaco", "infarto", "paro cardiaco", "dolor de pecho",
    "dolor en el pecho", "derrame cerebral", "accidente cerebrovascular", "no puedo respirar",
    "no puede respirar", "no respira", "me ahogo", "se ahoga", "se esta ahogando", "inconsciente",
    "no despierta", "me duele el pecho", "duele el pecho", "sobredosis", "envenenamiento", "envenenado", "envenenada", "anafilaxia",
    "se me cierra la garganta", "sangrado que no para", "vomitando sangre", "vomito con sangre",
)
_CRISIS_ES = (
    "suicidio", "suicidarme", "suicidarse", "me quiero suicidar", "quiero morir", "quiero morirme",
    "matarme", "me quiero matar", "me voy a matar", "quitarme la vida", "hacerme dano",
)
_WORD = re.compile(r"[a-z0-9]+")
# Read this far into a query: far more than the search reads (query.MAX_QUERY_CHARS), so a
# pasted description that names the emergency late still brings the advice, but a pasted
# book does not cost every key a tenth of a second.
MOST_CHARS = 2_000


# Misspellings people make while it is happening, each read as the word meant ("I cant
# breath", "chest pian"). A list, not a distance: one letter off also turns "cooking" into
# "choking", and "rain" into "pain".
_TYPOS = {
    "breath": "breathe", "breth": "breathe", "brethe": "breathe", "pian": "pain",
    "atack": "attack", "attak": "attack", "atttack": "attack", "overdoze": "overdose",
    "unconcious": "unconscious", "unconsious": "unconscious", "unconscius": "unconscious",
    "suiside": "suicide", "sucide": "suicide", "suicde": "suicide", "suacide": "suicide",
    "anaphalaxis": "anaphylaxis", "anaphylaxsis": "anaphylaxis", "anafilaxis": "anaphylaxis",
    "strok": "stroke", "stroak": "stroke", "bleding": "bleeding", "poisen": "poison",
    "poisend": "poisoned", "posioned": "poisoned", "chocking": "choking",
}
# The same for Spanish, accents aside (they are ignored anyway): "dolor de pexo", "no puedo
# respirrar", "imfarto", "me kiero matar". None is a word of its own: "peso" (weight) is
# not "pecho", nor "respiro" "respirar".
_TYPOS_ES = {
    "pexo": "pecho", "pesho": "pecho", "pehco": "pecho", "pcho": "pecho",
    "respirrar": "respirar", "respiar": "respirar", "resprar": "respirar", "respriar": "respirar",
    "respirarr": "respirar", "rrespirar": "respirar", "respirra": "respira", "nopuedo": "no puedo",
    "imfarto": "infarto", "infarcto": "infarto", "enfarto": "infarto", "imfarcto": "infarto",
    "infrato": "infarto", "ifarto": "infarto", "corason": "corazon", "corazom": "corazon",
    "atake": "ataque", "ataqe": "ataque", "cardiako": "cardiaco", "derame": "derrame",
    "serebral": "cerebral", "inconciente": "inconsciente", "inconsiente": "inconsciente",
    "insconsciente": "inconsciente", "sobredosi": "sobredosis", "sovredosis": "sobredosis",
    "embenenado": "envenenado", "embenenada": "envenenada", "embenenamiento": "envenenamiento",
    "anafilacsia": "anafilaxia", "aogo": "ahogo", "ajogo": "ahogo", "aoga": "ahoga", "ajoga": "ahoga",
    "aogando": "ahogando", "bomitando": "vomitando", "bomito": "vomito", "suisidio": "suicidio",
    "sucidio": "suicidio", "suicido": "suicidio", "suisidarme": "suicidarme", "sucidarme": "suicidarme",
    "suisidar": "suicidar", "kiero": "quiero", "qiero": "quiero", "quero": "quiero",
    "matarmen": "matarme", "morirrme": "morirme", "danio": "dano", "danyo": "dano",
}


_MEANT = _TYPOS | _TYPOS_ES


def _words(text: str) -> str:
    """``text`` folded, apostrophes out, as words between single spaces (a misspelling of
    ``_TYPOS`` or ``_TYPOS_ES`` as the word meant), with a space at each end: a phrase is in it when
    " phrase " is."""
    words = _WORD.findall(fold(text).replace("'", ""))
    return " " + " ".join(_MEANT.get(word, word) for word in words) + " "


# Checked in this order: a crisis first (its own line to call), Spanish before English
# (its words are Spanish only; "infarto" is not English).
_NOTICES = tuple((message, tuple(_words(phrase) for phrase in phrases)) for message, phrases in (
    (CRISIS_ES, _CRISIS_ES), (CRISIS, _CRISIS), (NOW_ES, _NOW_ES), (NOW, _NOW)))


def emergency_notice(query: str) -> str | None:
    """The notice for a search that names an emergency (see the module's text), or None."""
    words = _words(query[:MOST_CHARS])
    for message, phrases in _NOTICES:
        if any(phrase in words for phrase in phrases):
            return message
    return None


def shown_hits(notice: str | None, hits: Sequence[SearchHit]) -> list[SearchHit]:
    """The results to list under ``notice``: after a crisis line, only the articles with
    all the words; else all of them."""
    if notice in (CRISIS, CRISIS_ES):
        return [hit for hit in hits if hit.all_words]
    return list(hits)
