"""The one data model of rasd.

Every stage reads a :class:`Document` and adds to it; the CLI, the store, the API and the exports all map
from these classes and never redefine an event. Offsets in every :class:`Span` index ``Document.text``, the
display text, which is never normalised: matching happens on a key with an offset map back to it
(``rasd.lang.ar.normalize``), so evidence always quotes the article exactly.

Dataclasses with ``slots`` keep per-mention memory small; a 100k-document ingest creates millions of spans.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

SCHEMA_VERSION = "1"

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
SUB_EVENT_TYPES: dict[str, str] = {sub: et for et, subs in EVENT_TYPES.items() for sub in subs}

# ACLED's disorder_type is a function of the event type (and, for Strategic developments, fixed).
DISORDER_TYPES: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence; Demonstrations",
    "Strategic developments": "Strategic developments",
}

# ACLED inter codes.
INTER_CODES: dict[int, str] = {
    0: "No actor",
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}


def content_id(text: str | bytes) -> str:
    """A stable id for content: the same bytes give the same id on every machine and every run."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(slots=True, frozen=True)
class Span:
    """A half-open range ``[start, end)`` of ``Document.text`` and the text it covers."""

    start: int
    end: int
    text: str = ""

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}:{self.end}")

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Drop:
    """Why a stage refused a document. A dropped document is kept, counted and stored, never discarded."""

    stage: str
    reason: str  # a short machine code, e.g. "binary", "empty", "not_arabic", "duplicate"
    detail: str = ""  # one human line

    def to_dict(self) -> dict[str, str]:
        return {"stage": self.stage, "reason": self.reason, "detail": self.detail}

    def __str__(self) -> str:
        return f"{self.stage}: {self.reason}" + (f" ({self.detail})" if self.detail else "")


@dataclass(slots=True)
class Segment:
    """A labelled part of the text: the article body, its title, or page furniture cut with a reason."""

    span: Span
    kind: str  # "title" | "dateline" | "body" | "furniture"
    reason: str = ""  # for furniture: "comment_form", "ticker", "share", "copyright", "related", "byline"


@dataclass(slots=True)
class Mention:
    """Something found in the text: a number, a date, a trigger, an actor or place name, a reporting verb..."""

    kind: str
    span: Span
    value: Any = None
    sentence: int = -1  # index into Document.sentences
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Place:
    """A resolved location, as ACLED records it."""

    name: str  # English, the most precise named place
    name_ar: str | None = None  # the words of the text
    country: str | None = None
    iso: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None  # 1 town, 2 near a town / part of a region, 3 region only
    feature: str | None = None  # country, admin1, admin2, populated_place, region, natural_feature
    gazetteer_id: str | None = None
    pcodes: dict[str, str] = field(default_factory=dict)
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "location": self.name,
            "location_ar": self.name_ar,
            "country": self.country,
            "iso": self.iso,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "admin3": self.admin3,
            "latitude": None if self.latitude is None else round(self.latitude, 4),
            "longitude": None if self.longitude is None else round(self.longitude, 4),
            "geo_precision": self.geo_precision,
            "gazetteer_id": self.gazetteer_id,
            "pcodes": dict(self.pcodes),
        }


@dataclass(slots=True)
class Actor:
    """An actor in ACLED naming style, with the Arabic words that named it."""

    name: str  # "Military Forces of Azerbaijan", "Civilians (Syria)"
    inter: int  # ACLED inter code
    country: str | None = None
    text_ar: str | None = None
    span: Span | None = None
    actor_id: str | None = None  # key in the actor dictionary


@dataclass(slots=True)
class Claim:
    """Who said what about an event: reported it, denied it, or claimed responsibility for it."""

    kind: str  # "reported_by" | "denied_by" | "claimed_by"
    who: str  # the Arabic words of the text
    span: Span | None = None
    figures: dict[str, int] = field(default_factory=dict)  # what this party said: {"fatalities": 7}


