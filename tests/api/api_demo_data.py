"""A small database of events for the API and browser tests: short Arabic passages written for these tests.

Each article names a place, a date, the victims and who reported or denied it, so every panel of the page has
something to show. One article carries markup (<script>, <img onerror>) as text: it must display as text.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rasd.model import Actor, Claim, Document, Event, Place, Span, content_id

INJECTION = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def _find(text: str, needle: str) -> Span:
    i = text.index(needle)
    return Span.of(text, i, i + len(needle))


def _doc(
    text: str,
    *,
    source: str,
    published: date,
    title: str,
    url: str,
    events: list[dict[str, Any]],
) -> Document:
    doc = Document(id=content_id(text), text=text, title=title, source=source, published=published, url=url)
    doc.language = "ar"
    doc.sentences = [Span.of(text, 0, len(text))]
    for i, e in enumerate(events):
        ev = Event(
            event_type=e["type"],
            sub_event_type=e["sub"],
            evidence=_find(text, e["evidence"]),
            event_date=e["date"],
            time_precision=1,
            actor1=Actor(e["actor1"], e.get("inter1", 1), text_ar=e.get("actor1_ar")),
            actor2=Actor(e["actor2"], e.get("inter2", 7)) if e.get("actor2") else None,
            civilian_targeting=e.get("civilian", False),
            place=Place(
                e["place"],
                e.get("place_ar"),
                e["country"],
                e["iso"],
                e.get("admin1"),
                latitude=e["lat"],
                longitude=e["lon"],
                geo_precision=1,
            ),
            fatalities=e.get("fatalities", 0),
            injuries=e.get("injuries"),
            claims=[Claim(k, who, _find(text, who)) for k, who in e.get("claims", [])],
            spans={k: [_find(text, w)] for k, w in e.get("spans", {}).items()},
            id=f"{doc.id}-{i}",
            doc_id=doc.id,
        )
        doc.events.append(ev)
    doc.trace = ["test"]
    return doc


SHELLING = (
    "قصفت القوات التركية بلدة تل رفعت شمال حلب صباح الثلاثاء، ما أدى إلى مقتل سبعة مدنيين بينهم أطفال، "
    "بحسب المرصد السوري لحقوق الإنسان.\n"
    "ونفت أنقرة استهداف المدنيين وقالت إن القصف طال مواقع لمسلحين."
)
SHELLING_2 = (
    "قالت مصادر محلية إن قصفا مدفعيا تركيا استهدف تل رفعت الثلاثاء وأسفر عن مقتل تسعة أشخاص.\nولم يصدر تعليق رسمي فوري."
)
AIRSTRIKE = (
    "شن طيران التحالف غارات جوية على مدينة صعدة أسفرت عن مقتل ثلاثة أشخاص وإصابة خمسة آخرين، وفق مصادر طبية في المدينة."
)
CLASH = (
    "اندلعت اشتباكات عنيفة بين الجيش السوداني وقوات الدعم السريع في مدينة الفاشر، وقتل فيها 12 مقاتلا بحسب شهود عيان."
)
PROTEST = "تظاهر مئات المواطنين أمام مقر البرلمان في تونس العاصمة احتجاجا على غلاء الأسعار."
HOSTILE = "نص المقال يحتوي وسوما: " + INJECTION + "\nوقتل مسلحون مجهولون مدنيين اثنين في خان يونس مساء الأحد."


def demo_documents() -> list[Document]:
    shell = {
        "type": "Explosions/Remote violence",
        "sub": "Shelling/artillery/missile attack",
        "date": date(2023, 9, 19),
        "actor1": "Military Forces of Turkey",
        "inter1": 8,
        "actor1_ar": "القوات التركية",
        "actor2": "Civilians (Syria)",
        "civilian": True,
        "place": "Tall Rifat",
        "place_ar": "تل رفعت",
        "country": "Syria",
        "iso": "SY",
        "admin1": "Aleppo",
        "lat": 36.4698,
        "lon": 37.0964,
    }
    return [
        _doc(
            SHELLING,
            source="Test Wire",
            published=date(2023, 9, 20),
            title="قصف على تل رفعت",
            url="https://example.org/a/1",
            events=[
                shell
                | {
                    "evidence": SHELLING.split("\n")[0],
                    "fatalities": 7,
                    "claims": [("reported_by", "المرصد السوري لحقوق الإنسان"), ("denied_by", "أنقرة")],
                    "spans": {"trigger": "قصفت", "fatalities": "سبعة", "location": "تل رفعت"},
                }
            ],
        ),
        _doc(
            SHELLING_2,
            source="Second Paper",
            published=date(2023, 9, 20),
            title="تل رفعت",
            url="javascript:alert(1)",
            events=[
                shell
                | {"evidence": SHELLING_2.split("\n")[0], "fatalities": 9, "claims": [("reported_by", "مصادر محلية")]}
            ],
        ),
        _doc(
            AIRSTRIKE,
            source="Test Wire",
            published=date(2023, 9, 18),
            title="غارات على صعدة",
            url="https://example.org/a/2",
            events=[
                {
                    "type": "Explosions/Remote violence",
                    "sub": "Air/drone strike",
                    "date": date(2023, 9, 17),
                    "actor1": "Military Forces of Saudi Arabia",
                    "inter1": 8,
                    "actor2": "Civilians (Yemen)",
                    "place": "Sadah",
                    "place_ar": "صعدة",
                    "country": "Yemen",
                    "iso": "YE",
                    "admin1": "Sadah",
                    "lat": 16.9402,
                    "lon": 43.7639,
                    "evidence": AIRSTRIKE,
                    "fatalities": 3,
                    "injuries": 5,
                    "claims": [("reported_by", "مصادر طبية")],
                }
            ],
        ),
        _doc(
            CLASH,
            source="Khartoum Daily",
            published=date(2023, 9, 16),
            title="اشتباكات في الفاشر",
            url="https://example.org/a/3",
            events=[
                {
                    "type": "Battles",
                    "sub": "Armed clash",
                    "date": date(2023, 9, 15),
                    "actor1": "Military Forces of Sudan",
                    "actor2": "Rapid Support Forces",
                    "inter2": 2,
                    "place": "El Fasher",
                    "place_ar": "الفاشر",
                    "country": "Sudan",
                    "iso": "SD",
                    "admin1": "North Darfur",
                    "lat": 13.6279,
                    "lon": 25.3494,
                    "evidence": CLASH,
                    "fatalities": 12,
                    "claims": [("reported_by", "شهود عيان")],
                }
            ],
        ),
        _doc(
            PROTEST,
            source="Tunis Radio",
            published=date(2023, 9, 18),
            title="مظاهرة في تونس",
            url="https://example.org/a/4",
            events=[
                {
                    "type": "Protests",
                    "sub": "Peaceful protest",
                    "date": date(2023, 9, 18),
                    "actor1": "Protesters (Tunisia)",
                    "inter1": 6,
                    "place": "Tunis",
                    "place_ar": "تونس",
                    "country": "Tunisia",
                    "iso": "TN",
                    "admin1": "Tunis",
                    "lat": 36.8065,
                    "lon": 10.1815,
                    "evidence": PROTEST,
                }
            ],
        ),
        _doc(
            HOSTILE,
            source="Gaza Wire <b>bold</b>",
            published=date(2023, 9, 18),
            title="عنوان <script>window.__pwned = 3</script>",
            url="https://example.org/a/5",
            events=[
                {
                    "type": "Violence against civilians",
                    "sub": "Attack",
                    "date": date(2023, 9, 17),
                    "actor1": "Unidentified Armed Group (Palestine)",
                    "inter1": 3,
                    "actor2": "Civilians (Palestine)",
                    "civilian": True,
                    "place": "Khan Yunis",
                    "place_ar": "خان يونس",
                    "country": "Palestine",
                    "iso": "PS",
                    "admin1": "Gaza Strip",
                    "lat": 31.3402,
                    "lon": 34.3063,
                    "evidence": HOSTILE,
                    "fatalities": 2,
                    "spans": {"trigger": "وقتل"},
                }
            ],
        ),
    ]


def build_store(url: str) -> Any:
    """Open the store at ``url`` and write the demo documents into it."""
    from rasd.backends.store import open_store

    store = open_store(url)
    run = store.start_run({"command": "tests/api demo"})
    res = store.write(demo_documents(), run_id=run)
    store.finish_run(run, {"documents": res.documents, "events": res.events})
    return store
