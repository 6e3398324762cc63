"""MedlinePlus health-topics XML -> article files in our content format.

Reads both layouts NLM has published: older files carry each topic's ``full-summary`` as
escaped HTML text (``&lt;p&gt;``), newer ones as XML elements (``<p>``). The XML is parsed
with defusedxml (no entity expansion, no external entities), the summary's HTML becomes
Markdown with markdownify, and every topic of the chosen language becomes one file:

- ``title``, ``also_called`` (the topic's other names and see-references), ``summary``
  (the topic's short description, else the first sentences of its summary), ``categories``
  (its groups), ``related`` (related topics imported in the same run), one source
  (MedlinePlus, with the topic's URL, dated by the export), ``reviewed`` (the export's
  date: an editor changes it after their own review) and ``language``;
- the body: the summary as Markdown. A link to another imported topic becomes an internal
  link; any other link becomes its text.

Each file starts its front matter with a marker comment. A later import replaces only
files that carry it: an editor's own file with the same name is never overwritten.
"""

from __future__ import annotations

import datetime
import os
import re
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LANGUAGES = {"English": "en", "Spanish": "es"}
PUBLISHER = "MedlinePlus, National Library of Medicine"
MARKER = "# Imported from MedlinePlus"
MAX_OTHER_NAMES = 20
MAX_SUMMARY_CHARS = 300
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class ImportFailed(Exception):
    """The XML file cannot be imported at all (unreadable, not XML, not health topics)."""


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


@dataclass(slots=True)
class ImportReport:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # an editor's file of the same name
    problems: list[str] = field(default_factory=list)


def _text(element: ET.Element | None) -> str:
    return _SPACES.sub(" ", "".join(element.itertext())).strip() if element is not None else ""


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
    """Every health topic in the file, and the date the file was generated."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        root = SafeET.parse(path).getroot()
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    except ET.ParseError as exc:
        raise ImportFailed(f"{path}: not well-formed XML ({exc})") from None
    except DefusedXmlException as exc:
        raise ImportFailed(f"{path}: refused, the XML declares entities ({exc})") from None
    if root is None or root.tag != "health-topics":
        tag = "none" if root is None else f"<{root.tag}>"
        raise ImportFailed(f"{path}: not a MedlinePlus health-topics file (root {tag})")
    topics = []
    for element in root.iter("health-topic"):
        others = [_text(e) for e in element.findall("also-called")]
        others += [_text(e) for e in element.findall("see-reference")]
        topics.append(
            Topic(
                topic_id=element.get("id", ""),
                title=_SPACES.sub(" ", element.get("title", "")).strip(),
                url=element.get("url", ""),
                language=element.get("language", ""),
                other_names=others,
                meta_description=_SPACES.sub(" ", element.get("meta-desc", "")).strip(),
                summary_html=_summary_html(element.find("full-summary")),
                groups=[_text(e) for e in element.findall("group")],
                related_ids=[e.get("id", "") for e in element.findall("related-topic")],
            )
        )
    return topics, _export_date(root.get("date-generated"))


def slug(title: str) -> str:
    """An article id from a title: "Crohn's Disease" -> "crohns-disease"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    ascii_title = ascii_title.lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")


def _markdown(html: str, link_target: Callable[[str], str | None]) -> str:
    from markdownify import MarkdownConverter

    class Converter(MarkdownConverter):  # type: ignore[misc]
        def convert_a(self, el: Any, text: str, parent_tags: Any) -> str:
            target = link_target(str(el.get("href") or ""))
            return f"[{text.strip()}]({target})" if target and text.strip() else text

        def convert_img(self, el: Any, text: str, parent_tags: Any) -> str:
            return str(el.get("alt") or "")  # pictures are not imported

    converted = Converter(heading_style="ATX", bullets="-").convert(html)
    # Summaries have no title of their own: headings start at ##, as in every article.
    converted = re.sub(r"(?m)^# ", "## ", converted)
    # A "<" the converter left in text would read as raw HTML to the loader.
    converted = converted.replace("<", "&lt;")
    return re.sub(r"\n{3,}", "\n\n", converted).strip() + "\n"


