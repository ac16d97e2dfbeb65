"""Every export format, written from the hand-built store and read back."""
from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest

from store.api import Store
from store.export import ACLED_COLUMNS
from store.model import Filter
from tests.store_helpers import build


@pytest.fixture(scope="module")
def store(new_db) -> Store:
    s = build(new_db("x"))
    yield s
    s.close()


def test_csv(store, tmp_path):
    path = tmp_path / "out.csv"
    assert store.export(Filter(), "csv", path).rows == 7
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert len(rows) == 7
    idlib = next(r for r in rows if r["place_pcode"] == "C3871")
    assert idlib["actors"] == "russia-forces;civilians" and idlib["killed"] == "7" and idlib["admin1"] == "إدلب"
    assert "سبعة مدنيين" in idlib["evidence"] and idlib["article_title"] == "تقرير a2"
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)    # oldest first, undated first


def test_excel_csv_has_a_byte_order_mark(store, tmp_path):
    path = tmp_path / "out.csv"
    report = store.export(Filter(), "csv", path, excel=True)
    assert report.rows == 7 and report.describe(path) == f"wrote 7 incidents to {path} (csv, with a byte-order mark for spreadsheets)"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,date,")      # UTF-8 BOM, then the header
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig", newline="")))
    assert len(rows) == 7 and rows[0].keys() >= {"id", "place_name"}
    assert not (tmp_path / "plain.csv").exists()
    store.export(Filter(), "csv", tmp_path / "plain.csv")
    assert (tmp_path / "plain.csv").read_bytes().startswith(b"id,date,")


def test_jsonl_with_filter(store, tmp_path):
    path = tmp_path / "out.jsonl"
    assert store.export(Filter(places=("SY12",)), "jsonl", path).rows == 5
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert {r["admin1_pcode"] for r in rows} == {"SY12"}
    assert sum(r["killed"] for r in rows) == 14
    assert any(r["actors"] == ["local-armed-groups", "eighth-brigade", "isis"] for r in rows)


def test_parquet(store, tmp_path):
    path = tmp_path / "out.parquet"
    assert store.export(Filter(), "parquet", path).rows == 7
    table = pq.read_table(path)
    assert table.num_rows == 7
    assert sum(table.column("killed").to_pylist()) == 22
    assert ["isis"] in table.column("actors").to_pylist()


def test_geojson_keeps_rows_without_coordinates(store, tmp_path):
    path = tmp_path / "out.geojson"
    report = store.export(Filter(), "geojson", path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == report.rows == 7
    assert report.no_geometry == 1 and "1 have no coordinates" in report.describe(path)
    farm = [feat for feat in doc["features"] if feat["geometry"] is None]   # the farm has no coordinates
    assert len(farm) == 1 and farm[0]["properties"]["id"]
    for feat in doc["features"]:
        if feat["geometry"] is None:
            continue
        assert feat["type"] == "Feature" and feat["geometry"]["type"] == "Point"
        lon, lat = feat["geometry"]["coordinates"]
        assert 35 < lon < 43 and 32 < lat < 38                 # Syria, lon/lat order
        assert {"id", "date", "event_type", "killed", "place_name"} <= set(feat["properties"])


def test_acled(store, tmp_path):
    path = tmp_path / "out.csv"
    assert store.export(Filter(), "acled", path).rows == 7
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames) == ACLED_COLUMNS
        rows = list(reader)
    for col in ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "inter2", "interaction", "country",
                "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
                "source_scale", "notes", "fatalities", "timestamp", "iso"):
        assert col in reader.fieldnames
    assert all(r["event_date"] and r["year"] for r in rows)
    strike = next(r for r in rows if r["location"] == "Idleb")     # OCHA's English names
    assert (strike["admin1"], strike["admin2"]) == ("Idlib", "Idlib")
    assert (strike["event_type"], strike["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert strike["disorder_type"] == "Political violence" and strike["civilian_targeting"] == "Civilian targeting"
    assert (strike["actor1"], strike["inter1"], strike["actor2"], strike["inter2"]) == \
        ("Russian forces", "8", "Civilians (as targets or victims)", "7")
    assert strike["interaction"] == "78" and strike["fatalities"] == "7" and strike["country"] == "Syria"
    assert strike["iso"] == "760" and strike["geo_precision"] == "1" and strike["event_date"] == "2022-10-20"
    clash = next(r for r in rows if r["fatalities"] == "3")
    assert (clash["event_type"], clash["sub_event_type"]) == ("Battles", "Armed clash")
    assert clash["assoc_actor_1"] == "Eighth Brigade (Daraa)" and clash["actor2"] == "Islamic State"
    arrest = next(r for r in rows if r["sub_event_type"] == "Arrests")
    # undated: the day the article was published, at the loosest time precision
    assert arrest["disorder_type"] == "Strategic developments" and arrest["time_precision"] == "3"
    assert arrest["event_date"] and arrest["year"] == arrest["event_date"][:4]


def test_bad_format_and_no_partial_file(store, tmp_path):
    with pytest.raises(ValueError):
        store.export(Filter(), "xlsx", tmp_path / "x.xlsx")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
