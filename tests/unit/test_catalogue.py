"""content/catalogue.py: the SQLite cache of parsed articles behind a fast warm start."""

from __future__ import annotations

import json
import os
import sqlite3
import textwrap
from pathlib import Path

import pytest

from healthreader.content import catalogue as catalogue_module
from healthreader.content.catalogue import FORMAT, Catalogue
from helpers import (
    damage,
    edit_keeping_size_and_times,
    messages,
    pages_of,
    run_python,
    write_article,
    write_glossary,
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    write_article(folder, "alpha", title="Alpha", related=["beta"],
                  body="## What is it?\n\nAlpha has anemia.\n")  # fmt: skip
    write_article(folder, "beta", title="Beta")
    write_article(folder, "broken", title="Broken", colour="red")
    return folder


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    return write_glossary(tmp_path / "glossary.yaml", {"anemia": "Too few red blood cells."})


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the catalogue parses (rather than reads from its rows)."""
    seen: list[Path] = []
    real = catalogue_module.parse_article

    def counting(path: Path, glossary: dict[str, str]):  # type: ignore[no-untyped-def]
        seen.append(path)
        return real(path, glossary)

    monkeypatch.setattr(catalogue_module, "parse_article", counting)
    return seen


def load_with(cache: Path, folder: Path, glossary: Path | None):  # type: ignore[no-untyped-def]
    catalogue = Catalogue.open(cache)
    try:
        library = catalogue.load([folder], glossary)
        # Whole articles come from the rows: read them before closing.
        return library, {i: library.get(i) for i in library.infos}
    finally:
        catalogue.close()


def bump(path: Path, text: str) -> None:
    """Rewrite a file as an editor would: new content and a later mtime."""
    stat = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_a_second_load_reuses_every_row(tmp_path: Path, folder: Path, glossary: Path, parses: list[Path]) -> None:
    cache = tmp_path / "cache" / "catalogue.sqlite"
    first, first_articles = load_with(cache, folder, glossary)
    assert len(parses) == 3

    parses.clear()
    second, second_articles = load_with(cache, folder, glossary)

    assert parses == []
    assert second.infos.keys() == first.infos.keys() == {"alpha", "beta"}
    assert second_articles == first_articles
    assert 'href="glossary:anemia"' in second_articles["alpha"].body_html
    # The broken file is still reported on a warm start, from its row.
    assert messages(second.problems) == messages(first.problems)
    assert messages(second.problems) == [
        f"{folder / 'broken.md'}:9: error: unknown key 'colour'"
    ]


def test_a_warm_start_reads_every_field_of_an_info_back(tmp_path: Path, parses: list[Path]) -> None:
    # The rows hold each field in a column, lists joined: nothing may be lost or merged.
    folder = tmp_path / "lib"
    write_article(folder, "gout", title="Gout", related=["lupus", "arthritis"],
                  also_called=["Gouty arthritis", "Podagra, acute"], categories=["Joints", "Bones"],
                  symptoms=["joint pain", "red, swollen toe"], summary="Sore joints; a summary, with a comma.",
                  language="es", reviewed="2026-02-03")  # fmt: skip
    write_article(folder, "bare", title="Bare")  # no list fields at all
    cache = tmp_path / "catalogue.sqlite"
    cold, _ = load_with(cache, folder, None)
    parses.clear()

    warm, _ = load_with(cache, folder, None)

    assert parses == []
    assert warm.infos == cold.infos
    gout = warm.infos["gout"]
    assert gout.also_called == ("Gouty arthritis", "Podagra, acute")
    assert gout.categories == ("Joints", "Bones")
    assert gout.related == ("lupus", "arthritis")
    assert gout.symptoms == ("joint pain", "red, swollen toe")
    assert (gout.summary, gout.language) == ("Sore joints; a summary, with a comma.", "es")
    assert warm.file_of("gout") == folder / "gout.md"
    bare = warm.infos["bare"]
    assert (bare.also_called, bare.categories, bare.related, bare.symptoms) == ((), (), (), ())


def test_a_warm_start_shows_the_same_of_two_files_with_one_id(tmp_path: Path, parses: list[Path]) -> None:
    folder = tmp_path / "lib"
    named = write_article(folder, "gout", title="Gout")
    write_article(folder, "gout", title="Gout (draft)", file_name="gout-copy.md")
    cache = tmp_path / "cache" / "catalogue.sqlite"
    cold, _ = load_with(cache, folder, None)

    parses.clear()
    warm, articles = load_with(cache, folder, None)

    assert parses == []
    assert warm.info("gout").title == cold.info("gout").title == "Gout"
    assert articles["gout"].path == named
    assert messages(warm.problems) == messages(cold.problems) != []


def test_a_folder_given_twice_or_inside_another_is_read_once(tmp_path: Path, folder: Path, parses: list[Path]) -> None:
    """``--content lib check lib``, or a clinic folder inside the folder checked: each file
    was loaded, and its problems reported, once per time its folder was named."""
    catalogue = Catalogue.open(None)

    library = catalogue.load([folder, tmp_path, folder / ".." / "lib"], None)

    assert sorted(parses) == sorted(folder.glob("*.md"))
    assert messages(library.problems) == [f"{folder / 'broken.md'}:9: error: unknown key 'colour'"]
    assert library.infos.keys() == {"alpha", "beta"}
    assert library.overrides == []
    catalogue.close()


def test_a_warm_start_imports_no_parser(tmp_path: Path, folder: Path, glossary: Path) -> None:
    cache = tmp_path / "cache" / "catalogue.sqlite"
    load_with(cache, folder, glossary)  # cold: fills the cache
    code = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        from healthreader.content.catalogue import Catalogue
        catalogue = Catalogue.open(Path({str(cache)!r}))
        library = catalogue.load([Path({str(folder)!r})], Path({str(glossary)!r}))
        article = library.get("alpha")
        print(json.dumps({{
            "ids": sorted(library.infos),
            "title": article.title,
            "glossary_marked": "glossary:anemia" in article.body_html,
            "imported": sorted(m for m in ("markdown", "yaml", "nh3", "PySide6",
                                           "healthreader.content.loader",
                                           "healthreader.content.frontmatter") if m in sys.modules),
        }}))
        """
    )

    done = run_python(code)

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result == {"ids": ["alpha", "beta"], "title": "Alpha", "glossary_marked": True, "imported": []}


