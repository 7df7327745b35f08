"""The store on both backends: writes, idempotency, dedup across outlets, corrections, queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import store_factories as F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.backends.store import EventQuery


def _only(store: Any) -> dict[str, Any]:
    page = store.query_events(EventQuery(limit=100))
    assert page.total == 1, [e["location"] for e in page.items]
    return page.items[0]


def test_two_outlets_same_incident_merge_with_conservative_figure(store: Any) -> None:
    res = store.write([F.report_a(), F.report_b()])
    assert (res.new_documents, res.events, res.new_events, res.merged) == (2, 2, 1, 1)
    ev = _only(store)
    assert ev["sources_count"] == 2
    assert ev["fatalities"] == 5  # the most conservative credible figure
    assert {s["fatalities"] for s in ev["sources"]} == {5, 7}  # every source keeps its own figure
    assert "5 (وكالة الشرق" in ev["notes"] and "7 (صحيفة الغد" in ev["notes"]  # the spread is noted
    assert ev["denied_by"] == "وزارة الدفاع" and ev["contested"] is True
    assert set(ev["reported_by"].split("; ")) == {"مرصد محلي لتوثيق الانتهاكات", "الدفاع المدني"}
    assert ev["actor1"] == "Military Forces of Syria"  # filled from the report that names it
    assert ev["injuries"] == 8
    kinds = {(c["kind"], c["outlet"]) for c in ev["claims"]}
    assert ("denied_by", "صحيفة الغد") in kinds and ("reported_by", "وكالة الشرق") in kinds
    # Each source points at the sentence and span of its own document that reported it.
    for s in ev["sources"]:
        d = store.get_document(s["doc_id"])
        assert d["text"][s["evidence"]["start"] : s["evidence"]["end"]] == s["evidence"]["text"]
        assert s["sentence"] == 0


def test_different_incidents_stay_apart(store: Any) -> None:
    store.write([F.report_a(), F.report_c(), F.report_d(), F.report_b()])
    page = store.query_events(EventQuery(limit=10, sort="sources_count"))
    assert page.total == 3
    assert sorted(e["sources_count"] for e in page.items) == [1, 1, 2]
    assert {e["sub_event_type"] for e in page.items} == {"Shelling/artillery/missile attack", "Arrests"}


def test_wire_copy_from_many_outlets_is_one_event(store: Any) -> None:
    store.write([F.wire(o) for o in ("وكالة أ", "صحيفة ب", "موقع ج", "إذاعة د")])
    ev = _only(store)
    assert ev["sources_count"] == 4 and ev["fatalities"] == 3
    assert ev["outlets"] == sorted(ev["outlets"], key=ev["outlets"].index)  # stable order
    assert len(set(ev["doc_ids"])) == 4
    assert ev["notes"] is None  # same figure everywhere: no spread to note


def test_reingest_changes_nothing(store: Any) -> None:
    docs = [F.report_a(), F.report_b(), F.report_c(), F.dropped()]
    first = store.write(docs)
    before = store.dump()
    again = store.write([F.report_a(), F.report_b(), F.report_c(), F.dropped()])
    assert again.new_documents == 0 and again.new_events == 0 and again.merged == 0
    assert first.new_documents == 4
    assert store.dump() == before


def test_event_ids_are_stable_across_stores_and_orders(store: Any, tmp_path: Any) -> None:
    from rasd.backends.store import open_store

    store.write([F.report_a(), F.report_b(), F.report_d()])
    other = open_store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    try:
        other.write([F.report_a(), F.report_b(), F.report_d()])
        ids = lambda s: sorted(e["id"] for e in s.iter_events(EventQuery()))  # noqa: E731
        assert ids(store) == ids(other)
    finally:
        other.close()


def test_drops_are_stored_with_reasons(store: Any) -> None:
    res = store.write([F.dropped(), F.report_a()])
    assert res.dropped == {"not_arabic": 1}
    st = store.stats()
    assert st["documents"] == 2 and st["dropped"] == {"not_arabic": 1}
    d = store.get_document(F.dropped().id, raw=True)
    assert d["dropped"]["reason"] == "not_arabic" and d["raw"].endswith(b"x")


def test_split_is_kept_by_reruns_and_merge_reverses_it(store: Any) -> None:
    store.write([F.report_a(), F.report_b()])
    ev = _only(store)
    b_report = next(s["report_id"] for s in ev["sources"] if s["outlet"] == "صحيفة الغد")
    new_id = store.split(ev["id"], [b_report], who="analyst", note="different strikes")
    assert new_id != ev["id"]
    assert store.query_events(EventQuery()).total == 2
    assert store.get_event(ev["id"])["fatalities"] == 5 and store.get_event(new_id)["fatalities"] == 7
    # A re-run (reclustering everything, or re-ingesting) keeps the analyst's decision.
    store.recluster()
    store.write([F.report_a(), F.report_b()], force=True)
    assert store.query_events(EventQuery()).total == 2
    assert store.get_event(ev["id"])["sources_count"] == 1
    # A merge undoes it; the merged-away id still resolves.
    ids = [e["id"] for e in store.iter_events(EventQuery())]
    kept = store.merge(ids, who="analyst")
    assert store.query_events(EventQuery()).total == 1
    other = next(i for i in ids if i != kept)
    assert store.get_event(other)["id"] == kept
    store.recluster()
    assert _only(store)["sources_count"] == 2
    kinds = [c["kind"] for c in store.corrections()]
    assert kinds == ["split", "merge"]


def test_split_refuses_bad_requests(store: Any) -> None:
    store.write([F.report_a(), F.report_b()])
    ev = _only(store)
    with pytest.raises(ValueError):
        store.split(ev["id"], ["nope-0"], who="a")
    with pytest.raises(ValueError):
        store.split(ev["id"], [s["report_id"] for s in ev["sources"]], who="a")


def test_recluster_keeps_ids(store: Any) -> None:
    store.write([F.report_a(), F.report_b(), F.report_c(), F.report_d()])
    before = sorted((e["id"], e["sources_count"]) for e in store.iter_events(EventQuery()))
    out = store.recluster()
    assert out["moved_reports"] == 0
    assert sorted((e["id"], e["sources_count"]) for e in store.iter_events(EventQuery())) == before


@pytest.mark.parametrize(
    ("query", "want"),
    [
        (EventQuery(), 3),
        (EventQuery(country="Syria"), 2),
        (EventQuery(country="ye"), 1),
        (EventQuery(event_type="Strategic developments"), 1),
        (EventQuery(event_type="Arrests"), 1),
        (EventQuery(since=date(2020, 1, 1)), 1),
        (EventQuery(until=date(2019, 12, 31)), 2),
        (EventQuery(near=(35.62, 36.57, 10)), 2),  # Kafr Nabl, not Taizz
        (EventQuery(near=(13.58, 44.02, 5)), 1),
        (EventQuery(actor="police"), 1),
        (EventQuery(text="حملة اعتقالات"), 1),
        (EventQuery(text="قصف"), 2),
        (EventQuery(text="كفر نبل غير موجود"), 0),
        (EventQuery(bbox=(36.0, 35.0, 37.0, 36.0)), 2),
    ],
)
def test_queries(store: Any, query: EventQuery, want: int) -> None:
    store.write([F.report_a(), F.report_b(), F.report_c(), F.wire("وكالة أ")])
    page = store.query_events(query)
    assert page.total == want
    assert len(list(store.iter_events(query))) == want


def test_text_search_matches_folded_arabic(store: Any) -> None:
    store.write([F.report_c()])
    # Hamza and teh marbuta variants fold to the same key as the text.
    assert store.query_events(EventQuery(text="الاجهزه الامنيه")).total == 1


def test_pagination_and_sort(store: Any) -> None:
    store.write([F.report_a(), F.report_c(), F.report_d(), F.wire("وكالة أ")])
    p1 = store.query_events(EventQuery(limit=2, offset=0, sort="-event_date"))
    p2 = store.query_events(EventQuery(limit=2, offset=2, sort="-event_date"))
    assert p1.total == p2.total == 4
    ids = [e["id"] for e in p1.items + p2.items]
    assert len(set(ids)) == 4
    assert p1.items[0]["event_date"] == "2020-02-03"
    with pytest.raises(ValueError):
        store.query_events(EventQuery(sort="drop table"))


def test_runs_record_versions_and_counts(store: Any) -> None:
    rid = store.start_run({"command": "test"})
    store.write([F.report_a()], run_id=rid)
    store.finish_run(rid, {"documents": 1})
    runs = store.runs()
    run = next(r for r in runs if r["id"] == rid)
    assert run["status"] == "complete" and run["counts"] == {"documents": 1}
    assert run["code_version"] and isinstance(run["resource_versions"], dict)
    assert store.status()["schema_version"] >= 3


def test_get_event_unknown(store: Any) -> None:
    assert store.get_event("nope") is None and store.get_document("nope") is None


def test_corrections_survive_recomputation(store: Any) -> None:
    store.write([F.report_a()])
    ev = _only(store)
    out = store.correct(
        ev["id"],
        {"fatalities": 6, "event_type": "Violence against civilians", "sub_event_type": "Attack"},
        who="analyst",
        note="checked",
    )
    assert out["changed"] == ["event_type", "fatalities", "sub_event_type"]
    got = store.get_event(ev["id"])
    assert got["fatalities"] == 6 and got["disorder_type"] == "Political violence"
    assert got["corrected_fields"] == ["fatalities", "event_type", "sub_event_type"]
    # A new source joins and dedup recomputes the event: the analyst's values stay.
    store.write([F.report_b()])
    got = store.get_event(ev["id"])
    assert got["sources_count"] == 2 and got["fatalities"] == 6
    store.recluster()
    assert store.get_event(ev["id"])["fatalities"] == 6
    assert store.query_events(EventQuery(event_type="Attack")).total == 1  # indexed columns follow
    assert [c["kind"] for c in store.corrections()] == ["edit"]
    with pytest.raises(ValueError):
        store.correct(ev["id"], {"sources_count": 1}, who="a")
    assert store.counts_by_day() == {"2019-05-10": {"Violence against civilians": 1}}


def test_hostile_values_are_stored_or_dropped_never_fatal(store: Any) -> None:
    from rasd.model import Document

    nul = F.doc(
        "قصف\x00 على بلدة \ud800 كفرنبل", "منفذ\x00", date(2019, 5, 10), [F.shelling(fatalities=2)], title="عنوان\x00"
    )
    long_id = Document(id="x" * 400, path="p", raw=b"abc", text="abc")
    res = store.write([nul, long_id, F.report_a()])
    assert res.documents == 3 and res.new_documents == 3
    assert res.dropped == ({"store_error": 1} if store.dialect == "postgresql" else {})
    d = store.get_document(nul.id)
    assert d["title"] == "عنوان\ufffd" and "\x00" in d["text"]  # the text itself is kept byte for byte
    ev = store.get_event(store.get_document(nul.id)["events"][0]["event_id"])
    src = next(x for x in ev["sources"] if x["doc_id"] == nul.id)
    assert "\x00" not in src["evidence"]["text"] and len(src["evidence"]["text"]) == len(nul.text)
    assert store.stats()["documents"] == 3


def test_migrations_upgrade_an_older_database(tmp_path: Any) -> None:
    import sqlalchemy as sa

    from rasd.backends.store import open_store
    from rasd.backends.store import schema as S

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    eng = sa.create_engine(url)
    with eng.begin() as c:  # a database created by a rasd that knew only the first migration
        S.migrations.create(c)
        S.MIGRATIONS[0][2](c)
        c.execute(S.migrations.insert().values(version=1, name="base tables", applied_at=S.now()))
    eng.dispose()
    s = open_store(url)
    try:
        assert s.status()["schema_version"] == S.SCHEMA_VERSION
        s.write([F.report_c()])
        assert s.query_events(EventQuery(text="اعتقالات")).total == 1  # the FTS table came with migration 2
    finally:
        s.close()
    assert S.migrate(sa.create_engine(url)) == []  # nothing left to apply


def _plan(c: Any, sql: str, *params: Any) -> str:
    return " ".join(str(r[-1]) for r in c.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params))


def test_migration_7_keeps_plans_seeks_as_the_store_grows(tmp_path: Any) -> None:
    """A store from before migration 7, with the statistics an ANALYZE takes on a new store (FTS5's data table:
    "2 rows") and at the end of a run (every event's merged_into NULL): after the upgrade its data reads back
    the same, FTS5's segment deletes seek their rowid range and a tombstone lookup uses an index."""
    import sqlalchemy as sa

    from rasd.backends.store import open_store
    from rasd.backends.store import schema as S

    url = f"sqlite:///{tmp_path / 'v6.sqlite'}"
    s = open_store(url)
    s.write([F.report_a(), F.report_b(), F.report_c()])
    before = (s.dump(), s.query_events(EventQuery()).items, s.query_events(EventQuery(text="اعتقالات")).total)
    s.close()
    eng = sa.create_engine(url)
    with eng.begin() as c:  # back to schema 6, statistics as a finished run of that version left them
        c.exec_driver_sql("DROP INDEX events_merged_into_set")
        c.execute(S.migrations.delete().where(S.migrations.c.version == 7))
        c.exec_driver_sql("ANALYZE")
        # The figures of the 58,000-document store where both were found (3 documents give the same shape).
        c.exec_driver_sql("UPDATE sqlite_stat1 SET stat = '2' WHERE tbl = 'documents_fts_data'")
        c.exec_driver_sql("UPDATE sqlite_stat1 SET stat = '14746 14746' WHERE idx = 'ix_events_merged_into'")
        c.exec_driver_sql("UPDATE sqlite_stat1 SET stat = '14746 14746 114' WHERE idx = 'events_live'")
    eng.dispose()
    with eng.connect() as c:  # statistics are read when a connection opens
        assert "SCAN" in _plan(c, "DELETE FROM documents_fts_data WHERE id >= ? AND id <= ?", 1, 2)
        assert "SCAN" in _plan(c, "SELECT id FROM events WHERE merged_into = ?", "x")
    eng.dispose()
    s = open_store(url)
    try:
        assert s.status()["schema_version"] == S.SCHEMA_VERSION
        after = (s.dump(), s.query_events(EventQuery()).items, s.query_events(EventQuery(text="اعتقالات")).total)
        assert after == before
        with s.engine.connect() as c:
            fts_delete = _plan(c, "DELETE FROM documents_fts_data WHERE id >= ? AND id <= ?", 1, 2)
            assert "SEARCH" in fts_delete and "SCAN" not in fts_delete
            assert "events_merged_into_set" in _plan(c, "SELECT id FROM events WHERE merged_into = ?", "x")
        rid = s.start_run({"command": "test"})
        s.write([F.report_a()], run_id=rid)
        s.finish_run(rid, {})  # PRAGMA optimize: FTS5's tables get no statistics back
        with s.engine.connect() as c:
            n = c.exec_driver_sql("SELECT count(*) FROM sqlite_stat1 WHERE tbl LIKE 'documents_fts%'").scalar()
            assert n == 0
    finally:
        s.close()


def test_report_records_compressed_and_older_text_rows_still_read(tmp_path: Any) -> None:
    """Migration 8: SQLite keeps report records zstd-compressed; a store whose rows hold JSON text (written
    before) reads back the same, and keeps growing, with both kinds of rows side by side."""
    import json

    import sqlalchemy as sa

    from rasd.backends.store import open_store
    from rasd.backends.store import schema as S

    url = f"sqlite:///{tmp_path / 'v7.sqlite'}"
    s = open_store(url)
    s.write([F.report_a(), F.report_c()])
    with s.engine.connect() as c:
        assert {r[0] for r in c.exec_driver_sql("SELECT typeof(record) FROM event_sources")} == {"blob"}
    before = (s.dump(), s.query_events(EventQuery()).items, [s.get_document(d.id) for d in (F.report_a(),)])
    s.close()
    eng = sa.create_engine(url)
    with eng.begin() as c:  # as a rasd before migration 8 wrote them: JSON text
        for rid, raw in c.exec_driver_sql("SELECT id, record FROM event_sources").all():
            text = json.dumps(S.unpack_json(raw), ensure_ascii=False)
            c.exec_driver_sql("UPDATE event_sources SET record = ? WHERE id = ?", (text, rid))
        c.execute(S.migrations.delete().where(S.migrations.c.version == 8))
    eng.dispose()
    s = open_store(url)
    try:
        assert s.status()["schema_version"] == S.SCHEMA_VERSION
        after = (s.dump(), s.query_events(EventQuery()).items, [s.get_document(d.id) for d in (F.report_a(),)])
        assert after == before
        s.write([F.report_b()])  # joins the event of report_a, whose reports are text rows
        with s.engine.connect() as c:
            kinds = {r[0] for r in c.exec_driver_sql("SELECT typeof(record) FROM event_sources")}
        assert kinds == {"blob", "text"}
        doc = s.get_document(F.report_b().id)
        assert doc is not None
        ev = s.get_event(doc["events"][0]["event_id"])
        assert ev is not None and ev["sources_count"] == 2 and len(ev["sources"]) == 2
    finally:
        s.close()


def test_packed_json_round_trip() -> None:
    from rasd.backends.store import schema as S

    value = {"a": "قصف\x00 \ud800", "n": [1, 2.5, None], "t": True, "d": {"x": "y"}}
    assert S.unpack_json(S.pack_json(value)) == value
    assert S.unpack_json('{"a": 1}') == {"a": 1} == S.unpack_json(b'{"a": 1}')


def test_duplicate_dropped_by_extract_counts_as_another_outlet(store: Any) -> None:
    """Extract drops the second identical text of a run as a duplicate; another outlet carrying it is a source."""
    first = F.wire("وكالة أ")
    copy = F.doc(F.WIRE, "صحيفة ب", date(2020, 2, 4), drop=("duplicate", "same text"))
    copy.duplicate_of = first.id
    again = F.doc(F.WIRE, "وكالة أ", date(2020, 2, 3), drop=("duplicate", "same url"))
    again.url = first.url
    again.duplicate_of = first.id
    res = store.write([first, copy, again])
    assert res.dropped == {"duplicate": 2}
    ev = _only(store)
    assert ev["sources_count"] == 2 and ev["outlets"] == ["وكالة أ", "صحيفة ب"]
    assert store.write([first, copy, again]).new_documents == 0


_ALL_DOCS = ("report_a", "report_b", "report_c", "report_d", "dropped")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(_ALL_DOCS), st.integers(0, len(_ALL_DOCS)))
def test_resuming_at_any_point_gives_the_uninterrupted_store(order: list[str], cut: int) -> None:
    """A run stopped after any document and resumed (re-reading everything) equals one uninterrupted run."""
    from rasd.backends.store import MemoryStore

    make = lambda: [getattr(F, n)() for n in order]  # noqa: E731
    whole, resumed = MemoryStore(), MemoryStore()
    try:
        whole.write(make())
        resumed.write(make()[:cut])
        resumed.write(make())  # the re-run reads every input again; stored ones are skipped
        assert resumed.dump() == whole.dump()
    finally:
        whole.close()
        resumed.close()


