"""``healthreader check``: everything that is wrong or doubtful about a set of content folders."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from healthreader.content.files import broken_pages, resolved, scan_folder
from healthreader.content.model import ContentProblem, Library, category_key, fold
from healthreader.content.pictures import picture_file, picture_problem
from healthreader.content.render import WIKI_LINK, article_target
from healthreader.content.wording import english_name, language_code

MAX_GRADE = 8.0
REVIEW_YEARS = 3


@dataclass(slots=True)
class CheckReport:
    library: Library
    problems: list[ContentProblem] = field(default_factory=list)
    grades: dict[str, float] = field(default_factory=dict)
    # Articles in another language: the Flesch–Kincaid grade is a measure of English.
    ungraded: list[str] = field(default_factory=list)
    # Each folder checked -> its sub-folder ("" for the folder itself, else "drafts/") -> how
    # many of the articles readers see come from there: "drafts/" is published too.
    read_from: dict[Path, dict[str, int]] = field(default_factory=dict)

    @property
    def errors(self) -> list[ContentProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[ContentProblem]:
        return [p for p in self.problems if p.severity != "error"]


def check_content(
    folders: Sequence[Path],
    glossary_path: Path | None,
    today: datetime.date | None = None,
    reading_level: bool = True,
    unused_glossary: bool = True,
    picture_trouble: Callable[[Path], tuple[str, str] | None] | None = None,
) -> CheckReport:
    """Parse every file afresh (no cache) and report errors and warnings.

    ``unused_glossary``: warn about glossary terms no article uses. That only means
    something when the folders include the bundled library the glossary was written for.
    ``picture_trouble``: what is wrong with a picture file that passes content/pictures.py's
    rules, as (reason, severity), or None (it is asked once a file); the command line gives
    it Qt's decoder (export/picturecheck.py), which this layer may not import.
    """
    from healthreader.content.catalogue import Catalogue, language_replacements

    today = today or datetime.date.today()
    catalogue = Catalogue.open(None)
    library = catalogue.load(folders, glossary_path)
    report = CheckReport(library=library, problems=list(library.problems))
    report.problems.extend(language_replacements(library))
    for article_id, broken in broken_pages(library, folders).items():
        instead = library.file_of(article_id)
        if instead is not None:  # a page it was meant to replace: readers see that one
            report.problems.append(ContentProblem(
                broken, f"until this file loads, readers see {instead} for {article_id!r} in its place "
                        f"(and 'export {article_id}' refuses)", severity="warning"))  # fmt: skip
    used_terms: set[str] = set()
    try:
        too_old = today.replace(year=today.year - REVIEW_YEARS)
    except ValueError:  # 29 February: that year has none
        too_old = today.replace(year=today.year - REVIEW_YEARS, day=28)
    shown_as = {category_key(name): name for name in library.categories()}
    troubles: dict[Path, tuple[str, str] | None] = {}
    # A file's name -> the id of its article, where they differ: a link to ``our-hives.md``.
    file_ids: dict[str, str] = {}
    for info in library:
        file = library.file_of(info.id)
        if file is not None and file.stem != info.id:
            file_ids.setdefault(file.stem, info.id)
    for info in library:
        article = library.get(info.id)
        path = article.path
        for n, category in enumerate(info.categories):
            shown = shown_as.get(category_key(category), category)
            if category != shown:
                report.problems.append(ContentProblem(
                    path, f"category {category!r} is shown as {shown!r}, the spelling most "
                    "articles use", article.line_of("categories", n), "warning"))  # fmt: skip
        for n, target in enumerate(info.related):
            if target not in library:
                hint = _id_hint(library, target, file_ids)
                report.problems.append(ContentProblem(path, f"related id {target!r} does not exist"
                                                      + (f" ({hint})" if hint else ""),
                                                      article.line_of("related", n)))  # fmt: skip
            else:
                other = _other_language(library, info.id, target, f"related {target!r} is in")
                if other:
                    report.problems.append(ContentProblem(path, other, article.line_of("related", n), "warning"))
        for href, target, line in article.links:
            if WIKI_LINK.fullmatch(href) and not target:
                report.problems.append(_wiki_link_problem(path, href, line, library, file_ids))
            else:
                report.problems.extend(_link_problems(path, href, target, line, library, file_ids))
                if target in library and (other := _other_language(
                        library, info.id, target, f"link to {href!r} leads to a page in")):  # fmt: skip
                    report.problems.append(ContentProblem(path, other, line, "warning"))
        # An error when the reader shows a placeholder or "[Picture: …]" in its place.
        for src, line in article.pictures:
            folder = path.parent if path is not None else None
            reason, severity = picture_problem(folder, src), "error"
            if reason is None and picture_trouble is not None:
                found = picture_file(folder, src)
                if found is not None:
                    if found not in troubles:  # a picture several articles show: opened once
                        troubles[found] = picture_trouble(found)
                    reason, severity = troubles[found] or (None, "")
            if reason is not None:
                report.problems.append(ContentProblem(path, f"picture {src!r} {reason}", line, severity))
        if article.reviewed > today:
            report.problems.append(ContentProblem(path, f"'reviewed' {article.reviewed} is in the future",
                                                  article.line_of("reviewed")))  # fmt: skip
        elif article.reviewed < too_old:
            report.problems.append(ContentProblem(
                path, f"last reviewed {article.reviewed}, over {REVIEW_YEARS} years ago",
                article.line_of("reviewed"), "warning"))  # fmt: skip
        if not article.body.strip():  # a paste forgotten: readers see the title and summary only
            report.problems.append(ContentProblem(
                path, "the body is empty: readers see only the title, the summary and the sources; write "
                "the article under the front matter's closing '---'", severity="warning"))  # fmt: skip
        if not info.categories:
            report.problems.append(
                ContentProblem(path, "no 'categories': listed under \"Other\"", severity="warning")
            )
        used_terms.update(article.glossary_terms)  # the terms a reader sees marked
        if reading_level and language_code(info.language) != "en":
            report.ungraded.append(info.id)
        elif reading_level:
            from healthreader.content.readability import grade

            level = grade(article.body, (info.title, *info.also_called))
            report.grades[info.id] = level
            if level > MAX_GRADE:
                report.problems.append(
                    ContentProblem(
                        path,
                        f"reading level is grade {level:.1f}; aim for {MAX_GRADE:g} or lower",
                        severity="warning",
                    )
                )
    report.problems.extend(_same_titles(library, folders))
    report.read_from = _articles_per_folder(library, folders)
    for folder, places in report.read_from.items():
        if not places and folder.is_dir() and not scan_folder(folder)[0]:
            report.problems.append(ContentProblem(
                folder, "no articles in this folder: an article is a file whose name ends in .md",
                severity="warning"))  # fmt: skip
    if glossary_path is not None and unused_glossary:
        for term in sorted(set(catalogue.glossary) - used_terms):
            report.problems.append(
                ContentProblem(glossary_path, f"glossary term {term!r} is used by no article",
                               severity="warning")
            )
    return report


def _other_language(library: Library, article_id: str, target: str, what: str) -> str | None:
    """The warning for a related id or a link from one article to an article in another
    language (an editor's, since the MedlinePlus importer writes none): "related
    'hemolytic-anemia' is in English ('en'), this page is in Spanish ('es'): …", ``what``
    being its start up to the language; None if both are in the same language."""
    if target == article_id:
        return None
    own, theirs = library.info(article_id), library.info(target)
    here, there = language_code(own.language), language_code(theirs.language)
    if here == there:
        return None
    named = english_name(here)
    same = [i.id for i in library if language_code(i.language) == here
            and fold(i.title) == fold(theirs.title)]  # fmt: skip
    todo = (f"did you mean {same[0]!r}, the {named} page of the same title?" if same
            else f"point it at a {named} page, or remove it")
    return (f"{what} {english_name(there)} ({there!r}), this page is in {named} ({here!r}): "
            f"readers of this page who follow it get a page in another language; {todo}")


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//|www\.")


def _link_problems(path: Path | None, href: str, target: str, line: int | None, library: Library,
                   file_ids: dict[str, str]) -> list[ContentProblem]:  # fmt: skip
    """What is wrong with one link of an article: readers see its words as plain text."""
    if target:
        if target in library:
            return []
        hint = _id_hint(library, target, file_ids)
        return [ContentProblem(path, f"link to {href!r}: no such article" + (f" ({hint})" if hint else ""), line)]
    if not href:
        return [ContentProblem(path, "a link with no target: readers see its words as plain text", line, "warning")]
    if _SCHEME.match(href):
        return [ContentProblem(path, f"link to {href!r}: readers see its words as plain text, since the reader "
                               "opens no web page, e-mail or file; write the address out if they need it",
                               line, "warning")]  # fmt: skip
    if href.startswith("#"):
        return [ContentProblem(path, f"link to {href!r}: readers see its words as plain text, since a link to "
                               "a part of a page does not work; link to an article by its id", line, "warning")]  # fmt: skip
    hint = _id_hint(library, href.split("#", 1)[0].removesuffix(".md").rsplit("/", 1)[-1], file_ids)
    return [ContentProblem(path, f"link to {href!r} leads nowhere: readers see its words as plain text"
                           + (f" ({hint})" if hint else "")
                           + "; link to an article by its id, like [Lupus](lupus) or [Lupus](lupus.md)",
                           line)]  # fmt: skip


def _wiki_link_problem(path: Path | None, written: str, line: int | None, library: Library,
                       file_ids: dict[str, str]) -> ContentProblem:  # fmt: skip
    """A warning for a wiki link or picture (``[[lupus]]``, ``[[Lupus|about lupus]]``,
    ``![[knee.png]]``, as Obsidian writes them), which readers see as typed, with the
    Markdown to write instead: with the id of the article its text names, if one does."""
    picture = written.startswith("!")
    target, _, words = written.removeprefix("!")[2:-2].partition("|")
    target, words = target.strip(), words.strip()
    article_id = _id_named(library, target.split("#", 1)[0].strip(), file_ids)
    seen = f"wiki {'picture' if picture else 'link'} {written!r}: readers see it as typed, brackets and all"
    if picture and article_id is None:
        # Obsidian's "|300" is a width; other words after "|" describe the picture.
        alt = words if words and not re.fullmatch(r"\d+(?:x\d+)?", words) else _words_of(target)
        return ContentProblem(path, f"{seen}; write ![{alt}]({target})", line, "warning")
    if picture and article_id is not None:  # Obsidian shows that page inside this one
        seen += "; a page cannot be shown inside another, link to it instead"
        words = words or library.info(article_id).title
    words = words or target.split("#", 1)[0].strip().removesuffix(".md")
    if article_id is not None:
        return ContentProblem(path, f"{seen}; write [{words}]({article_id})", line, "warning")
    hint = _id_hint(library, target, file_ids)
    return ContentProblem(path, f"{seen}; write [{words}](its-id), with the id of the article it means"
                          + (f" ({hint})" if hint else ""), line, "warning")  # fmt: skip


def _id_named(library: Library, text: str, file_ids: dict[str, str]) -> str | None:
    """The id of the article whose id, file name, title or other name is ``text`` (in any
    case, with spaces for its dashes), or None."""
    found = article_target(text)
    if found is not None and found in library:
        return found
    if text.removesuffix(".md") in file_ids:
        return file_ids[text.removesuffix(".md")]
    folded = " ".join(text.replace("-", " ").replace("_", " ").casefold().split())
    for info in library:
        names = (info.id.replace("-", " "), info.title, *info.also_called)
        if any(" ".join(name.replace("-", " ").casefold().split()) == folded for name in names):
            return info.id
    return None


def _words_of(src: str) -> str:
    """Words for a picture from its file name: ``knee_x-ray.png`` -> "Knee x ray".

    >>> _words_of("knee_x-ray.png"), _words_of("pics/Knee photo.jpeg")
    ('Knee x ray', 'Knee photo')
    """
    stem = src.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = " ".join(stem.replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:] if words else "a few words on the picture"


def _id_hint(library: Library, text: str, file_ids: dict[str, str]) -> str:
    """ "did you mean 'x'?" for an id, a file name or a title that no article has."""
    if text in file_ids:
        return f"did you mean {file_ids[text]!r}? That is the id of {text}.md"
    return library.id_hint(text)


def _articles_per_folder(library: Library, folders: Sequence[Path]) -> dict[Path, dict[str, int]]:
    """How many of the articles shown come from each folder, by sub-folder ("" for the folder
    itself, else like "drafts/"); a file in two folders given (one inside the other) counts
    at the first, where it is read."""
    roots = [(folder, resolved(folder)) for folder in folders]
    counts: dict[Path, dict[str, int]] = {folder: {} for folder in folders}
    for info in library:
        file = library.file_of(info.id)
        if file is None:
            continue
        real = resolved(file)
        for folder, root in roots:
            if real.is_relative_to(root):
                below = real.parent.relative_to(root).as_posix()
                place = "" if below == "." else below + "/"
                counts[folder][place] = counts[folder].get(place, 0) + 1
                break
    return counts


def _same_titles(library: Library, folders: Sequence[Path]) -> list[ContentProblem]:
    """A warning for each article with the title of another (whatever its case): readers see
    two "Lupus" in the list. A clinic's page with the title of one of ours most likely
    meant to replace it, which takes the same id."""
    roots = []
    for folder in folders:
        try:
            roots.append(folder.resolve())
        except (OSError, RuntimeError):
            roots.append(folder.absolute())

    def place(article_id: str) -> tuple[int, str]:  # its folder's place in the order, its file
        file = library.file_of(article_id)
        if file is None:
            return len(roots), ""
        return next((n for n, root in enumerate(roots) if file.is_relative_to(root)), len(roots)), str(file)

    by_title: dict[tuple[str, str], list[str]] = {}
    for info in library:
        # A page in each language may share its title ("Lupus"): a bilingual clinic's.
        by_title.setdefault((" ".join(info.title.casefold().split()), language_code(info.language)),
                            []).append(info.id)  # fmt: skip
    problems = []
    for ids in by_title.values():
        if len(ids) < 2:
            continue
        first, *others = sorted(ids, key=place)
        shown = library.info(first).title
        for article_id in others:
            article = library.get(article_id)
            if place(first)[0] < place(article_id)[0]:
                how = "make its 'id:' line" if article.line_of("id") is not None else "add the line"
                todo = f"to show this page instead of that one, {how} 'id: {first}'"
            else:
                todo = "give one of them another title"
            problems.append(ContentProblem(
                article.path, f"{shown!r} is also the title of {library.file_of(first)} (id {first!r}), so "
                f"readers see two {shown!r} in the list: {todo}", article.line_of("title"), "warning"))  # fmt: skip
    return problems
