"""Hostile article text is ingested and browsed in a real terminal; the bytes the app writes contain
none of the escape sequences, C1 controls, bidi overrides or markup actions, and the app keeps running."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from extract.model import Article, Incident, Place, Span, Victim
from store.api import Store
from store.model import Filter
from tui_tmux import Tmux

SENTENCE = "فجرت المجموعات المحلية في مدينة جاسم شمالي درعا اليوم منزلاً كان يتحصن فيه 4 قادة من تنظيم داعش، ما أدى لمقتلهم جميعاً."
# (what is planted in the article, the bytes that must never reach the terminal)
PLANTED = [
    ("\x1b[31;5m", b"\x1b[31;5m"),                          # colour + blink
    ("\x1b[2J", b"\x1b[2J"),                                # clear screen
    ("\x1b]0;pwned\x07", b"pwned"),                        # OSC window title
    ("\x1b]8;;https://evil.example/\x1b\\", b"evil.example"),  # OSC 8 hyperlink
    ("\x9b6n", "\x9b".encode()),                            # C1 CSI (device status report)
    ("\u202e", "\u202e".encode()),                          # right-to-left override
    ("\u2066", "\u2066".encode()),                          # left-to-right isolate
    ("\u200f", "\u200f".encode()),                          # right-to-left mark
]
MARKUP = "[@click=app.quit]اضغط[/] [link=https://x]رابط[/link] [/] [bold red]"


def hostile_articles() -> list[Article]:
    junk = "".join(p for p, _ in PLANTED)
    words = SENTENCE.split()
    poisoned = " ".join(w + (PLANTED[i % len(PLANTED)][0] if i % 3 == 0 else "") for i, w in enumerate(words))
    return [
        Article(id="hostile-1", published=date(2022, 10, 15), text=f"{poisoned}\n{MARKUP}\n{junk}",
                title=f"{junk}عنوان{MARKUP}", outlet=f"outlet{junk}", url=f"https://x.example/{junk}"),
        Article(id="hostile-2", published=date(2022, 10, 16), text=f"{MARKUP} {SENTENCE} {junk}",
                title="[/]", outlet="[@click=app.quit]", url="[link=https://x]"),
    ]


def hostile_incident() -> tuple[Article, list[Incident]]:
    """An incident from elsewhere (`ingest_extracted`) whose own fields (place, victim, evidence) carry
    the junk; the markup in them reaches the tui, which must show it as text."""
    junk = "".join(p for p, _ in PLANTED)
    article = Article(id="hostile-3", published=date(2022, 10, 17), text=SENTENCE, title="عنوان", outlet="x")
    place = Place(f"جاسم{junk}[/]", "C6111", f"درعا{junk}", f"إزرع{junk}", 32.99, 36.06)
    incident = Incident(date(2022, 10, 17), place, "battles", "armed-clash", ("isis",), 4, 1,
                        victims=(Victim(f"أحمد{junk}[@click=app.quit]", f"نوى{junk}"),),
                        evidence=(Span(0, len(SENTENCE), f"{SENTENCE}{junk}{MARKUP}"),))
    return article, [incident]


def test_hostile_text_never_reaches_the_terminal(tmp_path: Path):
    db = tmp_path / "hostile.duckdb"
    with Store.open(db) as store:
        store.ingest_articles(hostile_articles())
        store.ingest_extracted([hostile_incident()])
        n = store.count(Filter())
    assert n > 0, "the planted articles should produce incidents"
    raw = tmp_path / "raw.out"
    term = Tmux(db, raw, size=(100, 50))
    try:
        term.settled(f"{n:,} reports")
        seen = ""
        for _ in range(3):  # open each incident: fields, evidence, title, outlet, url, article text
            term.keys("Enter")
            seen += term.settled("not reviewed yet")  # only there once the incident has loaded
            term.keys("End")
            seen += term.settled("esc back")
            term.keys("Escape")
            term.gone("esc back")
            term.settled("reports")
            term.keys("Down")
        assert "[@click=app.quit]" in seen  # markup shown as text, not run
        term.keys("s")
        term.settled("summary of the current filter")
        term.keys("Escape")
        term.gone("summary of the current filter")
        term.keys("/")
        term.gone("t towns")        # the footer of a focused search box: keys typed before it went to the list
        term.keys("[@click=app.quit]", literal=True)
        term.keys("Enter")
        screen = term.settled("filters:")
        assert "RASD-EXITED" not in screen and "reports" in screen  # still running
        term.keys("q")
        term.wait_for("RASD-EXITED 0")
    finally:
        term.close()
    out = raw.read_bytes()
    assert len(out) > 1000
    for planted, forbidden in PLANTED:
        assert forbidden not in out, f"{planted!r} reached the terminal"
    assert b"\x1b]8;" not in out and b"\x1b]0;" not in out  # no hyperlinks, no window titles at all
    for bidi_control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u200e\u200f":
        assert bidi_control.encode() not in out
    assert not any("\x80" <= ch <= "\x9f" for ch in out.decode("utf-8", "replace"))
