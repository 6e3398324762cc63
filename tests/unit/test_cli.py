"""cli.py: ``check``, ``--version``, exit codes and ``--quit-when-ready`` as a user runs them.

The in-process tests call ``healthreader.cli.main``; the reader itself runs in a subprocess,
offscreen, so this process never makes a QApplication. (``check`` opens pictures with Qt's
decoder, QtGui without an application: tests/ui/test_check_pictures.py.)
"""

from __future__ import annotations

import datetime
import errno
import importlib.util
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from healthreader import __version__, paths
from healthreader.cli import Options, load_content, main, prepare_reader
from helpers import (
    FIXTURE_LIBRARY,
    REPO,
    damage,
    pages_of,
    run_healthreader,
    write_accepted_settings,
    write_article,
)

needs_qt = pytest.mark.skipif(
    importlib.util.find_spec("PySide6") is None, reason="PySide6 is not installed: no reader to start"
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# -- check ---------------------------------------------------------------------------------


def test_check_exits_1_on_a_broken_folder_and_names_the_file(tmp_path: Path) -> None:
    write_article(tmp_path, "fine", categories=["Skin"])
    broken = write_article(tmp_path, "broken", categories=["Skin"], relatd=["fine"])

    code, out, _ = run("--no-bundled", "check", "--no-reading-level", str(tmp_path))

    assert code == 1
    assert f"{broken}:11: error: unknown key 'relatd' (did you mean 'related'?)" in out.splitlines()
    assert "1 article checked: 1 error," in out


def test_a_number_too_long_to_read_stops_one_article_only(tmp_path: Path) -> None:
    write_article(tmp_path, "fine", title="Fine")
    huge = write_article(tmp_path, "huge", title="Huge")
    huge.write_text(huge.read_text(encoding="utf-8").replace("reviewed: 2025-01-15", "reviewed: " + "9" * 5000),
                    encoding="utf-8")  # fmt: skip

    code, out, _ = run("--no-bundled", "check", "--no-reading-level", str(tmp_path))
    catalogue, library = load_content(Options(bundled=False, content=[tmp_path]), io.StringIO())
    catalogue.close()

    assert code == 1
    assert f"{huge}:8: error: a number of 5000 digits is too long to read" in out.splitlines()
    assert list(library.infos) == ["fine"]


def test_check_names_the_line_of_raw_html(tmp_path: Path) -> None:
    path = write_article(tmp_path, "raw", body="## What is it?\n\nA <table> here.\n")
    line = path.read_text("utf-8").splitlines().index("A <table> here.") + 1

    code, out, _ = run("--no-bundled", "check", "--no-reading-level", str(tmp_path))

    assert code == 1
    assert f"{path}:{line}: error: raw HTML is not allowed in the body" in out


GOOD_FRONT_MATTER = [
    "---",                                  # line 1
    "title: Heron itch",                    # 2
    "summary: A rash from marsh water.",    # 3
    "categories: [Skin, Lungs]",            # 4
    "related: []",                          # 5
    "sources:",                             # 6
    "  - publisher: Marsh Institute",       # 7
    "    title: Heron itch",                # 8
    "reviewed: 2025-01-01",                 # 9
    "---",                                  # 10
]  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "line", "says"),
    [
        ({2: 'title: "Heron itch'}, 2, "while scanning a quoted scalar (is its closing quote missing?)"),
        ({3: "summary: 'A rash from marsh water."}, 3, "(is its closing quote missing?)"),
        # The next quote closes it: YAML stops a line later, at what follows that quote.
        ({2: 'title: "Heron itch', 3: 'summary: "A rash from marsh water."'}, 2,
         "(the quoted value that starts on this line runs on to line 3: is its closing quote missing?)"),
        ({4: "categories: [Skin, Lungs"}, 4, "(is its closing ']' missing?)"),
        ({5: "related: {heron-eye"}, 5, "(is its closing '}' missing?)"),
        ({3: "summary A rash from marsh water."}, 3, "(each line must be 'key: value' or '- item')"),
        ({3: "summary: Note: a rash from marsh water."}, 3, "(a value with ': ' in it needs quotes"),
        ({8: "   title: Heron itch"}, 8, "did not find expected '-' indicator"),
        ({3: "  summary: A rash from marsh water."}, 3, "(a value with ': ' in it needs quotes"),
        ({8: "  \ttitle: Heron itch"}, 8, "(indent with spaces)"),
        ({3: "\tsummary: A rash from marsh water."}, 3, "(indent with spaces)"),
    ],
    ids=["unclosed quote", "unclosed single quote", "quote closed by the next one", "unclosed [",
         "unclosed {", "no colon", "colon in a value", "list item indented wrong", "key indented",
         "tab in a list item", "tab before a key"],
)  # fmt: skip
def test_check_names_the_line_of_a_yaml_error_as_an_editor_counts(
    tmp_path: Path, changes: dict[int, str], line: int, says: str
) -> None:
    lines = [changes.get(n, text) for n, text in enumerate(GOOD_FRONT_MATTER, start=1)]
    path = tmp_path / "heron-itch.md"
    path.write_text("\n".join([*lines, "## What is it?", "", "A rash.", ""]), encoding="utf-8")

    code, out, _ = run("--no-bundled", "check", "--no-reading-level", str(tmp_path))

    assert code == 1
    [reported] = [row for row in out.splitlines() if row.startswith(str(path))]
    assert reported.startswith(f"{path}:{line}: error: YAML error: "), reported
    assert says in reported


