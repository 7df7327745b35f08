"""Place resolution in context: the ambiguities the issue names, cues, precision, refusals, best_place."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.backends.gazetteer import Entry, MemoryGazetteer, SqliteGazetteer
from rasd.model import Document, Place
from rasd.pipeline.base import Pipeline
from rasd.pipeline.geocode import Geocode, best_place, geocode_document, place_mentions


def places(doc: Document, gz: object) -> list[Place]:
    ms, _ = geocode_document(doc, gz)
    doc.mentions.extend(ms)
    return [m.value for m in ms]


def one(ps: list[Place], words: str) -> Place:
    hit = [p for p in ps if p.name_ar and words in p.name_ar]
    assert hit, f"no place on {words!r}: {[(p.name_ar, p.name) for p in ps]}"
    return hit[0]


# (text, words of the place, expected English name, ISO, geo_precision)
CASES = [
    # قره باغ is the Karabakh region, not the Afghan village of the raw gazetteer.
    ("قتل سبعة مدنيين في قصف على إقليم قره باغ.", "قره باغ", "Nagorno-Karabakh", "AZ", 3),
    ("تواصل القصف الأذربيجاني على قره باغ منذ الصباح.", "قره باغ", "Nagorno-Karabakh", "AZ", 3),
    ("سقطت قذائف على ستيباناكرت عاصمة الإقليم.", "ستيباناكرت", "Stepanakert", "AZ", 1),
    # Tripoli: Libya or Lebanon, from the article's countries.
    ("اندلعت اشتباكات في طرابلس شمال لبنان بين مسلحين.", "طرابلس", "Tripoli", "LB", 1),
    ("اندلعت اشتباكات في طرابلس بين ميليشيات ليبية متناحرة.", "طرابلس", "Tripoli", "LY", 1),
    ("اندلعت اشتباكات عنيفة في العاصمة الليبية طرابلس.", "طرابلس", "Tripoli", "LY", 1),
    # Ramadi the Iraqi city (not the Yemeni hamlet); Beit Lahia the town in Gaza.
    ("سيطرت القوات العراقية على مدينة الرمادي.", "الرمادي", "Ramadi", "IQ", 1),
    ("انفجرت عبوة ناسفة في الرمادي صباح اليوم.", "الرمادي", "Ramadi", "IQ", 1),
    ("قصفت المدفعية الإسرائيلية بيت لاهيا.", "بيت لاهيا", "Beit Lahia", "PS", 1),
    # A lone غزة is the Strip; with a town cue it is the city.
    ("شنت طائرات إسرائيلية غارات على غزة.", "غزة", "Gaza Strip", "PS", 3),
    ("استشهد شاب في مدينة غزة.", "مدينة غزة", "Gaza City", "PS", 1),
    ("أطلق الجنود النار شرق مدينة غزة.", "شرق مدينة غزة", "Gaza City", "PS", 2),
    ("استهدفت غارة منزلا في قطاع غزة.", "قطاع غزة", "Gaza Strip", "PS", 3),
    ("قتل ثلاثة في قصف على شمال غزة.", "شمال غزة", "North Gaza", "PS", 2),
    # Countryside and regions.
    ("قصفت قوات النظام بلدات في ريف إدلب الجنوبي.", "ريف إدلب الجنوبي", "Idlib", "SY", 2),
    ("دارت معارك في ريف دمشق.", "ريف دمشق", "Rif Dimashq", "SY", 3),
    ("اقتحمت القوات الإسرائيلية مخيم جنين في الضفة الغربية.", "مخيم جنين", "Jenin Camp", "PS", 1),
    ("تعرضت بلدات في جنوب لبنان لقصف مدفعي.", "جنوب لبنان", "South Lebanon", "LB", 3),
    ("أعلن الحوثيون استهداف سفينة في البحر الأحمر.", "البحر الأحمر", "Red Sea", None, 3),
    ("قتل جنديان في محافظة الحسكة.", "محافظة الحسكة", "Al-Hasakah", "SY", 3),
]


@pytest.mark.parametrize(("text", "words", "name", "iso", "precision"), CASES)
def test_disambiguation_and_precision(
    gz: SqliteGazetteer,
    analysed: Callable[..., Document],
    text: str,
    words: str,
    name: str,
    iso: str | None,
    precision: int,
) -> None:
    p = one(places(analysed(text), gz), words)
    assert p.name == name
    assert p.iso == iso
    assert p.geo_precision == precision
    assert p.latitude is not None and p.longitude is not None


def test_karabakh_coordinates(gz: SqliteGazetteer, analysed: Callable[..., Document]) -> None:
    p = one(places(analysed("تصاعد القتال في ناغورني قره باغ."), gz), "قره باغ")
    assert (round(p.latitude or 0, 2), round(p.longitude or 0, 2)) == (39.82, 46.75)
    assert p.country == "Azerbaijan"


def test_tripoli_flips_with_context_alone(gz: SqliteGazetteer, analysed: Callable[..., Document]) -> None:
    base = "وقعت اشتباكات في طرابلس أمس."
    lb = one(places(analysed(base + " وقالت الحكومة اللبنانية إنها تتابع الوضع في لبنان."), gz), "طرابلس")
    ly = one(places(analysed(base + " وقالت حكومة الوفاق الليبية إنها تتابع الوضع في ليبيا."), gz), "طرابلس")
    assert (lb.iso, ly.iso) == ("LB", "LY")


def test_dateline_is_context(gz: SqliteGazetteer, analysed: Callable[..., Document]) -> None:
    p = one(places(analysed("وقعت اشتباكات في طرابلس أمس.", dateline="بيروت"), gz), "طرابلس")
    assert p.iso == "LB"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("دخل الجيش السوري مدينة الباب.", "الباب"),
        ("وصلت التعزيزات إلى بحلب صباحا.", "حلب"),
        ("تقدم الجيش السوري نحو حماة وإدلب.", "إدلب"),
        ("أرسل الجيش السوري تعزيزات للرقة.", "لرقة"),
    ],
)
def test_clitics_and_cues(gz: SqliteGazetteer, analysed: Callable[..., Document], text: str, words: str) -> None:
    ps = places(analysed(text), gz)
    assert any(p.name_ar and words in p.name_ar for p in ps), [(p.name_ar, p.name) for p in ps]


@pytest.mark.parametrize(
    "text",
    [
        "فتح الباب أمام المفاوضات.",  # الباب: a door, not the Syrian town
        "قال محمد إن الوضع هادئ.",  # a given name
        "أصدرت الحكومة بيانا بشأن وقف إطلاق النار.",  # بيان، وقف: ordinary words that name places elsewhere
        "أكد أنه سيعود إلى البلاد قريبا.",  # بأنه / البلاد
        "طالبت السلطات بفتح تحقيق في الهوية.",
    ],
)
def test_refuses_ordinary_words(gz: SqliteGazetteer, analysed: Callable[..., Document], text: str) -> None:
    assert places(analysed(text), gz) == []


def test_spans_point_into_the_original_text(gz: SqliteGazetteer, analysed: Callable[..., Document]) -> None:
    text = "قُتِلَ ثلاثةٌ في مدينةِ الرَّمادي، وأُصيب آخرون في بيت لاهيا."
    doc = analysed(text)
    for p in places(doc, gz):
        assert p.span is not None
        assert doc.text[p.span.start : p.span.end] == p.span.text == p.name_ar


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            ["في", "مدينة", "قرب", "حلب", "دمشق", "غزة", "،", ".", "الباب", "شمال", "ريف", "قصف", "وبإدلب", " "]
        ),
        max_size=25,
    )
)
def test_invariants_on_any_text(gz: SqliteGazetteer, analysed: Callable[..., Document], words: list[str]) -> None:
    doc = analysed(" ".join(words))
    for p in places(doc, gz):
        assert p.span is not None and doc.text[p.span.start : p.span.end] == p.name_ar
        assert p.geo_precision in (1, 2, 3)
        assert p.latitude is not None and -90 <= p.latitude <= 90


def test_best_place_is_the_most_precise_in_the_sentence(gz: SqliteGazetteer, analysed: Callable[..., Document]) -> None:
    doc = analysed("قصفت الطائرات بلدة خان شيخون في ريف إدلب في سوريا. وقالت الأمم المتحدة إنها قلقة.")
    places(doc, gz)
    p = best_place(doc, 0)
    assert p is not None and p.name == "Khan Shaykhun" and p.geo_precision == 1
    # No place in the second sentence: the article's dominant country, at precision 3.
    q = best_place(doc, 1)
    assert q is not None and q.iso == "SY" and q.geo_precision == 3 and q.latitude is not None
    assert best_place(doc, 1, fallback=False) is None


def test_candidates_and_reasons_are_recorded(gz: SqliteGazetteer, analysed: Callable[..., Document]) -> None:
    doc = analysed("اندلعت اشتباكات في طرابلس شمال لبنان.")
    ms, _ = geocode_document(doc, gz)
    m = next(m for m in ms if m.value.name == "Tripoli")
    isos = {c["country"] for c in m.attrs["candidates"]}
    assert {"Lebanon", "Libya"} <= isos
    assert "country-context(LB)" in m.attrs["why"]
    assert m.kind == "place" and m.sentence == 0


def test_stage_contract(gz: SqliteGazetteer, analysed: Callable[..., Document]) -> None:
    from rasd.pipeline.analyze import Analyze
    from rasd.pipeline.normalize import Normalize

    stage = Geocode(gz)
    assert stage.name == "geocode" and stage.needs == ("view", "sentences") and stage.fills == ("mentions",)
    pipe = Pipeline([Normalize(), Analyze(), stage])
    doc = pipe(Document(id="d", text="قتل مدني في قصف على مدينة الرمادي."))
    assert doc.drop is None and "geocode" in doc.trace
    assert [m.value.name for m in place_mentions(doc)] == ["Ramadi"]


def test_stage_does_not_load_the_gazetteer_until_used() -> None:
    stage = Geocode()
    assert stage._gazetteer is None  # nothing opened at construction (nor at import)


def test_memory_double_context_ranking(analysed: Callable[..., Document]) -> None:
    # Two same-named villages; the one in the country the article names wins, whatever the populations.
    gz = MemoryGazetteer(
        [
            Entry(
                "t:1",
                "Kafr Test A",
                "populated_place",
                name_ar="كفرتست",
                latitude=35.0,
                longitude=36.0,
                iso="SY",
                country="Syria",
                population=900,
            ),
            Entry(
                "t:2",
                "Kafr Test B",
                "populated_place",
                name_ar="كفرتست",
                latitude=33.5,
                longitude=35.5,
                iso="LB",
                country="Lebanon",
                population=9000,
            ),
            Entry(
                "cldr:SY", "Syria", "country", name_ar="سوريا", latitude=35.0, longitude=38.0, iso="SY", country="Syria"
            ),
            Entry(
                "cldr:LB",
                "Lebanon",
                "country",
                name_ar="لبنان",
                latitude=33.8,
                longitude=35.8,
                iso="LB",
                country="Lebanon",
            ),
        ]
    )
    p = one(places(analysed("قصفت الطائرات قرية كفرتست في سوريا."), gz), "كفرتست")
    assert p.gazetteer_id == "t:1"
    p = one(places(analysed("قصفت الطائرات قرية كفرتست في لبنان."), gz), "كفرتست")
    assert p.gazetteer_id == "t:2"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("أعلنت الحكومة أن اليمن يواجه أزمة.", "Yemen"),
        ("قالت مصادر إن إسرائيل نفذت الضربة.", "Israel"),
        ("انفجرت سيارة مفخخة في بغداد وقالت الشرطة العراقية إن الحصيلة ثقيلة.", "Baghdad"),
        ("قصف الطيران أحياء العاصمة الخرطوم.", "Khartoum"),
    ],
)
def test_countries_and_capitals_named_often_are_kept(
    gz: SqliteGazetteer, analysed: Callable[..., Document], text: str, name: str
) -> None:
    # Their corpus counts are high because the corpus names them, not because they are ordinary words.
    assert name in [p.name for p in places(analysed(text), gz)]


def test_no_clitic_after_a_kind_cue(gz: SqliteGazetteer, analysed: Callable[..., Document]) -> None:
    # "قرية بليون" names a village; it must not become ب + ليون (Lyon).
    assert all(p.iso != "FR" for p in places(analysed("اقتحمت القوات قرية بليون في ريف إدلب."), gz))


def test_khartoum_capital_is_the_city(gz: SqliteGazetteer, analysed: Callable[..., Document]) -> None:
    p = one(places(analysed("اندلعت اشتباكات في العاصمة السودانية الخرطوم."), gz), "الخرطوم")
    assert p.feature == "populated_place" and p.geo_precision == 1


@pytest.mark.parametrize(
    "text",
    [
        "قصفت الطائرات مدينة حلب وريف إدلب الجنوبي. وسقطت قذائف على بلدة سراقب قرب حلب. وفي حمص قتل مدنيان.",
        "اندلعت اشتباكات في طرابلس. وقال مسؤول في طرابلس إن الاشتباكات امتدت إلى مصراتة وبنغازي وسرت.",
        "قتل جندي في الرمادي بمحافظة الأنبار، وأصيب آخرون في الفلوجة والرمادي وبغداد.",
    ],
)
def test_ranking_memos_change_nothing(
    gz: SqliteGazetteer, analysed: Callable[..., Document], text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rank's per-name terms kept between the passes (Found.base) and the distance memo (_Near) give the scores
    and reasons of the plain computation."""
    from rasd.pipeline import geocode

    def scored(doc: Document) -> list[object]:
        found, ctx = geocode.resolver(gz).resolve(doc)
        return [(f.key, f.refused, [(s, e.id, why) for s, e, why in f.scored]) for f in found] + [dict(ctx)]

    fast = scored(analysed(text))
    monkeypatch.setattr(geocode, "_RANK_MEMO", False)
    assert scored(analysed(text)) == fast


