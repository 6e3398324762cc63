"""content/validate.py: what ``healthreader check`` finds in a set of content folders."""

from __future__ import annotations

import datetime
from pathlib import Path

from healthreader import paths
from healthreader.content.validate import check_content
from helpers import png_image, write_article, write_glossary

TODAY = datetime.date(2026, 6, 1)
PLAIN = "## What is it?\n\nIt is a small rash. It goes away in a week. You can rest.\n"


def found(report, severity: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in report.problems if p.severity == severity]


def line_of(path: Path, text: str) -> int:
    """The first line of the file holding ``text``."""
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


def test_a_clean_folder_has_no_errors_or_warnings(tmp_path: Path) -> None:
    write_article(tmp_path, "alpha", related=["beta"], categories=["Skin"], body=PLAIN)
    write_article(tmp_path, "beta", categories=["Skin"], body=PLAIN)

    report = check_content([tmp_path], None, today=TODAY)

    assert report.problems == []
    assert set(report.grades) == {"alpha", "beta"}
    assert all(grade < 8 for grade in report.grades.values())


def test_an_unresolved_related_id_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = write_article(tmp_path, "alpha", related=["no-such-thing"], categories=["Skin"], body=PLAIN)

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    assert found(report, "error") == [f"{path}:{line_of(path, '- no-such-thing')}: error: related id "
                                      "'no-such-thing' does not exist"]


def test_a_link_to_a_missing_article_is_an_error(tmp_path: Path) -> None:
    path = write_article(tmp_path, "alpha", categories=["Skin"],
                         body="## See\n\nRead [Gone](gone-article) next.\n")  # fmt: skip

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    assert found(report, "error") == [f"{path}:{line_of(path, 'Read [Gone]')}: error: link to 'gone-article': "
                                      "no such article"]


def test_a_link_to_an_articles_file_or_a_part_of_it_is_a_link_and_one_that_leads_nowhere_is_named(
    tmp_path: Path,
) -> None:
    """``[Lupus](lupus.md)``, as most Markdown editors write a link to another file, and
    ``lupus#causes`` were dead text for readers, and check said nothing."""
    write_article(tmp_path, "lupus", categories=["Skin"], body=PLAIN)
    write_article(tmp_path, None, file_name="our-hives.md", id="hives", categories=["Skin"], body=PLAIN)
    body = ("## See also\n\n[Lupus](lupus.md), [it](./lupus.md), [its causes](lupus#causes) and "
            "[again](lupus.md#causes).\n\n[Capitals](Lupus) and [up](../lupus.md).\n\n"
            "[Hives](our-hives.md) and [a site](https://example.test), but <https://example.test> "
            "shows its address.\n\n[Above](#see-also)\n")  # fmt: skip
    path = write_article(tmp_path, "alpha", categories=["Skin"], body=body)

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    assert [(href, target) for href, target, _ in report.library.get("alpha").links] == [
        ("lupus.md", "lupus"), ("./lupus.md", "lupus"), ("lupus#causes", "lupus"), ("lupus.md#causes", "lupus"),
        ("Lupus", ""), ("../lupus.md", ""), ("our-hives.md", "our-hives"), ("https://example.test", ""),
        ("#see-also", "")]  # fmt: skip
    assert report.library.get("alpha").body_html.count('href="article:lupus"') == 4
    nowhere = "; link to an article by its id, like [Lupus](lupus) or [Lupus](lupus.md)"
    at = line_of(path, "[Capitals]")
    assert found(report, "error") == [
        f"{path}:{at}: error: link to 'Lupus' leads nowhere: readers see its words as plain text "
        f"(did you mean 'lupus'?){nowhere}",
        f"{path}:{at}: error: link to '../lupus.md' leads nowhere: readers see its words as plain text "
        f"(did you mean 'lupus'?){nowhere}",
        f"{path}:{line_of(path, '[Hives]')}: error: link to 'our-hives.md': no such article (did you mean "
        "'hives'? That is the id of our-hives.md)",
    ]  # fmt: skip
    assert found(report, "warning") == [
        f"{path}:{line_of(path, '[Hives]')}: warning: link to 'https://example.test': readers see its words as "
        "plain text, since the reader opens no web page, e-mail or file; write the address out if they need it",
        f"{path}:{line_of(path, '[Above]')}: warning: link to '#see-also': readers see its words as plain text, "
        "since a link to a part of a page does not work; link to an article by its id",
    ]  # fmt: skip


