"""The content model: Source, Article, ArticleInfo, ContentProblem, Override and Library.

The records are NamedTuples, not dataclasses: a warm start loads this module and makes an
ArticleInfo per article before the window is painted, and a frozen dataclass costs about
0.5 ms to create (NamedTuple 0.07 ms), its module 1 ms more to import.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from healthreader.content.wording import language_code, language_name
from healthreader.errors import ArticleNotFound

_ARTICLE_ID = re.compile(r"[a-z0-9-]+")

#: What one line of plain text (a title, another name, a clinic's name) may not hold: the C0
#: and C1 control characters (tab and line breaks too) and the Unicode line and paragraph
#: separators, which word processors paste and YAML reads as line breaks.
NOT_IN_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: What no text may hold, even a paragraph written over several lines: the same but tab,
#: line feed and carriage return.
NOT_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


# What phones and Macs type in place of a keyboard's ' " and - ("Lou Gehrig\u2019s"): the
# filters treat them as the plain ones, so either finds a title written with the other.
_PLAIN_MARKS = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
})  # fmt: skip


def fold(text: str) -> str:
    """Case- and accent-insensitive form, with curly apostrophes and quotes and long dashes
    made plain: what the sidebar's and the handout dialog's filters match, and what makes
    two titles the same for ``marked_titles``.

    >>> fold("Guillain-Barré"), fold("Lou Gehrig\u2019s"), fold("Lou Gehrig's")
    ('guillain-barre', "lou gehrig's", "lou gehrig's")
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN_MARKS).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_article_id(value: object) -> bool:
    """Whether ``value`` is an article id: lowercase ASCII letters, digits and "-".

    >>> is_article_id("guillain-barre-syndrome"), is_article_id("Lupus"), is_article_id("")
    (True, False, False)
    """
    return isinstance(value, str) and _ARTICLE_ID.fullmatch(value) is not None


def did_you_mean(word: str, choices: Iterable[str] | Mapping[str, str], most: int = 1) -> str:
    """The hint for a name nobody knows: "did you mean 'x'?", naming the choice closest to
    ``word`` (up to ``most`` of them, closest first, joined by "or"); "" if none is close.

    ``choices`` are the names to suggest, or a mapping from what ``word`` is compared with
    to the name to suggest for it (an article's title -> its id): a name reached by two
    texts is suggested once. Close means difflib's similarity ratio of 0.6 or more.

    >>> did_you_mean("prnter", ["home", "printer", "clinic_name"])
    "did you mean 'printer'?"
    >>> did_you_mean("lupsu", {"lupus": "lupus", "lupus nephritis": "lupus-nephritis"}, most=3)
    "did you mean 'lupus'?"
    >>> did_you_mean("zzz", ["home", "printer"])
    ''
    """
    import difflib  # not at start-up: only a message needs it

    names = choices if isinstance(choices, Mapping) else {choice: choice for choice in choices}
    if not names:
        return ""
    close = difflib.get_close_matches(word, names, n=len(names), cutoff=0.6)
    suggested = list(dict.fromkeys(names[name] for name in close))[:most]
    if not suggested:
        return ""
    return f"did you mean {' or '.join(repr(name) for name in suggested)}?"


class Source(NamedTuple):
    """Where the facts of an article come from; the URL is printed, never opened."""

    publisher: str
    title: str
    date: datetime.date | None = None
    url: str | None = None


class ArticleInfo(NamedTuple):
    """What the sidebar, search suggestions and related links need: no body, no date
    (``check`` reads it from the whole article) and no file (``Library.file_of``)."""

    id: str
    title: str
    summary: str
    also_called: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    symptoms: tuple[str, ...] = ()
    language: str = "en"


