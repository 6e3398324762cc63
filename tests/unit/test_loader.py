"""content/loader.py: every limit of DESIGN.md's content format, refused naming the file.

A content editor reads these messages; each test checks the message names the file (and
the line where there is one) and that the rest of the library still loads.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

from healthreader import paths
from healthreader.content.frontmatter import describe_character
from healthreader.content.loader import MAX_FILE_BYTES, parse_article
from healthreader.content.validate import check_content
from healthreader.errors import ContentError
from helpers import OMIT, article_text, load, messages, write_article


def refused(path: Path) -> ContentError:
    """The ContentError that parsing ``path`` raises (fails the test if it parses)."""
    with pytest.raises(ContentError) as info:
        parse_article(path, {})
    assert info.value.path == path, f"the message must name the file: {info.value}"
    assert str(info.value).startswith(str(path))
    return info.value


# -- a valid file --------------------------------------------------------------------------


def test_a_valid_article_loads_with_its_front_matter(tmp_path: Path) -> None:
    path = write_article(
        tmp_path, "sun-rash", title="Sun rash", also_called=["PLE"], categories=["Skin"],
        related=["hives"], symptoms=["itching"], reviewed=datetime.date(2025, 2, 3),
        sources=[{"publisher": "NIH", "title": "Sun", "date": datetime.date(2020, 1, 2),
                  "url": "https://example.test/sun"}],
        body="## What is it?\n\nAn itchy **rash**.\n",
    )  # fmt: skip

    article, warnings = parse_article(path, {})

    assert warnings == []
    assert (article.id, article.title, article.also_called) == ("sun-rash", "Sun rash", ("PLE",))
    assert article.related == ("hives",)
    assert article.reviewed == datetime.date(2025, 2, 3)
    assert article.sources[0].url == "https://example.test/sun"
    assert article.sources[0].date == datetime.date(2020, 1, 2)
    assert article.language == "en"
    assert "<strong>rash</strong>" in article.body_html


def test_the_id_defaults_to_the_file_name(tmp_path: Path) -> None:
    path = write_article(tmp_path, None, title="Chilblains", file_name="chilblains.md")

    article, _ = parse_article(path, {})

    assert article.id == "chilblains"


def test_a_level_one_heading_is_a_warning_with_its_line_not_an_error(tmp_path: Path) -> None:
    path = write_article(tmp_path, "a", body="# Title again\n\nText.\n\nAnother\n=======\n\n    # code\n")

    article, warnings = parse_article(path, {})

    assert "<h2>Title again</h2>" in article.body_html and "<h2>Another</h2>" in article.body_html
    heading = "warning: body headings start at '##' (the title comes from the front matter)"
    assert messages(warnings, "warning")[:2] == [f"{path}:{line_of(path, '# Title again')}: {heading}",
                                                 f"{path}:{line_of(path, 'Another')}: {heading}"]  # fmt: skip


def test_text_that_starts_a_line_with_a_hash_is_named_as_shown_as_a_heading(tmp_path: Path) -> None:
    """This Markdown makes "#1 killer of women" a level-one heading (no space needed after
    the '#'): "body headings start at '##'", with no line, did not help."""
    path = write_article(tmp_path, "heart", body="## What is it?\n\nIn the US, heart disease is the\n"
                                                 "#1 killer of women. Most of it can be prevented.\n")  # fmt: skip

    article, warnings = parse_article(path, {})

    assert "<h2>1 killer of women. Most of it can be prevented.</h2>" in article.body_html
    assert messages(warnings, "warning") == [
        f"{path}:{line_of(path, '#1 killer')}: warning: this line starts with '#', so it is shown as a heading: "
        "if it is text, write '\\#' for that '#', or start the line with another word"]  # fmt: skip


# -- size limits ---------------------------------------------------------------------------


def test_a_file_over_1_mib_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    text = article_text("huge")
    path.write_text(text + "x" * (MAX_FILE_BYTES + 1 - len(text.encode())), encoding="utf-8")
    assert path.stat().st_size == MAX_FILE_BYTES + 1

    error = refused(path)

    assert error.reason == "the file is over 1 MiB"


def test_a_file_of_exactly_1_mib_passes_the_size_check(tmp_path: Path) -> None:
    # No front matter, so parsing stops right after the size check, without rendering.
    path = tmp_path / "exact.md"
    path.write_bytes(b"x" * MAX_FILE_BYTES)

    error = refused(path)

    assert "no front matter" in error.reason


def test_front_matter_over_8_kib_is_refused(tmp_path: Path) -> None:
    path = write_article(tmp_path, "long", symptoms=[f"symptom number {n}" for n in range(600)])

    error = refused(path)

    assert error.reason == "front matter is over 8 KiB"
    assert error.line == 1


# -- YAML ----------------------------------------------------------------------------------


def test_yaml_aliases_are_refused_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "alias.md"
    path.write_text(
        "---\ntitle: T\nsummary: &s Short.\nsources:\n  - publisher: P\n    title: *s\n"
        "reviewed: 2025-01-01\n---\nBody.\n",
        encoding="utf-8",
    )

    error = refused(path)

    assert "anchors and aliases" in error.reason
    assert error.line == 3  # the '&s' anchor, counting lines of the file from 1


def test_duplicate_keys_are_refused_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "dup.md"
    text = article_text("dup")
    path.write_text(text.replace("title: Dup\n", "title: Dup\ntitle: Again\n"), encoding="utf-8")

    error = refused(path)

    assert error.reason == "duplicate key 'title'"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[error.line - 1] == "title: Again"


def test_front_matter_nested_deeper_than_10_is_refused(tmp_path: Path) -> None:
    deep: object = "x"
    for _ in range(12):
        deep = [deep]
    path = write_article(tmp_path, "deep", categories=deep)

    error = refused(path)

    assert error.reason == "nesting deeper than 10 levels"
    assert error.line is not None


def test_front_matter_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text("---\n- title\n- summary\n---\nBody.\n", encoding="utf-8")

    assert "mapping" in refused(path).reason


# -- keys and values -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typo", "suggestion"),
    [("relatd", "related"), ("sumary", "summary"), ("categores", "categories"),
     ("also-called", "also_called"), ("reveiwed", "reviewed")],
)  # fmt: skip
def test_an_unknown_key_is_refused_with_a_did_you_mean(tmp_path: Path, typo: str, suggestion: str) -> None:
    path = write_article(tmp_path, "typo", **{typo: "x"})

    error = refused(path)

    assert error.reason == f"unknown key {typo!r} (did you mean {suggestion!r}?)"


def test_an_unknown_key_with_nothing_close_is_refused_without_a_guess(tmp_path: Path) -> None:
    path = write_article(tmp_path, "odd", colour="blue")

    assert refused(path).reason == "unknown key 'colour'"


def test_an_unknown_key_in_a_source_is_refused(tmp_path: Path) -> None:
    path = write_article(tmp_path, "src", sources=[{"publisher": "P", "title": "T", "link": "x"}])

    assert refused(path).reason == "source 1: unknown key 'link'"


@pytest.mark.parametrize("missing", ["title", "summary", "sources", "reviewed"])
def test_a_missing_required_key_is_refused_naming_the_key(tmp_path: Path, missing: str) -> None:
    path = write_article(tmp_path, "gap", **{missing: OMIT})

    assert refused(path).reason == f"missing required key {missing!r}"


@pytest.mark.parametrize("empty", ["title", "summary"])
def test_an_empty_required_field_says_it_is_empty_and_where(tmp_path: Path, empty: str) -> None:
    path = write_article(tmp_path, "gap", **{empty: ""})

    problem = refused(path)
    assert problem.reason == f"{empty!r} is empty: it is required"
    assert problem.line is not None and f"{empty}:" in path.read_text().splitlines()[problem.line - 1]


def test_an_id_taken_from_a_bad_file_name_says_so(tmp_path: Path) -> None:
    path = write_article(tmp_path, None, file_name="Sun Rash.md", title="Sun rash")

    assert refused(path).reason == ("the file name 'Sun Rash' is the article's id, and an id must use "
                                    "only lowercase letters, digits and '-': rename the file, or add an "
                                    "'id:' line")  # fmt: skip


@pytest.mark.parametrize(
    "fields",
    [{"title": ""}, {"sources": []}, {"title": ["a", "list"]}, {"summary": "   "}],
)
def test_an_empty_or_wrong_typed_required_value_is_refused(tmp_path: Path, fields: dict[str, object]) -> None:
    path = write_article(tmp_path, "empty", **fields)

    reason = refused(path).reason
    key = next(iter(fields))
    assert repr(key) in reason


def front_matter_file(folder: Path, *lines: str, body: str = "## What is it?\n\nText.\n") -> Path:
    """An article whose front matter is ``lines`` as typed (unquoted), then the usual keys
    that ``lines`` leaves out."""
    given = {line.split(":", 1)[0] for line in lines if not line.startswith((" ", "-"))}
    usual = {"title": "title: Gout", "summary": "summary: Sore joints.",
             "sources": "sources:\n  - publisher: P\n    title: T", "reviewed": "reviewed: 2025-01-15"}  # fmt: skip
    text = "\n".join(["---", *lines, *(v for k, v in usual.items() if k not in given), "---", body])
    path = folder / "gout.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("typed", "says"),
    [("title: 1918", """'title' must be text, but YAML reads 1918 as a number: put it in quotes, like this: title: "1918\""""),
     ("title: No", """'title' must be text, but YAML reads No as a yes/no value: put it in quotes, like this: title: "No\""""),
     ("summary: No", """'summary' must be text, but YAML reads No as a yes/no value: put it in quotes, like this: summary: "No\""""),
     ("language: no", """'language' must be text, but YAML reads no as a yes/no value: put it in quotes, like this: language: "no\""""),
     ("title: 2026-01-05", """'title' must be text, but YAML reads 2026-01-05 as a date: put it in quotes, like this: title: "2026-01-05\""""),
     ("also_called: [Gouty arthritis, Yes]", "'also_called' item 2 must be text, but YAML reads it as a yes/no value: put it in quotes"),
     ("symptoms: {pain: toe}", "'symptoms' must be a list of text, like [fever, rash], not a set of keys")],
    ids=["number", "no", "summary no", "language no", "date", "list item", "mapping"],
)  # fmt: skip
def test_a_value_yaml_reads_as_no_text_says_what_it_read_and_to_quote_it(tmp_path: Path, typed: str, says: str) -> None:
    """``title: No`` said "'title' must be non-empty text", which it looks like it is."""
    path = front_matter_file(tmp_path, typed)

    error = refused(path)

    assert error.reason == says
    assert error.line == 2


