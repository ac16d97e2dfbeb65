"""Correcting an incident: pick a field, give the new value (a place by palette search, an event type
from the list, the rest typed), then a note. The store keeps the extracted value and the history."""
from __future__ import annotations

import json
from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from store.model import EVENT_TYPES, CorrectionField, Facet, IncidentDetail, VictimRow
from tui import rtl
from tui.commands import hit_text, place_kind
from tui.screens.dialogs import Prompt

EVENTS = tuple(f"{kind}/{sub}" for kind, subs in EVENT_TYPES.items() for sub in subs)
VICTIM_HELP = "victims: name | hometown | outcome (killed, wounded, abducted, arrested), separated by ;"


def victims_line(victims: tuple[VictimRow, ...]) -> str:
    """Named victims as one editable line: `name | hometown | outcome; …`."""
    return "; ".join(" | ".join((v.name, v.hometown or "", v.outcome)) for v in victims)


def victims_json(line: str) -> str:
    """The line form back to the JSON the store takes (it checks names and outcomes)."""
    victims = []
    for part in (p.strip() for p in line.split(";")):
        if part:
            name, hometown, outcome = ([x.strip() for x in part.split("|")] + ["", ""])[:3]
            victims.append({"name": name, "hometown": hometown or None, "outcome": outcome or "killed"})
    return json.dumps(victims, ensure_ascii=False)


def current_values(d: IncidentDetail) -> dict[CorrectionField, str]:
    """What each field reads now, as the prompts show it."""
    r = d.row
    day = "" if r.date is None else r.date.isoformat() + (f"/{d.date_end}" if d.date_end and d.date_end != r.date else "")
    return {"killed": str(r.killed), "wounded": str(r.wounded), "date": day, "place": r.place_name,
            "event": f"{r.event_type}/{r.sub_event_type}", "actors": "; ".join(r.actors), "victims": victims_line(d.victims)}


class FieldChooser(ModalScreen[str | None]):
    """Which field to correct, each shown with its current value."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="correct.cancel")]

    def __init__(self, values: dict[CorrectionField, str]) -> None:
        super().__init__()
        self.values = values

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("correct which field? (the extracted value is kept)")
            yield OptionList(*[Option(rtl.fields([(f"{name:<8} ", "bold"), (value or "—", "")], 60), id=name)
                               for name, value in self.values.items()])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Choice(ModalScreen[str | None]):
    """Pick one of a fixed list (event type/sub-type); starts on the current one."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="choice.cancel")]

    def __init__(self, title: str, choices: tuple[str, ...], current: str) -> None:
        super().__init__()
        self.title_text, self.choices, self.current = title, choices, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text)
            yield OptionList(*self.choices, id="choices")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in self.choices:
            options.highlighted = self.choices.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class PlacePicker(ModalScreen[str | None]):
    """Type a place name (Arabic or Latin) and pick it from the gazetteer, as in the palette."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="place.cancel"),
                Binding("down", "to_list", "to the list", show=False, id="place.to_list")]

    class Found(Message):
        def __init__(self, query: str, places: list[Facet]) -> None:
            super().__init__()
            self.query, self.places = query, places

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("new place: type a name, ↓ to the list, Enter picks")
            yield Input(placeholder=f"place / {rtl.visual('مكان')}", id="place-query")
            yield OptionList(id="place-hits")

    def on_input_changed(self, event: Input.Changed) -> None:
        if len(event.value.strip()) >= 2:
            self._find(event.value)

    @work(thread=True, exclusive=True, group="place-lookup", exit_on_error=False)
    def _find(self, query: str) -> None:
        self.post_message(self.Found(query, self.app.store.find_places(query, 10)))  # type: ignore[attr-defined]

    def on_place_picker_found(self, message: Found) -> None:
        if message.query != self.query_one(Input).value:
            return
        hits = self.query_one(OptionList)
        hits.clear_options()
        hits.add_options([Option(hit_text(place_kind(p.key), p), id=p.key) for p in message.places]
                         or [Option(Text("no place matches", style="dim"), disabled=True)])

    def on_input_submitted(self) -> None:
        self.action_to_list()

    def action_to_list(self) -> None:
        hits = self.query_one(OptionList)
        if hits.option_count:
            hits.highlighted = hits.highlighted or 0
            hits.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


PROMPTS: dict[str, str] = {
    "killed": "killed (a whole number)", "wounded": "wounded (a whole number)",
    "date": "day YYYY-MM-DD, or a range YYYY-MM-DD/YYYY-MM-DD",
    "actors": "actor ids separated by ; (see the groups list)", "victims": VICTIM_HELP,
}


def correct(screen, d: IncidentDetail, save: Callable[[str, str, str], object]) -> None:
    """Run the dialogs on `screen`'s app; `save(field, value, note)` when all were answered."""
    app = screen.app
    values = current_values(d)

    def ask_note(field: str, value: str | None) -> None:
        if value is None:
            return
        if field == "victims":
            value = victims_json(value)
        app.push_screen(Prompt(f"{field}: why? (a note for the history; Enter saves)", "note"),
                        lambda note: note is not None and save(field, value, note))

    def chosen(field: str | None) -> None:
        if field == "place":
            app.push_screen(PlacePicker(), lambda v: ask_note(field, v))
        elif field == "event":
            app.push_screen(Choice("event type / sub-type", EVENTS, values["event"]), lambda v: ask_note(field, v))
        elif field is not None:
            app.push_screen(Prompt(PROMPTS[field], field, values[field]), lambda v: ask_note(field, v))

    app.push_screen(FieldChooser(values), chosen)
