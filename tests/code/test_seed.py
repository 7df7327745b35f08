"""The seed article (issue 2): exactly two events, through the whole default pipeline. Reads ../shared at test
time only (skipped when absent); nothing of the article is copied here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rasd.pipeline import default_pipeline
from rasd.pipeline.ingest import read

SEED = "corpus/seed/000_8bebee0848dd25c5.txt"


def _events(shared_dir: Path, published: date | None) -> tuple[str, list[dict]]:
    (doc,) = list(default_pipeline().pipe(read([str(shared_dir / SEED)], published=published)))
    assert doc.drop is None, doc.drop
    return doc.text, [e.to_dict() for e in doc.events]


def test_seed_gives_exactly_two_events(shared_dir: Path) -> None:
    text, evs = _events(shared_dir, date(2023, 9, 20))
    assert [(e["event_type"], e["sub_event_type"]) for e in evs] == [
        ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ("Battles", "Government regains territory"),
    ]
    shelling, capture = evs
    assert shelling["actor1"] == "Military Forces of Azerbaijan"
    assert shelling["actor2"] == "Civilians (Azerbaijan)" and shelling["inter2"] == 7
    assert shelling["civilian_targeting"] is True
    assert shelling["fatalities"] == 7  # 3 women + 2 children + 2 men is a breakdown of the 7
    assert shelling["location"] == "Nagorno-Karabakh" and shelling["country"] == "Azerbaijan"
    assert abs(shelling["latitude"] - 39.82) < 1 and abs(shelling["longitude"] - 46.75) < 1
    assert shelling["reported_by"] == "وكالة الأنباء الأرمينية"
    assert shelling["denied_by"] == "أذربيجان"
    # the evidence is the first body sentence, quoted exactly
    body_first = text.split("\n\n")[2].strip()
    assert shelling["evidence"]["text"] == body_first
    assert capture["actor1"] == "Military Forces of Azerbaijan"
    assert capture["reported_by"] == "وزارة الدفاع في أذربيجان"
    assert capture["event_date"] == "2023-09-19"  # "أمس الثلاثاء" against 2023-09-20


def test_seed_without_publication_date(shared_dir: Path) -> None:
    _, evs = _events(shared_dir, None)
    assert len(evs) == 2
    assert evs[1]["event_date"] is None  # "أمس" cannot be resolved without a publication date
