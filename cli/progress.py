"""The progress bar's count (imported with Rich, only when a bar is shown)."""

from __future__ import annotations

from rich.progress import ProgressColumn, Task
from rich.text import Text


class CountColumn(ProgressColumn):
    """``done/total`` once the total is known, ``done`` before it (nothing at 0): never
    the ``0/?`` of Rich's own column, which reads as something stuck."""

    def render(self, task: Task) -> Text:
        """The count of ``task``."""
        done = int(task.completed)
        if task.total is not None:
            return Text(f"{done:,}/{int(task.total):,}", style="progress.download")
        return Text(f"{done:,}" if done else "", style="progress.download")
