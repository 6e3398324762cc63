"""``healthreader check`` opens each picture as the reader does (export/picturecheck.py): a
file that passes is one readers see; one readers would see as "Picture not available" is
an error naming its line. (Here, not in tests/unit: it needs Qt's decoder.)"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from healthreader.cli import main
from healthreader.content.catalogue import Catalogue
from healthreader.content.validate import check_content
from healthreader.export.picturecheck import picture_trouble
from healthreader.ui.articleview import IMAGE_RESOURCE, _placeholder_image
from helpers import REPO, jpeg_on_its_side, png_image, write_article
from helpers import zoomed_window as make_window

BODY = """## Pictures

A knee: ![Knee](knee.png)

![Photo](photo.png)

![Scan](scan.png)

![Notes](notes.png)

![Cut](cut.png)
"""


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


def make_folder(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "lib"
    knee = png_image(folder / "knee.png", 40, 30)
    # A JPEG with a .png name: the reader goes by the content, and so does check.
    photo = QImage(40, 30, QImage.Format.Format_RGB32)
    photo.fill(QColor(30, 120, 200))
    assert photo.save(str(folder / "photo.png"), "JPEG")
    # 72 million pixels in a 1 MB file: over Qt's allocation limit, which refuses it.
    png_image(folder / "scan.png", 9000, 8000)
    (folder / "notes.png").write_text("Ask about the knee brace.\n", encoding="utf-8")
    (folder / "cut.png").write_bytes(knee.read_bytes()[:60])  # a download that stopped
    return folder, write_article(folder, "knee-pain", title="Knee pain", categories=["Joints"], body=BODY)


def run_check(folder: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--no-bundled", "check", "--no-reading-level", str(folder)], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_check_names_each_picture_the_reader_cannot_open(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    folder, path = make_folder(tmp_path)

    code, out, err = run_check(folder)

    assert code == 1
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert errors[:2] == [
        f"{path}:{line_of(path, '(scan.png)')}: error: picture 'scan.png' is 9000 × 8000 pixels, more "
        "than the reader can open (about 67 million at most): make it smaller; 2,000 pixels across "
        "is plenty on screen and on paper",
        f"{path}:{line_of(path, '(notes.png)')}: error: picture 'notes.png' is not a picture file the "
        "reader can open (PNG, JPEG, GIF, WebP or SVG), or it is damaged",
    ]  # fmt: skip
    # What libpng says of the cut one goes with it, not loose on the terminal.
    assert errors[2].startswith(f"{path}:{line_of(path, '(cut.png)')}: error: picture 'cut.png' cannot be "
                                "opened as a picture (Unable to read image data): it may be damaged (libpng ")  # fmt: skip
    assert len(errors) == 3
    assert "1 article checked: 3 errors, 0 warnings." in out
    assert err == ""
    # The huge one is measured, not unpacked: Qt's own refusal never reaches the terminal.
    loose = capfd.readouterr().err
    assert "allocation limit" not in loose and "libpng" not in loose


def grey_png(path: Path, width: int, height: int, depth: int) -> Path:
    """A grey PNG of ``depth`` bits a pixel (8, or 1: black and white), as a scanner saves one."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x80" * ((width * depth + 7) // 8)
    packer = zlib.compressobj(1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, 0, 0, 0, 0))
                     + chunk(b"IDAT", b"".join([*(packer.compress(row) for _ in range(height)), packer.flush()]))
                     + chunk(b"IEND", b""))  # fmt: skip
    return path