class Article(NamedTuple):
    """One whole article.

    ``body`` is the Markdown source of the body; ``body_html`` is its safe, pre-rendered
    HTML: internal links have ``href="article:ID"``, the first use of each glossary term is
    ``<a class="glossary" href="glossary:TERM" title="definition">``, external links are
    plain text, and there is no raw HTML from the file. ``pictures``: (src as written, line
    in the file) of each picture the body names, for ``check``. ``links``: (target as
    written, the article id it names or "", line in the file) of each link readers see as
    a link's words, for ``check``. ``lines``: (front-matter key, line in the file) of each key,
    and of each list item as ``key[0]``, ``key[1]``…, so ``check`` names the line to fix.
    """

    id: str
    title: str
    summary: str
    reviewed: datetime.date
    body: str
    body_html: str
    also_called: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    symptoms: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    language: str = "en"
    path: Path | None = None
    glossary_terms: tuple[str, ...] = ()
    pictures: tuple[tuple[str, int | None], ...] = ()
    links: tuple[tuple[str, str, int | None], ...] = ()
    lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, key: str, item: int | None = None) -> int | None:
        """The line of a front-matter key, or of its list item number ``item`` (from 0) if
        it has its own; None if the file has no such key (or the article was made in memory).

        >>> day = datetime.date(2026, 1, 1)
        >>> a = Article("a", "A", "", day, "", "", lines=(("title", 2), ("related", 5), ("related[1]", 7)))
        >>> a.line_of("title"), a.line_of("related", 1), a.line_of("related", 0), a.line_of("reviewed")
        (2, 7, 5, None)
        """
        found = dict(self.lines)
        if item is not None and f"{key}[{item}]" in found:
            return found[f"{key}[{item}]"]
        return found.get(key)

    @property
    def info(self) -> ArticleInfo:
        """The article without its body (every ArticleInfo field is an Article field too)."""
        return ArticleInfo._make(getattr(self, name) for name in ArticleInfo._fields)


class ContentProblem(NamedTuple):
    """A finding about content: an error skips the file, a warning does not."""

    path: Path | None
    message: str
    line: int | None = None
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.severity}: {self.message}"


class Override(NamedTuple):
    """An article id that a later content folder takes over from an earlier one (a clinic's
    own page in place of a bundled one): readers see ``path``, never ``replaced``."""

    article_id: str
    folder: Path  # the later folder, as it was given
    path: Path
    replaced_folder: Path
    replaced: Path
    language: str = "en"  # the 'language' of this page, and of the one it replaces
    replaced_language: str = "en"