def test_check_passes_on_the_good_front_matter_of_the_yaml_error_tests(tmp_path: Path) -> None:
    (tmp_path / "heron-itch.md").write_text("\n".join([*GOOD_FRONT_MATTER, "## What is it?", "",
                                                       "A rash.", ""]), encoding="utf-8")  # fmt: skip

    code, out, _ = run("--no-bundled", "check", "--no-reading-level", str(tmp_path))

    assert code == 0, out


def test_check_passes_on_the_bundled_library() -> None:
    code, out, _ = run("check", "--no-reading-level")

    assert code == 0, out
    assert ": error:" not in out
    assert out.rstrip().endswith("warnings.")
    assert " 0 errors," in out


def test_check_names_the_line_of_a_broken_lay_term(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The table of everyday words search uses (resources/lay_terms.yaml) is checked too."""
    table = tmp_path / "lay_terms.yaml"
    table.write_text("# everyday words\ntummy: belly\npee: urine\ntummy: stomach\n", "utf-8")
    monkeypatch.setattr(paths, "lay_terms_path", lambda: table)

    code, out, _ = run("check", "--no-reading-level")

    assert code == 1
    assert f"{table}:4: error: duplicate key 'tummy'" in out.splitlines()


def test_check_without_qt_still_checks_the_pictures_files_and_says_it_did_not_open_them(tmp_path: Path) -> None:
    """Qt opens the pictures (tests/ui/test_check_pictures.py); where it cannot be loaded
    (a server without its libraries), the rest of the check still runs."""
    write_article(tmp_path, "knee", categories=["Joints"], body="## A\n\n![Knee](knee.png)\n")
    (tmp_path / "notes.png").write_text("not a picture", encoding="utf-8")
    write_article(tmp_path, "notes", categories=["Joints"], body="## A\n\n![Notes](notes.png)\n")
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "from healthreader.cli import main\n"
        f"sys.exit(main(['--no-bundled', 'check', '--no-reading-level', {str(tmp_path)!r}]))\n"
    )

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)

    assert done.returncode == 1
    assert done.stderr.startswith("healthreader: note: pictures are not opened, only found: Qt cannot be loaded")
    errors = [line for line in done.stdout.splitlines() if ": error: " in line]
    knee = tmp_path / "knee.md"
    line = knee.read_text("utf-8").splitlines().index("![Knee](knee.png)") + 1
    assert errors == [f"{knee}:{line}: error: picture 'knee.png' not found"]


def test_check_reports_unresolved_related_ids_and_future_review_dates(tmp_path: Path) -> None:
    future = datetime.date.today() + datetime.timedelta(days=30)
    orphan = write_article(tmp_path, "orphan", categories=["Skin"], related=["not-written-yet"])
    early = write_article(tmp_path, "early", categories=["Skin"], reviewed=future)

    code, out, _ = run("--no-bundled", "check", "--no-reading-level", str(tmp_path))

    assert code == 1
    lines = out.splitlines()
    related = orphan.read_text("utf-8").splitlines().index("- not-written-yet") + 1
    reviewed = next(n for n, line in enumerate(early.read_text("utf-8").splitlines(), 1) if line.startswith("reviewed:"))
    assert f"{orphan}:{related}: error: related id 'not-written-yet' does not exist" in lines
    assert f"{early}:{reviewed}: error: 'reviewed' {future.isoformat()} is in the future" in lines


def test_check_says_how_many_articles_each_folder_gave_and_skips_hidden_folders(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    write_article(vault, "knee", categories=["Skin"])
    write_article(vault / ".trash", "old-advice", categories=["Skin"], title="Withdrawnadviceword")
    write_article(vault / "drafts", "draft-page", categories=["Skin"])
    write_article(vault / "old" / "2023", "older-page", categories=["Skin"])

    code, out, _ = run("--no-bundled", "check", "--no-reading-level", str(vault))
    found = run("--no-bundled", "--content", str(vault), "search", "withdrawnadviceword")

    assert code == 0
    assert (f"Read 3 articles from {vault} (1 from drafts/, 1 from old/2023/; readers see every article "
            "below the folder).") in out.splitlines()
    assert "3 articles checked: 0 errors, 0 warnings." in out
    assert "No article about 'withdrawnadviceword'" in found[1]


def test_check_of_a_folder_with_no_articles_says_so_once(tmp_path: Path) -> None:
    empty = tmp_path / "clinic"
    empty.mkdir()

    code, out, _ = run("check", "--no-reading-level", str(empty))

    assert code == 0
    assert f"{empty}: warning: no articles in this folder: an article is a file whose name ends in .md" in out
    assert f"from {empty}" not in out  # no "Read 0 articles from …" beside it


def test_the_reader_says_at_start_which_page_replaces_one_in_another_language(tmp_path: Path) -> None:
    english = write_article(tmp_path / "en", "lupus", title="Lupus", categories=["Skin"])
    spanish = write_article(tmp_path / "es", "lupus", title="Lupus", categories=["Skin"], language="es")
    err = io.StringIO()

    prepared = prepare_reader(Options(content=[tmp_path / "en", tmp_path / "es"], bundled=False), err)

    assert not isinstance(prepared, int)
    prepared.catalogue.close()
    assert err.getvalue().splitlines() == [
        f"healthreader: {spanish}:2: warning: replaces {english} (id 'lupus'), which is in another language "
        "('en', this page 'es'): readers of English lose it; give this page an id of its own, like 'id: lupus-es'"]


def test_check_accepts_an_overlay_that_replaces_a_bundled_article(tmp_path: Path) -> None:
    write_article(tmp_path, "lupus", title="Lupus (clinic copy)", categories=["Immune system"],
                  related=["rheumatoid-arthritis"])  # fmt: skip

    code, out, _ = run("--content", str(tmp_path), "check", "--no-reading-level")

    assert code == 0, out
    bundled_count = len(list(paths.bundled_articles_dir().glob("*.md")))
    assert f"{bundled_count} articles checked: 0 errors," in out


def test_check_names_the_bundled_articles_each_folder_replaces_without_failing(tmp_path: Path) -> None:
    clinic, branch = tmp_path / "clinic", tmp_path / "branch"
    lupus = write_article(clinic, "lupus", title="Lupus (clinic copy)", categories=["Immune system"])
    hives = write_article(clinic, None, file_name="our-hives.md", id="hives", title="Hives (clinic copy)",
                          categories=["Skin"])  # fmt: skip
    write_article(clinic, "clinic-hours", title="Clinic hours", categories=["Clinic"])
    branch_lupus = write_article(branch, "lupus", title="Lupus (branch copy)", categories=["Immune system"])

    code, out, _ = run("--content", str(clinic), "check", "--no-reading-level", str(branch))

    assert code == 0, out
    assert " 0 errors," in out
    lines = out.splitlines()
    start = lines.index(f"{clinic} replaces 2 bundled articles; readers see its version:")
    assert lines[start + 1 : start + 3] == [f"  hives  ({hives})", f"  lupus  ({lupus})"]
    start = lines.index(f"{branch} replaces 1 article of {clinic}; readers see its version:")
    assert lines[start + 1] == f"  lupus  ({branch_lupus})"
    assert "clinic-hours" not in out  # a new article replaces nothing


def test_check_of_the_content_folder_reports_each_problem_once(tmp_path: Path) -> None:
    """``--content DIR check DIR``, the obvious way to check a clinic folder: each message
    was printed twice and the totals doubled."""
    broken = write_article(tmp_path, "broken", categories=["Skin"], relatd=["fine"])
    write_article(tmp_path, "fine", categories=["Skin"], body="## What is it?\n\n    An indented line.\n")

    gone = tmp_path / "gone"

    code, out, _ = run("--content", str(tmp_path), "--content", str(gone), "check", "--no-reading-level",
                       str(tmp_path), f"{tmp_path}/", str(tmp_path / ".." / tmp_path.name), str(gone))  # fmt: skip

    assert code == 1
    assert out.count(f"{broken}:11: error: unknown key 'relatd'") == 1
    assert out.count("warning: indented by 4 spaces") == 1
    assert out.count(f"{gone}: error: cannot read the content folder") == 1
    warnings = sum(": warning: " in line for line in out.splitlines())  # the bundled ones too
    assert f": 2 errors, {warnings} warning{'' if warnings == 1 else 's'}." in out
    assert "replaces" not in out


def test_check_suggests_the_id_that_replaces_a_bundled_page_of_the_same_title(tmp_path: Path) -> None:
    """A clinic's "Lupus" under another id gave readers two "Lupus" in the list."""
    lupus = write_article(tmp_path, None, file_name="lupus-riverside.md", title="Lupus", categories=["Immune system"])
    hives = write_article(tmp_path, "hives-riverside", title="Hives", categories=["Skin"])  # with an id: line

    def title_line(path: Path) -> int:
        return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if line.startswith("title:"))

    code, out, _ = run("--content", str(tmp_path), "check", "--no-reading-level")

    assert code == 0, out
    bundled = paths.bundled_articles_dir()
    assert [line for line in out.splitlines() if line.startswith(str(tmp_path))] == [
        f"{hives}:{title_line(hives)}: warning: 'Hives' is also the title of {bundled / 'hives.md'} (id 'hives'), so "
        "readers see two 'Hives' in the list: to show this page instead of that one, make its 'id:' line 'id: hives'",
        f"{lupus}:{title_line(lupus)}: warning: 'Lupus' is also the title of {bundled / 'lupus.md'} (id 'lupus'), so "
        "readers see two 'Lupus' in the list: to show this page instead of that one, add the line 'id: lupus'",
    ]  # fmt: skip
    assert ": 0 errors," in out


