"""Cross-source dedup: one event per real incident, however many outlets reported it.

Each event the coder finds in one document is a *report*. Reports of the same incident are clustered into one
*event* the way ACLED identifies an event (same kind of event, same day, same place, same actors), helped by the
similarity of the evidence sentences (MinHash over folded character shingles), which is what catches wire copy
republished by many outlets, and what stops two different strikes on the same town on the same day from merging
when their texts have nothing in common and their sub-types differ.

Rules (``compare``), in order; every decision carries its reasons so an analyst can see why two reports merged:

1. never two reports from the same document (the coder already separated them);
2. same *family* of sub-types (political violence, demonstrations, or the same strategic-development sub-type);
3. same country when both are known;
4. dates (event date, else publication date) within ``DATE_WINDOW_DAYS``;
5. places within ``DISTANCE_KM`` (or the same admin2); places farther apart never merge, however similar the
   texts: formulaic reports ("N civilians killed in shelling on X") recur for different towns; the same
   *area* (a province, a region, a country: geo_precision above 1) only backs the same sub-type on the same day;
6. compatible actors (the same named actor on some side, or a side left unnamed / unidentified);
7. then ACLED's key decides: the same sub-type on the same day merges; a different sub-type of the same family
   on the same day merges when the place is the same (same town, or towns within ``STRONG_KM``) and the
   evidence overlaps; different or unresolved days within the window need the same sub-type, the same town
   and clearly overlapping evidence (one outlet's "yesterday" is another's "today"); near-identical evidence of the same sub-type on the
   same day (wire copy) always merges; a report with no place needs the same sub-type, day and strong overlap.

The merged record follows ACLED: fatalities are the most conservative credible figure (the smallest positive
figure any source gives), the spread goes into the notes, every source keeps its own figures and claims, and a
denial by any party stays visible in ``denied_by`` and ``contested``.

Clustering is greedy, so it follows the order reports arrive in: the store adds each document's reports as it
writes them (inputs in reading order), and ``cluster`` (batch, used by ``recluster``) sorts reports by date and
id first, so the same documents always give the same clusters. An event keeps the id of the report that founded
it (``event_id_for``), so ids are the same on every machine and survive re-runs. Analysts' decisions (``apart`` pairs from a split, ``together``
groups from a merge) are constraints the clustering always obeys.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from rasd.model import content_id

DATE_WINDOW_DAYS = 2
DISTANCE_KM = 25.0
STRONG_KM = 5.0  # closer than this, two names are the same place (a village and its quarter)
WIRE_JACCARD = 0.6  # evidence this similar is one copy (with the same sub-type, day and nearby place)
TEXT_JACCARD = 0.15  # enough overlap to back a same-place, compatible-type match
NUM_PERM = 64
SHINGLE = 4

_VIOLENCE = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
_DEMO = {"Protests", "Riots"}
_GENERIC_ACTOR_PREFIXES = ("Unidentified", "Civilians", "Protesters", "Rioters")


def family(event_type: str | None, sub_event_type: str | None) -> str:
    """The blocking key: outlets code the same strike as shelling or as an attack, a protest as a riot."""
    if event_type in _VIOLENCE:
        return "violence"
    if event_type in _DEMO:
        return "demonstration"
    return f"sd:{sub_event_type or ''}"


# --- text similarity -------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    try:
        from rasd.lang.ar.normalize import fold
    except ImportError:  # pragma: no cover - the text layer is part of rasd; kept for partial checkouts
        return " ".join(text.split())
    return fold(text)


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """Character k-grams of the folded text, spaces kept: robust to clitics and to outlets' small edits."""
    t = _fold(text)
    if len(t) <= k:
        return {t} if t else set()
    return {t[i : i + k] for i in range(len(t) - k + 1)}


