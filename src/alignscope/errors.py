"""Errors a user can act on: each message is one sentence saying what is wrong and how to fix it."""

from __future__ import annotations


class AlignscopeError(Exception):
    """Base class; the CLI prints the message and exits non-zero, never a traceback."""

    exit_code = 1


class UsageError(AlignscopeError):
    """Bad input from the user: an unknown state, a year out of range, an unknown step."""

    exit_code = 2


class UnknownStateError(UsageError):
    """A state name or code that matches nothing, or matches several states."""


class NotInSystemError(UsageError):
    """A real state asked for in a year when it was not a member of the state system."""


class DataIntegrityError(AlignscopeError):
    """A shipped or user-supplied data file is missing, corrupted or malformed."""


class OutputError(AlignscopeError):
    """An output file cannot be written."""
