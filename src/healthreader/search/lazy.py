"""A search index opened on first use, so the window paints before the index is checked."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from healthreader.content.model import Library

if TYPE_CHECKING:
    from healthreader.search.index import SearchHit, SearchIndex, SearchResults


class LazySearchIndex:
    """Same calls as SearchIndex; the cache file is opened (built or updated) on first need."""

    def __init__(self, path: Path | None, library: Library) -> None:
        self._path = path
        self._library = library
        self._index: SearchIndex | None = None

    def warm_up(self) -> None:
        self._get()

    def _get(self) -> SearchIndex:
        if self._index is None:
            from healthreader.search.index import SearchIndex

            self._index = SearchIndex.open(self._path, self._library)
        return self._index

    def search(self, text: str, limit: int = 20) -> SearchResults:
        return self._get().search(text, limit)

    def suggest(self, text: str, limit: int = 10) -> list[SearchHit]:
        return self._get().suggest(text, limit)

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None