def test_a_cold_start_does_import_the_parsers(tmp_path: Path, folder: Path, glossary: Path) -> None:
    # The counterpart of the warm-start test: proves the probe would see the imports.
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from healthreader.content.catalogue import Catalogue
        Catalogue.open(Path({str(tmp_path / 'fresh.sqlite')!r})).load([Path({str(folder)!r})], None)
        print("markdown" in sys.modules and "yaml" in sys.modules)
        """
    )

    done = run_python(code)

    assert done.stdout.strip() == "True", done.stderr


def test_an_edited_file_is_parsed_again(tmp_path: Path, folder: Path, glossary: Path, parses: list[Path]) -> None:
    cache = tmp_path / "catalogue.sqlite"
    load_with(cache, folder, glossary)
    beta = folder / "beta.md"
    bump(beta, beta.read_text("utf-8").replace("title: Beta", "title: Beta, revised"))
    parses.clear()

    library, articles = load_with(cache, folder, glossary)

    assert parses == [beta]
    assert library.info("beta").title == "Beta, revised"
    assert articles["beta"].title == "Beta, revised"


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_parsed_again(
    tmp_path: Path, folder: Path, glossary: Path, parses: list[Path]
) -> None:
    """A fix of "5 mg" to "8 mg" copied over with its old time never reached readers."""
    cache = tmp_path / "catalogue.sqlite"
    load_with(cache, folder, glossary)
    beta = folder / "beta.md"
    edit_keeping_size_and_times(beta, "title: Beta", "title: Bet8")
    parses.clear()

    library, articles = load_with(cache, folder, glossary)

    assert parses == [beta]
    assert library.info("beta").title == articles["beta"].title == "Bet8"


def test_an_edit_that_breaks_a_file_reports_it_and_drops_the_article(tmp_path: Path, folder: Path) -> None:
    cache = tmp_path / "catalogue.sqlite"
    load_with(cache, folder, None)
    beta = folder / "beta.md"
    bump(beta, beta.read_text("utf-8") + "\nNow with <b>raw HTML</b>.\n")

    library, _ = load_with(cache, folder, None)

    assert "beta" not in library
    assert f"{beta}:" in "\n".join(messages(library.problems))
    assert "raw HTML is not allowed" in "\n".join(messages(library.problems))


def test_a_deleted_file_disappears(tmp_path: Path, folder: Path) -> None:
    cache = tmp_path / "catalogue.sqlite"
    load_with(cache, folder, None)
    (folder / "beta.md").unlink()

    library, _ = load_with(cache, folder, None)

    assert sorted(library.infos) == ["alpha"]
    assert library.related("alpha") == []
    with sqlite3.connect(cache) as conn:
        stored = [row[0] for row in conn.execute("SELECT path FROM files")]
    assert str(folder / "beta.md") not in stored


def test_a_deleted_file_is_forgotten_from_a_folder_that_has_only_warnings(tmp_path: Path) -> None:
    """The catalogue forgot deleted files only from a folder whose listing raised no
    problem at all: a warning (a file not read, ``knee.md.txt``) kept their rows for ever.
    Only an error listing the folder (one it cannot read in full) may keep them."""
    folder = tmp_path / "lib"
    write_article(folder, "alpha", title="Alpha", body="## Steps\n\n    Indented by mistake.\n")
    write_article(folder, "beta", title="Beta")
    (folder / "knee.md.txt").write_text("notes", encoding="utf-8")
    cache = tmp_path / "catalogue.sqlite"
    first, _ = load_with(cache, folder, None)
    assert sorted(first.infos) == ["alpha", "beta"]
    assert {p.severity for p in first.problems} == {"warning"}  # alpha's indent, knee.md.txt
    (folder / "beta.md").unlink()

    library, articles = load_with(cache, folder, None)

    assert sorted(library.infos) == ["alpha"]
    assert "Indented by mistake." in articles["alpha"].body_html
    assert [str(p.path) for p in library.problems] == [str(folder / "knee.md.txt"), str(folder / "alpha.md")]
    with sqlite3.connect(cache) as conn:
        stored = {row[0] for row in conn.execute("SELECT path FROM files")}
        kept = {row[0] for row in conn.execute("SELECT path FROM articles")}
    assert str(folder / "beta.md") not in stored | kept
    assert str(folder / "alpha.md") in stored


def test_a_new_file_appears(tmp_path: Path, folder: Path) -> None:
    cache = tmp_path / "catalogue.sqlite"
    load_with(cache, folder, None)
    write_article(folder, "gamma", title="Gamma")

    library, _ = load_with(cache, folder, None)

    assert sorted(library.infos) == ["alpha", "beta", "gamma"]


def test_a_changed_glossary_renders_every_article_again(tmp_path: Path, folder: Path, glossary: Path) -> None:
    cache = tmp_path / "catalogue.sqlite"
    load_with(cache, folder, glossary)
    stat = glossary.stat()
    write_glossary(glossary, {"alpha": "The first letter."})
    os.utime(glossary, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))

    _, articles = load_with(cache, folder, glossary)

    html = articles["alpha"].body_html
    assert "glossary:anemia" not in html
    assert 'href="glossary:alpha" title="The first letter."' in html


def test_a_glossary_fixed_with_its_size_and_time_kept_reaches_readers(
    tmp_path: Path, folder: Path, glossary: Path
) -> None:
    # A copy tool that keeps times (cp -p, rsync -t, an installer) puts the old modification
    # time back: the definition and the pages that show it are still read again.
    cache = tmp_path / "catalogue.sqlite"
    write_glossary(glossary, {"anemia": "Too few red blood cells; dose 5 mg."})
    load_with(cache, folder, glossary)
    edit_keeping_size_and_times(glossary, "dose 5 mg", "dose 8 mg")

    catalogue = Catalogue.open(cache)
    try:
        library = catalogue.load([folder], glossary)
        html = library.get("alpha").body_html
        assert catalogue.glossary["anemia"] == "Too few red blood cells; dose 8 mg."
    finally:
        catalogue.close()
    assert "dose 8 mg" in html
    assert "dose 5 mg" not in html


@pytest.mark.parametrize(
    "corrupt",
    [
        b"this is not a database at all\n" * 200,
        b"SQLite format 3\x00" + b"\xff" * 4000,
        b"",
    ],
    ids=["text", "bad-pages", "empty"],
)
def test_a_corrupt_catalogue_file_is_rebuilt(tmp_path: Path, folder: Path, corrupt: bytes) -> None:
    cache = tmp_path / "catalogue.sqlite"
    cache.write_bytes(corrupt)

    library, articles = load_with(cache, folder, None)

    assert sorted(library.infos) == ["alpha", "beta"]
    assert articles["alpha"].title == "Alpha"
    with sqlite3.connect(cache) as conn:  # rebuilt on disk, not only in memory
        assert conn.execute("SELECT count(*) FROM files").fetchone()[0] == 3


def healthy(cache: Path) -> bool:
    with sqlite3.connect(cache) as conn:
        return conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_a_page_damaged_past_the_first_rows_is_rebuilt_at_start(
    tmp_path: Path, folder: Path, glossary: Path, parses: list[Path]
) -> None:
    cache = tmp_path / "catalogue.sqlite"
    load_with(cache, folder, glossary)
    # The index a start looks files up by: reading one row of each table does not touch it.
    damage(cache, pages_of(cache, "sqlite_autoindex_files_1"))
    parses.clear()

    library, articles = load_with(cache, folder, glossary)

    assert sorted(library.infos) == ["alpha", "beta"]
    assert articles["alpha"].title == "Alpha"
    assert messages(library.problems) == [f"{folder / 'broken.md'}:9: error: unknown key 'colour'"]
    assert len(parses) == 3  # read again from the files
    assert healthy(cache)
    parses.clear()
    again, _ = load_with(cache, folder, glossary)
    assert parses == [] and sorted(again.infos) == ["alpha", "beta"]


def test_an_article_whose_stored_page_is_damaged_is_read_from_its_file(
    tmp_path: Path, glossary: Path, parses: list[Path]
) -> None:
    folder = tmp_path / "lib"
    write_article(folder, "alpha", title="Alpha")
    # Longer than a page: its text is stored on pages of its own.
    write_article(folder, "beta", title="Beta", body="## What is it?\n\n" + "Beta has anemia. " * 600)
    cache = tmp_path / "catalogue.sqlite"
    load_with(cache, folder, glossary)
    data = cache.read_bytes()
    beta_pages = [n for n in pages_of(cache, "articles") if b"Beta has anemia" in data[(n - 1) * 4096 : n * 4096]]
    assert beta_pages
    damage(cache, beta_pages[1:2])
    parses.clear()

    catalogue = Catalogue.open(cache)
    library = catalogue.load([folder], glossary)
    assert parses == []  # the start itself found nothing wrong
    beta = library.get("beta")
    catalogue.close()

    assert beta.title == "Beta"
    assert beta.body.count("Beta has anemia.") == 600
    assert 'href="glossary:anemia"' in beta.body_html
    assert parses == [folder / "beta.md"]
    # The next start puts the cache right, and the one after reads every row.
    load_with(cache, folder, glossary)
    assert healthy(cache)
    parses.clear()
    _, articles = load_with(cache, folder, glossary)
    assert parses == [] and articles["beta"].title == "Beta"


NOT_UTF8 = "CAST(x'ff41' AS TEXT)"


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [("files", "title", NOT_UTF8), ("files", "problems", NOT_UTF8), ("files", "problems", "'{not json'"),
     ("files", "problems", "'[1]'"), ("articles", "article", NOT_UTF8),
     ("articles", "article", "'{not json'"), ("articles", "article", "'[]'"),
     ("articles", "article", "'{}'")],
)  # fmt: skip
def test_a_stored_value_that_cannot_be_read_is_read_again_from_the_file(
    tmp_path: Path, folder: Path, table: str, column: str, value: str
) -> None:
    cache = tmp_path / "catalogue.sqlite"
    load_with(cache, folder, None)
    with sqlite3.connect(cache) as conn:
        conn.execute(f"UPDATE {table} SET {column} = {value}")

    library, articles = load_with(cache, folder, None)

    assert sorted(library.infos) == ["alpha", "beta"]
    assert [articles[i].title for i in ("alpha", "beta")] == ["Alpha", "Beta"]
    assert messages(library.problems) == [f"{folder / 'broken.md'}:9: error: unknown key 'colour'"]
    with sqlite3.connect(cache) as conn:  # put right on disk, not only worked around
        stored = [v for (v,) in conn.execute(f"SELECT {column} FROM {table}")]
    assert value.strip("'") not in stored
    _, again = load_with(cache, folder, None)
    assert again == articles


@pytest.mark.parametrize(
    "user_version", [0, 1, FORMAT], ids=["unversioned", "older", "same-number"]
)
def test_a_catalogue_of_another_layout_is_rebuilt(
    tmp_path: Path, folder: Path, user_version: int
) -> None:
    cache = tmp_path / "catalogue.sqlite"
    with sqlite3.connect(cache) as conn:
        conn.execute("CREATE TABLE files (path TEXT PRIMARY KEY)")
        conn.execute("INSERT INTO files VALUES ('x')")
        conn.execute(f"PRAGMA user_version = {user_version}")

    library, articles = load_with(cache, folder, None)

    assert sorted(library.infos) == ["alpha", "beta"]
    assert articles["beta"].title == "Beta"


def test_a_cache_that_cannot_be_written_falls_back_to_memory(tmp_path: Path, folder: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")

    library, articles = load_with(blocker / "catalogue.sqlite", folder, None)

    assert sorted(library.infos) == ["alpha", "beta"]
    assert articles["alpha"].related == ("beta",)


def test_a_cache_locked_by_another_reader_is_used_in_memory_and_never_deleted(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "catalogue.sqlite"
    load_with(cache, folder, None)
    inode = cache.stat().st_ino
    monkeypatch.setattr(Catalogue, "LOCK_TIMEOUT", 0.1)
    other = sqlite3.connect(cache)
    other.execute("BEGIN EXCLUSIVE")  # another Health Reader in the middle of writing
    try:
        library, articles = load_with(cache, folder, None)
    finally:
        other.rollback()
        other.close()

    assert sorted(library.infos) == ["alpha", "beta"]
    assert articles["alpha"].title == "Alpha"
    assert cache.stat().st_ino == inode  # the same file: not taken for corrupt and replaced
    with sqlite3.connect(cache) as conn:
        assert conn.execute("SELECT count(*) FROM files").fetchone()[0] == 3


def test_an_article_the_shared_cache_lost_meanwhile_is_read_from_its_file(
    tmp_path: Path, folder: Path, glossary: Path
) -> None:
    cache = tmp_path / "catalogue.sqlite"
    first = Catalogue.open(cache)
    library = first.load([folder], glossary)
    # Another Health Reader, with another glossary, empties the shared cache.
    second = Catalogue.open(cache)
    second.load([folder], None)
    second.close()
    with sqlite3.connect(cache) as conn:
        conn.execute("DELETE FROM articles")

    article = library.get("alpha")

    first.close()
    assert article.title == "Alpha"
    assert 'href="glossary:anemia"' in article.body_html  # with this reader's glossary


def test_a_broken_glossary_is_reported_at_every_start(tmp_path: Path, folder: Path, parses: list[Path]) -> None:
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text("a: one\na: two\n", encoding="utf-8")
    cache = tmp_path / "catalogue.sqlite"

    first, _ = load_with(cache, folder, glossary)
    parses.clear()
    second, _ = load_with(cache, folder, glossary)

    for library in (first, second):
        assert any(str(glossary) in m and "duplicate key 'a'" in m for m in messages(library.problems))
    assert parses == []  # reported from the cache: the articles are not all parsed again


def test_a_folder_that_cannot_be_listed_is_reported_not_taken_for_empty(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    more = folder / "more"
    write_article(more, "gamma", title="Gamma")
    cache = tmp_path / "catalogue.sqlite"
    load_with(cache, folder, None)
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if os.fspath(path) == str(more.resolve()):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    library, _ = load_with(cache, folder, None)

    assert f"{more.resolve()}: error: cannot read the folder: Permission denied" in messages(library.problems)
    with sqlite3.connect(cache) as conn:  # its rows are kept for when it can be read again
        stored = {row[0] for row in conn.execute("SELECT path FROM files")}
    assert str((more / "gamma.md").resolve()) in stored


def test_articles_can_be_read_from_the_search_index_thread(tmp_path: Path, folder: Path) -> None:
    """The search index is built on a thread of its own and reads articles through here."""
    import threading

    catalogue = Catalogue.open(tmp_path / "cache.sqlite")
    library = catalogue.load([folder], None)
    read: list[str] = []
    worker = threading.Thread(target=lambda: read.append(catalogue.fetch("alpha").title))
    worker.start()
    worker.join()
    assert read == ["Alpha"]
    assert library.get("beta").title == "Beta"  # and still from this one
    catalogue.close()


def test_a_warm_start_reads_on_while_another_reader_writes(
    tmp_path: Path, folder: Path, parses: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two readers started together after an update: the one building the cache holds its
    write lock, and the other, warm, must neither wait for it nor parse every file again."""
    cache = tmp_path / "catalogue.sqlite"
    load_with(cache, folder, None)
    parses.clear()
    monkeypatch.setattr(Catalogue, "LOCK_TIMEOUT", 0.1)
    other = sqlite3.connect(cache)
    other.execute("BEGIN IMMEDIATE")  # writing, not yet committing
    try:
        library, articles = load_with(cache, folder, None)
    finally:
        other.rollback()
        other.close()

    assert parses == []  # read from the cache, not parsed in memory
    assert sorted(library.infos) == ["alpha", "beta"] and articles["beta"].title == "Beta"


