"""Build extract/data/gazetteer.csv from the raw gazetteer files in ../shared/data/gazetteer.

    uv run --with wordfreq python scripts/build_gazetteer.py [--shared ../shared]

Sources (see extract/data/NOTICE.md): Open-Syria admin units (governorates SY##, districts SY####,
subdistricts SY######, with OCHA P-codes), Syrian Archive's copy of OCHA populated places
(communities C####, whose Arabic `search_name_ar` is "place - subdistrict - district" and is joined
here to the admin hierarchy), and GeoNames cities500 (Arabic alternate names, population).

wordfreq (Arabic word frequencies from Wikipedia, news, subtitles, web text) marks names that are
also common words (الباب "the door", دوما "always", السلام "peace"): the matcher accepts those only
after a cue word (مدينة، بلدة …) or with strong context. It is needed only here, at build time.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.text import fold_text  # noqa: E402  (the run-time folding; one implementation)

OUT = ROOT / "extract" / "data" / "gazetteer.csv"
COLUMNS = ["pcode", "level", "name_ar", "name_en", "admin1_pcode", "admin1_ar", "admin2_pcode",
           "admin2_ar", "admin3_pcode", "admin3_ar", "lat", "lon", "population", "prominence",
           "aliases_ar", "common_forms"]

# Zipf thresholds (log10 of frequency per billion words) above which a form is "a common word":
# a village name as frequent as an everyday word is far more likely to be that word. Admin
# centres are written often as places, so only very frequent forms count for them.
COMMON_ZIPF_VILLAGE = 3.2
COMMON_ZIPF_CENTRE = 4.5
# Forms as frequent as function words (علي = على folded, "the" …) are never read as places.
STOP_ZIPF = 5.3
# A proclitic+name surface form (لبنان = ل + بنان) is its own word when it is about as frequent
# as the bare name or more.
PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل")
# "أبو X"/"أم X" villages whose X is a common given name read as a person's kunya.
KUNYA = ("ابو", "ام", "ابن", "بن", "بنت")
KUNYA_ZIPF = 3.5

ARABIC_ONLY = re.compile(r"^[\u0621-\u064a\u064b-\u0652 ]+$")


@dataclass
class Unit:
    pcode: str
    level: str
    name_ar: str
    name_en: str
    lat: float | None
    lon: float | None
    admin1: Unit | None = None
    admin2: Unit | None = None
    admin3: Unit | None = None
    aliases: list[str] = field(default_factory=list)
    population: int = 0
    prominence: float = 0.0
    common_forms: list[str] = field(default_factory=list)
    variants: set[str] = field(default_factory=set)   # generated spellings (برقا for برقة)


def key(s: str) -> str:
    """Join key for names: folded, without مركز/منطقة/ناحية/محافظة/مدينة, the article or spaces
    ("مركزالحفة" = "مركز الحفة", "معر تمصرين" = "معرتمصرين")."""
    s = fold_text(s).replace("_", " ").strip()
    s = re.sub(r"^(مركز|منطقه|ناحيه|محافظه|مدينه)\s*", "", s)
    return "".join(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in s.split())


def dist2(a: Unit, lat: float, lon: float) -> float:
    if a.lat is None or a.lon is None:
        return math.inf
    return (a.lat - lat) ** 2 + ((a.lon - lon) * math.cos(math.radians(lat))) ** 2


def arabic_aliases(item: dict) -> list[str]:
    return [a["value"] for a in item.get("aliases", []) if a.get("language") == "ar"
            and ARABIC_ONLY.match(a["value"])]


def load_admin(shared: Path) -> tuple[dict[str, Unit], dict[str, Unit], dict[str, Unit]]:
    g_dir = shared / "data" / "gazetteer"
    govs: dict[str, Unit] = {}
    for g in json.loads((g_dir / "governorates_opensyria.json").read_text("utf-8")):
        u = Unit(g["externalIds"]["ochaPcode"], "admin1", g["name"]["ar"], g["name"]["en"],
                 g["centroid"]["latitude"], g["centroid"]["longitude"],
                 aliases=[a for a in arabic_aliases(g) if not a.startswith("محافظة")])
        u.admin1 = u
        govs[g["id"]] = u
    dists: dict[str, Unit] = {}
    for d in json.loads((g_dir / "districts_opensyria.json").read_text("utf-8")):
        gov = govs[d["governorateId"]]
        u = Unit(d["externalIds"]["ochaPcode"], "admin2", d["name"]["ar"], d["name"]["en"],
                 d["centroid"]["latitude"], d["centroid"]["longitude"], admin1=gov,
                 aliases=[a for a in arabic_aliases(d) if not a.startswith(("منطقة", "مركز"))
                          and key(a) != key(gov.name_ar)])
        u.admin2 = u
        dists[d["id"]] = u
    subs: dict[str, Unit] = {}
    for s in json.loads((g_dir / "subdistricts_opensyria.json").read_text("utf-8")):
        dist = dists[s["districtId"]]
        u = Unit(s["externalIds"]["ochaPcode"], "admin3", s["name"]["ar"], s["name"]["en"],
                 s["centroid"]["latitude"], s["centroid"]["longitude"], admin1=dist.admin1,
                 admin2=dist, aliases=[a for a in arabic_aliases(s) if not a.startswith("ناحية")])
        u.admin3 = u
        subs[s["id"]] = u
    return govs, dists, subs


def split_name(raw: str) -> tuple[str, list[str]]:
    """'علي الأطرش_عليكار' -> ('علي الأطرش', ['عليكار']); 'حملك-حميلك' likewise."""
    raw = re.sub(r"\s+", " ", raw.replace("ـ", "")).strip()
    parts = [p.strip() for p in re.split(r"[_\-]", raw) if p.strip()]
    return parts[0], parts[1:]


def pick(cands: list[Unit], lat: float, lon: float) -> Unit | None:
    return min(cands, key=lambda u: dist2(u, lat, lon)) if cands else None


def load_communities(shared: Path, dists: dict[str, Unit], subs: dict[str, Unit]
                     ) -> tuple[list[Unit], list[tuple[str, str, str, float, float]], list[str]]:
    """OCHA communities joined to district and subdistrict by name (nearest centroid among
    same-named units; nearest unit overall when the name is unknown). Also returns the Syrian
    Archive-only rows "city : neighbourhood" and the names whose join fell back to distance."""
    by_dist: dict[str, list[Unit]] = {}
    for d in dists.values():
        for n in [d.name_ar, *d.aliases]:
            by_dist.setdefault(key(n), []).append(d)
    by_sub: dict[str, list[Unit]] = {}
    for s in subs.values():
        for n in [s.name_ar, *s.aliases]:
            by_sub.setdefault(key(n), []).append(s)
    rows = json.loads((shared / "data" / "gazetteer" / "communities_syrianarchive.json")
                      .read_text("utf-8"))
    out: list[Unit] = []
    extra: list[tuple[str, str, str, float, float]] = []
    fallbacks: list[str] = []
    for r in rows:
        ar = r["search_name_ar"].split("---")[0].strip()
        code = (r["closest_geonames_post_code"] or "").strip()
        lat = float(r["lat"]) if r["lat"] not in ("", None) else math.nan
        lon = float(r["lon"]) if r["lon"] not in ("", None) else math.nan
        if r["sa_loc_only"] == "TRUE" or not re.fullmatch(r"C\d{4}", code):
            if ":" in ar:
                head, _, tail = ar.partition(":")
                extra.append((head.strip(), tail.strip(), code, lat, lon))
            continue
        parts = [p.strip() for p in ar.split(" - ")]
        name, alts = split_name(parts[0])
        district_cands = by_dist.get(key(parts[-1]), [])
        dist = pick(district_cands, lat, lon)
        # "place - sub - district", or "place - X - sub - district" for namesakes.
        named = [s for p in parts[1:-1] for s in by_sub.get(key(p), [])]
        sub = pick([s for s in named if s.admin2 is dist], lat, lon) or pick(named, lat, lon)
        if sub is None:
            fallbacks.append(ar)
            pool = [s for s in subs.values() if dist is None or s.admin2 is dist]
            sub = pick(pool, lat, lon)
        dist = sub.admin2
        en = re.sub(r"\s*\(.*?\)", "", r["search_name_en"].split(" - ")[0]).strip()
        # "الزيارة عفرين": a district/subdistrict name appended to tell namesakes apart.
        for admin in (dist, sub):
            for n in [admin.name_ar, *admin.aliases]:
                suffix = " " + n
                if name.endswith(suffix) and len(name) > len(suffix) + 2:
                    alts.append(name)
                    name = name[: -len(suffix)].strip()
        alts = [a for a in alts if key(a) not in (key(dist.name_ar), key(sub.name_ar))]
        old = r.get("old_sa_name") or ""
        if ":" in old:
            alts.append(re.sub(r"^(قرية|بلدة|مدينة|حي)\s+", "", old.partition(":")[2].strip()))
        out.append(Unit(code, "community", name, en, lat, lon, admin1=dist.admin1, admin2=dist,
                        admin3=sub, aliases=alts))
    return out, extra, fallbacks


def add_geonames(shared: Path, communities: list[Unit]) -> tuple[int, int]:
    """Attach GeoNames population and Arabic alternate names to the nearest community of the
    same (folded, article-less) name within ~8 km; returns (attached, GeoNames places)."""
    data = json.loads((shared / "data" / "gazetteer" / "cities500_geonames_SY.json")
                      .read_text("utf-8"))
    by_key: dict[str, list[Unit]] = {}
    for c in communities:
        for n in [c.name_ar, *c.aliases]:
            by_key.setdefault(key(n), []).append(c)
    attached = 0
    for g in data.values():
        names = [a.strip() for a in g["alternatenames"] if ARABIC_ONLY.match(a.strip())
                 and all(len(w) > 1 for w in a.split())]
        lat, lon = g["latitude"], g["longitude"]
        cands = [c for n in names for c in by_key.get(key(n), [])
                 if dist2(c, lat, lon) < 0.075 ** 2]
        best = pick(cands, lat, lon)
        if best is None:
            continue
        attached += 1
        best.population = max(best.population, int(g["population"] or 0))
        best.aliases += [n for n in names if not n.startswith("مدينة ")]
    return attached, len(data)


def add_variants(u: Unit) -> None:
    """Spelling variants seen in local news: final ة written ا (برقة/برقا) and the reverse."""
    forms = [u.name_ar, *u.aliases]
    for f in forms:
        words = f.split()
        last = words[-1]
        if len(f.replace(" ", "")) < 4:
            continue
        if last.endswith("ة"):
            u.variants.add(" ".join(words[:-1] + [last[:-1] + "ا"]))
        elif last.endswith("ا") and not last.endswith("اا"):
            u.variants.add(" ".join(words[:-1] + [last[:-1] + "ة"]))
    u.aliases += sorted(u.variants)


def dedupe_aliases(u: Unit) -> None:
    seen = {fold_text(u.name_ar)}
    keep = []
    for a in u.aliases:
        a = re.sub(r"\s+", " ", a).strip()
        f = fold_text(a)
        if a and f not in seen and len(f.replace(" ", "")) >= 2:
            seen.add(f)
            keep.append(a)
    u.aliases = keep


def set_prominence(u: Unit) -> None:
    """0..1: governorates and their capitals 1, district centres .8, subdistrict centres .6,
    else by GeoNames population (villages without one .2)."""
    if u.level == "community":
        k = key(u.name_ar)
        if u.admin1 and k == key(u.admin1.name_ar):
            base = 1.0
        elif u.admin2 and k in {key(n) for n in [u.admin2.name_ar, *u.admin2.aliases]}:
            base = 0.8
        elif u.admin3 and k in {key(n) for n in [u.admin3.name_ar, *u.admin3.aliases]}:
            base = 0.6
        else:
            base = 0.2
        if u.population:
            base = max(base, min(0.9, 0.2 + 0.12 * math.log10(max(u.population, 1))))
    else:
        base = {"admin1": 1.0, "admin2": 0.7, "admin3": 0.5}[u.level]
    u.prominence = round(base, 3)


def folded_zipf() -> Callable[[str], float]:
    """Zipf frequency of a *folded* form: the summed frequency of every Arabic word in wordfreq
    that folds to it (حلفائه "its allies" and حلفاية both fold to حلفايه), as the matcher
    sees it."""
    try:
        from wordfreq import get_frequency_dict
    except ImportError:
        sys.exit("build_gazetteer: wordfreq is needed at build time: "
                 "uv run --with wordfreq python scripts/build_gazetteer.py")
    total: dict[str, float] = {}
    for word, freq in get_frequency_dict("ar").items():
        k = fold_text(word)
        total[k] = total.get(k, 0.0) + freq

    def zipf(form: str) -> float:
        f = total.get(fold_text(form), 0.0)
        return math.log10(f * 1e9) if f > 0 else 0.0
    return zipf


def mark_common(units: list[Unit]) -> None:
    zipf = folded_zipf()
    for u in units:
        if u.level == "admin1" or u.prominence >= 1.0 or key(u.name_ar) == key(u.admin1.name_ar):
            continue
        limit = COMMON_ZIPF_CENTRE if u.prominence >= 0.6 or u.level != "community" \
            else COMMON_ZIPF_VILLAGE
        common = []
        for form in [u.name_ar, *u.aliases]:
            words = form.split()
            if form in u.variants:
                # -ا for -ة is also the accusative ending (كردياً، منزلاً): only after a cue.
                common.append(fold_text(form))
                continue
            if len(words) == 2 and re.sub("[أإآ]", "ا", words[0]) in KUNYA:
                # "أبو عمر" is a village and, far more often, a man: a kunya of a common name.
                if zipf(words[1]) >= KUNYA_ZIPF:
                    common.append(fold_text(form))
                continue
            if len(words) > 1:
                continue
            # The matcher also meets a name without its article (منزلا ~ المنزلا): test both.
            bare = form[2:] if form.startswith("ال") and len(form) >= 5 else form
            z = max(zipf(form), zipf(bare))
            if z >= STOP_ZIPF:
                common.append("!" + fold_text(form))      # علي (= على), الى …: never a place
            elif z >= limit:
                common.append(fold_text(form))
            for p in PROCLITICS:
                for base in {form, bare}:
                    glued = zipf(p + base)
                    if glued >= 3.0 and glued >= z:
                        common.append(fold_text(p + base))
        u.common_forms = sorted(set(common))


def row(u: Unit) -> dict[str, str]:
    def name(x: Unit | None) -> str:
        return x.name_ar if x else ""

    def code(x: Unit | None) -> str:
        return x.pcode if x else ""

    return {
        "pcode": u.pcode, "level": u.level, "name_ar": u.name_ar, "name_en": u.name_en,
        "admin1_pcode": code(u.admin1), "admin1_ar": name(u.admin1),
        "admin2_pcode": code(u.admin2), "admin2_ar": name(u.admin2),
        "admin3_pcode": code(u.admin3), "admin3_ar": name(u.admin3),
        "lat": f"{u.lat:.5f}" if u.lat is not None else "",
        "lon": f"{u.lon:.5f}" if u.lon is not None else "",
        "population": str(u.population or ""), "prominence": str(u.prominence),
        "aliases_ar": "|".join(u.aliases), "common_forms": "|".join(u.common_forms),
    }


def neighbourhoods(extra: list[tuple[str, str, str, float, float]], communities: list[Unit]
                   ) -> list[Unit]:
    """Syrian Archive rows "مدينة حلب : حي السكري", or "حلب : X" coded with the city's own
    district/subdistrict, are neighbourhoods of the city (pcode = the city's code). Rows coded
    with another subdistrict ("ادلب : تل صندل") are villages missing from OCHA's list: skipped."""
    cities = [c for c in communities if c.prominence >= 1.0]
    by_name = {key(c.name_ar): c for c in cities}
    # Only big cities' own codes: small capitals' subdistricts (Quneitra) hold villages.
    big = [c for c in cities if c.population >= 200_000]
    by_code = {c.admin3.pcode: c for c in big} | {c.admin2.pcode: c for c in big
                                                  if c.admin2.pcode in ("SY0200", "SY0100")}
    out = []
    for head, tail, code, lat, lon in extra:
        city = None
        if head.startswith("مدينة"):
            city = by_name.get(key(re.sub(r"^مدينة\s*", "", head).split()[0])) \
                or by_name.get(key(re.sub(r"^مدينة\s*", "", head)))
        city = city or by_code.get(code[:8]) or by_code.get(code[:6] if len(code) == 6 else "")
        name = re.sub(r"^(حيّ|حي|مدينة)\s+", "", tail).strip()
        if city is None or not name or key(name) == key(city.name_ar):
            continue
        if math.isnan(lat):
            lat, lon = city.lat, city.lon
        out.append(Unit(city.pcode, "neighbourhood", name, "", lat, lon, admin1=city.admin1,
                        admin2=city.admin2, admin3=city.admin3, prominence=0.3))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--verbose", action="store_true", help="list subdistrict joins by distance")
    args = ap.parse_args(argv)
    govs, dists, subs = load_admin(args.shared)
    communities, extra, fallbacks = load_communities(args.shared, dists, subs)
    attached, geonames = add_geonames(args.shared, communities)
    if args.verbose:
        print("\n".join(f"  by distance: {n}" for n in fallbacks))
    units = [*govs.values(), *dists.values(), *subs.values(), *communities]
    for u in units:
        add_variants(u)
        dedupe_aliases(u)
        set_prominence(u)
    hoods = neighbourhoods(extra, communities)
    units += hoods
    mark_common(units)
    order = {"admin1": 0, "admin2": 1, "admin3": 2, "community": 3, "neighbourhood": 4}
    units.sort(key=lambda u: (order[u.level], u.pcode, u.name_ar))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        w.writeheader()
        for u in units:
            w.writerow(row(u))
    counts = {lvl: sum(1 for u in units if u.level == lvl) for lvl in order}
    print(f"wrote {args.out}: {len(units)} rows {counts}; subdistrict joins by distance: "
          f"{len(fallbacks)}; GeoNames attached: {attached}/{geonames}; "
          f"names marked common: {sum(1 for u in units if u.common_forms)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
