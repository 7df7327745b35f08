"""Dates: every regional month family, Hijri, numeric, and relative expressions resolved against publication."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd import resources
from rasd.lang.ar.dates import find_dates, latest_weekday

P = date(2023, 3, 30)  # a Thursday


@pytest.mark.parametrize(
    ("text", "span", "value", "precision", "kind"),
    [
        ("وقع الهجوم في 30 آذار/مارس 2023", "30 آذار/مارس 2023", date(2023, 3, 30), 1, "absolute"),
        ("في 30 آذار (مارس) 2023", "30 آذار (مارس) 2023", date(2023, 3, 30), 1, "absolute"),
        ("في 5 أيلول 2022", "5 أيلول 2022", date(2022, 9, 5), 1, "absolute"),
        ("في 5 تشرين الأول", "5 تشرين الأول", date(2022, 10, 5), 1, "absolute"),
        ("في 2 كانون الثاني 2023", "2 كانون الثاني 2023", date(2023, 1, 2), 1, "absolute"),
        ("يوم 14 جانفي 2021", "14 جانفي 2021", date(2021, 1, 14), 1, "absolute"),
        ("في 3 أفريل 2019", "3 أفريل 2019", date(2019, 4, 3), 1, "absolute"),
        ("في 20 جويلية 2017", "20 جويلية 2017", date(2017, 7, 20), 1, "absolute"),
        ("في 9 شتنبر 2020", "9 شتنبر 2020", date(2020, 9, 9), 1, "absolute"),
        ("في 25 ديسمبر", "25 ديسمبر", date(2022, 12, 25), 1, "absolute"),
        ("في الخامس من مارس", "الخامس من مارس", date(2023, 3, 5), 1, "absolute"),
        ("في 12 رمضان 1444 هـ", "12 رمضان 1444 هـ", date(2023, 4, 3), 1, "absolute"),
        ("في رمضان 1444 هـ", "رمضان 1444 هـ", date(2023, 4, 6), 3, "absolute"),
        ("قتل الليلة الماضية", "الليلة الماضية", date(2023, 3, 29), 1, "relative"),
        ("خلال الساعات الماضية", "الساعات الماضية", P, 1, "relative"),
        ("بتاريخ 12/03/2023", "12/03/2023", date(2023, 3, 12), 1, "absolute"),
        ("الجمعة 3 فيفري 2017", "الجمعة 3 فيفري 2017", date(2017, 2, 3), 1, "absolute"),
        ("اليوم الجمعة، 20 جانفي 2017", "اليوم الجمعة، 20 جانفي 2017", date(2017, 1, 20), 1, "absolute"),
        ("بتاريخ 2023-03-12", "2023-03-12", date(2023, 3, 12), 1, "absolute"),
        # year first with slashes, the Gregorian mark written onto the day
        ("يوم 2023/3/12م", "2023/3/12م", date(2023, 3, 12), 1, "absolute"),
        ("يوم 2023.03.12", "2023.03.12", date(2023, 3, 12), 1, "absolute"),
        ("في يناير/كانون الثاني 2016", "يناير/كانون الثاني 2016", date(2016, 1, 15), 3, "absolute"),
        ("في فبراير/ شباط الماضي", "فبراير/ شباط الماضي", date(2023, 2, 15), 3, "absolute"),
        ("في شهر مارس", "شهر مارس", date(2023, 3, 15), 3, "absolute"),
        ("منتصف إبريل 2013", "منتصف إبريل 2013", date(2013, 4, 15), 2, "absolute"),
        ("نهاية يناير/كانون الثاني", "نهاية يناير/كانون الثاني", date(2023, 1, 31), 2, "absolute"),
        ("في مايو أيار الماضي", "مايو أيار الماضي", date(2022, 5, 15), 3, "absolute"),
        ("يومي 3 و4 أفريل 2016", "3 و4 أفريل 2016", date(2016, 4, 3), 1, "absolute"),
        ("في 5 نيسان المقبل", "5 نيسان المقبل", date(2023, 4, 5), 1, "absolute"),
        ("في 5 آذار الجاري", "5 آذار الجاري", date(2023, 3, 5), 1, "absolute"),
        ("في 29 كانون الثاني الماضي", "29 كانون الثاني الماضي", date(2023, 1, 29), 1, "absolute"),
        ("قتل اليوم", "اليوم", P, 1, "relative"),
        ("قتل أمس", "أمس", date(2023, 3, 29), 1, "relative"),
        ("مساء أمس", "مساء أمس", date(2023, 3, 29), 1, "relative"),
        ("أول أمس", "أول أمس", date(2023, 3, 28), 1, "relative"),
        ("أول من أمس", "أول من أمس", date(2023, 3, 28), 1, "relative"),
        ("فجر اليوم", "فجر اليوم", P, 1, "relative"),
        ("أمس الأربعاء", "أمس الأربعاء", date(2023, 3, 29), 1, "relative"),
        ("صباح اليوم الأحد", "صباح اليوم الأحد", date(2023, 3, 26), 1, "relative"),  # the text's weekday wins
        ("الثلاثاء الماضي", "الثلاثاء الماضي", date(2023, 3, 28), 1, "weekday"),
        ("الخميس الماضي", "الخميس الماضي", date(2023, 3, 23), 1, "weekday"),
        ("يوم الخميس", "يوم الخميس", P, 1, "weekday"),
        ("والسبت", "السبت", date(2023, 3, 25), 1, "weekday"),
        ("ليل الأربعاء الخميس", "ليل الأربعاء الخميس", date(2023, 3, 29), 1, "weekday"),
        ("ليلة الثلاثاء على الأربعاء", "ليلة الثلاثاء على الأربعاء", date(2023, 3, 28), 1, "weekday"),
        # after midnight a night named by two days is its second day, unless that day is after publication
        ("بعد منتصف ليل الثلاثاء - الأربعاء", "بعد منتصف ليل الثلاثاء - الأربعاء", date(2023, 3, 29), 1, "weekday"),
        ("بعد منتصف ليل الخميس - الجمعة", "بعد منتصف ليل الخميس - الجمعة", P, 1, "weekday"),
        ("قتل اليوم (الثلاثاء)", "اليوم (الثلاثاء)", date(2023, 3, 28), 1, "relative"),
        ("في الـ17 من مارس", "الـ17 من مارس", date(2023, 3, 17), 1, "absolute"),
        ("في 17 الجاري", "17 الجاري", date(2023, 3, 17), 1, "relative"),
        ("قبل ثلاثة أيام", "قبل ثلاثة أيام", date(2023, 3, 27), 1, "relative"),
        ("قبل 3 أيام", "قبل 3 أيام", date(2023, 3, 27), 1, "relative"),
        ("قبل يومين", "قبل يومين", date(2023, 3, 28), 1, "relative"),
        ("قبل أسبوع", "قبل أسبوع", date(2023, 3, 23), 2, "relative"),
        ("منذ أيام", "منذ أيام", date(2023, 3, 27), 2, "relative"),
        ("الأسبوع الماضي", "الأسبوع الماضي", date(2023, 3, 23), 2, "relative"),
        ("الشهر الماضي", "الشهر الماضي", date(2023, 2, 15), 3, "relative"),
        ("في الخامس من الشهر الجاري", "الخامس من الشهر الجاري", date(2023, 3, 5), 1, "relative"),
    ],
)
def test_find_dates_table(text: str, span: str, value: date, precision: int, kind: str) -> None:
    refs = find_dates(text, P)
    assert len(refs) == 1, refs
    r = refs[0]
    assert (text[r.start : r.end], r.date, r.precision, r.kind) == (span, value, precision, kind)


@pytest.mark.parametrize(
    "text",
    [
        "مارس الضغط على الحكومة",
        "سيارة نيسان",
        "قتل 5 أشخاص",
        "في صفر المونديال",
        "رمضان كريم",
        "في اليوم التالي",
        "بمناسبة اليوم العالمي للمرأة",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, P) == []


def test_relative_dates_need_a_publication_date() -> None:
    assert find_dates("قتل أمس الثلاثاء", None) == []
    assert [r.date for r in find_dates("في 5 أيلول 2022 وأمس", None)] == [date(2022, 9, 5)]


def test_weekday_rule_of_the_guideline() -> None:
    assert latest_weekday(P, P.weekday()) == P
    assert latest_weekday(P, P.weekday(), strictly_before=True) == date(2023, 3, 23)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("الاثنين المقبل", date(2023, 4, 3)),
        ("مطلع أيلول/سبتمبر المقبل", date(2023, 9, 3)),
        ("في آذار المقبل", date(2024, 3, 15)),
        ("غدا", date(2023, 3, 31)),
    ],
)
def test_future_dates_are_marked(text: str, value: date) -> None:
    (r,) = find_dates(text, P)
    assert r.future and r.date == value


def test_range_limits() -> None:
    text = "أمس. وفي 5 أيلول 2022"
    assert [r.text for r in find_dates(text, P, 5)] == ["5 أيلول 2022"]


MONTHS = resources.load("ar/months.yaml")
FAMILIES = list(MONTHS["gregorian"].values())


@given(st.dates(date(1990, 1, 1), date(2035, 12, 31)), st.sampled_from(FAMILIES), st.sampled_from(FAMILIES), st.data())
def test_any_month_family_parses_to_the_same_date(
    d: date, fam1: list[list[str]], fam2: list[list[str]], data: st.DataObject
) -> None:
    name1 = data.draw(st.sampled_from(fam1[d.month - 1]))
    name2 = data.draw(st.sampled_from(fam2[d.month - 1]))
    for text in (f"في {d.day} {name1} {d.year}", f"في {d.day} {name1}/{name2} {d.year}"):
        refs = find_dates(text, P)
        assert [(r.date, r.precision) for r in refs] == [(d, 1)], text


def test_month_table_agrees_with_dateparser() -> None:
    """Where dateparser's Arabic locale knows a month name, it means the same month as ours."""
    dateparser = pytest.importorskip("dateparser")
    for family in ("egyptian", "maghrebi"):
        for i, names in enumerate(MONTHS["gregorian"][family]):
            for name in names:
                got = dateparser.parse(f"5 {name} 2020", languages=["ar"])
                if got is not None:
                    assert got.month == i + 1, name
