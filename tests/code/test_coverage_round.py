"""Coverage round (session 5): common ways Arabic news tells an incident, across countries, written for the test
(not taken from any article); each rule is a switch, and the test shows the sentence going wrong without it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from rasd.model import Event
from rasd.pipeline.code import coder as coder_mod


def _events(pipeline_at: Callable[..., Any], text: str, published: str = "2024-03-11") -> list[Event]:
    # a fresh pipeline per call: a sentence run twice (with a switch off) is no duplicate of itself
    return [e for e in pipeline_at(published)(text).events if not e.optional]


def _subs(pipeline_at: Callable[..., Any], text: str) -> list[str | None]:
    return [e.sub_event_type for e in _events(pipeline_at, text)]


# the air adjective of an air base's or an airport's name is no air cue (PLACE_NAME_CUES)
@pytest.mark.parametrize(
    "sentence",
    [
        "أطلقت فصائل مسلحة صواريخ على قاعدة عين الأسد الجوية في محافظة الأنبار اليوم.",
        "قصفت الفصائل قاعدة حميميم الجوية بالصواريخ اليوم.",
    ],
)
def test_the_air_word_of_a_bases_name_makes_no_air_strike(
    pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, sentence: str
) -> None:
    assert _subs(pipeline_at, sentence) == ["Shelling/artillery/missile attack"]
    monkeypatch.setattr(coder_mod, "PLACE_NAME_CUES", False)
    assert _subs(pipeline_at, sentence) == ["Air/drone strike"]


def test_an_air_strike_on_an_air_base_stays_an_air_strike(pipeline_at: Callable[..., Any]) -> None:
    text = "شنت طائرات حربية غارة على قاعدة عين الأسد الجوية اليوم."
    assert _subs(pipeline_at, text) == ["Air/drone strike"]


# villagers, herders and travellers are civilians (actors.yaml)
@pytest.mark.parametrize(
    "sentence",
    [
        "هاجم مسلحون قرية في شمال غرب نيجيريا أمس وقتلوا 30 قرويا.",
        "قتل مسلحون مجهولون خمسة رعاة في ولاية جنوب دارفور أمس.",
        "أطلق مسلحون النار على حافلة في مدينة سبها أمس فقتلوا ثلاثة مسافرين.",
    ],
)
def test_villagers_herders_and_travellers_are_civilians(pipeline_at: Callable[..., Any], sentence: str) -> None:
    events = _events(pipeline_at, sentence)
    assert [e.sub_event_type for e in events] == ["Attack"]
    assert events[0].actor2 is not None and events[0].actor2.name.startswith("Civilians")


# the battle a capture came after is how the place was taken: one event (CAPTURE_AFTER_BATTLE)
@pytest.mark.parametrize(
    ("sentence", "sub"),
    [
        (
            "استعاد الجيش السيطرة على مدينة بعد معارك مع تنظيم داعش في محافظة الأنبار أمس.",
            "Government regains territory",
        ),
        (
            "سيطر مقاتلو حركة الشباب على بلدة في إقليم شبيلي السفلى بعد معارك عنيفة مع القوات الحكومية أمس.",
            "Non-state actor overtakes territory",
        ),
    ],
)
def test_a_capture_after_a_battle_is_one_event(pipeline_at: Callable[..., Any], sentence: str, sub: str) -> None:
    events = _events(pipeline_at, sentence)
    assert [e.sub_event_type for e in events] == [sub]
    assert events[0].place is not None and events[0].place.geo_precision == 3  # the battle's province


def test_without_the_rule_the_battle_is_a_second_event(
    pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the battle's clause holds the day and the place: a recent reference coded apart, and the capture unplaced
    text = "استعاد الجيش السيطرة على مدينة بعد معارك مع تنظيم داعش في محافظة الأنبار أمس."
    monkeypatch.setattr(coder_mod, "CAPTURE_AFTER_BATTLE", False)
    events = _events(pipeline_at, text)
    assert sorted(str(e.sub_event_type) for e in events) == ["Armed clash", "Government regains territory"]


# an arrest named as a protest's motive is no intervention (MOTIVE_ARREST)
@pytest.mark.parametrize(
    "sentence",
    [
        "خرج المئات في مسيرة سلمية بمدينة الحسيمة يوم الجمعة تنديدا باعتقال ناشطين.",
        "تظاهر العشرات احتجاجا على اعتقال صحفي في مدينة وهران أمس.",
    ],
)
def test_an_arrest_named_as_the_motive_is_no_intervention(
    pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, sentence: str
) -> None:
    assert _subs(pipeline_at, sentence) == ["Peaceful protest"]
    monkeypatch.setattr(coder_mod, "MOTIVE_ARREST", False)
    assert _subs(pipeline_at, sentence) == ["Protest with intervention"]


def test_arrests_during_a_protest_are_still_an_intervention(pipeline_at: Callable[..., Any]) -> None:
    text = "اعتقلت الشرطة عشرة متظاهرين خلال مسيرة في مدينة وهران أمس."
    assert _subs(pipeline_at, text) == ["Protest with intervention"]


# the explosion a defusal came before did not happen (DEFUSED_BEFORE)
def test_a_device_defused_before_it_went_off_is_one_event(
    pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "تمكنت وحدات الهندسة من تفكيك سيارة مفخخة قبل انفجارها في مدينة الرمادي اليوم."
    events = _events(pipeline_at, text)
    assert [e.sub_event_type for e in events] == ["Disrupted weapons use"]
    assert events[0].place is not None and events[0].place.name == "Ramadi"
    monkeypatch.setattr(coder_mod, "DEFUSED_BEFORE", False)
    assert "Remote explosive/landmine/IED" in _subs(pipeline_at, text)


# crowds counted without the article gather in protest (triggers.yaml protest)
@pytest.mark.parametrize(
    "sentence",
    [
        "تجمع مئات الطلاب أمام رئاسة الجامعة في مدينة الخرطوم اليوم رافعين لافتات تطالب برحيل المدير.",
        "خرج عشرات المواطنين في مدينة صفاقس اليوم للمطالبة بتوفير الماء الصالح للشرب.",
    ],
)
def test_crowds_counted_without_the_article_protest(pipeline_at: Callable[..., Any], sentence: str) -> None:
    assert _subs(pipeline_at, sentence) == ["Peaceful protest"]


# the Taliban in power are Afghanistan's state forces (actors.yaml taliban_state)
@pytest.mark.parametrize(
    ("published", "name"), [("2019-03-11", "Taliban"), ("2023-03-11", "Military Forces of Afghanistan (2021-)")]
)
def test_the_taliban_before_and_after_they_took_power(
    pipeline_at: Callable[..., Any], published: str, name: str
) -> None:
    text = "قتل مسلحون من حركة طالبان ثلاثة مدنيين في ولاية غزنة أمس."
    events = _events(pipeline_at, text, published)
    assert events and events[0].actor1 is not None and events[0].actor1.name == name


# the group named after the killers with "من" is theirs; the victims and their count follow it (PARTITIVE_AGENT)
def test_killers_with_their_group_then_the_victims(
    pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "قتل مسلحون من حركة الشباب خمسة مدنيين في إقليم شبيلي السفلى أمس."
    events = _events(pipeline_at, text)
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Attack", 5)]
    assert events[0].actor1 is not None and events[0].actor1.name == "Al Shabaab"
    monkeypatch.setattr(coder_mod, "PARTITIVE_AGENT", False)
    assert [(e.sub_event_type, e.fatalities) for e in _events(pipeline_at, text)] != [("Attack", 5)]


# storming a building is a raid on it, no capture of territory (STORMED_BUILDING)
def test_storming_a_building_is_no_capture(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = "اقتحم مسلحون مقر منظمة إغاثية في مدينة الفاشر ونهبوا محتوياته اليوم."
    assert _subs(pipeline_at, text) == ["Looting/property destruction"]
    monkeypatch.setattr(coder_mod, "STORMED_BUILDING", False)
    assert _subs(pipeline_at, text) != ["Looting/property destruction"]


@pytest.mark.parametrize(
    ("sentence", "sub"),
    [
        # a town stormed is still taken; a crowd storming a building still riots
        ("اقتحمت قوات الاحتلال بلدة بيت أمر شمال الخليل فجر اليوم.", "Government regains territory"),
        ("حاول مئات المتظاهرين اقتحام مبنى المحافظة في مدينة البصرة اليوم.", "Violent demonstration"),
    ],
)
def test_storming_a_town_or_by_a_crowd_is_unchanged(pipeline_at: Callable[..., Any], sentence: str, sub: str) -> None:
    assert _subs(pipeline_at, sentence) == [sub]


# deaths "at the hands of" an armed party are its attack (KILLED_BY_HAND)
def test_deaths_at_the_hands_of_gunmen_are_their_attack(
    pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "قتلت امرأة وطفلاها على يد مسلحين اقتحموا منزلهم في قرية بشمال نيجيريا اليوم."
    events = _events(pipeline_at, text)
    assert [e.sub_event_type for e in events] == ["Attack"]
    assert events[0].actor1 is not None and events[0].actor1.name.startswith("Unidentified Armed Group")
    monkeypatch.setattr(coder_mod, "KILLED_BY_HAND", False)
    assert _subs(pipeline_at, text) == []


# what placards and slogans say makes no statement (SIGN_CONTENT)
def test_what_the_slogans_say_is_no_statement(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = "رفع المحتجون شعارات تندد بالفساد خلال مسيرة جابت شوارع مدينة النجف اليوم."
    assert _subs(pipeline_at, text) == ["Peaceful protest"]
    monkeypatch.setattr(coder_mod, "SIGN_CONTENT", False)
    assert _subs(pipeline_at, text) == []


# roads blocked with burning tyres: a violent demonstration (triggers.yaml riot)
def test_roads_blocked_with_burning_tyres_riot(pipeline_at: Callable[..., Any]) -> None:
    text = "أغلق محتجون الطريق الرئيسي بالإطارات المشتعلة في مدينة طرابلس اللبنانية اليوم احتجاجا على الغلاء."
    assert _subs(pipeline_at, text) == ["Violent demonstration"]


# a building blown up is destroyed property, not a bombing (BLOWN_UP_BUILDING)
def test_a_house_blown_up_is_property_destruction(
    pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "فجرت قوات الاحتلال منزل أسير فلسطيني في بلدة قباطية جنوب جنين فجر اليوم."
    assert _subs(pipeline_at, text) == ["Looting/property destruction"]
    monkeypatch.setattr(coder_mod, "BLOWN_UP_BUILDING", False)
    assert _subs(pipeline_at, text) == ["Remote explosive/landmine/IED"]


@pytest.mark.parametrize(
    ("sentence", "sub"),
    [
        # a bomber blowing himself up inside a building, a bombing with deaths at a house: still bombings
        ("فجر انتحاري نفسه داخل مسجد في مدينة القطيف اليوم.", "Suicide bomb"),
        ("قتل ثلاثة أشخاص بتفجير استهدف منزل مسؤول محلي في مدينة الرمادي اليوم.", "Remote explosive/landmine/IED"),
    ],
)
def test_bombings_at_buildings_stay_bombings(pipeline_at: Callable[..., Any], sentence: str, sub: str) -> None:
    assert _subs(pipeline_at, sentence) == [sub]
