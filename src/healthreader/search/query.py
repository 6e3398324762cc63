"""User text -> a safe SQLite FTS5 query: cleaned, tokenised, folded, every token quoted.

FTS5's MATCH has a query language of its own (``"``, ``AND``/``OR``/``NOT``, ``NEAR(``,
``col:``, ``^``, ``*``, ``-``), so raw user text either raises or changes meaning. Here
the text is cut into words the way the ``unicode61`` tokenizer does (letters and digits;
everything else separates; words joined by a hyphen, an apostrophe or a full stop are one
phrase, other symbols separate as a space does), every word is quoted, and the only operators in the output
are the ones written by this module.

Worked examples (``fts`` is what goes after MATCH; the last word gets a prefix ``*``
unless the text ends with a space or punctuation, because it is the word being typed)::

    >>> parse('covid-19 "C++').fts
    '"covid 19" AND "c"'
    >>> parse("Lou Gehrig").fts                 # last word typed: prefix
    '"lou" AND "gehrig"*'
    >>> parse("lou g").fts                      # 1-2 letter trailing fragment dropped
    '"lou"'
    >>> parse("rashes on my arms ").fts         # stop words dropped; plural folding
    '"rash" AND "arm"'
    >>> parse("presi\\u00f3n de la sangre").fts      # Spanish stop words too; "mi" (MI) stays
    '"presion" AND "sangr"*'
    >>> parse("my child has a rash").fts, parse("mi hijo tiene fiebre").fts, parse("my child").fts
    ('"rash"*', '"fiebr"*', '"child"*')
    >>> parse("allergies").fts                  # allergy, allergies (and, typed: allergic)
    '"allerg"*'
    >>> parse("don't NEAR( AND OR NOT").fts    # operators are plain (stop) words
    '"don t"'
    >>> parse("Guillain-Barr\\u00e9").fts          # diacritics removed, hyphen = phrase
    '"guillain barr"*'
    >>> parse("lupus/SLE").fts, parse("Hodgkin's").fts   # other symbols separate; 's dropped
    ('"lupus" AND "sle"*', '"hodgkin"*')
    >>> parse("\\x00\\ud800 ;* ^").fts            # nothing searchable left
    ''
    >>> parse("C++").fts, parse("(c)").fts     # one letter with symbols: not that letter
    ('', '')
    >>> parse("hepatitis c ").fts, parse("c").fts
    ('"hepatitis" AND "c"', '"c"*')

Folding (``fold``) is a light English suffix folding applied identically to the index
and to the query: a plural ``s`` is dropped from words of four letters or more, then
trailing ``e``/``i``/``y`` letters while more than four remain: rash/rashes -> ``rash``,
allergy/allergies -> ``allerg``, headache/headaches -> ``headach``, arm/arms -> ``arm``,
hive/hives -> ``hive`` (never ``hiv``, which is HIV); lupus, illness and arthritis stay.
It only ever removes letters from the end, so ``fold(word)`` is a prefix of ``word``, and
for any prefix ``p`` of any word ``w``, ``fold(p)`` is a prefix of ``fold(w)``: the prefix
query ``"fold(p)"*`` never has a mid-word dead zone (a hypothesis test checks it).

Word families (``family``): the index stores folded words only, so "numb" and "numbness",
"cure" and "cured", "yellow" and "yellowing" are different words to it. A light English
stemmer (Porter's step 1b for -ed and -ing, plus -ness, -ion and a final silent e, on the folded
word) gives each word a family key; the index looks up the words of the typed word's
family that the articles use and searches them too (``Term.alts``)::

    >>> [family(w) for w in ("numbness", "numb", "cured", "curing", "cure", "hoped", "hopped")]
    ['numb', 'numb', 'cure', 'cure', 'cure', 'hope', 'hop']
    >>> parse("numb feet").with_alts({"numb": ("numbness",)}).fts
    '("numb" OR "numbness") AND "feet"*'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

# Long pasted text is cut: nobody types more, and it bounds the work of one keystroke.
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
FOLD_MIN = 4  # e/i/y are stripped only above this: "hives" -> "hive", never "hiv" (HIV)
SHORT_FRAGMENT = 2  # a trailing word being typed this short is dropped if others remain

# Words that carry no meaning in a patient's question, in English and in Spanish (the
# MedlinePlus importer writes both). Words of place ("near", "behind") are here as
# "under" and "over" are: "lump near collarbone" is about the lump; and "NEAR", a search
# operator elsewhere, would rank the articles that happen to say "near". Dropped when another word remains: they match nearly every article, which is slow (the measured p95 tail) and
# useless for ranking. Alone ("the"), they are searched.
_STOP_WORDS_TEXT = """a about after all also am an and any are as at be because been before
    being but by can could did do does doing during each for from get gets got had has have
    having he her his how i if in into is it its just me more most my no nor not of off on
    once only or other our out over own same she should so some such than that the their
    them then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your
    above across against along among around behind below beneath beside between inside
    near outside toward towards within without lot lots"""
# The same for Spanish, as the words are stored: lowercase, without accents ("qué" is
# "que", "está" is "esta"). Left out, as a patient may mean them: "mi" (MI, a heart
# attack), "les" (LES, lupus in Spanish), "e" (vitamin E, hepatitis E), "mas" (MAS),
# "hay" (hay fever), "son" (my son), "tan" (skin), and words with a meaning of their own
# ("bajo", low; "mal", unwell; "duele", it hurts).
_SPANISH_STOP_WORDS_TEXT = """al algo ante cada como con cual cuales cuando de del desde donde el ella
    ellos en era es esa esas ese eso esos esta estaba estan estar estas este esto estos
    estoy fue ha han hasta hace hacer la las le lo los me mis mucha muchas mucho muchos muy
    ni nos o otra otro para pero por porque puede pueden que quien se ser si sin sobre su sus
    te tenemos tener tengo tiene tienen tienes tras tu tus un una unas uno unos ya y yo"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split()) | frozenset(_SPANISH_STOP_WORDS_TEXT.split())
