"""A TimeMap events file nested 10,000 levels deep."""

from pathlib import Path


def make(dir: Path) -> None:
    depth = 10_000
    events = (
        '[{"id": "E1", "date": "01/02/2024",\n "sources": ' + "[" * depth + "]" * depth + "}]\n"
    )
    (dir / "export_events.json").write_text(events)
