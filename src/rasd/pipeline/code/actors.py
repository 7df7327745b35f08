"""The actor dictionary (``resources/ar/actors.yaml``): expansion of the state templates and resolution of a
matched alias to an :class:`rasd.model.Actor` for one event (its country and date decide the final name).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from rasd import resources
from rasd.model import Actor, Span

RESOURCE = "ar/actors.yaml"


def _forms(row: dict[str, Any]) -> list[dict[str, str]]:
    """Every combination of the placeholders a state row offers (several names and nisbas per country)."""
    out: list[dict[str, str]] = []
    names = list(row.get("c") or [])
    nisbas = list(row.get("n") or [])
    for c in names or [""]:
        for n in nisbas or [""]:
            out.append(
                {
                    "c": c,
                    "n": n,
                    "nf": n + "\N{ARABIC LETTER TEH MARBUTA}" if n else "",
                    "dn": "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}" + n if n else "",
                    "dnf": ("\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}" + n + "\N{ARABIC LETTER TEH MARBUTA}")
                    if n
                    else "",
                    "country": row["country"],
                }
            )
    return out


@cache
def entries() -> list[dict[str, Any]]:
    """All actor entries, each ``{id, name, inter, country, kind, from, until, aliases}``, templates expanded."""
    data = resources.load(RESOURCE)
    out: list[dict[str, Any]] = []
    for row in data.get("states") or []:
        for tname, tpl in (data.get("templates") or {}).items():
            aliases: set[str] = set()
            for f in _forms(row):
                for a in tpl["aliases"]:
                    needed = [k for k in ("c", "n", "nf", "dn", "dnf") if "{" + k + "}" in a]
                    if any(not f[k] for k in needed):
                        continue
                    aliases.add(a.format(**f))
            out.append(
                {
                    "id": f"{tname}:{row['iso']}",
                    "name": tpl["name"].format(country=row["country"]),
                    "inter": int(tpl["inter"]),
                    "country": row["country"],
                    "kind": tpl.get("kind", "armed"),
                    "aliases": sorted(aliases),
                }
            )
    for g in data.get("groups") or []:
        out.append(dict(g, aliases=list(g["aliases"])))
    for d in data.get("descriptive") or []:
        out.append(dict(d, aliases=list(d["aliases"]), country=d.get("state_of", "*"), descriptive=True))
    return out


@cache
def army_of() -> dict[str, str]:
    """Countries without an army of their own -> the country whose army operates there (`military_generic army_of`)."""
    return {
        str(k): str(v)
        for e in entries()
        if e.get("id") == "military_generic"
        for k, v in (e.get("army_of") or {}).items()
    }


def actor_terms() -> list[tuple[str, dict[str, Any]]]:
    return [(a, e) for e in entries() for a in e["aliases"]]


@cache
def state_countries() -> dict[str, str]:
    """Arabic country name key -> English short name, from the state rows (used to spot countries in text)."""
    from rasd.lang.ar.normalize import fold

    data = resources.load(RESOURCE)
    out: dict[str, str] = {}
    for row in data.get("states") or []:
        for c in row.get("c") or []:
            out[fold(c)] = row["country"]
    return out


# endings of a nisba adjective (فلسطيني، فلسطينيين، فلسطينيون، فلسطينية، فلسطينيا)
_NISBA_ENDINGS = ("", "ين", "ون", "ه", "ة", "ا", "ات", "ان", "تان", "تين")


@cache
def _nisbas() -> dict[str, str]:
    """Folded masculine nisba -> English short name of its state (سوري -> Syria), from the state rows."""
    from rasd.lang.ar.normalize import fold

    out: dict[str, str] = {}
    for row in resources.load(RESOURCE).get("states") or []:
        for n in row.get("n") or []:
            out[fold(n)] = row["country"]
    return out


def nisba_country(token: str) -> str | None:
    """The state a folded token names as a nisba adjective ("متظاهرين فلسطينيين" -> Palestine), or None."""
    t = token[2:] if token.startswith("ال") else token
    for n, country in _nisbas().items():
        if t.startswith(n) and t[len(n) :] in _NISBA_ENDINGS:
            return country
    return None


def in_bounds(entry: dict[str, Any], day: date | None) -> bool:
    """An alias names this actor only between its date bounds (النصرة is three actors over time)."""
    if day is None:
        return True
    lo, hi = entry.get("from"), entry.get("until")
    if lo and day < date.fromisoformat(str(lo)):
        return False
    return not (hi and day > date.fromisoformat(str(hi)))


@cache
def _generic_for() -> dict[str, list[dict[str, Any]]]:
    """Entry id -> the groups a generic mention of that entry names in the group's country (``generic_for``)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for e in entries():
        for k in e.get("generic_for") or ():
            out.setdefault(str(k), []).append(e)
    return out


# A generic mention of the military in a country without an army of its own names the army that operates there
# (`actors.yaml military_generic army_of`; check set 6: "Military Forces of Palestine" for the Israeli army in Gaza).
ARMY_OF = True


def resolve(
    entry: dict[str, Any],
    country: str | None,
    text_ar: str,
    span: Span | None,
    day: date | None = None,
    victim: bool = False,
) -> Actor:
    """The Actor an alias names in an event happening in ``country`` on ``day``.

    Descriptive names take the event's country (قوات الأمن in Tunisia = Police Forces of Tunisia); a state's own
    forces acting outside their country get inter code 8 (GUIDELINE: external forces). A generic mention of a
    country's military may name the group that holds that role at that date (``generic_for``); an actor that is
    the target may be named otherwise (``as_victim``: settlers attacked are Israeli civilians).
    """
    if victim and entry.get("as_victim"):
        v = entry["as_victim"]
        return Actor(
            name=str(v["name"]),
            inter=int(v["inter"]),
            country=v.get("country"),
            text_ar=text_ar,
            span=span,
            actor_id=str(entry["id"]),
        )
    for g in _generic_for().get(str(entry.get("id")), ()):
        own_c = entry.get("country")
        where = country if own_c in (None, "*") else own_c
        if where == g.get("country") and country == g.get("country") and in_bounds(g, day):
            entry = g
            break
    own = entry.get("country")
    name = str(entry["name"])
    army = (entry.get("army_of") or {}).get(country) if ARMY_OF else None
    if "{country}" in name and army:
        # "وإن الجيش رد بضرب أهداف في مدينة غزة": Palestine has no army; the army told about there is Israel's,
        # acting outside its country (external forces, inter 8)
        return Actor(
            name=name.format(country=army), inter=8, country=army, text_ar=text_ar, span=span, actor_id=str(entry["id"])
        )
    if "{country}" in name:
        name = name.format(country=country or "Unknown")
    actor_country = country if own in (None, "*") else own
    inter = int(entry["inter"])
    if inter == 1 and own not in (None, "*") and country and own != country:
        inter = 8
    return Actor(name=name, inter=inter, country=actor_country, text_ar=text_ar, span=span, actor_id=str(entry["id"]))
