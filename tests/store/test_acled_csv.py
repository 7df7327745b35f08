"""ACLED CSV rows from Event.to_dict() output."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from rasd.export.acled_csv import ACLED_COLUMNS, COLUMNS, event_row, interaction, write_csv
from rasd.model import Actor, Claim, Event, Place, Span


def _event() -> Event:
    text = "قتل سبعة مدنيين في قصف على بلدة تل رفعت"
    return Event(
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        evidence=Span.of(text, 0, len(text)),
        event_date=date(2023, 9, 19),
        time_precision=1,
        actor1=Actor("Military Forces of Turkey", 8, text_ar="القوات التركية"),
        actor2=Actor("Civilians (Syria)", 7),
        civilian_targeting=True,
        place=Place(
            "Tall Rifat",
            "تل رفعت",
            "Syria",
            "SY",
            "Aleppo",
            "Azaz",
            latitude=36.4698,
            longitude=37.0964,
            geo_precision=1,
            pcodes={"admin1": "SY02"},
        ),
        fatalities=7,
        claims=[Claim("reported_by", "المرصد السوري"), Claim("denied_by", "أنقرة")],
        tags=["local"],
        id="abc123",
    )


def test_acled_columns_are_acleds_31_in_order() -> None:
    assert len(ACLED_COLUMNS) == 31
    assert ACLED_COLUMNS[0] == "event_id_cnty" and ACLED_COLUMNS[-1] == "timestamp"
    assert COLUMNS[:31] == ACLED_COLUMNS
    assert COLUMNS[31:36] == ("evidence", "reported_by", "denied_by", "claimed_by", "sources_count")


def test_event_row_from_event_to_dict() -> None:
    row = event_row(_event().to_dict())
    assert list(row) == list(COLUMNS)
    assert row["event_id_cnty"] == "SYRabc123"
    assert row["year"] == "2023"
    assert row["disorder_type"] == "Political violence"
    assert row["iso"] == "760" and row["region"] == "Middle East"
    assert row["interaction"] == "78"
    assert row["civilian_targeting"] == "Civilian targeting"
    assert row["latitude"] == "36.4698"
    assert row["fatalities"] == "7"
    assert row["reported_by"] == "المرصد السوري" and row["denied_by"] == "أنقرة"
    assert row["evidence"].startswith("قتل")
    assert row["pcodes"] == "admin1:SY02"
    assert row["sources_count"] == "1"


@pytest.mark.parametrize(
    ("i1", "i2", "want"), [(1, 7, 17), (7, 1, 17), (6, None, 60), (6, 0, 60), (None, None, None), (2, 2, 22)]
)
def test_interaction(i1: int | None, i2: int | None, want: int | None) -> None:
    assert interaction(i1, i2) == want


def test_write_csv_roundtrips_arabic_and_commas() -> None:
    d = _event().to_dict() | {"notes": 'a, b; "c"\nd'}
    buf = io.StringIO()
    assert write_csv([d, d], buf) == 2
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert len(rows) == 2 and rows[0]["notes"] == 'a, b; "c"\nd'
    assert rows[1]["location"] == "Tall Rifat"


def test_missing_place_and_actor2() -> None:
    e = _event()
    e.place = None
    e.actor2 = None
    row = event_row(e.to_dict())
    assert row["iso"] == "" and row["event_id_cnty"] == "XXXabc123"
    assert row["inter2"] == "0" and row["interaction"] == "80"
