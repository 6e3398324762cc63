"""``healthreader import-medlineplus``: MedlinePlus health-topics XML -> article files.

Uses the real NLM samples in ../shared/reference/medlineplus (both layouts: the 2012 file
carries the summary as escaped HTML, the 2024 file as XML elements).
"""

from __future__ import annotations

import datetime
import html
import io
import os
import re
import stat
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from healthreader.cli import main
from healthreader.content.loader import parse_article
from healthreader.content.plaintext import markdown_to_text
from healthreader.content.validate import check_content
from healthreader.errors import ImportFailed
from healthreader.export.handout import article_html
from healthreader.importers.medlineplus import import_file, slug
from helpers import write_article

# ../shared beside the checkout (a worktree of it may be a folder deeper).
SAMPLES = next((folder / "shared" / "reference" / "medlineplus" for folder in Path(__file__).resolve().parents
                if (folder / "shared" / "reference" / "medlineplus").is_dir()), Path("missing"))  # fmt: skip
OLD = SAMPLES / "mplus_topics_2012-07-21_sample.xml"
NEW = SAMPLES / "mplus_topics_2024-08-10_first_topic.xml"

needs_samples = pytest.mark.skipif(not OLD.is_file(), reason="../shared/reference is not beside the checkout")


def topics_xml(*topics: str, generated: str = "03/04/2025 01:02:03") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<health-topics total="{len(topics)}" '
            f'date-generated="{generated}">\n' + "\n".join(topics) + "\n</health-topics>\n")  # fmt: skip


def topic(topic_id: str, title: str, summary_html: str, *, url: str = "", extra: str = "",
          language: str = "English", meta: str = "", elements: bool = False) -> str:  # fmt: skip
    """A topic; ``summary_html`` escaped as in older files, or as XML elements (``elements``)
    as in newer ones, which also have a short description (``meta``)."""
    url = url or f"https://medlineplus.gov/{slug(title)}.html"
    return (f"<health-topic title={quoteattr(title)} url={quoteattr(url)} id={quoteattr(topic_id)} "
            + (f"meta-desc={quoteattr(meta)} " if meta else "")
            + f'language="{language}" date-created="01/01/2020">'
            f"<full-summary>{summary_html if elements else escape(summary_html)}</full-summary>{extra}"
            "</health-topic>")  # fmt: skip


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["import-medlineplus", *args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def errors_of(folder: Path) -> list[str]:
    report = check_content([folder], None, reading_level=False)
    return [str(p) for p in report.errors]


@needs_samples
def test_the_2012_layout_becomes_a_valid_article(tmp_path: Path) -> None:
    report = import_file(OLD, tmp_path)

    assert report.written == [tmp_path / "abdominal-pain.md"] and report.problems == []
    article, warnings = parse_article(tmp_path / "abdominal-pain.md", {})
    assert article.title == "Abdominal Pain"
    assert {"Bellyache", "Stomach Ache"} <= set(article.also_called)
    assert article.categories == ("Digestive System", "Symptoms")
    assert article.summary.startswith("Your abdomen extends from below your chest to your groin.")
    assert article.reviewed == datetime.date(2012, 7, 21)
    assert article.language == "en"
    [source] = article.sources
    assert source.publisher == "MedlinePlus, National Library of Medicine"
    assert source.url == "https://www.nlm.nih.gov/medlineplus/abdominalpain.html"
    assert "<li>You have abdominal pain that is sudden and sharp</li>" in article.body_html
    # The summary box shows the first sentences: the body goes on after them, not again.
    assert article.summary.endswith("The pain may start somewhere else, such as your chest.")
    assert " ".join(article.body.split()).startswith("Severe pain doesn't always mean a serious problem.")
    assert "Your abdomen extends" not in article.body
    assert warnings == []
    assert errors_of(tmp_path) == []


@needs_samples
def test_the_2024_layout_with_html_elements_and_links(tmp_path: Path) -> None:
    import_file(NEW, tmp_path)

    article, _ = parse_article(tmp_path / "a1c.md", {})
    assert article.summary == ("If you are being tested for Type 2 diabetes, your doctor gives you an "
                               "A1C test. The test is also used to monitor your A1C levels.")  # fmt: skip
    assert set(article.also_called) >= {"Glycohemoglobin", "HbA1C", "Hemoglobin A1C test"}
    assert article.categories == ("Diagnostic Tests", "Diabetes Mellitus")
    # Links to topics that were not imported are their text; no URL reaches the body.
    assert "A1C is a blood test for type 2 diabetes and prediabetes." in " ".join(article.body.split())
    assert "medlineplus.gov" not in article.body and "<a" not in article.body_html
    assert "<li>A normal A1C level is below 5.7%</li>" in article.body_html
    assert errors_of(tmp_path) == []


@needs_samples
def test_language_chooses_the_topics(tmp_path: Path) -> None:
    report = import_file(OLD, tmp_path, "Spanish")

    assert [p.name for p in report.written] == ["dolor-abdominal.md"]
    article, _ = parse_article(report.written[0], {})
    assert article.language == "es" and "Dolor de barriga" in article.also_called


def test_a_spanish_topic_names_its_publisher_in_spanish(tmp_path: Path) -> None:
    """The "Fuentes" of a Spanish page read "MedlinePlus, National Library of Medicine"."""
    xml = tmp_path / "topics.xml"
    xml.write_text(topics_xml(*BILINGUAL), encoding="utf-8")

    import_file(xml, tmp_path / "en")
    import_file(xml, tmp_path / "es", "Spanish")

    def sources_printed(file: Path) -> str:
        article, _ = parse_article(file, {})
        page = html.unescape(re.sub(r"<[^>]+>", " ", article_html(article, None, {}, datetime.date(2026, 5, 6))))
        return " ".join(page.split()).partition(" Fuentes " if article.language == "es" else " Sources ")[2]

    assert sources_printed(tmp_path / "en" / "anemia.md").startswith(
        "MedlinePlus, National Library of Medicine. Anemia. ")
    assert sources_printed(tmp_path / "es" / "anemia.md").startswith(
        "MedlinePlus, Biblioteca Nacional de Medicina de los EE. UU. Anemia. 4 de marzo de 2025. "
        "https://medlineplus.gov/spanish/anemia.html")


def test_related_topics_and_links_between_imported_topics_resolve(tmp_path: Path) -> None:
    xml = tmp_path / "two.xml"
    lupus_url = "https://medlineplus.gov/lupus.html"
    xml.write_text(topics_xml(
        topic("1", "Lupus", "<p>Lupus is an autoimmune disease. It can harm the kidneys.</p>", url=lupus_url,
              extra='<related-topic url="https://medlineplus.gov/kidneydiseases.html" id="2">Kidney Diseases</related-topic>'
                    '<related-topic url="https://medlineplus.gov/nothere.html" id="99">Not here</related-topic>'),
        topic("2", "Kidney Diseases",
              '<p>Your kidneys clean your blood.</p>'
              f'<p>Some people with <a href="{lupus_url}/">lupus</a> get kidney disease. '
              'A1C &lt; 7 is a goal for some.</p><h1>More</h1><p>See <a href="https://example.org/x">this</a>.</p>'),
    ), encoding="utf-8")  # fmt: skip

    import_file(xml, tmp_path / "out")

    lupus, _ = parse_article(tmp_path / "out" / "lupus.md", {})
    kidney, warnings = parse_article(tmp_path / "out" / "kidney-diseases.md", {})
    assert lupus.related == ("kidney-diseases",)  # the topic outside the import is left out
    assert 'href="article:lupus"' in kidney.body_html  # a link to an imported topic
    assert "example.org" not in kidney.body_html and "See this." in kidney.body_html
    assert "A1C &lt; 7 is a goal" in kidney.body_html
    assert "<h2>More</h2>" in kidney.body_html and warnings == []
    assert errors_of(tmp_path / "out") == []


def test_the_same_title_twice_gets_two_ids(tmp_path: Path) -> None:
    xml = tmp_path / "dup.xml"
    xml.write_text(topics_xml(topic("7", "Anemia", "<p>One.</p>"), topic("8", "Anemia", "<p>Two.</p>")),
                   encoding="utf-8")  # fmt: skip

    report = import_file(xml, tmp_path / "out")

    assert sorted(p.name for p in report.written) == ["anemia-8.md", "anemia.md"]
    assert errors_of(tmp_path / "out") == []


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Crohn's Disease", "crohns-disease"), ("Síndrome de Guillain-Barré", "sindrome-de-guillain-barre"),
     ("A1C", "a1c"), ("HIV/AIDS", "hiv-aids")],
)  # fmt: skip
def test_ids_come_from_titles(title: str, expected: str) -> None:
    assert slug(title) == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<health-topics><health-topic", "not well-formed XML"),
        ("<html><body/></html>", "not a MedlinePlus health-topics file"),
        ('<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
         "<health-topics>&b;</health-topics>", "refused: the file declares an entity, 'a', at line 1."),
        ('<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
         "<health-topics>&x;</health-topics>", "refused: the file declares an entity, 'x', at line 1."),
        (topics_xml(topic("1", "Lupus", "<p>x</p>", language="Spanish")), "no English health topics"),
    ],
    ids=["truncated", "other-xml", "entity-expansion", "external-entity", "no-topics-in-language"],
)  # fmt: skip
def test_an_unusable_file_is_refused_naming_it_and_nothing_is_written(tmp_path: Path, content: str, message: str) -> None:
    xml = tmp_path / "bad.xml"
    xml.write_text(content, encoding="utf-8")

    with pytest.raises(ImportFailed) as caught:
        import_file(xml, tmp_path / "out")

    assert str(xml) in str(caught.value) and message in str(caught.value)
    assert "Forbidden(" not in str(caught.value)  # said plainly, not as Python writes the error
    assert not (tmp_path / "out").exists()


