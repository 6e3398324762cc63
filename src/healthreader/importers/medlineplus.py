"""MedlinePlus health-topics XML -> article files in our content format.

Reads both layouts NLM has published: older files carry each topic's ``full-summary`` as
escaped HTML text (``&lt;p&gt;``), newer ones as XML elements (``<p>``). The XML, or the
one in a .zip or .gz download, is parsed with defusedxml (``xmlfile``: no entity expansion,
no external entities), the summary's HTML becomes Markdown that says the same text
(``tomarkdown``), and every topic of the chosen language becomes one file:

- ``title``, ``also_called`` (the topic's other names and see-references), ``summary``
  (the topic's short description, else the first sentences of its summary), ``categories``
  (its groups), ``related`` (related topics written in the same run), one source
  (MedlinePlus, named in the topic's language, with its URL, dated by the export), ``reviewed`` (the export's
  date: an editor changes it after their own review) and ``language``;
- the body: the summary as Markdown, less what became the short summary (the reader shows
  the summary right above the body; see ``_summary_and_body``). A link to another imported
  topic becomes an internal link; any other link becomes its text.

Each file starts its front matter with a marker comment naming the topic and a SHA-256 of
what was written. A later import replaces a file only if it is that topic's and nobody has
changed it since: an editor's own file, or an imported one they edited (a new ``reviewed``
date), is kept and named in the report.

The marker also finds what a newer XML left behind: an imported file of the same language
whose topic is no longer in the file, or whose topic this import wrote under another name
(its title changed), would go on being shown. The report lists each one (``left_over``);
with ``remove_missing`` the unchanged ones are deleted, and an edited one is still only
listed: whether an editor's work goes is the editor's call.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from healthreader.content.model import NOT_IN_ONE_LINE, is_article_id
from healthreader.content.wording import count, language_code
from healthreader.errors import ContentError, ImportFailed
from healthreader.importers import xmlfile
from healthreader.importers.tomarkdown import to_markdown

LANGUAGES = {"English": "en", "Spanish": "es"}
# The publisher as MedlinePlus writes it in each language (its Spanish pages: "Biblioteca
# Nacional de Medicina de los EE. UU."), by language code.
PUBLISHERS = {"en": "MedlinePlus, National Library of Medicine",
              "es": "MedlinePlus, Biblioteca Nacional de Medicina de los EE. UU."}  # fmt: skip
MARKER = "# Imported from MedlinePlus"
MAX_OTHER_NAMES = 20
MAX_SUMMARY_CHARS = 300
_SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class Topic:
    """One health topic as read from the XML, before it is written."""

    topic_id: str
    title: str
    url: str
    language: str
    other_names: list[str]
    meta_description: str
    summary_html: str
    groups: list[str]
    related_ids: list[str]


@dataclass(frozen=True, slots=True)
class LeftOver:
    """An imported file in the output folder that this import did not write its topic to."""

    path: Path
    topic_id: str
    edited: bool  # changed after its import: never deleted
    now_in: Path | None = None  # the topic's new file, if this import wrote it elsewhere


@dataclass(slots=True)
class ImportReport:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # files that were not ours to replace
    problems: list[str] = field(default_factory=list)  # what was not imported, and why
    notes: list[str] = field(default_factory=list)  # imported, but worth knowing
    left_over: list[LeftOver] = field(default_factory=list)  # still in the folder
    removed: list[LeftOver] = field(default_factory=list)  # deleted (remove_missing)
    failed: list[str] = field(default_factory=list)  # files that could not be looked at or removed


def _one_line(text: str) -> str:
    """``text`` as one line: control characters and runs of white space become one space."""
    # What the loader refuses in a one-line field; XML 1.0 allows the C1 controls.
    return _SPACES.sub(" ", NOT_IN_ONE_LINE.sub(" ", text)).strip()


def _text(element: ET.Element | None) -> str:
    return _one_line("".join(element.itertext())) if element is not None else ""


def _summary_html(element: ET.Element | None) -> str:
    """The summary as an HTML string, from either layout."""
    if element is None:
        return ""
    if len(element):  # newer files: the HTML is XML elements
        inner = [element.text or ""]
        inner += [ET.tostring(child, encoding="unicode") for child in element]
        return "".join(inner)
    return element.text or ""  # older files: escaped HTML, unescaped by the parser


def _export_date(value: str | None) -> datetime.date | None:
    """``date-generated="08/10/2024 02:30:32"`` -> 2024-08-10."""
    if not value:
        return None
    try:
        return datetime.datetime.strptime(value.split()[0], "%m/%d/%Y").date()
    except ValueError:
        return None


def read_topics(path: Path) -> tuple[list[Topic], datetime.date | None]:
    """Every health topic in the file (or in the .gz or .zip file), and the date the file
    was generated."""
    root = xmlfile.parse(path)
    if root.tag != "health-topics":
        raise ImportFailed(f"{path}: not a MedlinePlus health-topics file (root <{root.tag}>)")
    topics = []
    for element in root.iter("health-topic"):
        others = [_text(e) for e in element.findall("also-called")]
        others += [_text(e) for e in element.findall("see-reference")]
        topics.append(
            Topic(
                topic_id=element.get("id", ""),
                title=_one_line(element.get("title", "")),
                url=_one_line(element.get("url", "")),
                language=element.get("language", ""),
                other_names=others,
                meta_description=_one_line(element.get("meta-desc", "")),
                summary_html=_summary_html(element.find("full-summary")),
                groups=[_text(e) for e in element.findall("group")],
                related_ids=[e.get("id", "") for e in element.findall("related-topic")],
            )
        )
    return topics, _export_date(root.get("date-generated"))


def language_name(text: str) -> str:
    """The language as the XML names it, from its name in any case or its code: "spanish",
    "es" -> "Spanish"; ImportFailed for another.

    >>> language_name("SPANISH"), language_name("en")
    ('Spanish', 'English')
    """
    for name, code in LANGUAGES.items():
        if text.strip().casefold() in (name.casefold(), code):
            return name
    raise ImportFailed(f"unknown language {text!r}: choose English or Spanish")


def slug(title: str) -> str:
    """An article id from a title: "Crohn's Disease" -> "crohns-disease"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    ascii_title = ascii_title.lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")