# The Spanish ones English does not use ("de", "la"; not "me"): a query with one is Spanish;
# and the English ones Spanish does not use ("the", "what"; not "a", "no" or "he").
SPANISH_STOP_WORDS = frozenset(_SPANISH_STOP_WORDS_TEXT.split()) - frozenset(_STOP_WORDS_TEXT.split())
ENGLISH_STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split()) - frozenset(_SPANISH_STOP_WORDS_TEXT.split()) - {
    "a", "no", "he"}

# Who the question is about ("my child has a rash and fever", "mi hijo tiene fiebre"):
# context, not what to find. Left out when a word that is not one of these remains, so
# "my child has hives" searches hives and does not narrow the symptoms to articles that
# happen to say "child"; alone ("child", "baby", "my son") they are searched. Not here:
# "mama" (breast in Spanish: "cancer de mama"); "son" is here as the English word (and
# "they are" in Spanish, which is no loss).
_PEOPLE_WORDS_TEXT = """baby babies boy boyfriend brother child children dad daddy daughter daughters father
    girl girlfriend grandchild granddaughter grandfather grandma grandmother grandpa grandson husband infant
    infants kid kids mom mommy mother mum newborn parent parents partner sister son sons teen teenager
    toddler wife"""
_SPANISH_PEOPLE_WORDS_TEXT = """abuela abuelo bebe bebes esposa esposo hermana hermano hija hijas hijo hijos
    madre marido nieta nieto nina ninas nino ninos padre papa"""
SPANISH_PEOPLE_WORDS = frozenset(_SPANISH_PEOPLE_WORDS_TEXT.split())
PEOPLE_WORDS = frozenset(_PEOPLE_WORDS_TEXT.split()) | SPANISH_PEOPLE_WORDS
# Words after which an everyday word is a verb ("i passed out", "my son threw up", "hurts
# to pee"): the articles' word put in for it ("fainting") does not read in the sentence.
_BEFORE_A_VERB = PEOPLE_WORDS | frozenset(
    "i you he she we they to keep keeps kept can could will would should might may must did "
    "does do cant wont dont didnt doesnt couldnt t just always often sometimes still never "
    "stop stops stopped start starts started".split()
)
# Being typed, a people word may be the start of another ("kid": kidney, "infant":
# infantile): it is one only after one of these ("my kid", "el nino").
_OWNERS = frozenset("my his her our your their the a mi mis tu tus su sus nuestro nuestra el la un una".split())