@needs_samples
def test_only_an_unchanged_file_of_the_same_topic_is_replaced(tmp_path: Path) -> None:
    own = tmp_path / "abdominal-pain.md"
    own.write_text("---\ntitle: Our own page\n---\nWritten by the clinic.\n", encoding="utf-8")
    before = own.read_bytes()

    report = import_file(OLD, tmp_path)

    assert report.written == [] and report.kept == [own]
    assert "not replaced: it was not written by the importer" in report.problems[0]
    assert own.read_bytes() == before

    own.unlink()
    import_file(OLD, tmp_path)
    imported = own.read_text(encoding="utf-8")
    assert import_file(OLD, tmp_path).written == [own]  # an import replaces its own, unchanged
    assert own.read_text(encoding="utf-8") == imported

    # The editor reviews it, as the file asks: a new import keeps their work.
    edited = imported.replace("reviewed: 2012-07-21", "reviewed: 2026-05-01")
    own.write_text(edited, encoding="utf-8")
    report = import_file(OLD, tmp_path)
    assert report.written == [] and own.read_text(encoding="utf-8") == edited
    assert report.problems == [f"{own}: not replaced: it was changed after the last import "
                               "(delete it to import it again)"]  # fmt: skip
    assert [p.name for p in tmp_path.iterdir()] == ["abdominal-pain.md"]  # no temporary files left


def test_another_topics_file_of_the_same_name_is_kept(tmp_path: Path) -> None:
    """The same title under a new topic number, in the same language: the file is kept and
    named, with its language and title, and what to do."""
    old = tmp_path / "old.xml"
    old.write_text(topics_xml(topic("10", "Anemia", "<p>Too few red cells.</p>")), encoding="utf-8")
    new = tmp_path / "new.xml"
    new.write_text(topics_xml(topic("12", "Anemia", "<p>Not enough red cells.</p>")), encoding="utf-8")
    import_file(old, tmp_path / "out")

    report = import_file(new, tmp_path / "out")

    assert report.written == []
    assert report.problems == [f"{tmp_path / 'out' / 'anemia.md'}: not replaced: it holds MedlinePlus topic 10, "
                               "an English page 'Anemia', not topic 12 ('Anemia'); it is kept (delete it to "
                               "import this topic here)"]  # fmt: skip
    assert "Too few red cells." in (tmp_path / "out" / "anemia.md").read_text(encoding="utf-8")