def test_a_comment_that_cuts_a_text_short_is_a_warning(tmp_path: Path) -> None:
    """``title: C# and F# #1 clinic`` silently became "C# and F#": YAML reads " #1 clinic" as a
    comment. A comment set apart, as README's example has them, is taken for one."""
    path = front_matter_file(tmp_path, "title: C# and F# #1 clinic", "summary: Sore joints.      # required",
                             "also_called:", "- Gouty arthritis # the old name", "- Podagra   #not shown")  # fmt: skip

    article, warnings = parse_article(path, {})

    assert (article.title, article.summary, article.also_called) == ("C# and F#", "Sore joints.",
                                                                      ("Gouty arthritis", "Podagra"))  # fmt: skip
    assert messages(warnings, "warning") == [
        f"{path}:2: warning: 'title' reads 'C# and F#': YAML takes '#1 clinic' for a comment (a note to "
        'editors); if it is part of the text, put the whole text in quotes: "C# and F# #1 clinic"',
        f"{path}:5: warning: 'also_called' item 1 reads 'Gouty arthritis': YAML takes '# the old name' for a "
        'comment (a note to editors); if it is part of the text, put the whole text in quotes: '
        '"Gouty arthritis # the old name"',
        f"{path}:6: warning: 'also_called' item 2 reads 'Podagra': YAML takes '#not shown' for a comment (a "
        'note to editors); if it is part of the text, put the whole text in quotes: "Podagra   #not shown"',
    ]  # fmt: skip


