"""Documents with events, built by hand from short Arabic passages written for these tests.

Each passage is invented; none comes from ../shared. The store tests do not depend on the coder: events are
attached directly, so a change in extraction never breaks a storage test.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rasd.model import Actor, Claim, Document, Event, Mention, Place, Span, content_id

# Places used by the tests (approximate coordinates, as a gazetteer would give them).
PLACES: dict[str, Place] = {
    "kafranbel": Place(
        "Kafr Nabl",
        "كفرنبل",
        "Syria",
        "SY",
        "Idlib",
        "Maarrat an-Numan",
        latitude=35.6139,
        longitude=36.5611,
        geo_precision=1,
        feature="populated_place",
        gazetteer_id="gn:170000",
        pcodes={"admin1": "SY07"},
    ),
    "maarrat": Place(
        "Maarrat an-Numan",
        "معرة النعمان",
        "Syria",
        "SY",
        "Idlib",
        "Maarrat an-Numan",
        latitude=35.6481,
        longitude=36.6745,
        geo_precision=1,
        gazetteer_id="gn:170001",
    ),
    "aleppo": Place(
        "Aleppo",
        "حلب",
        "Syria",
        "SY",
        "Aleppo",
        "Jebel Saman",
        latitude=36.2021,
        longitude=37.1343,
        geo_precision=1,
        gazetteer_id="gn:170063",
    ),
    "taiz": Place(
        "Taizz",
        "تعز",
        "Yemen",
        "YE",
        "Taizz",
        "Al Qahirah",
        latitude=13.5795,
        longitude=44.0209,
        geo_precision=1,
        gazetteer_id="gn:70225",
    ),
}

SYRIA = Actor("Military Forces of Syria", 1, "Syria", text_ar="قوات النظام")
CIVILIANS_SY = Actor("Civilians (Syria)", 7, "Syria")


def doc(
    text: str,
    outlet: str,
    published: date,
    events: list[dict[str, Any]] | None = None,
    drop: tuple[str, str] | None = None,
    title: str | None = None,
) -> Document:
    """A processed Document: ``events`` are dicts of Event fields plus ``evidence`` (a substring of ``text``)."""
    raw = f"{outlet}\n{title or ''}\n{text}".encode("utf-8", "surrogatepass")
    d = Document(
        id=content_id(raw),
        path=f"test://{outlet}",
        raw=raw,
        text=text,
        title=title,
        source=outlet,
        url=f"https://{content_id(outlet)[:6]}.example/{content_id(raw)[:8]}",
        published=published,
        language="ar",
    )
    d.sentences = [Span.of(text, 0, len(text))]
    if drop:
        d.reject("extract", drop[0], drop[1])
        return d
    for spec in events or []:
        spec = dict(spec)
        ev_text = spec.pop("evidence", text)
        start = text.index(ev_text)
        claims = [Claim(k, w, figures=f) for k, w, f in spec.pop("claims", [])]
        place = spec.pop("place", None)
        e = Event(
            evidence=Span.of(text, start, start + len(ev_text)),
            claims=claims,
            place=PLACES[place] if place else None,
            **spec,
        )
        d.events.append(e)
        if e.place:
            d.mentions.append(Mention("place", Span.of(text, start, start + 3), e.place, sentence=0))
    d.mentions.append(Mention("number", Span.of(text, 0, 1), 5, sentence=0, attrs={"unit": "killed"}))
    return d


def shelling(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = dict(
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        event_date=date(2019, 5, 10),
        time_precision=1,
        actor1=SYRIA,
        actor2=CIVILIANS_SY,
        civilian_targeting=True,
        place="kafranbel",
    )
    base.update(kw)
    return base


# Two outlets report the same shelling with different death tolls; one cites a monitor, the other a
# rescue service, and a ministry denies targeting civilians.
REPORT_A = (
    "قتل خمسة مدنيين وأصيب ثمانية آخرون في قصف مدفعي استهدف بلدة كفرنبل بريف إدلب الجنوبي صباح اليوم الجمعة، "
    "بحسب ما أفاد به مرصد محلي لتوثيق الانتهاكات."
)
REPORT_B = (
    "أعلن الدفاع المدني مقتل سبعة أشخاص بينهم طفلان جراء قصف مدفعي طال بلدة كفرنبل جنوبي إدلب اليوم، "
    "فيما نفت وزارة الدفاع استهداف أي مناطق سكنية."
)
# A different incident: an arrest campaign in the same town on the same day.
REPORT_C = "شنت الأجهزة الأمنية حملة اعتقالات في بلدة كفرنبل طالت عشرة شبان بتهمة التواصل مع جهات معارضة."
# Another shelling the same day, far away, with unrelated wording.
REPORT_D = "سقطت قذائف صاروخية على أحياء في مدينة حلب مساء اليوم دون أنباء عن إصابات بين السكان."
# Wire copy: one agency's dispatch republished word for word by three outlets.
WIRE = (
    "تعز (وكالات) - قتل ثلاثة مدنيين في قصف استهدف سوقا شعبيا في مدينة تعز اليمنية، وفق مصادر طبية في "
    "المدينة تحدثت للوكالة."
)


def report_a() -> Document:
    return doc(
        REPORT_A,
        "وكالة الشرق",
        date(2019, 5, 10),
        [
            shelling(
                fatalities=5, injuries=8, claims=[("reported_by", "مرصد محلي لتوثيق الانتهاكات", {"fatalities": 5})]
            )
        ],
    )


def report_b() -> Document:
    return doc(
        REPORT_B,
        "صحيفة الغد",
        date(2019, 5, 11),
        [
            shelling(
                event_date=date(2019, 5, 10),
                actor1=None,
                fatalities=7,
                claims=[("reported_by", "الدفاع المدني", {"fatalities": 7}), ("denied_by", "وزارة الدفاع", {})],
            )
        ],
    )


def report_c() -> Document:
    return doc(
        REPORT_C,
        "صحيفة الغد",
        date(2019, 5, 10),
        [
            dict(
                event_type="Strategic developments",
                sub_event_type="Arrests",
                event_date=date(2019, 5, 10),
                actor1=Actor("Police Forces of Syria", 1),
                place="kafranbel",
            )
        ],
    )


def report_d() -> Document:
    return doc(
        REPORT_D,
        "وكالة الشرق",
        date(2019, 5, 10),
        [shelling(place="aleppo", actor1=None, civilian_targeting=False, actor2=None)],
    )


def wire(outlet: str) -> Document:
    return doc(
        WIRE,
        outlet,
        date(2020, 2, 3),
        [
            dict(
                event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack",
                event_date=date(2020, 2, 3),
                actor2=Actor("Civilians (Yemen)", 7),
                civilian_targeting=True,
                place="taiz",
                fatalities=3,
            )
        ],
    )


def dropped() -> Document:
    return doc("x", "مدونة", date(2019, 5, 10), drop=("not_arabic", "language id says en"))