def signature(text: str) -> bytes:
    """The MinHash signature of ``text`` as bytes (stored with each report, compared without rehashing)."""
    from datasketch import MinHash

    # Same values as a fresh MinHash(seed=1) fed one shingle at a time, ~10x cheaper: the seeded permutations
    # are drawn once per process, and the shingles hashed in one numpy batch.
    perms, scheme = _permutations()
    m = MinHash(num_perm=NUM_PERM, seed=1, permutations=perms, scheme=scheme)
    m.update_batch([s.encode("utf-8") for s in shingles(text)])
    return bytes(m.hashvalues.astype("<u8").tobytes())


@cache
def _permutations() -> tuple[Any, str]:
    from datasketch import MinHash

    template = MinHash(num_perm=NUM_PERM, seed=1)
    return template.permutations, template.scheme


def similarity(a: bytes | None, b: bytes | None) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal MinHash values)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    import numpy as np

    x = np.frombuffer(a, dtype="<u8")
    y = np.frombuffer(b, dtype="<u8")
    return float(np.mean(x == y))


# --- the ACLED key ---------------------------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(h)))


def _date(r: dict[str, Any]) -> date | None:
    v = r.get("event_date") or r.get("published")
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)[:10]) if v else None
    except ValueError:
        return None


def report_date(r: dict[str, Any]) -> date | None:
    """The date a report is blocked on: its event date, else its publication date."""
    return _date(r)


def _generic(name: str | None) -> bool:
    return not name or name.startswith(_GENERIC_ACTOR_PREFIXES)


