"""The pure helpers behind the widgets: dates typed in the filter panel, the weekly series, column
widths, the breadcrumb and facet lines."""
from __future__ import annotations

from datetime import date

import pytest
from rich.cells import cell_len

from store.model import Facet, Filter, SummaryRow
from tui import rtl
from tui.commands import place_kind
from tui.naming import Naming, place_cell
from tui.screens.main import breadcrumb
from tui.widgets.casualties import weekly_series
from tui.widgets.filter_panel import COUNT_CELLS, NAME_CELLS, compact, facet_prompt, parse_day
from tui.widgets.incident_list import Columns, header_text


@pytest.mark.parametrize("typed, end, expected", [
    ("2022-10-15", False, date(2022, 10, 15)),
    ("2022-10", False, date(2022, 10, 1)),
    ("2022-10", True, date(2022, 10, 31)),
    ("2024-02", True, date(2024, 2, 29)),
    ("2022-12", True, date(2022, 12, 31)),
    ("2022", True, date(2022, 12, 31)),
    (" 2022 ", False, date(2022, 1, 1)),
])
def test_parse_day(typed: str, end: bool, expected: date):
    assert parse_day(typed, end=end) == expected


@pytest.mark.parametrize("typed", ["15/10/2022", "أمس", "2022-13", "2022-02-30"])
def test_parse_day_rejects(typed: str):
    with pytest.raises(ValueError):
        parse_day(typed)


def test_weekly_series_fills_empty_weeks_with_zero():
    rows = [SummaryRow("2022-10-17", "", 1, 4, 0), SummaryRow("2022-10-03", "", 2, 3, 1)]
    assert weekly_series(rows) == [3, 0, 4]
    assert weekly_series([]) == [0]


@pytest.mark.parametrize("width", [40, 52, 79, 80, 87, 120, 200])
def test_columns_fill_the_width(width: int):
    cols = Columns.for_width(width)
    assert sum((cols.mark, cols.date, cols.place, cols.kind, cols.actors, cols.killed, cols.wounded)) == width
    assert len(header_text(cols)) == width


def test_breadcrumb_names_every_filter():
    f = Filter(places=("C6111",), actors=("isis",), event_types=("battles",), date_from=date(2022, 10, 1),
               review=("verified",), text="تفجير")
    naming = Naming("ar", None, {"C6111": ("جاسم", "Jasim"), "isis": ("داعش", "Islamic State"),
                                 "battles": ("معارك", "Battles")})
    plain = rtl.fields(breadcrumb(f, naming), 500).plain
    for shown in (rtl.visual("جاسم"), rtl.visual("داعش"), rtl.visual("معارك"), "from 2022-10-01", "verified",
                  rtl.visual("“تفجير”"), "[c] clear"):
        assert shown in plain
    naming.lang = "en"
    plain = rtl.fields(breadcrumb(f, naming), 500).plain
    assert "Jasim" in plain and "Islamic State" in plain and "Battles" in plain
    assert "none" in rtl.fields(breadcrumb(Filter(), naming), 200).plain


def test_facet_prompt_is_fixed_width_and_right_aligns_arabic():
    town = facet_prompt("جاسم · مدينة", Facet("C6111", "Jasim · city", "جاسم · مدينة", 1234, level=1)).plain
    group = facet_prompt("Islamic State", Facet("isis", "Islamic State", "داعش", 7), lang="en").plain
    sub = facet_prompt("Armed clash", Facet("battles/armed-clash", "Armed clash", "اشتباك مسلح", 3, level=1), 14,
                       "en").plain
    assert cell_len(town) == cell_len(group) == NAME_CELLS + COUNT_CELLS
    assert town.rstrip().endswith("1,234") and "…" + rtl.visual("جاسم · مد") + " " in town   # the tag is cut first
    assert group.startswith("Islamic…")       # a word cut inside keeps three letters or goes whole
    assert sub.startswith(" Armed clash ") and cell_len(sub) == 14 + COUNT_CELLS


@pytest.mark.parametrize("label, cells, kept, cut", [
    ("إدلب · محافظة", 20, "إدلب · محافظة", False),          # fits: as it is
    ("إدلب · محافظة", 10, "إدلب · مح", True),                # the tag is cut, never the name
    ("إدلب · محافظة", 4, "إدلب", False),                    # no room for a tag at all
    ("محافظة دير الزور", 14, "دير الزور · م", True),          # the generic word goes behind the name first
    ("ريف درعا الغربي", 11, "درعا الغربي", False),
    ("Idlib · governorate", 10, "Idlib · g", True),
    ("قوات الحكومة السورية", 16, "قوات الحكومة", True),     # a name is cut after a whole word
])
def test_place_cells_cut_the_tag_before_the_name(label: str, cells: int, kept: str, cut: bool):
    lang = "ar" if rtl.has_arabic(label) else "en"
    shown = place_cell(label, cells, lang)
    assert cell_len(shown) == cells and rtl.visual(kept) in shown and ("…" in shown) == cut


def test_a_name_is_cut_inside_its_second_word_keeping_three_letters():
    shown = place_cell("خان شيخون · مدينة", 8, "ar")     # "خان…" alone names no town: three letters of شيخون
    # the cut word keeps the joining form it had whole (شيخ… with a medial خ)
    assert shown == "…" + rtl.reorder(rtl.shape("خان شيخون")[:7])


def test_compact_counts_fit_five_cells():
    assert [compact(n) for n in (0, 9_999, 10_000, 999_999, 1_250_000)] == ["0", "9,999", "10k", "999k", "1.2M"]


@pytest.mark.parametrize("pcode, kind", [("SY12", "governorate"), ("SY1203", "district"),
                                         ("SY120301", "subdistrict"), ("C6111", "town or village"),
                                         ("region:الغوطة الشرقية", "region")])
def test_palette_names_the_kind_of_place(pcode: str, kind: str) -> None:
    assert place_kind(pcode) == kind