def test_every_mistake_of_the_front_matter_is_reported_at_once(tmp_path: Path) -> None:
    """Two bad dates (one of them no date at all, 30 February) and more: only the first was
    named, so an editor fixed one and ran check again for the next."""
    path = front_matter_file(tmp_path, "title: No", "summary: Sore joints.", "sources:", "  - publisher: P",
                             "    title: T", "    date: 2026-02-30", "  - publisher: Q", "reviewed: 21/11/2026",
                             "colour: red", body="## What is it?\n\n<b>Gout</b>\n")  # fmt: skip
    [article] = [write_article(tmp_path, "fine", categories=["Joints"])]

    report = check_content([tmp_path], None, reading_level=False)

    assert messages(report.problems) == [
        f"{path}:2: error: 'title' must be text, but YAML reads No as a yes/no value: put it in quotes, like "
        'this: title: "No"',
        f"{path}:7: error: source 1: 'date' '2026-02-30' is not a valid date",
        f"{path}:8: error: source 2: 'title' is required",
        f"{path}:9: error: 'reviewed' must be a date like 2026-11-21, not '21/11/2026'",
        f"{path}:10: error: unknown key 'colour'",
        f"{path}:14: error: raw HTML is not allowed in the body",
    ]  # fmt: skip
    assert report.library.file_of("fine") == article and "gout" not in report.library


def test_a_mistyped_required_key_is_not_also_called_missing(tmp_path: Path) -> None:
    path = front_matter_file(tmp_path, "sumary: Sore joints.", "reviewd: 2025-01-15", "sources:", "  - publisher: P",
                             "    title: T")  # fmt: skip
    path.write_text(path.read_text("utf-8").replace("title: Gout\n", ""), encoding="utf-8")

    assert messages(check_content([tmp_path], None, reading_level=False).problems) == [
        f"{path}:2: error: unknown key 'sumary' (did you mean 'summary'?), 'reviewd' (did you mean 'reviewed'?)",
        f"{path}:9: error: missing required key 'title'",
    ]


def test_missing_keys_are_named_together_at_the_closing_line_where_they_would_go(tmp_path: Path) -> None:
    path = front_matter_file(tmp_path, "title: Gout", "summary: Sore joints.", "sources: []", "reviewed: x")
    path.write_text(path.read_text("utf-8").replace("sources: []\nreviewed: x\n", ""), encoding="utf-8")

    error = refused(path)
    assert (error.line, error.reason) == (4, "missing required keys 'sources', 'reviewed'")