def test_a_read_only_cache_is_read_and_a_change_is_parsed_in_memory(
    tmp_path: Path, folder: Path, parses: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "catalogue.sqlite"
    load_with(cache, folder, None)
    parses.clear()
    real = sqlite3.connect

    def read_only(name: str, **kwargs: object) -> sqlite3.Connection:
        if name == ":memory:":
            return real(name, **kwargs)  # type: ignore[arg-type]
        return real(f"file:{name}?mode=ro", uri=True, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(catalogue_module.sqlite3, "connect", read_only)
    library, _ = load_with(cache, folder, None)
    assert parses == [] and sorted(library.infos) == ["alpha", "beta"]

    bump(folder / "beta.md", (folder / "beta.md").read_text(encoding="utf-8").replace("Beta", "Beta two"))
    library, articles = load_with(cache, folder, None)
    assert articles["beta"].title == "Beta two"


def test_readers_with_other_content_folders_share_the_catalogue_safely(
    tmp_path: Path, folder: Path, parses: list[Path]
) -> None:
    """Rows are keyed by each file's full path, and a load only touches the rows below its
    own folders: a reader without the clinic's folder neither drops nor changes the clinic's
    pages under a kiosk that shows them, nor makes its next start parse them again."""
    cache = tmp_path / "catalogue.sqlite"
    clinic = tmp_path / "clinic"
    write_article(clinic, "frostbite", title="Frostbite", body="## What is it?\n\nFrozen toes.\n")
    kiosk = Catalogue.open(cache)
    try:
        library = kiosk.load([folder, clinic], None)
        load_with(cache, folder, None)  # another reader, without --content clinic

        assert "Frozen toes." in library.get("frostbite").body
    finally:
        kiosk.close()
    parses.clear()
    kiosk = Catalogue.open(cache)
    try:
        assert "frostbite" in kiosk.load([folder, clinic], None)
    finally:
        kiosk.close()
    assert parses == []
