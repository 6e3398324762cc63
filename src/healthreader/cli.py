"""The command line: global options, the reader, and the ``search``, ``export``, ``check``
and ``kiosk-pin`` commands. Qt is imported lazily, only by the commands that need it.

Exit codes: 0 ok, 1 content or runtime error (message on stderr), 2 usage, 3 unknown
article id.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402 - the clock above starts as early as possible
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Iterable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO, cast  # noqa: E402

from healthreader import __version__  # noqa: E402

if TYPE_CHECKING:
    from healthreader.content.catalogue import Catalogue
    from healthreader.content.model import Library

COMMANDS = ("search", "export", "check", "import-medlineplus", "kiosk-pin")


class Prepared(NamedTuple):
    """What the reader starts from, read before Qt is loaded (``prepare_reader``)."""

    catalogue: Catalogue
    library: Library
    kiosk_config: Any  # a kiosk.policy.KioskConfig, or None
    disclaimer_text: str


class Options(NamedTuple):
    """Global options, shared by the reader and the commands. (A NamedTuple, not a
    dataclass: see content/model.py.)"""

    content: Sequence[Path] = ()
    bundled: bool = True
    settings: Path | None = None
    kiosk_config: Path | None = None
    kiosk: bool = False
    quit_when_ready: bool = False
    article: str | None = None
    started: float = STARTED

    def folders(self, *more: Path) -> list[Path]:
        """The bundled folder (unless --no-bundled), the --content folders, then ``more``,
        each once: a folder given again (``--content DIR check DIR``) keeps its first place."""
        from healthreader import paths

        bundled = [paths.bundled_articles_dir()] if self.bundled else []
        return unique_folders([*bundled, *self.content, *more])


def unique_folders(folders: Sequence[Path]) -> list[Path]:
    """``folders`` without a folder seen before under any name (``clinic``, ``./clinic/``,
    its full path or a link to it), in order.

    >>> [str(f) for f in unique_folders([Path("a"), Path("b"), Path("./a/"), Path("b/../a")])]
    ['a', 'b']
    """
    seen: set[Path] = set()
    unique = []
    for folder in folders:
        try:
            real = folder.resolve()
        except (OSError, RuntimeError):
            real = folder.absolute()
        if real not in seen:
            seen.add(real)
            unique.append(folder)
    return unique


def _global_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="healthreader",
        description="Health Reader: plain-language health information, offline.",
        epilog="Commands: search QUERY, export ID... -o OUT.pdf, check [DIR...], "
        "import-medlineplus FILE.xml -o DIR, kiosk-pin. "
        "Run 'healthreader COMMAND --help' for each.",
    )
    parser.add_argument("--version", action="version", version=f"healthreader {__version__}")
    parser.add_argument("--content", metavar="DIR", type=Path, action="append", default=[],
                        help="an extra content folder, loaded after the bundled one (repeatable)")  # fmt: skip
    parser.add_argument("--no-bundled", action="store_true", help="do not load the bundled articles")
    parser.add_argument("--settings", metavar="FILE.ini", type=Path, help="settings file to use")
    parser.add_argument("--kiosk-config", metavar="FILE.toml", type=Path, help="kiosk configuration")
    parser.add_argument("--kiosk", action="store_true", help="run as a locked-down clinic kiosk")
    parser.add_argument("--quit-when-ready", action="store_true",
                        help="print one JSON line when the first window is up, then exit")  # fmt: skip
    return parser


def _split_command(argv: list[str]) -> tuple[list[str], str | None, list[str]]:
    """Split argv at the first word that names a command (global options come before it)."""
    takes_value = {"--content", "--settings", "--kiosk-config"}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in takes_value:
            i += 2
            continue
        if arg == "--":
            break
        if not arg.startswith("-") and arg in COMMANDS:
            return argv[:i], arg, argv[i + 1 :]
        i += 1
    return argv, None, []


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None,
         stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:  # fmt: skip
    argv = list(sys.argv[1:] if argv is None else argv)
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout  # None when it was closed (`>&-`)
    stderr = stderr or sys.stderr
    for stream in (stdout, stderr):
        # A console or pipe that cannot show "—", "é" or a folder's name (Windows' cp1252)
        # still gets every line, with those characters replaced, never a traceback.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    global_args, command, rest = _split_command(argv)
    parser = _global_parser()
    if command is None:
        parser.add_argument("article", nargs="?", metavar="ARTICLE_ID", help="article to open")
    try:
        ns = parser.parse_args(global_args)
    except SystemExit as exc:
        return int(exc.code or 0)
    options = Options(
        content=tuple(ns.content),
        bundled=not ns.no_bundled,
        settings=ns.settings,
        kiosk_config=ns.kiosk_config,
        kiosk=ns.kiosk,
        quit_when_ready=ns.quit_when_ready,
        article=getattr(ns, "article", None),
    )
    out = cast(TextIO, _Output(stdout))
    try:
        if command is None:
            # The content first: it needs no Qt, and a module imported before PySide6 is
            # not looked at by its import hook (ui/qtstart.py): 3 ms sooner on screen.
            prepared = prepare_reader(options, stderr)
            if isinstance(prepared, int):
                return prepared
            from healthreader.ui import qtstart

            qtstart.load()  # before the rest of Qt: see ui/qtstart.py
            from healthreader.app import run_reader

            return run_reader(options, stdout=stdout, stderr=stderr, prepared=prepared)
        if command == "check":
            code = _check(options, rest, out, stderr)
        elif command == "search":
            code = _search(options, rest, stdin, out, stderr)
        elif command == "export":
            code = _export(options, rest, stdout, stderr)
        elif command == "kiosk-pin":
            code = _kiosk_pin(rest, stdin, out, stderr)
        elif command == "import-medlineplus":
            code = _import_medlineplus(options, rest, out, stderr)
        else:  # pragma: no cover - every command is handled above
            return 2
        out.flush()  # a full disk shows here, not as a traceback when Python exits
        return code
    except SystemExit as exc:  # argparse of a command: usage error
        return int(exc.code or 0)
    except KeyboardInterrupt:
        return 130
    except (BrokenPipeError, _OutputFailed) as exc:
        # The reader of our output went away (`search - | head -1`): stop quietly. Python
        # would otherwise print a traceback when it flushes stdout at exit.
        if isinstance(exc, _OutputFailed):
            print(f"healthreader: cannot write to standard output: {exc}", file=stderr)
        if stdout is not None and stdout is sys.stdout:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


class _OutputFailed(Exception):
    """Standard output cannot be written: a full disk (``> /dev/full``), or it is closed."""


class _Output:
    """A command's standard output: a write that fails raises _OutputFailed, which main()
    reports in one line. A closed pipe (BrokenPipeError) is left as it is: main() stops
    quietly then."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        written: int = self._do("write", text)
        return written

    def flush(self) -> None:
        if self._stream is not None:  # closed, and nothing was written to it: nothing lost
            self._do("flush")

    def _do(self, method: str, *args: str) -> Any:
        if self._stream is None:
            raise _OutputFailed("it is closed")
        try:
            return getattr(self._stream, method)(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _OutputFailed(exc.strerror or str(exc)) from None
        except ValueError:  # "I/O operation on closed file"
            raise _OutputFailed("it is closed") from None

    def __getattr__(self, name: str) -> object:
        if self._stream is None:
            raise _OutputFailed("it is closed")
        return getattr(self._stream, name)


def load_content(options: Options, stderr: TextIO) -> tuple[Catalogue, Library]:
    """The catalogue and library for the global options; content errors go to stderr."""
    from healthreader import paths
    from healthreader.content.catalogue import Catalogue

    catalogue = Catalogue.open(paths.cache_dir() / "catalogue.sqlite")
    library = catalogue.load(options.folders(), paths.glossary_path())
    for problem in library.problems:
        if problem.severity == "error":
            print(f"healthreader: {problem}", file=stderr)
    return catalogue, library


def prepare_reader(options: Options, stderr: TextIO) -> Prepared | int:
    """The reader's content, kiosk configuration and disclaimer, with no Qt; or the exit
    code when it cannot start (the message is on stderr)."""
    if options.kiosk != (options.kiosk_config is not None):
        print("healthreader: --kiosk needs --kiosk-config FILE.toml (and the other way round)",
              file=stderr)  # fmt: skip
        return 2
    catalogue, library = load_content(options, stderr)
    from healthreader.content.catalogue import language_replacements

    for problem in language_replacements(library):  # readers of a language lose a page
        print(f"healthreader: {problem}", file=stderr)
    kiosk_config = None
    if options.kiosk_config is not None:
        from healthreader.errors import SettingsError
        from healthreader.kiosk.policy import load_kiosk_config

        try:
            # With the library: a home that no article has is listed with the file's other
            # problems, so the administrator fixes them all in one go.
            kiosk_config = load_kiosk_config(options.kiosk_config, library)
        except SettingsError as exc:
            for line in str(exc).splitlines():
                print(f"healthreader: {line}", file=stderr)
            catalogue.close()
            return 1
        for note in kiosk_config.notes():
            print(f"healthreader: {note}", file=stderr)
    if options.article is not None and options.article not in library:
        print(f"healthreader: {library.unknown_id(options.article)}", file=stderr)
        catalogue.close()
        return 3
    try:
        disclaimer_text = read_disclaimer(info.language for info in library)
    except (OSError, UnicodeError) as exc:
        # Never show articles without a disclaimer to accept.
        print(f"healthreader: cannot read the disclaimer: {exc}", file=stderr)
        catalogue.close()
        return 1
    return Prepared(catalogue, library, kiosk_config, disclaimer_text)


def read_disclaimer(languages: Iterable[str]) -> str:
    """The disclaimer to accept before the articles in these languages: ``disclaimer.md``,
    then its translation for each other language that has one (``disclaimer.es.md``), so
    that a family reading Spanish pages reads it in Spanish too. With English pages only,
    exactly ``disclaimer.md``: what was accepted stays accepted. A translation added or
    taken away changes the text, which must then be accepted again.

    Raises OSError or UnicodeError when a file cannot be read (a missing translation is
    not a problem: most languages have none).
    """
    from healthreader import paths
    from healthreader.content.wording import language_code

    text = paths.disclaimer_path().read_text(encoding="utf-8")
    for code in sorted({language_code(language) for language in languages} - {"en"}):
        try:
            translation = paths.disclaimer_path(code).read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        text = f"{text.rstrip()}\n\n---\n\n{translation}"
    return text


def _check(options: Options, rest: list[str], stdout: TextIO, stderr: TextIO) -> int:
    from healthreader.content.wording import count

    parser = argparse.ArgumentParser(prog="healthreader check",
                                     description="Validate the bundled content and the given folders.")  # fmt: skip
    parser.add_argument("dirs", nargs="*", type=Path, metavar="DIR")
    parser.add_argument("--no-reading-level", action="store_true",
                        help="skip the reading-level report (faster)")  # fmt: skip
    ns = parser.parse_args(rest)
    from healthreader import paths
    from healthreader.content.validate import check_content

    folders = options.folders(*ns.dirs)
    try:
        # Qt's decoder, the one readers' pictures go through (with Qt's libraries missing,
        # as on a bare server, the pictures' files are still checked, not opened).
        from healthreader.export.picturecheck import PictureCheck
    except ImportError as exc:
        print(f"healthreader: note: pictures are not opened, only found: Qt cannot be loaded ({exc})",
              file=stderr)  # fmt: skip
        picture_trouble = None
    else:
        picture_trouble = PictureCheck()  # held until the check is done
    report = check_content(folders, paths.glossary_path(), reading_level=not ns.no_reading_level,
                           unused_glossary=options.bundled, picture_trouble=picture_trouble)  # fmt: skip
    if options.bundled:
        # Search's table of everyday words ships with the bundled content; search itself
        # goes on without a broken one, so this is where an editor hears of it.
        from healthreader.content.model import ContentProblem
        from healthreader.errors import ContentError
        from healthreader.search.layterms import load_lay_terms

        try:
            load_lay_terms(paths.lay_terms_path())
        except ContentError as exc:
            report.problems.append(ContentProblem(exc.path, exc.reason, exc.line))
    for problem in report.problems:
        print(problem, file=stdout)
    _print_overrides(report.library, options.folders()[0] if options.bundled else None, stdout)
    _print_read_from(report.read_from, options.folders()[0] if options.bundled else None, stdout)
    if report.grades:
        print("\nReading level (Flesch–Kincaid grade of the body):", file=stdout)
        for article_id, level in sorted(report.grades.items()):
            flag = "  above grade 8" if level > 8 else ""
            print(f"  {level:4.1f}  {article_id}{flag}", file=stdout)
    if report.ungraded:
        print(f"Not graded (not in English): {', '.join(sorted(report.ungraded))}", file=stdout)
    errors, warnings = len(report.errors), len(report.warnings)
    print(f"\n{count(len(report.library), 'article')} checked: {count(errors, 'error')}, "
          f"{count(warnings, 'warning')}.", file=stdout)  # fmt: skip
    return 1 if errors else 0


def _print_read_from(read_from: dict[Path, dict[str, int]], bundled: Path | None, stdout: TextIO) -> None:
    """How many articles readers see from each folder given, and from which of its
    sub-folders: every ``.md`` file below a folder is published, "drafts/" too."""
    from healthreader.content.wording import count

    lines = []
    for folder, places in read_from.items():
        if folder == bundled or not places:  # none: a warning says so ("no articles in this folder")
            continue
        line = f"Read {count(sum(places.values()), 'article')} from {folder}"
        subfolders = {place: n for place, n in sorted(places.items()) if place}
        if subfolders:
            where = ", ".join(f"{n} from {place}" for place, n in subfolders.items())
            line += f" ({where}; readers see every article below the folder)"
        lines.append(line + ".")
    if lines:
        print("", *lines, sep="\n", file=stdout)


def _print_overrides(library: Library, bundled: Path | None, stdout: TextIO) -> None:
    """Which articles each folder replaces: information, not a warning, since a clinic's
    own page in place of ours is what ``--content`` is for; but an editor should see it
    before patients do (an imported topic can take a bundled id by chance)."""
    from healthreader.content.wording import count

    groups: dict[tuple[Path, Path], list[tuple[str, Path]]] = {}
    for override in library.overrides:
        groups.setdefault((override.folder, override.replaced_folder), []).append(
            (override.article_id, override.path))
    for (folder, earlier), replaced in groups.items():
        whose = count(len(replaced), "bundled article" if earlier == bundled else "article")
        if earlier != bundled:
            whose += f" of {earlier}"
        print(f"\n{folder} replaces {whose}; readers see its version:", file=stdout)
        for article_id, path in sorted(replaced):
            print(f"  {article_id}  ({path})", file=stdout)


def _search(options: Options, rest: list[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    parser = argparse.ArgumentParser(prog="healthreader search",
                                     description="Search the articles. QUERY '-' reads one query per line from stdin.")  # fmt: skip
    parser.add_argument("query", metavar="QUERY")
    parser.add_argument("--limit", type=int, default=10, metavar="N")
    parser.add_argument("--json", action="store_true", help="print a JSON list, best first")
    ns = parser.parse_args(rest)
    if ns.limit < 1:
        parser.error("--limit must be at least 1")
    from healthreader import paths
    from healthreader.search import command
    from healthreader.search.index import SearchIndex

    _catalogue, library = load_content(options, stderr)
    index = SearchIndex.open(paths.cache_dir() / "search.sqlite", library)
    try:
        return int(command.run(index, ns.query, ns.limit, ns.json, stdin, stdout))
    finally:
        index.close()


def _export(options: Options, rest: list[str], stdout: TextIO | None, stderr: TextIO) -> int:
    parser = argparse.ArgumentParser(prog="healthreader export",
                                     description="Write a PDF handout of one or several articles.")  # fmt: skip
    parser.add_argument("ids", nargs="+", metavar="ID")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf",
                        help="the PDF file to write; - writes it to standard output")
    parser.add_argument("--large-print", action="store_true", help="16 pt body text")
    parser.add_argument("--clinic", metavar="NAME",
                        help="clinic name for the header (default: clinic_name under [print] in the settings)")
    parser.add_argument("--paper", choices=("letter", "a4"), type=str.lower,
                        help="paper size (default: from the locale; Letter in the US and Canada, else A4)")  # fmt: skip
    ns = parser.parse_args(rest)
    from healthreader.export import command

    catalogue, library = load_content(options, stderr)
    clinic = ns.clinic
    if clinic is None and options.kiosk_config is not None:
        from healthreader.errors import SettingsError
        from healthreader.kiosk.policy import load_kiosk_config

        try:
            clinic = load_kiosk_config(options.kiosk_config).clinic_name
        except SettingsError as exc:
            for line in str(exc).splitlines():  # one problem a line, each one named
                print(f"healthreader: {line}", file=stderr)
            return 1

    def settings_clinic() -> str | None:
        # The window's clinic name: [print] clinic_name in the settings (--settings FILE, or
        # the platform's place), after --clinic and the kiosk configuration's.
        from healthreader.settings import Settings

        settings = Settings(options.settings)
        for note in settings.notes:
            print(f"healthreader: {note}", file=stderr)
        return settings.clinic_name

    # The PDF goes to standard output as bytes (-o -): the text stream's own buffer.
    binary = getattr(stdout, "buffer", None) if stdout is not None else None
    return int(command.run(library, catalogue.glossary, ns.ids, ns.output, ns.large_print, clinic,
                           stderr, paper=ns.paper, default_clinic=settings_clinic,
                           folders=options.folders(), stdout=binary))  # fmt: skip


def _import_medlineplus(options: Options, rest: list[str], stdout: TextIO, stderr: TextIO) -> int:
    from healthreader.content.wording import count

    parser = argparse.ArgumentParser(prog="healthreader import-medlineplus",
                                     description="Turn a MedlinePlus health-topics XML file (or its .zip or .gz download) "
                                                 "into article files.")  # fmt: skip
    parser.add_argument("xml", type=Path, metavar="FILE.xml")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                        help="content folder to write the articles to (created if missing)")  # fmt: skip
    parser.add_argument("--language", choices=("English", "Spanish"), default="English", type=_language,
                        help="which topics to import, in any case (default: English)")  # fmt: skip
    parser.add_argument("--remove-missing", action="store_true",
                        help="delete the imported files whose topic is no longer in FILE.xml (or now has "
                             "another file); files edited since their import are kept")  # fmt: skip
    ns = parser.parse_args(rest)
    from healthreader.errors import ImportFailed
    from healthreader.importers.medlineplus import LeftOver, import_file

    try:
        # The --content folders given: a Spanish topic's id that one of their English pages
        # has already gets "-es" (see import_file).
        report = import_file(ns.xml, ns.output, ns.language, remove_missing=ns.remove_missing,
                             beside=options.content)  # fmt: skip
    except ImportFailed as exc:
        print(f"healthreader: {exc}", file=stderr)
        return 1
    for problem in report.problems + report.failed:
        print(f"healthreader: {problem}", file=stderr)
    for note in report.notes:
        print(f"healthreader: note: {note}", file=stderr)
    def why(left: LeftOver) -> str:
        if left.now_in is not None:
            return f"MedlinePlus topic {left.topic_id} is now imported as {left.now_in.name}"
        return f"MedlinePlus topic {left.topic_id} is no longer in {ns.xml.name}"

    for left in report.left_over:
        if left.edited:
            todo = ("it was edited or renamed after its import, so it is kept (--remove-missing never deletes "
                    "an edited file): delete it yourself if patients should no longer see it")  # fmt: skip
        else:
            todo = "delete it, or import again with --remove-missing"
        print(f"healthreader: warning: {left.path}: {why(left)}, but this file is still shown wherever "
              f"the folder is loaded; {todo}", file=stderr)  # fmt: skip
    print(f"Imported {count(len(report.written), ns.language + ' topic')} into {ns.output}"
          + (f"; {len(report.problems)} not imported (see above)." if report.problems else "."),
          file=stdout)  # fmt: skip
    for left in report.removed:
        print(f"Removed {left.path}: {why(left)}.", file=stdout)
    if report.left_over:
        are = "is" if len(report.left_over) == 1 else "are"
        print(f"{count(len(report.left_over), 'file')} of an earlier import {are} still in {ns.output}, "
              "and still shown (see above).", file=stdout)  # fmt: skip
    if report.written:
        print(f"Check them with: healthreader check {ns.output}", file=stdout)
    return 1 if report.problems or report.failed else 0


def _language(text: str) -> str:
    """``--language``: "spanish" or "es" is "Spanish"; another word is left for argparse to refuse."""
    from healthreader.errors import ImportFailed
    from healthreader.importers.medlineplus import language_name

    try:
        return language_name(text)
    except ImportFailed:
        return text


def _kiosk_pin(rest: list[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    parser = argparse.ArgumentParser(prog="healthreader kiosk-pin",
                                     description="Read a PIN (6 or more digits) on stdin and print the exit_pin line.")  # fmt: skip
    parser.parse_args(rest)
    from healthreader.kiosk.command import run_kiosk_pin

    return run_kiosk_pin(stdin, stdout, stderr)