class Library:
    """The loaded articles by id.

    Holds every article's ``ArticleInfo`` and fetches whole articles on demand (from the
    catalogue, or from memory in tests), so start-up never reads every body. ``files``: the
    file each article comes from, as text (a warm start makes no Path objects). ``versions``:
    which version of that file the library holds, as the catalogue read it (its size and
    ``changed_ns``), so that a cache built from the articles can say what it holds.
    ``folders``: the content folders read, in order (none for a library made in memory).

    >>> lib = Library.from_articles([])
    >>> len(lib)
    0
    """

    __slots__ = ("_cache", "_categories", "_files", "_listed_by", "_marked", "_sorted", "_versions",
                 "fetch", "folders", "infos", "overrides", "problems")  # fmt: skip

    def __init__(
        self,
        infos: dict[str, ArticleInfo],
        fetch: Callable[[str], Article],
        problems: list[ContentProblem] | None = None,
        overrides: list[Override] | None = None,  # in the order the folders load
        files: dict[str, str] | None = None,
        versions: dict[str, tuple[int, int]] | None = None,
        folders: Sequence[Path] = (),
    ) -> None:
        self.infos = infos
        self.folders: tuple[Path, ...] = tuple(folders)
        self._files: dict[str, str] = {} if files is None else files
        self._versions: dict[str, tuple[int, int]] = {} if versions is None else versions
        self.fetch = fetch
        self.problems: list[ContentProblem] = [] if problems is None else problems
        self.overrides: list[Override] = [] if overrides is None else overrides
        self._cache: dict[str, Article] = {}
        self._listed_by: dict[str, set[str]] | None = None
        # Worked out once (the sidebar and the home page both ask at start-up).
        self._sorted: list[ArticleInfo] | None = None
        self._categories: dict[str, list[ArticleInfo]] | None = None
        self._marked: dict[str, str] | None = None  # marked_titles(), when first asked

    @classmethod
    def from_articles(
        cls, articles: Iterable[Article], problems: Iterable[ContentProblem] = ()
    ) -> Library:
        by_id = {a.id: a for a in articles}
        return cls(
            infos={i: a.info for i, a in by_id.items()},
            fetch=by_id.__getitem__,
            problems=list(problems),
            files={i: str(a.path) for i, a in by_id.items() if a.path is not None},
        )

    def __len__(self) -> int:
        return len(self.infos)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.infos

    def __iter__(self) -> Iterator[ArticleInfo]:
        """Article infos A–Z as lists show them (``az_key``)."""
        if self._sorted is None:
            self._sorted = sorted(self.infos.values(), key=self.az_key)
        return iter(self._sorted)

    def az_key(self, info: ArticleInfo) -> tuple[str, str, str]:
        """Where an article goes in an A–Z list: by title, case-insensitively; a title that
        articles in two languages share by the text shown ("Anemia (English)" before "Anemia
        (español)", whichever has the plain id), then by id.

        >>> day = datetime.date(2026, 1, 1)
        >>> lib = Library.from_articles([Article("anemia", "Anemia", "", day, "", "", language="es"),
        ...     Article("asma", "Asma", "", day, "", "", language="es"),
        ...     Article("anemia-en", "Anemia", "", day, "", "")])
        >>> [lib.shown_title(i.id) for i in lib]
        ['Anemia (English)', 'Anemia (español)', 'Asma']
        """
        if self._marked is None:
            self._marked = marked_titles(self.infos.values())
        marked = self._marked.get(info.id)
        # No folding in the usual one-language library: nothing is marked there.
        return info.title.casefold(), fold(marked) if marked is not None else "", info.id

    def file_of(self, article_id: str) -> Path | None:
        """The file an article comes from; None for an unknown id or one made in memory."""
        name = self._files.get(article_id)
        return Path(name) if name is not None else None

    def version_of(self, article_id: str) -> tuple[int, int] | None:
        """(size, ``changed_ns``) of the file version this library read an article from, as
        the catalogue found it then: not the file's now, which an edit may have changed
        since. None when unknown (an article made in memory)."""
        return self._versions.get(article_id)

    def info(self, article_id: str) -> ArticleInfo:
        try:
            return self.infos[article_id]
        except KeyError:
            raise ArticleNotFound(article_id) from None

    def shown_title(self, article_id: str) -> str:
        """The title as lists, links and a packet's contents show it: with its language
        when an article in another language has the same title ("Anemia (español)",
        ``marked_titles``), else the title. Raises ArticleNotFound for an unknown id.

        >>> day = datetime.date(2026, 1, 1)
        >>> lib = Library.from_articles([Article("anemia", "Anemia", "", day, "", ""),
        ...     Article("anemia-es", "Anemia", "", day, "", "", language="es"),
        ...     Article("asma", "Asma", "", day, "", "", language="es")])
        >>> lib.shown_title("anemia"), lib.shown_title("anemia-es"), lib.shown_title("asma")
        ('Anemia (English)', 'Anemia (español)', 'Asma')
        """
        if self._marked is None:
            self._marked = marked_titles(self.infos.values())
        marked = self._marked.get(article_id)
        return marked if marked is not None else self.info(article_id).title

    def get(self, article_id: str) -> Article:
        """The whole article; raises ArticleNotFound for an unknown id."""
        if article_id not in self.infos:
            raise ArticleNotFound(article_id)
        cached = self._cache.get(article_id)
        if cached is None:
            cached = self.fetch(article_id)
            if len(self._cache) > 64:
                self._cache.clear()
            self._cache[article_id] = cached
        return cached

    def related(self, article_id: str) -> list[ArticleInfo]:
        """Related articles both ways (A lists B: B shows A too), by title; unknown ids dropped."""
        own = self.info(article_id)
        if self._listed_by is None:
            # Built once: which articles list each id, so a page shows the other direction.
            self._listed_by = {}
            for info in self.infos.values():
                for target in info.related:
                    self._listed_by.setdefault(target, set()).add(info.id)
        ids = {r for r in own.related if r in self.infos}
        ids.update(self._listed_by.get(article_id, ()))
        ids.discard(article_id)
        # As the A–Z lists: "Anemia (English)" before "Anemia (español)".
        return sorted((self.infos[i] for i in ids), key=self.az_key)

    def unknown_id(self, article_id: str) -> str:
        """The message for an id no article has, with the closest ids or titles.

        >>> lib = Library.from_articles([Article("lupus", "Lupus", "", datetime.date(2026, 1, 1), "", "")])
        >>> lib.unknown_id("lupsu")
        "no article with id 'lupsu' (did you mean 'lupus'?)"
        """
        hint = self.id_hint(article_id)
        return f"no article with id {article_id!r}" + (f" ({hint})" if hint else "")

    def id_hint(self, text: str) -> str:
        """ "did you mean 'x'?" for the ids or titles closest to ``text`` (up to three), or "".

        >>> lib = Library.from_articles([Article("lupus", "Lupus", "", datetime.date(2026, 1, 1), "", "")])
        >>> lib.id_hint("Lupus"), lib.id_hint("zzz")
        ("did you mean 'lupus'?", '')
        """
        names: dict[str, str] = {}  # an id or a casefolded title -> its id
        for info in self.infos.values():
            names.setdefault(info.id, info.id)
            names.setdefault(info.title.casefold(), info.id)
        return did_you_mean(text.casefold(), names, most=3)

    def categories(self) -> dict[str, list[ArticleInfo]]:
        """Category name -> its articles by title; articles with none go under "Other".

        Names that differ only in case or spacing are one group ("Immune System" from an
        import, "Immune system" from the bundled library), under the spelling most of its
        articles use.

        >>> day = datetime.date(2026, 1, 1)
        >>> lib = Library.from_articles([Article(i, i.title(), "", day, "", "", categories=(c,))
        ...     for i, c in (("a", "Immune system"), ("b", "Immune System"), ("c", "immune  system"),
        ...                  ("d", "Immune system"), ("e", "Blood"))])
        >>> {name: [i.id for i in infos] for name, infos in lib.categories().items()}
        {'Blood': ['e'], 'Immune system': ['a', 'b', 'c', 'd']}
        """
        if self._categories is not None:
            return {name: list(infos) for name, infos in self._categories.items()}
        groups: dict[str, list[ArticleInfo]] = {}
        spellings: dict[str, dict[str, int]] = {}
        keys: dict[str, str] = {}  # a few names, named by many articles
        for info in self:
            for cat in info.categories or ("Other",):
                key = keys.get(cat)
                if key is None:
                    key = keys[cat] = category_key(cat)
                members = groups.setdefault(key, [])
                if not members or members[-1] is not info:  # one article naming it twice
                    members.append(info)
                counts = spellings.setdefault(key, {})
                counts[cat] = counts.get(cat, 0) + 1
        names = {key: min(counts, key=lambda name: (-counts[name], name))
                 for key, counts in spellings.items()}  # fmt: skip
        self._categories = {names[key]: groups[key] for key in sorted(groups)}
        return {name: list(infos) for name, infos in self._categories.items()}


