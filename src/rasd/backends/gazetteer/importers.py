"""Importers for the gazetteers users bring: GeoNames dumps and admin tables with p-codes (OCHA COD-AB / HDX).

Both add entries to an existing gazetteer file and re-seal its manifest; the import is recorded there, so a
later automatic rebuild refuses to silently drop it.

P-code tables come in two layouts, both handled, with the columns detected from their usual names or given
explicitly (``columns={"admin1_ar": "ADM1_AR", ...}``):

- *wide* (HDX, OCHA): one row per finest unit, every level's name and code repeated on the row
  (``admin1Name_en, admin1Name_ar, admin1Pcode, ..., admin4Pcode``; also ``ADM1_EN``/``admin1_ar``/``admin1_pcode``);
- *flat* (open-admin-data and similar): one row per unit with its level and its parent
  (``id, level, name.local, name.en, parent.id, geo.lat, geo.lon``), as CSV or as a JSON list of nested records.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rasd.backends.gazetteer.base import Entry, GazetteerError, is_arabic_name, name_key
from rasd.backends.gazetteer.sqlite import GazetteerWriter, SqliteGazetteer

# --- GeoNames ---------------------------------------------------------------------------------------------------

_GN_KIND = {
    "P": "populated_place",
    "L": "region",
    "H": "natural_feature",
    "T": "natural_feature",
    "V": "natural_feature",
    "S": "populated_place",
}
_GN_ADMIN = {"ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin3", "ADM4": "admin3", "ADMD": "admin2"}
_GN_COUNTRY = {"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR"}


def _open_text(path: Path) -> Iterator[str]:
    """Lines of a text file, or of the single .txt inside a .zip (GeoNames ships zips)."""
    if path.suffix == ".zip":
        import zipfile

        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
            if not names:
                raise GazetteerError(f"{path}: no .txt file inside the zip")
            with z.open(names[0]) as f:
                yield from io.TextIOWrapper(f, encoding="utf-8")
        return
    with path.open(encoding="utf-8") as f:
        yield from f


def read_geonames(
    all_countries: str | Path,
    alternate_names: str | Path | None = None,
    countries: Iterable[str] | None = None,
    min_population: int = 0,
) -> Iterator[Entry]:
    """Entries from a GeoNames dump (``allCountries.txt`` or a per-country ``SY.txt``) with Arabic names.

    Arabic names come from ``alternateNamesV2.txt`` (language ``ar``, historic names skipped, the preferred
    name first) and from Arabic-script names in the dump's own alternatenames column. Records without any
    Arabic name are skipped: rasd reads Arabic text. Administrative names are filled from the ADM1/ADM2 rows.
    """
    want = {c.strip().upper() for c in countries or () if c.strip()} or None
    ar: dict[str, list[str]] = defaultdict(list)
    if alternate_names:
        for line in _open_text(Path(alternate_names)):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or cols[2] != "ar":
                continue
            if len(cols) > 7 and cols[7] == "1":  # historic
                continue
            name = cols[3].strip()
            if not name or not is_arabic_name(name):
                continue
            lst = ar[cols[1]]
            if name in lst:
                continue
            if len(cols) > 4 and cols[4] == "1":
                lst.insert(0, name)
            else:
                lst.append(name)
    adm1: dict[tuple[str, str], str] = {}
    adm2: dict[tuple[str, str, str], str] = {}
    rows: list[list[str]] = []
    for line in _open_text(Path(all_countries)):
        c = line.rstrip("\n").split("\t")
        if len(c) < 15:
            continue
        cc = c[8]
        if want and cc not in want:
            continue
        fclass, fcode = c[6], c[7]
        if fcode == "ADM1":
            adm1[(cc, c[10])] = c[1]
        elif fcode == "ADM2":
            adm2[(cc, c[10], c[11])] = c[1]
        names = ar.get(c[0], []) + [n for n in c[3].split(",") if n and is_arabic_name(n) and n not in ar.get(c[0], [])]
        if not names:
            continue
        if fclass not in _GN_KIND and fclass != "A":
            continue
        try:
            pop = int(c[14] or 0)
        except ValueError:
            pop = 0
        if fclass == "P" and pop < min_population:
            continue
        rows.append([*c[:15], "\x1f".join(names)])
    for c in rows:
        fclass, fcode, cc = c[6], c[7], c[8]
        if fclass == "A":
            if fcode in _GN_COUNTRY:
                kind = "country"
            elif fcode in _GN_ADMIN:
                kind = _GN_ADMIN[fcode]
            else:
                continue
        else:
            kind = _GN_KIND[fclass]
        names = c[15].split("\x1f")
        yield Entry(
            id=f"gn:{c[0]}",
            name=c[1],
            kind=kind,
            name_ar=names[0],
            alternates=tuple(dict.fromkeys([*names[1:], c[2]])),
            latitude=float(c[4]),
            longitude=float(c[5]),
            iso=cc or None,
            country=_country_name(cc),
            admin1=adm1.get((cc, c[10])),
            admin2=adm2.get((cc, c[10], c[11])),
            population=int(c[14] or 0) if c[14].isdigit() else 0,
            source="geonames-import",
            precision=1 if fclass == "S" else None,
        )


def _country_name(iso: str | None) -> str | None:
    if not iso:
        return None
    try:
        from rasd.backends.gazetteer.build import country_table

        got = country_table().get(iso)
    except Exception:
        return None
    return got["name"] if got else None


# --- p-code tables ----------------------------------------------------------------------------------------------


def _norm_col(c: str) -> str:
    return re.sub(r"[^a-z0-9]", "", c.lower())


_WIDE_RE = re.compile(r"^adm(?:in)?([0-5])(?:name|refname)?(en|ar|pcode|code)$")
_LAT = {"lat", "latitude", "y", "geolat", "centerlat", "centroidlat", "latitudey"}
_LON = {"lon", "lng", "long", "longitude", "x", "geolon", "geolng", "centerlon", "centroidlon", "longitudex"}
_FLAT = {
    "pcode": {"id", "pcode", "codeid", "code"},
    "name_ar": {"namelocal", "namear", "arabicname", "namearabic"},
    "name_en": {"nameen", "name", "englishname", "nameenglish"},
    "level": {"level", "admlevel", "adminlevel"},
    "parent": {"parentid", "parentpcode", "parentcode"},
    "parent_en": {"parentnameen", "parentname", "parentnameenglish"},
    "type": {"type", "kind", "featuretype"},
}


def detect_columns(header: list[str]) -> dict[str, str]:
    """Roles -> column names, from the usual HDX / open-admin-data spellings.

    Wide roles: ``admin{N}_en``, ``admin{N}_ar``, ``admin{N}_pcode``; flat roles: ``pcode``, ``name_ar``,
    ``name_en``, ``level``, ``parent``; both: ``lat``, ``lon``, ``type``.
    """
    roles: dict[str, str] = {}
    for col in header:
        n = _norm_col(col)
        m = _WIDE_RE.match(n)
        if m:
            lvl, what = m.groups()
            role = f"admin{lvl}_{'pcode' if what in ('pcode', 'code') else what}"
            roles.setdefault(role, col)
            continue
        if n in _LAT:
            roles.setdefault("lat", col)
        elif n in _LON:
            roles.setdefault("lon", col)
        else:
            for role, names in _FLAT.items():
                if n in names:
                    roles.setdefault(role, col)
    return roles


def _flatten(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


def _read_table(path: Path) -> tuple[list[str], list[dict[str, Any]]]:
    if path.suffix.lower() == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            data = data.get("data") or data.get("features") or []
        if not isinstance(data, list):
            raise GazetteerError(f"{path}: expected a JSON list of records")
        rows = [_flatten(r.get("properties", r) if isinstance(r, dict) else {}) for r in data]
        header = list(dict.fromkeys(k for r in rows for k in r))
        return header, rows
    text = path.read_text(encoding="utf-8-sig")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise GazetteerError(f"{path}: empty table")
    dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t|") if lines else csv.excel
    reader = csv.DictReader(lines, dialect=dialect)
    return list(reader.fieldnames or []), list(reader)


def _float(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f else None


def _iso_from_pcode(code: str, country: str | None) -> str | None:
    if country:
        return country.upper()
    m = re.match(r"^([A-Z]{2})", code or "")
    return m.group(1) if m else None


def read_pcodes(
    path: str | Path,
    columns: dict[str, str] | None = None,
    country: str | None = None,
    places_level: int = 4,
) -> Iterator[Entry]:
    """Entries (one per p-code, every level) from an admin table. ``places_level``: the level from which units
    are towns (``populated_place``, geo_precision 1) rather than districts; OCHA's Syrian admin4 are communities."""
    p = Path(path)
    header, rows = _read_table(p)
    roles = detect_columns(header)
    roles.update(columns or {})
    # Level 0 is the country: rasd has every country already, and its p-code is just the ISO code.
    wide_levels = sorted({int(r[5]) for r in roles if re.match(r"^admin[1-5]_(pcode|ar|en)$", r)})
    if wide_levels and any(f"admin{n}_pcode" in roles for n in wide_levels):
        yield from _read_wide(rows, roles, wide_levels, country, places_level, p)
    elif "pcode" in roles and ("name_ar" in roles or "name_en" in roles):
        yield from _read_flat(rows, roles, country, places_level, p)
    else:
        raise GazetteerError(
            f"{p}: cannot tell the columns (found {header[:12]}); give them with --column ROLE=COLUMN, e.g. "
            "admin1_ar=ADM1_AR admin1_pcode=ADM1_PCODE lat=Latitude lon=Longitude (wide tables) or "
            "pcode=id name_ar=name.local name_en=name.en level=level parent=parent.id (one row per unit)"
        )