def test_large_cluster_keeps_absorbing_reports_while_comparing_a_bounded_sample(
    store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wire copy carried by more outlets than dedup compares with still lands in the one event."""
    import rasd.backends.store.sql as sql

    monkeypatch.setattr(sql, "CLUSTER_SAMPLE", 2)
    seen: list[int] = []
    real = sql.dedup.best_cluster

    def spy(report: Any, sig: Any, clusters: dict[str, list[Any]], *a: Any) -> Any:
        seen.extend(len(members) for members in clusters.values())
        return real(report, sig, clusters, *a)

    monkeypatch.setattr(sql.dedup, "best_cluster", spy)
    outlets = ("وكالة أ", "صحيفة ب", "موقع ج", "إذاعة د", "قناة هـ", "نشرة و")
    store.write([F.wire(o) for o in outlets])
    ev = _only(store)
    assert ev["sources_count"] == len(outlets)
    assert seen and max(seen) == 2  # the cluster grew to 5 before the last report, but 2 were compared


def _wire_copy(outlet: str, day: int, fatalities: int, claims: list[Any] | None = None) -> Any:
    """The wire dispatch as one more outlet carried it, on its own publication day and with its own toll."""
    d = F.wire(outlet)
    out = F.doc(F.WIRE + f" ({outlet})", outlet, date(2020, 2, day), [])
    ev = d.events[0]
    ev.fatalities = fatalities
    ev.claims = [F.Claim(k, w, figures=f) for k, w, f in (claims or [])]
    ev.evidence = F.Span.of(out.text, 0, len(F.WIRE))
    out.events.append(ev)
    return out


def test_joins_folded_into_the_stored_event_equal_a_full_merge(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports join events incrementally (dedup.merge_add), corrections included: re-merging every event from its
    reports afterwards changes nothing in the store."""
    import rasd.backends.store.sql as sql

    folded: list[bool] = []
    real = sql.dedup.merge_add

    def spy(*a: Any) -> Any:
        got = real(*a)
        folded.append(got is not None)
        return got

    monkeypatch.setattr(sql.dedup, "merge_add", spy)
    store.write([F.report_a(), F.report_b()])
    ab = _only(store)["id"]
    store.correct(ab, {"fatalities": 2}, who="analyst")
    store.write([F.doc(F.REPORT_A + " ", "موقع ز", date(2019, 5, 11), [F.shelling(fatalities=6)])])
    store.write(
        [
            _wire_copy("وكالة أ", 3, 3),
            _wire_copy("صحيفة ب", 4, 5, [("reported_by", "مصادر طبية", {"fatalities": 6})]),
            _wire_copy("موقع ج", 3, 0),
            _wire_copy("إذاعة د", 2, 4),  # published first: a new leading report, re-merged in full
            _wire_copy("قناة هـ", 3, 8),
            _wire_copy("نشرة و", 4, 3),
        ]
    )
    wire = next(e for e in store.query_events(EventQuery(limit=10)).items if e["id"] != ab)
    gone = wire["sources"][-1]["report_id"]
    store.split(wire["id"], [gone], who="analyst")
    store.write([_wire_copy("موقع ح", 4, 9)])  # joins the event again: folded, the split kept
    assert any(folded) and not all(folded)
    before = store.dump()
    assert any(e["merge_state"] for e in before["events"])
    with store._tx() as c:
        for e in before["events"]:
            if e["merged_into"] is None:
                store._refresh_event(c, e["id"])
    assert store.dump() == before
    assert store.get_event(ab)["fatalities"] == 2  # the analyst's value survives the joins
    assert store.get_event(ab)["sources_count"] == 3
    wire = store.get_event(wire["id"])
    assert wire["sources_count"] == 6 and wire["fatalities"] == 3 and gone not in str(wire["sources"])
    assert "claimed by مصادر طبية" in wire["notes"]


def _wire_event_of_six(store: Any) -> str:
    store.write([_wire_copy(o, d, f) for o, d, f in (("وكالة أ", 3, 3), ("صحيفة ب", 4, 5), ("موقع ج", 3, 0))])
    store.write([_wire_copy("إذاعة د", 2, 4), _wire_copy("قناة هـ", 3, 8), _wire_copy("نشرة و", 4, 3)])
    return str(_only(store)["id"])


def test_event_record_keeps_no_sources_they_are_read_from_its_reports(store: Any) -> None:
    """A join does not rewrite the sources and claims already in the event (their cost grew with the event): the
    stored record holds None there and every read assembles the lists, exactly as a full merge orders them."""
    import sqlalchemy as sa

    from rasd.backends.store import schema as S
    from rasd.pipeline import dedup

    eid = _wire_event_of_six(store)
    store.write([_wire_copy("موقع ح", 4, 9, [("reported_by", "مصادر طبية", {"fatalities": 6})])])  # folded in
    with store.engine.connect() as c:
        stored = c.execute(sa.select(S.events.c.record).where(S.events.c.id == eid)).scalar_one()
        reports = [r[0] for r in c.execute(sa.select(S.event_sources.c.record))]
    assert stored["sources"] is None and stored["claims"] is None and stored["sources_count"] == 7
    full = dedup.merge_reports(reports, eid)
    assert full["claims"] and any(c["outlet"] == "موقع ح" for c in full["claims"])
    got = {k: v for k, v in store.get_event(eid).items() if k != "timestamp"}
    assert got == full and list(got) == list(full)  # same values, same key order
    assert [s["published"] for s in got["sources"]] == sorted(s["published"] for s in got["sources"])
    listed = store.query_events(EventQuery(limit=5)).items[0]
    assert (listed["sources"], listed["claims"]) == (full["sources"], full["claims"])
    exported = next(store.iter_events(EventQuery()))
    assert (exported["sources"], exported["claims"]) == (full["sources"], full["claims"])


def test_record_written_with_its_sources_reads_and_joins_the_same(store: Any) -> None:
    """An event stored by earlier code (its record holding the whole list) reads unchanged, and the next join
    gives the same store as if it had been written by this code."""
    import sqlalchemy as sa

    from rasd.backends.store import MemoryStore
    from rasd.backends.store import schema as S

    eid = _wire_event_of_six(store)
    old = {k: v for k, v in store.get_event(eid).items() if k != "timestamp"}
    assert isinstance(old["sources"], list) and len(old["sources"]) == 6
    with store._tx() as c:
        c.execute(S.events.update().where(S.events.c.id == eid).values(record=old))
    assert {k: v for k, v in store.get_event(eid).items() if k != "timestamp"} == old
    later = _wire_copy("موقع ح", 4, 9)
    store.write([later])
    fresh = MemoryStore()
    _wire_event_of_six(fresh)
    fresh.write([_wire_copy("موقع ح", 4, 9)])
    assert store.dump()["events"] == fresh.dump()["events"]
    with store.engine.connect() as c:
        rec = c.execute(sa.select(S.events.c.record).where(S.events.c.id == eid)).scalar_one()
    assert rec["sources"] is None and rec["claims"] is None


def test_sqlite_store_keeps_a_page_cache_big_enough_for_its_indexes(tmp_path: Any) -> None:
    """A file store asks for SQLITE_CACHE_KB of page cache on every connection (the 2 MB default made each write
    cost more as the store grew)."""
    from rasd.backends.store import open_store
    from rasd.backends.store.sql import SQLITE_CACHE_KB

    s = open_store(f"sqlite:///{tmp_path / 'c.sqlite'}")
    with s.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA cache_size").scalar_one() == -SQLITE_CACHE_KB
    s.close()