def test_check_of_a_clinic_folder_alone_does_not_list_the_glossary(tmp_path: Path) -> None:
    write_article(tmp_path, "clinic-hours", title="Clinic hours", categories=["Clinic"])

    code, out, _ = run("--no-bundled", "check", str(tmp_path), "--no-reading-level")
    assert code == 0, out
    assert "1 article checked: 0 errors, 0 warnings." in out
    assert "glossary" not in out

    code, out, _ = run("--content", str(tmp_path), "check", "--no-reading-level")
    assert code == 0, out  # with the bundled library, the glossary is checked as before
    assert "glossary term" not in out


def test_check_prints_the_reading_level_of_each_article() -> None:
    code, out, _ = run("--no-bundled", "check", str(FIXTURE_LIBRARY))

    assert code == 0, out
    assert "Reading level (Flesch–Kincaid grade of the body):" in out
    for article_id in ("chilblains", "heat-exhaustion", "sun-rash"):
        assert any(line.strip().endswith(article_id) for line in out.splitlines())


# -- version and usage ---------------------------------------------------------------------


def test_version_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--version"])

    assert code == 0
    assert capsys.readouterr().out.strip() == f"healthreader {__version__}"


def test_version_as_a_program() -> None:
    done = run_healthreader(["--version"])

    assert (done.returncode, done.stdout.strip()) == (0, f"healthreader {__version__}")