def test_markdown_or_html_in_the_summary_is_a_warning(tmp_path: Path) -> None:
    """The summary box shows the text as written: patients read "**2 tablets**"."""
    path = front_matter_file(tmp_path, "summary: >-", "  Take **2 tablets** <b>daily</b>,", "  see [lupus](lupus).")
    plain = write_article(tmp_path, "plain", summary="Take 2 * 3 tablets of snake_oil, if a < b or C++.")

    article, warnings = parse_article(path, {})

    assert article.summary == "Take **2 tablets** <b>daily</b>, see [lupus](lupus)."
    assert messages(warnings, "warning") == [
        f"{path}:2: warning: 'summary' is plain text, so readers see '**2 tablets**', '<b>', '</b>', "
        "'[lupus](lupus)' as it is written: remove the marks (Markdown and HTML work in the body only)"]  # fmt: skip
    assert parse_article(plain, {})[1] == []


@pytest.mark.parametrize(
    "source",
    [{"title": "No publisher"}, {"publisher": "No title"}, "just text"],
)
def test_a_source_without_publisher_or_title_is_refused(tmp_path: Path, source: object) -> None:
    path = write_article(tmp_path, "src", sources=[source])

    assert refused(path).reason.startswith("source 1")


@pytest.mark.parametrize(
    "bad_id",
    ["Lupus", "lupus_2", "lupus 2", "lüpus", "../lupus", "lupus.md", "", "LUPUS"],
)
def test_an_id_outside_a_z_0_9_dash_is_refused(tmp_path: Path, bad_id: str) -> None:
    path = write_article(tmp_path, bad_id, file_name="bad.md")

    error = refused(path)

    assert "must use only lowercase letters, digits and '-'" in error.reason
    assert repr(bad_id) in error.reason


def test_a_number_as_id_is_refused(tmp_path: Path) -> None:
    path = write_article(tmp_path, None, file_name="n.md", id=123)

    assert "123" in refused(path).reason


@pytest.mark.parametrize(("typed", "reason"), [
    ("id:", "'id' is empty: give the article's id, or leave the line out (the id is then the file's name)"),
    ("id: yes", 'id must be text, but YAML reads yes as a yes/no value: put it in quotes, like this: id: "yes"'),
    ("id: 2024", 'id must be text, but YAML reads 2024 as a number: put it in quotes, like this: id: "2024"'),
])  # fmt: skip
def test_an_id_yaml_reads_as_no_text_is_named_as_typed(tmp_path: Path, typed: str, reason: str) -> None:
    """The messages were in Python's words: "id None", "id True", and "id 2024 must use
    only lowercase letters, digits and '-'" of an id that is all digits."""
    path = tmp_path / "page.md"
    path.write_text(article_text(None).replace("---\n", f"---\n{typed}\n", 1), encoding="utf-8")

    error = refused(path)

    assert str(error) == f"{path}:2: {reason}"


def test_a_file_name_that_is_no_valid_id_is_refused_when_there_is_no_id_key(tmp_path: Path) -> None:
    path = write_article(tmp_path, None, file_name="Sun Rash.md")

    assert "'Sun Rash'" in refused(path).reason


def test_a_related_entry_that_is_no_id_is_refused(tmp_path: Path) -> None:
    path = write_article(tmp_path, "a", related=["Sun rash"])

    assert refused(path).reason == "'related': 'Sun rash' is not an article id"


@pytest.mark.parametrize(
    ("value", "shown"),
    [("yesterday", "'yesterday'"), ("'2025-02-30'", "2025-02-30"), ("2025-02-30", "2025-02-30"),
     ("20250115", "20250115"), ("15/01/2025", "15/01/2025")],
)  # fmt: skip
def test_a_bad_reviewed_date_is_refused(tmp_path: Path, value: str, shown: str) -> None:
    path = tmp_path / "dated.md"
    # Written as an editor types it: unquoted unless the value has quotes.
    path.write_text(article_text("dated").replace("reviewed: 2025-01-15", f"reviewed: {value}"), "utf-8")
    assert f"reviewed: {value}\n" in path.read_text("utf-8")

    error = refused(path)

    assert shown in error.reason


def test_an_invalid_unquoted_date_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "date.md"
    path.write_text(article_text("date").replace("2025-01-15", "2025-13-15"), encoding="utf-8")

    error = refused(path)

    assert path.read_text("utf-8").splitlines()[error.line - 1] == "reviewed: 2025-13-15"