# Parts of the body a patient points at. With a symptom ("tingling hands and feet") they
# say where, not what: an article that has only them ("cold hands and feet") is a weaker
# match than one with the symptom (see ``Term.body_part``). Organs are not here: in
# "liver pain" the liver is what matters.
_BODY_PART_TEXT = """abdomen ankle ankles arm arms armpit armpits back belly bottom breast breasts
    buttock buttocks calf calves cheek cheeks chest chin ear ears elbow elbows eye eyes
    eyelid eyelids face feet finger fingers fingernail fingernails foot forehead groin gum
    gums hand hands head heel heels hip hips jaw knee knees leg legs limb limbs lip lips
    mouth nail nails neck nose palm palms scalp shin shins shoulder shoulders skin stomach
    thigh thighs throat thumb thumbs toe toes toenail toenails tongue tooth teeth tummy
    waist wrist wrists"""

# Letters and digits are word characters, as for FTS5's unicode61 tokenizer; "_" is not.
WORD_RE = re.compile(r"[^\W_]+")
_CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def clean(text: str) -> str:
    """Drop control, format, surrogate and unassigned characters; cap the length.

    >>> clean("lupus\\x00\\ud800\\u200b rash\\n")
    'lupus rash '
    """
    text = text[: MAX_QUERY_CHARS * 2]
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in _CONTROL_CATEGORIES:
            # Line breaks and tabs still separate words; the rest simply vanishes.
            if ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029":
                out.append(" ")
            continue
        out.append(ch)
    return "".join(out)[:MAX_QUERY_CHARS]


@lru_cache(maxsize=65536)
def normalize_word(word: str) -> str:
    """Casefold and remove diacritics, like ``unicode61 remove_diacritics 2``.

    >>> normalize_word("Barr\\u00e9"), normalize_word("STRASSE"), normalize_word("\\ufb01ve")
    ('barre', 'strasse', 'five')
    """
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # NFKD can produce separators ("½" -> "1⁄2"): keep one word one token.
    folded = "".join(c for c in stripped.casefold() if c.isalnum())
    return folded or word.lower()


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Light English suffix folding of a normalized word (see the module docstring).

    >>> [fold(w) for w in ["rashes", "rash", "allergies", "allergy", "hives", "lupus"]]
    ['rash', 'rash', 'allerg', 'allerg', 'hive', 'lupus']
    >>> [fold(w) for w in ["diseases", "disease", "glasses", "kidneys", "illness", "itp"]]
    ['diseas', 'diseas', 'glass', 'kidn', 'illness', 'itp']
    """
    n = len(word)
    # Plural s (arms -> arm), except in "illness", "lupus", "arthritis" (not plurals).
    if n >= 4 and word[-1] == "s" and word[-2] not in "sui":
        n -= 1
    while n > FOLD_MIN and word[n - 1] in "eiy":
        n -= 1
    return word[:n]


_BODY_PART_KEYS = frozenset(fold(w) for w in _BODY_PART_TEXT.split())

# Words shorter than this take no part in families: "bit" is not "bite", nor "car" "care".
FAMILY_MIN = 4
_VOWELS = frozenset("aeiou")


def _consonant(word: str, i: int) -> bool:
    """Porter's consonant: not a vowel, and a y only after a vowel (or first)."""
    ch = word[i]
    if ch in _VOWELS:
        return False
    return ch != "y" or i == 0 or not _consonant(word, i - 1)


def _measure(word: str) -> int:
    """Porter's m: how many vowel-consonant sequences ([C](VC)^m[V])."""
    m = 0
    vowel = False
    for i in range(len(word)):
        if not _consonant(word, i):
            vowel = True
        elif vowel:
            m += 1
            vowel = False
    return m


def _short_syllable(word: str) -> bool:
    """Porter's *o: ends consonant-vowel-consonant, the last not w, x or y ("cur", "hop")."""
    n = len(word)
    return (n >= 3 and _consonant(word, n - 3) and not _consonant(word, n - 2) and _consonant(word, n - 1)
            and word[-1] not in "wxy")  # fmt: skip


