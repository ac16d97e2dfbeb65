"""Small modal prompts: a review note, a date to jump to, an export format."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList

from tui.widgets.arabic import FieldsLine

EXPORT_FORMATS = ("csv", "excel", "jsonl", "parquet", "geojson", "acled")
FORMAT_TITLES = {"csv": "csv", "excel": "csv for Excel (with a byte-order mark)", "jsonl": "JSON lines",
                 "parquet": "Parquet", "geojson": "GeoJSON (rows without coordinates get a null geometry)",
                 "acled": "ACLED-style csv"}


class Prompt(ModalScreen[str | None]):
    """One line of input; Enter returns it, Escape returns None. Shows a shaped preview of Arabic."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="dialog.cancel")]

    def __init__(self, title: str, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.title_text, self.placeholder, self.value = title, placeholder, value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text)
            yield Input(value=self.value, placeholder=self.placeholder)
            yield FieldsLine(classes="preview")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(FieldsLine).update([(event.value, "bold")])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportDialog(ModalScreen[str | None]):
    """Pick an export format for the current filter (or another list: `what`, in `formats`)."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="export.cancel")]

    def __init__(self, formats: tuple[str, ...] = EXPORT_FORMATS, what: str = "the current filter") -> None:
        super().__init__()
        self.formats, self.what = formats, what

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"export {self.what} as (then choose the file)")
            yield OptionList(*(FORMAT_TITLES.get(f, f) for f in self.formats))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.formats[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