BILINGUAL = [  # English and Spanish pairs, linked as MedlinePlus links them
    topic("1", "Anemia", "<p>Too few red cells.</p>"),
    topic("2", "Heart Diseases", '<p>A group of problems. <a href="https://medlineplus.gov/anemia.html">Anemia</a> '
          "can make it worse.</p>", meta="Problems of the heart.", extra='<related-topic url="https://medlineplus.gov/anemia.html" id="1">Anemia'
          "</related-topic>"),
    topic("3", "Anemia", "<p>Pocos glóbulos rojos.</p>", language="Spanish",
          url="https://medlineplus.gov/spanish/anemia.html"),
    topic("4", "Enfermedades del corazón", '<p>Un grupo de problemas. La <a href="https://medlineplus.gov/spanish/'
          'anemia.html">anemia</a> puede empeorarlas.</p>', language="Spanish", meta="Problemas del corazón.",
          url="https://medlineplus.gov/spanish/heartdiseases.html",
          extra='<related-topic url="https://medlineplus.gov/spanish/anemia.html" id="3">Anemia</related-topic>'),
    topic("5", "Lupus", "<p>Una enfermedad.</p>", language="Spanish", url="https://medlineplus.gov/spanish/lupus.html",
          extra='<related-topic url="https://medlineplus.gov/spanish/anemia.html" id="3">Anemia</related-topic>'),
]  # fmt: skip


def links_of(library: Any, article_id: str) -> list[str]:
    """The ids an article leads to: its related pages (both ways) and its links."""
    related = [info.id for info in library.related(article_id)]
    return related + re.findall(r'href="article:([^"]+)"', library.get(article_id).body_html)


def test_english_then_spanish_into_one_folder_keeps_both_and_links_stay_in_their_language(tmp_path: Path) -> None:
    """Spanish into the folder English was imported into: Spanish Anemia was refused ("it
    holds topic 1, not 3"), yet Enfermedades del corazón listed 'anemia', the English page,
    and the English Anemia showed Spanish pages as related."""
    xml = tmp_path / "topics.xml"
    xml.write_text(topics_xml(*BILINGUAL), encoding="utf-8")
    clinic = tmp_path / "clinic"
    assert run_cli(str(xml), "-o", str(clinic))[0] == 0
    english = {p.name: p.read_bytes() for p in clinic.iterdir()}

    code, _, stderr = run_cli(str(xml), "-o", str(clinic), "--language", "spanish")

    assert (code, stderr) == (0, "")
    assert {p.name: p.read_bytes() for p in clinic.iterdir() if p.name in english} == english
    assert sorted(p.name for p in clinic.iterdir()) == ["anemia-es.md", "anemia.md", "enfermedades-del-corazon.md",
                                                        "heart-diseases.md", "lupus-es.md"]  # fmt: skip
    library = check_content([clinic], None, reading_level=False).library
    language = {info.id: info.language for info in library}
    for article_id, its_language in language.items():
        assert {language[target] for target in links_of(library, article_id)} <= {its_language}, article_id
    assert links_of(library, "enfermedades-del-corazon") == ["anemia-es", "anemia-es"]
    assert links_of(library, "heart-diseases") == ["anemia", "anemia"]
    assert [info.id for info in library.related("anemia")] == ["heart-diseases"]
    # Imported again, in either order, each language keeps its files.
    assert run_cli(str(xml), "-o", str(clinic))[0] == 0
    assert run_cli(str(xml), "-o", str(clinic), "--language", "es")[0] == 0
    assert len(list(clinic.iterdir())) == 5 and errors_of(clinic) == []


def test_a_topic_not_written_is_never_a_link_to_a_page_of_another_language(tmp_path: Path) -> None:
    """An English page the import cannot read (an editor broke its front matter) keeps the
    Spanish Anemia out: the Spanish pages do not link to 'anemia', and the message says why
    and what to do."""
    xml = tmp_path / "topics.xml"
    xml.write_text(topics_xml(*BILINGUAL), encoding="utf-8")
    clinic = tmp_path / "clinic"
    import_file(xml, clinic)
    anemia = clinic / "anemia.md"
    anemia.write_text(anemia.read_text(encoding="utf-8").replace("title: Anemia", "title: [Anemia"),
                      encoding="utf-8")  # fmt: skip
    before = anemia.read_bytes()

    report = import_file(xml, clinic, "Spanish")

    assert report.problems == [
        f"{anemia}: not replaced: it holds MedlinePlus topic 1, not topic 3 ('Anemia'), and its front matter "
        f"cannot be read, so its language is not known; it is kept (run 'healthreader check {clinic}', fix "
        "that file, and import again)"]
    assert anemia.read_bytes() == before
    for name in ("enfermedades-del-corazon", "lupus-es"):
        article, _ = parse_article(clinic / f"{name}.md", {})
        assert article.related == () and "article:" not in article.body_html, name
    article, _ = parse_article(clinic / "enfermedades-del-corazon.md", {})
    assert "La anemia puede empeorarlas." in article.body_html


def test_a_topic_not_written_is_still_linked_where_its_edited_page_is_of_the_same_language(tmp_path: Path) -> None:
    xml = tmp_path / "topics.xml"
    xml.write_text(topics_xml(*BILINGUAL), encoding="utf-8")
    clinic = tmp_path / "es"
    import_file(xml, clinic, "Spanish", bundled=tmp_path / "none")
    anemia = clinic / "anemia.md"
    anemia.write_text(anemia.read_text(encoding="utf-8").replace("Pocos", "Muy pocos"), encoding="utf-8")

    report = import_file(xml, clinic, "Spanish", bundled=tmp_path / "none")

    assert report.problems == [f"{anemia}: not replaced: it was changed after the last import (delete it to "
                               "import it again)"]  # fmt: skip
    article, _ = parse_article(clinic / "enfermedades-del-corazon.md", {})
    assert article.related == ("anemia",) and 'href="article:anemia"' in article.body_html


def test_a_clinic_page_with_the_id_under_another_file_name_is_kept_and_named(tmp_path: Path) -> None:
    """The import wrote a1c.md beside the clinic's hba1c-test.md (``id: a1c``), and readers
    saw MedlinePlus's page instead of the clinic's, with exit 0 and no word of it."""
    xml = tmp_path / "topics.xml"
    xml.write_text(topics_xml(topic("6308", "A1C", "<p>A blood test.</p>"),
                              topic("10", "Anemia", "<p>Too few red cells.</p>")), encoding="utf-8")  # fmt: skip
    out = tmp_path / "clinic"
    own = write_article(out / "tests", "a1c", file_name="hba1c-test.md", title="HbA1c test (Riverside)")
    before = own.read_bytes()

    code, stdout, stderr = run_cli(str(xml), "-o", str(out))

    assert code == 1
    assert stderr.splitlines() == [
        f"healthreader: {out / 'a1c.md'}: not written: {own} (line 2), an English page 'HbA1c test (Riverside)', "
        "has the id 'a1c' already, and readers would see MedlinePlus's English 'A1C' in its place; it is kept "
        "(change its 'id:' line, or delete it, to import this topic)"]
    assert stdout.startswith(f"Imported 1 English topic into {out}; 1 not imported (see above).")
    assert not (out / "a1c.md").exists() and own.read_bytes() == before
    assert (out / "anemia.md").is_file()