@pytest.mark.parametrize(
    "argv", [["--bogus"], ["check", "--bogus"], ["--settings"], ["search"]]
)
def test_a_usage_error_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(argv)

    assert code == 2
    assert "usage:" in capsys.readouterr().err


def test_python_m_healthreader_runs_the_cli() -> None:
    done = run_healthreader(["--no-bundled", "check", "--no-reading-level", str(FIXTURE_LIBRARY)])

    assert done.returncode == 0, done.stderr
    assert "3 articles checked: 0 errors," in done.stdout


# -- the reader, in a subprocess -------------------------------------------------------------


def ready_line(stdout: str) -> dict[str, object]:
    lines = [line for line in stdout.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one JSON line, got {stdout!r}"
    return json.loads(lines[0])


@needs_qt
def test_an_unknown_article_id_exits_3_naming_it(tmp_path: Path) -> None:
    done = run_healthreader(["--settings", str(tmp_path / "s.ini"), "--quit-when-ready",
                             "no-such-condition"])  # fmt: skip

    assert done.returncode == 3
    assert "no-such-condition" in done.stderr
    assert done.stdout == ""


@needs_qt
@pytest.mark.parametrize(("typed", "hint"), [
    ("lupsu", "(did you mean 'lupus'?)"),
    ("Lupus", "(did you mean 'lupus'?)"),
    ("guillain-bare", "(did you mean 'guillain-barre-syndrome'?)"),
    ("zzzz", "no article with id 'zzzz'\n"),
])  # fmt: skip
def test_a_mistyped_article_id_gets_the_closest_ids(tmp_path: Path, typed: str, hint: str) -> None:
    done = run_healthreader(["--settings", str(tmp_path / "s.ini"), "--quit-when-ready", typed])

    assert done.returncode == 3
    assert f"healthreader: no article with id {typed!r}" in done.stderr
    assert hint in done.stderr


@needs_qt
def test_quit_when_ready_on_a_fresh_settings_file_shows_the_disclaimer(tmp_path: Path) -> None:
    settings = tmp_path / "fresh.ini"

    done = run_healthreader(["--settings", str(settings), "--quit-when-ready"])

    assert done.returncode == 0, done.stderr
    ready = ready_line(done.stdout)
    assert ready["ready"] == "disclaimer"
    assert ready["articles"] == len(list(paths.bundled_articles_dir().glob("*.md")))
    assert isinstance(ready["startup_ms"], int) and ready["startup_ms"] >= 0


@needs_qt
def test_a_settings_file_that_cannot_be_saved_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.ini"
    folder.mkdir()

    done = run_healthreader(["--settings", str(folder), "--quit-when-ready"])

    assert done.returncode == 0, done.stderr
    assert ready_line(done.stdout)["ready"] == "disclaimer"  # never "accepted" from it
    assert f"healthreader: settings cannot be saved to {folder}: the disclaimer will be asked" in done.stderr

    fine = run_healthreader(["--settings", str(tmp_path / "new.ini"), "--quit-when-ready"])
    assert "settings cannot be saved" not in fine.stderr


@needs_qt
def test_a_settings_path_that_is_a_pipe_is_reported_and_never_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "settings.ini"
    os.mkfifo(fifo)

    done = run_healthreader(["--settings", str(fifo), "--quit-when-ready"])

    assert done.returncode == 0, done.stderr
    assert ready_line(done.stdout)["ready"] == "disclaimer"
    assert f"healthreader: settings cannot be read from or saved to {fifo}: it is not a file" in done.stderr
    assert fifo.is_fifo()


def test_with_english_pages_only_the_disclaimer_is_disclaimer_md_as_it_is(tmp_path: Path) -> None:
    write_article(tmp_path, "asthma", title="Asthma")
    write_article(tmp_path, "gout", title="Gout", language="fr")  # no French translation

    prepared = prepare_reader(Options(content=[tmp_path], bundled=False), io.StringIO())

    assert not isinstance(prepared, int)
    # Word for word: what users accepted before translations existed stays accepted.
    assert prepared.disclaimer_text == paths.disclaimer_path().read_text(encoding="utf-8")


def test_with_spanish_pages_the_disclaimer_is_also_shown_in_spanish(tmp_path: Path) -> None:
    write_article(tmp_path, "asthma", title="Asthma")
    write_article(tmp_path, "asma", title="Asma", language="es-MX")

    prepared = prepare_reader(Options(content=[tmp_path], bundled=False), io.StringIO())

    assert not isinstance(prepared, int)
    english, spanish = prepared.disclaimer_text.split("\n\n---\n\n")
    assert english == paths.disclaimer_path().read_text(encoding="utf-8").rstrip()
    assert spanish.startswith("## Antes de leer (en español)")
    assert "**En una emergencia, llame enseguida a su número local de emergencias**" in spanish
    assert "pulse **I understand** (Entiendo)" in spanish  # the buttons stay in English


def test_a_translation_that_cannot_be_read_stops_the_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    resources = tmp_path / "resources"
    resources.mkdir()
    (resources / "disclaimer.md").write_text("## Before you read\n", encoding="utf-8")
    (resources / "disclaimer.es.md").write_bytes(b"\xff\xfe broken")
    monkeypatch.setattr(paths, "resources_dir", lambda: resources)
    write_article(tmp_path / "es", "asma", title="Asma", language="es")
    stderr = io.StringIO()

    prepared = prepare_reader(Options(content=[tmp_path / "es"], bundled=False), stderr)

    # Never articles without the whole disclaimer to accept.
    assert prepared == 1
    assert "healthreader: cannot read the disclaimer:" in stderr.getvalue()


@needs_qt
def test_an_english_acceptance_is_asked_again_when_spanish_pages_are_loaded(tmp_path: Path) -> None:
    write_article(tmp_path / "es", "asma", title="Asma", language="es")
    settings = write_accepted_settings(tmp_path / "s.ini", paths.disclaimer_path().read_text(encoding="utf-8"))

    english = run_healthreader(["--settings", str(settings), "--quit-when-ready"])
    both = run_healthreader(["--settings", str(settings), "--content", str(tmp_path / "es"), "--quit-when-ready"])

    assert english.returncode == both.returncode == 0, english.stderr + both.stderr
    assert ready_line(english.stdout)["ready"] == "main"
    assert ready_line(both.stdout)["ready"] == "disclaimer"


@needs_qt
def test_a_deep_link_waits_for_the_disclaimer(tmp_path: Path) -> None:
    done = run_healthreader(["--settings", str(tmp_path / "fresh.ini"), "--quit-when-ready", "lupus"])

    assert done.returncode == 0, done.stderr
    assert ready_line(done.stdout)["ready"] == "disclaimer"


@needs_qt
def test_quit_when_ready_after_acceptance_opens_the_main_window(tmp_path: Path) -> None:
    settings = write_accepted_settings(
        tmp_path / "accepted.ini", paths.disclaimer_path().read_text(encoding="utf-8")
    )

    done = run_healthreader(["--settings", str(settings), "--quit-when-ready", "lupus"])

    assert done.returncode == 0, done.stderr
    assert ready_line(done.stdout)["ready"] == "main"


@needs_qt
def test_an_acceptance_of_another_text_asks_again(tmp_path: Path) -> None:
    settings = write_accepted_settings(tmp_path / "old.ini", "An older disclaimer text.")

    done = run_healthreader(["--settings", str(settings), "--quit-when-ready"])

    assert done.returncode == 0, done.stderr
    assert ready_line(done.stdout)["ready"] == "disclaimer"


@needs_qt
def test_the_reader_counts_overlay_articles_and_reports_broken_ones(tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    write_article(extra, "clinic-hours", title="Clinic hours")
    broken = write_article(extra, "broken", title="Broken", summary="")

    done = run_healthreader(["--no-bundled", "--content", str(FIXTURE_LIBRARY), "--content", str(extra),
                             "--settings", str(tmp_path / "s.ini"), "--quit-when-ready"])  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert ready_line(done.stdout)["articles"] == 4
    assert f"{broken}:4: error: 'summary' is empty: it is required" in done.stderr


@needs_qt
def test_a_damaged_catalogue_never_stops_the_reader_search_or_export(tmp_path: Path) -> None:
    assert run_healthreader(["search", "lupus"]).returncode == 0  # the cache is built
    cache = Path(os.environ["HEALTHREADER_CACHE_DIR"], "catalogue.sqlite")
    # A bad sector in the index every start looks its files up by.
    damage(cache, pages_of(cache, "sqlite_autoindex_files_1"))
    settings = write_accepted_settings(tmp_path / "s.ini", paths.disclaimer_path().read_text(encoding="utf-8"))
    pdf = tmp_path / "lupus.pdf"

    reader = run_healthreader(["--settings", str(settings), "--quit-when-ready", "lupus"])
    damage(cache, pages_of(cache, "sqlite_autoindex_files_1"))
    found = run_healthreader(["search", "lupus", "--json"])
    damage(cache, pages_of(cache, "sqlite_autoindex_files_1"))
    exported = run_healthreader(["export", "lupus", "-o", str(pdf)])

    for done in (reader, found, exported):
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    ready = ready_line(reader.stdout)
    assert (ready["ready"], ready["articles"]) == ("main", len(list(paths.bundled_articles_dir().glob("*.md"))))
    assert json.loads(found.stdout)[0]["id"] == "lupus"
    assert pdf.read_bytes().startswith(b"%PDF")
    conn = sqlite3.connect(cache)  # the next start finds a sound file
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def test_the_unit_tests_pass_with_qt_unimportable() -> None:
    """tests/unit is the domain's test: it must not need PySide6 (DESIGN.md, Architecture)."""
    mine = [f"unit/test_{name}.py" for name in
            ("frontmatter", "loader", "render", "catalogue", "validate", "paths")]  # fmt: skip
    code = (
        "import sys; sys.modules['PySide6'] = None\n"  # any import of PySide6 now fails
        "import pytest\n"
        # No ini file: its qt_api key belongs to pytest-qt, which is left out here.
        f"sys.exit(pytest.main(['-q', '-c', {os.devnull!r}, '--rootdir', '.', '-p', 'no:cacheprovider',"
        f" '-p', 'no:pytest-qt', *{mine!r}]))\n"
    )

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).parents[1], timeout=120)  # fmt: skip

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout


