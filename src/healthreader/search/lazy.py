"""A search index opened after the window is up, on a thread of its own.

Opening the index checks every article against the cache and indexes the changed ones:
instant when nothing changed, seconds after a large import. ``start()`` does it on a
background thread so the window keeps answering; ``ready`` says when searches can run
without waiting, ``progress`` how far it is, and ``when_ready(callback)`` is told (on
that thread) once it is done. ``search`` before then waits for it. Should opening fail
(``failure`` says why), the callbacks are told all the same, and searches find nothing.

>>> from healthreader.content.model import Library
>>> index = LazySearchIndex(None, Library.from_articles([]))
>>> index.ready, index.progress
(False, (0, 0))
>>> index.start(); index.wait(); index.ready
True
>>> index.close()
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
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
        self._opening = threading.Lock()  # held while the index is being opened
        self._callbacks_lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._progress = (0, 0)
        self._failure: str | None = None

    @property
    def ready(self) -> bool:
        """Whether searches run at once (the index is open and up to date)."""
        return self._index is not None

    @property
    def failure(self) -> str | None:
        """Why the index could not be opened on its thread; None if it was, or still is opening."""
        return self._failure

    @property
    def progress(self) -> tuple[int, int]:
        """(articles indexed, articles to index) while opening; (0, 0) when none changed."""
        return self._progress

    def when_ready(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the index is open: now if it is, else on the thread that
        opens it. (A Qt user passes a signal's ``emit``, which queues to its own thread.)"""
        with self._callbacks_lock:
            if self._index is None and self._failure is None:
                self._callbacks.append(callback)
                return
        callback()

    def start(self) -> None:
        """Open the index on a background thread (once; later calls do nothing)."""
        if self._index is not None or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._open, name="search index", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Until the background opening is done (at once if it never started)."""
        if self._thread is not None:
            self._thread.join()

    def _open(self) -> None:
        """The background thread: open the index; whatever happens, tell who waits."""
        with self._opening:  # held until the failure is recorded: no one retries meanwhile
            if self._index is not None:
                return
            try:
                self._open_now()
            except Exception as exc:  # a thread's exception is only printed: the wait would never end
                with self._callbacks_lock:
                    self._failure = str(exc) or type(exc).__name__
                    callbacks, self._callbacks = self._callbacks, []
                self._tell(callbacks)

    def _get(self) -> SearchIndex | None:
        """The index, opened on this thread if no one has; None if opening it failed."""
        with self._opening:
            if self._index is None and self._failure is None:
                self._open_now()
            return self._index

    def _open_now(self) -> None:
        from healthreader.search.index import SearchIndex

        index = SearchIndex.open(self._path, self._library, self._stop, self._on_progress)
        with self._callbacks_lock:
            self._index = index
            callbacks, self._callbacks = self._callbacks, []
        self._tell(callbacks)

    @staticmethod
    def _tell(callbacks: list[Callable[[], None]]) -> None:
        for callback in callbacks:
            # A window closed meanwhile (Qt: RuntimeError) must not stop the others.
            with contextlib.suppress(RuntimeError):
                callback()

    def _on_progress(self, done: int, total: int) -> None:
        self._progress = (done, total)

    def search(self, text: str, limit: int = 20) -> SearchResults:
        index = self._get()
        if index is None:
            from healthreader.search.index import SearchResults

            return SearchResults(text, [])
        return index.search(text, limit)

    def suggest(self, text: str, limit: int = 10) -> list[SearchHit]:
        index = self._get()
        return index.suggest(text, limit) if index is not None else []

    def close(self) -> None:
        """Stop a background opening (what it indexed is kept), then close the index."""
        self._stop.set()
        self.wait()
        with self._opening:
            if self._index is not None:
                self._index.close()
                self._index = None