@pytest.mark.parametrize(
    ("value", "shown"),
    [("soon", "'soon'"), ("0", "0"), ("false", "False"), ('""', "''"), ("[]", "[]"), ("2020", "2020")],
)
def test_a_source_date_that_is_no_date_is_refused_naming_its_line(tmp_path: Path, value: str, shown: str) -> None:
    path = tmp_path / "s.md"
    text = article_text("s", sources=[{"publisher": "P", "title": "T", "date": datetime.date(2020, 1, 2)}])
    path.write_text(text.replace("  date: 2020-01-02\n", f"  date: {value}\n"), encoding="utf-8")

    error = refused(path)

    assert error.reason == f"source 1: 'date' must be a date like 2026-11-21, not {shown}"
    assert path.read_text("utf-8").splitlines()[error.line - 1] == f"  date: {value}"


def test_a_source_date_left_empty_means_no_date_but_0_is_no_date(tmp_path: Path) -> None:
    path = tmp_path / "s.md"
    text = article_text("s", sources=[{"publisher": "P", "title": "T", "date": datetime.date(2020, 1, 2)}])
    path.write_text(text.replace("  date: 2020-01-02\n", "  date:\n"), encoding="utf-8")
    assert parse_article(path, {})[0].sources[0].date is None

    path.write_text(text.replace("  date: 2020-01-02\n", "  date: 0\n"), encoding="utf-8")
    assert refused(path).reason == "source 1: 'date' must be a date like 2026-11-21, not 0"


# -- control characters in the front matter ----------------------------------------------------

INVISIBLE = ", an invisible character"


def line_of(path: Path, start: str) -> int:
    """The number of the first line of ``path`` that starts with ``start``."""
    lines = path.read_text("utf-8").split("\n")  # as an editor counts: U+2028 ends no line
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


@pytest.mark.parametrize(
    ("typed", "name"),
    [('"Sun\\Lrash"', "a line separator (U+2028)" + INVISIBLE),
     ('"Sun\\u2029rash"', "a paragraph separator (U+2029)" + INVISIBLE),
     ('"Sun\\erash"', "a control character (U+001B)" + INVISIBLE),
     ('"Sun\\x9frash"', "a control character (U+009F)" + INVISIBLE),
     ('"Sun\\trash"', "a tab (U+0009)"),
     ("|\n  Sun\n  rash", "a line break (U+000A)")],
)  # fmt: skip
def test_a_control_character_in_the_title_is_refused_naming_line_and_field(tmp_path: Path, typed: str, name: str) -> None:
    path = tmp_path / "sun.md"
    path.write_text(article_text("sun").replace("title: Sun\n", f"title: {typed}\n"), encoding="utf-8")

    error = refused(path)

    assert str(error) == f"{path}:{line_of(path, 'title:')}: 'title' contains {name}: it must be one line of plain text"


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x07", "\x85", "\x7f"])
def test_a_control_character_typed_into_the_front_matter_is_refused_naming_line_and_field(
        tmp_path: Path, char: str) -> None:  # fmt: skip
    path = tmp_path / "sun.md"
    path.write_text(article_text("sun").replace("title: Sun\n", f"title: Sun{char}rash\n"), encoding="utf-8")

    error = refused(path)

    assert str(error) == (f"{path}:{line_of(path, 'title:')}: 'title' contains {describe_character(char)}: "
                          "the front matter must be plain text")  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "start", "message"),
    [({"also_called": ["Sun allergy", "PLE\x1brash"]}, '- "PLE', "'also_called' item 2 contains a control character"),
     ({"also_called": ["Sun allergy", "PLE\u2028rash"]}, "- 'PLE", "'also_called' contains a line separator"),
     ({"categories": "Skin\x80and hair"}, "categories:", "'categories' contains a control character"),
     ({"symptoms": ["itch\x1bing"]}, '- "itch', "'symptoms' item 1 contains a control character"),
     ({"language": "e\x80n"}, "language:", "'language' contains a control character"),
     ({"sources": [{"publisher": "P\x9fQ", "title": "T"}]}, "- publisher:", "source 1: 'publisher' contains a control"),
     ({"sources": [{"publisher": "P", "title": "T\x1b"}]}, "  title:", "source 1: 'title' contains a control"),
     ({"sources": [{"publisher": "P", "title": "T", "url": "https://x.test/\x1ba"}]}, "  url:",
      "source 1: 'url' contains a control character"),
     ({"summary": "One paragraph.\u2029Another."}, "summary:", "'summary' contains a paragraph separator")],
)  # fmt: skip
def test_a_control_character_in_any_text_field_is_refused(
        tmp_path: Path, fields: dict[str, object], start: str, message: str) -> None:  # fmt: skip
    path = write_article(tmp_path, "sun", **fields)

    error = refused(path)

    assert error.reason.startswith(message)
    assert error.line == line_of(path, start)


def test_a_summary_may_be_written_over_several_lines_but_holds_no_control_character(tmp_path: Path) -> None:
    path = write_article(tmp_path, "sun", summary="A rash\nafter sun.\tItchy.\n")
    assert parse_article(path, {})[0].summary == "A rash after sun. Itchy."

    path = write_article(tmp_path, "sun", summary="A rash\nafter sun.\x1b")
    error = refused(path)

    assert error.reason == ("'summary' contains a control character (U+001B), an invisible character: "
                            "it must be plain text")  # fmt: skip
    assert error.line == line_of(path, "summary:")