def _summary_and_body(topic: Topic) -> tuple[str, str]:
    """The short summary, and the HTML the body is made of.

    The summary is the topic's meta description. Older files have none; then it is, as
    plain text (taken from the HTML, not from the Markdown made of it, which would show
    ``\\*`` and ``&lt;`` to readers):

    1. the first whole sentences of the first paragraph, up to MAX_SUMMARY_CHARS;
    2. else, if the text starts with a sentence too long for a summary, its start, cut after
       a word (at a comma if one is near) and ending in "…";
    3. else the first whole sentences of a later paragraph (the first is only a lead-in to
       a list, "When you are dizzy, you may feel", which is no summary);
    4. else the start of the first paragraph or list item, with "…" (there is no sentence
       to take); else the title.

    What the summary shows is left out of the body in 1 to 3: the reader shows the summary
    right above it, and would read it twice. In 2 the body goes on from the cut, after "…".
    In 4 the body is whole."""
    if topic.meta_description:
        return topic.meta_description, topic.summary_html
    from bs4 import BeautifulSoup  # comes with markdownify
    from bs4.element import PreformattedString

    soup = BeautifulSoup(topic.summary_html, "html.parser")
    for hidden in [*soup.find_all(["script", "style"]), *soup.find_all(string=lambda s: isinstance(s, PreformattedString))]:
        hidden.extract()  # not shown (comments too): no summary of it
    paragraphs = [p for p in soup.find_all("p") if p.find_parent(_NOT_ON_ITS_OWN) is None]
    for n, paragraph in enumerate(paragraphs):
        sentences = _sentences(_plain(paragraph))
        summary = _leading_sentences(sentences)
        if summary:
            _drop_lead(paragraph, summary)
            return summary, str(soup)
        if n == 0 and sentences and len(sentences[0]) > MAX_SUMMARY_CHARS and _starts_the_text(paragraph):
            summary, dropped = _cut(sentences[0])
            _drop_lead(paragraph, dropped, then="…")
            return summary, str(soup)
    for block in soup.find_all(["p", "li", "td", "th", "dd"]):
        text = _plain(block)
        if text and not block.find(["p", "li", "td", "th", "dd"]):
            first = _sentences(text)[0]
            if len(first) > MAX_SUMMARY_CHARS:
                return _cut(first)[0], topic.summary_html
            return (first if _whole(first) else first.rstrip(",;:–— ") + "…"), topic.summary_html
    return topic.title, topic.summary_html