@pytest.mark.parametrize("depth", [8, 1])
def test_a_huge_grey_scan_is_too_many_pixels_not_damaged(tmp_path: Path, depth: int,
                                                        capfd: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """A grey or black-and-white 9,000 × 8,000 scan was called "damaged", so an editor would
    download it again instead of making it smaller."""
    scan = grey_png(tmp_path / "scan.png", 9000, 8000, depth)

    assert picture_trouble(scan) == (
        "is 9000 × 8000 pixels, more than the reader can open (about 67 million at most): make it smaller; "
        "2,000 pixels across is plenty on screen and on paper", "error")
    assert "allocation limit" not in capfd.readouterr().err


def test_the_pictures_check_flags_are_the_ones_the_reader_shows_as_not_available(
    qtbot: Any, tmp_path: Path
) -> None:
    folder, _ = make_folder(tmp_path)
    catalogue = Catalogue.open(None)
    window = make_window(qtbot, catalogue.load([folder], None), tmp_path, 0)
    window.open_article("knee-pain")
    QApplication.processEvents()
    placeholder = _placeholder_image("Picture not available")

    shown = {name: window.view.loadResource(IMAGE_RESOURCE, QUrl(name))
             for name in ("knee.png", "photo.png", "scan.png", "notes.png", "cut.png")}  # fmt: skip

    not_available = {name for name, image in shown.items() if image == placeholder}
    assert not_available == {"scan.png", "notes.png", "cut.png"}
    assert shown["knee.png"].size().toTuple() == (40, 30) and shown["photo.png"].size().toTuple() == (40, 30)
    flagged = {name for name in shown if (picture_trouble(folder / name) or ("", ""))[1] == "error"}
    assert flagged == not_available
    catalogue.close()


def test_a_picture_far_wider_than_any_screen_is_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    png_image(folder / "scan.png", 4000, 300)  # shown, but 4.8 MB unpacked where 2.4 would do
    png_image(folder / "wide.png", 3840, 300)
    # A drawing (SVG) is drawn at the size it is shown, however wide it says it is.
    (folder / "knee.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="5000" height="3000">'
                                     '<rect width="5000" height="3000" fill="red"/></svg>', encoding="utf-8")
    path = write_article(folder, "knee-pain", title="Knee pain", categories=["Joints"],
                         body="## Scans\n\n![Scan](scan.png)\n\n![Wide](wide.png)\n\n![Knee](knee.svg)\n")

    code, out, _ = run_check(folder)

    assert code == 0  # readers see it
    assert [line for line in out.splitlines() if ": warning: " in line or ": error: " in line] == [
        f"{path}:{line_of(path, '(scan.png)')}: warning: picture 'scan.png' is 4,000 pixels across, "
        "twice what the widest screens show: 2,000 is plenty on screen and on paper, and opens faster"
    ]  # fmt: skip


def test_a_phone_photo_is_measured_upright_for_the_warning(tmp_path: Path) -> None:
    """Stored 4,000 wide on its side, it is shown 3,000 wide: no warning. The same photo
    stored upright is 4,000 across."""
    folder = tmp_path / "lib"
    jpeg_on_its_side(folder / "arm.jpg", 4000, 3000)
    jpeg_on_its_side(folder / "leg.jpg", 3000, 4000)
    path = write_article(folder, "rash", title="Rash", categories=["Skin"],
                         body="## Photos\n\n![Arm](arm.jpg)\n\n![Leg](leg.jpg)\n")  # fmt: skip

    _, out, _ = run_check(folder)

    assert [line for line in out.splitlines() if ": warning: " in line] == [
        f"{path}:{line_of(path, '(leg.jpg)')}: warning: picture 'leg.jpg' is 4,000 pixels across, "
        "twice what the widest screens show: 2,000 is plenty on screen and on paper, and opens faster"
    ]  # fmt: skip


def test_a_picture_that_passes_is_opened_once_however_many_articles_show_it(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    png_image(folder / "knee.png", 40, 30)
    for n in range(3):
        write_article(folder, f"knee-{n}", title=f"Knee {n}", categories=["Joints"],
                      body="## A\n\n![Knee](knee.png)\n")  # fmt: skip
    opened: list[Path] = []

    def counting(path: Path) -> tuple[str, str] | None:
        opened.append(path)
        return picture_trouble(path)

    report = check_content([folder], None, reading_level=False, picture_trouble=counting)

    assert report.errors == []
    assert opened == [(folder / "knee.png").resolve()]


def test_check_opens_a_labelled_drawing_with_no_display(tmp_path: Path) -> None:
    """A drawing with text needs Qt's fonts, which need a QGuiApplication: check made none, so
    Qt aborted the whole run (exit 134, no report). Run as an editor runs it, on a machine
    with no display and no QT_QPA_PLATFORM."""
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "knee.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
                                     '<rect width="200" height="100" fill="green"/>'
                                     '<text x="10" y="50">Kneecap</text></svg>', encoding="utf-8")  # fmt: skip
    (folder / "notes.png").write_text("Ask about the knee brace.\n", encoding="utf-8")
    path = write_article(folder, "knee-pain", title="Knee pain", categories=["Joints"],
                         body="## Parts\n\n![Knee](knee.svg)\n\n![Notes](notes.png)\n")  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}

    done = subprocess.run([sys.executable, "-m", "healthreader", "--no-bundled", "check", "--no-reading-level",
                           str(folder)], capture_output=True, text=True, env=env, cwd=REPO, timeout=120)  # fmt: skip

    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[0] == (
        f"{path}:{line_of(path, '(notes.png)')}: error: picture 'notes.png' is not a picture file the "
        "reader can open (PNG, JPEG, GIF, WebP or SVG), or it is damaged")  # fmt: skip
    assert "1 article checked: 1 error, 0 warnings." in done.stdout
    assert done.stderr == ""


def test_what_qt_says_of_a_drawing_it_can_show_stays_off_the_terminal(tmp_path: Path) -> None:
    """Qt printed "qt.svg: <input>:1:…: Could not resolve property" between check's lines."""
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "knee.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
                                     '<rect width="20" height="10" fill="url(#gone)"/></svg>', encoding="utf-8")  # fmt: skip
    write_article(folder, "knee-pain", title="Knee pain", categories=["Joints"], body="## Parts\n\n![Knee](knee.svg)\n")

    done = subprocess.run([sys.executable, "-m", "healthreader", "--no-bundled", "check", "--no-reading-level",
                           str(folder)], capture_output=True, text=True, cwd=REPO, timeout=120)  # fmt: skip

    assert done.returncode == 0
    assert "1 article checked: 0 errors, 0 warnings." in done.stdout
    assert done.stderr == ""
