"""The 4096-byte file a first ingest leaves when killed after switching on the WAL journal."""

import sqlite3
from pathlib import Path


def make(dir: Path) -> None:
    db = sqlite3.connect(dir / "store.db")
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    assert (dir / "store.db").stat().st_size == 4096