def test_check_names_the_file_line_and_field_of_a_line_separator(tmp_path: Path) -> None:
    path = write_article(tmp_path, "sun", title="Sun", categories=["Skin"])
    path.write_text(path.read_text("utf-8").replace("title: Sun\n", "title: Sun\u2028rash\n"), "utf-8")
    write_article(tmp_path, "hives", title="Hives", categories=["Skin"])

    library = load([tmp_path])

    assert messages(library.problems) == [
        f"{path}:{line_of(path, 'title:')}: error: 'title' contains a line separator (U+2028), an invisible "
        "character: the front matter must be plain text"]  # fmt: skip
    assert list(library.infos) == ["hives"]


# -- the body ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<table><tr><td>x</td></tr></table>",
        '<img src="file:///dev/zero">',
        "<script>alert(1)</script>",
        "</div>",
        '<a href="file:///etc/passwd">x</a>',
        "<br/>",
        "<?php echo 1; ?>",
        "<!DOCTYPE html>",
    ],
)
def test_raw_html_in_the_body_is_refused_with_its_line_in_the_file(tmp_path: Path, html: str) -> None:
    path = write_article(tmp_path, "raw", body=f"## What is it?\n\nSome text.\n\nMore {html} here.\n")

    error = refused(path)

    assert error.reason == "raw HTML is not allowed in the body"
    assert html in path.read_text("utf-8").splitlines()[error.line - 1]


def test_a_comment_to_editors_is_dropped_never_shown_nor_searched(tmp_path: Path) -> None:
    """A comment counted as raw HTML, and the whole article disappeared."""
    body = ("## What is it?\n\nText. <!-- check with Dr Smith -->\n\n<!-- editor note:\nreview in May -->\n\n"
            "    An indented line.\n\nIn code: `<!-- kept -->`.\n")  # fmt: skip
    path = write_article(tmp_path, "noted", body=body)

    article, warnings = parse_article(path, {})

    assert "Smith" not in article.body_html and "May" not in article.body_html
    assert "<p>Text. </p>" in article.body_html
    assert "<code>&lt;!-- kept --&gt;</code>" in article.body_html
    # What search and the reading level read has no notes either; every line keeps its number.
    assert "Smith" not in article.body and "May" not in article.body
    assert messages(warnings, "warning") == [
        f"{path}:{line_of(path, '    An indented line.')}: warning: indented by 4 spaces or a tab, so it is "
        "shown as code: as typed, in a typewriter font; remove the indent if it is text"]  # fmt: skip


def test_a_comment_left_open_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write_article(tmp_path, "open", body="## What is it?\n\nText.\n\n<!-- editor note\n\nMore text.\n")

    error = refused(path)

    assert error.reason == "a comment ('<!-- …') is not closed: end it with '-->'"
    assert error.line == line_of(path, "<!-- editor note")


def test_angle_brackets_that_are_not_html_are_fine(tmp_path: Path) -> None:
    body = (
        "## Numbers\n\nA count < 150 or > 400 matters.\n\n`<b>` in code is fine.\n\n"
        "An autolink <https://example.test> becomes text. Fish &amp; chips.\n"
    )
    path = write_article(tmp_path, "ok", body=body)

    article, _ = parse_article(path, {})

    assert "A count &lt; 150 or &gt; 400 matters." in article.body_html
    assert "<code>&lt;b&gt;</code>" in article.body_html
    assert '<span class="external">https://example.test</span>' in article.body_html
    assert "Fish &amp; chips" in article.body_html


@pytest.mark.parametrize(
    "body",
    [
        # A fence closed by another fence is no fence for Markdown: the table is HTML.
        "Intro.\n\n```\n<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>\n````\n",
        "Intro.\n\n~~~\n<table><tr><td>x</td></tr></table>\n~~~~\n",
        # An escaped backtick opens no code span.
        "Intro.\n\nText \\`<table><tr><td>x</td></tr></table>` more.\n",
    ],
)
def test_raw_html_that_only_looks_like_code_is_refused(tmp_path: Path, body: str) -> None:
    path = write_article(tmp_path, "sneaky", body=body)

    error = refused(path)

    assert error.reason == "raw HTML is not allowed in the body"
    assert "<table>" in path.read_text("utf-8").splitlines()[error.line - 1]


def test_html_in_a_fenced_block_is_shown_as_typed(tmp_path: Path) -> None:
    path = write_article(tmp_path, "fenced", body="Intro.\n\n```\n<table><tr><td>x</td></tr></table>\n```\n")

    article, _ = parse_article(path, {})

    assert "<pre><code>&lt;table&gt;&lt;tr&gt;&lt;td&gt;x&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</code></pre>" in article.body_html
    assert "<table>" not in article.body_html


