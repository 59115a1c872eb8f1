"""The SQLite file under the embedded store: its schema, opening it, and what goes wrong.

**Busy timeout.** SQLite lets one writer at a time. A command that writes while another
holds the write lock waits for it up to ``PROVENANCE_WAIT`` seconds (default
:data:`DEFAULT_WAIT`, 60; ``0`` gives up at once), then fails with a
:class:`~provenance.errors.StoreError` that says so — nothing of it was written. Readers
never wait (WAL journal).

**A file that is not (yet) a store.** The schema is created in one transaction, so a kill
during a store's first write (``init``, or an ``ingest`` that creates the store) leaves an
empty SQLite file (0 bytes, or one 4096-byte page): :func:`check_schema` says so, and
running ``init`` or the ingest again on the same path completes it.

**A new store's first write goes without WAL.** In WAL mode every page of a transaction is
written twice: to the WAL, then (at the checkpoint) into the file. For the first ingest
into a store it is creating — the import of a monitor's whole export — that second write
is most of the commit (1M sources: a 2.2 GB WAL checkpointed in 12 s). A store that this
connection creates (:func:`connect` with ``fresh``) is made with :data:`FRESH_PAGE_SIZE`
pages and starts in SQLite's rollback-journal mode, equally durable (``synchronous=FULL``:
a crash rolls the hot journal back, and the journal of a new file holds next to nothing);
:func:`use_wal` switches it to WAL after its first write. Until then a reader of the new
store waits for that write (there is nothing to read in it yet). Every later open — of any
process — sets WAL, so a switch that could not happen (another reader held the file) is
made by the next one.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from provenance.errors import StoreError, UsageError

VERSION_INDEX = "CREATE INDEX IF NOT EXISTS nodes_version ON nodes(id, label, hash)"
"""A covering index for planning an ingest (:func:`ensure_indexes` adds it to stores
made before it; it changes nothing a store's readers rely on, so the schema version stays)."""

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY, label TEXT NOT NULL, data TEXT NOT NULL, hash TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label, id);
{VERSION_INDEX};
CREATE TABLE IF NOT EXISTS edges (
    src TEXT NOT NULL, rel TEXT NOT NULL, dst TEXT NOT NULL, owner TEXT NOT NULL,
    props TEXT NOT NULL DEFAULT '{{}}', PRIMARY KEY (src, rel, dst)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_dst ON edges(dst, rel);
CREATE TABLE IF NOT EXISTS audit_events (
    seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL, body BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_items (
    seq INTEGER NOT NULL, item_id TEXT NOT NULL, label TEXT NOT NULL, hash TEXT NOT NULL,
    change TEXT NOT NULL, PRIMARY KEY (seq, item_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS audit_items_item ON audit_items(item_id, seq);
CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_items_no_update BEFORE UPDATE ON audit_items
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_items_no_delete BEFORE DELETE ON audit_items
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

SCHEMA_VERSION = "1"
ENV_WAIT = "PROVENANCE_WAIT"
DEFAULT_WAIT = 60.0
"""Seconds a writer waits for another writer's lock unless ``PROVENANCE_WAIT`` says otherwise."""
CACHE_KIB = 256 * 1024
"""The page cache in KiB (an upper bound: pages are allocated as used)."""
BIG_CACHE_KIB = 1024 * 1024
"""The page cache during a write of more than :data:`BIG_WRITE_ROWS` rows (the indexes
then stay in memory)."""
BIG_WRITE_ROWS = 500_000
SCAN_CACHE_KIB = 8 * 1024
"""The page cache while a label is read through once, in order (each page is read once: a
large cache would only hold them; a million sources: 806 -> 548 MB peak, no slower)."""
FRESH_PAGE_SIZE = 8192
"""Bytes per page of a store made by this version (stores made before keep 4096): fewer
pages per B-tree for the same rows (the 300k-source ingest 6% faster)."""


def wait_seconds() -> float:
    """``PROVENANCE_WAIT``: how long a writer waits for the write lock (default 60 s).

    A value that is not a number of seconds from 0 to 86400 is a
    :class:`~provenance.errors.UsageError` naming the variable.
    """
    raw = os.environ.get(ENV_WAIT, "").strip()
    if not raw:
        return DEFAULT_WAIT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 86_400:
        raise UsageError(
            f"environment variable {ENV_WAIT} is {raw!r}, not a number of seconds",
            f"set it to the seconds a writer waits for another (e.g. {DEFAULT_WAIT:g}), or unset it",
        )
    return value


def is_lock_error(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` is SQLite giving up on a lock another connection holds."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


@contextmanager
def lock_errors(path: Path, wait: float) -> Iterator[None]:
    """Turn SQLite's "database is locked" (another writer held the lock longer than
    ``wait`` seconds) into a :class:`~provenance.errors.StoreError` that says what to do."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if not is_lock_error(exc):
            raise
        raise StoreError(
            f"the store {path} is locked by another writer; gave up after waiting {wait:g} s"
            " (nothing of this command was written)",
            f"run it again when the other command has finished, or set {ENV_WAIT}=SECONDS"
            " to wait longer",
        ) from exc


def connect(path: Path, wait: float, *, fresh: bool = False) -> sqlite3.Connection:
    """Open ``path`` (created if missing) with the embedded store's settings: WAL journal,
    ``synchronous=FULL``, a busy timeout of ``wait`` seconds, a large page cache.

    ``fresh`` (the caller is creating the store): :data:`FRESH_PAGE_SIZE` pages and the
    rollback journal until :func:`use_wal` (see the module's notes)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, isolation_level=None, timeout=wait)
        with lock_errors(path, wait):
            db.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")
            if fresh:
                db.execute(f"PRAGMA page_size={FRESH_PAGE_SIZE}")
            else:
                set_wal(db)
            db.execute("PRAGMA synchronous=FULL")
            # performance only (durability stays WAL + FULL): a larger page cache and
            # in-memory temporary tables
            db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            db.execute("PRAGMA temp_store=MEMORY")
    except StoreError:
        raise
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(
            f"cannot open the store at {path}: {exc}", "check the path and its permissions"
        ) from exc
    return db


def set_wal(db: sqlite3.Connection) -> bool:
    """WAL for a store being opened; whether it is in WAL now. A new store whose first write
    another connection is making (rollback journal: the switch needs the file to itself,
    and SQLite refuses it at once) is opened as it is: its readers read, its writers wait
    for the lock as in WAL, and a later open makes the switch."""
    try:
        mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    except sqlite3.OperationalError as exc:
        if not is_lock_error(exc):
            raise
        return False
    return bool(mode == "wal")


def use_wal(db: sqlite3.Connection, wait: float) -> bool:
    """Switch a store opened ``fresh`` to WAL (after its first write): :func:`set_wal`
    without waiting for anyone — when another connection holds the file, the switch is
    left to the next open. ``wait`` is the busy timeout to restore."""
    db.execute("PRAGMA busy_timeout=0")
    try:
        return set_wal(db)
    finally:
        db.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")


def create_schema(db: sqlite3.Connection, path: Path, wait: float) -> None:
    """Create the tables (if missing) in one transaction and record the schema version."""
    script = f"BEGIN IMMEDIATE;{SCHEMA}INSERT OR IGNORE INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}');COMMIT;"  # noqa: S608 - constants only
    with lock_errors(path, wait):
        db.executescript(script)


RETIRED_INDEXES = ("edges_owner",)
"""Indexes of stores made by earlier versions that nothing reads any more, dropped when the
store is opened for writing (each write would keep them up to date for nothing).
``edges_owner`` (owner): an edge's owner is its ``src``, or its ``dst`` for ``HAS_CLAIM``
(:func:`~.rows.node_and_edges`), so the primary key and ``edges_dst`` find the edges an
item owns (:func:`~.sqlite_write.delete_owned_edges`); without it a 1M-source ingest
writes 4M index entries (240 MB) fewer. An earlier version opening the store recreates
it, which is as harmless."""


def ensure_indexes(db: sqlite3.Connection, path: Path, wait: float) -> None:
    """Create the index ``nodes_version`` (id, label, hash: what planning an ingest reads,
    without the wide ``data``) in a store made before it, and drop
    :data:`RETIRED_INDEXES`; nothing when the store has the indexes of this version.
    A store this process may not write keeps what it has (both work)."""
    names = ("nodes_version", *RETIRED_INDEXES)
    marks = ",".join("?" * len(names))
    sql = f"SELECT name FROM sqlite_master WHERE type='index' AND name IN ({marks})"  # noqa: S608
    found = {name for (name,) in db.execute(sql, names)}
    script = "" if "nodes_version" in found else f"{VERSION_INDEX};"
    script += "".join(f"DROP INDEX IF EXISTS {name};" for name in RETIRED_INDEXES if name in found)
    if not script:
        return
    try:
        with lock_errors(path, wait):
            db.executescript(f"BEGIN IMMEDIATE;{script}COMMIT;")
    except sqlite3.OperationalError as exc:
        if db.in_transaction:
            db.execute("ROLLBACK")
        if getattr(exc, "sqlite_errorname", "") != "SQLITE_READONLY":
            raise


def check_schema(db: sqlite3.Connection, path: Path, *, creating: bool = False) -> None:
    """Check that ``db`` is a provenance store of this version; a
    :class:`~provenance.errors.StoreError` that says what it is otherwise. ``creating``
    (``init``, or an ingest that creates the store): an empty database is fine too — the
    caller makes the store in it — but a store of another version, or another database,
    is not."""
    try:
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if creating and tables == 0:
            return
        if tables == 0:
            raise StoreError(
                f"{path} is an empty database, not yet a provenance store: most likely its first write"
                " (init or an ingest) was interrupted before it committed, and nothing was"
                " stored",
                "run `provenance init` or the ingest again on the same path: it completes the"
                " store",
            )
        row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path} is not a provenance store ({exc})",
            "run `provenance init` on a new path",
        ) from exc
    if row is None or row[0] != SCHEMA_VERSION:
        raise StoreError(
            f"{path} has an unknown schema version", "use a store made by this version"
        )


@contextmanager
def cache_for(db: sqlite3.Connection, rows: int | None) -> Iterator[None]:
    """The page cache for one operation: :data:`BIG_CACHE_KIB` for a write of ``rows``
    above :data:`BIG_WRITE_ROWS`, :data:`SCAN_CACHE_KIB` for one pass over a label
    (``rows`` ``None``), as it was otherwise; the size before is restored after."""
    if rows is not None and rows < BIG_WRITE_ROWS:
        yield
        return
    (before,) = db.execute("PRAGMA cache_size").fetchone()
    db.execute(f"PRAGMA cache_size=-{SCAN_CACHE_KIB if rows is None else BIG_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size={int(before)}")