# A paragraph inside these belongs to what holds it: no summary on its own.
_NOT_ON_ITS_OWN = ["li", "td", "th", "dd", "blockquote", "table"]
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(¿¡"
_WHOLE = re.compile(rf"[.!?][{re.escape(_CLOSERS)}]*\Z")
# Words a full stop ends that do not end a sentence ("Dr. Smith"; Spanish "Dra.", "Ud.").
_ABBREVIATIONS = frozenset({"approx", "dr", "dra", "fig", "jr", "mr", "mrs", "ms", "no", "prof", "sr",
                            "sra", "st", "ud", "uds", "vs"})  # fmt: skip
_INITIALS = re.compile(r"(?:\w\.)+\w")  # U.S, e.g, i.e


def _plain(element: Any) -> str:
    """The text of an HTML element on one line, a line break read as a space."""
    from bs4.element import NavigableString, Tag

    pieces = [" " if isinstance(d, Tag) and d.name == "br" else str(d)
              for d in element.descendants if isinstance(d, NavigableString) or getattr(d, "name", "") == "br"]  # fmt: skip
    return _one_line("".join(pieces))


def _whole(sentence: str) -> bool:
    """Whether a sentence ends as one does: with ".", "!" or "?" (a lead-in to a list does not)."""
    return bool(_WHOLE.search(sentence))


def _sentences(text: str) -> list[str]:
    """``text`` (one line) cut into sentences; the last may not be whole.

    >>> _sentences("Dr. Smith et al. say so. In the U.S. it is 5 p.m. here. ¿Y tú? Yes: 3. No")
    ['Dr. Smith et al. say so.', 'In the U.S. it is 5 p.m. here.', '¿Y tú?', 'Yes: 3.', 'No']
    """
    sentences: list[str] = []
    words = text.split(" ")
    start = 0
    for n in range(len(words) - 1):
        word, after = words[n], words[n + 1].lstrip(_OPENERS)
        if not _whole(word) or not (after[:1].isupper() or after[:1].isdigit()):
            continue
        stem = word.rstrip(_CLOSERS)
        if stem.endswith(".") and not stem.endswith(".."):
            stem = stem[:-1].lstrip(_OPENERS)
            if stem.casefold() in _ABBREVIATIONS or _INITIALS.fullmatch(stem):
                continue
        sentences.append(" ".join(words[start : n + 1]))
        start = n + 1
    sentences.append(" ".join(words[start:]))
    return [s for s in sentences if s]


def _leading_sentences(sentences: list[str]) -> str:
    """The first whole sentences, as many as fit in a summary ("" if the first is not whole
    or too long)."""
    summary = ""
    for sentence in sentences:
        longer = f"{summary} {sentence}".strip()
        if not _whole(sentence) or len(longer) > MAX_SUMMARY_CHARS:
            break
        summary = longer
    return summary


def _cut(sentence: str) -> tuple[str, str]:
    """A sentence too long for a summary, cut short: (the summary, ending in "…"; the part
    of the sentence it shows, as written). Cut after a word, at a comma or the like if one
    is in the second half of what fits.

    >>> summary, shown = _cut("Hives are itchy, " + "very " * 80 + "red.")
    >>> len(summary), summary[-15:], shown[-9:]
    (297, 'very very very…', 'very very')
    >>> summary, shown = _cut("Hives, which come and go, " + "fade " * 40 + "and then, " + "fade " * 15 + "end.")
    >>> summary[-14:], shown[-14:]
    ('fade and then…', 'fade and then,')
    """
    room = MAX_SUMMARY_CHARS - 1  # and "…"
    at = max(sentence.rfind(mark, 0, room) for mark in (", ", "; ", ": ", " – ", " — "))
    if at >= room // 2:
        dropped = sentence[: at + 1 if sentence[at] != " " else at + 2]
        return sentence[:at].rstrip() + "…", dropped
    at = sentence.rfind(" ", 0, room + 1)
    dropped = sentence[:at] if at > 0 else sentence[:room]  # a single word longer than that
    return dropped.rstrip(",;:") + "…", dropped


def _starts_the_text(element: Any) -> bool:
    """Whether no text comes before ``element`` (a list, a heading)."""
    return not any(s.strip() for s in element.find_all_previous(string=True))


def _drop_lead(paragraph: Any, lead: str, then: str = "") -> None:
    """Take ``lead``'s text out of the start of ``paragraph``, keeping the markup of what is
    left, which starts with ``then``; a paragraph left empty goes."""
    from bs4.element import NavigableString

    left = len("".join(lead.split()))  # characters other than spaces still to take out
    for string in list(paragraph.find_all(string=True)):
        if left == 0:
            if then and string.strip():
                string.replace_with(NavigableString(then + string.lstrip()))
                then = ""
            continue
        cut = 0
        while cut < len(string) and left > 0:
            left -= bool(_one_line(string[cut]).split())
            cut += 1
        rest = string[cut:].lstrip()
        if then and left == 0 and rest:
            rest, then = then + rest, ""
        string.replace_with(NavigableString(rest))
    for tag in reversed(paragraph.find_all(True)):  # inner tags first
        if tag.name not in ("img", "br") and not tag.get_text(strip=True):
            tag.decompose()
    if not paragraph.get_text(strip=True):
        paragraph.decompose()


def _front_matter(topic: Topic, summary: str, related: list[str], exported: datetime.date,
                  language: str) -> str:  # fmt: skip
    import yaml

    seen = {topic.title.casefold()}
    also_called = []
    for name in topic.other_names:
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            also_called.append(name)
    data: dict[str, Any] = {"title": topic.title}
    if also_called:
        data["also_called"] = also_called[:MAX_OTHER_NAMES]
    data["summary"] = summary
    if topic.groups:
        data["categories"] = list(dict.fromkeys(g for g in topic.groups if g))
    if related:
        data["related"] = related
    source: dict[str, Any] = {"publisher": PUBLISHERS[language], "title": topic.title, "date": exported}
    if topic.url:
        source["url"] = topic.url
    data["sources"] = [source]
    data["reviewed"] = exported
    data["language"] = language
    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True  # the loader refuses anchors and aliases (the same date twice)

    text = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=88)
    return f"# Set 'reviewed' when you have reviewed it.\n{text}---\n"


