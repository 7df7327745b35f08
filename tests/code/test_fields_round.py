"""Fields round (session 5): fatalities and actor1 on matched events, on sentences we wrote. Each row is checked
with its switch on and off (the rule it names is what makes the difference)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from rasd.model import Event
from rasd.pipeline.code import coder as coder_mod


def _events(pipeline_at: Callable[..., Any], text: str, published: str = "2024-03-06") -> list[Event]:
    # a fresh pipeline per call: a sentence run twice (with a switch off) is no duplicate of itself
    return [e for e in pipeline_at(published)(text).events if not e.optional]


def _actors(pipeline_at: Callable[..., Any], text: str) -> list[tuple[str | None, str | None]]:
    return [
        (e.actor1.name if e.actor1 else None, e.actor2.name if e.actor2 else None) for e in _events(pipeline_at, text)
    ]


def _tolls(pipeline_at: Callable[..., Any], text: str) -> list[tuple[str | None, int]]:
    return sorted((e.place.name if e.place else None, e.fatalities) for e in _events(pipeline_at, text))


# (switch, sentence, actor1, actor2 or None)
ACTOR_ROWS = [
    # the people a death word counts right before them are the dead; with "مع", the other side acted
    (
        "COUNTED_AFTER_DEATH",
        "قتل 9 مسلحين في مواجهات مع قوات الجيش قرب مدينة مأرب أمس.",
        "Military Forces of Yemen",
        "Unidentified Armed Group (Yemen)",
    ),
    (
        "COUNTED_AFTER_DEATH",
        "قتل 6 مسلحين حوثيين في اشتباكات مع قوات الجيش قرب مدينة مأرب أمس.",  # the nisba names their side
        "Military Forces of Yemen",
        "Houthi Movement",
    ),
    # the dead counted before their death verb were already the dead; the party "مع" is the other side
    (
        "COUNTED_AFTER_DEATH",
        "وقال الجيش إن 20 مسلحا قتلوا في تبادل لإطلاق النار مع قوات الأمن في مدينة رفح المصرية أمس.",
        "Police Forces of Egypt",
        "Unidentified Armed Group (Egypt)",
    ),
    # one member killed: the group after "من" is the victim side, not the author
    (
        "MEMBER_OF_DEAD",
        "قتل عنصر من الشرطة في هجوم شنه مسلحون على حاجز قرب مدينة العريش أمس.",
        "Unidentified Armed Group (Egypt)",
        "Police Forces of Egypt",
    ),
    # ... also with the counted noun before "من"
    (
        "MEMBER_OF_DEAD",
        "قتل 15 عنصرا من تنظيم داعش في اشتباكات مع قوات الجيش قرب مدينة الموصل أمس.",
        "Military Forces of Iraq",
        "Islamic State",
    ),
    # an actor phrase headed by an agent marker ("بغارة إسرائيلية") is the author
    (
        "MARKER_HEADED_AGENT",
        "وقتل قائد ميداني في الحوثيين بغارة سعودية على سيارته في مدينة صعدة أمس.",
        "Military Forces of Saudi Arabia",
        None,
    ),
]


@pytest.mark.parametrize(("switch", "sentence", "a1", "a2"), ACTOR_ROWS)
def test_fields_round_actors(
    pipeline_at: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    switch: str,
    sentence: str,
    a1: str,
    a2: str | None,
) -> None:
    got = _actors(pipeline_at, sentence)
    assert got and got[0][0] is not None and got[0][0].startswith(a1), got
    assert a2 is None or (got[0][1] is not None and got[0][1].startswith(a2)), got
    monkeypatch.setattr(coder_mod, switch, False)
    assert _actors(pipeline_at, sentence) != got


def test_joined_counts_add_up(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # "قتل 11 عنصرا من X و7 مقاتلين من Y في معارك": the second count, joined by "و", is more of the dead
    text = "قتل 11 عنصرا من قوات الجيش و7 مقاتلين من المعارضة في معارك عنيفة قرب مدينة درعا أمس."
    assert [t for _, t in _tolls(pipeline_at, text)] == [18]
    monkeypatch.setattr(coder_mod, "JOINED_COUNTS", False)
    assert [t for _, t in _tolls(pipeline_at, text)] == [11]


@pytest.mark.parametrize(
    ("text", "deaths"),
    [
        # "in addition to" joins the second count like "و" (coder_words.yaml count_joiners)
        ("قتل سبعة من عناصر الشرطة إضافة إلى اثنين من المدنيين في تفجير قرب مدينة الموصل أمس.", 9),
        ("قتل ستة جنود بالإضافة إلى أربعة مدنيين في تفجير قرب مدينة الموصل أمس.", 10),
    ],
)
def test_count_joiners_add_up(
    pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, text: str, deaths: int
) -> None:
    assert [t for _, t in _tolls(pipeline_at, text)] == [deaths]
    monkeypatch.setattr(coder_mod, "JOINED_COUNTS", False)
    assert [t for _, t in _tolls(pipeline_at, text)] != [deaths]


def test_joined_counts_leave_other_figures(pipeline_at: Callable[..., Any]) -> None:
    # a count joined to the dead that an injury word follows stays the wounded
    text = "قتل 11 عنصرا من قوات الجيش و7 آخرون أصيبوا في معارك عنيفة قرب مدينة درعا أمس."
    assert [t for _, t in _tolls(pipeline_at, text)] == [11]


def test_trailing_part_of_a_toll(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # "، 20 منهم في شمال القطاع": the part's figure before "منهم" goes to its place, the rest to the wider one
    text = "وقالت مصادر طبية أمس إن 35 فلسطينيا قتلوا في غارات إسرائيلية على قطاع غزة، 20 منهم شمالي القطاع."
    assert _tolls(pipeline_at, text) == [("Gaza Strip", 15), ("North Gaza", 20)]
    monkeypatch.setattr(coder_mod, "TRAILING_PART", False)
    assert _tolls(pipeline_at, text) != [("Gaza Strip", 15), ("North Gaza", 20)]


def test_direction_of_a_region_after_a_place(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # "شرق خان يونس جنوب القطاع": the region locates the town before it and the list goes on past it
    text = "وقصفت المدفعية أمس شرق خان يونس جنوب القطاع ومنطقة جحر الديك وسط القطاع."
    both = ["Juḩr ad Dīk", "Khan Younis"]
    assert sorted(str(p) for p, _ in _tolls(pipeline_at, text)) == both
    monkeypatch.setattr(coder_mod, "COMPLEMENT_PLACE", False)
    assert sorted(str(p) for p, _ in _tolls(pipeline_at, text)) != both


@pytest.mark.parametrize(
    "sentence",
    [
        "وقال المرصد إن قذيفة أخرى سقطت على بلدة كفرنبل أمس، حيث قتلت رجلا وأصابت آخرين.",
        "هاجم مسلحون سيارة قرب مدينة الخليل أمس وقتلوا شابا كان بداخلها.",
    ],
)
def test_one_victim_in_the_accusative(
    pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, sentence: str
) -> None:
    # one singular victim in the accusative after a death verb is one death, like "قتل رجل"
    assert [t for _, t in _tolls(pipeline_at, sentence)] == [1]
    monkeypatch.setattr(coder_mod, "ACCUSATIVE_VICTIM", False)
    assert [t for _, t in _tolls(pipeline_at, sentence)] != [1]


def test_first_of_two_coordinated_parties_leads(
    pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # "الجيش اليمني والمقاومة الشعبية": no role marked, the first named is actor1 and the second its partner
    text = "حقق الجيش اليمني والمقاومة الشعبية أمس تقدما جديدا في مدينة البيضاء بعد معارك مع الحوثيين."
    got = _actors(pipeline_at, text)
    assert got and got[0][0] == "Military Forces of Yemen", got
    monkeypatch.setattr(coder_mod, "COORDINATED_FIRST", False)
    assert _actors(pipeline_at, text) != got


def test_popular_resistance_of_yemen(pipeline_at: Callable[..., Any]) -> None:
    # the militias fighting the Houthis beside the army are ACLED's Popular Resistance, not the army itself
    text = "وقالت مصادر محلية إن المقاومة الشعبية هاجمت مواقع الحوثيين في مدينة تعز أمس."
    got = _actors(pipeline_at, text)
    assert got and got[0] == ("Popular Resistance (Yemen)", "Houthi Movement"), got


# vocabulary (triggers.yaml 14): (sentence, fatalities)
VOCABULARY_TOLLS = [
    # "no report of casualties" negates the casualty word across the report noun
    ("وقال المرصد إن مسلحين هاجموا موقعا للجيش في بلدة الميادين أمس، دون ورود معلومات عن خسائر بشرية.", 0),
    ("وقصفت المدفعية مواقع للمسلحين قرب بلدة الميادين أمس، ولم ترد أنباء عن خسائر في الأرواح.", 0),
    # everyone on board killed, no number: unnumbered deaths (GUIDELINE: 10)
    ("استهدفت طائرات التحالف أمس سيارة للمسلحين قرب مدينة مأرب، ما أدى إلى مصرع جميع من كانوا على متنها.", 10),
]


@pytest.mark.parametrize(("sentence", "deaths"), VOCABULARY_TOLLS)
def test_fields_round_vocabulary_tolls(pipeline_at: Callable[..., Any], sentence: str, deaths: int) -> None:
    assert [t for _, t in _tolls(pipeline_at, sentence)] == [deaths]


def test_checkpoint_is_a_target(pipeline_at: Callable[..., Any]) -> None:
    # the owner of a checkpoint hit is the target ("حاجزا للجيش"), not the author
    got = _actors(pipeline_at, "وقال المرصد إن مسلحين هاجموا حاجزا للجيش في بلدة الميادين أمس.")
    assert got and got[0] == ("Unidentified Armed Group (Syria)", "Military Forces of Syria"), got


def test_opened_fire_is_no_fatah(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # "فتح" before "النار" in its clause is the verb "opened", not Fatah
    text = "قتل عنصر من الشرطة أمس في مدينة الرمادي، بعد أن فتح مسلحان النار على دوريته."
    assert all("Fatah" not in str(pair) for pair in _actors(pipeline_at, text)), _actors(pipeline_at, text)
    monkeypatch.setattr(coder_mod, "OPEN_FIRE_VERB", False)
    assert any("Fatah" in str(pair) for pair in _actors(pipeline_at, text))


def test_members_counted_after_a_verb_are_its_subject(
    pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # "هاجم 20 من عناصر X": the counted members are the subject of the verb before them, not its victims
    text = "هاجم 20 من مسلحي تنظيم داعش أمس حاجزا للشرطة قرب مدينة الرمادي."
    got = _actors(pipeline_at, text)
    assert got and got[0][0] is not None and got[0][0].startswith("Islamic State"), got
    monkeypatch.setattr(coder_mod, "SUBJECT_COUNT", False)
    assert _actors(pipeline_at, text) != got
    # ... but with a subject named before the verb, the count is its object
    text = "وأسرت قوات الأمن أمس 20 من مسلحي تنظيم داعش قرب مدينة الرمادي."
    monkeypatch.setattr(coder_mod, "SUBJECT_COUNT", True)
    got = _actors(pipeline_at, text)
    assert got and got[0][0] is not None and not got[0][0].startswith("Islamic State"), got


def test_subject_carries_to_a_joined_verb(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # "، وداهمت ...، واعتقلت الشابين": the clauses split off at "، و" + a past verb keep the subject before them
    text = (
        "اقتحمت قوات الاحتلال أمس بلدة عقربا جنوبي مدينة نابلس، وداهمت عدة منازل في قرية عصيرة القبلية، "
        "واعتقلت الشابين محمد وأحمد في بلدة بيتا."
    )

    def arrests() -> list[str | None]:
        return [
            e.actor1.name if e.actor1 else None
            for e in _events(pipeline_at, text)
            if e.sub_event_type == "Arrests" and e.place is not None and e.place.name == "Beita"
        ]

    assert arrests() == ["Military Forces of Israel"]
    monkeypatch.setattr(coder_mod, "SUBJECT_CARRIES", False)
    assert arrests() != ["Military Forces of Israel"]


def test_storming_before_an_arrest_places_it(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # "اعتقلت ... بعد اقتحام منزله في بلدة X": storming the home is the arrest's operation, its place the arrest's
    text = "اعتقلت قوات الاحتلال أمس شابا بعد اقتحام منزله في بلدة بيتا."
    assert [p for p, _ in _tolls(pipeline_at, text)] == ["Beita"]
    monkeypatch.setattr(coder_mod, "STORM_BEFORE_ARREST", False)
    # (storming a house is no capture either, STORMED_BUILDING, which alone also leaves the place to the arrest)
    monkeypatch.setattr(coder_mod, "STORMED_BUILDING", False)
    assert [p for p, _ in _tolls(pipeline_at, text)] != ["Beita"]


def test_kurdish_insurgency_is_the_pkk(pipeline_at: Callable[..., Any]) -> None:
    # the insurgency named as such ("نسبته السلطات إلى التمرد الكردي") is the PKK (actors.yaml 10)
    text = "قتل شرطيان أمس في مدينة أضنة، في هجوم نسبته السلطات إلى التمرد الكردي."
    assert _actors(pipeline_at, text)[0][0] == "PKK: Kurdistan Workers Party"


def test_forces_loyal_to_the_president_of_yemen(pipeline_at: Callable[..., Any]) -> None:
    # "القوات الموالية للرئيس هادي" are the state's forces (actors.yaml 10); "المسنودة ب" marks a supporting force
    # (coder_words.yaml support), not the author
    text = "اندلعت اشتباكات عنيفة أمس بين القوات الموالية للرئيس هادي ومسلحي الحوثيين في مدينة تعز."
    assert _actors(pipeline_at, text)[0] == ("Military Forces of Yemen", "Houthi Movement")
    text = "وقالت مصادر إن المقاومة الشعبية المسنودة بالقوات الموالية للشرعية هاجمت مواقع الحوثيين في مدينة تعز أمس."
    assert _actors(pipeline_at, text)[0][0] == "Popular Resistance (Yemen)"


@pytest.mark.parametrize(
    "sentence",
    [
        # a missile or air attack with the author's nisba names the author (actors.yaml 10, military template)
        "قال مسؤولون أمس إن هجوما صاروخيا روسيا على مدينة خاركيف أدى إلى مقتل شخصين.",
        "قتل شخصان أمس في ضربات صاروخية روسية على مدينة خاركيف.",
        "قتل أربعة مدنيين أمس في قصف جوي روسي على بلدة في ريف إدلب.",
    ],
)
def test_attack_with_the_authors_nisba(pipeline_at: Callable[..., Any], sentence: str) -> None:
    got = _actors(pipeline_at, sentence)
    assert got and got[0][0] == "Military Forces of Russia", got


def test_state_name_in_a_direction_is_a_place(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # "في جنوب إسرائيل": the state's name in a direction of it is where the shell fell, not the state's forces
    text = "وأصيب ثلاثة مدنيين بجروح أمس عندما سقطت قذيفة على منزلهم في جنوب إسرائيل."
    got = _actors(pipeline_at, text)
    assert got and got[0][0] is not None and not got[0][0].startswith("Military Forces of Israel"), got
    monkeypatch.setattr(coder_mod, "PLACE_NAME_ACTOR", False)
    assert _actors(pipeline_at, text) != got


def test_party_joined_to_a_target_is_a_target(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # "مواقع لحركتي حماس والجهاد الإسلامي": both groups are targets; the definite strikes name the author
    text = "وقصفت طائرات مواقع لحركتي حماس والجهاد الإسلامي في مدينة غزة أمس."
    got = _actors(pipeline_at, text)
    assert got and got[0][0] != "Palestinian Islamic Jihad", got
    monkeypatch.setattr(coder_mod, "COORDINATED_PATIENT", False)
    assert _actors(pipeline_at, text) != got
    text = "وقتل فتيان أمس في الغارات الإسرائيلية على مدينة غزة."
    assert _actors(pipeline_at, text)[0][0] == "Military Forces of Israel"
