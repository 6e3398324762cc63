"""The bundled library: complete, linked, reachable, plain, and passing `check`."""

from __future__ import annotations

import re

import pytest

from healthreader import paths
from healthreader.content.readability import grade, plain_text
from healthreader.content.validate import check_content

SEED_IDS = {
    "autoimmune-lymphoproliferative-syndrome", "amyotrophic-lateral-sclerosis",
    "is-als-an-autoimmune-disease", "autoimmune-diseases", "autoimmune-hemolytic-anemia",
    "immune-thrombocytopenia", "evans-syndrome", "autoimmune-neutropenia",
    "glomerulonephritis", "autoimmune-hepatitis", "uveitis", "guillain-barre-syndrome",
    "hives", "lymphoma", "rheumatoid-arthritis", "lupus", "multiple-sclerosis", "vasculitis",
    "panniculitis", "primary-ovarian-insufficiency", "enlarged-spleen", "swollen-lymph-nodes",
    "hemolytic-anemia",
}  # fmt: skip
SECTION_ORDER = [
    "What is it?", "Causes", "Symptoms", "How it is diagnosed", "Treatment", "Living with it",
    "When to get help right away", "Questions to ask your care team",
]  # fmt: skip


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return check_content([paths.bundled_articles_dir()], paths.glossary_path())


def test_every_seed_condition_is_bundled(report) -> None:  # type: ignore[no-untyped-def]
    assert SEED_IDS <= set(report.library.infos)


def test_check_finds_no_errors_no_warnings_and_no_orphan_glossary_terms(report) -> None:  # type: ignore[no-untyped-def]
    assert [str(p) for p in report.problems] == []
    orphans = [str(p) for p in report.problems if "used by no article" in p.message]
    assert orphans == []


def test_side_effects_are_not_listed_under_one_medicine(report) -> None:  # type: ignore[no-untyped-def]
    # Written straight under the last bullet, the paragraph became part of it: prednisone's
    # side effects read as azathioprine's.
    html = report.library.get("autoimmune-hepatitis").body_html
    item = re.search(r"<li>\s*<strong>Azathioprine</strong>.*?</li>", html, re.S)
    assert item is not None and "Prednisone can cause" not in item.group()
    assert re.search(r"<p>If these do not work, other immune medicines may help\.", html)


def test_glossary_is_large_enough_and_has_the_key_terms(report) -> None:  # type: ignore[no-untyped-def]
    from healthreader.content.glossary import load_glossary

    glossary = {t.casefold() for t in load_glossary(paths.glossary_path())}
    assert len(glossary) >= 40
    for term in ("apoptosis", "lymphocyte", "t cell", "b cell", "antibody", "platelet",
                 "red blood cell", "spleen", "lymph node", "autoimmune", "fas gene",
                 "motor neuron", "atrophy", "immunotherapy", "monoclonal antibody",
                 "inherited", "mutation", "biopsy"):  # fmt: skip
        assert term in glossary


def test_every_article_is_reachable_from_a_sidebar_category(report) -> None:  # type: ignore[no-untyped-def]
    in_categories = {i.id for infos in report.library.categories().values() for i in infos}
    assert set(report.library.infos) <= in_categories
    assert "Other" not in report.library.categories()


def test_related_links_follow_the_seeds_both_ways(report) -> None:  # type: ignore[no-untyped-def]
    lib = report.library
    alps = {i.id for i in lib.related("autoimmune-lymphoproliferative-syndrome")}
    assert {"autoimmune-hemolytic-anemia", "immune-thrombocytopenia", "evans-syndrome",
            "lymphoma", "enlarged-spleen", "swollen-lymph-nodes"} <= alps  # fmt: skip
    als = {i.id for i in lib.related("amyotrophic-lateral-sclerosis")}
    assert {"is-als-an-autoimmune-disease", "autoimmune-diseases", "multiple-sclerosis"} <= als
    for info in lib:
        for other in info.related:
            assert info.id in {i.id for i in lib.related(other)}


def test_als_is_not_listed_beside_autoimmune_diseases(report) -> None:  # type: ignore[no-untyped-def]
    """ALS is not autoimmune (the question page says so), yet its page listed lupus and RA
    as related, which fed the very myth that page answers."""
    als = {i.id for i in report.library.related("amyotrophic-lateral-sclerosis")}
    assert als.isdisjoint({"lupus", "rheumatoid-arthritis"})
    assert "is-als-an-autoimmune-disease" in als


def test_articles_read_at_grade_9_or_lower_with_names_set_aside(report) -> None:  # type: ignore[no-untyped-def]
    too_hard = {}
    for info in report.library:
        level = grade(report.library.get(info.id).body, (info.title, *info.also_called))
        if level > 9:
            too_hard[info.id] = round(level, 1)
    assert too_hard == {}


def test_sections_come_in_the_agreed_order(report) -> None:  # type: ignore[no-untyped-def]
    for info in report.library:
        headings = re.findall(r"^## (.+?)\s*$", report.library.get(info.id).body, re.MULTILINE)
        known = [h for h in headings if h in SECTION_ORDER]
        assert known == sorted(known, key=SECTION_ORDER.index), info.id
        assert "Questions to ask your care team" in headings, info.id
        assert len(report.library.get(info.id).sources) >= 1