def test_an_indented_paragraph_is_a_warning_with_its_line(tmp_path: Path) -> None:
    """Four spaces or a tab before a paragraph make it code (shown as typed, in a typewriter
    font): in a patient's article, nearly always a mistake. An indented line under a list
    item belongs to the item, and is no warning."""
    body = ("## What to do\n\n    Take one tablet & a glass of water (< 1 litre).\n\nRest.\n\n"
            "\tCall us if it spreads.\n\nThen:\n\n- Drink water\n\n    every hour.\n")  # fmt: skip
    path = write_article(tmp_path, "pills", categories=["Skin"], body=body)

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    warning = ("warning: indented by 4 spaces or a tab, so it is shown as code: as typed, in a typewriter "
               "font; remove the indent if it is text")  # fmt: skip
    assert found(report, "warning") == [
        f"{path}:{line_of(path, 'Take one tablet')}: {warning}",
        f"{path}:{line_of(path, 'Call us')}: {warning}",
    ]
    assert report.errors == []


def test_a_list_item_indented_too_little_to_be_inside_the_one_above_is_a_warning(tmp_path: Path) -> None:
    """Other Markdown readers nest a list under "1. " at 3 spaces, or under "- " at 2; this
    one needs 4, and otherwise joins the line to the item above ("Wash the skin - with
    soap") or makes it the next item."""
    body = ("## Steps\n\n1. Wash the skin\n   - with soap\n2. Dry it\n\nThen:\n\n"
            "- Cream\n  - twice a day\n- Rest\n    - at least 8 hours\n")  # fmt: skip
    path = write_article(tmp_path, "steps", categories=["Skin"], body=body)

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    def warning(spaces: int) -> str:
        return (f"warning: this list item is indented {spaces} spaces more than the item above, so it "
                "is not put inside that item (it joins it, or follows it): a list inside a list takes 4 more")  # fmt: skip

    assert found(report, "warning") == [
        f"{path}:{line_of(path, 'with soap')}: {warning(3)}",
        f"{path}:{line_of(path, 'twice a day')}: {warning(2)}",
    ]
    article = report.library.get("steps")
    # What readers see: one item "Wash the skin - with soap"; "twice a day" beside "Cream".
    assert "<li>Wash the skin\n   - with soap</li>" in article.body_html
    assert "<li>Cream</li>\n<li>twice a day</li>" in article.body_html


def test_a_paragraph_right_under_a_list_item_is_a_warning_with_its_line(tmp_path: Path) -> None:
    """With no blank line between, Markdown joins it to the last item ("lazy" line): in
    autoimmune-hepatitis.md "If these do not work…" read as part of the Azathioprine bullet."""
    body = ("## Treatment\n\n- **Prednisone** calms the immune system.\n- **Azathioprine** is another\n"
            "  medicine.\nIf these do not work, other medicines may help.\nAll of them have side effects.\n\n"
            "- Rest\n\nA new paragraph.\n\n1. Wash\n## Next\n")  # fmt: skip
    path = write_article(tmp_path, "hepatitis", categories=["Liver"], body=body)

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    assert "Azathioprine</strong> is another\n  medicine.\nIf these do not work" in report.library.get("hepatitis").body_html
    assert found(report, "warning") == [
        f"{path}:{line_of(path, 'If these do not work')}: warning: this line comes right under a list item, with "
        "no blank line between, so it joins that item's text: put a blank line above it if it starts a new "
        "paragraph, or indent it if it belongs to the item"]  # fmt: skip
    assert report.errors == []


