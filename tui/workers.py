"""Thread workers that fail must say so: one line to the person, not a silent empty panel."""
from __future__ import annotations

from textual.worker import Worker, WorkerState


class ReportWorkerErrors:
    """Mixin for widgets, screens and the app that run store calls in thread workers."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            first_line = (str(error).strip().splitlines() or [""])[0]
            self.notify(f"{type(error).__name__}: {first_line}", title="store", severity="error", timeout=10, markup=False)  # type: ignore[attr-defined]
