"""Districts and sub-districts of Syria, Yemen and Iraq (``resources/geo/admin_units.yaml``) in the default
gazetteer: found after a district cue, placed at their seat, and never read from a bare ordinary word."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rasd import resources
from rasd.backends.gazetteer import SqliteGazetteer
from rasd.model import Document, Place
from rasd.pipeline.geocode import geocode_document


def resolved(doc: Document, gz: SqliteGazetteer) -> list[Place]:
    ms, _ = geocode_document(doc, gz)
    doc.mentions.extend(ms)
    return [m.value for m in ms]


def test_resource_form() -> None:
    units = resources.load("geo/admin_units.yaml")["units"]
    assert len(units) > 1000
    seen = set()
    for pc, level, iso, en, ar, a1, _a2, lat, lon in units:
        assert pc not in seen and pc.startswith(iso if iso != "IQ" else "IQG"), pc
        seen.add(pc)
        assert level in (1, 2, 3) and iso in ("SY", "YE", "IQ") and en and ar and a1
        assert 12 <= lat <= 38 and 35 <= lon <= 55, (pc, lat, lon)


@pytest.mark.parametrize(
    ("text", "name", "iso", "pcode"),
    [
        # Yemeni districts without a GeoNames town of their name.
        ("قتل جنديان في مديرية الشعيب بمحافظة الضالع اليمنية.", "Ash Shu'ayb", "YE", "YE3004"),
        ("تجددت المعارك في مديرية الحيمة الخارجية غرب صنعاء.", "Al Haymah Al Kharijiyah", "YE", "YE2309"),
        # An Iraqi nahiya (sub-district).
        ("انفجرت عبوة ناسفة في ناحية العظيم شمال بعقوبة العراقية.", None, "IQ", "IQG10"),
        # A Syrian sub-district.
        ("قصفت الطائرات ناحية الهول شرق الحسكة السورية.", None, "SY", "SY08"),
    ],
)
def test_district_after_a_district_cue(
    gz: SqliteGazetteer, analysed: Callable[..., Document], text: str, name: str | None, iso: str, pcode: str
) -> None:
    ps = resolved(analysed(text), gz)
    first = ps[0]
    assert first.iso == iso, [(p.name_ar, p.name, p.iso) for p in ps]
    assert any(v.startswith(pcode) for v in first.pcodes.values()), first.pcodes
    if name:
        assert first.name == name
        assert first.geo_precision == 2


def test_district_named_after_its_seat_is_placed_at_the_seat(
    gz: SqliteGazetteer, analysed: Callable[..., Document]
) -> None:
    # قضاء البعاج: the district's centre lies ~40 km south of the town of al-Ba'aj, where ACLED puts it.
    ps = resolved(analysed("هاجم مسلحون قرية في قضاء البعاج غرب الموصل العراقية."), gz)
    baaj = next(p for p in ps if p.feature == "admin2")
    assert baaj.latitude is not None and baaj.latitude > 35.95, baaj
    assert baaj.pcodes.get("admin2", "").startswith("IQG")


@pytest.mark.parametrize(
    "text",
    [
        # صباح (morning), دجلة (the Tigris), الدير, كنعان are also Yemeni/Iraqi sub-district names.
        "وقال مسؤول يمني صباح اليوم إن المفاوضات ستستأنف.",
        "وعبرت القوات العراقية نهر دجلة قرب الموصل.",
        "وقال بيان عراقي إن كنعان والدير أسماء معروفة.",
    ],
)
def test_bare_word_is_no_district(gz: SqliteGazetteer, analysed: Callable[..., Document], text: str) -> None:
    ps = resolved(analysed(text), gz)
    assert not any(p.gazetteer_id and p.gazetteer_id.startswith("adm:") for p in ps), [(p.name_ar, p.name) for p in ps]


def test_city_district_does_not_replace_the_city(gz: SqliteGazetteer, analysed: Callable[..., Document]) -> None:
    # Yemen has districts called "مدينة البيضاء" and "مدينة المكلا": the words name the city, at precision 1.
    ps = resolved(analysed("قتل ثلاثة في انفجار وسط مدينة المكلا اليمنية."), gz)
    assert ps and ps[0].feature == "populated_place", [(p.name_ar, p.name, p.feature) for p in ps]


@pytest.mark.parametrize(
    ("key", "iso", "name"),
    [
        ("ملاطية", "TR", "Malatya"),
        ("سعرت", "TR", "Siirt"),
        ("ولاية وان", "TR", "Van"),
        ("بروان", "AF", "Parwan"),
        ("شبيلي السفلى", "SO", "Lower Shebelle"),
        ("عكار", "LB", "Akkar"),
        ("الزاوية", "LY", "Zawiya"),
    ],
)
def test_arabic_names_of_turkish_and_afghan_provinces(gz: SqliteGazetteer, key: str, iso: str, name: str) -> None:
    from rasd.backends.gazetteer.base import name_key

    got = [(e.iso, e.name) for e in gz.lookup(name_key(key)) if e.kind == "admin1"]
    assert (iso, name) in got, got


def test_machine_translated_native_names_are_dropped(gz: SqliteGazetteer) -> None:
    # countrystatecity gives Parwan the native name ایوان ("hall") and Paktia بسته ("closed").
    from rasd.backends.gazetteer.base import name_key

    # Lebanon's North and South came as شمال and جنوب, Libya's Zawiya as the common noun زاوية.
    for word in ("ایوان", "بسته", "وان", "شمال", "جنوب", "زاوية", "ناباتيه"):
        assert not [e for e in gz.lookup(name_key(word)) if e.kind == "admin1" and e.iso in ("AF", "TR", "LB", "LY")], (
            word
        )


def test_valley_named_by_an_ordinary_word_in_the_article_country(
    gz: SqliteGazetteer, analysed: Callable[..., Document]
) -> None:
    # عمد is also "pillars / on purpose"; after وادي, in a Yemeni story, it is the Hadramawt district.
    ps = resolved(analysed("قصفت الطائرات مواقع في وادي عمد بمحافظة حضرموت اليمنية."), gz)
    assert any(p.name_ar == "وادي عمد" and p.iso == "YE" for p in ps), [(p.name_ar, p.name) for p in ps]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # Algeria's In Salah came as "في صلاح" and ate "في صلاح الدين"; the town Pirmam near Erbil is also
        # called صلاح الدين, but the bare name is the province (the town lies outside it).
        ("قتل جنود عراقيون في هجمات في صلاح الدين.", "Salah al-Din", "admin1"),
        # An Iraqi sub-district named واسط must not hide the province of the same name.
        ("قتل جنود عراقيون في هجمات في واسط.", None, "admin1"),
    ],
)
def test_bare_province_name_beats_namesakes(
    gz: SqliteGazetteer, analysed: Callable[..., Document], text: str, name: str | None, kind: str
) -> None:
    ps = resolved(analysed(text), gz)
    assert ps and ps[0].iso == "IQ" and ps[0].feature == kind, [(p.name_ar, p.name, p.feature) for p in ps]
    if name:
        assert ps[0].name == name


def test_province_does_not_borrow_a_district_pcode(gz: SqliteGazetteer, analysed: Callable[..., Document]) -> None:
    ps = resolved(analysed("قتل ثلاثة في مديرية الشعيب بمحافظة الضالع اليمنية."), gz)
    prov = next(p for p in ps if p.feature == "admin1")
    assert "admin2" not in prov.pcodes and prov.pcodes.get("admin1") == "YE30", prov.pcodes