def test_a_spanish_topic_gets_es_after_an_id_an_english_page_has(tmp_path: Path) -> None:
    """English and Spanish imports loaded together: Spanish "Anemia" and "Lupus" replaced the
    English pages of the same title (the bundled "Lupus" too)."""
    xml = tmp_path / "topics.xml"
    xml.write_text(topics_xml(
        topic("1", "Anemia", "<p>Too few red cells.</p>"), topic("2", "Lupus", "<p>An immune disease.</p>"),
        topic("3", "Anemia", "<p>Pocos glóbulos rojos.</p>", language="Spanish"),
        topic("4", "Lupus", "<p>Una enfermedad.</p>", language="Spanish"),
        topic("5", "Dolor de espalda", "<p>Dolor.</p>", language="Spanish"),
    ), encoding="utf-8")  # fmt: skip
    english, spanish = tmp_path / "en", tmp_path / "es"
    assert run_cli(str(xml), "-o", str(english))[0] == 0

    alone = import_file(xml, tmp_path / "alone", "Spanish")  # only the bundled ids are known
    code, _, stderr = run_cli(str(xml), "-o", str(spanish), "--language", "spanish")
    beside = main(["--content", str(english), "import-medlineplus", str(xml), "-o", str(spanish / "both"),
                   "--language", "es"], stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip

    assert sorted(p.name for p in alone.written) == ["anemia.md", "dolor-de-espalda.md", "lupus-es.md"]
    assert code == 0 and "replaces the bundled article" not in stderr
    assert beside == 0
    assert sorted(p.name for p in (spanish / "both").iterdir()) == ["anemia-es.md", "dolor-de-espalda.md",
                                                                    "lupus-es.md"]  # fmt: skip
    report = check_content([english, spanish / "both"], None, reading_level=False)
    assert sorted(info.id for info in report.library) == ["anemia", "anemia-es", "dolor-de-espalda", "lupus",
                                                          "lupus-es"]  # fmt: skip
    assert not [p for p in report.problems if "another language" in p.message or "also the title" in p.message]
    # A later import of the same file replaces its own "-es" files, and lists none as left over.
    again = import_file(xml, tmp_path / "alone", "Spanish")
    assert sorted(p.name for p in again.written) == ["anemia.md", "dolor-de-espalda.md", "lupus-es.md"]
    assert again.left_over == [] and again.problems == []


def test_topic_ids_are_checked_and_every_topic_gets_its_own_file(tmp_path: Path) -> None:
    xml = tmp_path / "odd.xml"
    xml.write_text(topics_xml(
        topic("1", "Foo", "<p>One.</p>"), topic("2", "Foo 2", "<p>Two.</p>"), topic("3", "Foo!", "<p>Three.</p>"),
        topic("", "No id", "<p>x</p>"), topic("/../../escaped", "Escape", "<p>x</p>"),
        topic("1&#10;title: injected", "Injected", "<p>x</p>"), topic("2", "Same id twice", "<p>x</p>"),
    ), encoding="utf-8")  # fmt: skip

    report = import_file(xml, tmp_path / "out")

    assert sorted(p.name for p in report.written) == ["foo-2.md", "foo-3.md", "foo.md"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["foo-2.md", "foo-3.md", "foo.md"]
    assert len(report.problems) == 4
    assert sum("has no usable id" in p for p in report.problems) == 3
    assert f"{xml}: health topic 2 is in the file twice; the second, 'Same id twice', is skipped" in report.problems
    assert not list(tmp_path.rglob("escaped*"))
    assert errors_of(tmp_path / "out") == []


def test_a_topic_named_like_a_bundled_article_is_pointed_out(tmp_path: Path) -> None:
    xml = tmp_path / "lupus.xml"
    xml.write_text(topics_xml(topic("5", "Lupus", "<p>About lupus.</p>")), encoding="utf-8")

    report = import_file(xml, tmp_path / "out")

    assert report.notes == [f"{tmp_path / 'out' / 'lupus.md'}: replaces the bundled article 'lupus' "
                            "wherever this folder is loaded"]  # fmt: skip


def test_the_bundled_articles_are_known_by_their_ids_not_their_file_names(tmp_path: Path) -> None:
    # As the reader loads them: an article's `id:` line names it, else its file name.
    bundled = tmp_path / "bundled"
    write_article(bundled, "lupus", file_name="sle.md")  # shown as 'lupus'
    write_article(bundled, "urticaria", file_name="hives.md")  # shown as 'urticaria'
    write_article(bundled, None, file_name="swollen-glands.md")  # no id: the file name
    xml = tmp_path / "topics.xml"
    xml.write_text(topics_xml(topic("5", "Lupus", "<p>About lupus.</p>"),
                              topic("6", "Hives", "<p>About hives.</p>"),
                              topic("7", "Swollen glands", "<p>About glands.</p>")),
                   encoding="utf-8")  # fmt: skip

    report = import_file(xml, tmp_path / "out", bundled=bundled)

    out = tmp_path / "out"
    assert sorted(p.name for p in report.written) == ["hives.md", "lupus.md", "swollen-glands.md"]
    assert report.notes == [
        f"{out / 'lupus.md'}: replaces the bundled article 'lupus' wherever this folder is loaded",
        f"{out / 'swollen-glands.md'}: replaces the bundled article 'swollen-glands' wherever "
        "this folder is loaded",
    ]


def test_a_folder_that_cannot_be_written_stops_the_import_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    xml = tmp_path / "two.xml"
    xml.write_text(topics_xml(topic("1", "Alpha", "<p>A.</p>"), topic("2", "Beta", "<p>B.</p>")), encoding="utf-8")

    def read_only(src: object, dst: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only)
    with pytest.raises(ImportFailed) as caught:
        import_file(xml, tmp_path / "out")

    assert str(caught.value) == (f"{tmp_path / 'out' / 'alpha.md'}: cannot write: Read-only file system; "
                                 "0 articles written before it")  # fmt: skip
    assert list((tmp_path / "out").iterdir()) == []  # no temporary file left


@needs_samples
def test_imported_files_are_readable_like_any_new_file(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        [path] = import_file(OLD, tmp_path).written
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


@needs_samples
def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(str(OLD), "-o", str(tmp_path / "out"), "--language", "Spanish")
    assert (code, err) == (0, "")
    assert f"Imported 1 Spanish topic into {tmp_path / 'out'}" in out

    code, out, err = run_cli(str(tmp_path / "missing.xml"), "-o", str(tmp_path / "out"))
    assert code == 1 and f"{tmp_path / 'missing.xml'}: cannot read the file" in err

    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    code, out, err = run_cli(str(OLD), "-o", str(tmp_path / "a-file"))
    assert code == 1 and f"{tmp_path / 'a-file'}: not a folder (it is a file)" in err

    code, _, _ = run_cli(str(OLD))  # no -o; argparse writes usage errors to sys.stderr
    assert code == 2 and "-o/--output" in capsys.readouterr().err

    code, _, _ = run_cli(str(OLD), "-o", str(tmp_path / "out"), "--language", "French")
    assert code == 2 and "invalid choice: 'French'" in capsys.readouterr().err


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)
    .filter(lambda t: any(c.isalnum() for c in t) and slug(t)),
    words=st.lists(st.text(st.sampled_from("ab <>&*_[]()#`!|-\\:\"'é1."), min_size=1, max_size=12),
                   min_size=1, max_size=20),
)  # fmt: skip
def test_any_summary_text_becomes_an_article_that_loads(tmp_path: Path, title: str, words: list[str]) -> None:
    folder = tmp_path / slug(title)[:40]
    folder.mkdir(exist_ok=True)
    xml = folder / "t.xml"
    xml.write_text(topics_xml(topic("5", title, "<p>" + escape(" ".join(words)) + "</p>")), encoding="utf-8")

    report = import_file(xml, folder / "out")

    [path] = report.written
    article, _ = parse_article(path, {})
    assert article.title == " ".join(title.split())


def test_control_characters_the_loader_refuses_never_reach_the_front_matter(tmp_path: Path) -> None:
    xml = tmp_path / "c1.xml"
    # XML 1.0 allows the C1 controls; a title pasted from an old system can carry them.
    xml.write_text(topics_xml(topic("1", "Sun\x80rash", "<p>Itchy\x85 skin\x9f after sun.</p>",
                                    extra="<also-called>Sun\x9fallergy</also-called>")), encoding="utf-8")  # fmt: skip

    [path] = import_file(xml, tmp_path / "out").written

    article, _ = parse_article(path, {})
    assert (article.title, article.also_called, article.summary) == (
        "Sun rash", ("Sun allergy",), "Itchy skin after sun.")  # fmt: skip


# -- topics that left the XML --------------------------------------------------------------


@needs_samples
def test_a_topic_no_longer_in_a_newer_file_is_named_and_removed_only_when_asked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli(str(OLD), "-o", str(out))[0] == 0  # Abdominal Pain, topic 3061
    assert run_cli(str(OLD), "-o", str(out), "--language", "Spanish")[0] == 0  # Dolor abdominal

    code, stdout, stderr = run_cli(str(NEW), "-o", str(out))  # A1C only

    assert code == 0
    assert stderr == (f"healthreader: warning: {out / 'abdominal-pain.md'}: MedlinePlus topic 3061 is no "
                      f"longer in {NEW.name}, but this file is still shown wherever the folder is loaded; "
                      "delete it, or import again with --remove-missing\n")  # fmt: skip
    assert f"1 file of an earlier import is still in {out}, and still shown (see above)." in stdout
    assert sorted(p.name for p in out.iterdir()) == ["a1c.md", "abdominal-pain.md", "dolor-abdominal.md"]

    code, stdout, stderr = run_cli(str(NEW), "-o", str(out), "--remove-missing")

    assert (code, stderr) == (0, "")
    assert (f"Removed {out / 'abdominal-pain.md'}: MedlinePlus topic 3061 is no longer in {NEW.name}."
            in stdout.splitlines())  # fmt: skip
    # The Spanish import's file is not this import's business.
    assert sorted(p.name for p in out.iterdir()) == ["a1c.md", "dolor-abdominal.md"]
    assert errors_of(out) == []


def test_remove_missing_never_deletes_an_edited_or_a_hand_written_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = tmp_path / "first.xml"
    first.write_text(topics_xml(topic("1", "Alpha", "<p>A.</p>"), topic("2", "Beta", "<p>B.</p>"),
                                topic("3", "Gamma", "<p>G.</p>")), encoding="utf-8")  # fmt: skip
    import_file(first, out)
    reviewed = (out / "beta.md").read_text(encoding="utf-8").replace("reviewed: 2025-03-04", "reviewed: 2026-05-01")
    (out / "beta.md").write_text(reviewed, encoding="utf-8")
    write_article(out, "clinic-page", title="Our own page")
    newer = tmp_path / "newer.xml"
    newer.write_text(topics_xml(topic("3", "Gamma", "<p>G.</p>")), encoding="utf-8")

    code, stdout, stderr = run_cli(str(newer), "-o", str(out), "--remove-missing")

    assert code == 0
    assert f"Removed {out / 'alpha.md'}: MedlinePlus topic 1 is no longer in newer.xml." in stdout
    assert stderr == (f"healthreader: warning: {out / 'beta.md'}: MedlinePlus topic 2 is no longer in "
                      "newer.xml, but this file is still shown wherever the folder is loaded; it was "
                      "edited or renamed after its import, so it is kept (--remove-missing never deletes an edited "
                      "file): delete it yourself if patients should no longer see it\n")  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == ["beta.md", "clinic-page.md", "gamma.md"]
    assert (out / "beta.md").read_text(encoding="utf-8") == reviewed


def test_remove_missing_never_deletes_a_file_an_editor_renamed(tmp_path: Path) -> None:
    """The file name is the article's id: renaming the file is how an editor changes it."""
    out = tmp_path / "out"
    first = tmp_path / "first.xml"
    first.write_text(topics_xml(topic("1", "Abdominal Pain", "<p>A.</p>")), encoding="utf-8")
    import_file(first, out)
    (out / "abdominal-pain.md").rename(out / "tummy-ache.md")

    report = import_file(first, out, remove_missing=True)  # writes abdominal-pain.md again

    assert report.removed == []
    assert [(left.path.name, left.edited) for left in report.left_over] == [("tummy-ache.md", True)]
    assert sorted(p.name for p in out.iterdir()) == ["abdominal-pain.md", "tummy-ache.md"]


def test_a_renamed_topic_names_its_old_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = tmp_path / "first.xml"
    first.write_text(topics_xml(topic("5", "Hay Fever", "<p>Sneezing.</p>")), encoding="utf-8")
    import_file(first, out)
    renamed = tmp_path / "renamed.xml"
    renamed.write_text(topics_xml(topic("5", "Allergic Rhinitis", "<p>Sneezing.</p>")), encoding="utf-8")

    code, _stdout, stderr = run_cli(str(renamed), "-o", str(out))

    assert code == 0
    assert (f"healthreader: warning: {out / 'hay-fever.md'}: MedlinePlus topic 5 is now imported as "
            "allergic-rhinitis.md, but this file is still shown") in stderr  # fmt: skip

    report = import_file(renamed, out, remove_missing=True)

    assert [r.path for r in report.removed] == [out / "hay-fever.md"] and report.left_over == []
    assert sorted(p.name for p in out.iterdir()) == ["allergic-rhinitis.md"]


def test_a_left_over_file_that_cannot_be_removed_is_named_and_the_exit_code_is_1(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import errno

    out = tmp_path / "out"
    first = tmp_path / "first.xml"
    first.write_text(topics_xml(topic("1", "Alpha", "<p>A.</p>"), topic("2", "Beta", "<p>B.</p>")),
                     encoding="utf-8")  # fmt: skip
    import_file(first, out)
    newer = tmp_path / "newer.xml"
    newer.write_text(topics_xml(topic("2", "Beta", "<p>B.</p>")), encoding="utf-8")

    def refuse(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "unlink", refuse)
    code, _stdout, stderr = run_cli(str(newer), "-o", str(out), "--remove-missing")

    assert code == 1
    assert f"healthreader: {out / 'alpha.md'}: cannot be removed: Permission denied\n" in stderr
    assert (out / "alpha.md").exists()


def test_a_summary_from_the_first_paragraph_is_plain_text(tmp_path: Path) -> None:
    """Older files have no meta description: the summary is cut from the HTML, so readers
    see neither Markdown marks nor escaped characters in the summary box."""
    xml = tmp_path / "t.xml"
    xml.write_text(topics_xml(topic("1", "Sun Rash", "<p><strong>Sun rash</strong> is a rash where "
                                    "5 &lt; 6 and the <em>immune</em> system reacts to 2*3 hours of "
                                    "sun_light. It fades.</p><h3>Causes</h3><p>Sun for 2*3 hours.</p>")),
                   encoding="utf-8")  # fmt: skip

    [path] = import_file(xml, tmp_path / "out").written

    article, _ = parse_article(path, {})
    assert article.summary == ("Sun rash is a rash where 5 < 6 and the immune system reacts to "
                               "2*3 hours of sun_light. It fades.")  # fmt: skip
    # The whole first paragraph is the summary: the body starts after it.
    assert article.body.startswith("### Causes") and "immune" not in article.body
    # The body keeps its Markdown; its plain text (search, reading level) has no escapes.
    assert "2\\*3" in article.body
    assert "Sun for 2*3 hours." in markdown_to_text(article.body)


@pytest.mark.parametrize(("html", "body"), [
    # The first sentences, up to the summary's 300 characters, are the summary; the body
    # goes on with the next one. A link in those sentences goes with them (the summary is
    # plain text); the rest keeps its markup.
    ("<p>Hives are <a href='https://x.org'>itchy</a> welts. " + "They come and go. " * 20
     + "They <b>fade</b> in a day.</p><p>More.</p>",
     "They come and go. " * 5 + "They **fade** in a day.\n\nMore.\n"),
    # A first sentence longer than a summary may be is cut short in the summary box, after
    # a word, with "…": the body goes on from there, so the reader sees its end, once.
    ("<p>" + "Very long " * 40 + "sentence.</p><p>More.</p>", "…" + "Very long " * 10 + "sentence.\n\nMore.\n"),
    # The first whole sentences of a paragraph, wherever it is (here a list comes first).
    ("<ul><li>Itchy.</li></ul><p>Then this. And <b>this</b>.</p><p>Last.</p>", "- Itchy.\n\nLast.\n"),
])  # fmt: skip
def test_the_body_leaves_out_only_whole_sentences_the_summary_shows(tmp_path: Path, html: str,
                                                                     body: str) -> None:  # fmt: skip
    xml = tmp_path / "t.xml"
    xml.write_text(topics_xml(topic("1", "Hives", html)), encoding="utf-8")

    [path] = import_file(xml, tmp_path / "out").written

    article, _ = parse_article(path, {})
    assert article.body.replace("\n\n\n", "\n\n") == body, article.summary


# -- the text says what MedlinePlus wrote --------------------------------------------------

_LEAVES = ["p", "li", "h2", "h3", "h4", "h5", "h6", "td", "th"]


def shown_blocks(body_html: str) -> list[str]:
    """The text of each paragraph, list item, heading and table cell as the reader shows it."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body_html, "html.parser")
    texts = (" ".join(e.get_text().split()) for e in soup.find_all(_LEAVES) if not e.find(_LEAVES))
    return [text for text in texts if text]


@pytest.mark.parametrize("elements", [False, True], ids=["escaped-html", "xml-elements"])
def test_text_markdown_would_read_as_marks_is_shown_as_written(tmp_path: Path, elements: bool) -> None:
    # Wrapped and indented as in MedlinePlus's own files: a line may start with anything.
    html = ("<p>In the United States, heart disease is the\n        #1 killer of women. Most of it\n"
            "        can be prevented.</p>\n<p>Ask about\n        + signs and - symptoms:\n        1. Rest\n"
            "        > 2 days\n        ===\n        ---</p>\n"
            "<p>## Not a heading, * not a bullet *, a_b_c, 5*3*2, `x`, [brackets](x), \\d, | a | b |, "
            "&lt;b&gt; &amp;amp; &amp;lt; AT&amp;T, &lt;https://x.org&gt;, ~~kept~~, a note[^1]</p>"
            "<ul><li>- dash</li><li>1. one</li><li>    four spaces</li></ul><h3>C# #</h3>"
            "<p>Line<br/>    #2<br/>---<br/>===<br/><span>1</span>. after a span</p>")  # fmt: skip
    xml = tmp_path / "hash.xml"
    xml.write_text(topics_xml(topic("300", "Heart Disease in Women", html, meta="Heart disease.",
                                    elements=elements)), encoding="utf-8")  # fmt: skip

    [path] = import_file(xml, tmp_path / "out").written

    article, warnings = parse_article(path, {})
    assert shown_blocks(article.body_html) == [
        "In the United States, heart disease is the #1 killer of women. Most of it can be prevented.",
        "Ask about + signs and - symptoms: 1. Rest > 2 days === ---",
        "## Not a heading, * not a bullet *, a_b_c, 5*3*2, `x`, [brackets](x), \\d, | a | b |, "
        "<b> &amp; &lt; AT&T, <https://x.org>, ~~kept~~, a note[^1]",
        "- dash", "1. one", "four spaces", "C# #", "Line #2 --- === 1. after a span",
    ]  # fmt: skip
    assert "<h2" not in article.body_html.replace("<h2>C# #</h2>", "") and "<a" not in article.body_html
    assert warnings == [] and errors_of(tmp_path / "out") == []


_PIECES = [*"aZ9 .#>-+*_=[]()`\\<>&!|:;~{}é\t\u00a0\u2028\x85", "\n        ", "    ", "&amp;", "&lt;", "&#61;",
           "1. ", "- ", "]:", "![", "~~", "[^1]", "[^1]: "]  # fmt: skip
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=10).map("".join).map(lambda t: html.escape(t, quote=False))
_LINKS = {"link": "https://medlineplus.gov/other.html", "outside": "https://example.org/x"}


def _tag(name: str, inner: str) -> str:
    return f'<a href="{_LINKS[name]}">{inner}</a>' if name in _LINKS else f"<{name}>{inner}</{name}>"


_INLINE = st.lists(st.recursive(
    st.one_of(_TEXT, st.just("<br/>")),
    lambda inner: st.builds(_tag, st.sampled_from(["b", "em", "strong", "i", "span", "sup", "code", *_LINKS]),
                            st.lists(inner, max_size=3).map("".join)),
    max_leaves=6), min_size=1, max_size=4).map("".join)  # fmt: skip
_CELLS = st.lists(st.lists(_INLINE.map(lambda c: f"<td>{c}</td>"), min_size=1, max_size=3).map("".join),
                  min_size=1, max_size=3)  # fmt: skip
_BLOCKS = st.recursive(
    st.one_of(st.builds(_tag, st.sampled_from(["p", "h1", "h3", "div", "blockquote"]), _INLINE),
              _CELLS.map(lambda rows: "<table>" + "".join(f"<tr>{row}</tr>" for row in rows) + "</table>")),
    lambda blocks: st.builds(_tag, st.sampled_from(["ul", "ol"]),
                             st.lists(st.one_of(_INLINE, blocks).map(lambda item: f"<li>{item}</li>"),
                                      min_size=1, max_size=3).map("".join)),
    max_leaves=5)  # fmt: skip


def shown_text(body_html: str) -> str:
    """All the text as a browser shows it, on one line: a line break or a block is a space."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body_html, "html.parser")
    for br in soup.find_all("br"):
        br.replace_with(" ")
    for block in soup.find_all(["p", "li", "h1", "h2", "h3", "h4", "div", "blockquote", "td", "th"]):
        block.insert_before(" ")
        block.insert_after(" ")
    return " ".join(soup.get_text().split())


@settings(max_examples=300, deadline=None)
@given(blocks=st.lists(_BLOCKS, min_size=1, max_size=4).map("\n".join), elements=st.booleans())
@example(blocks="<p><em><b>a</b>a<b>a</b></em></p>", elements=False)  # once read as "aaa**"
@example(blocks="<p><em><br/><b>a</b>a</em><em> <b>a</b> </em></p>", elements=False)
@example(blocks="<p><em><b>a</b>a</em><em><b>a</b>a</em></p>", elements=False)
@example(blocks='<p><em>a</em><a href="https://medlineplus.gov/other.html"></a><em>a</em></p>',
         elements=False)  # an empty link between: once read as "a**a"
def test_any_text_in_the_xml_is_the_text_the_reader_shows(blocks: str, elements: bool) -> None:
    """Whatever the text and the markup around it (nested, in tables, with line breaks)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        xml = Path(folder) / "t.xml"
        xml.write_text(topics_xml(topic("1", "Topic", blocks, meta="A topic.", elements=elements),
                                  topic("2", "Other", "<p>x</p>", meta="Another.")), encoding="utf-8")  # fmt: skip

        import_file(xml, Path(folder) / "out", bundled=Path(folder) / "none")

        article, warnings = parse_article(Path(folder) / "out" / "topic.md", {})
        assert shown_text(article.body_html) == shown_text(blocks)
        assert warnings == [] and errors_of(Path(folder) / "out") == []


# -- a summary from an older file, which has none of its own ---------------------------------

LONG_FIRST_SENTENCE = (
    "This is one extremely long first sentence that goes on and on without any full stop for a "
    "very long time, listing symptoms such as fever, chills, cough, sore throat, runny or stuffy "
    "nose, muscle or body aches, headaches, fatigue, vomiting and diarrhea, which is more common "
    "in children than adults, and it continues even further past three hundred characters to see "
    "what happens")  # fmt: skip


def test_a_first_sentence_too_long_for_a_summary_is_cut_after_a_word_and_read_once(tmp_path: Path) -> None:
    xml = tmp_path / "old.xml"
    xml.write_text(topics_xml(topic("501", "Long Sentence", f"<p>{LONG_FIRST_SENTENCE}</p><ul><li>Item one</li></ul>")),
                   encoding="utf-8")  # fmt: skip

    [path] = import_file(xml, tmp_path / "out").written

    article, _ = parse_article(path, {})
    assert article.summary == LONG_FIRST_SENTENCE[: LONG_FIRST_SENTENCE.index(", and it")] + "…"
    assert len(article.summary) <= 300
    # The body goes on where the summary stops: every word once, none cut in two.
    assert shown_blocks(article.body_html) == [
        "…and it continues even further past three hundred characters to see what happens", "Item one"]
    read = article.summary[:-1] + ", " + shown_blocks(article.body_html)[0][1:]
    assert read == LONG_FIRST_SENTENCE
    assert errors_of(tmp_path / "out") == []


def test_a_lead_in_to_a_list_is_no_summary(tmp_path: Path) -> None:
    xml = tmp_path / "old2.xml"
    xml.write_text(topics_xml(topic("600", "Dizziness", "<p>When you are dizzy, you may feel</p><ul><li>Lightheaded"
                                    "</li><li>Off balance</li><li>As if the room is spinning</li></ul><p>Most "
                                    "causes are not serious. Call your doctor if it lasts.</p>")),
                   encoding="utf-8")  # fmt: skip

    [path] = import_file(xml, tmp_path / "out").written

    article, _ = parse_article(path, {})
    assert article.summary == "Most causes are not serious. Call your doctor if it lasts."
    assert shown_blocks(article.body_html) == ["When you are dizzy, you may feel", "Lightheaded", "Off balance",
                                               "As if the room is spinning"]  # fmt: skip


def test_a_summary_is_not_cut_after_a_title_or_initials(tmp_path: Path) -> None:
    xml = tmp_path / "t.xml"
    # 285 characters, then a sentence that would not fit after them: "Ask Dr." would.
    xml.write_text(topics_xml(topic("1", "Flu Shot", "<p>" + "It helps most people. " * 13
                                    + "Ask Dr. Smith in the U.S. Army about it.</p>")), encoding="utf-8")  # fmt: skip

    [path] = import_file(xml, tmp_path / "out").written

    article, _ = parse_article(path, {})
    assert article.summary == " ".join(["It helps most people."] * 13)
    assert shown_blocks(article.body_html) == ["Ask Dr. Smith in the U.S. Army about it."]


def test_what_is_not_shown_is_no_summary(tmp_path: Path) -> None:
    xml = tmp_path / "t.xml"
    xml.write_text(topics_xml(topic("1", "Hives", "<!-- Checked by NLM. --><p><script>track()</script>Hives "
                                    "itch. They fade.</p><p>More.</p>")), encoding="utf-8")  # fmt: skip

    [path] = import_file(xml, tmp_path / "out").written

    article, _ = parse_article(path, {})
    assert (article.summary, article.body) == ("Hives itch. They fade.", "More.\n")


def test_the_worked_examples_in_the_importer_hold() -> None:
    import doctest

    from healthreader.importers import medlineplus, tomarkdown

    for module in (medlineplus, tomarkdown):
        failures, tried = doctest.testmod(module)
        assert (failures, tried > 3) == (0, True), module.__name__


# -- compressed downloads, and the language --------------------------------------------------


@needs_samples
@pytest.mark.parametrize("packing", ["zip", "gz"])
def test_a_zipped_or_gzipped_download_is_read_as_the_xml_in_it(tmp_path: Path, packing: str) -> None:
    import gzip
    import zipfile

    packed = tmp_path / f"mplus_topics.{packing}"
    if packing == "gz":
        packed.write_bytes(gzip.compress(OLD.read_bytes()))
    else:
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(OLD, f"folder/{OLD.name}")
            archive.writestr("__MACOSX/folder/._mplus_topics.xml", b"\0")
            archive.writestr("readme.txt", "MedlinePlus")
    import_file(OLD, tmp_path / "plain")

    code, out, err = run_cli(str(packed), "-o", str(tmp_path / "out"))

    assert (code, err) == (0, "") and "Imported 1 English topic" in out
    unpacked, _ = parse_article(tmp_path / "out" / "abdominal-pain.md", {})
    plain, _ = parse_article(tmp_path / "plain" / "abdominal-pain.md", {})
    assert (unpacked.summary, unpacked.body) == (plain.summary, plain.body)


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def test_a_download_that_is_not_one_xml_file_is_refused_naming_it(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import gzip

    from healthreader.importers import xmlfile

    xml = topics_xml(topic("1", "Lupus", "<p>About lupus. " + "More. " * 400 + "</p>")).encode()
    two = _zip(tmp_path / "two.zip", {"a.xml": xml, "b.xml": xml})
    none = _zip(tmp_path / "none.zip", {"notes.txt": b"x"})
    cut = tmp_path / "cut.xml.gz"
    cut.write_bytes(gzip.compress(xml)[:-200])
    big_gz = tmp_path / "big.xml.gz"
    big_gz.write_bytes(gzip.compress(xml))
    big_zip = _zip(tmp_path / "big.zip", {"big.xml": xml})
    monkeypatch.setattr(xmlfile, "MAX_XML_BYTES", 2000)  # the XML is 2,500 bytes or so

    messages = []
    for path in (two, none, cut, big_gz, big_zip):
        code, _out, err = run_cli(str(path), "-o", str(tmp_path / "out"))
        assert code == 1
        messages.append(err)

    assert messages == [
        f"healthreader: {two}: this zip file holds 2 .xml files (a.xml, b.xml); unzip it and import the "
        "health-topics .xml file\n",
        f"healthreader: {none}: this zip file holds no .xml file (notes.txt); unzip it and import the "
        "health-topics .xml file\n",
        f"healthreader: {cut}: the compressed file is damaged or cut short (Compressed file ended before the "
        "end-of-stream marker was reached); download it again\n",
        f"healthreader: {big_gz}: refused: unpacked, it is over 0 MB, far more than a MedlinePlus health-topics "
        "file (about 30 MB)\n",
        f"healthreader: {big_zip} (big.xml): refused: unpacked, it is over 0 MB, far more than a MedlinePlus "
        "health-topics file (about 30 MB)\n",
    ]  # fmt: skip
    assert not (tmp_path / "out").exists()


@needs_samples
@pytest.mark.parametrize("language", ["spanish", "SPANISH", "es"])
def test_the_language_may_be_written_in_any_case(tmp_path: Path, language: str) -> None:
    code, out, err = run_cli(str(OLD), "-o", str(tmp_path / "out"), "--language", language)

    assert (code, err) == (0, "") and f"Imported 1 Spanish topic into {tmp_path / 'out'}" in out
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["dolor-abdominal.md"]
