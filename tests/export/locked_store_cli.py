"""Run the ``provenance`` CLI in this process with one test hook, for tests that hold a
write lock on an embedded store from another connection.

``python locked_store_cli.py HOOK [--no-tmpfile] ARGS…`` where HOOK is

* ``impatient``: the store waits 0.2 s for a lock instead of 60 s (the lock then shows as
  "database is locked" at once);
* ``announce``: ``recording`` is written on stderr (flushed) just before an audit event is
  appended, so that the test can kill the process while it waits for the lock;
* ``none``: no hook.

``--no-tmpfile`` makes :class:`provenance.outfile.OutFile` use a named hidden temporary file,
as on a system without ``O_TMPFILE``.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import Any


def _impatient() -> None:
    real = sqlite3.connect

    class Impatient(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            if sql.startswith("PRAGMA busy_timeout"):
                sql = "PRAGMA busy_timeout=200"
            return super().execute(sql, *args)

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        kwargs.update(timeout=0.2, factory=Impatient)
        return real(*args, **kwargs)

    sqlite3.connect = connect  # type: ignore[assignment]


def _announce() -> None:
    from provenance.store.sqlite import SQLiteStore

    record = SQLiteStore.record_event

    def announced(self: SQLiteStore, *args: Any, **kwargs: Any) -> int:
        sys.stderr.write("recording\n")
        sys.stderr.flush()
        return record(self, *args, **kwargs)

    SQLiteStore.record_event = announced  # type: ignore[method-assign]


def main() -> None:
    hook, args = sys.argv[1], sys.argv[2:]
    if hook == "impatient":
        _impatient()
    elif hook == "announce":
        _announce()
    if args and args[0] == "--no-tmpfile":
        from provenance.outfile import OutFile

        OutFile.open_anonymous = lambda self: None  # type: ignore[method-assign]
        args = args[1:]
    from provenance_cli.main import run

    sys.argv = ["provenance", *args]
    run()


if __name__ == "__main__":
    main()