def test_a_picture_readers_cannot_see_is_an_error_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    png_image(folder / "knee.png")
    png_image(folder / "pics" / "two words.png")
    png_image(tmp_path / "outside.png")
    path = write_article(folder, "alpha", categories=["Skin"], body=(
        "## Pictures\n\nA knee: ![Knee](knee.png)\n\n![Spaced](pics/two%20words.png)\n\n"
        "![img](nothere.png)\n\n![pic](../../etc/passwd)\n\n![up](../outside.png)\n\n"
        "![web](https://example.test/x.png)\n\n![folder](pics)\n\n![img again](nothere.png)\n"
    ))  # fmt: skip

    report = check_content([folder], None, today=TODAY, reading_level=False)

    assert found(report, "error") == [
        f"{path}:{line_of(path, '(nothere')}: error: picture 'nothere.png' not found",
        f"{path}:{line_of(path, 'passwd')}: error: picture '../../etc/passwd' is outside the article's folder",
        f"{path}:{line_of(path, 'outside.png')}: error: picture '../outside.png' is outside the article's folder",
        f"{path}:{line_of(path, 'example.test')}: error: picture 'https://example.test/x.png' is a web "
        "address: only pictures in the article's folder are shown",
        f"{path}:{line_of(path, '(pics)')}: error: picture 'pics' is not a file",
    ]  # fmt: skip


def test_a_missing_picture_is_named_at_the_picture_not_at_a_link_to_the_same_file(tmp_path: Path) -> None:
    """An editor goes to the line given: the picture's own, not a "full size" link above it."""
    folder = tmp_path / "lib"
    path = write_article(folder, "alpha", categories=["Skin"], body=(
        "## Map\n\nSee [the full-size map](map.png) at the front desk.\n\nThe clinic:\n\n"
        "![Clinic map](map.png)\n"
    ))  # fmt: skip

    report = check_content([folder], None, today=TODAY, reading_level=False)

    assert f"{path}:{line_of(path, '![Clinic map]')}: error: picture 'map.png' not found" in found(report, "error")


def test_a_picture_that_links_out_of_the_folder_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    (folder / "innocent.png").parent.mkdir(parents=True)
    (folder / "innocent.png").symlink_to(png_image(tmp_path / "secret.png"))
    path = write_article(folder, "alpha", categories=["Skin"], body="## A\n\n![x](innocent.png)\n")

    report = check_content([folder], None, today=TODAY, reading_level=False)

    assert found(report, "error") == [
        f"{path}:{line_of(path, 'innocent')}: error: picture 'innocent.png' is outside the article's folder"
    ]


def test_check_skips_the_same_of_two_files_with_one_id_as_the_reader(tmp_path: Path) -> None:
    named = write_article(tmp_path, "gout", title="Gout", categories=["Joints"], body=PLAIN)
    copy = write_article(tmp_path, "gout", title="Gout (draft)", file_name="gout-copy.md",
                         categories=["Joints"], body=PLAIN)  # fmt: skip

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    assert report.library.file_of("gout") == named
    assert found(report, "error") == [
        f"{copy}:{line_of(copy, 'id:')}: error: duplicate id 'gout': {named} has it too, and is named for it; "
        "this file is skipped"
    ]


def test_a_reviewed_date_in_the_future_is_an_error(tmp_path: Path) -> None:
    path = write_article(tmp_path, "alpha", categories=["Skin"], body=PLAIN,
                         reviewed=TODAY + datetime.timedelta(days=1))  # fmt: skip
    write_article(tmp_path, "beta", categories=["Skin"], body=PLAIN, reviewed=TODAY)

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    assert found(report, "error") == [f"{path}:{line_of(path, 'reviewed:')}: error: 'reviewed' 2026-06-02 is "
                                      "in the future"]


def test_an_old_review_and_missing_categories_are_warnings(tmp_path: Path) -> None:
    path = write_article(tmp_path, "alpha", body=PLAIN, reviewed=datetime.date(2020, 1, 1))

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    assert report.errors == []
    assert found(report, "warning") == [
        f"{path}:{line_of(path, 'reviewed:')}: warning: last reviewed 2020-01-01, over 3 years ago",
        f"{path}: warning: no 'categories': listed under \"Other\"",
    ]