@pytest.mark.parametrize("query", ["", "   "])
def test_search_for_nothing_says_what_to_type(query: str) -> None:
    """It said "No article about '' in this library"."""
    assert run("search", query) == (0, "Nothing to search for: type a condition's name, another name for "
                                       "it, or a symptom.\n", "")  # fmt: skip


def test_search_for_one_letter_with_symbols_finds_nothing_unrelated() -> None:
    """"C++" once listed Immune thrombocytopenia, for the C of "hepatitis C" in its text."""
    for query in ("C++", "C#", "(c)", "a+"):
        assert run("search", query) == (0, f"No article about '{query}' in this library. Try a symptom, another name, or ask your care team.\n", "")
        assert run("search", query, "--json") == (0, "[]\n", "")

    def ids(*argv: str) -> list[str]:
        code, out, err = run("search", *argv, "--json")
        assert code == 0 and err == ""
        return [hit["id"] for hit in json.loads(out)]

    # The letter among other words, or alone as the first letter typed, is still searched.
    assert ids("hepatitis c ")[0] == "immune-thrombocytopenia"
    assert ids("c++ hepatitis")[0] == "immune-thrombocytopenia"
    assert ids("hepatitis c")[:2] == ["immune-thrombocytopenia", "autoimmune-hepatitis"]
    assert ids("vitamin b12") == ["primary-ovarian-insufficiency"]
    assert ids("c")[0] == "autoimmune-lymphoproliferative-syndrome"  # also called Canale-Smith


