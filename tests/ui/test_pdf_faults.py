"""Saving a handout under faults: a clear message naming the file, nothing half-written.

A full disk is simulated in a subprocess with ``RLIMIT_FSIZE`` (SIGXFSZ ignored, so the write
fails with EFBIG as it would with ENOSPC). The tests run as root, for whom a chmod'ed folder
is still writable, so unwritable places are ones that fail for root too: a folder where the
file should be, a regular file where a folder should be, and /proc.
"""

from __future__ import annotations

import datetime
import io
import os
import stat
import sys
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QByteArray, QSaveFile

from healthreader.content.model import Article, Library, Source
from healthreader.errors import ExportError
from healthreader.export import command, pdf
from healthreader.export.pdf import render_pdf, write_pdf
from helpers import FIXTURE_LIBRARY, run_healthreader, run_python

OLD = b"%PDF-1.4 an older handout that must survive a failed save\n%%EOF\n"


def article(article_id: str = "hives", title: str = "Hives") -> Article:
    return Article(
        id=article_id, title=title, summary="Raised, itchy welts on the skin.",
        reviewed=datetime.date(2025, 6, 1), body="",
        body_html="<h2>What is it?</h2>" + "<p>Hives are raised, itchy welts.</p>" * 40,
        sources=(Source("MedlinePlus", title, datetime.date(2024, 1, 2)),),
    )


@pytest.fixture
def handout(qapp: object) -> bytes:
    return render_pdf([article()], None, {})


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    place = tmp_path / "handouts"
    place.mkdir()
    (place / "Hives - Health Reader.pdf").write_bytes(OLD)
    return place


def listing(place: Path) -> list[str]:
    return sorted(os.listdir(place))


def test_a_new_file_is_written_whole(handout: bytes, folder: Path) -> None:
    target = folder / "new.pdf"
    write_pdf(handout, target)
    assert target.read_bytes() == handout
    assert len(PdfReader(io.BytesIO(target.read_bytes())).pages) >= 1
    assert listing(folder) == ["Hives - Health Reader.pdf", "new.pdf"]


def test_an_existing_file_is_replaced_on_success(handout: bytes, folder: Path) -> None:
    target = folder / "Hives - Health Reader.pdf"
    write_pdf(handout, target)
    assert target.read_bytes() == handout
    assert listing(folder) == ["Hives - Health Reader.pdf"]


def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(folder: Path) -> None:
    target = folder / "Hives - Health Reader.pdf"
    code = textwrap.dedent(f"""
        import datetime, resource, signal, sys
        from pathlib import Path
        from PySide6.QtGui import QGuiApplication
        from healthreader.content.model import Article
        from healthreader.errors import ExportError
        from healthreader.export.pdf import render_pdf, write_pdf

        app = QGuiApplication(["test", "-platform", "offscreen"])
        body = "<p>Hives are raised, itchy welts.</p>" * 200
        data = render_pdf([Article(id="hives", title="Hives", summary="Welts.",
                                   reviewed=datetime.date(2025, 6, 1), body="",
                                   body_html=body)], None, {{}})
        assert len(data) > 8192, len(data)
        # Ignore the signal, as a real full disk sends none: the write fails with EFBIG.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        try:
            write_pdf(data, Path({str(target)!r}))
        except ExportError as exc:
            print(exc)
            sys.exit(7)
        sys.exit(0)
    """)
    done = run_python(code)
    assert done.returncode == 7, done.stderr
    assert str(target) in done.stdout
    assert "File too large" in done.stdout
    assert target.read_bytes() == OLD
    assert listing(folder) == ["Hives - Health Reader.pdf"]


def test_the_export_command_on_a_full_disk_exits_1_and_writes_nothing(folder: Path) -> None:
    target = folder / "packet.pdf"
    code = textwrap.dedent(f"""
        import datetime, io, resource, signal, sys
        from pathlib import Path
        from healthreader.content.model import Article, Library
        from healthreader.export import command

        articles = [Article(id=f"a{{i}}", title=f"Article {{i}}", summary="S.",
                            reviewed=datetime.date(2025, 6, 1), body="",
                            body_html="<p>Plain words.</p>" * 100) for i in range(3)]
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        err = io.StringIO()
        code = command.run(Library.from_articles(articles), {{}}, ["a0", "a1", "a2"],
                           Path({str(target)!r}), False, None, err)
        print(err.getvalue())
        sys.exit(code)
    """)
    done = run_python(code)
    assert done.returncode == 1, done.stderr
    assert f"healthreader export: Could not save the handout to {target}" in done.stdout
    assert listing(folder) == ["Hives - Health Reader.pdf"]