def _kind_for(level: int, places_level: int, typ: str | None) -> str:
    if typ and typ.strip().upper() in {"C", "N", "V", "T", "CITY", "TOWN", "VILLAGE", "COMMUNITY", "NEIGHBOURHOOD"}:
        return "populated_place"
    if level >= places_level:
        return "populated_place"
    return {0: "country", 1: "admin1", 2: "admin2"}.get(level, "admin3")


def _read_wide(
    rows: list[dict[str, Any]],
    roles: dict[str, str],
    levels: list[int],
    country: str | None,
    places_level: int,
    p: Path,
) -> Iterator[Entry]:
    acc: dict[str, dict[str, Any]] = {}
    for r in rows:
        chain: dict[str, str] = {}
        names_en: dict[int, str] = {}
        for lvl in levels:
            code = str(r.get(roles.get(f"admin{lvl}_pcode", ""), "") or "").strip()
            if not code:
                continue
            chain[f"admin{lvl}"] = code
            names_en[lvl] = str(r.get(roles.get(f"admin{lvl}_en", ""), "") or "").strip()
            finest = lvl == max(lv for lv in levels if str(r.get(roles.get(f"admin{lv}_pcode", ""), "") or "").strip())
            a = acc.get(code)
            if a is None:
                a = acc[code] = {
                    "level": lvl,
                    "en": names_en[lvl],
                    "ar": str(r.get(roles.get(f"admin{lvl}_ar", ""), "") or "").strip(),
                    "pcodes": dict(chain),
                    "admins": dict(names_en),
                    "lat": [],
                    "lon": [],
                    "own": None,
                    "type": None,
                }
            lat, lon = _float(r.get(roles.get("lat", ""))), _float(r.get(roles.get("lon", "")))
            if lat is not None and lon is not None:
                if finest:
                    a["own"] = (lat, lon)
                    a["type"] = r.get(roles.get("type", "")) if "type" in roles else None
                a["lat"].append(lat)
                a["lon"].append(lon)
    for code, a in acc.items():
        if a["own"]:
            lat, lon = a["own"]
        elif a["lat"]:
            # A parent unit without its own point: the mean of its communities is inside it for convex-ish units.
            lat, lon = sum(a["lat"]) / len(a["lat"]), sum(a["lon"]) / len(a["lon"])
        else:
            lat = lon = None
        iso = _iso_from_pcode(a["pcodes"].get("admin1", code), country)
        yield _pcode_entry(
            code, a["en"], a["ar"], a["level"], a["admins"], a["pcodes"], lat, lon, iso, places_level, a["type"], p
        )


