"""Search: user text -> safe FTS5 query (``query``), the cached index (``index``), the CLI
command (``command``). Plain Python and SQLite; no Qt.

Import ``healthreader.search.index`` for ``SearchIndex``; this package imports nothing
itself, so loading it costs nothing until an index is opened.
"""
