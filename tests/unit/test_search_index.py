"""search/index.py and search/command.py: what a search finds, shows, and how the cache lives."""

from __future__ import annotations

import datetime
import io
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from healthreader import paths
from healthreader.content.catalogue import Catalogue
from healthreader.content.files import changed_ns
from healthreader.content.loader import load_library
from healthreader.content.model import Article, ArticleInfo, Library
from healthreader.content.plaintext import markdown_to_text
from healthreader.errors import ContentError
from healthreader.search import command
from healthreader.search import index as index_module
from healthreader.search.index import SearchIndex
from healthreader.search.layterms import load_lay_terms
from healthreader.search.lazy import LazySearchIndex
from helpers import edit_keeping_size_and_times, write_article

DAY = datetime.date(2026, 1, 1)


def article(article_id: str, title: str, summary: str = "A plain summary.", body: str = "Plain text.",
            also: tuple[str, ...] = (), symptoms: tuple[str, ...] = (), path: Path | None = None) -> Article:  # fmt: skip
    return Article(article_id, title, summary, DAY, body, "", also_called=also, symptoms=symptoms, path=path)


LIBRARY = [
    article("hives", "Hives", "Raised, itchy welts on the skin that come and go.",
            "## Causes\n\nAn **allergy** to foods or medicines.\n\n## Symptoms\n\n- Itchy rashes",
            also=("urticaria", "welts"), symptoms=("itchy welts", "swollen lips")),
    article("lupus", "Lupus", "A long-term disease where the immune system attacks the body.",
            "Many people get a butterfly rash across the cheeks. Kidney problems can follow.",
            also=("SLE", "systemic lupus erythematosus"), symptoms=("joint pain", "butterfly rash")),
    article("itp", "Immune thrombocytopenia (ITP)", "Too few platelets, so you bruise easily.",
            "Bleeding gums and nosebleeds are common.", also=("ITP", "low platelets")),
    article("nodes", "Swollen lymph nodes", "Small glands that swell when you fight germs.",
            "A sore throat can make the nodes in your neck swell.", also=("swollen glands",)),
    article("gbs", "Guillain-Barré syndrome", "A rare nerve problem causing weakness.",
            "Tingling in the feet often comes first.", also=("GBS",)),
    article("thyroid", "Hypothyroidism", "An underactive thyroid gland.",
            "Tiredness and weight gain. Hypothyroidism is treated with a daily pill < 1 g & safe."),
]  # fmt: skip


@pytest.fixture(scope="module")
def idx() -> Iterator[SearchIndex]:
    index = SearchIndex.open(None, Library.from_articles(LIBRARY))
    yield index
    index.close()


def ids(index: SearchIndex, text: str, limit: int = 20) -> list[str]:
    return [h.id for h in index.search(text, limit).hits]


# -- finding -----------------------------------------------------------------------------


def test_finds_by_title_synonym_symptom_summary_and_body(idx: SearchIndex) -> None:
    assert ids(idx, "lupus")[0] == "lupus"
    assert ids(idx, "urticaria") == ["hives"]
    assert ids(idx, "joint pain") == ["lupus"]
    assert ids(idx, "platelets")[0] == "itp"
    assert ids(idx, "nosebleeds") == ["itp"]


def test_title_outranks_synonym_symptom_summary_and_body() -> None:
    """The same word in a different field of each article: title first, body last."""
    lib = Library.from_articles([
        article("e", "Echo", body="zebrafish"), article("d", "Delta", summary="zebrafish"),
        article("c", "Charlie", symptoms=("zebrafish",)), article("b", "Bravo", also=("zebrafish",)),
        article("a", "Zebrafish"),
    ])  # fmt: skip
    index = SearchIndex.open(None, lib)
    assert ids(index, "zebrafish") == ["a", "b", "c", "d", "e"]
    scores = [h.score for h in index.search("zebrafish").hits]
    assert scores == sorted(scores, reverse=True)


def test_prefix_of_the_word_being_typed(idx: SearchIndex) -> None:
    for typed in ("hyp", "hypo", "hypoth", "hypothy", "hypothyr", "hypothyroidis"):
        assert ids(idx, typed)[:1] == ["thyroid"], typed
    assert ids(idx, "lou") == []  # nothing starts with "lou" here


def test_plurals_and_singulars_find_each_other(idx: SearchIndex) -> None:
    assert "lupus" in ids(idx, "rashes")  # the body says "rash"
    assert "hives" in ids(idx, "rash ")  # the body says "rashes"
    assert "nodes" in ids(idx, "gland ")


def test_diacritics_do_not_matter(idx: SearchIndex) -> None:
    assert ids(idx, "guillain barre")[0] == "gbs"
    assert ids(idx, "GUILLAIN-BARRÉ")[0] == "gbs"


def test_exact_names_come_first(idx: SearchIndex) -> None:
    assert ids(idx, "itp")[0] == "itp"
    assert ids(idx, "swollen glands")[0] == "nodes"
    assert ids(idx, "hives")[0] == "hives"