def actors_compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Compatible unless both name a specific primary actor and no named actor is shared."""
    na = {x for x in (a.get("actor1"), a.get("actor2")) if not _generic(x)}
    nb = {x for x in (b.get("actor1"), b.get("actor2")) if not _generic(x)}
    if not na or not nb:
        return True
    return bool(na & nb)


@dataclass
class Match:
    ok: bool
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)


def compare(a: dict[str, Any], b: dict[str, Any], sig_a: bytes | None = None, sig_b: bytes | None = None) -> Match:
    """Whether reports ``a`` and ``b`` describe the same incident, with a score and the reasons."""
    if a.get("doc_id") and a.get("doc_id") == b.get("doc_id"):
        return Match(False, reasons=["same document"])
    if family(a.get("event_type"), a.get("sub_event_type")) != family(b.get("event_type"), b.get("sub_event_type")):
        return Match(False, reasons=["different kind of event"])
    ca, cb = a.get("country"), b.get("country")
    if ca and cb and ca != cb:
        return Match(False, reasons=["different country"])
    da, db = _date(a), _date(b)
    if da and db and abs((da - db).days) > DATE_WINDOW_DAYS:
        return Match(False, reasons=["dates too far apart"])
    if not actors_compatible(a, b):
        return Match(False, reasons=["incompatible actors"])
    sim = similarity(sig_a, sig_b)
    reasons = [f"evidence similarity {sim:.2f}"]
    same_sub = a.get("sub_event_type") == b.get("sub_event_type")
    same_day = bool(a.get("event_date")) and a.get("event_date") == b.get("event_date")
    place, km = _place_relation(a, b)
    if place == "far":
        # Even near-identical texts: formulaic reports ("N civilians killed in shelling on X") recur
        # for different towns, and true wire copy names the same place, so it geocodes the same.
        return Match(False, reasons=[*reasons, "places too far apart"])
    fine = a.get("geo_precision") == 1 and b.get("geo_precision") == 1
    strong_place = place == "same location" or (fine and km is not None and km <= STRONG_KM)
    score = sim + (1.0 if same_sub else 0.0) + (0.5 if same_day else 0.0) + (0.5 if strong_place else 0.0)
    if same_sub:
        reasons.append("same sub-event type")
    if same_day:
        reasons.append("same day")
    reasons.append(f"place: {place}")
    dated = bool(a.get("event_date")) and bool(b.get("event_date"))
    if sim >= WIRE_JACCARD and same_sub and (same_day or not dated):
        return Match(True, score, [*reasons, "wire copy"])
    if place == "unknown":
        return Match(same_sub and same_day and sim >= 2 * TEXT_JACCARD, score, reasons)
    if place == "same area":
        return Match(same_sub and same_day, score, reasons)
    if same_day:
        # ACLED's key: same day, same place, same kind. A different sub-type needs the texts to agree.
        ok = same_sub or (strong_place and sim >= TEXT_JACCARD)
        return Match(ok, score, reasons)
    # Different (or unresolved) days within the window: one outlet's "yesterday" may be another's "today", but
    # two incidents a day apart in one town are common too, so the texts must clearly tell the same story.
    return Match(same_sub and strong_place and sim >= 2 * TEXT_JACCARD, score, reasons)


def _place_relation(a: dict[str, Any], b: dict[str, Any]) -> tuple[str, float | None]:
    la, lb = a.get("location"), b.get("location")
    if not la or not lb:
        return "unknown", None
    km: float | None = None
    xa, ya, xb, yb = a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude")
    if xa is not None and ya is not None and xb is not None and yb is not None:
        km = haversine_km(float(xa), float(ya), float(xb), float(yb))
    if la == lb:
        # A province or a country named by two outlets is not evidence of one incident: many happen there.
        fine = a.get("geo_precision") == 1 and b.get("geo_precision") == 1
        return ("same location" if fine else "same area"), km
    if km is not None and km <= DISTANCE_KM:
        return f"{km:.0f} km apart", km
    if a.get("admin2") and a.get("admin2") == b.get("admin2") and (km is None or km <= 2 * DISTANCE_KM):
        return "same admin2", km
    return "far", km


# --- clustering ------------------------------------------------------------------------------------------------


def event_id_for(report_id: str) -> str:
    """The stable id of an event founded by ``report_id``."""
    return content_id("event:" + report_id)[:12]


def sort_key(r: dict[str, Any]) -> tuple[str, str]:
    d = _date(r)
    return (d.isoformat() if d else "9999-99-99", str(r.get("report_id", "")))


@dataclass
class Constraints:
    """Analysts' decisions: pairs of reports kept apart (splits) and groups kept together (merges)."""

    apart: set[frozenset[str]] = field(default_factory=set)
    together: list[set[str]] = field(default_factory=list)

    def add_split(self, groups: Sequence[Iterable[str]]) -> None:
        gs = [list(g) for g in groups]
        for i, g1 in enumerate(gs):
            for g2 in gs[i + 1 :]:
                for x in g1:
                    for y in g2:
                        if x != y:
                            self.apart.add(frozenset((x, y)))

    def add_merge(self, ids: Iterable[str]) -> None:
        self.together.append(set(ids))

    def allowed(self, rid: str, members: Iterable[str]) -> bool:
        return not any(frozenset((rid, m)) in self.apart for m in members)

    def partners(self, rid: str) -> set[str]:
        out: set[str] = set()
        for g in self.together:
            if rid in g:
                out |= g
        out.discard(rid)
        return out

    @classmethod
    def from_corrections(cls, rows: Iterable[dict[str, Any]]) -> Constraints:
        """Replay corrections in order: a later merge undoes an earlier split between the same reports."""
        c = cls()
        for row in rows:
            payload = row.get("payload") or {}
            if row.get("kind") == "split":
                c.add_split(payload.get("apart") or [])
            elif row.get("kind") == "merge":
                ids = list(payload.get("together") or [])
                c.apart = {p for p in c.apart if not p <= set(ids)}
                c.add_merge(ids)
        return c