def marked_titles(infos: Iterable[ArticleInfo]) -> dict[str, str]:
    """Article id -> its title and language, for each article whose title another article
    in another language shares: "Anemia" and "Anemia" look the same in a list, "Anemia
    (English)" and "Anemia (español)" do not. Titles are the same when they ``fold`` the
    same; languages differ by their code (``es`` and ``es-MX`` are one). Each language is
    named in itself (``content.wording.language_name``).

    One pass, and no folding at all when every article has the same ``language`` (the
    usual library): the sidebar asks before the first paint.

    >>> marked_titles([ArticleInfo("a", "Lupus", ""), ArticleInfo("b", "LUPUS", "", language="fr"),
    ...                ArticleInfo("c", "Asma", "", language="es")])
    {'a': 'Lupus (English)', 'b': 'LUPUS (fr)'}
    >>> marked_titles([ArticleInfo("a", "Asthma", ""), ArticleInfo("b", "Asma", "", language="es")])
    {}
    """
    infos = list(infos)
    if len({info.language for info in infos}) < 2:
        return {}
    codes: dict[str, str] = {}  # an article's language as written -> its code (few of them)
    by_title: dict[str, list[ArticleInfo]] = {}
    for info in infos:
        title = info.title
        # An ASCII title but for "`" folds to its lowercase: a tenth of the time, for most.
        plain = title.isascii() and "`" not in title
        by_title.setdefault(title.lower() if plain else fold(title), []).append(info)
    marked: dict[str, str] = {}
    for same in by_title.values():
        if len(same) < 2:
            continue
        languages = set()
        for info in same:
            code = codes.get(info.language)
            if code is None:
                code = codes[info.language] = language_code(info.language)
            languages.add(code)
        if len(languages) > 1:
            for info in same:
                marked[info.id] = f"{info.title} ({language_name(info.language) or info.language})"
    return marked


def category_key(name: str) -> str:
    """What makes two category names one group: the same words, whatever their case."""
    return " ".join(name.casefold().split())