_MARKER_RE = re.compile(rf"{re.escape(MARKER)} health topic (\d+) \(.*\); sha256 ([0-9a-f]{{64}})\.")


def _with_marker(topic_id: str, source_name: str, rest: str) -> str:
    """The file: its first line, the marker naming the topic and the SHA-256 of the rest."""
    digest = hashlib.sha256(rest.encode("utf-8")).hexdigest()
    source = source_name.replace("\n", " ").replace(")", "]")
    return f"---\n{MARKER} health topic {topic_id} ({source}); sha256 {digest}.\n{rest}"


@dataclass(frozen=True, slots=True)
class _Imported:
    """What the marker of an imported file says, checked against the rest of the file."""

    topic_id: str
    unchanged: bool  # the rest of the file is what the import wrote
    rest: str


def _read_imported(path: Path) -> _Imported | None:
    """The marker of ``path``, or None if the importer did not write it; OSError if unreadable."""
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        first, marker, rest = fh.readline(), fh.readline(), fh.read()
    found = _MARKER_RE.match(marker) if first == "---\n" else None
    if found is None:
        return None
    unchanged = hashlib.sha256(rest.encode("utf-8")).hexdigest() == found.group(2)
    return _Imported(found.group(1), unchanged, rest)


def _replaceable(path: Path, topic: Topic, out_dir: Path) -> str | None:
    """None if an import may replace ``path``, else why not (for the report)."""
    try:
        imported = _read_imported(path)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if imported is None:
        return f"it was not written by the importer{_which_page(path, ': it is ')}"
    if imported.topic_id != topic.topic_id:
        clash = f"it holds MedlinePlus topic {imported.topic_id}"
        this = f"topic {topic.topic_id} ({topic.title!r})"
        its_language = _page_language(path)
        if its_language is None:
            return (f"{clash}, not {this}, and its front matter cannot be read, so its language is not known; "
                    f"it is kept (run 'healthreader check {out_dir}', fix that file, and import again)")  # fmt: skip
        clash += _which_page(path, ", ")
        if its_language == language_code(topic.language):
            return f"{clash}, not {this}; it is kept (delete it to import this topic here)"
        # Rare: a page of another language makes this topic's id "-es" (see import_file).
        return (f"{clash}, not this {topic.language} {this}; it is kept (import the {topic.language} "
                f"topics into a folder of their own, with --content {out_dir} before the command)")  # fmt: skip
    if not imported.unchanged:
        return "it was changed after the last import (delete it to import it again)"
    return None


