"""Search: user text -> safe FTS5 query (``query``), the cached index (``index``), the CLI
command (``command``). Plain Python and SQLite; no Qt.

Import ``healthreader.search.index`` for ``SearchIndex``; this package imports nothing
itself, so loading it costs nothing until an index is opened.
"""

# What both the window's search panel and ``healthreader search`` say when nothing is found.
NO_MATCH = "No article about '{query}' in this library. Try a symptom, another name, or ask your care team."
