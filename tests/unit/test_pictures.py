"""content/pictures.py: the one rule for which picture files an article may show or print."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from healthreader.content.pictures import MAX_PICTURE_BYTES, picture_file


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