_LANGUAGE_NAMES = {code: name for name, code in LANGUAGES.items()}


def _page_language(path: Path) -> str | None:
    """The language code of the page in ``path`` as its front matter says (English if it
    says none), or None if the front matter cannot be read."""
    meta = _front_matter_of_file(path)
    return None if meta is None else _language_in(meta)


def _language_in(meta: dict[str, Any]) -> str | None:
    """The language code front matter gives (English if none), or None if unreadable."""
    its_language = _text_of(meta, "language", "en")
    return language_code(its_language) if its_language else None


def _which_page(path: Path, lead: str) -> str:
    """``lead`` and what the page in ``path`` is ("an English page 'Anemia'"), for a
    message; "" if its front matter cannot be read."""
    meta = _front_matter_of_file(path)
    if meta is None:
        return ""
    title = _text_of(meta, "title", "")
    its_language = _language_in(meta)  # the file is read once
    if its_language is None:
        return f"{lead}{title!r}" if title else ""
    name = _LANGUAGE_NAMES.get(its_language, f"'{its_language}'")
    article = "an" if name[:1] in "AEIOU" else "a"
    return f"{lead}{article} {name} page" + (f" {title!r}" if title else "")


def _front_matter_of_file(path: Path) -> dict[str, Any] | None:
    """The front matter of any page, or None if it cannot be read."""
    from healthreader.content.frontmatter import load_strict_yaml, split_front_matter

    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            head = fh.read(16384)  # the front matter must end in its first 8 KiB
        meta = load_strict_yaml(split_front_matter(head)[0])
    except (OSError, ContentError):
        return None
    return meta if isinstance(meta, dict) else None