def test_a_one_or_two_letter_query_looks_up_names(idx: SearchIndex) -> None:
    assert ids(idx, "h") == ["hives", "thyroid"]  # names starting with h, A-Z
    assert ids(idx, "it") == ["itp"]
    assert ids(idx, "x") == []


def test_a_short_word_typed_last_finds_it_right_after_the_word_before_first() -> None:
    """"hepatitis c" as typed: the "c" is too short to search as a prefix, but an article
    that says "hepatitis C" comes first; the others with "hepatitis" follow."""
    lib = Library.from_articles([
        article("aih", "Autoimmune hepatitis", "The immune system attacks the liver."),
        article("itp", "Immune thrombocytopenia", body="It may follow hepatitis C or HIV."),
        article("far", "Far apart", body="Hepatitis is named here. C is a letter."),
        article("types", "Diabetes", body="Type 1 is the most common type in children."),
    ])  # fmt: skip
    index = SearchIndex.open(None, lib)
    assert ids(index, "hepatitis c") == ["itp", "aih", "far"]
    hits = index.search("hepatitis c").hits
    assert hits[0].snippet == "It may follow [[hepatitis]] [[C]] or HIV."
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert ids(index, "type 1")[0] == "types"
    assert ids(index, "hepatitis c ") == ["itp", "far"]  # a finished word: searched as one
    assert ids(index, "hepatitis x") == ["aih", "itp", "far"]  # no "hepatitis X": as before
    index.close()


def test_limit(idx: SearchIndex) -> None:
    assert len(idx.search("h", 1).hits) == 1
    assert len(idx.search("the", 2).hits) <= 2


# -- what a hit shows ----------------------------------------------------------------------


def test_snippet_marks_matched_words(idx: SearchIndex) -> None:
    hit = idx.search("itchy welts").hits[0]
    assert hit.id == "hives"
    assert hit.snippet == "Raised, [[itchy]] [[welts]] on the skin that come and go."
    assert hit.snippet_html == "Raised, <b>itchy</b> <b>welts</b> on the skin that come and go."


def test_snippet_comes_from_the_body_when_the_summary_lacks_the_words(idx: SearchIndex) -> None:
    hit = idx.search("butterfly").hits[0]
    assert hit.snippet.startswith("Many people get a [[butterfly]] rash")
    assert "\n" not in hit.snippet


def test_snippet_html_is_escaped(idx: SearchIndex) -> None:
    hit = idx.search("daily pill").hits[0]
    assert "[[daily]] [[pill]] < 1 g & safe" in hit.snippet
    assert "<b>daily</b> <b>pill</b> &lt; 1 g &amp; safe" in hit.snippet_html


def test_long_text_is_cut_around_the_match() -> None:
    body = " ".join(["filler"] * 200) + " zebrafish " + " ".join(["padding"] * 200)
    hit = SearchIndex.open(None, Library.from_articles([article("z", "Z", body=body)])).search("zebrafish").hits[0]
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert "[[zebrafish]]" in hit.snippet
    assert len(hit.snippet) < 200


@pytest.mark.parametrize("body", [
    # Long runs with no space to cut at: the cut once fell inside the word, or left it out.
    "x " + "/".join(["rest"] * 30) + "/tired/" + "/".join(["more"] * 40),
    "x " + "/".join(["rest"] * 36) + "/tiredness/" + "/".join(["more"] * 40),
    "x " + "rest/" * 26 + "more" * 20 + "/tired/" + "more" * 40,
])  # fmt: skip
def test_a_snippet_is_never_cut_inside_a_matched_word(body: str) -> None:
    index = SearchIndex.open(None, Library.from_articles([article("z", "Z", body=body)]))
    [hit] = index.search("tired").hits

    shown = hit.snippet.removeprefix("…").removesuffix("…")
    assert "[[tired" in shown and shown.count("[[") == shown.count("]]")
    text = shown.replace("[[", "").replace("]]", "")
    at = body.index(text)
    # Cut between words at both ends, never inside one.
    assert at == 0 or not (body[at - 1].isalnum() and body[at].isalnum())
    end = at + len(text)
    assert end == len(body) or not (body[end - 1].isalnum() and body[end].isalnum())


@given(st.lists(st.sampled_from(["rest", "a", "moremoremoremore", "x" * 60]), max_size=60),
       st.lists(st.sampled_from(["tired", "tiredness", "rest", "a", "x" * 60]), min_size=1, max_size=40),
       st.lists(st.sampled_from([" ", "/", "-", ", ", ""]), min_size=1, max_size=4))  # fmt: skip
