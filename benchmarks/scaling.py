"""Scaling tables and log-log plots for the benchmarks (issue 19: "the growth is visible").

Each benchmark that runs at several sizes hands its rows here: :func:`report` prints one
aligned table (size, then each measured figure) and writes a log-log PNG of every figure
against the size under ``benchmarks/out/`` (gitignored), one line per figure, with a dotted
line of slope 1 from the smallest point for reference (linear growth). matplotlib comes with
the ``bench`` extra; without it the table is printed and the plot is skipped with a note.

    from scaling import report
    report("corroborate-all", "sources", rows, ["wall s", "peak PSS MB"])
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"


def table(x: str, rows: Sequence[dict[str, Any]], ys: Sequence[str]) -> str:
    """``rows`` as an aligned text table: ``x`` first, then each of ``ys``."""
    head = [x, *ys]
    cells = [[_cell(row.get(key)) for key in head] for row in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(head)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(head, widths, strict=True))]
    lines += ["  ".join(c.rjust(w) for c, w in zip(cell, widths, strict=True)) for cell in cells]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return "-" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def plot(name: str, x: str, rows: Sequence[dict[str, Any]], ys: Sequence[str]) -> Path | None:
    """A log-log PNG of each of ``ys`` against ``x``; ``None`` without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    OUT.mkdir(exist_ok=True)
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    for key in ys:
        points = [(r[x], r[key]) for r in rows if r.get(key) and r.get(x)]
        if not points:
            continue
        xs, vals = zip(*points, strict=True)
        ax.plot(xs, vals, marker="o", label=key)
        if len(points) > 1:
            ax.plot([xs[0], xs[-1]], [vals[0], vals[0] * xs[-1] / xs[0]], ":", color="grey")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(x)
    ax.set_title(f"{name} (dotted: linear growth)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    path = OUT / f"scaling-{name}.png"
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def report(name: str, x: str, rows: Sequence[dict[str, Any]], ys: Sequence[str]) -> None:
    """Print the table of ``rows`` and write its log-log plot (see the module docstring)."""
    print(f"\nscaling: {name}")
    print(table(x, rows, ys))
    path = plot(name, x, rows, ys)
    print(f"plot: {path}" if path else "plot: skipped (pip install -e '.[bench]' for matplotlib)")