def _write_atomically(path: Path, text: str, mode: int) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0o600); an article must be readable by whoever
        # runs the reader, as a file written by an editor would be.
        os.chmod(tmp, mode)  # os.fchmod is not on Windows before Python 3.13
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def import_file(path: Path, out_dir: Path, language: str = "English",
                today: datetime.date | None = None, remove_missing: bool = False,
                bundled: Path | None = None, beside: Sequence[Path] = ()) -> ImportReport:  # fmt: skip
    """Write one article per topic of ``language``; raises ImportFailed for an unusable file.

    ``remove_missing``: delete the unchanged imported files this XML no longer fills
    (see the module docstring); edited ones are only listed.
    ``bundled``: the folder of the bundled articles (default: the reader's own); an article
    written with the id of one of them is noted as replacing it.
    ``beside``: other content folders loaded with this one (the global ``--content``).
    A topic whose id a bundled article, one of theirs, or a page already in ``out_dir`` has
    in another language gets the language's code added ("lupus-es"), so it is shown beside
    that page, not in its place. Related topics and links go only to the topics written,
    and to a topic not written only where ``out_dir``'s page of its id is of this language.
    """
    language = language_name(language)
    topics, exported = read_topics(path)
    chosen = [t for t in topics if t.language == language]
    if not chosen:
        raise ImportFailed(f"{path}: no {language} health topics in the file")
    exported = exported or today or datetime.date.today()
    report = ImportReport()
    code = LANGUAGES[language]
    bundled_languages = _languages_of([bundled or _bundled_dir()])
    # The pages already in out_dir count too: an English import, then a Spanish one, into
    # the same folder keeps both languages, as with a --content folder.
    shown_in_out_dir = _languages_of([out_dir]) if out_dir.is_dir() else {}
    elsewhere: dict[str, set[str]] = {}  # an id -> the languages of the pages that have it
    for languages in (bundled_languages, _languages_of(beside), _pages_in(out_dir, shown_in_out_dir)):
        for article_id, its_language in languages.items():
            elsewhere.setdefault(article_id, set()).add(language_code(its_language))
    ids: dict[str, str] = {}  # MedlinePlus topic id -> article id
    assigned: list[tuple[Topic, str]] = []
    for topic in chosen:
        if topic.topic_id in ids:
            report.problems.append(f"{path}: health topic {topic.topic_id} is in the file twice; "
                                   f"the second, {topic.title or 'with no title'!r}, is skipped")  # fmt: skip
            continue
        if not topic.topic_id.isdigit():
            report.problems.append(f"{path}: a {topic.title or 'health topic'!r} topic has no usable id "
                                   f"({topic.topic_id!r}); skipped")  # fmt: skip
            continue
        if not topic.title:
            report.problems.append(f"{path}: health topic {topic.topic_id} has no title; skipped")
            continue
        base = slug(topic.title) or "medlineplus"
        if elsewhere.get(base, {code}) - {code}:
            base = f"{base}-{code}"  # not in place of the English page: beside it
        article_id, n = base, 1
        while article_id in ids.values() or not is_article_id(article_id):
            article_id = f"{base}-{topic.topic_id}" + (f"-{n}" if n > 1 else "")
            n += 1
        ids[topic.topic_id] = article_id
        assigned.append((topic, article_id))
    if out_dir.exists() and not out_dir.is_dir():
        raise ImportFailed(f"{out_dir}: not a folder (it is a file); give a folder to write the articles to")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImportFailed(f"{out_dir}: cannot create the folder: {exc.strerror or exc}") from None
    mode = _new_file_mode()
    bundled_ids = set(bundled_languages)
    taken = _ids_in(out_dir)
    to_write: list[tuple[Topic, str, Path]] = []
    for topic, article_id in assigned:
        target = out_dir / f"{article_id}.md"
        holder = taken.get(article_id)
        if holder is not None and holder[0] != target:
            # A page of the folder under another name has the id already (its 'id:' line):
            # written, this file, named for the id, would be shown in its place.
            other, line = holder
            report.kept.append(other)
            what = _which_page(other, ", ")  # ", an English page 'HbA1c test'"
            report.problems.append(
                f"{target}: not written: {other}{f' (line {line})' if line else ''}{what}{',' if what else ''} "
                f"has the id {article_id!r} already, and readers would see MedlinePlus's {language} "
                f"{topic.title!r} in its place; it is kept (change its 'id:' line, or delete it, to import "
                "this topic)")  # fmt: skip
            continue
        why_not = _replaceable(target, topic, out_dir) if target.exists() else None
        if why_not is not None:
            report.kept.append(target)
            report.problems.append(f"{target}: not replaced: {why_not}")
            continue
        to_write.append((topic, article_id, target))
    # Links go to the pages written now, and to a topic not written only where the page
    # readers see under its id is of this language (an imported page an editor changed):
    # never to the English page of the same name.
    linkable = {article_id for _topic, article_id, _target in to_write}
    linkable |= {article_id for _topic, article_id in assigned
                 if language_code(shown_in_out_dir.get(article_id, "")) == code}  # fmt: skip
    by_url = {t.url.rstrip("/"): article_id for t, article_id in assigned if t.url and article_id in linkable}
    for topic, article_id, target in to_write:
        summary, body_html = _summary_and_body(topic)
        body = to_markdown(body_html, lambda href: by_url.get(href.rstrip("/")))
        related = [ids[r] for r in topic.related_ids if r in ids and ids[r] != article_id and ids[r] in linkable]
        rest = _front_matter(topic, summary, related, exported, LANGUAGES[language])
        try:
            _write_atomically(target, _with_marker(topic.topic_id, path.name, rest + body), mode)
        except OSError as exc:
            # A read-only folder or a full disk fails every file alike: say it once.
            raise ImportFailed(f"{target}: cannot write: {exc.strerror or exc}; "
                               f"{count(len(report.written), 'article')} written before it") from None  # fmt: skip
        report.written.append(target)
        if article_id in bundled_ids:
            report.notes.append(f"{target}: replaces the bundled article {article_id!r} "
                                "wherever this folder is loaded")  # fmt: skip
    in_xml = {t.topic_id for t in chosen}
    written_to = {topic.topic_id: out_dir / f"{article_id}.md" for topic, article_id in assigned
                  if out_dir / f"{article_id}.md" in report.written}  # fmt: skip
    for left in _left_over(out_dir, LANGUAGES[language], in_xml, written_to, report):
        if remove_missing and not left.edited:
            _remove(left, report)
        else:
            report.left_over.append(left)
    return report


