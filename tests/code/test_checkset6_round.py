"""Round on check set 6 (session 4): broad classes the coder missed on unseen text, on sentences we wrote."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from rasd.model import Event
from rasd.pipeline import geocode as geocode_mod
from rasd.pipeline.code import coder as coder_mod


def _events(pipeline_at: Callable[..., Any], text: str, published: str = "2024-03-06") -> list[Event]:
    # a fresh pipeline per call: a sentence run twice (with a switch off) is no duplicate of itself
    return [e for e in pipeline_at(published)(text).events if not e.optional]


def _subs(pipeline_at: Callable[..., Any], text: str) -> list[str | None]:
    return [e.sub_event_type for e in _events(pipeline_at, text)]


# attacks whose doer is an air force are air strikes (AIR_ATTACKS)
AIR_ATTACKS = [
    "كثف طيران التحالف أمس من هجماته على مواقع المسلحين في مدينة صعدة.",
    "هاجمت طائرات مسيرة أمس مواقع للمسلحين في مدينة الرقة.",
    "صعدت مقاتلات التحالف أمس هجماتها على مواقع في مدينة مأرب تمهيدا للمواجهة مع المسلحين.",
]


@pytest.mark.parametrize("sentence", AIR_ATTACKS)
def test_attacks_of_an_air_force_are_air_strikes(
    pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, sentence: str
) -> None:
    assert _subs(pipeline_at, sentence) == ["Air/drone strike"]
    monkeypatch.setattr(coder_mod, "AIR_ATTACKS", False)
    assert _subs(pipeline_at, sentence) != ["Air/drone strike"]


@pytest.mark.parametrize(
    "sentence",
    [
        # air cover for a ground attack, and an exchange of fire after the air attack word
        "شن المسلحون أمس هجوما على مواقع الجيش في مدينة الرقة بغطاء من الطيران.",
        "هاجمت طائرات مسيرة أمس مواقع الجيش في مدينة الرقة ثم اندلعت اشتباكات عنيفة بين الطرفين.",
    ],
)
def test_ground_attack_under_air_cover_stays_a_battle(pipeline_at: Callable[..., Any], sentence: str) -> None:
    assert _subs(pipeline_at, sentence) == ["Armed clash"]


# demonstrators in clashes with a force, and no protest word, riot (CROWD_CLASHES)
def test_clashes_of_demonstrators_with_a_force_riot(
    pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "وقعت أمس صدامات بين متظاهرين وقوات الأمن في مدينة الحسيمة أسفرت عن إصابة عشرة أشخاص."
    assert _subs(pipeline_at, text) == ["Violent demonstration"]
    monkeypatch.setattr(coder_mod, "CROWD_CLASHES", False)
    assert _subs(pipeline_at, text) != ["Violent demonstration"]


def test_demonstrators_killed_in_clashes_stay_excessive_force(pipeline_at: Callable[..., Any]) -> None:
    text = "قتل أمس ثلاثة متظاهرين برصاص الشرطة خلال مواجهات مع المتظاهرين في مدينة الحسيمة."
    assert "Violent demonstration" not in _subs(pipeline_at, text)


# "the day after" an incident with its own place, in a sentence dated recently (DAY_AFTER_REFERENCE)
def test_incident_the_day_after_is_recent(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "غداة الصدامات التي وقعت بين متظاهرين وقوات الأمن في مدينة الحسيمة، شددت الحكومة الثلاثاء على احترام القانون."
    )
    assert _subs(pipeline_at, text) == ["Violent demonstration"]
    monkeypatch.setattr(coder_mod, "DAY_AFTER_REFERENCE", False)
    assert _subs(pipeline_at, text) == []


# a right to protest is no protest (filters.yaml generic)
def test_right_to_protest_is_no_protest(coder: Callable[..., Any]) -> None:
    doc, _ = coder("قال المتحدث إن الحق في الاحتجاج مكفول في مدينة الحسيمة.")
    assert doc.events == []


# a place that became under a party's control changed hands (filters.yaml static exempt)
def test_became_under_control_is_a_capture(pipeline_at: Callable[..., Any]) -> None:
    text = "أفادت مصادر محلية أمس أن بلدة صرواح أصبحت تحت سيطرة المقاومة الشعبية بعد معارك مع الحوثيين."
    assert [e.event_type for e in _events(pipeline_at, text)] == ["Battles"]
    assert _subs(pipeline_at, "قصفت المدفعية أمس المناطق الواقعة تحت سيطرة المقاومة في مدينة تعز.") == [
        "Shelling/artillery/missile attack"
    ]


# an axe is no Fes (places.yaml spelled_words, SPELLED_WORDS)
def test_axe_is_no_fes(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = "طعن رجل يحمل سكينا وفأس أمس ثلاثة من المارة في مدينة الخليل."
    assert [e.place.name for e in _events(pipeline_at, text) if e.place] == ["Hebron"]
    monkeypatch.setattr(geocode_mod, "SPELLED_WORDS", False)
    assert "Fes" in [m.value.name for m in pipeline_at("2024-03-06")(text).mentions if m.kind == "place"]


# the halves of Israel are regions, not the whole country (places.yaml)
@pytest.mark.parametrize(("words", "name"), [("جنوب إسرائيل", "Southern Israel"), ("شمال اسرائيل", "Northern Israel")])
def test_halves_of_israel(pipeline_at: Callable[..., Any], words: str, name: str) -> None:
    text = f"سقطت قذيفة أمس على منزل في {words} وأصيب ثلاثة مدنيين."
    assert [e.place.name for e in _events(pipeline_at, text) if e.place] == [name]


# the unit a place belongs to ("التابعة ل") is not the event's place (PARENT_PLACE)
def test_the_unit_a_town_belongs_to_is_no_place(
    pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "تعرضت بلدة بنش التابعة لمدينة إدلب أمس لقصف جوي أدى إلى مقتل مدني."
    assert [e.place.name for e in _events(pipeline_at, text) if e.place] == ["Binnish"]
    monkeypatch.setattr(coder_mod, "PARENT_PLACE", False)
    assert [e.place.name for e in _events(pipeline_at, text) if e.place] == ["Idlib"]


def test_an_unknown_town_keeps_its_unit(pipeline_at: Callable[..., Any]) -> None:
    # the town is not in the gazetteer: the unit it belongs to is the best place there is
    text = "تعرضت قرية كفرزيتونة التابعة لمدينة إدلب أمس لقصف جوي أدى إلى مقتل مدني."
    assert [e.place.name for e in _events(pipeline_at, text) if e.place] == ["Idlib"]


# a weekday nearer the trigger than a recap cue dates a current incident, in a sentence with a place (RECAP_WEEKDAY)
def test_weekday_nearer_than_the_recap_cue(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "أعلن الحزب في بيان الثلاثاء شن هجوم بطائرات مسيرة على موقع عسكري في شمال إسرائيل ردا على مقتل أحد "
        "عناصره في وقت سابق."
    )
    assert _subs(pipeline_at, text) == ["Air/drone strike"]
    monkeypatch.setattr(coder_mod, "RECAP_WEEKDAY", False)
    assert _subs(pipeline_at, text) == []


# a front "itself" is the last place told before (SAME_FRONT, with ANAPHORIC_PLACE)
def test_the_same_front_is_the_place_told_before(pipeline_at: Callable[..., Any]) -> None:
    text = (
        "صد الجيش أمس هجوما للمسلحين على مواقعه في مدينة مأرب. وفي الجبهة ذاتها، استهدف طيران التحالف بغارتين "
        "تعزيزات للمسلحين."
    )
    places = [e.place.name for e in _events(pipeline_at, text) if e.place and e.event_type != "Battles"]
    assert places == ["Marib"]


def test_an_area_alone_is_no_place_told_before(pipeline_at: Callable[..., Any]) -> None:
    text = "صد الجيش أمس هجوما للمسلحين على مواقعه في مدينة مأرب. وفي المنطقة، استهدف طيران التحالف بغارتين تعزيزات."
    assert [e.event_type for e in _events(pipeline_at, text)] == ["Battles"]


# a withdrawal without an armed party is no transfer of territory (TRANSFER_FORCES)
def test_team_withdrawal_is_no_transfer(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = "انسحب فريق كرة القدم أمس من البطولة المقررة في مدينة ميلانو الإيطالية."
    assert _subs(pipeline_at, text) == []
    monkeypatch.setattr(coder_mod, "TRANSFER_FORCES", False)
    assert _subs(pipeline_at, text) == ["Non-violent transfer of territory"]


def test_forces_withdrawal_stays_a_transfer(pipeline_at: Callable[..., Any]) -> None:
    text = "انسحبت القوات التركية أمس من مواقعها في مدينة منبج."
    assert _subs(pipeline_at, text) == ["Non-violent transfer of territory"]


# a ceasefire reached after the violence told as its cause is the sentence's event (AGREEMENT_FIRST)
def test_ceasefire_after_an_escalation(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "أعلنت الحركة مساء أمس التوصل إلى وقف لإطلاق النار في قطاع غزة إثر تصعيد شنت خلاله الطائرات غارات "
        "أسفرت عن مقتل ثلاثة."
    )
    evs = _events(pipeline_at, text)
    assert [(e.sub_event_type, e.fatalities) for e in evs] == [("Agreement", 0)]
    monkeypatch.setattr(coder_mod, "AGREEMENT_FIRST", False)
    assert _subs(pipeline_at, text) == ["Air/drone strike"]


def test_strikes_before_a_ceasefire_stay_strikes(pipeline_at: Callable[..., Any]) -> None:
    text = "شنت الطائرات أمس غارات على مدينة غزة قبل التوصل إلى وقف لإطلاق النار."
    assert _subs(pipeline_at, text) == ["Air/drone strike"]


# a second fact reported after ", وإن" is a clause of its own (REPORTED_FACTS); striking targets after ب is a strike
def test_second_reported_fact(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "وقال الجيش أمس إن الدفاعات اعترضت صاروخا أطلق من لبنان فوق مدينة صفد، وإن الجيش رد على ذلك بضرب عدة "
        "أهداف لحزب الله في بلدة الخيام."
    )
    got = sorted((e.sub_event_type or "", e.actor2.name if e.actor2 else "") for e in _events(pipeline_at, text))
    assert got == [("Disrupted weapons use", ""), ("Shelling/artillery/missile attack", "Hezbollah")], got
    monkeypatch.setattr(coder_mod, "REPORTED_FACTS", False)
    assert len(_events(pipeline_at, text)) == 1


# violence a statement is concerned about is known violence (CONCERN, filters.yaml concern), and "the latest"
# protests are a reference (filters.yaml latest_after)
CONCERNS = [
    "أعرب الوزير أمس عن قلق بلاده حيال سقوط عدد كبير من القتلى بالرصاص في المواجهات على حدود قطاع غزة.",
    "قال الوزير إن بلاده قلقة لمقتل متظاهرين في الاحتجاجات الأخيرة في مدينة البصرة.",
]


@pytest.mark.parametrize("sentence", CONCERNS)
def test_concern_about_violence_is_no_report(
    pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, sentence: str
) -> None:
    assert _subs(pipeline_at, sentence) == []


def test_concern_switch(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coder_mod, "CONCERN", False)
    assert _subs(pipeline_at, CONCERNS[0]) != []


def test_concern_about_a_new_incident_with_its_day_and_place(pipeline_at: Callable[..., Any]) -> None:
    # a recent day and a place of its own still code the incident (RECENT_REFERENCE)
    text = "أعرب الوزير عن قلقه إزاء الهجوم الذي استهدف أمس حافلة في مدينة العريش وأسفر عن مقتل خمسة."
    assert [e.event_type for e in _events(pipeline_at, text)] != []


# a relative clause after a trigger rejected as generic describes it (RELATIVE_INHERITS)
def test_relative_clause_of_a_generic_trigger(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = "يعيش السكان في مدينة غزة ظروفا صعبة في ظل استمرار الغارات التي تستهدف منازلهم."
    assert _subs(pipeline_at, text) == []
    monkeypatch.setattr(coder_mod, "RELATIVE_INHERITS", False)
    assert _subs(pipeline_at, text) != []


# buildings blown up are property destruction (triggers.yaml loot), a clause of their own after "تزامنا مع"
def test_buildings_blown_up(pipeline_at: Callable[..., Any]) -> None:
    text = "كثف الجيش أمس قصفه على مدينة خان يونس تزامنا مع نسف مبان سكنية في بلدة بني سهيلا."
    assert sorted(s or "" for s in _subs(pipeline_at, text)) == [
        "Looting/property destruction",
        "Shelling/artillery/missile attack",
    ]


def test_agreement_torpedoed_is_no_destruction(coder: Callable[..., Any]) -> None:
    doc, _ = coder("قال الوزير إن الحكومة نسفت الاتفاق في مدينة غزة أمس.")
    assert doc.events == []


# the base an aircraft took off from is not where it struck (BASE_ORIGIN)
def test_base_of_departure_is_no_place(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = "قصفت طائرة حربية من قاعدة طبرق الجوية أمس مركبا محملا بمسلحين قبالة ميناء درنة."
    assert [e.place.name for e in _events(pipeline_at, text) if e.place] == ["Derna"]
    monkeypatch.setattr(coder_mod, "BASE_ORIGIN", False)
    assert [e.place.name for e in _events(pipeline_at, text) if e.place] == ["Tobruk"]


# habitual strikes and a series of battles are no incident (filters.yaml habit_after)
@pytest.mark.parametrize(
    "sentence",
    [
        "تقوم الطائرات الحربية بغارات شبه يومية على مواقع التنظيم في مدينة درنة.",
        "تشهد مدينة درنة معارك عديدة بين شباب المدينة والتنظيم.",
    ],
)
def test_habits_and_series_are_no_incident(coder: Callable[..., Any], sentence: str) -> None:
    doc, _ = coder(sentence)
    assert doc.events == []


# a protest given as background with a recent day and a place of its own is coded (RECENT_PROTEST)
def test_recent_protest_told_as_background(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "قصفت الطائرات أمس مواقع في مدينة رفح، وذلك غداة احتجاجات الأحد على الحدود بين القطاع وإسرائيل والتي "
        "خلفت قتيلين."
    )
    assert "Excessive force against protesters" in _subs(pipeline_at, text)
    monkeypatch.setattr(coder_mod, "RECENT_PROTEST", False)
    assert "Excessive force against protesters" not in _subs(pipeline_at, text)


# the passive dual of the death verb counts two (coder_words.yaml death_verb_number)
def test_two_killed_by_the_dual_verb(pipeline_at: Callable[..., Any]) -> None:
    evs = _events(pipeline_at, "وأفادت المصادر أن فلسطينيين قتلا أمس في غارة جوية على مدينة خان يونس.")
    assert [e.fatalities for e in evs] == [2]


# the figure after "إلى" is the toll the update word raised, however far the dead stand from it (UPDATE_TARGET)
@pytest.mark.parametrize(
    ("sentence", "deaths", "injuries"),
    [
        ("ارتفع عدد القتلى في الهجوم على السوق في مدينة كركوك أمس إلى 3.", 3, None),
        ("ارتفع عدد الجرحى في الهجوم على السوق في مدينة كركوك أمس إلى 30 شخصا بينهم 3 قتلى.", 3, 30),
    ],
)
def test_updated_toll(
    pipeline_at: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    sentence: str,
    deaths: int,
    injuries: int | None,
) -> None:
    assert [(e.fatalities, e.injuries) for e in _events(pipeline_at, sentence)] == [(deaths, injuries)]


def test_updated_toll_switch(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coder_mod, "UPDATE_TARGET", False)
    text = "ارتفع عدد القتلى في الهجوم على السوق في مدينة كركوك أمس إلى 3."
    assert [e.fatalities for e in _events(pipeline_at, text)] == [10]


# "earlier," opening a sentence is earlier in the day's news, no recap (EARLIER_OPENING)
def test_earlier_opening_is_no_recap(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = "وفي وقت سابق، أعلن المتحدث مقتل 11 شخصا إثر قصف من الدبابات على منزل في مخيم البريج."
    assert [e.fatalities for e in _events(pipeline_at, text)] == [11]
    monkeypatch.setattr(coder_mod, "EARLIER_OPENING", False)
    assert _events(pipeline_at, text) == []


def test_earlier_this_month_stays_a_recap(pipeline_at: Callable[..., Any]) -> None:
    text = "في وقت سابق من هذا الشهر قتل خمسة من أفراد الأمن في هجوم على سجن في مدينة جاكرتا."
    assert _events(pipeline_at, text) == []


# people counted after "fell" were killed (FELL_DEAD); shells that fell are no dead
def test_people_who_fell_were_killed(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = "سقط ثلاثة مدنيين أمس إثر قصف من الطائرات الحربية على منزل في مدينة رفح."
    assert [e.fatalities for e in _events(pipeline_at, text)] == [3]
    monkeypatch.setattr(coder_mod, "FELL_DEAD", False)
    assert [e.fatalities for e in _events(pipeline_at, text)] == [0]


def test_shells_that_fell_are_no_dead(pipeline_at: Callable[..., Any]) -> None:
    text = "سقطت ثلاث قذائف أمس على منزل في مدينة سديروت."
    assert [e.fatalities for e in _events(pipeline_at, text)] == [0]


# a death verb followed by "also" tells other dead, another incident (ALSO_DEAD)
ALSO = (
    "قتل أربعة مدنيين أمس في غارة جوية استهدفت منزلهم في مدينة رفح. وسقط أيضا ستة مواطنين إثر قصف من الطائرات "
    "الحربية على منزل آخر في رفح."
)


def test_dead_told_with_also_are_another_incident(
    pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert sorted(e.fatalities for e in _events(pipeline_at, ALSO)) == [4, 6]
    monkeypatch.setattr(coder_mod, "ALSO_DEAD", False)
    assert len(_events(pipeline_at, ALSO)) == 1


# a common word joined by "و" to a place of the same country is a listed place (geocode.LISTED_COMMON)
def test_listed_common_word_is_a_place(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = "شنت مقاتلات التحالف أمس غارات على مواقع للمسلحين في صعدة والضالع والبيضاء."
    places = sorted(e.place.name for e in _events(pipeline_at, text) if e.place)
    assert places == ["Al Bayda", "Al Dhale", "Saada"]
    monkeypatch.setattr(geocode_mod, "LISTED_COMMON", False)
    assert "Al Bayda" not in [e.place.name for e in _events(pipeline_at, text) if e.place]


def test_common_word_alone_stays_a_word(pipeline_at: Callable[..., Any]) -> None:
    text = "شنت مقاتلات التحالف أمس غارات على مواقع للمسلحين في صعدة ورفعت الراية البيضاء."
    assert [e.place.name for e in _events(pipeline_at, text) if e.place] == ["Saada"]


# "الجيش" without a nationality in a country without an army of its own is the army operating there (ARMY_OF)
def test_the_army_in_gaza_is_israels(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from rasd.pipeline.code import actors as actors_mod

    text = "قصف الجيش أمس منزلا في مدينة خان يونس."
    got = [(e.actor1.name, e.actor1.inter) for e in _events(pipeline_at, text) if e.actor1]
    assert got == [("Military Forces of Israel", 8)]
    monkeypatch.setattr(actors_mod, "ARMY_OF", False)
    assert [e.actor1.name for e in _events(pipeline_at, text) if e.actor1] == ["Military Forces of Palestine"]


def test_the_army_elsewhere_is_the_countrys(pipeline_at: Callable[..., Any]) -> None:
    text = "قصف الجيش أمس مواقع للمسلحين في مدينة إدلب."
    assert [e.actor1.name for e in _events(pipeline_at, text) if e.actor1] == ["Military Forces of Syria"]


# a hedged attribution of the aircraft or the strike names its author (actors.yaml military template)
@pytest.mark.parametrize(
    "sentence",
    [
        "قتل مدني أمس بقصف لطائرات حربية يرجح أنها روسية على قرية في ريف إدلب.",
        "قتل عشرة مدنيين أمس بقصف جوي يعتقد أنه روسي على مدن في محافظة إدلب.",
    ],
)
def test_hedged_attribution_names_the_author(pipeline_at: Callable[..., Any], sentence: str) -> None:
    assert [e.actor1.name for e in _events(pipeline_at, sentence) if e.actor1] == ["Military Forces of Russia"]


# a strike by tanks or warplanes with no author named, in Gaza, is the Israeli army's (ARMY_WEAPONS)
def test_tanks_over_gaza_are_the_armys(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = "قتل 11 شخصا أمس إثر قصف من الدبابات على منزل في مخيم البريج."
    assert [e.actor1.name for e in _events(pipeline_at, text) if e.actor1] == ["Military Forces of Israel"]
    monkeypatch.setattr(coder_mod, "ARMY_WEAPONS", False)
    assert [e.actor1.name for e in _events(pipeline_at, text) if e.actor1] != ["Military Forces of Israel"]


# the total an incident brought a count to is not its toll (RESULT_TOTAL); a feminine dual counts two (numbers.yaml)
def test_result_total_is_not_the_toll(pipeline_at: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    text = "قتل أربعة مدنيين أمس في غارة جوية استهدفت منزلهم في مدينة رفح، لترتفع حصيلة القصف على القطاع إلى 24 قتيلا."
    assert [e.fatalities for e in _events(pipeline_at, text)] == [4]
    monkeypatch.setattr(coder_mod, "RESULT_TOTAL", False)
    assert [e.fatalities for e in _events(pipeline_at, text)] == [24]


def test_feminine_dual_counts_two(pipeline_at: Callable[..., Any]) -> None:
    evs = _events(pipeline_at, "شهيدتان في قصف على منزل في مدينة خان يونس أمس.")
    assert [e.fatalities for e in evs] == [2]
