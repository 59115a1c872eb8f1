"""A mapping file nested 5,000 levels deep (block style)."""

from pathlib import Path


def make(dir: Path) -> None:
    lines = ["mapping: provenance-mapping/1", "incident:", "  id: {column: Ref}"]
    lines += ["  date: {column: When}", "description:"]
    lines += [" " * (i + 1) + "k:" for i in range(5_000)]
    (dir / "mapping.yaml").write_text("\n".join(lines) + "\n")