# The last space before the window's end came before the first match: it was left out.
@example(["rest", "rest", "moremoremoremore", "x" * 60], ["tired", "tired", "x" * 60], [" ", "/", "/"])
def test_no_window_of_a_line_cuts_a_matched_word(lead: list[str], words: list[str], gaps: list[str]) -> None:
    import re

    from healthreader.search.index import _window

    line = "".join(w + gaps[n % len(gaps)] for n, w in enumerate(lead + words)).strip()
    spans = [m.span() for m in re.finditer(r"tired\w*", line)
             if (m.start() == 0 or not line[m.start() - 1].isalnum())]
    plain, _rich = _window(line, spans)

    shown = plain.removeprefix("…").removesuffix("…")
    for marked in re.findall(r"\[\[(.*?)\]\]", shown):
        assert marked.startswith("tired") and re.fullmatch(r"tired\w*", marked)
    text = shown.replace("[[", "").replace("]]", "")
    at = line.find(text)
    assert at >= 0
    for s, e in spans:  # every match in the window whole and marked, none cut
        assert e <= at or s >= at + len(text) or (at <= s and e <= at + len(text))
    if spans and len(line) > 150:
        assert "[[" in plain  # the first match is always shown


def test_reason_names_the_synonym_or_symptom(idx: SearchIndex) -> None:
    assert idx.search("urticaria").hits[0].reason == "also called: urticaria"
    assert idx.search("itchy welts").hits[0].reason == "symptom: itchy welts"
    assert idx.search("swollen glands").hits[0].reason == "also called: swollen glands"
    assert idx.search("hives").hits[0].reason is None  # the title says it


def test_markdown_is_indexed_as_text() -> None:
    text = markdown_to_text("## Causes\n\n- **Foods**, such as [nuts](nut-allergy)\n- `Stress`")
    assert text == "Causes\nFoods, such as nuts\nStress"


# -- typos -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "corrected", "found"),
    [("lupis", "lupus", "lupus"), ("guillian bare", "guillain barré", "gbs"),
     ("hypothyroidsm", "hypothyroidism", "thyroid"), ("urticara", "urticaria", "hives"),
     ("swolen glands", "swollen glands", "nodes")],
)  # fmt: skip
def test_typos_are_corrected(idx: SearchIndex, typed: str, corrected: str, found: str) -> None:
    results = idx.search(typed)
    assert results.corrected == corrected
    assert results.hits[0].id == found


@pytest.mark.parametrize(("typed", "meant"), [("sweating", "sweat"), ("stones", "stone")])
def test_a_real_word_is_not_turned_into_another_word_two_letters_away(typed: str, meant: str) -> None:
    """"sweating" is two letters from the symptom "swelling", "stones" from "sores": a
    misspelling two letters away keeps its consonants ("loopus"), another word does not.
    The article that says the word is found as typed; with none, nothing is claimed."""
    library = Library.from_articles([
        article("vasc", "Vasculitis", symptoms=("swelling", "mouth sores")),
        article("lymph", "Lymphoma", body=f"Heavy {typed} at night." if typed == "sweating" else "Lumps."),
    ])  # fmt: skip
    index = SearchIndex.open(None, library, lay_terms=None)
    results = index.search(typed + " ")
    assert results.corrected is None
    assert [h.id for h in results.hits] == (["lymph"] if meant == "sweat" else [])
    assert index.search("loopus ").corrected is None  # no such name here: nothing to correct to


@pytest.mark.parametrize(("typed", "corrected"), [("loopus", "lupus"), ("multipul sclerosis", "multiple sclerosis"),
                                                  ("peeling", None)])  # fmt: skip
def test_a_misspelling_sounds_like_the_word_and_starts_the_same(typed: str, corrected: str | None) -> None:
    """Two letters away, "loopus" and "multipul" keep the consonants of lupus and multiple;
    "peeling" is one letter from "feeling" but does not start like it."""
    library = Library.from_articles([
        article("lupus", "Lupus"), article("ms", "Multiple sclerosis"),
        article("lymph", "Lymphoma", symptoms=("feeling unwell",)),
    ])  # fmt: skip
    index = SearchIndex.open(None, library, lay_terms=None)
    assert index.search(typed + " ").corrected == corrected


def test_a_short_word_being_typed_is_not_turned_into_a_word_of_the_text() -> None:
    """"kidney ston" is on its way to "kidney stones": not "Showing results for kidney stop"
    (a word of some articles); a name's word is a likely typo ("kidney lupis")."""
    library = Library.from_articles([
        article("gn", "Glomerulonephritis", "Kidney inflammation.", also=("kidney inflammation",),
                symptoms=("bleeding that will not stop",)),
        article("lupus", "Lupus", "It can harm the kidney.", body="Treatment may stop the kidney damage."),
    ])  # fmt: skip
    index = SearchIndex.open(None, library, lay_terms=None)
    results = index.search("kidney ston")
    assert results.corrected is None
    assert {h.id for h in results.hits} == {"gn", "lupus"}
    assert index.search("kidney lupis").corrected == "kidney lupus"


def test_no_correction_when_the_words_match(idx: SearchIndex) -> None:
    assert idx.search("lupus").corrected is None


def test_nothing_found(idx: SearchIndex) -> None:
    results = idx.search("xyzzy quux")
    assert results.hits == [] and results.corrected is None


def test_some_words_when_no_article_has_all(idx: SearchIndex) -> None:
    assert ids(idx, "itchy welts zebrafish")[0] == "hives"