_CUE_WORDS = (
    "بالقرب", "من", "قرب", "شمال", "شرق", "شرقي", "مدينة", "والمدينة", "بمدينة", "ريف", "وريف", "في", "إلى",
    "محافظة", "بمحافظة", "العاصمة", "السورية", "أطراف", "جنوب", "غربي", "قريتي", "شبه", "جزيرة", "حلب", "x"
)  # fmt: skip


def test_cue_at_equals_its_plain_definition(gz: SqliteGazetteer) -> None:
    """Every pair of cue words, clitics and other words: _cue_at (cached per token type, two-word cues tried only
    from the first words of such cues) gives what trying every analysis gives."""
    from rasd.lang.ar.normalize import fold
    from rasd.pipeline import geocode

    r = geocode.resolver(gz)
    toks = [fold(w) for w in _CUE_WORDS]
    hits = 0
    for tok in toks:
        for tail in (None, *toks):
            for _ in range(2):  # again, from the caches
                got = r._cue_at(tok, tail)
                assert got == r._cue_at_plain(tok, tail)
            hits += got is not None and tail is not None
    assert hits  # two-word cues were found


def test_weak_word_caches_equal_their_definitions(gz: SqliteGazetteer) -> None:
    """weak's per-name and per-token caches (proper noun, news-outlet word) answer as the plain tests do."""
    from rasd.lang.ar.normalize import fold
    from rasd.pipeline import geocode

    r = geocode.resolver(gz)
    outlets = r.lex["outlet_words"]
    words = ["حلب", "الرقة", "باريس", "وكالة", "ووكالة", "لصحيفة", "صحيفة", "قال", "بيان", "الباب", "x", "وكا"]
    for w in [fold(x) for x in words] * 2:  # again, from the caches
        assert r._proper_noun(w) == geocode.is_proper_noun(w, r.words)
        assert r._outlet_word(w) == (w in outlets or geocode._bare_word(w) in outlets)
    assert any(r._outlet_word(fold(x)) for x in words)