@lru_cache(maxsize=65536)
def family(key: str) -> str:
    """The family of a folded word: its inflections (-ed, -ing, -ness) and a silent e off.

    Porter's step 1b (with its rules that keep "hoped" from "hop" and make "cured"
    "cure"), then -ness (m > 0), -ion after s or t (m > 1, step 4), a final y as i (step 1c) and a final e (step 5a), then
    folded again so that a word and its inflections meet whatever folding took first.
    Only inflections: "several" is not "severe", "careful" not "care".

    >>> [family(w) for w in ("weakness", "weak", "yellowing", "yellow", "tiredness", "tired", "tire")]
    ['weak', 'weak', 'yellow', 'yellow', 'tire', 'tire', 'tire']
    >>> [family(w) for w in ("bleeding", "bleed", "agreed", "aching", "ache", "stopping", "swelling")]
    ['bleed', 'bleed', 'agre', 'ach', 'ach', 'stop', 'swell']
    >>> [family(fold(w)) for w in ("tingling", "tingle", "dizziness", "dizzy", "several", "severe")]
    ['tingl', 'tingl', 'dizz', 'dizz', 'several', 'sever']
    >>> [family(fold(w)) for w in ("confused", "confusion", "infected", "infection", "station", "state")]
    ['confus', 'confus', 'infect', 'infect', 'station', 'stat']
    """
    w = key
    if w.endswith("ness") and _measure(w[:-4]) > 0:
        w = w[:-4]
    if w.endswith("eed"):
        if _measure(w[:-3]) > 0:
            w = w[:-1]  # agreed -> agree; bleed, need stay
    else:
        for ending in ("ed", "ing"):
            base = w[: -len(ending)]
            if w.endswith(ending) and any(not _consonant(base, i) for i in range(len(base))):
                w = base
                if w.endswith(("at", "bl", "iz")):
                    w += "e"  # hydrated -> hydrate
                elif len(w) >= 2 and w[-1] == w[-2] and _consonant(w, len(w) - 1) and w[-1] not in "lsz":
                    w = w[:-1]  # scarred -> scar, stopping -> stop; swelling stays swell
                elif _measure(w) == 1 and _short_syllable(w):
                    w += "e"  # cured -> cure, scared -> scare
                break
    if w.endswith(("sion", "tion")) and _measure(w[:-3]) > 1:
        w = w[:-3]  # Porter's step 4: confusion -> confus, infection -> infect; not station
    if w.endswith("y") and any(not _consonant(w, i) for i in range(len(w) - 1)):
        w = w[:-1] + "i"
    if w.endswith("e"):
        m = _measure(w[:-1])
        if m > 1 or (m == 1 and not _short_syllable(w[:-1])):
            w = w[:-1]
    return fold(w)


def words(text: str) -> list[str]:
    """The normalized words of a text, as the index sees them (before folding).

    >>> words("Lou Gehrig\\u2019s disease (ALS)")
    ['lou', 'gehrig', 's', 'disease', 'als']
    """
    return [normalize_word(m.group()) for m in WORD_RE.finditer(text)]


def _fold_match(m: re.Match[str]) -> str:
    return fold(normalize_word(m.group()))


# The only ASCII words folding can change: four letters or more, ending in s, e, i or y.
_FOLDABLE = re.compile(r"(?<![^\W_])[^\W_]{3,}[eisyEISY](?![^\W_])")


def fold_text(text: str) -> str:
    """The text the index stores: each word normalized and folded, separators kept.

    Keeping every separator keeps every word at the same token position. ASCII words
    that folding leaves alone are copied as they are (FTS5 lowercases them itself),
    which makes building the index several times faster.

    >>> fold_text("Hives: raised, itchy welts.")
    'hive: raised, itch welt.'
    """
    if text.isascii():
        return _FOLDABLE.sub(_fold_match, text)
    return WORD_RE.sub(_fold_match, text)


def _quote(token_words: tuple[str, ...]) -> str:
    # Words hold only letters and digits, so they never contain '"'; the replace is a
    # second line of defence should WORD_RE ever change.
    return '"' + " ".join(w.replace('"', '""') for w in token_words) + '"'


