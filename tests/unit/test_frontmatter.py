"""content/frontmatter.py: splitting a file and the strict YAML loader (no Qt)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from healthreader.content.frontmatter import (
    MAX_DEPTH,
    MAX_FRONT_MATTER,
    load_strict_yaml,
    split_front_matter,
)
from healthreader.errors import ContentError

FILE = Path("articles/lupus.md")


def test_split_returns_yaml_body_and_the_line_where_the_body_starts() -> None:
    text = "---\ntitle: Lupus\nsummary: S\n---\n## What is it?\nText.\n"

    yaml_text, body, body_line = split_front_matter(text, FILE)

    assert yaml_text == "title: Lupus\nsummary: S\n"
    assert body == "## What is it?\nText.\n"
    assert text.splitlines()[body_line - 1] == "## What is it?"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("title: Lupus\n", "no front matter"),
        ("", "no front matter"),
        ("---\ntitle: Lupus\n## never closed\n", "not closed"),
    ],
)
def test_split_refuses_a_file_without_proper_front_matter(text: str, reason: str) -> None:
    with pytest.raises(ContentError) as info:
        split_front_matter(text, FILE)

    assert reason in str(info.value)
    assert str(info.value).startswith(f"{FILE}:1: ")


def test_front_matter_up_to_8_kib_is_accepted_and_one_byte_more_is_refused() -> None:
    key = "summary: "
    exact = key + "x" * (MAX_FRONT_MATTER - len(key) - 1) + "\n"
    assert len(exact.encode()) == MAX_FRONT_MATTER

    yaml_text, _, _ = split_front_matter(f"---\n{exact}---\nbody\n", FILE)
    assert yaml_text == exact

    over = key + "x" * (MAX_FRONT_MATTER - len(key)) + "\n"
    with pytest.raises(ContentError) as info:
        split_front_matter(f"---\n{over}---\nbody\n", FILE)
    assert str(info.value) == f"{FILE}:1: front matter is over 8 KiB"


def test_front_matter_limit_counts_bytes_not_characters() -> None:
    # 3000 three-byte characters: 9000 bytes but only 3000 characters.
    yaml_text = "summary: " + "€" * 3000 + "\n"
    with pytest.raises(ContentError, match="over 8 KiB"):
        split_front_matter(f"---\n{yaml_text}---\nbody\n", FILE)


def test_strict_yaml_reads_plain_values_and_dates() -> None:
    data = load_strict_yaml("title: Lupus\nreviewed: 2025-01-15\nrelated: [a, b]\n", FILE)

    assert data == {"title": "Lupus", "reviewed": datetime.date(2025, 1, 15), "related": ["a", "b"]}


@pytest.mark.parametrize(
    ("yaml_text", "line"),
    [
        ("title: T\nbase: &b {x: 1}\nother: *b\n", 3),  # anchor on line 2 of the YAML
        ("title: T\nlist: &l [1, 2]\n", 3),
        ("a: &x [1]\nb: [*x, *x, *x, *x]\n", 2),
    ],
)
def test_anchors_and_aliases_are_refused_with_the_line(yaml_text: str, line: int) -> None:
    with pytest.raises(ContentError) as info:
        load_strict_yaml(yaml_text, FILE, first_line=2)

    assert "anchors and aliases" in info.value.reason
    assert info.value.path == FILE
    assert info.value.line == line
    assert str(info.value).startswith(f"{FILE}:{line}: ")


def test_an_alias_bomb_is_refused_quickly_not_expanded() -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for n, prev in zip("bcdefghi", "abcdefgh", strict=True):
        bomb += f"{n}: &{n} [{', '.join(['*' + prev] * 9)}]\n"

    with pytest.raises(ContentError, match="anchors and aliases"):
        load_strict_yaml(bomb, FILE)


def test_duplicate_keys_are_refused_naming_the_key_and_its_line() -> None:
    with pytest.raises(ContentError) as info:
        load_strict_yaml("title: A\nsummary: S\ntitle: B\n", FILE, first_line=2)

    assert info.value.reason == "duplicate key 'title'"
    assert info.value.line == 4  # the second 'title', counting the '---' line as 1


def test_duplicate_keys_inside_a_nested_mapping_are_refused() -> None:
    text = "sources:\n  - publisher: P\n    title: T\n    publisher: Q\n"
    with pytest.raises(ContentError, match="duplicate key 'publisher'"):
        load_strict_yaml(text, FILE)


def _nested(levels: int) -> str:
    """``key: [[...x...]]`` with ``levels`` YAML nodes on the deepest path.

    A level is any node: the top mapping is 1, ``x`` is the last.
    """
    brackets = levels - 2
    return "key: " + "[" * brackets + "x" + "]" * brackets + "\n"


def test_nesting_up_to_the_limit_is_accepted() -> None:
    data = load_strict_yaml(_nested(MAX_DEPTH), FILE)

    value = data["key"]
    for _ in range(MAX_DEPTH - 3):
        value = value[0]
    assert value == ["x"]


def test_nesting_deeper_than_10_is_refused() -> None:
    with pytest.raises(ContentError) as info:
        load_strict_yaml(_nested(MAX_DEPTH + 1), FILE, first_line=2)

    assert info.value.reason == "nesting deeper than 10 levels"
    assert info.value.line == 2


def test_absurd_nesting_is_a_content_error_not_a_crash() -> None:
    with pytest.raises(ContentError):
        load_strict_yaml("k: " + "[" * 5000 + "]" * 5000 + "\n", FILE)


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13-01", "2025-01-15 25:00:00"])
def test_a_date_shaped_value_that_is_no_date_is_a_content_error(value: str) -> None:
    with pytest.raises(ContentError) as info:
        load_strict_yaml(f"title: T\nreviewed: {value}\n", FILE, first_line=2)

    assert value in str(info.value)
    assert info.value.line == 3


@pytest.mark.parametrize(
    ("yaml_text", "line", "reason"),
    [("title: T\nreviewed: " + "9" * 5000 + "\n", 3, "a number of 5000 digits is too long to read"),
     ("sources:\n- publisher: P\n  date: -" + "1_0" * 2200 + "\n", 4, "a number of 4400 digits is too long to read"),
     ("title: !!float many\n", 2, "a value that cannot be read: could not convert string to float: 'many'")],
    ids=["5000-digits", "nested-with-underscores", "float-tag"],
)  # fmt: skip
def test_a_value_python_cannot_convert_is_a_content_error_with_its_line(
    yaml_text: str, line: int, reason: str
) -> None:
    with pytest.raises(ContentError) as info:
        load_strict_yaml(yaml_text, FILE, first_line=2)

    assert (info.value.path, info.value.line, info.value.reason) == (FILE, line, reason)


def test_broken_yaml_names_the_file_and_line() -> None:
    with pytest.raises(ContentError) as info:
        load_strict_yaml("title: T\nsummary: [unclosed\nreviewed: 2025-01-01\n", FILE, first_line=2)

    assert info.value.path == FILE
    assert info.value.line == 3  # where the '[' is, not the next line where YAML gave up
    assert "YAML error" in info.value.reason


def test_a_mapping_as_key_is_refused() -> None:
    with pytest.raises(ContentError, match="plain text"):
        load_strict_yaml("? [a, b]\n: value\n? [a, b]\n: again\n", FILE)
