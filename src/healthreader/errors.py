"""The error hierarchy of Health Reader's domain.

    HealthReaderError
     +-- ContentError          an article, glossary or content folder is unusable
     |    +-- ContentErrors     several things wrong with one article file, each a ContentError
     |    +-- ArticleNotFound   an id that no loaded article has
     +-- SettingsError         a settings or kiosk configuration value is unusable
     +-- SearchError           the search index cannot be built or read
     +-- ExportError           a handout could not be produced or written
     +-- ImportFailed          a MedlinePlus XML file cannot be imported at all

The domain raises these and never prints; the UI and the CLI turn them into messages.
"""

from __future__ import annotations

from pathlib import Path


class HealthReaderError(Exception):
    """Base of every error the domain raises on purpose."""


class ContentError(HealthReaderError):
    """A content file or folder is unusable; names the file and, where known, the line."""

    def __init__(self, message: str, path: Path | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = message
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")


class ContentErrors(ContentError):
    """Several things wrong with one file (``errors``, each a ContentError, in the order of
    their lines), so that an editor sees them all at once; as a ContentError it is the first."""

    def __init__(self, errors: list[ContentError]) -> None:
        first = errors[0]
        super().__init__(first.reason, first.path, first.line)
        self.errors = errors


class ArticleNotFound(ContentError):
    """No loaded article has this id."""

    def __init__(self, article_id: str) -> None:
        self.article_id = article_id
        super().__init__(f"no article with id {article_id!r}")


class SettingsError(HealthReaderError):
    """A settings or kiosk configuration value is missing or invalid."""


class SearchError(HealthReaderError):
    """The search index could not be built or queried."""


class ExportError(HealthReaderError):
    """A handout could not be rendered or written; nothing was left behind."""


class ImportFailed(HealthReaderError):
    """A MedlinePlus XML file cannot be imported at all (unreadable, not XML, not health
    topics, or its output folder cannot be written); the message names the file."""