def test_a_category_in_another_spelling_is_a_warning(tmp_path: Path) -> None:
    write_article(tmp_path, "alpha", categories=["Immune system"], body=PLAIN)
    write_article(tmp_path, "beta", categories=["Immune system"], body=PLAIN)
    path = write_article(tmp_path, "gamma", categories=["Immune System"], body=PLAIN)

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    assert report.errors == []
    assert found(report, "warning") == [
        f"{path}:{line_of(path, '- Immune System')}: warning: category 'Immune System' is shown as "
        "'Immune system', the spelling "
        "most articles use"
    ]


def test_two_articles_of_one_title_in_one_folder_are_a_warning(tmp_path: Path) -> None:
    first = write_article(tmp_path, "gout", title="Gout", categories=["Joints"], body=PLAIN)
    second = write_article(tmp_path, "toe-gout", title="gout", categories=["Joints"], body=PLAIN)

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    assert found(report, "warning") == [
        f"{second}:{line_of(second, 'title:')}: warning: 'Gout' is also the title of {first} (id 'gout'), so "
        "readers see two 'Gout' in the list: give one of them another title"]  # fmt: skip


def test_hard_prose_is_flagged_with_its_grade(tmp_path: Path) -> None:
    hard = (
        "## Pathophysiology\n\nImmunological dysregulation characteristically precipitates "
        "multisystemic inflammatory manifestations, necessitating comprehensive interdisciplinary "
        "therapeutic interventions and longitudinal pharmacological immunosuppression.\n"
    )
    path = write_article(tmp_path, "hard", categories=["Skin"], body=hard)

    report = check_content([tmp_path], None, today=TODAY)

    assert report.grades["hard"] > 8
    [warning] = found(report, "warning")
    assert warning.startswith(f"{path}: warning: reading level is grade ")


def test_only_english_articles_get_an_english_reading_grade(tmp_path: Path) -> None:
    spanish = ("## ¿Qué es?\n\nLa inmunodeficiencia multisistémica característicamente "
               "desencadena manifestaciones inflamatorias interdisciplinarias.\n")  # fmt: skip
    write_article(tmp_path, "dolor", categories=["Piel"], body=spanish, language="es")
    write_article(tmp_path, "rash", categories=["Skin"], body=PLAIN, language="en-US")

    report = check_content([tmp_path], None, today=TODAY)

    assert set(report.grades) == {"rash"}
    assert report.ungraded == ["dolor"]
    assert found(report, "warning") == []


def test_an_unused_glossary_term_is_a_warning_on_the_glossary(tmp_path: Path) -> None:
    glossary = write_glossary(tmp_path / "glossary.yaml", {"rash": "Skin that changed.",
                                                          "gout": "A kind of arthritis."})  # fmt: skip
    write_article(tmp_path / "lib", "alpha", categories=["Skin"], body=PLAIN)

    report = check_content([tmp_path / "lib"], glossary, today=TODAY, reading_level=False)

    assert found(report, "warning") == [f"{glossary}: warning: glossary term 'gout' is used by no article"]


def test_broken_files_are_errors_and_the_rest_is_still_checked(tmp_path: Path) -> None:
    broken = write_article(tmp_path, "broken", categories=["Skin"], sumary="typo")
    good = write_article(tmp_path, "good", categories=["Skin"], body=PLAIN, related=["missing"])

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    assert found(report, "error") == [
        f"{broken}:11: error: unknown key 'sumary' (did you mean 'summary'?)",
        f"{good}:{line_of(good, '- missing')}: error: related id 'missing' does not exist",
    ]


def test_the_bundled_library_has_no_errors() -> None:
    report = check_content([paths.bundled_articles_dir()], paths.glossary_path(), reading_level=False)

    assert report.errors == [], "\n".join(map(str, report.errors))
    assert len(report.library) >= 20


def test_check_works_on_29_february(tmp_path: Path) -> None:
    write_article(tmp_path, "leap", categories=["Skin"], body=PLAIN, reviewed="2025-02-28")
    write_article(tmp_path, "old", categories=["Skin"], body=PLAIN, reviewed="2025-02-27")

    report = check_content([tmp_path], None, today=datetime.date(2028, 2, 29), reading_level=False)

    assert [w.split(": warning: ")[1] for w in found(report, "warning")] == [
        "last reviewed 2025-02-27, over 3 years ago"
    ]