def test_lists_nested_deeper_than_10_are_refused(tmp_path: Path) -> None:
    body = "".join("    " * level + "- item\n" for level in range(12))
    path = write_article(tmp_path, "nested", body=body)

    assert "nested deeper than 10" in refused(path).reason


def test_quotes_nested_deeper_than_10_are_refused(tmp_path: Path) -> None:
    path = write_article(tmp_path, "quotes", body=">" * 11 + " deep\n")

    assert "nested deeper than 10" in refused(path).reason


def test_a_body_of_thousands_of_brackets_is_refused_quickly(tmp_path: Path) -> None:
    # Python-Markdown needs minutes for 100 KB of '[' (its time grows with their square).
    path = write_article(tmp_path, "brackets", body="[" * 100_000 + "\n")

    error = refused(path)  # before the fix: Markdown ran for minutes here

    assert "more than 2,000 '[' characters" in error.reason
    assert error.path == path


def test_an_unclosed_front_matter_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "open.md"
    path.write_text("---\n" + "\n" * 200_000, encoding="utf-8")

    error = refused(path)  # before the fix: minutes, summing the lines again for each line

    assert "front matter is not closed" in error.reason


def test_ten_nested_lists_are_accepted(tmp_path: Path) -> None:
    body = "".join("    " * level + "- item\n" for level in range(10))
    path = write_article(tmp_path, "ten", body=body)

    article, _ = parse_article(path, {})

    assert article.body_html.count("<ul>") == 10