def vetoed(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """The hard part of ACLED's key: reports that can never be one event, whatever else they share."""
    if a.get("doc_id") and a.get("doc_id") == b.get("doc_id"):
        return True
    if family(a.get("event_type"), a.get("sub_event_type")) != family(b.get("event_type"), b.get("sub_event_type")):
        return True
    ca, cb = a.get("country"), b.get("country")
    if ca and cb and ca != cb:
        return True
    da, db = _date(a), _date(b)
    return bool(da and db and abs((da - db).days) > DATE_WINDOW_DAYS)


def best_cluster(
    report: dict[str, Any],
    sig: bytes | None,
    clusters: dict[str, list[tuple[dict[str, Any], bytes | None]]],
    constraints: Constraints | None = None,
) -> tuple[str | None, Match | None]:
    """The cluster ``report`` joins (single link to its best-matching member), or ``(None, None)``."""
    cons = constraints or Constraints()
    rid = str(report.get("report_id", ""))
    partners = cons.partners(rid)
    best: tuple[float, str] | None = None
    best_match: Match | None = None
    for cid in sorted(clusters):
        members = clusters[cid]
        ids = [str(m.get("report_id", "")) for m, _ in members]
        if not cons.allowed(rid, ids):
            continue
        # Complete link on the hard constraints: a report that only fits one member (an undated report
        # bridging two dates) must not chain incidents a year apart into one event.
        if any(vetoed(report, m) for m, _ in members):
            continue
        if partners & set(ids):
            return cid, Match(True, 99.0, ["analyst merge"])
        for m, msig in members:
            mt = compare(report, m, sig, msig)
            if mt.ok and (best is None or mt.score > best[0]):
                best, best_match = (mt.score, cid), mt
    return (best[1], best_match) if best else (None, None)


def cluster(
    reports: Sequence[dict[str, Any]],
    sigs: dict[str, bytes | None] | None = None,
    constraints: Constraints | None = None,
) -> dict[str, list[str]]:
    """Cluster reports in a batch: event id -> report ids. Deterministic for a given set of reports."""
    sigs = sigs or {}
    clusters: dict[str, list[tuple[dict[str, Any], bytes | None]]] = {}
    for r in sorted(reports, key=sort_key):
        rid = str(r["report_id"])
        sig = sigs.get(rid)
        if sig is None and isinstance(r.get("evidence"), dict):
            sig = signature(str(r["evidence"].get("text", "")))
        # Candidates: same family, dates within the window (the store does this blocking with an index).
        cid, _ = best_cluster(r, sig, clusters, constraints)
        if cid is None:
            cid = event_id_for(rid)
            clusters[cid] = []
        clusters[cid].append((r, sig))
    return {cid: [str(m["report_id"]) for m, _ in ms] for cid, ms in clusters.items()}


def window(d: date | None) -> tuple[date, date] | None:
    if d is None:
        return None
    w = timedelta(days=DATE_WINDOW_DAYS)
    return d - w, d + w


# --- merging ---------------------------------------------------------------------------------------------------

_FILLABLE = (
    "event_date",
    "time_precision",
    "actor1",
    "actor1_ar",
    "inter1",
    "actor2",
    "actor2_ar",
    "inter2",
    "assoc_actor_1",
    "assoc_actor_2",
    "injuries",
)
_PLACE_FIELDS = (
    "location",
    "location_ar",
    "country",
    "iso",
    "admin1",
    "admin2",
    "admin3",
    "latitude",
    "longitude",
    "geo_precision",
    "gazetteer_id",
    "pcodes",
)


def _completeness(r: dict[str, Any]) -> int:
    return sum(1 for k in ("actor1", "actor2", "event_date", "location", "latitude") if r.get(k) is not None)


def _primary(reports: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The report whose coding leads: the most precise place, then the most complete, then the earliest."""

    def key(r: dict[str, Any]) -> tuple[Any, ...]:
        gp = r.get("geo_precision") if r.get("location") else None
        return (gp if gp is not None else 9, -_completeness(r), str(r.get("published") or "9999"), r["report_id"])

    return min(reports, key=key)


def _uniq(xs: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    for x in xs:
        for part in (x or "").split("; "):
            if part and part not in out:
                out.append(part)
    return out


def source_summary(r: dict[str, Any]) -> dict[str, Any]:
    """What one source said about the event: its own figures and claims, and where in its document."""
    return {
        "report_id": r["report_id"],
        "doc_id": r.get("doc_id"),
        "outlet": r.get("outlet"),
        "url": r.get("url"),
        "title": r.get("title"),
        "published": r.get("published"),
        "sentence": r.get("sentence"),
        "evidence": r.get("evidence"),
        "event_type": r.get("event_type"),
        "sub_event_type": r.get("sub_event_type"),
        "event_date": r.get("event_date"),
        "location": r.get("location"),
        "fatalities": r.get("fatalities"),
        "injuries": r.get("injuries"),
        "reported_by": r.get("reported_by"),
        "denied_by": r.get("denied_by"),
        "claimed_by": r.get("claimed_by"),
        "claims": r.get("claims") or [],
    }


def merge_order(r: dict[str, Any]) -> tuple[str, str]:
    """The order of an event's reports in its merged record (publication, then report id)."""
    return (str(r.get("published") or "9999"), r["report_id"])


def sources_of(reports: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The merged record's ``sources`` for an event of these reports: exactly ``merge_reports(...)["sources"]``."""
    return [source_summary(r) for r in sorted(reports, key=merge_order)]


def claims_of(reports: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The merged record's ``claims`` for an event of these reports: exactly ``merge_reports(...)["claims"]``."""
    return _claims(sorted(reports, key=merge_order))


def _claims(ordered: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every source's claims in merge order, one per (kind, who) and document, with where it came from."""
    claims: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    for r in ordered:
        for c in r.get("claims") or []:
            key = (str(c.get("kind")), str(c.get("who")), str(r.get("doc_id")))
            if key in seen:
                continue
            seen.add(key)
            claims.append({**c, "outlet": r.get("outlet"), "doc_id": r.get("doc_id"), "report_id": r["report_id"]})
    return claims


def _who(s: dict[str, Any]) -> str:
    who = s.get("outlet") or s.get("doc_id") or "?"
    if s.get("reported_by"):
        who += f", citing {s['reported_by']}"
    return str(who)


def merge_reports(reports: Sequence[dict[str, Any]], event_id: str = "") -> dict[str, Any]:
    """One event record from the reports of one incident (``Event.to_dict()`` shape plus the sources)."""
    if not reports:
        raise ValueError("cannot merge no reports")
    ordered = sorted(reports, key=merge_order)
    prim = _primary(ordered)
    out: dict[str, Any] = {
        k: v
        for k, v in prim.items()
        if k not in {"report_id", "doc_id", "outlet", "url", "title", "published", "sentence"}
    }
    out["id"] = event_id
    if not prim.get("location"):
        placed = [r for r in ordered if r.get("location")]
        if placed:
            best_place = _primary(placed)
            for k in _PLACE_FIELDS:
                out[k] = best_place.get(k)
    for k in _FILLABLE:
        if out.get(k) is None:
            for r in ordered:
                if r.get(k) is not None and (k not in ("inter1", "actor1_ar") or r.get("actor1") == out.get("actor1")):
                    out[k] = r[k]
                    break
    sources = [source_summary(r) for r in ordered]
    notes = _uniq(r.get("notes") for r in ordered)

    # Fatalities, ACLED's way: the most conservative credible figure. A source that gives no figure (0) is
    # silent, not a conflicting "nobody died"; a denial does not erase the figure, it is shown beside it.
    figures = [(int(r.get("fatalities") or 0), s) for r, s in zip(ordered, sources, strict=True)]
    positive = [f for f, _ in figures if f > 0]
    out["fatalities"] = min(positive) if positive else 0
    claimed = {
        (c.get("who"), int(n))
        for r in ordered
        for c in (r.get("claims") or [])
        for k, n in (c.get("figures") or {}).items()
        if k == "fatalities" and isinstance(n, int)
    }
    if len(set(positive)) > 1 or any(n != out["fatalities"] for _, n in claimed):
        spread = ", ".join(f"{f} ({_who(s)})" for f, s in figures if f > 0)
        extra = ", ".join(f"{n} (claimed by {w})" for w, n in sorted(claimed, key=lambda x: (x[1], str(x[0]))))
        notes.append(
            f"fatalities reported: {spread}{'; ' + extra if extra else ''}; coded {out['fatalities']}, the lowest"
        )
    injuries = [int(r["injuries"]) for r in ordered if isinstance(r.get("injuries"), int) and r["injuries"] > 0]
    out["injuries"] = min(injuries) if injuries else prim.get("injuries")

    out["claims"] = _claims(ordered)
    for kind in ("reported_by", "denied_by", "claimed_by"):
        out[kind] = "; ".join(_uniq(r.get(kind) for r in ordered)) or None
    out["contested"] = bool(out.get("denied_by"))
    if out["contested"]:
        notes.append(f"contested: denied by {out['denied_by']}")
    out["notes"] = "; ".join(notes) or None
    out["tags"] = _uniq(t for r in ordered for t in (r.get("tags") or []))
    out["confidence"] = max(float(r.get("confidence") or 0) for r in ordered)
    out["optional"] = all(bool(r.get("optional")) for r in ordered)
    out["sources"] = sources
    out["sources_count"] = len(sources)
    out["outlets"] = _uniq(r.get("outlet") for r in ordered)
    out["doc_ids"] = _uniq(r.get("doc_id") for r in ordered)
    return out


# --- incremental merging ---------------------------------------------------------------------------------------
#
# The store adds reports to events one at a time. Re-merging the whole event on each join costs O(k) for an event
# of k reports, so O(k^2) over its life. ``merge_state`` keeps, next to the merged record, what ``merge_reports``
# derives from the ordering of the reports (which report leads, which one supplied each filled field, where each
# note, tag, outlet or claim first appears, the positive figures in order); ``merge_add`` folds one more report
# into the record with it and returns exactly what ``merge_reports`` would give for all the reports, or None when
# the report changes something that needs the whole event (a new primary report, a new actor1 that decides which
# reports fill inter1, a second report from a document already in the event): the caller then re-merges.

STATE_VERSION = 1
_UNIQ_FIELDS = ("notes", "tags", "reported_by", "denied_by", "claimed_by", "outlets", "doc_ids")
# Keys a merge may fill from other reports: when the primary report lacks one, where it lands in the merged
# record's key order depends on which reports fill it, so such events are always re-merged in full (reports
# made by Event.to_dict() have them all). The other merged keys are written in a fixed order.
_WRITTEN = frozenset({*_FILLABLE, *_PLACE_FIELDS})
_BY_ACTOR1 = ("inter1", "actor1_ar")


def _okey(r: dict[str, Any]) -> list[str]:
    """A report's place in the merge order (publication, then id), as a JSON-safe list."""
    return [str(r.get("published") or "9999"), r["report_id"]]


def _pkey(r: dict[str, Any]) -> list[Any]:
    """The ``_primary`` key as a JSON-safe list (lists compare like the tuples ``_primary`` uses)."""
    gp = r.get("geo_precision") if r.get("location") else None
    return [gp if gp is not None else 9, -_completeness(r), str(r.get("published") or "9999"), r["report_id"]]


def _uniq_parts(field_name: str, r: dict[str, Any]) -> list[str]:
    """The parts ``_uniq`` takes from one report for a merged field, in order (empties skipped)."""
    if field_name == "tags":
        xs: list[Any] = list(r.get("tags") or [])
    elif field_name == "outlets":
        xs = [r.get("outlet")]
    elif field_name == "doc_ids":
        xs = [r.get("doc_id")]
    else:
        xs = [r.get(field_name)]
    return [p for x in xs for p in (x or "").split("; ") if p]


def _claimed(r: dict[str, Any]) -> set[tuple[Any, int]]:
    return {
        (c.get("who"), int(n))
        for c in (r.get("claims") or [])
        for k, n in (c.get("figures") or {}).items()
        if k == "fatalities" and isinstance(n, int)
    }


def _claimed_order(pair: tuple[Any, int] | list[Any]) -> tuple[int, str]:
    return (pair[1], str(pair[0]))


def merge_state(reports: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """What ``merge_add`` needs to extend ``merge_reports(reports)`` by one report (a function of the set of
    reports only, so every way of building an event stores the same state). JSON-safe."""
    ordered = sorted(reports, key=lambda r: (str(r.get("published") or "9999"), r["report_id"]))
    prim = _primary(ordered)
    state: dict[str, Any] = {"v": STATE_VERSION, "prim": _pkey(prim), "keys": prim.keys() >= _WRITTEN}
    state["prim_injuries"] = prim.get("injuries")
    if not prim.get("location"):
        placed = [r for r in ordered if r.get("location")]
        state["place"] = _pkey(_primary(placed)) if placed else None
    actor1 = prim.get("actor1")
    fill: dict[str, Any] = {}
    for k in _FILLABLE:
        if prim.get(k) is None:
            fill[k] = None
            for r in ordered:
                if r.get(k) is not None and (k not in _BY_ACTOR1 or r.get("actor1") == actor1):
                    fill[k] = _okey(r)
                    if k == "actor1":
                        actor1 = r[k]
                    break
    state["fill"] = fill
    uniq: dict[str, list[list[Any]]] = {}
    for name in _UNIQ_FIELDS:
        first: dict[str, list[Any]] = {}
        for r in ordered:
            for i, part in enumerate(_uniq_parts(name, r)):
                if part not in first:
                    first[part] = [*_okey(r), i, part]
        uniq[name] = list(first.values())
    state["uniq"] = uniq
    state["order"] = [_okey(r) for r in ordered]
    state["figs"] = [
        [*_okey(r), int(r.get("fatalities") or 0), _who(source_summary(r))]
        for r in ordered
        if int(r.get("fatalities") or 0) > 0
    ]
    state["claimed"] = [list(p) for p in sorted({p for r in ordered for p in _claimed(r)}, key=_claimed_order)]
    injuries = [int(r["injuries"]) for r in ordered if isinstance(r.get("injuries"), int) and r["injuries"] > 0]
    state["injuries"] = min(injuries) if injuries else None
    state["claim_order"] = _claim_keys(ordered)
    return state


def _claim_keys(ordered: Sequence[dict[str, Any]]) -> list[list[str]]:
    """The merge-order key of the report behind each entry of the merged ``claims`` (same dedup as there)."""
    out: list[list[str]] = []
    seen: set[tuple[str, str, str]] = set()
    for r in ordered:
        for c in r.get("claims") or []:
            key = (str(c.get("kind")), str(c.get("who")), str(r.get("doc_id")))
            if key not in seen:
                seen.add(key)
                out.append(_okey(r))
    return out


def merge_add(
    rec: dict[str, Any], state: dict[str, Any], r: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """``merge_reports(reports + [r])`` and its state from ``rec = merge_reports(reports)`` and
    ``state = merge_state(reports)``, without the reports; None when only a full merge can tell.

    ``rec`` is left unchanged; ``state`` is updated in place (the store decodes a fresh one for each join: a deep
    copy of it would cost as much as the merge). ``r`` must be new to the event (its id not among ``reports``).
    """
    import bisect

    if state.get("v") != STATE_VERSION or not state.get("keys"):
        return None
    if _pkey(r) < state["prim"]:
        return None  # a new leading report: every field taken from the primary changes
    doc = r.get("doc_id")
    doc_ids = {u[3] for u in state["uniq"]["doc_ids"]}
    if not doc or any(p in doc_ids for p in _uniq_parts("doc_ids", r)):
        return None  # claims are deduplicated per document: a second report of one document re-merges
    rec = dict(rec)
    ro = _okey(r)

    if "place" in state and r.get("location"):
        pk = _pkey(r)
        if state["place"] is None or pk < state["place"]:
            for k in _PLACE_FIELDS:
                rec[k] = r.get(k)
            state["place"] = pk
    for k in _FILLABLE:
        if k not in state["fill"] or r.get(k) is None:
            continue
        if k in _BY_ACTOR1 and r.get("actor1") != rec.get("actor1"):
            continue
        cur = state["fill"][k]
        if cur is None or ro < cur:
            if k == "actor1" and r[k] != rec.get("actor1"):
                return None  # which reports may fill inter1 and actor1_ar depends on actor1
            rec[k] = r[k]
            state["fill"][k] = ro

    order = state["order"]
    at = bisect.bisect_left(order, ro)
    order.insert(at, ro)
    if isinstance(rec.get("sources"), list):
        # A record without its list (the store's, which assembles ``sources`` from its report rows when read:
        # see ``sources_of``) is left so: the join then costs nothing per source already in the event.
        rec["sources"] = [*rec["sources"][:at], source_summary(r), *rec["sources"][at:]]
    rec["sources_count"] = len(order)

    parts: dict[str, list[str]] = {}
    for name in _UNIQ_FIELDS:
        entries = state["uniq"][name]
        new = _uniq_parts(name, r)
        if new:
            index = {e[3]: e for e in entries}
            for i, part in enumerate(new):
                key = [*ro, i]
                e = index.get(part)
                if e is None:
                    e = index[part] = [*key, part]
                    entries.append(e)
                elif key < e[:3]:
                    e[:3] = key
            entries.sort(key=lambda e: e[:3])
        parts[name] = [e[3] for e in entries]

    f = int(r.get("fatalities") or 0)
    figs = state["figs"]
    if f > 0:
        figs.insert(bisect.bisect_left(figs, ro, key=lambda x: x[:2]), [*ro, f, _who(source_summary(r))])
    claimed = {(w, n) for w, n in state["claimed"]} | _claimed(r)
    state["claimed"] = [list(p) for p in sorted(claimed, key=_claimed_order)]
    fat = min(x[2] for x in figs) if figs else 0
    rec["fatalities"] = fat
    notes = list(parts["notes"])
    if len({x[2] for x in figs}) > 1 or any(n != fat for _, n in claimed):
        spread = ", ".join(f"{x[2]} ({x[3]})" for x in figs)
        extra = ", ".join(f"{n} (claimed by {w})" for w, n in sorted(claimed, key=_claimed_order))
        notes.append(f"fatalities reported: {spread}{'; ' + extra if extra else ''}; coded {fat}, the lowest")
    inj = r.get("injuries")
    if isinstance(inj, int) and inj > 0 and (state["injuries"] is None or inj < state["injuries"]):
        state["injuries"] = int(inj)
    rec["injuries"] = state["injuries"] if state["injuries"] is not None else state["prim_injuries"]

    new_claims: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for c in r.get("claims") or []:
        ck = (str(c.get("kind")), str(c.get("who")))
        if ck not in seen:
            seen.add(ck)
            new_claims.append({**c, "outlet": r.get("outlet"), "doc_id": doc, "report_id": r["report_id"]})
    if new_claims:
        at = bisect.bisect_left(state["claim_order"], ro)
        state["claim_order"][at:at] = [ro] * len(new_claims)
        if isinstance(rec.get("claims"), list):  # the store's records assemble claims when read, as sources
            rec["claims"] = [*rec["claims"][:at], *new_claims, *rec["claims"][at:]]
    for kind in ("reported_by", "denied_by", "claimed_by"):
        rec[kind] = "; ".join(parts[kind]) or None
    rec["contested"] = bool(rec.get("denied_by"))
    if rec["contested"]:
        notes.append(f"contested: denied by {rec['denied_by']}")
    rec["notes"] = "; ".join(notes) or None
    rec["tags"] = parts["tags"]
    rec["confidence"] = max(float(rec.get("confidence") or 0), float(r.get("confidence") or 0))
    rec["optional"] = bool(rec.get("optional")) and bool(r.get("optional"))
    rec["outlets"] = parts["outlets"]
    rec["doc_ids"] = parts["doc_ids"]
    return rec, state
