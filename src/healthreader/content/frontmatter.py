"""Front matter: split a Markdown file and load its YAML strictly.

Worked example::

    >>> meta, body, body_line = split_front_matter("---\\ntitle: Lupus\\n---\\n## What is it?\\n")
    >>> meta, body, body_line
    ('title: Lupus\\n', '## What is it?\\n', 4)
    >>> load_strict_yaml("title: Lupus\\n")
    {'title': 'Lupus'}

Refused (ContentError with the line where known): no front matter, front matter over
8 KiB, YAML aliases or anchors (alias bombs), duplicate keys, nesting deeper than 10, a
value Python cannot convert (a number of over 4,300 digits), and control characters typed
into the text, named with the key they are under::

    >>> load_strict_yaml("title: Sun\\u2028rash\\n", Path("sun.md"), first_line=2)
    Traceback (most recent call last):
    ...
    healthreader.errors.ContentError: sun.md:2: 'title' contains a line separator (U+2028), \
an invisible character: the front matter must be plain text

A YAML syntax error names the line an editor should look at, counting from the file's
first line (the ``---``; ``first_line`` is where the YAML starts), which is not always
where PyYAML gave up: for an unclosed quote that is the end of the front matter::

    >>> load_strict_yaml('title: "Lupus\\nsummary: S\\n', Path("lupus.md"), first_line=2)
    Traceback (most recent call last):
    ...
    healthreader.errors.ContentError: lupus.md:2: YAML error: found unexpected end of stream \
while scanning a quoted scalar (is its closing quote missing?)

``lines`` (if given) is filled with the line of every key and list item, by its place in
the data, so that the loader can name the line of a value it refuses::

    >>> lines = {}
    >>> load_strict_yaml("title: T\\nsources:\\n- publisher: P\\n  date: 0\\n", lines=lines)
    {'title': 'T', 'sources': [{'publisher': 'P', 'date': 0}]}
    >>> lines[("title",)], lines[("sources", 0)], lines[("sources", 0, "date")]
    (1, 3, 4)
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from healthreader.content.model import NOT_IN_TEXT
from healthreader.errors import ContentError

MAX_FRONT_MATTER = 8 * 1024
MAX_DEPTH = 10

_TOP_LEVEL_KEY = re.compile(r"""(?m)^(?:"([^"\n]+)"|'([^'\n]+)'|([^\s#:'"-][^:\n]*?))[ \t]*:(?:[ \t]|$)""")
_NAMES = {"\t": "a tab", "\n": "a line break", "\r": "a carriage return",
          "\x85": "a next-line character", "\u2028": "a line separator",
          "\u2029": "a paragraph separator"}  # fmt: skip


def describe_character(char: str) -> str:
    r"""A character as a content editor can be told about it.

    >>> describe_character("\u2028")
    'a line separator (U+2028), an invisible character'
    >>> describe_character("\x1b"), describe_character("\n")
    ('a control character (U+001B), an invisible character', 'a line break (U+000A)')
    """
    name = _NAMES.get(char) or ("a control character" if unicodedata.category(char) == "Cc"
                                else f"the character {unicodedata.name(char, '?')}")  # fmt: skip
    invisible = "" if char in "\t\n\r" else ", an invisible character"
    return f"{name} (U+{ord(char):04X}){invisible}"


def split_front_matter(text: str, path: Path | None = None) -> tuple[str, str, int]:
    """Return (yaml_text, body, line number where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError("no front matter: the file must start with a line '---'", path, 1)
    seen = 0  # characters of front matter so far
    for n, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            yaml_text = "".join(lines[1:n])
            if len(yaml_text.encode("utf-8")) > MAX_FRONT_MATTER:
                raise ContentError(
                    f"front matter is over {MAX_FRONT_MATTER // 1024} KiB", path, 1
                )
            return yaml_text, "".join(lines[n + 1 :]), n + 2
        seen += len(line)
        if seen > MAX_FRONT_MATTER * 4:
            break
    raise ContentError("front matter is not closed by a line '---'", path, 1)


# PyYAML's problem mark is where it gave up. For something left open that is a line or more
# after the mistake (an unclosed quote: the end of the front matter; an unclosed '[': the
# next key), so for these contexts the line to look at is where it began, the context mark.
_BEGAN_HERE = {
    "while scanning a quoted scalar": "is its closing quote missing?",
    "while scanning a simple key": "each line must be 'key: value' or '- item'",
    "while parsing a flow sequence": "is its closing ']' missing?",
    "while parsing a flow mapping": "is its closing '}' missing?",
}


def _syntax_error(exc: Any, text: str, first_line: int, loader: Any) -> tuple[int | None, str]:
    """For a PyYAML MarkedYAMLError in ``text``: the file's line to look at, and what to say.

    Also two cases that PyYAML reports on the right line for its own reasons but where an
    editor needs a hint: a tab (the C parser does not name the character), and the end
    of a quoted value that ran on over several lines, which is where a quote left open
    finds the next key's opening quote and closes there.
    """
    import yaml

    problem = str(exc.problem or exc)
    context = str(exc.context or "")
    hint = _BEGAN_HERE.get(context)
    if hint is not None and exc.context_mark is not None:
        return exc.context_mark.line + first_line, f"{problem} {context} ({hint})"
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None, problem
    # Control characters are refused before YAML reads the text, so its lines are these.
    lines = text.splitlines()
    if mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
        tab = "" if "tab" in problem else "a tab: "
        return mark.line + first_line, f"{problem} ({tab}indent with spaces)"
    if problem.startswith("mapping values are not allowed"):
        return mark.line + first_line, (f"{problem} (a value with ': ' in it needs quotes, and a "
                                        "key must start where the keys above it do)")  # fmt: skip
    last_scalar = None
    try:
        for token in yaml.scan(text, Loader=loader):
            if token.start_mark.index >= mark.index:
                break
            if isinstance(token, yaml.ScalarToken):
                last_scalar = token
    except yaml.YAMLError:
        pass
    if (last_scalar is not None and last_scalar.style in ("'", '"')
            and last_scalar.start_mark.line < last_scalar.end_mark.line == mark.line):  # fmt: skip
        end = mark.line + first_line
        return last_scalar.start_mark.line + first_line, (
            f"{problem} (the quoted value that starts on this line runs on to line {end}: "
            "is its closing quote missing?)"
        )
    return mark.line + first_line, problem


def _refuse_control_characters(text: str, path: Path | None, first_line: int) -> None:
    # Before YAML reads it: YAML reads U+0085, U+2028 and U+2029 as line breaks (so its
    # line numbers would no longer be the editor's) and refuses most of the other control
    # characters with a message that names no line.
    found = NOT_IN_TEXT.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + first_line
    keys = list(_TOP_LEVEL_KEY.finditer(text, 0, found.start()))
    where = "the front matter"
    if keys:
        last = keys[-1]
        where = repr(last.group(1) or last.group(2) or last.group(3))
    raise ContentError(
        f"{where} contains {describe_character(found.group())}: the front matter must be plain text",
        path,
        line,
    )


class InvalidDate(str):
    """A date-shaped value that is no date (``2026-02-30``), as written, kept where the
    loader asked for it (``load_strict_yaml(keep_invalid_dates=True)``) so that it can name
    it along with every other mistake of the file."""


def load_yaml_mapping(path: Path, what: str, shape: str,
                      lines: dict[tuple[Any, ...], int] | None = None) -> dict[Any, Any]:  # fmt: skip
    """A YAML file that holds one flat mapping (the glossary, the lay terms), read strictly:
    {} when it is empty; a ContentError naming the file when it cannot be read, is not
    UTF-8, is not YAML, or is not "a mapping of ``shape``". ``what`` names it in messages
    ("the glossary"); ``lines`` as for ``load_strict_yaml``."""
    from healthreader.content.files import utf8_text

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(f"cannot read {what}: {exc.strerror or exc}", path) from None
    data = load_strict_yaml(utf8_text(raw, path), path, lines=lines)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ContentError(f"{what} must be a mapping of {shape}", path)
    return data


def load_strict_yaml(text: str, path: Path | None = None, first_line: int = 1,
                     lines: dict[tuple[Any, ...], int] | None = None,
                     comments: dict[tuple[Any, ...], str] | None = None,
                     keep_invalid_dates: bool = False) -> Any:  # fmt: skip
    r"""Load YAML with no aliases, no duplicate keys, no control characters and at most
    MAX_DEPTH levels; ``lines`` gets the line of each key and item (see the module).

    ``comments`` gets, by the same places, what follows a plain (unquoted) one-line value on
    its line when YAML took it for a comment: an editor may have meant it as part of the
    value (``title: C# and F# #1 clinic`` is the title "C# and F#")::

        >>> comments = {}
        >>> load_strict_yaml("title: C# and F# #1 clinic\nalso_called:\n- Lupus   # the usual name\n",
        ...                  comments=comments)
        {'title': 'C# and F#', 'also_called': ['Lupus']}
        >>> comments
        {('title',): ' #1 clinic', ('also_called', 0): '   # the usual name'}

    ``keep_invalid_dates``: a date-shaped value that is no date is kept as an InvalidDate
    rather than refused.
    """
    _refuse_control_characters(text, path, first_line)
    import yaml  # lazy: a warm start reads the catalogue and never needs YAML

    loader_base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def line_of(node: Any) -> int:
        return int(node.start_mark.line) + first_line

    class StrictLoader(loader_base):  # type: ignore[misc, valid-type]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                except TypeError:
                    raise ContentError("a key must be plain text", path, line_of(key_node)) from None
                if duplicate:
                    raise ContentError(f"duplicate key {key!r}", path, line_of(key_node))
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

        def construct_yaml_timestamp(self, node: Any) -> Any:
            # A date-shaped value that is no date (2024-02-30) raises a bare ValueError.
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError:
                if keep_invalid_dates:
                    return InvalidDate(node.value)
                raise ContentError(
                    f"{node.value!r} is not a valid date", path, line_of(node)
                ) from None

        def construct_yaml_int(self, node: Any) -> Any:
            # Python refuses to read a number of over 4,300 digits (a bare ValueError).
            try:
                return super().construct_yaml_int(node)
            except ValueError:
                digits = sum(c.isdigit() for c in str(node.value))
                raise ContentError(f"a number of {digits} digits is too long to read", path,
                                   line_of(node)) from None  # fmt: skip

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            # Any other value PyYAML's constructors fail on with a Python error, not a
            # YAML one: named with its line, as every other mistake is.
            try:
                return super().construct_object(node, deep=deep)
            except ContentError:
                raise
            except (ValueError, OverflowError, TypeError) as exc:
                raise ContentError(f"a value that cannot be read: {exc}", path, line_of(node)) from None

    StrictLoader.add_constructor(
        "tag:yaml.org,2002:timestamp", StrictLoader.construct_yaml_timestamp
    )
    StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_yaml_int)

    source_lines = text.splitlines() if comments is not None else []

    def check_depth(node: Any, depth: int, where: tuple[Any, ...] = ()) -> None:
        if depth > MAX_DEPTH:
            raise ContentError(f"nesting deeper than {MAX_DEPTH} levels", path, line_of(node))
        if (comments is not None and isinstance(node, yaml.ScalarNode) and not node.style  # plain
                and node.start_mark.line == node.end_mark.line < len(source_lines)):  # fmt: skip
            rest = source_lines[node.end_mark.line][node.end_mark.column :]
            if rest.lstrip().startswith("#"):
                comments[where] = rest
        if isinstance(node, yaml.SequenceNode):
            for n, child in enumerate(node.value):
                if lines is not None:
                    lines[(*where, n)] = line_of(child)
                check_depth(child, depth + 1, (*where, n))
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = (*where, k.value if isinstance(k, yaml.ScalarNode) else None)
                if lines is not None and key[-1] is not None:
                    lines[key] = line_of(k)
                check_depth(k, depth + 1)
                check_depth(v, depth + 1, key)

    try:
        # The C parser does not call back into Python while composing, so aliases and
        # anchors are looked for in the event stream first (cheap: still C).
        for event in yaml.parse(text, Loader=loader_base):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise ContentError(
                    "YAML anchors and aliases (&name, *name) are not allowed",
                    path,
                    event.start_mark.line + first_line if event.start_mark else None,
                )
        loader = StrictLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            check_depth(node, 1)
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except ContentError:
        raise
    except yaml.MarkedYAMLError as exc:
        line, message = _syntax_error(exc, text, first_line, loader_base)
        raise ContentError(f"YAML error: {message}", path, line) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise ContentError(f"YAML error: {exc}", path) from None
