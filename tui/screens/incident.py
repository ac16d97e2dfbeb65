"""One incident: every field, named victims, the review and correction history, other reports of
the same incident, and the source article with the evidence highlighted. v / x / n review it,
e corrects a field (tui/screens/correct.py)."""
from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label

from store.model import IncidentDetail
from tui.naming import Naming
from tui.widgets.arabic import Block, FieldsLine, TextBlocks
from tui.widgets.footer import KeyFooter
from tui.widgets.incident_list import REVIEW_MARK, kind_of
from tui.workers import ReportWorkerErrors


def field_blocks(d: IncidentDetail, naming: Naming) -> list[Block]:
    """Corrected fields say so (✎) and what was extracted. Event and actors by name, with their ids."""
    r = d.row
    extracted = {}
    for c in reversed(d.corrections):          # oldest first: the first `before` is what was extracted
        extracted.setdefault(c.field, c.before)

    def mark(field: str, label: str) -> str:
        return f"{label} ✎" if field in extracted else label
    day = r.date.isoformat() if r.date else "unknown"
    if d.date_end and d.date_end != r.date:
        day += f" … {d.date_end.isoformat()}"
    where = " · ".join(x for x in (r.place_name, d.admin2, r.admin1) if x)
    coords = f"{d.lat:.4f}, {d.lon:.4f}" if d.lat is not None and d.lon is not None else "—"
    review = f"{REVIEW_MARK.get(r.review, '')} {r.review}"
    if d.reviews and d.reviews[0].note:
        review += f" — {d.reviews[0].note}"
    def was(field: str) -> str:
        return f"  (extracted: {extracted[field] or 'no date'})" if field in extracted and field != "victims" else ""
    return [
        Block(mark("date", "date"), f"{day} ({d.date_precision}){was('date')}"),
        Block(mark("place", "place"), where + was("place")),
        Block("codes", f"{r.place_pcode or '—'} · {coords}"),
        Block(mark("event", "event"), f"{naming.event(r)} ({kind_of(r)})" + was("event")),
        Block(mark("actors", "actors"), (naming.actors(r) or "—") + was("actors")),
        Block(mark("killed", "killed"), str(r.killed) + was("killed"), style="bold"),
        Block(mark("wounded", "wounded"), str(r.wounded) + was("wounded"), style="bold"),
        Block("review", review),
        Block("evidence", d.evidence or "—"),
        Block("id", f"{r.id} · cluster {r.cluster_id}", style="dim"),
    ]


def victim_blocks(d: IncidentDetail) -> list[Block]:
    if not d.victims:
        return [Block("", "no named victims")]
    return [
        Block(v.outcome, " — ".join(x for x in (v.name, v.hometown and f"من {v.hometown}", v.actor) if x))
        for v in d.victims
    ]


def history_blocks(d: IncidentDetail) -> list[Block]:
    return [Block(rv.at.strftime("%Y-%m-%d %H:%M"), f"{rv.status} {rv.note}".strip()) for rv in d.reviews] or [
        Block("", "not reviewed yet")
    ]


def correction_blocks(d: IncidentDetail) -> list[Block]:
    return [Block(c.at.strftime("%Y-%m-%d %H:%M"), f"{c.field}: {c.before or '—'} → {c.after}"
                  + (f" — {c.note}" if c.note else "")) for c in d.corrections] or [Block("", "no corrections (e corrects a field)")]


def cluster_blocks(d: IncidentDetail, naming: Naming) -> list[Block]:
    return [
        Block(o.date.isoformat() if o.date else "—", f"{naming.place(o)} · {naming.event(o)} · {o.killed} killed · {o.id}")
        for o in d.same_cluster
    ] or [Block("", "no other reports of this incident")]


def source_blocks(d: IncidentDetail) -> list[Block]:
    """Each field on its own line: an Arabic outlet would otherwise reorder the date beside it."""
    fields = (("outlet", d.article_outlet), ("published", d.article_published.isoformat()), ("url", d.article_url),
              ("title", d.article_title), ("article id", d.article_id))
    return [Block(label, value, style="bold" if label == "title" else "") for label, value in fields if value]


def article_blocks(d: IncidentDetail) -> list[Block]:
    return [Block("", d.article_text, highlight=d.evidence_spans)]


class IncidentScreen(ReportWorkerErrors, Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "back", id="incident.back"),
        Binding("v", "review('verified')", "verified", id="incident.verify"),
        Binding("x", "review('rejected')", "rejected", id="incident.reject"),
        Binding("n", "review('needs-check')", "needs check", id="incident.needs_check"),
        Binding("e", "correct", "correct a field", id="incident.correct"),
    ]

    class Loaded(Message):
        def __init__(self, detail: IncidentDetail | None) -> None:
            super().__init__()
            self.detail = detail

    def __init__(self, incident_id: str) -> None:
        super().__init__()
        self.incident_id = incident_id
        self.detail: IncidentDetail | None = None

    def compose(self) -> ComposeResult:
        yield FieldsLine(id="incident-title")
        with VerticalScroll(id="incident-body"):
            for ident, title in (("fields", "incident"), ("victims", "named victims"), ("reviews", "review history"),
                                 ("corrections", "corrections (before → after)"),
                                 ("cluster", "other reports of this incident"), ("source", "source"),
                                 ("article", "source article (evidence highlighted)")):
                yield Label(title, classes="section")
                yield TextBlocks(id=ident, label_width=0 if ident == "article" else 17)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#incident-body").focus()
        self.reload()

    @work(thread=True, exclusive=True, group="incident", exit_on_error=False)
    def reload(self) -> None:
        self.post_message(self.Loaded(self.app.store.incident(self.incident_id)))  # type: ignore[attr-defined]

    def relabel(self) -> None:
        if self.detail is not None:
            self.on_incident_screen_loaded(self.Loaded(self.detail))

    def on_incident_screen_loaded(self, message: Loaded) -> None:
        d = self.detail = message.detail
        naming: Naming = self.app.naming  # type: ignore[attr-defined]
        if d is None:
            self.query_one("#incident-title", FieldsLine).update([(f"incident {self.incident_id} is not in the store", "bold")])
            return
        r = d.row
        self.query_one("#incident-title", FieldsLine).update(
            [(r.date.isoformat() if r.date else "—", "bold"), ("  ", ""), (naming.place(r), "bold"), ("  ", ""),
             (naming.event(r), ""), (f"  {r.killed} killed · {r.wounded} wounded", "")]
        )
        self.query_one("#fields", TextBlocks).update(field_blocks(d, naming))
        self.query_one("#victims", TextBlocks).update(victim_blocks(d))
        self.query_one("#reviews", TextBlocks).update(history_blocks(d))
        self.query_one("#corrections", TextBlocks).update(correction_blocks(d))
        self.query_one("#cluster", TextBlocks).update(cluster_blocks(d, naming))
        self.query_one("#source", TextBlocks).update(source_blocks(d))
        self.query_one("#article", TextBlocks).update(article_blocks(d))

    def action_review(self, status: str) -> None:
        self.app.review(self.incident_id, status, on_saved=self.reload)  # type: ignore[attr-defined]

    def action_correct(self) -> None:
        from tui.screens.correct import correct

        if self.detail is not None:
            correct(self, self.detail, lambda field, value, note: self.app.correct(  # type: ignore[attr-defined]
                self.incident_id, field, value, note, on_saved=self.reload))