@dataclass(slots=True)
class Event:
    """One ACLED event: one type, one place, one day, the same actors."""

    event_type: str
    sub_event_type: str
    evidence: Span
    event_date: date | None = None
    time_precision: int | None = None  # 1 day, 2 week, 3 month
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actor_1: list[Actor] = field(default_factory=list)
    assoc_actor_2: list[Actor] = field(default_factory=list)
    civilian_targeting: bool = False
    place: Place | None = None
    fatalities: int = 0
    injuries: int | None = None
    claims: list[Claim] = field(default_factory=list)
    spans: dict[str, list[Span]] = field(default_factory=dict)  # field name -> where it came from
    notes: list[str] = field(default_factory=list)
    optional: bool = False  # background: older than a week or a recap
    confidence: float = 1.0
    tags: list[str] = field(default_factory=list)
    id: str = ""
    doc_id: str = ""

    @property
    def disorder_type(self) -> str:
        return DISORDER_TYPES.get(self.event_type, "")

    def claim(self, kind: str) -> str | None:
        for c in self.claims:
            if c.kind == kind:
                return c.who
        return None

    def key(self) -> tuple[Any, ...]:
        """ACLED's identity rule: same sub-type, day, place and actors make the same event."""
        return (
            self.sub_event_type,
            self.event_date,
            self.place.name if self.place else None,
            self.actor1.name if self.actor1 else None,
            self.actor2.name if self.actor2 else None,
        )

    def to_dict(self) -> dict[str, Any]:
        """The output contract of DESIGN.md (and of ``rasd extract --format jsonl``)."""
        p = self.place
        out: dict[str, Any] = {
            "id": self.id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "disorder_type": self.disorder_type,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "time_precision": self.time_precision,
            "actor1": self.actor1.name if self.actor1 else None,
            "actor1_ar": self.actor1.text_ar if self.actor1 else None,
            "inter1": self.actor1.inter if self.actor1 else None,
            "assoc_actor_1": "; ".join(a.name for a in self.assoc_actor_1) or None,
            "actor2": self.actor2.name if self.actor2 else None,
            "actor2_ar": self.actor2.text_ar if self.actor2 else None,
            "inter2": self.actor2.inter if self.actor2 else None,
            "assoc_actor_2": "; ".join(a.name for a in self.assoc_actor_2) or None,
            "civilian_targeting": self.civilian_targeting,
        }
        place = p.to_dict() if p else Place(name="").to_dict() | {"location": None}
        out.update(place)
        out.update(
            {
                "fatalities": self.fatalities,
                "injuries": self.injuries,
                "reported_by": self.claim("reported_by"),
                "denied_by": self.claim("denied_by"),
                "claimed_by": self.claim("claimed_by"),
                "claims": [
                    {"kind": c.kind, "who": c.who, "span": c.span.to_dict() if c.span else None, "figures": c.figures}
                    for c in self.claims
                ],
                "evidence": self.evidence.to_dict(),
                "spans": {k: [s.to_dict() for s in v] for k, v in self.spans.items()},
                "notes": "; ".join(self.notes) or None,
                "optional": self.optional,
                "confidence": round(self.confidence, 3),
                "tags": list(self.tags),
            }
        )
        return out


@dataclass(slots=True)
class Interaction:
    """A verbal interaction (statement, call, condemnation, meeting) coded with a PLOVER type.

    Not an ACLED event, but analysts want them: rasd keeps them in their own list.
    """

    plover: str  # ACCUSE, REQUEST, CONSULT, THREATEN, REJECT, DISAPPROVE, COOPERATE, ...
    source: Actor | None
    target: Actor | None
    evidence: Span
    trigger: Span | None = None
    event_date: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "plover": self.plover,
            "source": self.source.name if self.source else None,
            "source_ar": self.source.text_ar if self.source else None,
            "target": self.target.name if self.target else None,
            "target_ar": self.target.text_ar if self.target else None,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "evidence": self.evidence.to_dict(),
            "trigger": self.trigger.to_dict() if self.trigger else None,
        }


@dataclass(slots=True)
class Document:
    """One article travelling through the pipeline. Stages fill its fields; none replaces it."""

    id: str
    path: str = ""  # input file, plus "#L12" for a JSONL line or "#<uri>" for a WARC record
    raw: bytes | None = None  # the bytes as read, kept for the store
    html: str | None = None
    text: str = ""  # display text: every Span indexes this, never normalised
    title: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    source: str | None = None  # outlet
    byline: str | None = None
    dateline: str | None = None  # the dateline place words: a geocoding hint, not an event location
    published: date | None = None
    published_from: str | None = None  # where the date came from: "html-meta", "json-ld", "url", "text", "warc", "user"
    fetched_at: datetime | None = None
    language: str | None = None
    segments: list[Segment] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    drop: Drop | None = None
    duplicate_of: str | None = None
    near_duplicates: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    view: Any = None  # rasd.lang.ar.normalize.TextView of ``text``: matching key + offset map
    trace: list[str] = field(default_factory=list)  # stages that ran, in order

    @property
    def dropped(self) -> bool:
        return self.drop is not None

    def reject(self, stage: str, reason: str, detail: str = "") -> Document:
        """Mark this document as refused. The first refusal wins: later stages skip it but keep it."""
        if self.drop is None:
            self.drop = Drop(stage, reason, detail)
        return self

    def body_spans(self) -> list[Span]:
        """The parts of the text that are the article (title and body), furniture excluded."""
        if not self.segments:
            return [Span.of(self.text, 0, len(self.text))] if self.text else []
        return [s.span for s in self.segments if s.kind != "furniture"]

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.text, start, end)

    def to_dict(self) -> dict[str, Any]:
        """The per-document record of the output contract."""
        return {
            "id": self.id,
            "path": self.path,
            "url": self.url,
            "title": self.title,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "published_from": self.published_from,
            "language": self.language,
            "dropped": self.drop.to_dict() if self.drop else None,
            "duplicate_of": self.duplicate_of,
            "furniture": [
                {"reason": s.reason, "start": s.span.start, "end": s.span.end}
                for s in self.segments
                if s.kind == "furniture"
            ],
            "events": [e.to_dict() for e in self.events],
            "interactions": [i.to_dict() for i in self.interactions],
        }