def _left_over(out_dir: Path, language: str, in_xml: set[str], written_to: dict[str, Path],
               report: ImportReport) -> list[LeftOver]:  # fmt: skip
    """Imported files of ``language`` in ``out_dir`` that hold no topic this import wrote there."""
    found = []
    written = set(report.written)
    for file in sorted(out_dir.glob("*.md")):
        if file in written or file.name.startswith(".") or file.is_symlink() or not file.is_file():
            continue  # the importer writes plain files; a link is someone else's doing
        try:
            imported = _read_imported(file)
        except OSError as exc:
            report.failed.append(f"{file}: cannot be read to see whether its topic is still "
                                 f"in the XML: {exc.strerror or exc}")  # fmt: skip
            continue
        if imported is None:
            continue  # not written by an import
        meta = _front_matter_of(imported.rest)
        if meta is None or _text_of(meta, "language", "en") != language:
            continue  # broken by an edit, or another language's import into the same folder
        if imported.topic_id in in_xml and imported.topic_id not in written_to:
            continue  # still in the XML, but not written this time (see the problems)
        now_in = written_to.get(imported.topic_id)
        # A file renamed by an editor (the name is the article's id) is edited too, even
        # with its text untouched: never deleted.
        renamed = not _named_as_imported(file.stem, _text_of(meta, "title", ""), imported.topic_id)
        found.append(LeftOver(file, imported.topic_id, renamed or not imported.unchanged, now_in))
    return found