def test_with_some_of_the_words_a_rare_word_in_the_text_outranks_a_common_one_in_a_summary() -> None:
    """No article has both words of "heart attack": the one article that says "heart",
    in its text only, comes before the many whose summary says the immune system attacks."""
    library = Library.from_articles([
        *(article(f"auto{n}", f"Autoimmune disease {n}", "The immune system attacks the body.") for n in range(6)),
        article("anemia", "Anemia", "Too few red blood cells.", body="Severe anemia makes the heart work harder."),
        article("other", "Other", "Nothing about either word."),
    ])  # fmt: skip
    index = SearchIndex.open(None, library, lay_terms=None)
    results = index.search("heart attack")
    assert results.some_words
    assert [hit.id for hit in results.hits][:2] == ["anemia", "auto0"]
    assert "[[heart]]" in results.hits[0].snippet


# -- everyday words ----------------------------------------------------------------------


def lay_index(tmp_path: Path, table: str) -> SearchIndex:
    path = tmp_path / "lay_terms.yaml"
    path.write_text(table, "utf-8")
    return SearchIndex.open(None, Library.from_articles(LIBRARY), lay_terms=path)


def test_an_everyday_word_is_searched_as_the_articles_word(tmp_path: Path) -> None:
    index = lay_index(tmp_path, "bumps: welts\nweak blood: too few platelets\n")

    results = index.search("itchy bumps")
    assert (results.corrected, results.hits[0].id) == ("itchy welts", "hives")
    results = index.search("Weak blood")  # a phrase; case does not matter
    assert (results.corrected, results.hits[0].id) == ("too few platelets", "itp")


def test_a_word_an_article_is_named_by_is_searched_as_typed(tmp_path: Path) -> None:
    """An article called "SLE" (here Lupus's other name) is what "sle" means, whatever
    the table says."""
    index = lay_index(tmp_path, "sle: hives\n")

    results = index.search("sle")
    assert (results.corrected, results.hits[0].id) == (None, "lupus")


def test_the_table_is_read_once_as_the_index_opens_on_its_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not on the way to the window's first paint (the app starts the index after it),
    nor at the first keystroke (reading YAML for the first time takes tens of ms)."""
    reads: list[str] = []
    real = index_module.load_lay_terms
    monkeypatch.setattr(index_module, "load_lay_terms",
                        lambda path: (reads.append(threading.current_thread().name), real(path))[1])  # fmt: skip
    lazy = LazySearchIndex(None, Library.from_articles(LIBRARY))  # what the app makes before the paint
    assert reads == []

    lazy.start()
    lazy.wait()
    assert len(reads) == 1 and reads[0] != threading.current_thread().name
    results = lazy.search("exhausted")  # the bundled table: "tiredness"
    assert (results.corrected, results.hits[0].id) == ("tiredness", "thyroid")
    assert lazy.search("itchy welts").hits[0].id == "hives"
    assert len(reads) == 1
    lazy.close()


@pytest.mark.parametrize("table", ["bumps: [welts]\n", "bumps: welts\nbumps: hives\n", ": :\n", "- a list\n",
                                   "bumps: bump\n", "\x00"])  # fmt: skip
def test_a_broken_table_is_left_out_and_search_goes_on(tmp_path: Path, table: str) -> None:
    index = lay_index(tmp_path, table)

    assert index.search("bumps").hits == []
    assert index.search("welts").hits[0].id == "hives"


@pytest.mark.parametrize(("table", "line", "message"), [
    ("tummy: belly\nbumps: [welts]\n", 2, "lay term 'bumps' must be text mapped to text (the words articles use)"),
    ("tummy: belly\ntummies: stomach\n", 2, "lay term 'tummies' is listed twice (once in another spelling)"),
    ("rashes: rash\n", 1, "lay term 'rashes' is mapped to itself"),
    ("a b c d e: rash\n", 1, "lay term 'a b c d e' must be one to 4 words"),
    ("tummy: belly\ntummy: stomach\n", 2, "duplicate key 'tummy'"),
])  # fmt: skip
def test_a_broken_table_is_named_with_its_line(tmp_path: Path, table: str, line: int, message: str) -> None:
    path = tmp_path / "lay_terms.yaml"
    path.write_text(table, "utf-8")

    with pytest.raises(ContentError) as raised:
        load_lay_terms(path)
    assert str(raised.value) == f"{path}:{line}: {message}"


def test_the_bundled_table_leads_to_articles() -> None:
    """Each everyday word of the bundled table finds an article through the words it is
    replaced by: a right side no article uses would be a dead end."""
    library = load_library([paths.bundled_articles_dir()], paths.glossary_path(), None)
    index = SearchIndex.open(None, library)
    table = load_lay_terms(paths.lay_terms_path())
    assert len(table) >= 10
    dead = [plain for plain in table.values() if not index.search(plain + " ").hits]
    assert not dead


# -- suggestions -------------------------------------------------------------------------


def test_suggestions_are_titles_and_synonyms(idx: SearchIndex) -> None:
    assert [h.id for h in idx.suggest("lu")] == ["lupus"]
    hit = idx.suggest("swollen g")[0]
    assert (hit.id, hit.reason, hit.snippet) == ("nodes", "also called: swollen glands",
                                                 "[[swollen]] [[glands]]")  # fmt: skip
    assert [h.id for h in idx.suggest("platel")] == ["itp"]  # a word inside a synonym
    assert idx.suggest("nosebleeds") == []  # body text is not suggested
    assert [h.id for h in idx.suggest("i")] == ["itp"]  # one hit per article


# -- safety ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ['covid-19 "C++', "NEAR(", "AND OR NOT", "\ud800", "\x00" * 50,
                                  "x" * 10_000, "", "   ", "*", '"""'])  # fmt: skip