def test_thousands_of_nested_emphasis_marks_are_a_content_error_not_a_crash(tmp_path: Path) -> None:
    path = write_article(tmp_path, "stars", body="*" * 5000 + "x" + "*" * 5000 + "\n")

    assert "nested too deeply" in refused(path).reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"---\ntitle: \xff\xfe\n---\n", "not UTF-8"), (b"---\ntitle: a\x00b\n---\n", "NUL")],
)
def test_binary_content_is_refused(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bin.md"
    path.write_bytes(data)

    assert reason in refused(path).reason


def test_a_file_in_a_windows_encoding_names_the_line_and_says_what_to_do(tmp_path: Path) -> None:
    text = article_text("cafe", body="## What is it?\n\nA visit to the caf\u00e9 \u201cnext door\u201d.\n")
    path = tmp_path / "cafe.md"
    path.write_bytes(text.encode("cp1252"))

    error = refused(path)

    assert error.line == text.splitlines().index("A visit to the caf\u00e9 \u201cnext door\u201d.") + 1
    assert error.reason.startswith("not UTF-8 text (byte 0xe9") and error.reason.endswith("save the file as UTF-8")


def test_a_file_saved_as_utf16_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "wide.md"
    path.write_bytes(article_text("wide").encode("utf-16"))

    assert refused(path).reason == 'saved as UTF-16 (Notepad calls it "Unicode"): save it as UTF-8'


def test_a_windows_file_with_a_byte_order_mark_and_crlf_lines_loads(tmp_path: Path) -> None:
    path = tmp_path / "notepad.md"
    path.write_bytes(b"\xef\xbb\xbf" + article_text("notepad", title="Notepad").replace("\n", "\r\n").encode())

    article, problems = parse_article(path, {})

    assert article.title == "Notepad" and problems == []


def test_a_glossary_saved_by_notepad_keeps_its_first_term(tmp_path: Path) -> None:
    from healthreader.content.glossary import load_glossary

    path = tmp_path / "glossary.yaml"
    path.write_bytes(b"\xef\xbb\xbfanemia: Too few red cells.\r\nspleen: An organ.\r\n")

    assert load_glossary(path) == {"anemia": "Too few red cells.", "spleen": "An organ."}
    path.write_bytes("anemia: Too few red cells.\ncaf\u00e9: A place.\n".encode("cp1252"))
    with pytest.raises(ContentError) as caught:
        load_glossary(path)
    assert caught.value.line == 2 and caught.value.reason.endswith("save the file as UTF-8")


# -- folders: ids, symlinks, broken files, overlays ------------------------------------------


def test_a_broken_file_is_reported_and_the_others_load(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    write_article(folder, "alpha", title="Alpha")
    write_article(folder, "gamma", title="Gamma")
    broken = write_article(folder, "beta", title="Beta", relatd=["alpha"])

    library = load([folder])

    assert sorted(library.infos) == ["alpha", "gamma"]
    assert messages(library.problems) == [
        f"{broken}:9: error: unknown key 'relatd' (did you mean 'related'?)"
    ]
    assert library.get("gamma").title == "Gamma"


def test_duplicate_ids_in_one_folder_keep_the_first_file_and_report_the_second(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    first = write_article(folder, "lupus", title="Lupus", file_name="a-lupus.md")
    second = write_article(folder, "lupus", title="Lupus again", file_name="b-lupus.md")

    library = load([folder])

    assert library.info("lupus").title == "Lupus"
    [problem] = messages(library.problems)
    assert problem.startswith(f"{second}:{line_of(second, 'id:')}: error: duplicate id 'lupus'")
    assert str(first) in problem


def test_of_two_files_with_one_id_the_one_named_for_it_wins_though_it_sorts_last(tmp_path: Path) -> None:
    # cp vasculitis.md vasculitis-copy.md, then a new title in the copy: "-" sorts before ".".
    folder = tmp_path / "lib"
    named = write_article(folder, "vasculitis", title="Vasculitis")
    copy = write_article(folder, "vasculitis", title="Vasculitis (draft)", file_name="vasculitis-copy.md")
    assert sorted(folder.iterdir()) == [copy, named]

    library = load([folder])

    assert library.info("vasculitis").title == "Vasculitis"
    assert library.get("vasculitis").path == named
    assert messages(library.problems) == [
        f"{copy}:{line_of(copy, 'id:')}: error: duplicate id 'vasculitis': {named} has it too, and is named for it; "
        "this file is skipped"
    ]


def test_a_file_named_for_the_id_wins_with_no_id_line_and_in_a_subfolder(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    named = write_article(folder / "sub", None, title="Gout", file_name="gout.md")
    write_article(folder, "gout", title="Gout, old copy", file_name="a-gout.md")
    write_article(folder, "gout", title="Gout, other copy", file_name="z-gout.md")

    library = load([folder])

    assert library.info("gout").title == "Gout"
    assert [m.split(": error: ")[1] for m in messages(library.problems)] == [
        f"duplicate id 'gout': {named} has it too, and is named for it; this file is skipped"
    ] * 2


def test_a_symlink_to_a_file_outside_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    write_article(folder, "alpha", title="Alpha")
    outside = write_article(tmp_path / "elsewhere", "secret", title="Secret outside")
    link = folder / "secret.md"
    link.symlink_to(outside)

    library = load([folder])

    assert sorted(library.infos) == ["alpha"]
    assert messages(library.problems) == [
        f"{link}: error: the file resolves outside its content folder"
    ]


def test_a_symlink_that_climbs_out_with_dotdot_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    sub = folder / "sub"
    sub.mkdir(parents=True)
    write_article(tmp_path, "secret", title="Secret outside")
    link = sub / "escape.md"
    link.symlink_to(Path("..") / ".." / "secret.md")

    library = load([folder])

    assert "secret" not in library
    assert messages(library.problems) == [
        f"{link}: error: the file resolves outside its content folder"
    ]


def test_a_symlinked_folder_pointing_outside_is_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    write_article(folder, "alpha", title="Alpha")
    write_article(tmp_path / "elsewhere", "secret", title="Secret outside")
    (folder / "more").symlink_to(tmp_path / "elsewhere", target_is_directory=True)

    library = load([folder])

    assert sorted(library.infos) == ["alpha"]


def test_a_symlink_inside_the_folder_is_allowed(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    target = write_article(folder / "real", "alpha", title="Alpha")
    os.symlink(target, folder / "alias.md")

    library = load([folder])

    assert library.info("alpha").title == "Alpha"
    # Both names resolve inside the folder: neither is refused as outside; they carry the
    # same id, so the second is reported as a duplicate.
    found = messages(library.problems)
    assert not any("outside" in m for m in found)
    assert len(found) == 1 and "duplicate id 'alpha'" in found[0]


def test_a_missing_content_folder_is_reported(tmp_path: Path) -> None:
    library = load([tmp_path / "nowhere"])

    assert len(library) == 0
    [problem] = messages(library.problems)
    assert str(tmp_path / "nowhere") in problem


def test_a_later_folder_replaces_a_bundled_article_with_the_same_id(tmp_path: Path) -> None:
    bundled = paths.bundled_articles_dir()
    bundled_lupus = load([bundled]).info("lupus")
    overlay = tmp_path / "clinic"
    write_article(overlay, "lupus", title="Lupus (Riverside clinic)",
                  body="## Our clinic\n\nCall the Riverside lupus nurse line.\n")  # fmt: skip

    library = load([bundled, overlay])

    assert library.info("lupus").title == "Lupus (Riverside clinic)"
    assert "Riverside lupus nurse line" in library.get("lupus").body_html
    assert library.file_of("lupus") == overlay / "lupus.md"
    assert len(library) == len(load([bundled]))  # replaced, not added
    assert bundled_lupus.title == "Lupus"
    assert messages(library.problems) == []


def test_folder_order_decides_which_same_id_wins(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    write_article(one, "alpha", title="From one")
    write_article(two, "alpha", title="From two")

    assert load([one, two]).info("alpha").title == "From two"
    assert load([two, one]).info("alpha").title == "From one"