def _read_flat(
    rows: list[dict[str, Any]], roles: dict[str, str], country: str | None, places_level: int, p: Path
) -> Iterator[Entry]:
    units: dict[str, dict[str, Any]] = {}
    for r in rows:
        code = str(r.get(roles["pcode"], "") or "").strip()
        if not code:
            continue
        try:
            level = int(float(r.get(roles.get("level", ""), 0) or 0))
        except (TypeError, ValueError):
            level = 0
        units[code] = {
            "level": level,
            "en": str(r.get(roles.get("name_en", ""), "") or "").strip(),
            "ar": str(r.get(roles.get("name_ar", ""), "") or "").strip(),
            "parent": str(r.get(roles.get("parent", ""), "") or "").strip() or None,
            "parent_en": str(r.get(roles.get("parent_en", ""), "") or "").strip() or None,
            "lat": _float(r.get(roles.get("lat", ""))),
            "lon": _float(r.get(roles.get("lon", ""))),
            "type": r.get(roles["type"]) if "type" in roles else None,
        }
    for code, u in units.items():
        chain: list[tuple[str, dict[str, Any]]] = [(code, u)]
        seen = {code}
        while chain[-1][1]["parent"] and chain[-1][1]["parent"] in units and chain[-1][1]["parent"] not in seen:
            pc = chain[-1][1]["parent"]
            seen.add(pc)
            chain.append((pc, units[pc]))
        level = u["level"] or len(chain)
        pcodes: dict[str, str] = {}
        admins: dict[int, str] = {}
        for i, (c, unit) in enumerate(chain):
            lv = unit["level"] or (level - i)
            pcodes[f"admin{lv}"] = c
            admins[lv] = unit["en"]
        _top_code, top = chain[-1]
        top_level = top["level"] or (level - len(chain) + 1)
        if top["parent"] and top["parent"] not in units and top_level > 1:
            # The parent lives in another file (districts without their governorates): keep its code and name.
            pcodes[f"admin{top_level - 1}"] = top["parent"]
            if top["parent_en"]:
                admins[top_level - 1] = top["parent_en"]
        iso = _iso_from_pcode(pcodes.get("admin1") or chain[-1][0], country)
        yield _pcode_entry(
            code, u["en"], u["ar"], level, admins, pcodes, u["lat"], u["lon"], iso, places_level, u["type"], p
        )


