"""The ``healthreader export ID [ID ...] -o OUT.pdf`` command, without its argument parsing.

``cli.py`` parses the arguments and calls ``run()``, which returns the exit code:

    0  the PDF was written (a picture that could not be shown is named on stderr as a
       warning: its description is printed in its place)
    1  the PDF could not be produced or written (the message names the file); nothing written
    2  no article id was given, or ``-o -`` with standard output a terminal
    3  an id that no loaded article has (the message names it); nothing written

``-o -`` writes the PDF to standard output (binary, and nothing else goes there; messages
stay on stderr), as ``search -`` reads standard input: ``export lupus -o - | lp``. It is made
whole in memory first, so nothing is written when it cannot be made; to a terminal it is
refused (exit 2) rather than filling the screen with binary.

Works with no display at all: it creates an offscreen QGuiApplication if none is running.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from healthreader.content.files import broken_pages
from healthreader.content.glossary import Glossary
from healthreader.content.model import Library
from healthreader.errors import ArticleNotFound, HealthReaderError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_UNKNOWN_ID = 3

_PROG = "healthreader export"

#: The output name that means standard output.
STDOUT_NAME = "-"


def run(
    library: Library,
    glossary: Glossary,
    ids: list[str],
    out: Path,
    large_print: bool,
    clinic: str | None,
    stderr: TextIO,
    paper: str | None = None,
    default_clinic: Callable[[], str | None] | None = None,
    folders: Sequence[Path] = (),
    stdout: BinaryIO | None = None,
) -> int:
    """Export the articles ``ids`` (in that order, repeats dropped) as one PDF at ``out``.

    ``paper`` is "letter" or "a4"; None takes it from the locale. ``default_clinic`` gives
    the header's clinic name when ``clinic`` is None (the settings' ``[print] clinic_name``,
    as in the window); it is asked only once every id is known, since it reads with Qt.
    ``folders``: the content folders in the order they were loaded, for ``broken_pages``.
    ``stdout``: standard output as bytes, where ``out`` "-" writes the PDF (None: closed).
    """
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        print(f"{_PROG}: give at least one article id", file=stderr)
        return EXIT_USAGE
    to_stdout = str(out) == STDOUT_NAME
    where = "standard output" if to_stdout else str(out)
    if to_stdout:
        if stdout is None:
            print(f"{_PROG}: cannot write the handout to standard output: it is closed",
                  file=stderr)
            return EXIT_FAILED
        if _is_terminal(stdout):
            print(f"{_PROG}: -o - writes the PDF to standard output, which is a terminal here. "
                  "Send it to a file (-o handout.pdf) or to a program (-o - | lp).", file=stderr)
            return EXIT_USAGE
    # A clinic's page that could not be loaded is never quietly swapped for the page it
    # was written to replace (the bundled one, with none of the clinic's own words).
    broken = broken_pages(library, folders, wanted)
    if broken:
        for article_id, path in broken.items():
            message = f"{_PROG}: {article_id!r} is not exported: its page {path} has errors (see above)"
            if article_id in library:
                message += (", and the page it would replace is not printed in its place. Fix the file "
                            f"(healthreader check {path.parent}), or leave out its folder to print that page.")
            else:
                message += f". Fix the file (healthreader check {path.parent})."
            print(message, file=stderr)
        return EXIT_FAILED
    # Every id is checked before anything is rendered, so a typo in the third id of a
    # packet reports all the unknown ones and writes nothing.
    unknown = [article_id for article_id in wanted if article_id not in library]
    if unknown:
        for article_id in unknown:
            print(f"{_PROG}: {library.unknown_id(article_id)}", file=stderr)
        return EXIT_UNKNOWN_ID
    try:
        articles = [library.get(article_id) for article_id in wanted]
    except ArticleNotFound as exc:
        print(f"{_PROG}: no article with id {exc.article_id!r}", file=stderr)
        return EXIT_UNKNOWN_ID
    except HealthReaderError as exc:  # an article file that became unreadable
        print(f"{_PROG}: {exc}", file=stderr)
        return EXIT_FAILED

    # Qt is imported only now: the unknown-id path above needs none of it.
    from healthreader.export.pdf import (
        PictureProblem,
        clinic_name_cut,
        ensure_gui_application,
        page_size_named,
        render_pdf,
        unprintable_characters,
        write_pdf,
    )

    problems: list[PictureProblem] = []
    try:
        app = ensure_gui_application()  # held until the PDF is written
        if clinic is None and default_clinic is not None:
            clinic = default_clinic()
        page_size = page_size_named(paper) if paper else None
        data = render_pdf(articles, library, glossary, clinic=clinic, large_print=large_print,
                          page_size=page_size, picture_problems=problems)  # fmt: skip
        if clinic_name_cut(clinic, large_print=large_print, page_size=page_size):
            print(f"{_PROG}: the clinic name is longer than the two lines the page header has "
                  f"room for, so it is cut short with \"…\" in {where}. Use a shorter name.",
                  file=stderr)
        missing = unprintable_characters(clinic)
        if missing:
            print(f"{_PROG}: the clinic name has characters that no font on this computer can "
                  f"print ({shown_characters(missing)}): they come out as empty boxes in "
                  f"{where}. Install a font that has them (for Chinese, Japanese or Korean: "
                  "Noto Sans CJK), or write the name without them.", file=stderr)
    except HealthReaderError as exc:
        print(f"{_PROG}: could not make {where}: {exc}", file=stderr)
        return EXIT_FAILED
    if to_stdout and stdout is not None:
        try:
            _write_all(stdout, data)
        except BrokenPipeError:
            # The program reading it went away: what it got is not a whole PDF.
            print(f"{_PROG}: standard output was closed before the whole handout was "
                  "written", file=stderr)
            raise  # cli.main stops quietly, as for any closed pipe
        except (OSError, ValueError) as exc:  # a full disk (> /dev/full); a closed stream
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "it is closed"
            print(f"{_PROG}: could not write the handout to standard output: {reason}",
                  file=stderr)
            return EXIT_FAILED
    else:
        try:
            write_pdf(data, out)
        except HealthReaderError as exc:  # the message names the file
            print(f"{_PROG}: {exc}", file=stderr)
            return EXIT_FAILED
        except OSError as exc:  # write_pdf names the system's reasons; never a traceback
            print(f"{_PROG}: Could not save the handout to {out}: {exc.strerror or exc}",
                  file=stderr)
            return EXIT_FAILED
    # Still written (the rest of the handout is useful), but paper without its diagram must
    # not go out unnoticed: each picture printed as its description is named.
    for problem in problems:
        print(f"{_PROG}: warning: {problem}; its description is printed in its place", file=stderr)
    del app
    return EXIT_OK



def shown_characters(characters: str, most: int = 8) -> str:
    """Characters to name in a message, the first ``most`` of them.

    >>> shown_characters("東京"), shown_characters("abcdefghij", 3)
    ('東 京', 'a b c …')
    """
    shown = " ".join(characters[:most])
    return shown + " …" if len(characters) > most else shown


def _is_terminal(stream: BinaryIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):  # closed: writing will say so
        return False


def _write_all(stream: BinaryIO, data: bytes) -> None:
    """All of ``data``: an unbuffered stream (Python's stdout when it is a pipe) writes only
    what the pipe takes at once, and says how much."""
    view = memoryview(data)
    while view:
        written = stream.write(view)
        if not written:  # a stream that would block, or took nothing
            raise OSError(0, f"only {len(data) - len(view):,} of {len(data):,} bytes could be written")
        view = view[written:]
    stream.flush()
