#!/usr/bin/env python3
"""Generate a database of synthetic events, for load tests of the API and for trying the web map at scale.

Every document is a short Arabic report assembled from phrases written for this script (no corpus text),
with one to three coded events whose evidence spans point into it. Output is deterministic for a given
``--seed``.

    python scripts/gen_events.py --db sqlite:///bench/out/load.sqlite --events 100000

Two ways to write:
- ``--via-store``: the store's own ``write()``, one transaction per document with cross-source dedup, exactly
  what an ingest makes. About 13 ms a report here, and slower as the database grows (dedup reads the
  candidates of each report), so 100,000 events take the better part of an hour on a shared 2-core machine.
- bulk (the default): the same rows, built with the store's own record builders (``report_records``,
  ``dedup.merge_reports``) and inserted into the store's tables a few thousand at a time, with every report its
  own event (no dedup). 100,000 events in a couple of minutes. What the read API costs does not depend on how
  the rows were inserted. tests/api/test_api_gen_events.py checks that both ways give records of one shape.

Events land on ~80 places across the Arab world and neighbours, over ``--days`` days, with ACLED's type mix
roughly as in the region (many strikes and clashes, fewer riots). Report dates and places are spread enough
that cross-source dedup merges only a few percent of reports, like real data.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

# (English name, Arabic name, country, ISO2, admin1, lat, lon)
PLACES: list[tuple[str, str, str, str, str, float, float]] = [
    ("Aleppo", "حلب", "Syria", "SY", "Aleppo", 36.2021, 37.1343),
    ("Idlib", "إدلب", "Syria", "SY", "Idlib", 35.9306, 36.6339),
    ("Tall Rifat", "تل رفعت", "Syria", "SY", "Aleppo", 36.4698, 37.0964),
    ("Deir ez-Zor", "دير الزور", "Syria", "SY", "Deir ez-Zor", 35.3359, 40.1408),
    ("Daraa", "درعا", "Syria", "SY", "Daraa", 32.6189, 36.1021),
    ("Homs", "حمص", "Syria", "SY", "Homs", 34.7324, 36.7137),
    ("Raqqa", "الرقة", "Syria", "SY", "Ar-Raqqa", 35.9528, 39.0079),
    ("Damascus", "دمشق", "Syria", "SY", "Damascus", 33.5138, 36.2765),
    ("Baghdad", "بغداد", "Iraq", "IQ", "Baghdad", 33.3152, 44.3661),
    ("Mosul", "الموصل", "Iraq", "IQ", "Ninewa", 36.34, 43.13),
    ("Kirkuk", "كركوك", "Iraq", "IQ", "Kirkuk", 35.4681, 44.3922),
    ("Basra", "البصرة", "Iraq", "IQ", "Basrah", 30.5085, 47.7804),
    ("Ramadi", "الرمادي", "Iraq", "IQ", "Anbar", 33.4258, 43.2992),
    ("Sanaa", "صنعاء", "Yemen", "YE", "Amanat al Asimah", 15.3694, 44.191),
    ("Aden", "عدن", "Yemen", "YE", "Aden", 12.7855, 45.0187),
    ("Taiz", "تعز", "Yemen", "YE", "Taizz", 13.5795, 44.0209),
    ("Marib", "مأرب", "Yemen", "YE", "Marib", 15.4543, 45.3263),
    ("Sadah", "صعدة", "Yemen", "YE", "Sadah", 16.9402, 43.7639),
    ("Hodeidah", "الحديدة", "Yemen", "YE", "Al Hudaydah", 14.7978, 42.9545),
    ("Gaza", "غزة", "Palestine", "PS", "Gaza Strip", 31.5017, 34.4668),
    ("Khan Yunis", "خان يونس", "Palestine", "PS", "Gaza Strip", 31.3402, 34.3063),
    ("Rafah", "رفح", "Palestine", "PS", "Gaza Strip", 31.2969, 34.2455),
    ("Jenin", "جنين", "Palestine", "PS", "West Bank", 32.4594, 35.2956),
    ("Nablus", "نابلس", "Palestine", "PS", "West Bank", 32.2211, 35.2544),
    ("Hebron", "الخليل", "Palestine", "PS", "West Bank", 31.5326, 35.0998),
    ("Tyre", "صور", "Lebanon", "LB", "South", 33.2705, 35.2038),
    ("Nabatieh", "النبطية", "Lebanon", "LB", "Nabatieh", 33.3789, 35.4839),
    ("Beirut", "بيروت", "Lebanon", "LB", "Beirut", 33.8938, 35.5018),
    ("Tripoli (LB)", "طرابلس", "Lebanon", "LB", "North", 34.4367, 35.8497),
    ("Khartoum", "الخرطوم", "Sudan", "SD", "Khartoum", 15.5007, 32.5599),
    ("Omdurman", "أم درمان", "Sudan", "SD", "Khartoum", 15.6445, 32.4777),
    ("El Fasher", "الفاشر", "Sudan", "SD", "North Darfur", 13.6279, 25.3494),
    ("Nyala", "نيالا", "Sudan", "SD", "South Darfur", 12.05, 24.8833),
    ("El Obeid", "الأبيض", "Sudan", "SD", "North Kordofan", 13.1843, 30.2167),
    ("Wad Madani", "ود مدني", "Sudan", "SD", "Gezira", 14.4012, 33.5199),
    ("El Geneina", "الجنينة", "Sudan", "SD", "West Darfur", 13.4525, 22.4472),
    ("Tripoli", "طرابلس", "Libya", "LY", "Tripoli", 32.8872, 13.1913),
    ("Benghazi", "بنغازي", "Libya", "LY", "Benghazi", 32.1167, 20.0667),
    ("Misrata", "مصراتة", "Libya", "LY", "Misrata", 32.3754, 15.0925),
    ("Sirte", "سرت", "Libya", "LY", "Sirte", 31.2089, 16.5887),
    ("Mogadishu", "مقديشو", "Somalia", "SO", "Banadir", 2.0469, 45.3182),
    ("Kismayo", "كيسمايو", "Somalia", "SO", "Lower Juba", -0.3582, 42.5454),
    ("Baidoa", "بيدوا", "Somalia", "SO", "Bay", 3.1138, 43.6498),
    ("Beledweyne", "بلدوين", "Somalia", "SO", "Hiraan", 4.7358, 45.2036),
    ("Cairo", "القاهرة", "Egypt", "EG", "Cairo", 30.0444, 31.2357),
    ("Alexandria", "الإسكندرية", "Egypt", "EG", "Alexandria", 31.2001, 29.9187),
    ("El Arish", "العريش", "Egypt", "EG", "North Sinai", 31.1321, 33.8033),
    ("Tunis", "تونس", "Tunisia", "TN", "Tunis", 36.8065, 10.1815),
    ("Sfax", "صفاقس", "Tunisia", "TN", "Sfax", 34.7406, 10.7603),
    ("Kasserine", "القصرين", "Tunisia", "TN", "Kasserine", 35.1676, 8.8365),
    ("Algiers", "الجزائر", "Algeria", "DZ", "Algiers", 36.7538, 3.0588),
    ("Rabat", "الرباط", "Morocco", "MA", "Rabat-Sale-Kenitra", 34.0209, -6.8416),
    ("Casablanca", "الدار البيضاء", "Morocco", "MA", "Casablanca-Settat", 33.5731, -7.5898),
    ("Amman", "عمان", "Jordan", "JO", "Amman", 31.9539, 35.9106),
    ("Riyadh", "الرياض", "Saudi Arabia", "SA", "Riyadh", 24.7136, 46.6753),
    ("Jazan", "جازان", "Saudi Arabia", "SA", "Jazan", 16.8894, 42.5706),
    ("Manama", "المنامة", "Bahrain", "BH", "Capital", 26.2235, 50.5876),
    ("Kabul", "كابول", "Afghanistan", "AF", "Kabul", 34.5553, 69.2075),
    ("Kandahar", "قندهار", "Afghanistan", "AF", "Kandahar", 31.628, 65.7372),
    ("Stepanakert", "ستيباناكيرت", "Azerbaijan", "AZ", "Nagorno-Karabakh", 39.8152, 46.7519),
    ("Bamako", "باماكو", "Mali", "ML", "Bamako", 12.6392, -8.0029),
    ("Gao", "غاو", "Mali", "ML", "Gao", 16.2666, -0.0402),
    ("Kherson", "خيرسون", "Ukraine", "UA", "Kherson", 46.6354, 32.6169),
    ("Kharkiv", "خاركيف", "Ukraine", "UA", "Kharkiv", 49.9935, 36.2304),
]

# (type, sub-type, weight, Arabic trigger phrase, whether it kills)
TYPES: list[tuple[str, str, int, str, bool]] = [
    ("Explosions/Remote violence", "Air/drone strike", 20, "شنت طائرات مسيرة غارة على", True),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 18, "سقطت قذائف مدفعية على", True),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 5, "انفجرت عبوة ناسفة في", True),
    ("Explosions/Remote violence", "Suicide bomb", 1, "فجر انتحاري حزاما ناسفا في", True),
    ("Battles", "Armed clash", 22, "اندلعت اشتباكات مسلحة في", True),
    ("Battles", "Non-state actor overtakes territory", 2, "سيطر مسلحون على مواقع قرب", False),
    ("Violence against civilians", "Attack", 9, "أطلق مسلحون النار على مدنيين في", True),
    ("Violence against civilians", "Abduction/forced disappearance", 2, "خطف مسلحون مدنيين في", False),
    ("Protests", "Peaceful protest", 12, "تظاهر مئات المواطنين في", False),
    ("Protests", "Protest with intervention", 3, "فرقت قوات الأمن مظاهرة في", False),
    ("Riots", "Violent demonstration", 2, "اندلعت أعمال شغب في", False),
    ("Strategic developments", "Arrests", 4, "اعتقلت قوات الأمن عددا من الأشخاص في", False),
]

ACTORS: dict[str, list[tuple[str, int, str]]] = {
    "SY": [
        ("Military Forces of Syria", 1, "الجيش السوري"),
        ("Hayat Tahrir al-Sham", 2, "هيئة تحرير الشام"),
        ("Military Forces of Turkey", 8, "القوات التركية"),
        ("SDF: Syrian Democratic Forces", 2, "قوات سوريا الديمقراطية"),
    ],
    "IQ": [("Military Forces of Iraq", 1, "الجيش العراقي"), ("Islamic State (Iraq)", 2, "تنظيم الدولة")],
    "YE": [("Ansar Allah", 2, "جماعة الحوثي"), ("Military Forces of Saudi Arabia", 8, "التحالف")],
    "PS": [("Military Forces of Israel", 8, "الجيش الإسرائيلي"), ("Hamas Movement", 2, "حركة حماس")],
    "LB": [("Military Forces of Israel", 8, "الجيش الإسرائيلي"), ("Hezbollah", 2, "حزب الله")],
    "SD": [("Military Forces of Sudan", 1, "الجيش السوداني"), ("Rapid Support Forces", 2, "قوات الدعم السريع")],
    "LY": [("Libyan National Army", 2, "الجيش الوطني الليبي"), ("Military Forces of Libya", 1, "قوات حكومة الوحدة")],
    "SO": [("Al Shabaab", 2, "حركة الشباب"), ("Military Forces of Somalia", 1, "الجيش الصومالي")],
    "AZ": [("Military Forces of Azerbaijan", 1, "الجيش الأذربيجاني")],
    "UA": [("Military Forces of Russia", 8, "القوات الروسية"), ("Military Forces of Ukraine", 1, "القوات الأوكرانية")],
}
DEFAULT_ACTORS = [("Police Forces", 1, "قوات الأمن"), ("Unidentified Armed Group", 3, "مسلحون مجهولون")]
OUTLETS = ["وكالة الأنباء أ", "صحيفة الخبر", "إذاعة المدينة", "قناة الأخبار", "موقع الرصد", "وكالة الشرق"]
REPORTERS = ["مصادر محلية", "مصادر طبية", "شهود عيان", "المرصد المحلي لحقوق الإنسان", "متحدث عسكري"]
NUMBER_WORDS = {1: "شخص واحد", 2: "شخصين", 3: "ثلاثة أشخاص", 4: "أربعة أشخاص", 5: "خمسة أشخاص"}


def _killed(n: int) -> str:
    return NUMBER_WORDS.get(n) or f"{n} أشخاص"


def documents(days: int, seed: int, start: date) -> Iterator[Any]:
    """An endless stream of documents (``rasd.model.Document``), each with one to three coded events."""
    from rasd.model import Actor, Claim, Document, Event, Place, Span, content_id

    rng = random.Random(seed)
    weights = [t[2] for t in TYPES]
    k = 0
    while True:
        k += 1
        n_here = rng.choice((1, 1, 1, 2, 2, 3))
        outlet = rng.choice(OUTLETS)
        published = start + timedelta(days=rng.randrange(days))
        parts: list[str] = []
        specs = []
        for _ in range(n_here):
            place = rng.choice(PLACES)
            typ = rng.choices(TYPES, weights=weights)[0]
            actors = ACTORS.get(place[3], DEFAULT_ACTORS)
            a1 = rng.choice(actors)
            dead = rng.choice((0, 0, 1, 1, 2, 3, 4, 5, 7, 12, 25)) if typ[4] else 0
            reporter = rng.choice(REPORTERS)
            when = published - timedelta(days=rng.choice((0, 0, 1, 1, 2)))
            sentence = f"{typ[3]} {place[1]} ونسب الهجوم إلى {a1[2]}"
            if dead:
                sentence += f"، ما أسفر عن مقتل {_killed(dead)}"
            sentence += f"، بحسب {reporter}."
            specs.append((len(" ".join(parts)) + (1 if parts else 0), sentence, place, typ, a1, dead, reporter, when))
            parts.append(sentence)
        # A serial number keeps every document's content (and so its id) distinct.
        text = " ".join(parts) + f"\nتقرير رقم {k} من {outlet}."
        doc = Document(
            id=content_id(text),
            text=text,
            title=f"{specs[0][3][1]} - {specs[0][2][1]}",
            source=outlet,
            published=published,
            url=f"https://news.example/{k}",
            language="ar",
        )
        doc.sentences = []
        for i, (off, sentence, place, typ, a1, dead, reporter, when) in enumerate(specs):
            ev_span = Span.of(text, off, off + len(sentence))
            doc.sentences.append(ev_span)
            r_at = text.index(reporter, off)
            lat = place[5] + rng.uniform(-0.05, 0.05)
            lon = place[6] + rng.uniform(-0.05, 0.05)
            doc.events.append(
                Event(
                    event_type=typ[0],
                    sub_event_type=typ[1],
                    evidence=ev_span,
                    event_date=when,
                    time_precision=1,
                    actor1=Actor(a1[0], a1[1], text_ar=a1[2]),
                    place=Place(
                        place[0], place[1], place[2], place[3], place[4], latitude=lat, longitude=lon, geo_precision=1
                    ),
                    fatalities=dead,
                    claims=[
                        Claim(
                            "reported_by",
                            reporter,
                            Span.of(text, r_at, r_at + len(reporter)),
                            {"fatalities": dead} if dead else {},
                        )
                    ],
                    spans={"trigger": [Span.of(text, off, off + len(typ[3].split()[0]))]},
                    id=f"{doc.id}-{i}",
                    doc_id=doc.id,
                )
            )
        yield doc


def bulk_write(store: Any, docs: list[Any], run_id: str, seq0: int, seen: dict[str, set[str]]) -> int:
    """Insert ``docs`` and one event per report in one transaction; returns the number of events."""
    from rasd.backends.store import schema as S
    from rasd.backends.store import sql as Q
    from rasd.pipeline import dedup

    now = S.now()
    rows: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("sources", "documents", "places", "actors", "events", "es")
    }
    fts: list[tuple[str, str]] = []
    seq = seq0
    for doc in docs:
        sid = Q.source_id(doc.source)
        if sid and sid not in seen["sources"]:
            seen["sources"].add(sid)
            rows["sources"].append({"id": sid, "name": doc.source, "domain": "news.example"})
        text = doc.text
        raw = text.encode("utf-8")
        key = Q._fold(f"{doc.title or ''}\n{text}")
        rows["documents"].append(
            {
                "id": doc.id,
                "path": doc.path,
                "url": doc.url,
                "canonical_url": None,
                "source_id": sid,
                "title": doc.title,
                "published": doc.published,
                "published_from": "input",
                "language": "ar",
                "fetched_at": None,
                "raw_z": Q._compress(raw),
                "raw_size": len(raw),
                "text_z": Q._compress(raw),
                "text_key": key if store.dialect == "postgresql" else None,
                "drop_stage": None,
                "drop_reason": None,
                "drop_detail": None,
                "duplicate_of": None,
                "record": Q._drop_dict(doc),
                "n_events": len(doc.events),
                "run_id": run_id,
                "ingested_at": now,
            }
        )
        fts.append((doc.id, key))
        for r in Q.report_records(doc):
            seq += 1
            eid = dedup.event_id_for(r["report_id"])
            rec = dedup.merge_reports([r], eid)
            pid = Q.place_id(rec)
            if pid and pid not in seen["places"]:
                seen["places"].add(pid)
                rows["places"].append(
                    {
                        "id": pid,
                        "name": rec.get("location"),
                        "country": rec.get("country"),
                        "iso": rec.get("iso"),
                        "admin1": rec.get("admin1"),
                        "admin2": None,
                        "admin3": None,
                        "latitude": rec.get("latitude"),
                        "longitude": rec.get("longitude"),
                        "geo_precision": rec.get("geo_precision"),
                        "feature": None,
                        "gazetteer_id": None,
                        "pcodes": {},
                    }
                )
            a1 = Q.actor_id(r.get("actor1"))
            if a1 and a1 not in seen["actors"]:
                seen["actors"].add(a1)
                rows["actors"].append(
                    {"id": a1, "name": r["actor1"], "inter": r.get("inter1"), "country": None, "actor_id": None}
                )
            rows["events"].append(
                {
                    "id": eid,
                    "event_type": rec.get("event_type"),
                    "sub_event_type": rec.get("sub_event_type"),
                    "event_date": Q._as_date(rec.get("event_date")),
                    "country": rec.get("country"),
                    "iso": rec.get("iso"),
                    "admin1": rec.get("admin1"),
                    "admin2": rec.get("admin2"),
                    "location": rec.get("location"),
                    "latitude": rec.get("latitude"),
                    "longitude": rec.get("longitude"),
                    "actor1": rec.get("actor1"),
                    "actor2": rec.get("actor2"),
                    "fatalities": rec.get("fatalities"),
                    "sources_count": 1,
                    "place_id": pid,
                    "record": rec,
                    "merged_into": None,
                    "seq": seq,
                    "created_run": run_id,
                    "updated_at": now,
                }
            )
            ev = r.get("evidence") or {}
            rows["es"].append(
                {
                    "id": r["report_id"],
                    "event_id": eid,
                    "doc_id": doc.id,
                    "source_id": sid,
                    "sentence": r.get("sentence"),
                    "evidence_start": ev.get("start"),
                    "evidence_end": ev.get("end"),
                    "family": dedup.family(r.get("event_type"), r.get("sub_event_type")),
                    "event_date": Q._as_date(r.get("event_date")),
                    "published": Q._as_date(r.get("published")),
                    "fatalities": r.get("fatalities"),
                    "place_id": pid,
                    "actor1_id": a1,
                    "actor2_id": None,
                    "minhash": None,
                    "record": r,
                    "run_id": run_id,
                }
            )
    tables = [
        ("sources", S.sources),
        ("documents", S.documents),
        ("places", S.places),
        ("actors", S.actors),
        ("events", S.events),
        ("es", S.event_sources),
    ]
    with store.engine.begin() as c:
        for name, table in tables:
            if rows[name]:
                c.execute(table.insert(), rows[name])
        if store.dialect == "sqlite" and fts:
            c.exec_driver_sql("INSERT INTO documents_fts(doc_id, body) VALUES (?, ?)", fts)
    return seq - seq0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--db", required=True, help="database URL, e.g. sqlite:///bench/out/load.sqlite")
    ap.add_argument(
        "--events", type=int, default=100_000, help="events the store must hold at the end (default 100000)"
    )
    ap.add_argument("--days", type=int, default=730, help="days the events spread over (default 730)")
    ap.add_argument("--start", default="2023-01-01", help="first publication date (default 2023-01-01)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--via-store", action="store_true", help="write through store.write() (slow, with dedup)")
    ap.add_argument("--batch", type=int, default=2000, help="documents per transaction in bulk mode")
    args = ap.parse_args(argv)

    from rasd.backends.store import open_store

    store = open_store(args.db)
    run = store.start_run({"command": "scripts/gen_events.py", "events": args.events, "seed": args.seed})
    t0 = time.perf_counter()
    docs = events = live = 0
    stream = documents(args.days, args.seed, date.fromisoformat(args.start))
    if args.via_store:
        # Reports that dedup merges into an existing event do not add one: generate until enough events exist.
        for doc in stream:
            if live >= args.events:
                break
            doc.events = doc.events[: args.events - live]
            res = store.write([doc], run_id=run)
            docs += 1
            events += len(doc.events)
            live += res.new_events
            if docs % 2000 == 0:
                rate = events / (time.perf_counter() - t0)
                print(
                    f"  {live:,} events from {events:,} reports in {docs:,} documents ({rate:,.0f} reports/s)",
                    file=sys.stderr,
                    flush=True,
                )
    else:
        import sqlalchemy as sa

        from rasd.backends.store import schema as S

        with store.engine.connect() as c:
            seq = int(c.execute(sa.select(sa.func.coalesce(sa.func.max(S.events.c.seq), 0))).scalar_one())
        seen: dict[str, set[str]] = {"sources": set(), "places": set(), "actors": set()}
        with store.engine.connect() as c:
            seen["sources"] = {r[0] for r in c.execute(sa.select(S.sources.c.id))}
            seen["places"] = {r[0] for r in c.execute(sa.select(S.places.c.id))}
            seen["actors"] = {r[0] for r in c.execute(sa.select(S.actors.c.id))}
        while live < args.events:
            batch = []
            n = 0
            for doc in stream:
                if live + n >= args.events:
                    break
                doc.events = doc.events[: args.events - live - n]
                batch.append(doc)
                n += len(doc.events)
                if len(batch) >= args.batch:
                    break
            wrote = bulk_write(store, batch, run, seq, seen)
            seq += wrote
            live += wrote
            events += wrote
            docs += len(batch)
            rate = events / (time.perf_counter() - t0)
            print(f"  {live:,} events in {docs:,} documents ({rate:,.0f} events/s)", file=sys.stderr, flush=True)
    store.finish_run(run, {"documents": docs, "events": events})
    st = store.stats()
    store.close()
    print(
        f"wrote {events:,} reports in {docs:,} documents in {time.perf_counter() - t0:,.0f}s; "
        f"store now has {st.get('events'):,} events from {st.get('reports'):,} reports"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
