"""content/pictures.py: the one rule for which picture files an article may show or print."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from healthreader.content.pictures import MAX_PICTURE_BYTES, picture_file, picture_problem


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    articles = tmp_path / "articles"
    (articles / "pics").mkdir(parents=True)
    (articles / "knee.png").write_bytes(b"png")
    (articles / "pics" / "two words.png").write_bytes(b"png")
    (tmp_path / "secret.png").write_bytes(b"secret")
    return articles


@pytest.mark.parametrize("src", ["knee.png", "./knee.png", "pics/two words.png", "pics/two%20words.png",
                                 "knee.png#frag", "pics/../knee.png"])  # fmt: skip
def test_a_file_inside_the_article_folder_is_allowed(folder: Path, src: str) -> None:
    found = picture_file(folder, src)
    assert found is not None and found.is_file() and found.is_relative_to(folder.resolve())


@pytest.mark.parametrize("src", ["../secret.png", "pics/../../secret.png", "/etc/passwd", "file:///etc/passwd",
                                 "http://example.org/x.png", "data:image/png;base64,AAAA", "missing.png",
                                 "pics", "", "C:/x.png", "\\\\server\\share\\x.png"])  # fmt: skip
def test_anything_else_is_refused(folder: Path, src: str) -> None:
    assert picture_file(folder, src) is None


def test_a_link_that_leads_out_of_the_folder_is_refused(folder: Path) -> None:
    os.symlink(folder.parent / "secret.png", folder / "innocent.png")
    assert picture_file(folder, "innocent.png") is None


def test_a_picture_over_the_size_limit_is_refused(folder: Path) -> None:
    big = folder / "big.png"
    with big.open("wb") as fh:
        fh.truncate(MAX_PICTURE_BYTES + 1)
    assert picture_file(folder, "big.png") is None


def test_no_folder_means_no_pictures() -> None:
    assert picture_file(None, "knee.png") is None


@pytest.mark.parametrize(("src", "reason"), [
    ("knee.png", None), ("pics/two%20words.png", None),
    ("missing.png", "not found"), ("pics/missing.png", "not found"),
    ("../secret.png", "is outside the article's folder"),
    ("pics/../../secret.png", "is outside the article's folder"),
    ("/etc/passwd", "is outside the article's folder"),
    ("%2Fetc%2Fpasswd", "is outside the article's folder"),
    ("C:/x.png", "is outside the article's folder"),
    ("file:///etc/passwd", "is a web address: only pictures in the article's folder are shown"),
    # Inside the folder, but the renderer refuses any "..": the reader would not show it.
    ("pics/../knee.png", "goes through '..', which a picture's path may not"),
    ("pics", "is not a file"), ("", "has no file name"),
])  # fmt: skip
def test_check_is_told_why_a_picture_cannot_be_shown(folder: Path, src: str, reason: str | None) -> None:
    assert picture_problem(folder, src) == reason


def test_what_check_accepts_is_what_the_reader_shows(folder: Path) -> None:
    """picture_problem is the renderer's rule and picture_file's together."""
    from healthreader.content.render import render_body

    for src in ["knee.png", "pics/two%20words.png", "missing.png", "../secret.png", "pics/../knee.png",
                "pics", "/etc/passwd", "http://example.org/x.png"]:  # fmt: skip
        html = render_body(f"![x]({src})", {}).html
        shown = "<img" in html and picture_file(folder, src) is not None
        assert shown == (picture_problem(folder, src) is None), src
