"""The article view is locked down (DESIGN.md, Safety rules): no link leaves the app, no file
outside the article's folder is read, and a hostile image never reaches Qt's own loader."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QApplication

from healthreader.ui.articleview import ArticleView
from healthreader.ui.mainwindow import MainWindow
from helpers import click_text, png_image

IMAGE = QTextDocument.ResourceType.ImageResource.value
PLACEHOLDER_SIZE = (160, 90)

HOSTILE = [
    "file:///etc/passwd",
    "http://x",
    "https://x",
    "javascript:alert(1)",
    "mailto:a@b",
    "ftp://example.test/file",
    "data:text/html;base64,PGgxPmhpPC9oMT4=",
    "../x.md",
    "/etc/passwd",
    "article:",
    "glossary:not-a-term",
    "x-unknown-scheme:whatever",
]


@pytest.fixture
def view(qtbot, tmp_path: Path) -> ArticleView:
    view = ArticleView({"rash": "A patch of changed skin."})
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    return view


def state(window: MainWindow) -> tuple[str, str | None, list[str]]:
    return window.view.toHtml(), window.current, window.history


@pytest.mark.parametrize("url", HOSTILE)
def test_a_hostile_link_clicked_leaves_the_page_and_calls_no_os_handler(main_window: MainWindow, os_handlers,
                                                                        message_boxes, url: str) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    python_calls, cpp_calls = os_handlers
    main_window.open_article("marsh-fever")
    before = state(main_window)

    main_window.view.anchorClicked.emit(QUrl(url))
    QApplication.processEvents()

    assert state(main_window) == before
    assert "root:" not in main_window.view.toPlainText()
    assert python_calls == [] and cpp_calls == []
    assert message_boxes == []


@pytest.mark.parametrize("url", HOSTILE)
def test_set_source_with_a_hostile_url_leaves_the_page(main_window: MainWindow, os_handlers, message_boxes,  # type: ignore[no-untyped-def]
                                                       url: str) -> None:  # fmt: skip
    python_calls, cpp_calls = os_handlers
    main_window.open_article("reed-rash")
    before = state(main_window)

    main_window.view.setSource(QUrl(url))
    QApplication.processEvents()

    assert state(main_window) == before
    assert "root:" not in main_window.view.toPlainText()
    assert python_calls == [] and cpp_calls == []
    assert message_boxes == []


def test_a_real_click_on_hostile_anchors_does_nothing(view: ArticleView, qtbot, os_handlers) -> None:
    # Raw anchors the renderer would never produce: the view itself must still hold.
    python_calls, cpp_calls = os_handlers
    links = "".join(f'<p><a href="{u}">link {n}</a></p>' for n, u in enumerate(HOSTILE))
    view.show_page(f"<h1>Hostile</h1>{links}", None)
    before = view.toHtml()
    asked: list[str] = []
    view.article_requested.connect(asked.append)

    for n in range(len(HOSTILE)):
        click_text(qtbot, view, f"link {n}")
    QApplication.processEvents()

    assert view.toHtml() == before
    assert "root:" not in view.toPlainText()
    assert asked == [] and python_calls == [] and cpp_calls == []


def test_the_view_does_not_open_links_by_itself(view: ArticleView) -> None:
    assert not view.openLinks()
    assert not view.openExternalLinks()


def test_only_article_and_glossary_links_are_passed_on(view: ArticleView, qtbot) -> None:
    with qtbot.waitSignal(view.article_requested) as article:
        view.anchorClicked.emit(QUrl("article:reed-rash"))
    with qtbot.waitSignal(view.glossary_requested) as glossary:
        view.anchorClicked.emit(QUrl("glossary:rash"))

    assert article.args == ["reed-rash"]
    assert glossary.args == ["rash", "A patch of changed skin."]


# -- images ----------------------------------------------------------------------------------


def is_placeholder(image: object) -> bool:
    return isinstance(image, QImage) and not image.isNull() and (image.width(), image.height()) == PLACEHOLDER_SIZE


@pytest.fixture
def article_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    png_image(folder / "inside.png", 7, 5, (10, 120, 200))
    png_image(folder / "pictures" / "deeper.png", 3, 2)
    png_image(tmp_path / "outside.png", 11, 13)
    return folder


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "file:///dev/zero", "/etc/passwd", "/dev/zero", "../outside.png",
     "pictures/../../outside.png", "http://example.test/x.png", "data:image/png;base64,AAAA",
     "missing.png", ""],
)  # fmt: skip
def test_load_resource_outside_the_folder_gives_a_placeholder(view: ArticleView, article_dir: Path, url: str) -> None:
    view.show_page("<p>page</p>", article_dir)

    image = view.loadResource(IMAGE, QUrl(url))

    assert image is not None
    assert is_placeholder(image)


def test_load_resource_without_an_article_folder_gives_a_placeholder(view: ArticleView) -> None:
    view.show_page("<p>home</p>", None)

    assert is_placeholder(view.loadResource(IMAGE, QUrl("inside.png")))


def test_an_image_inside_the_article_folder_loads(view: ArticleView, article_dir: Path) -> None:
    view.show_page("<p>page</p>", article_dir)

    inside = view.loadResource(IMAGE, QUrl("inside.png"))
    deeper = view.loadResource(IMAGE, QUrl("pictures/deeper.png"))

    assert isinstance(inside, QImage) and inside.size().toTuple() == (7, 5)
    assert inside.pixelColor(3, 2).getRgb()[:3] == (10, 120, 200)
    assert isinstance(deeper, QImage) and deeper.size().toTuple() == (3, 2)


def test_a_symlink_inside_the_folder_to_a_file_outside_gives_a_placeholder(view: ArticleView, article_dir: Path) -> None:
    (article_dir / "sneaky.png").symlink_to(article_dir.parent / "outside.png")
    (article_dir / "zero.png").symlink_to("/dev/zero")

    view.show_page("<p>page</p>", article_dir)

    assert is_placeholder(view.loadResource(IMAGE, QUrl("sneaky.png")))
    assert is_placeholder(view.loadResource(IMAGE, QUrl("zero.png")))


def test_a_pipe_or_a_huge_file_in_the_folder_gives_a_placeholder(view: ArticleView, article_dir: Path) -> None:
    os.mkfifo(article_dir / "pipe.png")  # reading it would block for ever
    huge = png_image(article_dir / "huge.png", 4, 4)  # a valid image, padded past 5 MiB
    with huge.open("ab") as fh:
        fh.truncate(6 * 1024 * 1024)
    assert not QImage(str(huge)).isNull()  # Qt itself would show it

    view.show_page("<p>page</p>", article_dir)

    assert is_placeholder(view.loadResource(IMAGE, QUrl("pipe.png")))
    assert is_placeholder(view.loadResource(IMAGE, QUrl("huge.png")))


def test_other_resource_kinds_are_never_loaded(view: ArticleView, article_dir: Path) -> None:
    (article_dir / "style.css").write_text("p { color: red }", encoding="utf-8")
    view.show_page("<p>page</p>", article_dir)

    for kind in (QTextDocument.ResourceType.StyleSheetResource, QTextDocument.ResourceType.HtmlResource):
        data = view.loadResource(kind.value, QUrl("file:///etc/passwd"))
        assert data is not None and bytes(data) == b""
        assert bytes(view.loadResource(kind.value, QUrl("style.css"))) == b""


def test_hostile_images_in_a_shown_page_become_placeholders_and_the_app_survives(view: ArticleView, article_dir: Path,
                                                                                qtbot) -> None:  # fmt: skip
    html = (
        '<p><img src="file:///dev/zero"> <img src="/etc/passwd"> <img src="../outside.png">'
        ' <img src="inside.png"></p>'
    )

    view.show_page(html, article_dir)
    qtbot.waitUntil(lambda: view.document().size().height() > 80)

    document = view.document()
    for url in ("file:///dev/zero", "/etc/passwd", "../outside.png"):
        assert is_placeholder(document.resource(IMAGE, QUrl(url))), url
    inside = document.resource(IMAGE, QUrl("inside.png"))
    assert isinstance(inside, QImage) and inside.size().toTuple() == (7, 5)


def test_the_article_image_is_shown_on_its_page(main_window: MainWindow, qtbot) -> None:
    main_window.open_article("marsh-fever")

    shown = main_window.view.document().resource(IMAGE, QUrl("thermometer.png"))

    assert isinstance(shown, QImage) and shown.size().toTuple() == (7, 5)