def test_the_reading_level_works_with_no_network() -> None:
    # textstat 0.7.9+ downloads NLTK data on first use; the pinned 0.7.8 must not need to.
    from helpers import run_python

    code = (
        "import socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OSError('network access attempted')\n"
        "socket.socket = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from healthreader.content.readability import grade\n"
        "print(round(grade('## What is it?\\n\\nIt is a small rash. It goes away in a week.'), 1))\n"
    )
    done = run_python(code)

    assert done.returncode == 0, done.stderr
    assert float(done.stdout) < 8


def test_a_broken_clinic_page_says_readers_see_the_page_it_was_meant_to_replace(tmp_path: Path) -> None:
    ours = write_article(tmp_path / "bundled", "hives", title="Hives", categories=["Skin"], body=PLAIN)
    write_article(tmp_path / "bundled", "rash", title="Rash", categories=["Skin"], body=PLAIN)
    clinic = tmp_path / "clinic"
    theirs = write_article(clinic, "hives", title="Hives at our clinic", categories=["Skin"], body=PLAIN)
    theirs.write_text(theirs.read_text("utf-8").replace("\ntitle:", "\ntitel: x\ntitle:", 1), "utf-8")
    # A broken page that replaces nothing: its error says it all.
    (clinic / "new.md").write_text("---\nid: new\ntitle: [New\n---\n", "utf-8")
    # A broken copy beside the page shown, in the same folder.
    (tmp_path / "bundled" / "rash-old.md").write_text("---\nid: rash\ntitle: [Old\n---\n", "utf-8")

    report = check_content([tmp_path / "bundled", clinic], None, today=TODAY, reading_level=False)

    assert found(report, "warning") == [
        f"{theirs}: warning: until this file loads, readers see {ours} for 'hives' in its place "
        "(and 'export hives' refuses)"]
    assert len(found(report, "error")) == 3


def test_a_hidden_folder_is_never_read_and_each_sub_folder_read_is_counted(tmp_path: Path) -> None:
    """A page Obsidian "deleted" into ``.trash`` was still shown to patients, and check
    said nothing; a page in ``drafts/`` is published, so check counts it by sub-folder."""
    write_article(tmp_path, "knee", categories=["Skin"], body=PLAIN)
    for hidden in (".trash", ".git", ".obsidian"):
        write_article(tmp_path / hidden, f"old{hidden.replace('.', '-')}", categories=["Skin"], body=PLAIN)
    write_article(tmp_path / "drafts", "draft-page", categories=["Skin"], body=PLAIN)

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    assert sorted(info.id for info in report.library) == ["draft-page", "knee"]
    assert report.problems == []
    assert report.read_from == {tmp_path: {"": 1, "drafts/": 1}}