@pytest.mark.skipif(sys.platform != "linux", reason="needs /proc")
@pytest.mark.parametrize("where", ["folder", "parent is a file", "proc", "missing folder",
                                   "name too long"])
def test_unwritable_places_are_refused_by_name(handout: bytes, folder: Path, where: str) -> None:
    target = {
        "name too long": folder / ("a" * 300 + ".pdf"),
        "folder": folder,
        "parent is a file": folder / "Hives - Health Reader.pdf" / "x.pdf",
        "proc": Path("/proc/healthreader-handout.pdf"),
        "missing folder": folder / "no" / "such" / "x.pdf",
    }[where]
    with pytest.raises(ExportError) as caught:
        write_pdf(handout, target)
    assert str(target) in str(caught.value)
    assert str(caught.value).startswith("Could not save the handout to")
    assert (folder / "Hives - Health Reader.pdf").read_bytes() == OLD
    assert listing(folder) == ["Hives - Health Reader.pdf"]
    assert not Path("/proc/healthreader-handout.pdf").exists()


@pytest.mark.skipif(sys.platform != "linux", reason="needs mkfifo")
def test_a_pipe_or_device_is_not_replaced(handout: bytes, folder: Path) -> None:
    pipe = folder / "pipe.pdf"
    os.mkfifo(pipe)

    with pytest.raises(ExportError, match="that is not a plain file") as caught:
        write_pdf(handout, pipe)

    assert str(pipe) in str(caught.value)
    assert stat.S_ISFIFO(pipe.stat().st_mode)  # still the pipe, not a PDF renamed over it


def test_a_short_write_without_an_error_is_caught(
    handout: bytes, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What QSaveFile does on a full disk: it writes part, reports no error, and would commit
    # the truncated file. Only the byte count tells.
    class ShortSaveFile(QSaveFile):
        calls = 0

        def write(self, data: QByteArray) -> int:  # type: ignore[override]
            ShortSaveFile.calls += 1
            return super().write(data.left(100)) if ShortSaveFile.calls == 1 else 0

    monkeypatch.setattr(pdf, "QSaveFile", ShortSaveFile)
    target = folder / "Hives - Health Reader.pdf"
    with pytest.raises(ExportError, match="the disk may be full") as caught:
        write_pdf(handout, target)
    assert str(target) in str(caught.value)
    assert target.read_bytes() == OLD
    assert listing(folder) == ["Hives - Health Reader.pdf"]


def test_an_unknown_id_exits_3_names_it_and_writes_nothing(folder: Path) -> None:
    library = Library.from_articles([article()])
    err = io.StringIO()
    target = folder / "Hives - Health Reader.pdf"
    code = command.run(library, {}, ["hives", "no-such-thing", "lupus"], target, False, None, err)
    assert code == 3
    assert "no article with id 'no-such-thing'" in err.getvalue()
    assert "no article with id 'lupus'" in err.getvalue()
    assert "no article with id 'hives'" not in err.getvalue()
    assert target.read_bytes() == OLD
    assert listing(folder) == ["Hives - Health Reader.pdf"]


def test_the_command_writes_a_packet_and_reports_nothing_on_success(
    qapp: object, folder: Path
) -> None:
    library = Library.from_articles([article(), article("gout", "Gout")])
    err = io.StringIO()
    target = folder / "packet.pdf"
    assert command.run(library, {}, ["gout", "hives", "gout"], target, True, "Clinic", err) == 0
    assert err.getvalue() == ""
    text = " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "This packet has 2 handouts." in text  # the repeated id counts once
    assert text.index("1. Gout") < text.index("2. Hives")


def test_the_command_names_a_folder_given_as_the_output(qapp: object, folder: Path) -> None:
    err = io.StringIO()
    code = command.run(Library.from_articles([article()]), {}, ["hives"], folder, False, None,
                       err)
    assert code == 1
    assert f"Could not save the handout to {folder}: that is a folder" in err.getvalue()
    assert listing(folder) == ["Hives - Health Reader.pdf"]


def test_the_export_command_says_a_file_name_is_too_long_without_a_traceback(folder: Path) -> None:
    target = folder / ("a" * 300 + ".pdf")
    done = run_healthreader(["--no-bundled", "--content", str(FIXTURE_LIBRARY), "export",
                             "sun-rash", "-o", str(target)])

    assert done.returncode == 1
    assert done.stderr == (f"healthreader export: Could not save the handout to {target}: "
                           "the file name is too long. Choose a shorter name.\n")
    assert listing(folder) == ["Hives - Health Reader.pdf"]