def _pcode_entry(
    code: str,
    en: str,
    ar: str,
    level: int,
    admins: dict[int, str],
    pcodes: dict[str, str],
    lat: float | None,
    lon: float | None,
    iso: str | None,
    places_level: int,
    typ: Any,
    p: Path,
) -> Entry:
    return Entry(
        id=f"pcode:{code}",
        name=en or ar or code,
        kind=_kind_for(level, places_level, str(typ) if typ else None),
        name_ar=ar or None,
        latitude=lat,
        longitude=lon,
        iso=iso,
        country=_country_name(iso),
        admin1=admins.get(1),
        admin2=admins.get(2) if level > 2 else None,
        admin3=admins.get(3) if level > 3 else None,
        pcodes=dict(sorted(pcodes.items())),
        source=f"pcodes:{p.name}",
    )


# --- writing into a gazetteer -------------------------------------------------------------------------------------


def import_entries(path: str | Path, entries: Iterable[Entry], what: dict[str, Any]) -> int:
    """Add ``entries`` to the gazetteer file at ``path`` (verified first) and re-seal its manifest."""
    p = Path(path)
    SqliteGazetteer(p)  # refuses a corrupt or unsealed file before anything is written
    w = GazetteerWriter(p)
    n = w.add(e for e in entries if any(name_key(x) for x in e.names()))
    w.close({"imports": [what | {"entries": n}]})
    return n