class FullDisk(io.StringIO):
    """Standard output on a full disk (``> /dev/full``): every write or flush fails."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("argv", [["search", "lupus"], ["search", "lupus", "--json"],
                                  ["check", "--no-reading-level"]])  # fmt: skip
def test_output_to_a_full_disk_is_one_plain_line(argv: list[str]) -> None:
    err = io.StringIO()

    code = main(argv, stdout=FullDisk(), stderr=err)

    assert code == 1
    assert err.getvalue() == f"healthreader: cannot write to standard output: {os.strerror(errno.ENOSPC)}\n"


def run_with_stdout_closed(*argv: str) -> subprocess.CompletedProcess[str]:
    """``healthreader ARGV >&-``"""
    return subprocess.run([sys.executable, "-m", "healthreader", *argv], stdin=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=120, cwd=REPO,
                          preexec_fn=lambda: os.close(1))  # fmt: skip


@pytest.mark.parametrize("argv", [["search", "lupus", "--json"], ["check", "--no-reading-level"]])
def test_output_to_a_closed_stdout_is_one_plain_line(argv: list[str]) -> None:
    done = run_with_stdout_closed(*argv)

    assert (done.returncode, done.stderr) == (1, "healthreader: cannot write to standard output: it is closed\n")


@needs_qt
def test_export_needs_no_stdout(tmp_path: Path) -> None:
    pdf = tmp_path / "lupus.pdf"

    done = run_with_stdout_closed("export", "lupus", "-o", str(pdf))

    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


def export_to_stdout(cwd: Path, *ids: str, **streams: object) -> subprocess.Popen[bytes]:
    """``healthreader --no-bundled --content FIXTURES export IDS -o -``, run in ``cwd``."""
    streams.setdefault("stdout", subprocess.PIPE)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen([sys.executable, "-m", "healthreader", "--settings", os.devnull,
                             "--no-bundled", "--content", str(FIXTURE_LIBRARY), "export", *ids,
                             "-o", "-"], stdin=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            cwd=cwd, env=env, **streams)  # type: ignore[call-overload]  # fmt: skip


@needs_qt
def test_export_to_dash_writes_the_pdf_to_stdout_and_nothing_else(tmp_path: Path) -> None:
    """`export ID -o -` wrote a file named "-"; it now writes the PDF to standard output,
    for a pipe (`| lp`) or a redirection, with nothing else there."""
    from pypdf import PdfReader

    proc = export_to_stdout(tmp_path, "sun-rash", "chilblains")
    out, err = proc.communicate(timeout=120)

    assert (proc.returncode, err.decode()) == (0, "")
    assert out.startswith(b"%PDF-") and out.rstrip().endswith(b"%%EOF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(out)).pages)
    assert "A sun rash is an itchy rash" in " ".join(text.split())
    assert list(tmp_path.iterdir()) == []  # no file named "-"


@needs_qt
def test_export_to_dash_refuses_a_terminal(tmp_path: Path) -> None:
    import pty

    main_end, terminal = pty.openpty()
    try:
        proc = export_to_stdout(tmp_path, "sun-rash", stdout=terminal)
        _, err = proc.communicate(timeout=120)
        os.set_blocking(main_end, False)
        try:
            shown = os.read(main_end, 4096)
        except BlockingIOError:
            shown = b""
    finally:
        os.close(terminal)
        os.close(main_end)

    assert proc.returncode == 2
    assert err.decode() == ("healthreader export: -o - writes the PDF to standard output, which is a "
                            "terminal here. Send it to a file (-o handout.pdf) or to a program (-o - | lp).\n")
    assert shown == b""  # no binary on the screen
    assert list(tmp_path.iterdir()) == []


@needs_qt
def test_export_to_a_full_stdout_says_so(tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        proc = export_to_stdout(tmp_path, "sun-rash", stdout=full)
        _, err = proc.communicate(timeout=120)

    assert proc.returncode == 1
    assert err.decode() == ("healthreader export: could not write the handout to standard output: "
                            "No space left on device\n")


@needs_qt
def test_export_to_a_pipe_closed_early_says_the_pdf_is_not_whole(tmp_path: Path) -> None:
    # `healthreader export … -o - | head -c 5`: a packet larger than a pipe holds.
    ids = [path.stem for path in sorted(FIXTURE_LIBRARY.glob("*.md"))]
    folder = tmp_path / "content"
    write_article(folder, "long", title="Long", body="\n\n".join(
        f"Paragraph {n} has plain words for a long handout, one after another." for n in range(3000)))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-m", "healthreader", "--settings", os.devnull,
                             "--no-bundled", "--content", str(FIXTURE_LIBRARY), "--content", str(folder),
                             "export", *ids, "long", "-o", "-"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, env=env)  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(5) == b"%PDF-"
    proc.stdout.close()
    err = proc.stderr.read().decode()

    assert proc.wait(timeout=120) == 1
    assert err == "healthreader export: standard output was closed before the whole handout was written\n"


def test_search_into_a_closed_pipe_stops_quietly(tmp_path: Path) -> None:
    # `yes lupus | healthreader search - | head -1`
    proc = subprocess.Popen([sys.executable, "-m", "healthreader", "search", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)  # fmt: skip
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write(b"lupus\n" * 5_000)  # fits in the pipe: no deadlock with our reading
    proc.stdin.close()
    assert proc.stdout.readline().startswith(b'[{"id": "lupus"')
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in err and "BrokenPipe" not in err