def test_any_input_is_safe(idx: SearchIndex, text: str) -> None:
    results = idx.search(text)
    assert isinstance(results.hits, list)
    assert isinstance(idx.suggest(text), list)


def test_a_closed_index_answers_nothing_rather_than_raising() -> None:
    index = SearchIndex.open(None, Library.from_articles(LIBRARY))
    index.close()
    assert index.search("lupus").hits == []
    assert index.suggest("lu") == []


# -- the cache file ------------------------------------------------------------------------


def write(folder: Path, article_id: str, body: str) -> Path:
    path = folder / f"{article_id}.md"
    path.write_text(body, encoding="utf-8")
    return path


class FileLibrary:
    """A library of files whose body is the file text; counts what the index reads."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.reads: list[str] = []

    def library(self) -> Library:
        infos, files, versions = {}, {}, {}
        for path in sorted(self.folder.glob("*.md")):
            infos[path.stem] = ArticleInfo(path.stem, path.stem.title(), "Summary.")
            files[path.stem] = str(path)
            stat = path.stat()  # the version read, as the catalogue stamps it
            versions[path.stem] = (stat.st_size, changed_ns(stat))

        def fetch(article_id: str) -> Article:
            self.reads.append(article_id)
            path = self.folder / f"{article_id}.md"
            return article(article_id, article_id.title(), "Summary.", path.read_text("utf-8"), path=path)
        return Library(infos=infos, fetch=fetch, files=files, versions=versions)


@pytest.fixture
def files(tmp_path: Path) -> FileLibrary:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n, word in enumerate(["alpha", "bravo", "charlie"]):
        write(folder, f"doc{n}", f"This article talks about {word}.")
    return FileLibrary(folder)


def test_cache_is_built_once_and_reused(files: FileLibrary, tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "search.sqlite"
    SearchIndex.open(cache, files.library()).close()
    assert cache.is_file() and sorted(files.reads) == ["doc0", "doc1", "doc2"]
    files.reads.clear()
    index = SearchIndex.open(cache, files.library())
    assert files.reads == []  # nothing re-read: stamps matched
    assert ids(index, "bravo") == ["doc1"]


def test_edit_add_and_remove_update_only_those_articles(files: FileLibrary, tmp_path: Path) -> None:
    cache = tmp_path / "search.sqlite"
    SearchIndex.open(cache, files.library()).close()
    files.reads.clear()
    edited = files.folder / "doc1.md"
    edited.write_text("This article now talks about zulu.", encoding="utf-8")
    os.utime(edited, ns=(edited.stat().st_atime_ns, edited.stat().st_mtime_ns + 10**9))
    write(files.folder, "doc3", "A new article about delta.")
    (files.folder / "doc0.md").unlink()
    index = SearchIndex.open(cache, files.library())
    assert sorted(files.reads) == ["doc1", "doc3"]
    assert ids(index, "zulu") == ["doc1"]
    assert ids(index, "bravo") == []
    assert ids(index, "delta") == ["doc3"]
    assert ids(index, "alpha") == []
    assert ids(index, "charlie") == ["doc2"]


@pytest.mark.parametrize(
    "spoil",
    [lambda p: p.write_bytes(b"this is not a database" * 100),
     lambda p: p.write_bytes(p.read_bytes()[:4096] + b"\x00" * 8192),
     lambda p: _sql(p, "CREATE TABLE foreign_table(x)", fresh=True),
     lambda p: _sql(p, "UPDATE meta SET value = 'another version'"),
     lambda p: _sql(p, "DROP TABLE fts")],
    ids=["garbage", "truncated", "foreign", "old-version", "missing-table"],
)  # fmt: skip
def test_a_broken_cache_is_rebuilt(files: FileLibrary, tmp_path: Path, spoil: Callable[[Path], None]) -> None:
    cache = tmp_path / "search.sqlite"
    SearchIndex.open(cache, files.library()).close()
    spoil(cache)
    index = SearchIndex.open(cache, files.library())
    assert ids(index, "charlie") == ["doc2"]
    index.close()
    files.reads.clear()
    SearchIndex.open(cache, files.library()).close()
    assert files.reads == []  # the rebuilt file is a good cache again


def _sql(path: Path, statement: str, fresh: bool = False) -> None:
    if fresh:
        path.unlink()
    conn = sqlite3.connect(path)
    conn.execute(statement)
    conn.commit()
    conn.close()


def test_an_article_that_cannot_be_read_is_left_out(tmp_path: Path) -> None:
    from healthreader.errors import ContentError

    good = Library.from_articles(LIBRARY)

    def fetch(article_id: str) -> Article:
        if article_id == "lupus":
            raise ContentError("the file vanished", tmp_path / "lupus.md")
        return good.fetch(article_id)

    index = SearchIndex.open(tmp_path / "search.sqlite", Library(infos=good.infos, fetch=fetch))
    assert ids(index, "hives") == ["hives"]
    assert ids(index, "lupus") == []
    index.close()
    index = SearchIndex.open(tmp_path / "search.sqlite", good)  # readable again: indexed now
    assert ids(index, "lupus")[0] == "lupus"


def test_an_unusable_cache_location_falls_back_to_memory(files: FileLibrary, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    index = SearchIndex.open(blocker / "search.sqlite", files.library())
    assert ids(index, "alpha") == ["doc0"]


# -- the command -------------------------------------------------------------------------


def run(idx: SearchIndex, text: str, as_json: bool = False, stdin: str = "", limit: int = 10) -> str:
    out = io.StringIO()
    assert command.run(idx, text, limit, as_json, io.StringIO(stdin), out) == 0
    return out.getvalue()


def test_command_text_output(idx: SearchIndex) -> None:
    lines = run(idx, "urticaria").splitlines()
    assert lines[0] == "Hives (also called: urticaria) — Raised, itchy welts on the skin that come and go."


def test_command_says_when_it_corrected_or_found_nothing(idx: SearchIndex) -> None:
    lines = run(idx, "lupis").splitlines()
    assert lines[0] == "Showing results for lupus"
    assert lines[1] == "Lupus — A long-term disease where the immune system attacks the body."
    assert run(idx, "xyzzy") == "No article about 'xyzzy' in this library. Try a symptom, another name, or ask your care team.\n"


def test_command_says_when_the_articles_have_only_some_of_the_words(idx: SearchIndex) -> None:
    lines = run(idx, "broken arm zebrafish").splitlines()
    assert lines == ["No article about 'broken arm zebrafish' in this library. Try a symptom, another name, "
                     "or ask your care team."]  # fmt: skip
    lines = run(idx, "itchy welts zebrafish").splitlines()
    assert lines[0] == "No article has all of 'itchy welts zebrafish'. Showing articles that mention 'itchy' or 'welts'."
    assert lines[1].startswith("Hives (symptom: itchy welts) — ")
    found = json.loads(run(idx, "itchy welts zebrafish", as_json=True))
    assert [(f["id"], f["all_words"]) for f in found] == [("hives", False)]
    assert json.loads(run(idx, "itchy welts", as_json=True))[0]["all_words"] is True


def test_some_words_name_the_words_found_and_those_in_no_article(idx: SearchIndex) -> None:
    results = idx.search("itchy welts zebrafish")
    assert results.some_words and results.mentioned == ("itchy", "welts") and results.missing == ("zebrafish",)
    assert not idx.search("itchy welts").some_words


def test_command_json(idx: SearchIndex) -> None:
    found = json.loads(run(idx, "swollen glands", as_json=True))
    assert found[0]["id"] == "nodes"
    assert set(found[0]) == {"id", "title", "score", "snippet", "all_words", "shown_title", "language"}
    assert found[0]["snippet"] == "Small [[glands]] that swell when you fight germs."
    scores = [f["score"] for f in found]
    assert scores == sorted(scores, reverse=True)
    assert json.loads(run(idx, "xyzzy", as_json=True)) == []


def test_command_batch_reads_one_query_per_line(idx: SearchIndex) -> None:
    lines = run(idx, "-", stdin="hives\nitp\n\nxyzzy\n").splitlines()
    assert len(lines) == 4
    answers = [json.loads(line) for line in lines]
    assert [a[0]["id"] if a else None for a in answers] == ["hives", "itp", None, None]


def test_every_command_survives_a_console_that_cannot_encode(tmp_path: Path) -> None:
    """A Windows console or pipe (cp1252, or ascii here) gets "?" for what it cannot show."""
    from healthreader.cli import main

    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii")
    assert main(["search", "guillain", "--limit", "1"], stdout=out, stderr=io.StringIO()) == 0
    out.flush()
    assert raw.getvalue().decode("ascii").startswith("Guillain-Barr? syndrome ")

    folder = tmp_path / "素材"
    folder.mkdir()
    (folder / "x.md").write_text("no front matter", encoding="utf-8")
    raw = io.BytesIO()
    err = io.TextIOWrapper(raw, encoding="ascii")
    assert main(["--no-bundled", "check", "--no-reading-level", str(folder)], stdout=err, stderr=err) == 1
    err.flush()
    assert f"{tmp_path}/??/x.md:1: error: no front matter" in raw.getvalue().decode("ascii")


def test_a_stopped_opening_keeps_what_it_indexed_and_the_next_one_finishes(tmp_path: Path) -> None:
    """Closing the reader while a large import is being indexed loses nothing done so far."""
    from healthreader.search.index import SYNC_BATCH

    folder = tmp_path / "articles"
    folder.mkdir()
    count = 2 * SYNC_BATCH + 10
    for n in range(count):
        write(folder, f"doc{n:03d}", f"This article talks about word{n:03d}.")
    files = FileLibrary(folder)
    cache = tmp_path / "search.sqlite"
    stop = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done > 0:
            stop.set()  # asked to stop while the second batch is under way

    SearchIndex.open(cache, files.library(), stop, progress).close()
    assert seen == [(0, count), (SYNC_BATCH, count)]
    with sqlite3.connect(cache) as conn:
        assert conn.execute("SELECT count(*) FROM docs").fetchone()[0] == 2 * SYNC_BATCH

    files.reads.clear()
    seen.clear()
    index = SearchIndex.open(cache, files.library(), progress=lambda d, t: seen.append((d, t)))
    assert sorted(files.reads) == [f"doc{n:03d}" for n in range(2 * SYNC_BATCH, count)]
    assert seen == [(0, 10), (10, 10)]
    assert ids(index, f"word{count - 1:03d}") == [f"doc{count - 1:03d}"]
    index.close()


def test_an_index_opened_on_a_thread_answers_searches_from_another(files: FileLibrary) -> None:
    lazy = LazySearchIndex(None, files.library())
    told: list[str] = []
    lazy.when_ready(lambda: told.append(threading.current_thread().name))
    lazy.start()
    lazy.wait()
    assert lazy.ready and told == ["search index"]
    assert [h.id for h in lazy.search("charlie").hits] == ["doc2"]
    lazy.when_ready(lambda: told.append(threading.current_thread().name))  # ready: at once
    assert told == ["search index", threading.current_thread().name]
    lazy.close()


def test_a_stop_before_the_update_starts_deletes_nothing(tmp_path: Path) -> None:
    """Quitting right after the window appears must not wait for thousands of deletions (nor
    leave an index emptied of every changed article until the next start)."""
    from healthreader.search.index import SYNC_BATCH

    folder = tmp_path / "articles"
    folder.mkdir()
    count = SYNC_BATCH + 5
    for n in range(count):
        write(folder, f"doc{n:03d}", f"Old text about word{n:03d}.")
    cache = tmp_path / "search.sqlite"
    SearchIndex.open(cache, FileLibrary(folder).library()).close()
    for n in range(count):  # every article edited
        path = write(folder, f"doc{n:03d}", f"New text about term{n:03d}.")
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 2_000_000_000))
    stop = threading.Event()
    stop.set()

    SearchIndex.open(cache, FileLibrary(folder).library(), stop).close()

    with sqlite3.connect(cache) as conn:
        assert conn.execute("SELECT count(*) FROM docs").fetchone()[0] == count
    index = SearchIndex.open(cache, FileLibrary(folder).library())
    assert ids(index, "term007") == ["doc007"] and ids(index, "word007") == []
    index.close()


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_indexed(files: FileLibrary, tmp_path: Path) -> None:
    cache = tmp_path / "search.sqlite"
    SearchIndex.open(cache, files.library()).close()
    files.reads.clear()
    edit_keeping_size_and_times(files.folder / "doc1.md", "bravo", "zebra")

    index = SearchIndex.open(cache, files.library())

    assert files.reads == ["doc1"]
    assert ids(index, "zebra") == ["doc1"] and ids(index, "bravo") == []


def test_spanish_articles_keep_their_words_and_english_forms_do_not_reach_them() -> None:
    """Families are English inflections; a Spanish article is found by its own words as
    before, and an English form does not bring it up by chance."""
    es = Article("lupus-es", "Lupus (en español)", "Una enfermedad del sistema inmunitario.", DAY,
                 "Causa dolores en las articulaciones, cansancio y fiebre.", "", language="es")
    en = article("numb", "Numbness", "Losing feeling in the feet.", "Numbness often starts in the toes.")
    index = SearchIndex.open(None, Library.from_articles([es, en]))
    try:
        assert [h.id for h in index.search("dolor articulaciones").hits] == ["lupus-es"]
        assert [h.id for h in index.search("enfermedades").hits] == ["lupus-es"]
        assert [h.id for h in index.search("cansancio").hits] == ["lupus-es"]
        assert [h.id for h in index.search("numb").hits] == ["numb"]
    finally:
        index.close()


def test_an_article_edited_while_the_reader_starts_is_indexed_on_the_next_start(tmp_path: Path) -> None:
    """The library is read, then the file is saved, then the index opens: the index holds
    the text read, and must not stamp it as the file's new version."""
    folder = tmp_path / "content"
    page = write_article(folder, "knee", title="Knee pain", body="## What is it?\n\nThe knee hurts when walking.\n")
    cache = tmp_path / "cache"

    def start() -> tuple[Catalogue, SearchIndex]:
        catalogue = Catalogue.open(cache / "catalogue.sqlite")
        library = catalogue.load([folder], None)
        return catalogue, SearchIndex.open(cache / "search.sqlite", library, lay_terms=None)

    catalogue, index = start()
    index.close()
    catalogue.close()
    catalogue = Catalogue.open(cache / "catalogue.sqlite")
    library = catalogue.load([folder], None)
    stat = page.stat()
    page.write_text(page.read_text("utf-8").replace("walking", "climbing stairs (zebrafish)"), "utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    SearchIndex.open(cache / "search.sqlite", library, lay_terms=None).close()
    catalogue.close()

    catalogue, index = start()  # a fresh start, nothing edited since
    try:
        assert "zebrafish" in catalogue.fetch("knee").body
        assert ids(index, "zebrafish") == ["knee"]
        assert ids(index, "walking") == []
    finally:
        index.close()
        catalogue.close()


# -- two Health Readers on one cache folder ------------------------------------------------


def _page(folder: Path, article_id: str, title: str, body: str) -> None:
    write_article(folder, article_id, title=title, body=f"## What is it?\n\n{body}\n")


def test_readers_with_other_content_folders_keep_their_own_search_cache(tmp_path: Path) -> None:
    """A kiosk started with --content clinic keeps finding its clinic's pages while a staff
    member's ``healthreader search`` without it runs on the same account."""
    shared, clinic = tmp_path / "shared", tmp_path / "clinic"
    _page(shared, "lupus", "Lupus", "A long-term disease of the immune system.")
    _page(shared, "als", "Amyotrophic lateral sclerosis", "A disease of the nerves.")
    _page(clinic, "frostbite", "Frostbite", "Frozen fingers and toes.")
    _page(clinic, "lupus", "Lupus (Riverside clinic page)", "Call the Riverside nurse line.")
    cache = tmp_path / "cache" / "search.sqlite"
    kiosk = SearchIndex.open(cache, Catalogue.open(None).load([shared, clinic], None), lay_terms=None)
    assert ids(kiosk, "riverside nurse") == ["lupus"]

    SearchIndex.open(cache, Catalogue.open(None).load([shared], None), lay_terms=None).close()

    try:
        assert ids(kiosk, "frostbite") == ["frostbite"]
        assert ids(kiosk, "riverside nurse") == ["lupus"]
        assert "Riverside" in kiosk.search("riverside nurse").hits[0].snippet
    finally:
        kiosk.close()
    assert len(list(cache.parent.glob("search-*.sqlite"))) == 2


def test_a_running_index_reads_again_what_another_reader_changed_in_its_file(files: FileLibrary, tmp_path: Path) -> None:
    """Two readers with the same folders: the second one starts after an article was edited,
    another removed and one added, and updates the file; the first one's searches then show
    the articles the rows now hold, never another article's title."""
    cache = tmp_path / "search.sqlite"
    first = SearchIndex.open(cache, files.library())
    (files.folder / "doc2.md").unlink()
    write(files.folder, "doc3", "A new article about delta.")
    edited = write(files.folder, "doc1", "This article now talks about zulu.")
    os.utime(edited, ns=(edited.stat().st_atime_ns, edited.stat().st_mtime_ns + 2_000_000_000))

    SearchIndex.open(cache, files.library()).close()

    try:
        assert ids(first, "zulu") == ["doc1"]
        assert ids(first, "delta") == []  # not in the library this reader started with
        assert ids(first, "charlie") == []
        assert [h.id for h in first.suggest("doc")] == ["doc0", "doc1"]
    finally:
        first.close()


def test_only_the_most_recently_used_search_caches_are_kept(tmp_path: Path) -> None:
    from healthreader.paths import KEPT_CONTENT_CACHES

    cache = tmp_path / "cache" / "search.sqlite"
    cache.parent.mkdir()
    cache.write_bytes(b"the file every configuration shared before")
    folders = []
    for n in range(KEPT_CONTENT_CACHES + 2):
        folder = tmp_path / f"content{n}"
        _page(folder, f"page{n}", f"Page {n}", f"Words of page {n}.")
        folders.append(folder)
    for folder in folders:
        SearchIndex.open(cache, Catalogue.open(None).load([folder], None), lay_terms=None).close()
        # Another day: the file system's clock may not tell two opens apart.
        for path in cache.parent.glob("search-*.sqlite"):
            os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 86_400 * 10**9))

    kept = sorted(p.name for p in cache.parent.glob("search*"))
    assert len(kept) == KEPT_CONTENT_CACHES and not cache.exists()
    newest = SearchIndex.open(cache, Catalogue.open(None).load([folders[-1]], None), lay_terms=None)
    assert ids(newest, "page") == [f"page{len(folders) - 1}"]
    newest.close()
    oldest = Catalogue.open(None).load([folders[0]], None)
    assert paths.content_cache_file(cache, oldest.folders).name not in kept
