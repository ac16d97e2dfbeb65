"""The rasd Textual app: screens, app-wide bindings and the workers shared by several screens
(review, export). All store calls run in thread workers; workers only post messages or use
`call_from_thread`."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable

from textual import work
from textual.app import App
from textual.binding import Binding

from store.errors import RasdError
from store.model import Filter
from tui.commands import RasdCommands
from tui.screens.dialogs import ExportDialog, Prompt
from tui.screens.main import MainScreen
from tui.workers import ReportWorkerErrors

REVIEW_TITLES = {"verified": "verified ✓", "rejected": "rejected ✗", "needs-check": "needs check ?"}
WATCH_SECONDS = 2.0     # how often the store file is stat-ed for another process's writes


class RasdApp(ReportWorkerErrors, App):
    CSS_PATH = "rasd.tcss"
    TITLE = "rasd — رصد"
    COMMANDS = App.COMMANDS | {RasdCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("q", "quit", "quit", id="app.quit"),
        Binding("question_mark", "help", "help", id="app.help"),
    ]

    def __init__(self, store, export_dir: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.export_dir = export_dir or Path.cwd()
        self.labels: dict[str, str] = {}  # key (pcode / actor id) -> display name, for breadcrumbs
        self._disk_stamp: tuple = ()
        self._store_generation: int | None = None

    def on_mount(self) -> None:
        self._disk_stamp = self.store.disk_stamp()
        self._read_generation()
        self.set_interval(WATCH_SECONDS, self._watch_store, name="store-watch")

    # -- another process's writes -----------------------------------------------------------
    def _watch_store(self) -> None:
        """A stat of the store file and its WAL (no database access); only when they changed is the
        store's generation read, and only when that moved is the screen reloaded."""
        stamp = self.store.disk_stamp()
        if stamp != self._disk_stamp:
            self._disk_stamp = stamp
            self._read_generation()

    @work(thread=True, exclusive=True, group="store-watch", exit_on_error=False)
    def _read_generation(self) -> None:
        self.call_from_thread(self._generation_read, self.store.generation())

    def _generation_read(self, generation: int) -> None:
        seen, self._store_generation = self._store_generation, generation
        if seen is not None and generation != seen:
            self.main.reload(keep_cursor=True)
            self.notify("new data in the store (another process wrote to it): refreshed", title="store",
                        markup=False)

    def get_default_screen(self) -> MainScreen:
        return MainScreen()

    @property
    def main(self) -> MainScreen:
        return self.screen_stack[0]  # type: ignore[return-value]

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_incident(self, incident_id: str) -> None:
        from tui.screens.incident import IncidentScreen

        self.push_screen(IncidentScreen(incident_id))

    # -- review -----------------------------------------------------------------------------
    def review(self, incident_id: str, status: str, on_saved: Callable[[], object] | None = None) -> None:
        """Ask for an optional note, then save the review and repaint whoever shows it."""

        def save(note: str | None) -> None:
            if note is not None:
                self._save_review(incident_id, status, note.strip(), on_saved)

        self.push_screen(Prompt(f"mark as {REVIEW_TITLES[status]} — note (optional), Enter to save", "note"), save)

    @work(thread=True, group="review", exit_on_error=False)
    def _save_review(self, incident_id: str, status: str, note: str, on_saved: Callable[[], object] | None) -> None:
        try:
            self.store.add_review(incident_id, status, note)      # returns only once committed to the file
            generation = self.store.generation()
        except RasdError as e:
            self.call_from_thread(self.notify, f"review NOT saved: {e}", severity="error", timeout=15, markup=False)
            return
        self.call_from_thread(self._review_saved, status, generation, on_saved)

    def _review_saved(self, status: str, generation: int, on_saved: Callable[[], object] | None) -> None:
        self._store_generation = generation          # our own write: no "new data" notice for it
        self.notify(f"saved: {REVIEW_TITLES[status]}", markup=False)
        self.main.reload(keep_cursor=True)
        if on_saved is not None:
            on_saved()

    # -- corrections ------------------------------------------------------------------------
    @work(thread=True, group="correct", exit_on_error=False)
    def correct(self, incident_id: str, field: str, value: str, note: str,
                on_saved: Callable[[], object] | None = None) -> None:
        """Save a correction; every total and list repaints with the new value."""
        try:
            changed = self.store.correct(incident_id, field, value, note)
        except RasdError as e:
            self.call_from_thread(self.notify, f"correction not saved: {e}", severity="error", markup=False)
            return
        self.call_from_thread(self._corrected, field if changed else None, on_saved)

    def _corrected(self, field: str | None, on_saved: Callable[[], object] | None) -> None:
        self.notify(f"corrected: {field}" if field else "unchanged: that is the current value", markup=False)
        self.main.reload(keep_cursor=True)
        if on_saved is not None:
            on_saved()

    # -- export -----------------------------------------------------------------------------
    def export_dialog(self, f: Filter) -> None:
        self.push_screen(ExportDialog(), lambda fmt: fmt and self.export(f, fmt))

    def export(self, f: Filter, fmt: str) -> None:
        suffix = {"acled": "acled.csv"}.get(fmt, fmt)
        path = self.export_dir / f"rasd-{datetime.now():%Y%m%d-%H%M%S}.{suffix}"
        if not path.exists():
            self._export(f, fmt, path, False)
            return

        def answer(yes: str | None) -> None:
            if yes is not None and yes.strip().lower() in ("y", "yes"):
                self._export(f, fmt, path, True)
        self.push_screen(Prompt(f"{path} exists — y and Enter overwrite it, Esc keeps it", "y/n"), answer)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, f: Filter, fmt: str, path: Path, force: bool) -> None:
        self._write(lambda: self.store.export(f, fmt, path, force=force), path, "incidents")

    def export_victims(self, f: Filter, fmt: str, order: str, name: str) -> None:
        path = self.export_dir / f"rasd-victims-{datetime.now():%Y%m%d-%H%M%S}.{fmt}"
        self._export_victims(f, fmt, path, order, name)

    @work(thread=True, group="export", exit_on_error=False)
    def _export_victims(self, f: Filter, fmt: str, path: Path, order: str, name: str) -> None:
        self._write(lambda: self.store.export_victims(f, fmt, path, order, name), path, "people")

    def _write(self, write: Callable[[], int], path: Path, noun: str) -> None:
        """In an export worker: write the file, then tell the person how it went."""
        try:
            n = write()
        except (RasdError, OSError, ValueError) as e:  # the person sees why; the app keeps running
            self.call_from_thread(self.notify, f"export failed: {e}", severity="error", markup=False)
            return
        self.call_from_thread(self.notify, f"exported {n:,} {noun} to {path}", title="export", timeout=8, markup=False)