@dataclass(frozen=True, slots=True)
class Term:
    """One whitespace-separated chunk of the user's text: a phrase of one or more words.

    ``words`` are normalized, unfolded (for display and typo correction); ``prefix``
    marks the chunk being typed; ``alts`` are the other words of a one-word term's family
    that the articles use, folded ("cure" for "cured"), searched as whole words.
    """

    words: tuple[str, ...]
    prefix: bool = False
    alts: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """The folded words, as they appear in the index."""
        return tuple(fold(w) for w in self.words)

    @property
    def fts(self) -> str:
        if not self.alts:
            return self.fts_phrase
        return "(" + " OR ".join([self.fts_phrase, *(_quote((a,)) for a in self.alts)]) + ")"

    @property
    def fts_phrase(self) -> str:
        """The term as typed, without its family: one FTS5 phrase (all that NEAR takes)."""
        return _quote(self.keys) + ("*" if self.prefix else "")

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def body_part(self) -> bool:
        """Whether the term only names a part of the body ("hands", "feet", "arm").

        >>> [t.body_part for t in parse("tingling hands and feet ").terms]
        [False, True, True]
        """
        return all(key in _BODY_PART_KEYS for key in self.keys)

    def matches_key(self, key: str) -> bool:
        """Whether a folded word of an article is one this term matches (any of its words)."""
        keys = self.keys
        if key in self.alts:
            return True
        if self.prefix:
            return key in keys[:-1] or key.startswith(keys[-1])
        return key in keys

    def matches_word(self, word: str) -> bool:
        """Whether a normalized word of an article is one this term matches."""
        return self.matches_key(fold(word))


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: the cleaned text, the terms searched and the ones left out."""

    text: str
    terms: tuple[Term, ...]
    dropped: tuple[Term, ...] = ()
    any_term: bool = False  # relaxed: an article needs only one of the terms

    @property
    def fts(self) -> str:
        """The FTS5 MATCH expression; empty when nothing searchable is left."""
        return (" OR " if self.any_term else " AND ").join(t.fts for t in self.terms)

    def near(self, distance: int) -> str:
        """The terms within ``distance`` words of one another, as an FTS5 NEAR group.

        >>> parse("chest pain breath").near(10)
        'NEAR("chest" "pain" "breath"*, 10)'
        """
        return f"NEAR({' '.join(t.fts_phrase for t in self.terms)}, {int(distance)})"

    def with_alts(self, forms: Mapping[str, tuple[str, ...]]) -> Query:
        """The query with each one-word term's family (``Term.alts``) from ``forms``, a
        folded word -> the other words of its family (see ``family``)."""
        terms = tuple(replace(t, alts=forms.get(t.keys[0], ())) if len(t.words) == 1 else t
                      for t in self.terms)  # fmt: skip
        return replace(self, terms=terms)

    @property
    def all_terms(self) -> tuple[Term, ...]:
        return self.terms + self.dropped

    def __bool__(self) -> bool:
        return bool(self.terms)

    def matches_word(self, word: str) -> bool:
        return any(t.matches_word(word) for t in self.terms)

    def matches_keys(self, keys: Iterable[str]) -> bool:
        """Whether every term matches one of these folded words (a phrase: any of its words)."""
        keys = tuple(keys)
        return all(any(t.matches_key(k) for k in keys) for t in self.terms)

    def matches_text(self, text: str) -> bool:
        """Whether every term matches some word of ``text``."""
        return self.matches_keys(fold(w) for w in words(text))


# Within a chunk, these join words into one phrase ("covid-19", "Guillain-Barré", "don't",
# "U.S."); any other symbol separates words as a space does ("lupus/SLE", "hives,itching").
_JOINERS = frozenset("-\u2010\u2011\u2012\u2013'\u2019\u2018\u02bc`\u00b4\u2032.")
# A possessive "'s" ("Hodgkin's", "Lou Gehrig\u2019s"): articles write the name with or
# without it, so it is not a word to find.
_POSSESSIVE = re.compile(r"(?<=[^\W_])['\u2019\u2018\u02bc`\u00b4\u2032][sS](?![^\W_])")


def strip_possessive(text: str) -> str:
    """The text without possessive "'s" endings.

    >>> strip_possessive("Lou Gehrig\u2019s disease, Hodgkin's, it's, don't")
    "Lou Gehrig disease, Hodgkin, it, don't"
    """
    return _POSSESSIVE.sub("", text) if "s" in text or "S" in text else text


def _chunks(text: str) -> list[str]:
    """Whitespace-separated chunks, with separating symbols counted as spaces.

    >>> _chunks("lupus/SLE covid-19, (rash) don't")
    ['lupus', 'SLE', 'covid-19', 'rash', "don't"]
    """
    if not text.isalnum():
        text = "".join(ch if ch.isalnum() or ch.isspace() or ch in _JOINERS or unicodedata.combining(ch)
                       else " " for ch in text)  # fmt: skip
    return text.split()


# Single letters each followed by a full stop: a dotted abbreviation ("m.s.", "U.S", "r.a.").
_DOTTED = re.compile(r"(?:[^\W\d_]\.){1,}[^\W\d_]\.?")
# A word written with a trailing "*", as in other search boxes: the start of a word ("lup*").
_WILDCARD = re.compile(r"[^\W_]\*+\s*$")


def split_terms(text: str) -> list[Term]:
    """Chunks of cleaned text -> terms, all of them, the last one flagged if being typed
    (or written with a trailing ``*``); a dotted abbreviation is one word.

    >>> [(t.words, t.prefix) for t in split_terms("covid-19 c++ lu")]
    [(('covid', '19'), False), (('c',), False), (('lu',), True)]
    >>> [(t.words, t.prefix) for t in split_terms("m.s. lup*")]
    [(('ms',), False), (('lup',), True)]
    >>> [t.words for t in split_terms("lupus/SLE Hodgkin's")]
    [('lupus',), ('sle',), ('hodgkin',)]
    """
    return [term for _, term in _written_terms(text)]


def _written_terms(text: str) -> list[tuple[str, Term]]:
    """``split_terms``, each term with its chunk as written (accents and case kept)."""
    pairs: list[tuple[str, Term]] = []
    for chunk in _chunks(strip_possessive(text)):
        found = tuple(words(chunk))
        if found and _DOTTED.fullmatch(chunk):
            found = ("".join(found),)  # "m.s.", "R.A.": an abbreviation, one word
        if found:
            pairs.append((chunk, Term(found)))
    if pairs and text and (WORD_RE.match(text[-1]) or _WILDCARD.search(text)):
        pairs[-1] = (pairs[-1][0], Term(pairs[-1][1].words, prefix=True))
    return pairs


def _droppable(term: Term, last: bool) -> bool:
    if len(term.words) != 1:
        return False
    word = term.words[0]
    return word in STOP_WORDS or (last and term.prefix and len(word) <= SHORT_FRAGMENT)


def _person(term: Term, before: Term | None) -> bool:
    """Whether the term only says who the question is about ("child", "mi hijo"); the
    word being typed only after "my", "the", "mi"... (``before``): "fever kid" may be on
    its way to "fever kidney"."""
    if len(term.words) != 1 or term.words[0] not in PEOPLE_WORDS:
        return False
    return not term.prefix or (before is not None and before.words[-1] in _OWNERS)


def _one_character_with_symbols(text: str) -> bool:
    """Whether the text's only letter or digit is one character, written with symbols.

    >>> [_one_character_with_symbols(t) for t in ["C++", "C#", " A+ ", "(c)", "c", "c d", "C++ hepatitis"]]
    [True, True, True, True, False, False, False]
    """
    found = WORD_RE.findall(text)
    if len(found) != 1 or len(found[0]) != 1:
        return False
    # Combining marks belong to the letter (a decomposed "é"), as for the tokenizer.
    return any(not ch.isspace() and not WORD_RE.match(ch) and not unicodedata.combining(ch)
               for ch in text)  # fmt: skip


def parse(text: str) -> Query:
    """User text -> Query; never raises, whatever the input (see the module docstring)."""
    cleaned = clean(text)
    if _one_character_with_symbols(cleaned):
        # "C++", "C#", "A+", "(c)": a name the index cannot hold, as it keeps only letters
        # and digits. Searched as the letter alone, it found whatever has that letter as a
        # word ("hepatitis C" for "C++"), which is not what was asked for: nothing is.
        # With other words ("hepatitis c", "c++ hepatitis") the letter is searched.
        return Query(cleaned, ())
    terms = split_terms(cleaned)
    keep, dropped = _select(terms)
    # The same word twice adds nothing but work.
    unique: list[Term] = []
    for term in keep:
        if all(term.keys != u.keys or term.prefix != u.prefix for u in unique):
            unique.append(term)
    # The limit counts the words that matter: in "what are the early signs and symptoms of
    # lupus" it must not cut "lupus" while keeping "what" and "the".
    return Query(cleaned, tuple(unique[:MAX_TERMS]), tuple(dropped[:MAX_TERMS]))


def _select(terms: list[Term]) -> tuple[list[Term], list[Term]]:
    """The terms searched and the ones left out (stop words, who the question is about)."""
    keep: list[Term] = []
    dropped: list[Term] = []
    for i, term in enumerate(terms):
        (dropped if _droppable(term, i == len(terms) - 1) else keep).append(term)
    if not keep:
        # Nothing but stop words or one fragment: search what there is rather than nothing.
        keep, dropped = terms, []
    else:
        # "my child has a rash": the rash is what to find; "my child" alone is searched.
        # The "mi" of "mi hijo" is "my", not MI (a heart attack): it goes with its word.
        people_at = [i for i, t in enumerate(terms) if _person(t, terms[i - 1] if i else None)]
        people = [terms[i] for i in people_at if any(terms[i] is t for t in keep)]
        mine = [terms[i - 1] for i in people_at if i and terms[i - 1].words == ("mi",)]
        rest = [t for t in keep if all(t is not c for c in people + mine)]
        if people:
            dropped += [t for t in mine if all(t is not d for d in dropped)]
            dropped += people if rest else []
            keep = rest or people
    return keep, dropped


def searched_text(text: str, phrases: Iterable[str] = ()) -> str:
    """What "Showing results for" names: ``text`` (corrected) as typed, a question read as
    a question ("can lupus kill you"). But when the search leaves out Spanish words (who it
    is about, their verb), only the words searched, as written and in their order, with the
    small words between two of them: a Spanish question whose word was put in English
    ("fiebre": fever) would read in two languages ("mi hijo tiene fever"). Each of
    ``phrases`` (the articles' words put in for everyday ones) is then shown whole. The
    same when one of ``phrases`` was put in for a verb, after who does it or "to" ("i
    passed out" is searched as fainting, not "i fainting"); put in for a thing, it reads
    in the sentence ("my belly hurts").

    >>> searched_text("what causes lupus"), searched_text("mi hijo tiene fever")
    ('what causes lupus', 'fever')
    >>> searched_text("blood in urine"), searched_text("enfermedades del coraz\u00f3n")
    ('blood in urine', 'enfermedades del coraz\u00f3n')
    >>> searched_text("mi hija tiene rash and fever "), searched_text("is it normal for my kid to have hives")
    ('rash and fever', 'is it normal for my kid to have hives')
    >>> searched_text("mi hijo too few platelets", ["too few platelets"])
    'too few platelets'
    >>> searched_text("i fainting", ["fainting"]), searched_text("my child vomiting blood", ["vomiting"])
    ('fainting', 'vomiting blood')
    >>> searched_text("my belly hurts", ["belly"]), searched_text("is lupus inherited", ["inherited"])
    ('my belly hurts', 'is lupus inherited')
    """
    cleaned = clean(text)
    pairs = _written_terms(cleaned)
    keep, _ = _select([term for _, term in pairs])
    found = {i for i, (_, term) in enumerate(pairs) if any(term is k for k in keep)}
    left_out = [word for i, (_, term) in enumerate(pairs) if i not in found for word in term.words]
    spanish = any(word in SPANISH_STOP_WORDS or word in SPANISH_PEOPLE_WORDS for word in left_out)
    for_a_verb = False
    for phrase in phrases:
        run = [term.keys for term in split_terms(phrase + " ")]
        for i in range(len(pairs) - len(run) + 1):
            span = range(i, i + len(run))
            if [pairs[j][1].keys for j in span] == run and found.intersection(span):
                found.update(span)
                for_a_verb = for_a_verb or (i > 0 and pairs[i - 1][1].words[-1] in _BEFORE_A_VERB)
    if not spanish and not for_a_verb:
        return " ".join(cleaned.split())
    at = sorted(found)
    if not at or _one_character_with_symbols(cleaned):
        return " ".join(cleaned.split())
    shown = [pairs[at[0]][0]]
    for a, b in pairwise(at):
        between = [term for _, term in pairs[a + 1 : b]]
        # "rash and fever": the small words read as typed; "normal for my kid to have
        # hives": not with the person left out between them.
        if all(len(t.words) == 1 and t.words[0] in STOP_WORDS for t in between):
            shown += [chunk for chunk, _ in pairs[a + 1 : b]]
        shown.append(pairs[b][0])
    return " ".join(shown)