def _short_summary(topic: Topic, body: str) -> str:
    if topic.meta_description:
        return topic.meta_description
    first = next((p for p in body.split("\n\n") if p.strip() and not p.startswith(("#", "-"))), "")
    text = _SPACES.sub(" ", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", first)).strip()
    summary = ""
    for sentence in _SENTENCE_END.split(text):
        if summary and len(summary) + 1 + len(sentence) > MAX_SUMMARY_CHARS:
            break
        summary = f"{summary} {sentence}".strip()
    return summary[:MAX_SUMMARY_CHARS] or topic.title


def _front_matter(topic: Topic, article_id: str, body: str, related: list[str],
                  exported: datetime.date, language: str, source_name: str) -> str:  # fmt: skip
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
    data["summary"] = _short_summary(topic, body)
    if topic.groups:
        data["categories"] = list(dict.fromkeys(g for g in topic.groups if g))
    if related:
        data["related"] = related
    source: dict[str, Any] = {"publisher": PUBLISHER, "title": topic.title, "date": exported}
    if topic.url:
        source["url"] = topic.url
    data["sources"] = [source]
    data["reviewed"] = exported
    data["language"] = language
    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True  # the loader refuses anchors and aliases (the same date twice)

    text = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=88)
    marker = f"{MARKER} health topic {topic.topic_id} ({source_name}). A new import replaces this file.\n"
    return f"---\n{marker}# Set 'reviewed' when you have reviewed it.\n{text}---\n"


def _imported_by_us(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            return fh.readline() == "---\n" and fh.readline().startswith(MARKER)
    except OSError:
        return False


def _new_file_mode() -> int:
    """What ``open(path, "w")`` would give a new file: 0o666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0o600); an article must be readable by whoever
        # runs the reader, as a file written by an editor would be.
        os.chmod(tmp, _new_file_mode())  # os.fchmod is not on Windows before Python 3.13
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def import_file(path: Path, out_dir: Path, language: str = "English",
                today: datetime.date | None = None) -> ImportReport:  # fmt: skip
    """Write one article per topic of ``language``; raises ImportFailed for an unusable file."""
    if language not in LANGUAGES:
        raise ImportFailed(f"unknown language {language!r}: choose English or Spanish")
    topics, exported = read_topics(path)
    chosen = [t for t in topics if t.language == language]
    if not chosen:
        raise ImportFailed(f"{path}: no {language} health topics in the file")
    exported = exported or today or datetime.date.today()
    report = ImportReport()
    ids: dict[str, str] = {}  # MedlinePlus topic id -> article id
    for topic in chosen:
        if not topic.title:
            report.problems.append(f"{path}: health topic {topic.topic_id or '?'} has no title; skipped")
            continue
        article_id = slug(topic.title) or f"medlineplus-{topic.topic_id}"
        if article_id in ids.values():
            article_id = f"{article_id}-{topic.topic_id}"
        ids[topic.topic_id] = article_id
    by_url = {t.url.rstrip("/"): ids[t.topic_id] for t in chosen if t.topic_id in ids and t.url}
    if out_dir.exists() and not out_dir.is_dir():
        raise ImportFailed(f"{out_dir}: not a folder (it is a file); give a folder to write the articles to")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImportFailed(f"{out_dir}: cannot create the folder: {exc.strerror or exc}") from None
    for topic in chosen:
        if topic.topic_id not in ids:
            continue
        article_id = ids[topic.topic_id]
        body = _markdown(topic.summary_html, lambda href: by_url.get(href.rstrip("/")))
        related = [ids[r] for r in topic.related_ids if r in ids and ids[r] != article_id]
        text = _front_matter(topic, article_id, body, related, exported, LANGUAGES[language], path.name)
        target = out_dir / f"{article_id}.md"
        if target.exists() and not _imported_by_us(target):
            report.kept.append(target)
            report.problems.append(f"{target}: not replaced: it was not written by the importer")
            continue
        try:
            _write_atomically(target, text + body)
        except OSError as exc:
            report.problems.append(f"{target}: cannot write: {exc.strerror or exc}")
            continue
        report.written.append(target)
    return report
