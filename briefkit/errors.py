"""The exceptions of briefkit: one base, each message names the file."""

from __future__ import annotations


class BriefkitError(Exception):
    """Base of every error briefkit reports to a person."""


class ArticleError(BriefkitError):
    """An article could not be read or briefed."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class BriefingError(BriefkitError):
    """A briefing file could not be parsed."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message