def _front_matter_of(rest: str) -> dict[str, Any] | None:
    """The front matter of an imported file (``rest``: after the marker), or None."""
    from healthreader.content.frontmatter import load_strict_yaml, split_front_matter

    try:
        yaml_text, _body, _line = split_front_matter("---\n" + rest)
        meta = load_strict_yaml(yaml_text)
    except ContentError:
        return None  # an edit broke it: `check` names it; here it is not ours to judge
    return meta if isinstance(meta, dict) else None


def _text_of(meta: dict[str, Any], key: str, default: str) -> str | None:
    value = meta.get(key, default)
    return value.strip() if isinstance(value, str) else None


def _named_as_imported(stem: str, title: str | None, topic_id: str) -> bool:
    """Whether a file name is one an import gives the topic with this title (see import_file)."""
    base = slug(title or "") or "medlineplus"
    for code in LANGUAGES.values():  # "lupus-es", beside the English "lupus"
        if stem == f"{base}-{code}" or stem.startswith(f"{base}-{code}-{topic_id}"):
            return True
    return stem == base or stem == f"{base}-{topic_id}" or stem.startswith(f"{base}-{topic_id}-")


def _remove(left: LeftOver, report: ImportReport) -> None:
    try:
        # Read again just before: an editor may have saved it since it was looked at.
        imported = _read_imported(left.path)
        if imported is None or imported.topic_id != left.topic_id or not imported.unchanged:
            # Changed since it was looked at: kept.
            report.left_over.append(LeftOver(left.path, left.topic_id, True, left.now_in))
            return
        left.path.unlink()
    except OSError as exc:
        report.left_over.append(left)
        report.failed.append(f"{left.path}: cannot be removed: {exc.strerror or exc}")
        return
    report.removed.append(left)


def _new_file_mode() -> int:
    """What ``open(path, "w")`` would give a new file: 0o666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _ids_in(folder: Path) -> dict[str, tuple[Path, int | None]]:
    """The ids the articles already in ``folder`` (and its sub-folders) mean to have, as
    the reader reads them: each file's ``id:`` line, else its name -> (the file, the line)."""
    from healthreader.content.files import claimed_id_line, scan_folder

    found: dict[str, tuple[Path, int | None]] = {}
    root = folder.resolve()
    for stamp in scan_folder(folder)[0]:
        path = folder / Path(stamp.path).relative_to(root)  # named as the folder was given
        article_id, line = claimed_id_line(path)
        if article_id not in found or path.name == f"{article_id}.md":
            found[article_id] = (path, line)
    return found


def _bundled_dir() -> Path:
    from healthreader import paths

    return paths.bundled_articles_dir()


def _pages_in(out_dir: Path, shown: dict[str, str]) -> dict[str, str]:
    """The ids of the pages in ``out_dir`` -> their language: the ids the reader gives them
    (``shown``), and the file names of the pages it gives another id or cannot load (a
    file of that name is there already)."""
    if not out_dir.is_dir():
        return {}
    found = dict(shown)
    for file in sorted(out_dir.glob("*.md")):
        if file.stem not in found and not file.name.startswith(".") and file.is_file():
            its_language = _page_language(file)
            if its_language is not None:
                found[file.stem] = its_language
    return found


def _languages_of(folders: Sequence[Path]) -> dict[str, str]:
    """The ids the reader gives the articles of ``folders`` (each one's ``id:``, else its
    file name) -> their ``language``, as the reader loads them (a later folder's page in
    place of an earlier one's).

    Loaded through an in-memory catalogue (the reader's cache is not touched); a folder
    that cannot be read has none.
    """
    from healthreader.content.catalogue import Catalogue

    if not folders:
        return {}
    catalogue = Catalogue.open(None)
    try:
        # No glossary: it changes how an article is shown, not its id.
        library = catalogue.load(list(folders), None)
    finally:
        catalogue.close()
    return {article_id: info.language for article_id, info in library.infos.items()}
