"""rasd's one error type: a problem a person can fix, told in one line, with the exit status the
command line gives it (tui/cli.py maps every exception to a line and a status in one place).

Kept free of DuckDB and pyarrow so `rasd extract` can raise them without loading either.
"""
from __future__ import annotations


class RasdError(Exception):
    """One line for a person; `title` names the domain (shown by the browser), `exit_code` the CLI status."""
    title = "rasd"
    exit_code = 2


class StoreError(RasdError):
    """The database file: missing, locked, corrupt, newer, gone, full disk."""
    title = "store"


class InputError(RasdError):
    """Input that cannot be read at all (not one bad line: those are reported and skipped)."""
    title = "input"


class OutputError(RasdError):
    """An export or output path that rasd will not or cannot write."""
    title = "output"


class UsageError(RasdError):
    """A bad argument value."""
    title = "usage"


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, caught at a batch boundary; `done` says how far the command got."""

    def __init__(self, done: str) -> None:
        super().__init__(done)
        self.done = done