def test_a_folder_with_no_articles_is_named(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    write_article(tmp_path / "other", "knee", categories=["Skin"], body=PLAIN)

    report = check_content([clinic, tmp_path / "other"], None, today=TODAY, reading_level=False)

    assert found(report, "warning") == [f"{clinic}: warning: no articles in this folder: an article is a "
                                        "file whose name ends in .md"]
    assert report.read_from == {clinic: {}, tmp_path / "other": {"": 1}}


def test_a_page_that_replaces_one_in_another_language_is_a_warning_naming_both_files(tmp_path: Path) -> None:
    """English and Spanish imports loaded together: the Spanish "Lupus" took the English
    one's place, and check called it information only."""
    english = write_article(tmp_path / "en", "lupus", title="Lupus", categories=["Skin"], body=PLAIN)
    spanish = write_article(tmp_path / "es", None, file_name="lupus.md", title="Lupus", categories=["Skin"],
                            language="es", body=PLAIN)  # fmt: skip
    also_english = write_article(tmp_path / "es", "hives", categories=["Skin"], body=PLAIN)
    write_article(tmp_path / "en", "hives", categories=["Skin"], body=PLAIN)

    report = check_content([tmp_path / "en", tmp_path / "es"], None, today=TODAY, reading_level=False)

    assert found(report, "warning") == [
        f"{spanish}: warning: replaces {english} (id 'lupus'), which is in another language ('en', this page "
        "'es'): readers of English lose it; give this page an id of its own, like 'id: lupus-es'"]
    assert found(report, "error") == [] and report.library.file_of("hives") == also_english


def test_a_file_named_like_an_article_but_not_read_is_named_with_the_name_to_give_it(tmp_path: Path) -> None:
    """Notepad's knee.md.txt, knee.MD and knee.markdown were skipped in silence: check
    said "0 errors" of a folder none of whose pages readers would see."""
    clinic = tmp_path / "clinic"
    for name in ("knee-osteoarthritis.md.txt", "hip-pain.MD", "back-pain.markdown", "notes.txt", ".hidden.MD"):
        write_article(clinic, None, file_name=name, categories=["Skin"], body=PLAIN)

    report = check_content([clinic], None, today=TODAY, reading_level=False)

    assert found(report, "warning") == [
        f"{clinic / 'back-pain.markdown'}: warning: not read: an article's file name must end in .md: rename "
        "it to back-pain.md",
        f"{clinic / 'hip-pain.MD'}: warning: not read: an article's file name must end in .md: rename it to "
        "hip-pain.md",
        f"{clinic / 'knee-osteoarthritis.md.txt'}: warning: not read: an article's file name must end in .md: "
        "rename it to knee-osteoarthritis.md",
        f"{clinic}: warning: no articles in this folder: an article is a file whose name ends in .md",
    ]
    assert len(report.library) == 0 and report.errors == []


def test_a_link_whose_words_are_its_target_is_named_unless_it_is_a_web_or_e_mail_address(tmp_path: Path) -> None:
    """README's own example of a link that leads nowhere, ``[Lupus](Lupus)``, passed check:
    a link whose words equal its target was taken for an autolink."""
    write_article(tmp_path, "lupus", categories=["Skin"], body=PLAIN)
    path = write_article(tmp_path, "knee", categories=["Skin"], body=(
        "## See\n\nSee [Lupus](Lupus) and [Hives](Hives).\n\n"
        "Call <nurse@clinic.org> or see <https://clinic.test/knee>.\n"))  # fmt: skip

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    line = line_of(path, "See [Lupus]")
    assert found(report, "error") == [
        f"{path}:{line}: error: link to 'Lupus' leads nowhere: readers see its words as plain text (did you "
        "mean 'lupus'?); link to an article by its id, like [Lupus](lupus) or [Lupus](lupus.md)",
        f"{path}:{line}: error: link to 'Hives' leads nowhere: readers see its words as plain text; link to "
        "an article by its id, like [Lupus](lupus) or [Lupus](lupus.md)",
    ]
    assert found(report, "warning") == []


def test_an_address_in_angle_brackets_is_a_picture_or_a_link_not_raw_html(tmp_path: Path) -> None:
    """``![Knee](<knee photo.png>)``, CommonMark's way to write a file name with a space,
    was refused as raw HTML, and the whole article with it."""
    write_article(tmp_path, "lupus", categories=["Skin"], body=PLAIN)
    png_image(tmp_path / "knee photo.png")
    write_article(tmp_path, "knee", categories=["Skin"],
                  body=PLAIN + "\n![Knee](<knee photo.png>)\n\nSee [Lupus](<lupus>).\n")  # fmt: skip

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    assert report.problems == []
    article = report.library.get("knee")
    assert [src for src, _ in article.pictures] == ["knee photo.png"]
    assert [target for _, target, _ in article.links] == ["lupus"]


def test_an_article_with_no_body_is_a_warning(tmp_path: Path) -> None:
    """Front matter only (a forgotten paste) passed check with no word."""
    path = write_article(tmp_path, "knee", categories=["Skin"], body="\n  \n")

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    assert found(report, "warning") == [f"{path}: warning: the body is empty: readers see only the title, the "
                                        "summary and the sources; write the article under the front matter's "
                                        "closing '---'"]  # fmt: skip
    assert "knee" in report.library


def test_a_wiki_link_or_picture_is_a_warning_with_its_line_and_the_markdown_to_write(tmp_path: Path) -> None:
    """``[[lupus]]`` and ``![[knee.png]]``, as Obsidian writes them, passed check silently
    and readers saw them as typed, brackets and all."""
    write_article(tmp_path, "lupus", title="Lupus", categories=["Skin"], body=PLAIN)
    write_article(tmp_path, "joint-pain", title="Sore joints", categories=["Skin"], body=PLAIN)
    path = write_article(tmp_path, "knee", categories=["Skin"], body=(
        "## See\n\nSee [[lupus]], [[Lupus|read about lupus]] and [[Sore joints]].\n\n"
        "Also [[lupsu]] and [[lupus]] again.\n\n"
        "![[knee.png]] ![[knee_x-ray.png|300]] ![[lupus]]\n\n"
        "Not in code: `[[lupus]]`\n\n    [[lupus]] indented\n\n```\n[[lupus]] fenced\n```\n"))  # fmt: skip

    report = check_content([tmp_path], None, today=TODAY, reading_level=False)

    see, also, pictures = line_of(path, "See [["), line_of(path, "Also [["), line_of(path, "![[knee")
    typed = "readers see it as typed, brackets and all"
    assert [w for w in found(report, "warning") if ": warning: wiki " in w] == [
        f"{path}:{see}: warning: wiki link '[[lupus]]': {typed}; write [lupus](lupus)",
        f"{path}:{see}: warning: wiki link '[[Lupus|read about lupus]]': {typed}; write [read about lupus](lupus)",
        f"{path}:{see}: warning: wiki link '[[Sore joints]]': {typed}; write [Sore joints](joint-pain)",
        f"{path}:{also}: warning: wiki link '[[lupsu]]': {typed}; write [lupsu](its-id), with the id of the "
        "article it means (did you mean 'lupus'?)",
        f"{path}:{also}: warning: wiki link '[[lupus]]': {typed}; write [lupus](lupus)",
        f"{path}:{pictures}: warning: wiki picture '![[knee.png]]': {typed}; write ![Knee](knee.png)",
        f"{path}:{pictures}: warning: wiki picture '![[knee_x-ray.png|300]]': {typed}; "
        "write ![Knee x ray](knee_x-ray.png)",
        f"{path}:{pictures}: warning: wiki picture '![[lupus]]': {typed}; a page cannot be shown inside "
        "another, link to it instead; write [Lupus](lupus)",
    ]
    assert found(report, "error") == []


def test_a_related_id_or_link_to_a_page_in_another_language_is_a_warning_with_its_line(tmp_path: Path) -> None:
    """An editor's "related: [hemolytic-anemia]" on a Spanish page: a Spanish reader who
    follows it lands on an English page. The importer writes no such link; check says so."""
    write_article(tmp_path / "en", "anemia", title="Anemia", categories=["Blood"], body=PLAIN)
    write_article(tmp_path / "en", "hemolytic-anemia", title="Hemolytic anemia", categories=["Blood"], body=PLAIN)
    write_article(tmp_path / "es", "anemia-es", title="Anemia", categories=["Sangre"], language="es", body=PLAIN)
    spanish = write_article(tmp_path / "es", "lupus-es", title="Lupus", categories=["Sangre"], language="es",
                            related=["hemolytic-anemia", "anemia", "anemia-es"],
                            body=PLAIN + "\nVea [la anemia](anemia-es) y [la otra](hemolytic-anemia).\n")  # fmt: skip

    report = check_content([tmp_path / "en", tmp_path / "es"], None, today=TODAY, reading_level=False)

    tail = "this page is in Spanish ('es'): readers of this page who follow it get a page in another language; "
    assert found(report, "warning") == [
        f"{spanish}:{line_of(spanish, '- hemolytic-anemia')}: warning: related 'hemolytic-anemia' is in English "
        f"('en'), {tail}point it at a Spanish page, or remove it",
        f"{spanish}:{line_of(spanish, '- anemia')}: warning: related 'anemia' is in English ('en'), {tail}did you "
        "mean 'anemia-es', the Spanish page of the same title?",
        f"{spanish}:{line_of(spanish, 'Vea [la anemia]')}: warning: link to 'hemolytic-anemia' leads to a page in "
        f"English ('en'), {tail}point it at a Spanish page, or remove it",
    ]
    assert found(report, "error") == []
