"""Security-test data: API tokens and a few coded events built from the data model (no pipeline needed)."""

from __future__ import annotations

from datetime import date
from typing import Any

from rasd.model import Actor, Document, Event, Place, Span, content_id

TOKEN = "alice:correct-horse-battery-staple"
OTHER_TOKEN = "bob:another-long-secret-token"

# Short passages of our own: "Seven civilians were killed in shelling on the town", "Protest in the city".
TEXTS = [
    "\N{ARABIC LETTER QAF}\N{ARABIC LETTER TEH}\N{ARABIC LETTER LAM} 7 "
    "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER DAL}\N{ARABIC LETTER NOON}\N{ARABIC LETTER YEH}\N{ARABIC LETTER YEH}"
    "\N{ARABIC LETTER NOON} \N{ARABIC LETTER FEH}\N{ARABIC LETTER YEH} \N{ARABIC LETTER QAF}\N{ARABIC LETTER SAD}"
    "\N{ARABIC LETTER FEH} \N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER BEH}\N{ARABIC LETTER LAM}"
    "\N{ARABIC LETTER DAL}\N{ARABIC LETTER TEH MARBUTA}.",
    "\N{ARABIC LETTER TEH}\N{ARABIC LETTER ZAH}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER HEH}\N{ARABIC LETTER REH}"
    "\N{ARABIC LETTER TEH}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER TEH} \N{ARABIC LETTER FEH}\N{ARABIC LETTER YEH} "
    "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER MEEM}\N{ARABIC LETTER DAL}\N{ARABIC LETTER YEH}"
    "\N{ARABIC LETTER NOON}\N{ARABIC LETTER TEH MARBUTA}.",
]

ROWS: list[dict[str, Any]] = [
    {
        "et": "Explosions/Remote violence",
        "sub": "Shelling/artillery/missile attack",
        "a1": ("Military Forces of Syria (2000-)", 1),
        "a2": ("Civilians (Syria)", 7),
        "place": ("Idlib", "Syria", "SY", "Idlib", 35.93, 36.63),
        "day": date(2024, 3, 4),
        "fat": 7,
        "text": 0,
    },
    {
        "et": "Protests",
        "sub": "Peaceful protest",
        "a1": ("Protesters (Iraq)", 6),
        "a2": None,
        "place": ("Basra", "Iraq", "IQ", "Basra", 30.51, 47.78),
        "day": date(2024, 5, 1),
        "fat": 0,
        "text": 1,
    },
    {
        "et": "Battles",
        "sub": "Armed clash",
        "a1": ("Rapid Support Forces", 2),
        "a2": ("Military Forces of Sudan (2019-)", 1),
        "place": ("El Fasher", "Sudan", "SD", "North Darfur", 13.63, 25.35),
        "day": date(2024, 6, 10),
        "fat": 12,
        "text": 0,
    },
]


def make_doc(i: int, row: dict[str, Any]) -> Document:
    text = TEXTS[row["text"]] + f" ({i})"
    doc = Document(id=content_id(f"sec-{i}-{text}"), path=f"security/{i}.txt", text=text)
    doc.published = row["day"]
    doc.source = "test outlet"
    doc.title = f"title {i}"
    doc.language = "ar"
    doc.sentences = [Span.of(text, 0, len(text))]
    name, country, iso, admin1, lat, lon = row["place"]
    a1 = Actor(row["a1"][0], row["a1"][1], country=country)
    a2 = Actor(row["a2"][0], row["a2"][1], country=country) if row["a2"] else None
    ev = Event(
        event_type=row["et"],
        sub_event_type=row["sub"],
        evidence=Span.of(text, 0, len(text)),
        event_date=row["day"],
        time_precision=1,
        actor1=a1,
        actor2=a2,
        place=Place(name=name, country=country, iso=iso, admin1=admin1, latitude=lat, longitude=lon, geo_precision=1),
        fatalities=row["fat"],
        spans={"trigger": [Span.of(text, 0, 3)]},
    )
    ev.doc_id = doc.id
    ev.id = f"{doc.id}-0"
    doc.events = [ev]
    doc.trace = ["extract", "code"]
    return doc


def seed_docs() -> list[Document]:
    return [make_doc(i, r) for i, r in enumerate(ROWS)]
