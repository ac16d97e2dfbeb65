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
from store.names import Lang, choose_lang
from tui import rtl
from tui.commands import RasdCommands
from tui.screens.dialogs import FORMAT_TITLES, ExportDialog, Prompt
from tui.naming import Naming
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
        Binding("L", "language", "names in Arabic / English", id="app.language"),
    ]

    def __init__(self, store, export_dir: Path | None = None, lang: Lang | None = None) -> None:
        super().__init__()
        self.store = store
        self.export_dir = export_dir or Path.cwd()
        self.naming = Naming(lang or choose_lang(None))   # names filled in by the main screen's first load
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

    def action_language(self) -> None:
        """Switch every name on every screen between Arabic and English."""
        self.naming.lang = "en" if self.naming.lang == "ar" else "ar"
        for screen in self.screen_stack:
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                relabel()
        self.notify("names in English" if self.naming.lang == "en" else rtl.visual("الأسماء بالعربية"), markup=False)

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
            generation = self.store.generation()
        except RasdError as e:
            self.call_from_thread(self.notify, f"correction not saved: {e}", severity="error", markup=False)
            return
        self.call_from_thread(self._corrected, field if changed else None, generation, on_saved)

    def _corrected(self, field: str | None, generation: int, on_saved: Callable[[], object] | None) -> None:
        self._store_generation = generation          # our own write: no "new data" notice for it
        self.notify(f"corrected: {field}" if field else "unchanged: that is the current value", markup=False)
        self.main.reload(keep_cursor=True)
        if on_saved is not None:
            on_saved()

    # -- export -----------------------------------------------------------------------------
    def export_dialog(self, f: Filter) -> None:
        self.push_screen(ExportDialog(), lambda fmt: fmt and self.export(f, fmt))

    def export(self, f: Filter, fmt: str) -> None:
        suffix = {"acled": "acled.csv", "excel": "csv"}.get(fmt, fmt)
        self._ask_path(f"rasd-{datetime.now():%Y%m%d-%H%M%S}.{suffix}", FORMAT_TITLES[fmt],
                       lambda path, force: self._export(f, fmt, path, force))

    def export_victims(self, f: Filter, fmt: str, order: str, name: str) -> None:
        self._ask_path(f"rasd-victims-{datetime.now():%Y%m%d-%H%M%S}.{fmt}", f"the victims register as {fmt}",
                       lambda path, force: self._export_victims(f, fmt, path, order, name, force))

    def _ask_path(self, offered_name: str, what: str, write: Callable[[Path, bool], object]) -> None:
        """Ask where to write (a file name in the export directory is offered), then write; an
        existing file is replaced only after a y."""
        offered = self.export_dir / offered_name

        def chosen(answer: str | None) -> None:
            if not (answer and answer.strip()):
                return
            path = Path(answer.strip()).expanduser()
            path = path if path.is_absolute() else self.export_dir / path
            if not path.exists():
                write(path, False)
                return

            def overwrite(yes: str | None) -> None:
                if yes is not None and yes.strip().lower() in ("y", "yes"):
                    write(path, True)
            self.push_screen(Prompt(f"{path} exists — y and Enter overwrite it, Esc keeps it", "y/n"), overwrite)
        self.push_screen(Prompt(f"export {what} to (Enter writes, Escape cancels)", str(offered),
                                value=str(offered)), chosen)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, f: Filter, fmt: str, path: Path, force: bool) -> None:
        self._write(lambda: self.store.export(f, "csv" if fmt == "excel" else fmt, path, force=force,
                                              excel=fmt == "excel").describe(path))

    @work(thread=True, group="export", exit_on_error=False)
    def _export_victims(self, f: Filter, fmt: str, path: Path, order: str, name: str, force: bool) -> None:
        self._write(lambda: f"wrote {self.store.export_victims(f, fmt, path, order, name, force):,} people to {path}")

    def _write(self, write: Callable[[], str]) -> None:
        """In an export worker: write the file, then tell the person what was written."""
        try:
            said = write()
        except (RasdError, OSError, ValueError) as e:  # the person sees why; the app keeps running
            self.call_from_thread(self.notify, f"export failed: {e}", severity="error", markup=False)
            return
        self.call_from_thread(self.notify, said, title="export", timeout=10, markup=False)