def test_lay_names_people_type_are_listed(report) -> None:  # type: ignore[no-untyped-def]
    lib = report.library
    expectations = {
        "hives": "urticaria", "amyotrophic-lateral-sclerosis": "lou gehrig",
        "immune-thrombocytopenia": "itp", "lupus": "sle",
        "autoimmune-lymphoproliferative-syndrome": "canale-smith",
        "enlarged-spleen": "splenomegaly", "swollen-lymph-nodes": "lymphadenopathy",
        "primary-ovarian-insufficiency": "premature ovarian failure",
    }  # fmt: skip
    for article_id, name in expectations.items():
        names = " | ".join(lib.info(article_id).also_called).casefold()
        assert name in names, article_id


# Words for a finding or a symptom that many conditions share. Given as "Also called", the
# handout told a patient whose lab report said "thrombocytopenia" (or who had a red, painful
# eye) that it is this one condition. They may be symptoms, which search finds but no
# handout prints as another name.
BROAD_TERMS = {
    "thrombocytopenia", "low platelets", "low platelet count",
    "neutropenia", "low neutrophils", "low white count", "low white blood cell count",
    "liver inflammation", "autoimmune liver disease",
    "eye inflammation", "inflamed eye", "red painful eye", "autoimmune eye disease",
    "nephritis", "kidney inflammation", "inflamed kidneys", "glomerular disease", "kidney filter damage",
    "lymph node cancer", "hemolysis", "red blood cell destruction", "charcot disease",
}  # fmt: skip


def test_no_article_gives_a_broad_finding_as_another_name(report) -> None:  # type: ignore[no-untyped-def]
    given = sorted(f"{info.id}: {name}" for info in report.library for name in info.also_called
                   if name.casefold() in BROAD_TERMS)  # fmt: skip
    assert given == []


# What a medical review of the articles found (QA report, findings 4 and 6-16): the words a
# reader saw, and what the page says now. Each pair is (article id, text).
NO_LONGER_SAID = [
    ("rheumatoid-arthritis", "For some people, RA lasts only a short time."),
    ("is-als-an-autoimmune-disease", "can look a bit like ALS at first"),
    ("amyotrophic-lateral-sclerosis", "About 9 or 10 out of 10 cases"),
    ("immune-thrombocytopenia", "Acute ITP lasts less than 6 months."),
    ("immune-thrombocytopenia", "In ITP, the platelet count is low, but red and white blood cell counts are normal."),
    ("is-als-an-autoimmune-disease", "Well known examples are rheumatoid arthritis, lupus and multiple sclerosis."),
    ("lupus", "multiple sclerosis are some of the best-known autoimmune diseases"),
    ("lupus", "Discoid lupus brings a rash on the skin that does not fade."),
    ("enlarged-spleen", "anemia, or of platelets, the cells that help blood clot. Then you may feel tired, get infections"),
]  # fmt: skip
NOW_SAID = [
    ("rheumatoid-arthritis", "RA is a long-term disease. With treatment, many people have long calm periods"),
    ("is-als-an-autoimmune-disease", "One example is multifocal motor neuropathy."),
    ("autoimmune-neutropenia", "The GARD page is about a kind of neutropenia that the immune system does not cause."),
    ("glomerulonephritis", "The causes, signs, tests and treatment on this page come from general medical knowledge."),
    ("uveitis", "The rest of this page comes from general medical knowledge."),
    ("swollen-lymph-nodes", "the 2 to 4 week rule and the other warning signs on this page come from general medical knowledge."),
    ("amyotrophic-lateral-sclerosis", "ALS shortens life. Most people live 2 to 10 years after their first signs"),
    ("amyotrophic-lateral-sclerosis", "More than 9 out of 10 cases"),
    ("immune-thrombocytopenia", "Persistent ITP: 3 to 12 months. Chronic ITP: more than 12 months."),
    ("autoimmune-hemolytic-anemia", "Steroids and spleen removal help mainly the warm type."),
    ("multiple-sclerosis", "It is thought to be an autoimmune disease."),
    ("enlarged-spleen", "low counts of red blood cells (anemia), white blood cells, or platelets"),
    ("panniculitis", "With some rare forms, such as Weber-Christian disease, people may also have: Fever."),
    ("hemolytic-anemia", "In G6PD deficiency, red blood cells lack a protein called G6PD that protects them."),
]  # fmt: skip


@pytest.mark.parametrize(("article_id", "text"), NO_LONGER_SAID)
def test_what_the_medical_review_found_wrong_is_no_longer_said(report, article_id: str, text: str) -> None:  # type: ignore[no-untyped-def]
    assert text not in plain_text(report.library.get(article_id).body)


@pytest.mark.parametrize(("article_id", "text"), NOW_SAID)
def test_what_the_medical_review_asked_for_is_said(report, article_id: str, text: str) -> None:  # type: ignore[no-untyped-def]
    assert text in plain_text(report.library.get(article_id).body)


def test_the_glossary_explains_apoptosis_plainly_and_immune_globulin(report) -> None:  # type: ignore[no-untyped-def]
    """"the planned way the body tells cells it no longer needs to die off" could be read as
    "the body no longer needs to die off"; immune globulin was named on three pages and
    explained on one."""
    from healthreader.content.glossary import load_glossary

    glossary = {t.casefold(): d for t, d in load_glossary(paths.glossary_path()).items()}
    assert glossary["apoptosis"] == "Apoptosis is the body's planned way of getting rid of cells it no longer needs."
    assert "immune globulin" in report.library.get("immune-thrombocytopenia").glossary_terms
    assert "immune globulin" in report.library.get("evans-syndrome").glossary_terms
