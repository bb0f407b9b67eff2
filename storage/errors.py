"""The errors storage raises.

`UserError` and its subclasses are things a user can act on: the GUI shows their message in a
dialog and the command line prints it, both as they are. Every message says what happened, to
which file, and what to do next. Anything else that escapes is a bug.
"""
from __future__ import annotations


class RejoinderError(Exception):
    """Base of every error raised on purpose by Rejoinder."""


class UserError(RejoinderError):
    """Something the user can act on; the message is shown to them as it is."""


class UnreadableFile(UserError):
    """A file could not be read as a letter (missing, empty, corrupt, wrong type)."""


class EncryptedFile(UnreadableFile):
    """A PDF is password-protected and no (or a wrong) password was given."""


class ScannedLetter(UnreadableFile):
    """A PDF has no text layer: it is a scan that needs OCR first."""


class NotALetter(UnreadableFile):
    """A readable file that does not look like SEC correspondence."""


class WorkspaceError(UserError):
    """A workspace file cannot be opened as asked."""


class WorkspaceTooNew(WorkspaceError):
    """The workspace was written by a newer Rejoinder; it is left untouched."""


class WorkspaceLocked(WorkspaceError):
    """Another running Rejoinder has the workspace open."""


class NotFound(RejoinderError):
    """A record asked for by id does not exist (a bug in the caller, not a user error)."""


class BugError(RejoinderError):
    """An internal inconsistency: report it."""
