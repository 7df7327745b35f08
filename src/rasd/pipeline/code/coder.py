"""Reading a sentence like an ACLED coder.

For each body sentence the coder collects what it sees (:class:`Seen`): trigger words per family, weapon and
intervention cues, event-hood filters, actors, numbers, dates, places and attribution cues. A trigger becomes
an event only if no filter rejects it (each rejection records a reason). The surviving triggers decide one
sub-event type by the GUIDELINE's rules of thumb; actors get roles from the trigger's argument structure and
from role markers; fatalities are deaths tied to the event (breakdowns checked, not added; vague counts coded
as ACLED does). Events of the same incident told twice are merged (:func:`assemble`).

Everything is linguistic data from ``resources/ar/{triggers,filters,reporting,plover,actors}.yaml``: nothing here
knows about a particular outlet or article.
"""

from __future__ import annotations

import copy
import logging
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from itertools import pairwise
from typing import Any

from rasd.lang.ar.morphology import view_tokens
from rasd.lang.ar.normalize import TextView, fold, normalize
from rasd.model import Actor, Claim, Document, Event, Interaction, Mention, Place, Span
from rasd.pipeline.code.actors import army_of, in_bounds, nisba_country, resolve, state_countries
from rasd.pipeline.code.actors import entries as actor_entries
from rasd.pipeline.code.lexicon import Hit, Lexicon, TermSet, find_busy, lexicon
from rasd.resources import load

STAGE = "code"
log = logging.getLogger(__name__)
CLAUSE_PUNCT = re.compile(r"[.,;:!?()\[\]{}\"«»“”\n|/\u2013\u2014]")
_HARD_PUNCT = re.compile(r"[.,;:!?()\[\]{}\n|/\u2013\u2014]")
# Families whose triggers describe violence by an armed actor (they take a perpetrator).
VIOLENT = {
    "air_strike",
    "chemical",
    "suicide",
    "explosion",
    "grenade",
    "shelling",
    "clash",
    "attack",
    "kill",
    "abduction",
    "sexual",
}
BACKGROUND_DAYS = 7
# decide()'s reason for a sentence that tells deaths and nothing else: no weapon, no attack word, no perpetrator
DEATHS_ONLY = "death word without a cause or perpetrator"
# No single incident kills or wounds more than this: a larger figure is a war total, a typo or a hostile text
# ("مليار مليار قتيل"), and is left out with a note (the API refuses corrections above 1,000,000).
MAX_EVENT_FIGURE = 100_000

# Switches for rules whose value was measured on the dev split (docs/coder.md); kept so that a new corpus can be
# measured both ways.
# Casualties inflicted by a party ("أوقعوا 12 جنديا بين قتيل وجريح"، "قتلت قوات الأمن 3 مسلحين") are an incident:
# Armed clash on armed victims, Attack on civilians (`_inflicted`; check set 4).
INFLICTED_CASUALTIES = True
# The places of a purpose phrase after the incident ("، إسنادا للمقاومة في فلسطين") are not its place (`_best_place`).
PURPOSE_PLACES = True
# An attack launched to take a place ("هجوم ... بهدف السيطرة على طرابلس") is a battle, not violence against the dead
# it caused (check set 4).
OFFENSIVE_IS_BATTLE = True
# The arrest of one person folds only into a violent incident placed somewhere (`_fold_single_arrests`).
PLACED_SCENE = True
# A definite clash word with a place of its own and no party ("وأن الاشتباكات اندلعت بمدينة أم درمان") tells the
# fighting between the sides of the clash told before, at that place (`code_sentence`).
CLASH_TOLD_BEFORE = True
# "بمحافظة ديالى، شرقي بغداد": the place after a direction that follows another place and a comma is a landmark
# (`_landmark`).
LOCATOR_LANDMARK = True
# A list of places goes on past a direction complement and an area head ("شرق X شمال القطاع، ومنطقة Y"):
# `_coordinated`.
LIST_COMPLEMENTS = True
# A statement head that carries a report on anchors another incident told after "أن" ("وأضاف أن قصفا آخر طال
# مزارع قرب البلدة"): `_anchored`.
REPORTED_STATEMENT = True
# A dual or plural noun of first-level units before a list ("في مقاطعتي تاراغونا ولاردة") splits it whatever the
# units' precision (`_best_place`).
UNIT_LISTS = True
# The lead is the first body sentence after the dateline, not the dateline itself ("سبق- وكالات:" is a sentence of
# its own): check set 4, an agency round-up dated "السبت" in its lead.
LEAD_AFTER_DATELINE = True
# One event per town when a sentence lists several towns ("قرب الموصل ومخمور والفلوجة"), as ACLED codes it.
SPLIT_TOWNS = True
# Carry the last date of earlier sentences to a sentence without one (off: the publication date was right
# more often on dev).
CARRY_DATES = False
# A definite retelling "in response to" an incident told with its own day codes that incident
PROMOTE_REFERENCE = True
# An event placed only in a country (outside the lead, without deaths) is left out, like one placed nowhere
REQUIRE_PRECISE_PLACE = True
# One Seen per clause when two clauses joined by في حين / بينما / فيما / كما each report an incident
SPLIT_CLAUSES = True
# listed places split into one event each up to this many (protests "في الإسكندرية والجيزة ... وبني سويف"), and
# of at most this precision (2 = governorates too): measured on dev and the check set, see docs/coder.md
SPLIT_MAX = 12
SPLIT_PRECISION = 2
# An undated sentence dated this many days before publication (0 was right more often than 1 on dev).
FALLBACK_DAYS_BEFORE = 0
# A sentence naming no place: the article's dominant country, without coordinates (off: -0.02 typed F1).
ARTICLE_COUNTRY_FALLBACK = False
# A sentence naming no place: the last place of its paragraph (off: more wrong than right on dev).
PARAGRAPH_PLACE = False
# A definite retelling ("أسفر الانفجار عن") joins the latest incident of its kind.
ANAPHOR_MERGE = True
# Deaths with a figure at a named place code an incident without a weapon or attack word (off: -0.02 typed F1).
KILL_WITH_PLACE = False
# An undated sentence takes the date of the article's first dated incident (off: -0.01 typed F1).
LEAD_DATE = False
# An undated sentence takes the recent date its article's lead sentence tells (the lead dates the story; the rest
# retells or details it): docs/coder.md.
LEAD_SENTENCE_DATE = True
# Leave out events with no place at all (unless told in the lead sentence or with deaths) when the article was
# geocoded: on dev such events were right 5 times in 25 (typed F1 +0.03, detection F1 -0.015).
REQUIRE_PLACE = True
# A sentence telling only a death figure (no place, weapon or perpetrator), the lead's fighting again with its toll but
# without a place, or the headline gives its toll to the incident that had none (off: dev fatalities 0.869 and typed F1
# 0.685, check set fatalities 0.879; on: 0.918, 0.689, 0.931)
TOLL_TO_LEAD = True
# Two tellings placed in two different areas of precision 2 (near a town, part of a region) are two incidents,
# not one told with a coarser place.
SEPARATE_AREAS = True
# An "attack" with deaths and no armed party named is an Attack on people, not an Armed clash.
ASSAULT_ON_PEOPLE = True
# People counted by nationality ("أربعة إيطاليين") are victims enough to code an incident at a named place.
COUNTED_PEOPLE = True
# "القتيلان الآخران"، "قتلى آخرين": other dead, another incident (never merged into one told before).
OTHER_VICTIMS = True
# The place fire came from ("بقصف من لبنان"، "صواريخ أطلقت من غزة") is not the event's place.
FIRE_ORIGIN = True
# Explosive devices destroyed or dismantled ("تدمير سيارات مفخخة") are Disrupted weapons use, not explosions.
DESTROYED_DEVICES = True
# An incident given as background but told with a place and a day (at most two days old) of its own is coded.
RECENT_REFERENCE = True
# ... also when the rest of its sentence tells no incident and the article has told none before ("جاء ذلك عقب
# انفجار ضرب مسجدا في منطقة X أمس", set 5)
RECENT_ALONE = True
# A clause "، بعدما ..." with its own day and place is coded as an incident of its own (with SPLIT_CLAUSES).
AFTER_CLAUSES = True
# "رفع المحتجون شعارات تندد بالفساد خلال مسيرة": a statement verb right after placards or slogans says what they say,
# it does not make the sentence a statement (`_filter`; coder_words.yaml protest_signs)
SIGN_CONTENT = True
# "قتلت امرأة وطفلاها على يد مسلحين": deaths "at the hands of" an armed party are its attack (`decide`; triggers.yaml
# cue by_hand)
KILLED_BY_HAND = True
# "اقتحم مسلحون مقر منظمة إغاثية ونهبوا محتوياته": storming a building (a house, a headquarters, a hospital) is a raid
# on it, not a capture of territory (`_stormed_buildings`; a crowd storming one still riots)
STORMED_BUILDING = True
# "فجرت قوات الاحتلال منزل أسير": a building blown up is destroyed property, not a bombing (`_blown_up_buildings`)
BLOWN_UP_BUILDING = True
# "قتل مسلحون من حركة طالبان ثلاثة مدنيين": the group named after the killers with "من" is theirs; the victims follow
# it (`_inflicted`, with INFLICTED_CASUALTIES)
PARTITIVE_AGENT = True
# "تمكنت وحدات الهندسة من تفكيك سيارة مفخخة قبل انفجارها في مدينة X اليوم": the explosion a defusal or an
# interception came before did not happen; no clause of its own, and its place is the defusal's
# (`_recent_references`, `_best_place`)
DEFUSED_BEFORE = True
# "خرج المئات في مسيرة تنديدا باعتقال ناشطين": an arrest named as a protest's motive is why the crowd came out, not
# an intervention in the protest nor an arrest told by the sentence (`_motive_before`)
MOTIVE_ARREST = True
# "استعاد الجيش السيطرة على المدينة بعد معارك مع التنظيم أمس": the battle a capture came after is how the place was
# taken, not an incident of its own (ACLED codes the territory change as the battle event): no clause for it
# (`_recent_references`)
CAPTURE_AFTER_BATTLE = True
# A sentence naming no place but "في القطاع"، "داخل المدينة" takes the last place of that kind told before.
ANAPHORIC_PLACE = True
# violence against civilians always has civilians (or another unarmed party) as its target (`_civilian_victims`)
CIVILIAN_VICTIMS = True
# two tellings merged through a coarser place must lie in the same first-level region (`_same`)
SAME_REGION = True
# a claim told in a later sentence names the author of the incident before it (`_claim_previous`)
CLAIM_ELSEWHERE = True
# the dead of a bombing counted by their nationality ("47 فلسطينيا") are civilians (`_nisba_victims`)
NISBA_VICTIMS = True
# an incident told after "غداة" that follows the sentence's date is the day before it (`_pick_date`)
DAY_AFTER = True
# a recap cue makes no recap of a trigger dated by a recent day nearer to it (`_dated_apart_from_recap`)
RECAP_NEAREST = True
# a death on a front line is a death in battle (`_front`)
DEATH_AT_FRONT = True
# a shooting told "during clashes" is the clash (`decide`)
DEATH_IN_FIGHT = True
# who announces deaths ("أعلن الجيش عن مقتل") is not the author of the incident (`_announces_deaths`)
ANNOUNCED_DEATHS = True
# the day told right after a background reference dates that reference, not the sentence's incident (`_pick_date`)
BACKGROUND_DATE = True
# A clause "بالتزامن مع غارات ..."، "فضلا عن استهداف ..." with its own trigger is coded as an incident of its own
# (with SPLIT_CLAUSES), at the sentence's place when it names none (issue 6, several incidents in one sentence).
SAME_SCENE_CLAUSES = True
# Two tellings at different places merge only when one place may hold the other (a country, or the same
# first-level division): two governorates are two incidents (issue 6).
NESTED_PLACES = True
# ... and a part of a region (geo_precision 2: "شمال قطاع غزة") holds only what lies this close to its centre.
NESTED_KM = 20.0
# A lead placed only by its country, whose incidents the body tells place by place, is a summary (issue 6).
AGGREGATE_LEAD = True
# A clause "، بينهم 16 جراء غارة على المشفى" with its own incident takes its part of the toll (issue 6).
TOLL_PARTS = True
# "اقتحمت القوات بلدة ... واعتقلت": storming with arrests and no fighting is an arrest raid, not a capture (set 5).
STORM_ARRESTS = True
# "مواجهات بين شبان وقوات الاحتلال": a confrontation of youths with a force is a riot, not a battle (set 5).
YOUTH_RIOTS = True
# "احتجزته الشرطة بعد القبض عليه في مدينة X": the catching before an arrest places it (set 5).
ARREST_AFTER_RAID = True
# A bombing upgraded to a suicide bombing (another sentence names the bomber) merges with the suicide bombing told
# elsewhere in the article (set 5).
UPGRADE_MERGE = True
# "واعتقل جيش الاحتلال 3 شبان": the force right after a masculine past verb of a patient family is its subject, not
# the arrested (set 5).
MASC_VERB_SUBJECT = True
# "خلال زيارته لمدينة X": the place of a visit (ل after a visit noun) is a location (set 5).
VISIT_PLACE = True
# "نقل الجرحى إلى مستشفى في مدينة X": the hospital's place is where the wounded were taken, a landmark (set 5).
HOSPITAL_DESTINATION = True
# "اعتقلت القوات شابين في بلدة X، وداهمت منازل في قرية Y": a clause opened by "، و" + a past verb with a trigger
# and a place of its own tells another incident (issue 6, set 5).
AND_VERB_CLAUSES = True
# "ضبط بحوزتهم عبوة ناسفة"، "عثر على العبوات الناسفة": explosives seized or found are no explosion (set 5) ...
SEIZED_DEVICES = True
# ... when the word of seizing stands this many words before the device at most (a list of seized items)
SEIZE_REACH = 8
# "مقتل 30 في غزة، منهم 20 في رفح": a part of the toll told at a town inside the sentence's wider place
# makes two events, the town's part and the rest at the wider place (GUIDELINE, set 5) ...
PART_OF_WHOLE = True
# ... when the town lies this close to the wider place's centre
WHOLE_KM = 60.0
# A sentence telling the objects of the incident before one by one ("إحدى الطائرتين ... والثانية ...") at places of
# their own places that incident once per place (issue 6).
DISTRIBUTIVE = True
# Two Battles tellings of one day with the same precise toll whose named parties are at most two sides are one
# fight told from each side (issue 6, duplicates).
SIDES_MERGE = True
# Undated incidents after this many body sentences only add to incidents told with a date (off: on dev it
# trades as much recall as it gains precision).
LEAD_SENTENCES = 10_000
# An article that dates nothing near its publication (no day, "اليوم"، "أمس", weekday within a week) has no current
# incident to report: an explainer, a profile, an analysis. Its undated incidents are background.
UNDATED_ARTICLE_BACKGROUND = True
# "وكانت حماس اعتقلت مؤخرا عشرات"، "الذي كان تعرض لهجوم": كان + a past verb without "قد" is a pluperfect too; an
# undated incident told in it is an earlier one, background.
BARE_PLUPERFECT = True
# "وكانت المنطقة مسرحا لهجوم في مارس 2017 ..." then "وترك المهاجم سيارته ثم طعن شرطيا": an undated sentence right
# after a background one in the same paragraph goes on telling the earlier incident.
CARRY_BACKGROUND = True
# "وكان التحالف قد شن غارات" without a date: the recalled incident is coded as background (optional), as the
# GUIDELINE codes background events, instead of being dropped.
PLUPERFECT_OPTIONAL = True
# "1800 شهيد خلال شهر"، "حصيلة العدوان": a toll summed over a period is no incident's fatalities.
PERIOD_RECAP_TOLL = True
# An undated sentence with a toll in the thousands ("قتلت 3042 ... خلال 10 أشهر") tells a campaign's or a war's
# count, no incident of its own: a recap, left out (round 3, precision on unseen text; the gold events of the sets
# with 1000 dead or more are all optional background).
TOLL_RECAP = True
CUMULATIVE_TOLL_MIN = 1000
_TOLL_RECAP_DECISION = "an undated toll in the thousands"
# A quotation mark does not shield a trigger from the filter word before it: 'لن تشن "هجوما واسعا"' is negated,
# 'قد يؤدي "الهجوم"' hypothetical (the quote marks a word, it does not end the clause).
QUOTED_TRIGGER_FILTERS = True
# Two tellings of one day, type and toll, one placed nowhere, whose actors differ only by the country in brackets
# ("Protesters (Palestine)", "Protesters (Israel)") are one incident: the unplaced one guessed its actor's country.
PLACELESS_COUNTRY = True
# "ردا على مقتل مستوطن طعنا": the manner of a death told as a background reference is that death (`_coordinated_rejection`)
MANNER_OF_REFERENCE = True
# "تدمير 5 طائرات مسيرة مفخخة استهدفت مناطق": a count may stand between the destroying word and the device, and the
# verb right after the device describes it (`_destroyed_devices`, `_describes_device`).
DEVICE_RELATIVE = True
# Round 3 (issue 6, recall and fields on unseen text):
# a state's forces that only report shelling inside their own country are not its author (`_actors`)
REPORTER_OWN_SHELLING = True
# one figure for the dead and the wounded together ("مئات القتلى والجرحى") gives unnumbered deaths, 10 (`_fatalities`)
DEAD_AND_WOUNDED = True
# fire (shelling, targeting) followed in its sentence by the clash it set off is that clash (`decide`)
FIRE_RETURNED = True
# the attacker's own death told later ("وقد لقي الانتحاري حتفه") is not the toll of the incident (`_placeless_toll`)
PERPETRATOR_DEATH = True
# Round on check set 6 (generalisation):
# "كثف طيران التحالف من هجماته على مواقع"، "هاجمت طائرات مسيرة": attacks whose doer is an air force (its word at
# most this many words before the attack word, or right after the verb) are air strikes, not an armed clash
AIR_ATTACKS = True
AIR_ATTACK_REACH = 4
# "غداة الصدامات التي وقعت في مدينة X، شددت الحكومة الخميس": an incident told after "the day after" with a place
# of its own, in a sentence dated recently, is a recent incident (`_recent_references`, with RECENT_REFERENCE)
DAY_AFTER_REFERENCE = True
# "أعلن الحزب في بيان الثلاثاء شن هجوم بطائرات مسيرة ... ردا على استشهاد أحد مقاتليه في وقت سابق": a weekday names a
# day as a calendar date does; nearer the trigger than the recap cue, it dates a current incident (RECAP_NEAREST), in a
# sentence that names a place (a placeless weekday toll is mostly a recap of the day's count)
RECAP_WEEKDAY = True
# "بلدة بداما التابعة لمدينة جسر الشغور": the place a place belongs to (after "التابعة ل") is not the event's place
# when another is named (`_parent_place`)
PARENT_PLACE = True
# "أكدت حماس التوصل إلى وقف لإطلاق النار إثر تصعيد شنت خلاله إسرائيل غارات": a ceasefire reached, with the violence
# told after it as its cause (إثر، عقب), is the sentence's event (`_agreement_first`)
AGREEMENT_FIRST = True
# "غداة احتجاجات الجمعة على الحدود بين القطاع وإسرائيل والتي خلفت قتيلين": a protest given as background with a recent
# day and a place of its own is coded as violent incidents are (`_recent_references`, RECENT_REFERENCE)
RECENT_PROTEST = True
# "وفي وقت سابق، أعلن المتحدث مقتل 11 شخصا": "earlier," opening a sentence tells an earlier report of the day's news,
# no recap ("في وقت سابق من هذا الشهر" still is one)
EARLIER_OPENING = True
# "قتل أربعة في غارة على منزلهم، لترتفع حصيلة القصف على القطاع إلى 24": a running total the incident brought a count
# to ("لترتفع"، "ليصل": `coder_words.yaml result_total_verbs`) is not its toll when it has a figure of its own
RESULT_TOTAL = True
# "إثر قصف من الدبابات على منزل في مخيم البريج": a strike by warplanes, tanks or gunboats with no author named, in a
# country without an army of its own (`actors.army_of`), is the army's that operates there
ARMY_WEAPONS = True
# "وسقط ستة مواطنين إثر قصف": people counted after "fell" were killed (`_fell_before`; "سقطت 3 قذائف" counts shells)
FELL_DEAD = True
# "وسقط أيضا ستة مواطنين إثر قصف على منزل في رفح": a death verb followed by "also" tells other dead, another incident
# than the one told before (`_other_victims`, with OTHER_VICTIMS)
ALSO_DEAD = True
# "ارتفع عدد القتلى من المشاركين في مظاهرات ...، إلى 3 أشخاص": the figure after "إلى" is the toll the update word
# (ارتفع، وصل، بلغ) raised, however far the counted dead stand from it (`_updated_toll`) ...
UPDATE_TARGET = True
# ... when the update word stands at most this many words before the figure
UPDATE_REACH = 25
# "قصفت طائرة من قاعدة طبرق الجوية مركبا قبالة ميناء درنة": in a sentence with an aircraft, a base or an airport
# after "من" is where it took off, not the event's place, when another place is named (`_base_origin`)
BASE_ORIGIN = True
# "في ظل استمرار الغارات الإسرائيلية التي تستهدف المدنيين": a trigger verb opening a relative clause right after a
# trigger rejected as generic or as a reference describes that trigger and shares its rejection
# (`_coordinated_rejection`)
RELATIVE_INHERITS = True
# "أعربت عن قلق لندن حيال سقوط عدد كبير من القتلى": violence a statement is concerned about is known violence, a
# reference (filters.yaml concern; its latest_after twin, "الاحتجاجات الأخيرة", needs no switch)
CONCERN = True
# "أوضح الجيش أن المنظومة اعترضت قذيفة، وإن الجيش رد بضرب عدة أهداف في مدينة غزة": each fact reported after "أن"
# and ", وإن/وأن" that tells an incident is a clause of its own (with SPLIT_CLAUSES: two deciding clauses)
REPORTED_FACTS = True
# "وفي الجبهة ذاتها، استهدف طيران التحالف تعزيزات": a front or an area "itself" is the last place told before
# (`_anaphoric_place`, with ANAPHORIC_PLACE); read when the module loads
SAME_FRONT = True
# "فريق دراجات انسحب من 3 سباقات": a withdrawal with no armed party is no transfer of territory (`decide`)
TRANSFER_FORCES = True
# "الصدامات التي وقعت بين متظاهرين وقوات الأمن": demonstrators told in clashes or confrontations with a force, and
# no protest word, riot (a Violent demonstration, as ACLED codes such clashes), they fight no battle
CROWD_CLASHES = True
# "أطلقت فصائل صواريخ على قاعدة عين الأسد الجوية": the air adjective of an air base's or an airport's name says
# nothing of how the attack came (GUIDELINE: air strike only when the article says it came from the air)
PLACE_NAME_CUES = True
# Fields round (session 5):
# "قتل 8 مسلحين في مواجهات مع الجيش"، "مقتل 30 مسلحا": the people a death word counts right before them are the dead,
# not the subject of the clash after them (with "مع", the other side is actor1)
COUNTED_AFTER_DEATH = True
# "قتل عنصر من حزب الله"، "مقتل 20 عنصرا من الحركة": the group of the members killed is the victim side
MEMBER_OF_DEAD = True
# "بغارة إسرائيلية"، "برصاص إسرائيلي": an actor phrase headed by an agent marker (the weapon with the author's nisba)
# is the author, like the noun after the marker
MARKER_HEADED_AGENT = True
# "قتل 18 عنصرا من X و14 مقاتلا من Y في معارك": a count joined by "و" to a death count, with no casualty word of its
# own, counts more of the dead
JOINED_COUNTS = True
# "استشهد 30 في غارات على قطاع غزة، 18 منهم في شمال القطاع": a part of the toll with its figure before "منهم"
# is stated for its place like "بينهم 18 في ..." (TOLL_PARTS: the part to its place, the rest to the wider one)
TRAILING_PART = True
# "غرب رفح جنوب القطاع والأطراف الشرقية من بلدة بيت حانون": a direction of a region right after a place (a place
# mention since "جنوب القطاع" is a gazetteer alias) locates that place and does not break the list (`_complement_place`)
COMPLEMENT_PLACE = True
# "حيث قتلت طفلا واحدا"، "قتلت الشرطة فلسطينيا": one singular victim in the accusative after a death verb is one death
# (`_deaths_without_number`), as its nominative is ("قتل طفل")
ACCUSATIVE_VICTIM = True
# "حقق الجيش اليمني والمقاومة الشعبية تقدما": with no role marked, the first of two parties joined by "و" is actor1
# and the second its partner (`_pick_actors`), whichever stands nearer the trigger
COORDINATED_FIRST = True
# "بعد أن فتح مسلحان من خلايا التنظيم النار": an actor alias that is also the verb "opened" ("فتح" = Fatah), with
# "fire" after it in its clause, is the verb (`_opens_fire`, coder_words.yaml open_verb_aliases, fire_objects)
OPEN_FIRE_VERB = True
# "فتح مسلحان من خلايا التنظيم النار"، "هاجم 20 من عناصر الحركة": members counted right after a past verb that tells no
# casualty are its subject, not victims (`_verb_before_count`)
SUBJECT_COUNT = True
# "اقتحمت قوات الاحتلال بلدة X، وداهمت منازل، واعتقلت الشابين": a clause split off at "، و" + a past verb, or a
# same-scene clause ("تزامنا مع نسف مبان"), with no armed party of its own keeps the subject of the clause before
# (`_see_clauses`)
SUBJECT_CARRIES = True
# "اعتقال الشابين بعد عملية اقتحام منزليهما في بلدة X": a storming or a raid told after an arrest with "بعد" is the same
# operation (like ARREST_AFTER_RAID for "بعد مداهمة"), so its place is the arrest's (`_best_place`)
STORM_BEFORE_ARREST = True
# "سقطت قذيفة على منزلهم في جنوب إسرائيل": a state's name inside a place mention (or after a locative) is the place,
# not that state's forces (`_roles`)
PLACE_NAME_ACTOR = True
# "استهدفت مواقع لحركتي حماس والجهاد الإسلامي": a party joined by "و" right after a target is a target too (`_roles`)
COORDINATED_PATIENT = True


def _words(key: str) -> frozenset[str]:
    """A word list of ``ar/coder_words.yaml``, as the matching keys the coder compares tokens with."""
    return frozenset(fold(w) for w in load("ar/coder_words.yaml")[key])


def _words_re(key: str) -> str:
    """A phrase list of ``ar/coder_words.yaml`` as a regex over the raw text: after a comma or a space, with an
    optional "و", each letter allowing the short vowels and tanween after it ("فضلاً")."""
    marks = "[\u064b-\u0652\u0640]*"
    alts = [
        "\\s+".join(marks.join(re.escape(c) for c in w) + marks for w in p.split())
        for p in load("ar/coder_words.yaml")[key]
    ]
    return "(?:[,\u060c]\\s*|\\s)(?:\u0648)?(?:" + "|".join(alts) + ")\\s"


_MARKS = re.compile("[\u064b-\u0652\u0640]")  # what _words_re lets stand between a phrase's letters


class _Scan:
    """A compiled pattern every match of which holds one of ``words`` as written (for :func:`_words_re`'s
    patterns: when the range holds no short vowel, tanween or tatweel, which they allow between letters).
    ``finditer`` runs the pattern only when one occurs in the range: these connectors are rare, and the
    pattern, starting at any space or comma, tried its alternation at every one of a sentence's spaces."""

    __slots__ = ("marks", "pattern", "rx", "words")

    def __init__(self, rx: re.Pattern[str], words: Iterable[str], marks: bool) -> None:
        self.rx = rx
        self.pattern = rx.pattern
        # A word holding another is present only where that one is: the others are enough to test.
        ws = set(words)
        self.words = tuple(sorted(w for w in ws if not any(v != w and v in w for v in ws)))
        self.marks = marks  # the pattern allows marks between the letters of a word

    def finditer(self, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
        for w in self.words:
            if text.find(w, start, end) >= 0:
                return self.rx.finditer(text, start, end)
        if self.marks and _MARKS.search(text, start, end):
            return self.rx.finditer(text, start, end)
        return iter(())


def _words_scan(key: str) -> _Scan:
    """:func:`_words_re`'s pattern, run only where the longest word of one of its phrases (or a mark) occurs."""
    phrases = load("ar/coder_words.yaml")[key]
    return _Scan(re.compile(_words_re(key)), (max(p.split(), key=len) for p in phrases), marks=True)


_LOCATIVE = _words("locative")
_TARGETING = tuple(sorted(_words("targeting_stems")))
_PLACE_NOUNS = _words("place_nouns")
_SUPPORT = _words("support")
_POINTERS = _words("pointers")
_OTHER_DAY = _words("other_day")
_BEGAN = _words("began")
_DAY_AFTER = _words("day_after")
_DEMONSTRATIVES = _words("demonstratives")
_SELF = _words("self")
_ADJECTIVE_ONE = _words("adjective_one")
_COMPLEMENTISERS = _words("complementisers")
_ARREST_AMBIGUOUS = _words("arrest_ambiguous")
_RAID_STEMS = tuple(_words("raid_stems"))
_STORM_STEMS = tuple(_words("storm_stems"))
_CONFRONT = fold("مواجه")
_ATTACK_VERB = fold("هاجم")
_CLASH_NOUN = fold("صدامات")
_CONFRONT_ONE = fold("مواجهة")
_ARREST_PERSONS = tuple(_words("arrest_persons"))
_FIGHTERS_FROM = _words("fighters_from")
_ADJECTIVE_ONE_OF = _words("one_of")
# Compared as written, not folded (so "على" and "الى" are only met in their written forms here).
_PREPOSITIONS = frozenset(load("ar/coder_words.yaml")["prepositions"])


@dataclass(slots=True)
class Rejection:
    hit: Hit
    reason: str
    cue: str


@dataclass(slots=True)
class ActorHit:
    hit: Hit
    entries: list[dict[str, Any]]
    role: str = ""  # agent | patient | ""
    why: str = ""
    anaphor: bool = False  # "التنظيم": names the group told before, introduces no party of its own

    @property
    def kind(self) -> str:
        return str(self.entries[0].get("kind", "armed"))


@dataclass(slots=True)
class Seen:
    """What the coder saw in one sentence, and what it decided (``rasd explain`` prints this)."""

    index: int
    span: Span
    title: bool = False
    triggers: list[Hit] = field(default_factory=list)
    live: list[Hit] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    cues: dict[str, list[Hit]] = field(default_factory=dict)
    actors: list[ActorHit] = field(default_factory=list)
    numbers: list[Mention] = field(default_factory=list)
    dates: list[Mention] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    reports: list[Hit] = field(default_factory=list)
    sub_event_type: str | None = None
    family: str | None = None
    decision: str = ""
    notes: list[str] = field(default_factory=list)
    recap: bool = False
    statement: str | None = None
    events: list[Event] = field(default_factory=list)
    interaction: Interaction | None = None
    # a clause "، بينهم 16 جراء غارة على المشفى" that tells a part of the clause before's toll (TOLL_PARTS)
    part_of_toll: bool = False


# ---------------------------------------------------------------------------------------------------- helpers


@cache
def _role_sets() -> dict[str, TermSet]:
    from rasd import resources

    roles = resources.load("ar/triggers.yaml")["roles"]
    return {k: TermSet([(t, k) for t in v]) for k, v in roles.items()}


@cache
def _report_sets() -> tuple[TermSet, TermSet]:
    """Accusation heads and report nouns (filters.yaml, quotation): "اتهمت المنظمة في تقرير ..." is a statement."""
    q = load("ar/filters.yaml")["quotation"]
    return (
        TermSet([(t, "accuse") for t in q.get("report_heads", [])]),
        TermSet([(t, "report") for t in q.get("report_nouns", [])]),
    )


@cache
def _singular_victims() -> frozenset[str]:
    from rasd import resources

    return frozenset(fold(w) for w in resources.load("ar/triggers.yaml")["roles"]["singular_victims"])


@cache
def _role_words() -> dict[str, frozenset[str]]:
    """The word lists of ``ar/actors.yaml`` ``role_words`` (members, pronoun_preps, ...), folded."""
    words = load("ar/actors.yaml").get("role_words") or {}
    return {k: frozenset(fold(w) for w in v) for k, v in words.items() if k != "bombings"}


@cache
def _bombings() -> frozenset[str]:
    return frozenset((load("ar/actors.yaml").get("role_words") or {}).get("bombings") or ())


def _unclitic(tok: str) -> str:
    """A folded token without one conjunction and one preposition clitic (وبمقتل -> مقتل)."""
    if tok[:1] in ("و", "ف") and len(tok) > 4:
        tok = tok[1:]
    if tok[:1] in ("ب", "ل") and len(tok) > 4:
        tok = tok[1:]
    return tok


def _undefined(tok: str) -> str:
    """A folded token without the article (الصدامات -> صدامات)."""
    return tok[2:] if tok.startswith("ال") and len(tok) > 4 else tok


@cache
def _sole_perpetrator() -> dict[str, Any]:
    from rasd.pipeline.code.actors import entries

    return next(e for e in entries() if e.get("id") == "sole_perpetrator")


def _proclitic(toks: _Tokens, x: ActorHit) -> str:
    """The clitic letters written before an actor's alias in its first token ("و" of "والقوات"، "ل" of "للجيش")."""
    tok = toks.tok(x.hit.tok_start)
    first = (fold(x.hit.surface).split() or [""])[0]
    if first and tok.endswith(first):
        return tok[: len(tok) - len(first)]
    if first.startswith("ال") and tok.endswith(first[2:]):
        pre = tok[: len(tok) - len(first) + 2]
        return pre[:-1] if pre.endswith("ل") and len(pre) >= 2 else pre
    return ""


def _definite(tok: str) -> bool:
    """A folded token with the article, after a conjunction or preposition clitic (التفجير، والهجوم، للتفجير)."""
    return tok.startswith(("ال", "وال", "بال", "فال", "لل", "ولل"))


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """Drop hits of the same payload fully inside a longer one (قصف inside قصفت طائرات...)."""
    if len(hits) < 2:
        return list(hits)  # (most sentences) nothing to sort, nothing inside another: the loop keeps it
    return _dedupe_all(hits)


def _dedupe_all(hits: list[Hit]) -> list[Hit]:
    """:func:`_dedupe`'s loop, without its short cut (also the reference the short cut is tested against)."""
    out: list[Hit] = []
    for h in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if any(
            o.start <= h.start
            and h.end <= o.end
            and (o.payload == h.payload or o.end - o.start > h.end - h.start)
            and o is not h
            for o in out
        ):
            continue
        out.append(h)
    return out


_OSTARTS = "rasd.code.ostarts"  # TextView cache entry: _Tokens.ostarts


_LAST_TOKENS: _Tokens | None = None  # the _Tokens of the last view asked about (see _Tokens)


class _Tokens:
    """Token geometry of a sentence: clause boundaries between token indexes.

    One per view: ``_Tokens(view)`` returns the one of the last view asked about (the coder's helpers ask for it
    ~140 times an article; it only reads the view, whose tokens never change). It is kept in a module slot, not in
    the view's own cache: it refers to its view, and a view holding it would be a reference cycle, each
    document's view then freed only by the cyclic collector (more collections, and a long ingest's memory grew)."""

    __slots__ = ("_index", "ends", "n", "starts", "toks", "view")

    view: TextView
    starts: list[int]
    ends: list[int]
    toks: list[str]
    n: int
    _index: dict[int, int]

    def __new__(cls, view: TextView) -> _Tokens:
        global _LAST_TOKENS
        last = _LAST_TOKENS  # one read: another thread may replace it, then this is a miss, never a wrong answer
        if last is not None and last.view is view:
            return last
        got = object.__new__(cls)
        got.view = view
        got.starts, got.ends, got.toks = view_tokens(view)
        got.n = len(got.toks)
        got._index = {}
        _LAST_TOKENS = got
        return got

    def boundary(self, i: int, j: int) -> bool:
        """True if clause punctuation stands between token i and token j (i < j)."""
        if j <= i:
            return False
        a, b = self.ends[i], self.starts[j]
        return bool(CLAUSE_PUNCT.search(self.view.key, a, b)) if b > a else False

    def hard_boundary(self, i: int, j: int) -> bool:
        """Like `boundary`, but quotation marks do not count: a quoted name ('ضد "داعش"'، 'على «عناصر»')
        stays in its phrase."""
        if j <= i:
            return False
        a, b = self.ends[i], self.starts[j]
        return bool(_HARD_PUNCT.search(self.view.key, a, b)) if b > a else False

    def index_of(self, orig_offset: int) -> int:
        """The last token starting at or before text offset ``orig_offset`` (0 before the first)."""
        got = self._index.get(orig_offset)
        if got is None:
            # kept: the coder's helpers ask again and again for the tokens at a sentence's or a clause's start
            got = self._index[orig_offset] = max(0, bisect_right(self.starts, self.view.to_key(orig_offset)) - 1)
        return got

    def tok(self, i: int) -> str:
        return self.toks[i] if 0 <= i < self.n else ""

    def ostarts(self) -> list[int]:
        """The text offset of every token's start (``view.orig`` of each), computed once."""
        got: list[int] | None = self.view._cache.get(_OSTARTS)
        if got is None:
            got = self.view._cache[_OSTARTS] = self.view.orig_many(self.starts)
        return got


def _view(doc: Document) -> TextView:
    v = doc.view
    if isinstance(v, TextView) and v.text == doc.text:
        return v
    v = normalize(doc.text)
    doc.view = v
    return v


# ---------------------------------------------------------------------------------------------------- seeing


def see(doc: Document, index: int, lex: Lexicon | None = None, part: Span | None = None) -> Seen:
    """Collect everything the coder needs from sentence ``index`` (or one clause ``part`` of it) and apply the
    event-hood filters."""
    lex = lex or lexicon()
    view = _view(doc)
    toks = _Tokens(view)
    sent = doc.sentences[index]
    s = Seen(index=index, span=part or sent, title=_is_title(doc, sent))
    a, b = s.span.start, s.span.end
    s.triggers = _dedupe(lex.triggers.find(view, a, b))
    for h in lex.cues.find(view, a, b):
        s.cues.setdefault(str(h.payload), []).append(h)
    s.actors = _actors(lex, view, a, b, doc)
    _read_marches(s)
    if STORMED_BUILDING:
        _stormed_buildings(s, toks)
    if BLOWN_UP_BUILDING:
        _blown_up_buildings(s, toks)
    s.reports = lex.reporting.find(view, a, b)
    for m in doc.mentions:
        if (m.sentence == index or m.sentence < 0) and a <= m.span.start < b:
            if m.kind == "number":
                s.numbers.append(m)
            elif m.kind == "date":
                s.dates.append(m)
            elif m.kind == "place":
                s.places.append(m)
    if PLACE_NAME_CUES and s.places and "air" in s.cues:
        _drop_name_cues(s, toks)
    _ambiguous_arrests(s, toks)
    if INFLICTED_CASUALTIES:
        _inflicted(s, toks)
    _filter(s, lex, view, toks, a, b, doc)
    return s


_INFLICT = _words("inflict_verbs")
_ACTIVE_KILL = _words("active_kill_verbs")


def _inflicted(s: Seen, toks: _Tokens) -> None:
    """Casualties a party inflicts: "أوقعوا 12 جنديا بين قتيل وجريح" (the victims right after the verb, a count
    may come first), "قتلت قوات الأمن 3 مسلحين" (an armed party right after "قتل" and its victims right after the
    party, not joined by "و"). The victims' actor is kept as cue `inflicted` (payload: its kind) for `decide`."""
    kills = [h for h in s.triggers if h.payload == "kill"]
    if not kills or not s.actors:
        return
    counts = {toks.index_of(m.span.start) for m in s.numbers if (m.attrs or {}).get("kind") in ("count", "dual")}
    starts = {x.hit.tok_start: x for x in s.actors}

    def victims_at(j: int) -> ActorHit | None:
        if toks.tok(j).startswith("و"):
            return None
        return starts.get(j + 1) if j in counts else starts.get(j)

    for h in kills:
        t = toks.tok(h.tok_start)
        victim = None
        if t in _INFLICT:
            # counted victims within a few words ("أوقع مقاتلو الحركة 12 جنديا"), else the noun right after the verb
            counted = [j for j in range(h.tok_end + 1, h.tok_end + 6) if j in counts and (j + 1) in starts]
            victim = starts[counted[0] + 1] if counted else victims_at(h.tok_end + 1)
        elif t in _ACTIVE_KILL:
            # the party may come with its members' noun ("قتل عناصر حركة الشباب خمسة جنود")
            j = h.tok_end + 1 + (toks.tok(h.tok_end + 1) in _FIGHTERS_FROM and (h.tok_end + 2) in starts)
            agent = starts.get(j)
            if agent is not None and agent.kind == "armed" and not toks.boundary(h.tok_end, agent.hit.tok_end + 1):
                after = agent.hit.tok_end + 1
                group = starts.get(after + 1)
                if PARTITIVE_AGENT and toks.tok(after) == _MIN and group is not None and group.kind == "armed":
                    # "قتل مسلحون من حركة طالبان ثلاثة مدنيين": the party named after "من" is the gunmen's own
                    after = group.hit.tok_end + 1
                victim = victims_at(after)
                if victim is not None:
                    s.cues.setdefault("inflicter", []).append(agent.hit)
        if (
            victim is not None
            and victim.kind in ("armed", "civilian")
            and not toks.boundary(h.tok_end, victim.hit.tok_start)
        ):
            s.cues.setdefault("inflicted", []).append(victim.hit._replace(payload=victim.kind))


def _drop_name_cues(s: Seen, toks: _Tokens) -> None:
    """An air adjective right after a base's or an airport's name ("قاعدة X الجوية"، "مطار X الجوي"; the base noun
    begins the place mention or stands right before it) is a word of that name, no air cue (PLACE_NAME_CUES)."""
    named: set[int] = set()  # token indexes of the words right after such names
    for m in s.places:
        first, last = toks.index_of(m.span.start), toks.index_of(m.span.end - 1)
        base = _unclitic(toks.tok(first)) in _BASE_NOUNS or (
            _unclitic(toks.tok(first - 1)) in _BASE_NOUNS and not toks.boundary(first - 1, first)
        )
        if base and toks.tok(last + 1) in _AIR_ADJECTIVES and not toks.boundary(last, last + 1):
            named.add(last + 1)
    if not named:
        return
    kept = [h for h in s.cues["air"] if not (h.tok_start == h.tok_end and h.tok_start in named)]
    if kept:
        s.cues["air"] = kept
    else:
        del s.cues["air"]


def _ambiguous_arrests(s: Seen, toks: _Tokens) -> None:
    """ "إيقاف" is the Maghrebi arrest ("إيقاف 6 عناصر") and also "stopping" ("إيقاف العمل"، "إيقاف إطلاق النار"):
    it is an arrest trigger only when a figure or a person noun follows it."""
    numbers = {toks.index_of(m.span.start) for m in s.numbers}

    def person_follows(h: Hit) -> bool:
        j = h.tok_end + 1
        return j in numbers or toks.tok(j).startswith(_ARREST_PERSONS)

    s.triggers = [
        h
        for h in s.triggers
        if not (h.payload == "arrest" and toks.tok(h.tok_start) in _ARREST_AMBIGUOUS and not person_follows(h))
    ]


def _read_marches(s: Seen) -> None:
    """A bare "مسيرة/مسيرات" is a march or a drone. It is a march (a protest trigger) when its clause names a crowd
    (protesters, or a `march_crowd` word: "شارك"، "حشود"، "رافعين لافتات") and no `march_aerial` word (طائرة،
    أطلق، أسقط، قصف...); then the word no longer counts as an air cue. Otherwise it is no trigger and stays an air
    cue ("أسقط الجيش مسيرة"، "قصفت مسيرة إسرائيلية")."""
    marches = [h for h in s.triggers if h.payload == "march"]
    if not marches:
        return
    crowd = any(x.kind in ("protester", "rioter") for x in s.actors) or _has(s, "march_crowd")
    if crowd and not _has(s, "march_aerial"):
        s.triggers = [h._replace(payload="protest") if h.payload == "march" else h for h in s.triggers]
        for cue in ("air", "drone_or_missile"):
            if cue in s.cues:
                s.cues[cue] = [c for c in s.cues[cue] if not any(m.start <= c.start < m.end for m in marches)]
                if not s.cues[cue]:
                    del s.cues[cue]
    else:
        s.triggers = [h for h in s.triggers if h.payload != "march"]


_BUILDINGS = _words("building_nouns")
_BUILDING_REACH = 3  # words from the storming verb to its object (a subject may stand between: "اقتحم مسلحون مقر")


def _building_after(toks: _Tokens, h: Hit) -> bool:
    """A building noun stands within `_BUILDING_REACH` words after the trigger, in its clause (its object)."""
    return any(
        _bare(toks.tok(k)) in _BUILDINGS and not toks.boundary(h.tok_end, k)
        for k in range(h.tok_end + 1, h.tok_end + 1 + _BUILDING_REACH)
    )


def _stormed_buildings(s: Seen, toks: _Tokens) -> None:
    """ "اقتحم مسلحون مقر منظمة إغاثية ونهبوا محتوياته"، "على يد مسلحين اقتحموا منزلهم": storming a building is a
    raid on it, no place changes hands: the storming word is no capture trigger (STORMED_BUILDING). A crowd storming
    a building still riots (`decide`), so the word stays when the clause names one."""
    storms = [h for h in s.triggers if h.payload == "capture" and _unclitic(fold(h.surface)).startswith(_STORM_STEMS)]
    if not storms or any(x.kind in ("protester", "rioter") for x in s.actors):
        return
    drop = {id(h) for h in storms if _building_after(toks, h)}
    if drop:
        s.triggers = [h for h in s.triggers if id(h) not in drop]


_BLOW_UP_STEMS = tuple(_words("blow_up_stems"))
_SELF_OBJECTS = _words("self_pronouns")


def _blown_up_buildings(s: Seen, toks: _Tokens) -> None:
    """ "فجرت قوات الاحتلال منزل أسير"، "تفجير منزل": a building blown up (the verb or its masdar, the building within
    three words after it) is destroyed property, no bombing: the trigger becomes a property-destruction one
    (BLOWN_UP_BUILDING). Not when the sentence tells a suicide bomber ("فجر نفسه داخل مسجد") or deaths."""
    if _has(s, "suicide") or any(h.payload in ("kill", "suicide") for h in s.triggers):
        return
    out = []
    for h in s.triggers:
        if h.payload == "explosion" and _unclitic(fold(h.surface)).startswith(_BLOW_UP_STEMS):
            after = range(h.tok_end + 1, h.tok_end + 1 + _BUILDING_REACH)
            if not any(toks.tok(k) in _SELF_OBJECTS for k in after) and _building_after(toks, h):
                h = h._replace(payload="loot")
        out.append(h)
    s.triggers = out


def _is_title(doc: Document, sent: Span) -> bool:
    return any(seg.kind == "title" and seg.span.start <= sent.start < seg.span.end for seg in doc.segments)


def _actors(lex: Lexicon, view: TextView, a: int, b: int, doc: Document) -> list[ActorHit]:
    hits = lex.actors.find(view, a, b)
    by_pos: dict[tuple[int, int], list[dict[str, Any]]] = {}
    first: dict[tuple[int, int], Hit] = {}
    for h in hits:
        if not in_bounds(h.payload, doc.published):
            continue
        key = (h.start, h.end)
        by_pos.setdefault(key, []).append(h.payload)
        first.setdefault(key, h)
    # longest match wins: an alias inside a longer alias is not a separate mention
    keys = sorted(by_pos, key=lambda k: (k[0], -(k[1] - k[0])))
    kept: list[tuple[int, int]] = []
    for k in keys:
        if any(o[0] <= k[0] and k[1] <= o[1] for o in kept):
            continue
        kept.append(k)
    out = []
    for k in kept:
        ents = by_pos[k]
        if OPEN_FIRE_VERB and _opens_fire(doc, first[k]):
            continue  # "بعد أن فتح مسلحان النار": the verb "opened", not Fatah
        # a specific group beats a descriptive reading of the same words
        ents.sort(key=lambda e: (bool(e.get("descriptive")), e.get("country") == "*"))
        if ents[0].get("anaphor"):
            # "مسلحون في التنظيم"، "عناصر التنظيم": the organisation is the last armed group the article named
            # before; without one the words name nobody
            before = [
                h
                for h in lex.actors.find(view, 0, a)
                if not h.payload.get("descriptive")
                and h.payload.get("kind") == "armed"
                and int(h.payload.get("inter", 0)) in (2, 3)
                and in_bounds(h.payload, doc.published)
            ]
            if before:
                out.append(ActorHit(first[k], [max(before, key=lambda h: h.start).payload], anaphor=True))
            continue
        out.append(ActorHit(first[k], ents))
    return out


_OPEN_VERB_ALIASES = _words("open_verb_aliases")
_FIRE_OBJECTS = _words("fire_objects")


def _opens_fire(doc: Document, h: Hit) -> bool:
    """An actor alias that is also the verb "opened" ("فتح") with "fire" at most 8 words after it in its clause."""
    if fold(h.surface) not in _OPEN_VERB_ALIASES:
        return False
    cut = _FIRE_CLAUSE_END.search(doc.text, h.end)
    after = doc.text[h.end : cut.start() if cut else len(doc.text)].split()[:8]
    return any(fold(w.strip("\"«»“”'")) in _FIRE_OBJECTS for w in after)


# the end of the verb's clause (quotation marks around a name inside it do not end it: 'تنظيم "داعش" النار')
_FIRE_CLAUSE_END = re.compile(r"[.,;:!?\n\u060c\u061b]")


_INJURY_NOUNS = tuple(fold(w) for w in ("مصاب", "جريح", "جرحى"))
_DEATH_NOUNS = tuple(fold(w) for w in ("قتيل", "قتلى", "شهيد", "شهداء", "ضحايا", "ضحية", "جثث", "جثة"))


def _bare(word: str) -> str:
    """A key word without its conjunction and article (والقتلى -> قتلى)."""
    for pre in ("وال", "بال", "فال", "ال", "و"):
        if word.startswith(pre) and len(word) - len(pre) >= 3:
            return word[len(pre) :]
    return word


_KANA = _words("kana")


_MOTIVES = _words("protest_motives")
_MOTIVE_PREPS = _words("motive_prepositions")


def _motive_before(toks: _Tokens, h: Hit) -> bool:
    """ "تنديدا باعتقال"، "احتجاجا على اعتقال": the trigger is the object of a motive word, right before it or with a
    preposition between (MOTIVE_ARREST)."""
    k = h.tok_start - 1
    if toks.tok(k) in _MOTIVE_PREPS and not toks.boundary(k, h.tok_start):
        k -= 1
    return toks.tok(k) in _MOTIVES and not toks.boundary(k, h.tok_start)


def _embedded_pluperfect(toks: _Tokens, h: Hit, first: int) -> bool:
    """ "مطار كانت قوات النظام قد أعلنت استعادته": a pluperfect clause inside the sentence recalls an earlier
    incident. (At the head of the sentence the pluperfect is judged with the sentence's date, in code_sentence.)"""
    qad = fold("قد")
    seen_qad = False
    for k in range(h.tok_start - 1, max(first + 2, h.tok_start - 7), -1):
        if toks.boundary(k, h.tok_start):
            return False
        t = toks.tok(k)
        if t == qad:
            seen_qad = True
        elif t in _KANA:
            # "الملهى الذي كان تعرض لهجوم": a relative clause in the pluperfect without "قد"
            bare = (
                BARE_PLUPERFECT
                and toks.tok(k - 1) in _RELATIVES
                and h.tok_start - k <= 2
                and (k + 1 == h.tok_start or _past_after_kana(t, toks.tok(k + 1)))
            )
            return seen_qad or bare
    return False


def _past_after_kana(kana: str, tok: str) -> bool:
    """The word after كان/كانت is a past verb (a pluperfect), not an imperfect (a past progressive: "كانت تطلق")
    nor a definite noun. After the masculine كان an imperfect starts with ي, so "كان تعرض" is past (form V)."""
    if not tok or tok.startswith("ال") or tok.startswith(("ي", "ن")):
        return False
    if _past_verb(tok):
        return True
    # an indefinite noun, the subject before the verb ("وكان متحدث باسم الوزارة أفاد"، "وكان مسلحون هاجموا"): a
    # participle (م...) or a plural, feminine or dual ending
    if tok.startswith("م") or tok.endswith(("ون", "ين", "ه", "ة", "ات", "اء", "ان", "ا")):
        return False
    feminine = kana.endswith("ت") or kana.endswith("وا")
    return not (feminine and tok.startswith("ت"))


@cache
def _folded(words: tuple[str, ...]) -> frozenset[str]:
    """``{fold(w) for w in words}``, kept: the coder asks for the same word lists sentence after sentence."""
    return frozenset(fold(w) for w in words)


def _claim_frame(toks: _Tokens, h: Hit, cues: list[Hit], cfg: dict[str, Any]) -> str | None:
    """ "وسط اتهامات للجيش بقصف الأحياء": a claim noun shortly before a trigger that is its object (a masdar with
    "ب", or after "عن / حول / بشأن"). Returns the cue, if any."""
    objects = _folded(tuple(cfg.get("objects", [])))  # the same set each call: folded once
    t = toks.tok(h.tok_start)
    if not (t.startswith("ب") or toks.tok(h.tok_start - 1) in objects):
        return None
    window = int(cfg.get("window", 3))
    for f in cues:
        if f.tok_end < h.tok_start and h.tok_start - f.tok_end <= window and not toks.boundary(f.tok_end, h.tok_start):
            return f.surface
    return None


_RELATIVES = _words("relatives")
_SUPERLATIVES = _words("superlatives")
# background cues after which the deaths told are the incident's own ("بعد قصف ... قتل 5")
_DEATHS_FOLLOW = frozenset(fold(w) for w in load("ar/filters.yaml")["background"].get("deaths_follow", []))
_CAMPAIGN = _words("arrest_campaign")


# how far a trigger may stand after the relative pronoun that opens its clause ("التي استخدمت في تفجير")
_RELATIVE_REACH = 3


def _relative_before(toks: _Tokens, h: Hit) -> int | None:
    """The token index of the relative pronoun that opens the trigger's clause, if one stands within reach."""
    return next(
        (
            k
            for k in range(h.tok_start - 1, h.tok_start - 1 - _RELATIVE_REACH, -1)
            if toks.tok(k) in _RELATIVES and not toks.boundary(k, h.tok_start)
        ),
        None,
    )


def _relative_in_reference(toks: _Tokens, h: Hit, cues: list[Hit]) -> str | None:
    """ "ردا على إطلاق البالونات التي أحرقت حقولا"، "مثل القنبلة التي استخدمت في تفجير بوسطن": a trigger in a
    relative clause whose head noun stands in a background reference or a comparison tells the earlier incident,
    not a new one. Returns the cue, if any."""
    if not cues:  # (most sentences: no cue, nothing to find the relative pronoun for)
        return None
    rel = _relative_before(toks, h)
    if rel is None:
        return None
    for f in cues:
        if f.tok_end < rel and rel - f.tok_end <= 6 and not toks.boundary(f.tok_end, rel):
            return f.surface
    return None


def _describes_actor(s: Seen, toks: _Tokens, h: Hit) -> bool:
    """ "مسلحون ينتمون إلى تنظيم الدولة الإسلامية الذي سيطر على أجزاء كبيرة من الإقليم": a capture told in a relative
    clause on an actor's name describes the group (the territory it holds), it is not an incident of the day.
    (The caller applies it only to undated sentences: "قوات النظام التي سيطرت أمس على البلدة" tells a capture.)"""
    rel = _relative_before(toks, h)
    if rel is None:
        return False
    return any(x.hit.tok_end == rel - 1 and not toks.hard_boundary(x.hit.tok_end, rel) for x in s.actors)


def _crowd(s: Seen) -> bool:
    """The clause names a crowd: protesters, rioters, civilians, or a count of people ("نظم الآلاف مسيرة")."""
    return any(x.kind in ("protester", "rioter", "civilian") for x in s.actors) or any(
        (m.attrs or {}).get("kind") == "count" for m in s.numbers
    )


_MANNER = _words("manner_of_death")


def _coordinated_rejection(s: Seen, toks: _Tokens, h: Hit) -> Rejection | None:
    """ "بعد أسابيع من التظاهرات الحاشدة والمواجهات الدامية": a trigger noun joined by "و" to the trigger just
    before it (at most two words between, no clause break) shares its fate: the filter that rejected the first
    governs the coordinated phrase. A death word later in the clause of a background reference is that
    incident's toll. Returns the rejection to inherit, if any."""
    before = [x for x in s.triggers if x.tok_end < h.tok_start]
    if not before:
        return None
    last = max(before, key=lambda x: x.tok_end)
    if toks.boundary(last.tok_end, h.tok_start):
        return None
    prior = next((r for r in s.rejected if r.hit is last), None)
    if h.payload == "kill":
        # "بعد أسابيع من المواجهات ... بلغت ذروتها الاثنين مع مقتل 60": deaths told inside the clause of a
        # background reference are that incident's toll; after a plain "بعد" ("بعد قصف مدفعي على البلدة قتل 5
        # مدنيين") they are the incident told
        if prior is None or prior.reason != "background_reference" or fold(prior.cue) in _DEATHS_FOLLOW:
            return None
        return prior
    t = toks.tok(h.tok_start)
    if (
        RELATIVE_INHERITS
        and prior is not None
        and prior.reason in ("generic", "background_reference")
        and h.tok_start - last.tok_end <= 3
        and toks.tok(h.tok_start - 1) in _RELATIVES
    ):
        # "في ظل استمرار الغارات الإسرائيلية التي تستهدف المدنيين": the relative clause describes the rejected noun
        return prior
    if (
        MANNER_OF_REFERENCE
        and prior is not None
        and prior.reason == "background_reference"
        and last.payload == "kill"
        and t in _MANNER
        and h.tok_start - last.tok_end <= 3
    ):
        # "ردا على مقتل مستوطن طعنا": the manner of the referenced death is that death, not an attack of its own
        return prior
    if not (t.startswith("و") and _nominal(t[1:])):
        return None
    if h.tok_start - last.tok_end > 3:
        return None
    if any(toks.tok(k).startswith("و") for k in range(last.tok_end + 1, h.tok_start)):
        return None
    return prior


_CONSEQUENCE_VERBS = _words("consequence_verbs")


def _consequence_rejection(s: Seen, toks: _Tokens, h: Hit) -> Rejection | None:
    """ "وتشن المدفعية من حين لآخر قصفا على أطراف البلدة، ما أدى إلى هدم منازل": destruction told as the consequence of
    the trigger before it (a consequence verb at most three words before it) shares that trigger's rejection."""
    if h.payload != "loot" or not s.rejected:
        return None
    if not any(_unclitic(toks.tok(k)) in _CONSEQUENCE_VERBS for k in range(h.tok_start - 3, h.tok_start)):
        return None
    before = [x for x in s.triggers if x.tok_end < h.tok_start]
    if not before:
        return None
    last = max(before, key=lambda x: x.tok_end)
    return next((r for r in s.rejected if r.hit is last), None)


def _filter(s: Seen, lex: Lexicon, view: TextView, toks: _Tokens, a: int, b: int, doc: Document) -> None:
    cfg = lex.filter_cfg
    found: dict[str, list[Hit]] = find_busy(lex.filters, cfg, view, a, b)  # (the names with a hit here only)
    exempt = lex.filters["negation:exempt"].find(view, a, b) if "negation:exempt" in lex.filters else []
    neg = [h for h in found.get("negation", []) if not any(e.start <= h.start < e.end for e in exempt)]
    found["negation"] = neg
    for name in ("threat", "recap", "static"):
        # "بدعوة من التحالف": a call answered, not a call; "في وقت سابق من اليوم": earlier today, no recap;
        # "أصبحت تحت سيطرة": control that changed hands, a capture
        if found.get(name) and name + ":exempt" in lex.filters:
            ex = lex.filters[name + ":exempt"].find(view, a, b)
            found[name] = [h for h in found[name] if not any(e.start <= h.start < e.end for e in ex)]
    since = fold("منذ")
    found["background"] = [
        h
        for h in found.get("background", [])
        # "اليوم الأكثر دموية في غزة منذ 2014 قتل فيه 61": a superlative's "since" compares the incident with the
        # past, it does not make it a reference to an earlier one
        if fold(h.surface) not in (since, "و" + since)
        or not any(
            toks.tok(h.tok_start - d) in _SUPERLATIVES
            for d in range(1, 5)
            if not toks.boundary(h.tok_start - d, h.tok_start)
        )
    ]
    # "قد" is modal only before an imperfect verb ("قد تمكنت"، "قد تقدموا": a past form V verb starts with "ت" too)
    qad = fold("قد")
    found["modality"] = [
        h
        for h in found.get("modality", [])
        if fold(h.surface) != qad
        or (toks.tok(h.tok_end + 1)[:1] in ("ي", "ت", "ن") and not _past_verb(toks.tok(h.tok_end + 1)))
    ]
    families = lex.families
    apart = toks.hard_boundary if QUOTED_TRIGGER_FILTERS else toks.boundary
    first_tok = toks.index_of(a)
    # The window filters (words before a trigger) and the "_after" ones (words after it), each with its window,
    # reason and hits, taken once a sentence instead of once a trigger, and only those with a hit here: most
    # have none in a sentence, and a filter without a hit rejects nothing.
    window_specs, after_specs = _window_specs(cfg)
    window_filters = [(name, window, why, found[name]) for name, window, why in window_specs if found.get(name)]
    after_filters = [(window, why, found[name]) for name, window, why in after_specs if found.get(name)]
    for h in s.triggers:
        fam = str(h.payload)
        spec = families.get(fam, {})
        reason = None
        for name, window, why, hits in window_filters:
            if name in ("framework", "negotiation") and fam != "agreement":
                continue
            if name == "cessation" and fam == "agreement":
                continue
            if name == "static" and fam not in ("capture", "base"):
                continue
            for f in hits:
                if f.tok_end < h.tok_start and h.tok_start - f.tok_end <= window and not apart(f.tok_end, h.tok_start):
                    reason = (why, f.surface)
                    break
            if reason:
                break
        if reason is None and "organisation" in found:
            t = toks.tok(h.tok_start)
            if t[:1] not in ("ب", "ل", "ك", "و", "ف") or t.startswith(("ال", "تح")):
                for f in found["organisation"]:
                    # "حركة التحرير"، "هيئة تحرير الشام": the noun right before names the group; a clitic-led
                    # trigger ("بقصف"، "لتحرير") or a verb form is a phrase, not a name
                    if f.tok_end == h.tok_start - 1 and not fold(f.surface).startswith("ال") and _nominal(t):
                        reason = (str(cfg["organisation"].get("reason", "name")), f.surface)
                        break
        for window, why, hits in after_filters:
            # words right after the trigger: "هجوم الحكومة المتوقع" (future), "ضبط النفس" (idiom)
            if reason is not None:
                break
            for f in hits:
                if (
                    f.tok_start > h.tok_end
                    and f.tok_start - h.tok_end <= window
                    and not toks.boundary(h.tok_end, f.tok_start)
                ):
                    reason = (why, f.surface)
                    break
        if (
            reason is None
            and fam == "capture"
            and toks.tok(h.tok_start)[:1] == "ل"
            and not fold(h.surface).startswith("ل")
        ):
            reason = ("purpose", h.surface)  # "لتحرير المدينة"، "للسيطرة على": lam + masdar states an aim
        if reason is None and MOTIVE_ARREST and fam == "arrest" and _motive_before(toks, h):
            reason = ("motive_not_event", h.surface)
        if reason is None and _embedded_pluperfect(toks, h, first_tok):
            reason = ("background_reference", "كان ... قد")
        if reason is None and "background" in cfg:
            cue = _relative_in_reference(toks, h, found.get("background", []))
            if cue:
                reason = (str(cfg["background"].get("reason", "background_reference")), cue)
        if reason is None and "comparison" in cfg:
            cue = _relative_in_reference(toks, h, found.get("comparison", []))
            if cue:
                reason = (str(cfg["comparison"].get("reason", "generic")), cue)
        if (
            reason is None
            and "motive" in cfg
            and any(f.tok_start == h.tok_start for f in found.get("motive", []))
            and not _crowd(s)
        ):
            reason = (str(cfg["motive"].get("reason", "motive_not_event")), h.surface)
        if reason is None and "claim_frame" in cfg:
            cue = _claim_frame(toks, h, found.get("claim_frame", []), cfg["claim_frame"])
            if cue:
                reason = (str(cfg["claim_frame"].get("reason", "hypothetical")), cue)
        if (
            reason is None
            and fam == "capture"
            and "state_adjective" in cfg
            and any(f.tok_start == h.tok_start for f in found.get("state_adjective", []))
        ):
            reason = (str(cfg["state_adjective"].get("reason", "static_control")), h.surface)
        if reason is None and fam == "capture" and not s.dates and _describes_actor(s, toks, h):
            reason = ("actor_description", h.surface)
        if reason is None:
            inherited = _coordinated_rejection(s, toks, h) or _consequence_rejection(s, toks, h)
            if inherited is not None:
                reason = (inherited.reason, inherited.cue)
        if reason is None and spec.get("weak"):
            continue
        if reason is None:
            s.live.append(h)
        else:
            s.rejected.append(Rejection(h, reason[0], reason[1]))
    # a sentence that reports a statement: the head verb is an opinion/position verb
    first = toks.index_of(a)
    heads = [
        h
        for h in found.get("quotation", []) + found.get("threat", [])
        if h.tok_start - first <= 3
        # "رفع المحتجون شعارات تندد بالفساد": what placards and slogans say is no statement of the sentence's
        and not (SIGN_CONTENT and _unclitic(toks.tok(h.tok_start - 1)) in _SIGNS)
    ]
    accuse, report = _report_sets()
    if report.find(view, a, b):
        # an accusation made in a report is a statement about conduct
        heads += [h for h in accuse.find(view, a, b) if h.tok_start - first <= 3]
    if heads:
        # the sentence is a statement, warning or call: its triggers are incidents only with anchors
        s.statement = min(heads, key=lambda h: h.tok_start).surface
    rec = found.get("recap", [])
    if EARLIER_OPENING and rec:
        # "وفي وقت سابق، أعلن المتحدث مقتل 11": "earlier," opening a sentence is earlier in the day's news, no recap
        rec = [h for h in rec if not _earlier_opening(doc, toks, h, first)]
    since = fold("منذ")
    recent_days: list[int] = []
    for m in s.dates:
        j = toks.index_of(m.span.start)
        recent = (
            isinstance(m.value, date)
            and doc.published is not None
            and m.value >= doc.published - timedelta(days=BACKGROUND_DAYS)
        )
        governed = any(toks.tok(j - d) in (since, "و" + since) for d in (1, 2))
        if governed and not recent:
            s.recap = True
        if (
            recent
            and not governed
            and (
                (m.attrs or {}).get("kind") == "absolute"
                or (RECAP_WEEKDAY and (m.attrs or {}).get("kind") == "weekday" and bool(s.places))
            )
            and (m.attrs or {}).get("precision") == 1
        ):
            # a calendar day ("يوم 2015/7/19م"), not a relative word that a recap phrase may hold ("هذا الشهر")
            recent_days.append(j)
    if rec and not (RECAP_NEAREST and _dated_apart_from_recap(s, rec, recent_days)):
        s.recap = True


_WINDOW_FILTERS = (
    "negation",
    "denial",
    "future",
    "threat",
    "cessation",
    "modality",
    "indefinite",
    "static",
    "framework",
    "negotiation",
    "generic",
    "background",
)
_WindowSpec = tuple[str, int, str]
_SPECS: list[tuple[dict[str, Any], bool, tuple[list[_WindowSpec], list[_WindowSpec]]]] = []


def _window_specs(cfg: dict[str, dict[str, Any]]) -> tuple[list[_WindowSpec], list[_WindowSpec]]:
    """``(name, window, reason)`` of the filters that look before a trigger (in the order _filter tries them) and of
    those that look after it (``*_after``), read from the filter configuration once (it is built once a process;
    _filter asked for them for every sentence). Kept with the configuration object and the CONCERN switch."""
    for kept, concern, specs in _SPECS:
        if kept is cfg and concern == CONCERN:
            return specs
    names = (*_WINDOW_FILTERS, *(("concern",) if CONCERN else ()))
    before = [(n, int(cfg[n].get("window", 3)), str(cfg[n].get("reason", n))) for n in names if n in cfg]
    after = [(n, int(cfg[n].get("window", 3)), str(cfg[n].get("reason", n))) for n in cfg if n.endswith("_after")]
    specs = (before, after)
    if len(_SPECS) > 8:  # a process has one configuration; tests build a few
        _SPECS.clear()
    _SPECS.append((cfg, CONCERN, specs))
    return specs


_EARLIER = fold("في وقت سابق")
_SIGNS = _words("protest_signs")
_EARLIER_COMMA = re.compile(r"\s*[,\u060c]")


def _earlier_opening(doc: Document, toks: _Tokens, h: Hit, first: int) -> bool:
    """ "وفي وقت سابق، أعلن": the recap phrase "في وقت سابق" opens the sentence and a comma closes it."""
    opens = h.tok_start == first or (h.tok_start == first + 1 and toks.tok(first) == "\N{ARABIC LETTER WAW}")
    return (
        fold(h.surface) == _EARLIER
        and opens
        and _EARLIER_COMMA.match(doc.text, toks.view.orig(toks.ends[h.tok_end])) is not None
    )


def _dated_apart_from_recap(s: Seen, rec: list[Hit], recent_days: list[int]) -> bool:
    """ "ناضل منذ عام 2007 حتى استشهد يوم 2015/7/19م": a trigger with a recent calendar day of its own, at least as
    near as any recap cue and no recap cue standing between the two, is told as a current incident; the recap words
    belong to another part of the sentence."""

    def gap(a: int, b: int, h: Hit) -> int:
        return a - h.tok_end if a > h.tok_end else h.tok_start - b

    for h in s.triggers:
        to_recap = min(gap(c.tok_start, c.tok_end, h) for c in rec)
        for j in recent_days:
            lo, hi = min(h.tok_start, j), max(h.tok_end, j)
            if gap(j, j, h) <= to_recap and not any(lo <= c.tok_start <= hi for c in rec):
                return True
    return False


# ---------------------------------------------------------------------------------------------------- deciding


def _nominal(tok: str) -> bool:
    """A masdar-like noun ("التحرير"، "تحرير"), not a conjugated verb ("قصفت"، "استهدف")."""
    return tok.startswith("ال") or (tok.startswith(("ت", "ا", "إ", "م")) and not tok.endswith(("ت", "وا")))


def _has(s: Seen, cue: str) -> bool:
    return bool(s.cues.get(cue))


def _agreement_first(s: Seen, fams: set[str]) -> bool:
    """ "أكدت حماس التوصل إلى وقف لإطلاق النار إثر تصعيد شنت خلاله إسرائيل غارات": a ceasefire reached, with every
    violent trigger told after it behind a cause word (إثر، عقب): the violence is its background."""
    if "agreement" not in fams or not _has(s, "ceasefire"):
        return False
    agreed = min(h.tok_start for h in s.live if h.payload == "agreement")
    violent = [h for h in s.live if h.payload in VIOLENT | {"capture"}]
    if not violent or min(h.tok_start for h in violent) < agreed:
        return False
    first = min(h.tok_start for h in violent)
    return any(agreed < c.tok_start < first for c in s.cues.get("cause_after", []))


def _air_attacks(s: Seen) -> bool:
    """ "كثف طيران التحالف من هجماته"، "هاجمت طائرات مسيرة مواقع": the first clash word is an attack word whose doer
    is an air force (its word a few words before, or right after the verb), and no exchange of fire is told after it
    (a later "للمواجهة مع المقاومة" names a front, not another act)."""
    clash = sorted((h for h in s.live if h.payload == "clash"), key=lambda h: h.tok_start)
    assault = s.cues.get("assault", [])
    air = s.cues.get("air_force", [])
    if not clash or not air:
        return False
    h = clash[0]
    if not any(c.start <= h.start < c.end for c in assault):
        return False
    if any(fold(x.surface).startswith(_FIGHT_WORDS) and fold(x.surface) != _CONFRONT_ONE for x in clash[1:]):
        return False
    before = any(0 < h.tok_start - c.tok_end <= AIR_ATTACK_REACH for c in air)
    after = any(0 < c.tok_start - h.tok_end <= 1 for c in air) and _unclitic(fold(h.surface)).startswith(_ATTACK_VERB)
    return before or after


def _front(s: Seen) -> bool:
    """A front-line cue that is not part of an actor's name ("في جبهة العند", not "في جبهة النصرة")."""
    return any(not any(x.hit.start < c.end and c.start < x.hit.end for x in s.actors) for c in s.cues.get("front", []))


def _seized_devices(s: Seen) -> bool:
    """Every live explosion trigger is a device seized, found or ready for use: a word of seizing or finding stands
    at most SEIZE_REACH words before it ("ضبط معهم بندقيتين وعبوة ناسفة")."""
    bombs = [h for h in s.live if h.payload == "explosion"]
    return bool(bombs) and all(
        any(0 <= h.tok_start - d.tok_end <= SEIZE_REACH and d.tok_end < h.tok_start for d in s.cues.get("seize", []))
        for h in bombs
    )


def _destroyed_devices(s: Seen) -> bool:
    """Every live explosion trigger has a word of destroying or dismantling at most three words before it
    ("تدمير خمس سيارات مفخخة"، "تفكيك عبوة ناسفة"; four with a count: "تدمير 5 طائرات مسيرة مفخخة")."""
    bombs = [h for h in s.live if h.payload == "explosion"]
    reach = 4 if DEVICE_RELATIVE else 3
    return bool(bombs) and all(
        any(0 <= h.tok_start - d.tok_end <= reach and d.tok_end < h.tok_start for d in s.cues.get("destroy", []))
        for h in bombs
    )


def _describes_device(s: Seen, h: Hit) -> bool:
    """ "تدمير 5 طائرات مسيرة مفخخة استهدفت مناطق": a verb right after a destroyed device is its relative clause
    (an indefinite noun takes its relative without "التي"): what the device was sent to do, not an incident. A word
    joined by "و" ("مفخخة واستهداف 12 هدفا") is another act."""
    if not DEVICE_RELATIVE or h.surface.startswith("\N{ARABIC LETTER WAW}"):
        return False
    return any(b.payload == "explosion" and h.tok_start - b.tok_end == 1 for b in s.live)


def decide(s: Seen) -> tuple[str | None, str | None, str]:
    """The sub-event type of a sentence's surviving triggers, the deciding family, and why."""
    fams = {str(h.payload) for h in s.live}
    crowd = any(x.kind in ("protester", "rioter") for x in s.actors)
    if crowd and _has(s, "intervention") and not any(r.hit.payload == "protest" for r in s.rejected):
        # "تدخلت قوات الأمن لتفريق المتظاهرين": the crowd and its dispersal make the protest event
        fams.add("protest")
    destroyed = DESTROYED_DEVICES and _destroyed_devices(s)
    if destroyed:
        # "تمكنت القوات من تدمير خمس سيارات مفخخة": the explosives were destroyed before they went off; another
        # incident of the sentence (the operation that destroyed them) decides, else the disruption is the event
        fams.discard("explosion")
        # a trigger that only describes a destroyed device ("مفخخة استهدفت مناطق") is no other incident
        told = {str(h.payload) for h in s.live if not _describes_device(s, h)}
        if not (fams & told & VIOLENT) and not (fams - {str(h.payload) for h in s.live}) & VIOLENT:
            return "Disrupted weapons use", "intercept", "explosive devices destroyed or dismantled"
    if SEIZED_DEVICES and "explosion" in fams and _seized_devices(s):
        # "ضبط بحوزتهم على بنادق وعبوة ناسفة": explosives seized or found never went off; another trigger decides
        fams.discard("explosion")
    kill_hits = [h for h in s.triggers if h.payload == "kill" and not any(r.hit is h for r in s.rejected)]
    if not fams and kill_hits and s.dates and any(x.kind == "protester" for x in s.actors) and not _has(s, "ied"):
        # "مقتل اثنين من المتظاهرين في المدينة السبت": demonstrators killed on a given day, no other incident told,
        # were killed by the force facing them (GUIDELINE: security forces firing on demonstrators); undated, such
        # a sentence is mostly a recap of an earlier day's toll
        return "Excessive force against protesters", "protest", "protesters killed"
    if not fams and kill_hits:
        if _has(s, "crash"):
            # "تحطمت طائرة ركاب ... مما أسفر عن مقتل 100": an accident, its aircraft no air cue
            return None, None, "deaths in an accident (crash), no attack told"
        # a death with its cause named ("قتل ... بغارة") stands for the cause
        if _has(s, "air"):
            return "Air/drone strike", "kill", "death + air cue"
        if _has(s, "suicide"):
            return "Suicide bomb", "kill", "death + suicide cue"
        if _has(s, "ied"):
            return "Remote explosive/landmine/IED", "kill", "death + explosive cue"
        if _has(s, "artillery"):
            return "Shelling/artillery/missile attack", "kill", "death + artillery cue"
        if _has(s, "shooting") and any(x.kind == "armed" for x in s.actors):
            return "Attack", "kill", "death + shooting cue"
        if _has(s, "operation") and any(x.kind == "armed" for x in s.actors):
            # "لقي 14 عنصرا مصرعهم خلال عملية عسكرية": deaths in a security/military operation are a fight
            return "Armed clash", "kill", "death + security/military operation"
        if DEATH_AT_FRONT and _front(s):
            return "Armed clash", "kill", "death on a front line"
        if INFLICTED_CASUALTIES and _has(s, "inflicted"):
            armed = any(h.payload == "armed" for h in s.cues["inflicted"])
            return ("Armed clash" if armed else "Attack"), "kill", "casualties inflicted by a party"
        if KILLED_BY_HAND and _has(s, "by_hand"):
            # "قتلت امرأة وطفلاها على يد مسلحين": an armed party named as the killers ("at the hands of"); the
            # victims are the other parties named
            killers = [
                x
                for x in s.actors
                if x.kind == "armed" and any(0 < x.hit.tok_start - c.tok_end <= 1 for c in s.cues["by_hand"])
            ]
            if killers:
                armed_victims = any(x.kind == "armed" and x not in killers for x in s.actors)
                return ("Armed clash" if armed_victims else "Attack"), "kill", "deaths at the hands of an armed party"
        if KILL_WITH_PLACE and s.places and s.numbers and any(x.kind in ("armed", "civilian") for x in s.actors):
            # "قتل 5 جنود في هجوم ..." without a weapon: deaths at a named place, victims named
            armed_victims = any(x.kind == "armed" for x in s.actors)
            return ("Armed clash" if armed_victims else "Attack"), "kill", "deaths at a named place"
        return None, None, DEATHS_ONLY
    if not fams:
        if s.rejected:
            r = s.rejected[0]
            return None, None, f"trigger {r.hit.surface!r} rejected: {r.reason} ({r.cue})"
        return None, None, "no trigger"
    if AGREEMENT_FIRST and _agreement_first(s, fams):
        return "Agreement", "agreement", "agreement reached after the violence told as its cause"
    if "chemical" in fams:
        return "Chemical weapon", "chemical", "chemical weapon named"
    if "sexual" in fams:
        return "Sexual violence", "sexual", "sexual violence"
    if "suicide" in fams or (_has(s, "suicide") and fams & {"explosion", "attack", "clash"}):
        return "Suicide bomb", "suicide", "suicide attack named"
    if "intercept" in fams and _has(s, "drone_or_missile") and "protest" in fams and "riot" not in fams:
        # "أسقط محتجون طائرة مسيرة خلال مسيرة": the act is the interception
        return "Disrupted weapons use", "intercept", "interception by a crowd"
    storming = any(h.payload == "capture" and _unclitic(fold(h.surface)).startswith(_STORM_STEMS) for h in s.live)
    if "protest" in fams or (crowd and (fams & {"riot", "clash", "arrest", "attack"} or storming)):
        if "riot" in fams or (_has(s, "riot") and any(x.kind == "protester" for x in s.actors) and "clash" in fams):
            return "Violent demonstration", "riot", "protest with violence by demonstrators"
        if (
            CROWD_CLASHES
            and "protest" not in fams
            and not _has(s, "live_fire")
            and any(x.kind == "protester" for x in s.actors)
            and any(
                h.payload == "clash" and _undefined(_unclitic(fold(h.surface))).startswith((_CONFRONT, _CLASH_NOUN))
                for h in s.live
            )
        ):
            # "الصدامات التي وقعت بين متظاهرين وقوات الأمن": demonstrators in clashes with a force, told as clashes
            # and not as a protest, riot (as YOUTH_RIOTS)
            return "Violent demonstration", "riot", "clashes of demonstrators with a force"
        if crowd and storming:
            # "حاول مئات المتظاهرين اقتحام مبنى المحافظة": a crowd storming or taking a building riots, it does
            # not fight a battle
            return "Violent demonstration", "riot", "demonstrators storming a place"
        if kill_hits and (_has(s, "live_fire") or _has(s, "shooting")):
            return "Excessive force against protesters", "protest", "deaths/live fire against protesters"
        if _has(s, "intervention") or "arrest" in fams:
            return "Protest with intervention", "protest", "protest dispersed or arrests"
        return "Peaceful protest", "protest", "protest without intervention"
    clash_hits = [h for h in s.live if h.payload == "clash"]
    if (
        YOUTH_RIOTS
        and clash_hits
        and not kill_hits
        and all(_unclitic(fold(h.surface)).startswith(_CONFRONT) for h in clash_hits)
        and any(0 < c.tok_start - h.tok_end <= 2 for c in s.cues.get("youth_crowd", []) for h in clash_hits)
    ):
        # "وقعت مواجهات بين شبان وقوات الاحتلال": youths facing a force riot, they are no armed side
        return "Violent demonstration", "riot", "confrontation of youths with a force"
    forces_hit = any(x.kind == "armed" and 0 < x.hit.tok_start - k.tok_end <= 4 for x in s.actors for k in kill_hits)
    if any(h.payload == "arrest" and _unclitic(fold(h.surface)).startswith(_RAID_STEMS) for h in s.live) and (
        any(h.payload == "clash" for h in s.triggers) or forces_hit
    ):
        # "داهمت قوات الأمن منزلا وتبادلت إطلاق النار مع مسلحين"، "قتل ثلاثة رجال أمن خلال مداهمة": a raid met
        # with fire, or in which armed men were killed or wounded, is a fight at the raid's place (also when the
        # exchange of fire is told as its antecedent, "بعد")
        return "Armed clash", "clash", "raid with an exchange of fire or deaths"
    if "riot" in fams:
        return "Violent demonstration", "riot", "riot"
    if "suicide" in fams or (_has(s, "suicide") and fams & {"explosion", "attack", "clash"}):
        return "Suicide bomb", "suicide", "suicide attack named"
    if "intercept" in fams and _has(s, "drone_or_missile"):
        return "Disrupted weapons use", "intercept", "interception/defusal of a weapon"
    if (
        STORM_ARRESTS
        and storming
        and "arrest" in fams
        and not fams & (VIOLENT - {"capture", "arrest"})
        and not any(h.payload == "capture" and not _unclitic(fold(h.surface)).startswith(_STORM_STEMS) for h in s.live)
    ):
        # "اقتحمت القوات بلدة ... واعتقلت شابين": storming a town to arrest people is a raid, the arrests are the
        # event; no place changes hands (a capture word other than storming, "سيطرت"، still decides below)
        return "Arrests", "arrest", "storming with arrests: a raid"
    if "capture" in fams and (_has(s, "territory") or s.places):
        return "Government regains territory", "capture", "capture of a place (sub-type set by actor1)"
    if "grenade" in fams:
        first = min(h.tok_start for h in s.live if h.payload == "grenade")
        if FIRE_RETURNED and any(
            h.payload == "clash" and h.tok_start > first and _unclitic(fold(h.surface)).startswith(_FIGHT_WORDS)
            for h in s.live
        ):
            # "بإلقاء قنبلة يدوية على العربة ثم اندلاع مواجهات": the grenade opened a fight
            return "Armed clash", "clash", "grenade that opens a fight"
        return "Grenade", "grenade", "grenade named"
    if "explosion" in fams:
        if _has(s, "ied") or not (_has(s, "air") or _has(s, "artillery")):
            return "Remote explosive/landmine/IED", "explosion", "explosion, no suicide or air/artillery cue"
        if _has(s, "air"):
            return "Air/drone strike", "explosion", "explosion caused from the air"
        return "Shelling/artillery/missile attack", "explosion", "explosion of a shell/missile"
    if "air_strike" in fams:
        return "Air/drone strike", "air_strike", "air strike"
    if "shelling" in fams:
        shelling = [h for h in s.live if h.payload == "shelling"]
        # the verb or its masdar ("فضلا عن استهداف المدنيين برصاص القناصة")
        generic_target = all(fold(h.surface).startswith(_TARGETING) for h in shelling)
        if _has(s, "air"):
            return "Air/drone strike", "shelling", "bombardment + air cue (GUIDELINE)"
        first = min(h.tok_start for h in shelling)
        if FIRE_RETURNED and any(
            h.payload == "clash" and h.tok_start > first and _unclitic(fold(h.surface)).startswith(_FIGHT_WORDS)
            for h in s.live
        ):
            # "استهدفت نقطة أمنية بقذيفة صاروخية ... لتندلع اشتباكات"، "استهدفوا حاجزا ... ما أدى إلى تبادل لإطلاق
            # النار": the fire that opens a fight is part of it (ACLED: remote violence within a battle is the battle)
            return "Armed clash", "clash", "fire that opens a fight"
        if generic_target and _has(s, "ied") and not destroyed:
            return "Remote explosive/landmine/IED", "shelling", "targeting with an explosive"
        if generic_target and _has(s, "shooting") and not _has(s, "artillery"):
            return "Attack", "attack", "targeting by gunfire"
        if generic_target and not _has(s, "artillery") and "clash" in fams:
            return "Armed clash", "clash", "targeting in a clash"
        if generic_target and not _has(s, "artillery") and _has(s, "operation"):
            return "Armed clash", "shelling", "targeting in a security/military operation"
        return "Shelling/artillery/missile attack", "shelling", "bombardment, no air cue (GUIDELINE)"
    if "abduction" in fams:
        return "Abduction/forced disappearance", "abduction", "abduction"
    if AIR_ATTACKS and fams == {"clash"} and _air_attacks(s):
        # the strikes of an air force ("كثف الطيران من هجماته")
        return "Air/drone strike", "air_strike", "attacks by an air force"
    if "attack" in fams and "clash" in fams and DEATH_IN_FIGHT and _has(s, "during_fight"):
        # "مقتل شاب بالرصاص خلال اشتباكات في المخيم": a casualty of the fight
        return "Armed clash", "clash", "a shooting during a clash"
    if "attack" in fams:
        return "Attack", "attack", "attack on people (victims decide clash vs attack)"
    if "clash" in fams:
        return "Armed clash", "clash", "armed clash"
    if "arrest" in fams:
        return "Arrests", "arrest", "arrests"
    if "intercept" in fams:
        return None, None, "interception without a weapon named"
    if "agreement" in fams and _has(s, "ceasefire"):
        return "Agreement", "agreement", "agreement/ceasefire reached"
    if "loot" in fams:
        return "Looting/property destruction", "loot", "looting or destruction"
    if "change" in fams:
        return "Change to group/activity", "change", "change to group/activity"
    if (
        "transfer" in fams
        and _has(s, "territory")
        and (not TRANSFER_FORCES or any(x.kind == "armed" for x in s.actors))
    ):
        return "Non-violent transfer of territory", "transfer", "withdrawal/handover"
    if "base" in fams:
        return "Headquarters or base established", "base", "base established"
    if "capture" in fams:
        return None, None, "capture word without a place"
    return None, None, "trigger family needs a cue it lacks"


# ---------------------------------------------------------------------------------------------------- roles


def _masc_verb(tok: str) -> bool:
    """ "واعتقل"، "داهمه": a masculine past verb whose masdar is another word (`coder_words.yaml masc_past_verbs`),
    maybe with an object pronoun."""
    t = tok[1:] if tok[:1] in ("و", "ف") and len(tok) > 4 else tok
    if t in _MASC_VERBS:
        return True
    return any(t.endswith(p) and t[: -len(p)] in _MASC_VERBS for p in _OBJECT_PRONOUNS)


def _past_verb(tok: str) -> bool:
    """A finite past verb by its ending: feminine "-ت" (أسقطت، اعترضت) or plural "-وا" (قصفوا); a plural noun
    ("غارات") or a definite word is not."""
    t = tok[1:] if tok[:1] in ("و", "ف") and len(tok) > 4 else tok
    if t.startswith("ال") or len(t) < 4:
        return False
    return (t.endswith("ت") and not t.endswith("ات")) or t.endswith("وا")


_COUNTED_AFTER_DEATH_WHY = "counted after a death word ('قتل 8 مسلحين')"  # (the next actor reads it back)


def _roles(s: Seen, doc: Document, family: str | None) -> None:
    view = _view(doc)
    toks = _Tokens(view)
    sets = _role_sets()
    words = _role_words()
    a, b = s.span.start, s.span.end
    agents = sets["agent_markers"].find(view, a, b)
    # a preposition with its own pronoun object ("سيطر عليها النظام") governs no noun after it
    patients = [
        m
        for m in sets["patient_markers"].find(view, a, b)
        if toks.tok(m.tok_end) not in words["pronoun_preps"] and toks.tok(m.tok_end + 1) not in _COMPLEMENTISERS
    ]
    between = [
        m
        for m in sets["between"].find(view, a, b)
        if fold(toks.tok(m.tok_end)).removeprefix("و") not in words["among_pronoun"]
    ]
    casualty_toks = {
        i
        for h in sets["death_words"].find(view, a, b) + sets["injury_words"].find(view, a, b)
        for i in range(h.tok_start, h.tok_end + 1)
    }
    live = s.live
    families = lexicon().families
    capture = any(h.payload == "capture" for h in live)
    intercept = any(h.payload == "intercept" for h in live)
    trig_ends = {h.tok_end for h in s.triggers}
    launch = fold("أطلق")
    counted = False
    prev: ActorHit | None = None
    # "قتلت قوات الأمن 3 مسلحين": the party and its victims read by `_inflicted`
    inflicted = {h.tok_start for h in s.cues.get("inflicted", ())}
    inflicter = {h.tok_start for h in s.cues.get("inflicter", ())}
    for x in s.actors:
        last_hit, prev = prev, x
        i = x.hit.tok_start
        if i in inflicted or i in inflicter:
            x.role, x.why = ("patient", "casualties inflicted on it") if i in inflicted else ("agent", "inflicts them")
            continue
        if x.kind == "civilian" and any(
            m.span.start <= x.hit.start < m.span.end
            or (
                m.span.end <= x.hit.start
                and not view.text[m.span.end : x.hit.start].strip()
                and _proclitic(toks, x).startswith("ل")
            )
            for m in s.places
        ):
            # "مخيم عين الحلوة للاجئين": a victim noun inside or describing a place's name names no victim
            x.role, x.why = "place", "inside a place name"
            continue
        if (
            PLACE_NAME_ACTOR
            and x.kind == "armed"
            and any(
                m.span.start <= x.hit.start
                and x.hit.end <= m.span.end
                and (re.match(_DIR_WORD, fold(m.span.text)) or (m.span.start == x.hit.start and _locative(doc, m)))
                for m in s.places
            )
        ):
            # "سقطت قذيفة على منزلهم في جنوب إسرائيل": a state's name in a direction of it ("جنوب إسرائيل") or
            # named alone after a locative is that place, no party ("الحدود بين القطاع وإسرائيل" keeps its party)
            x.role, x.why = "place", "inside a place name"
            continue
        if x.kind == "civilian":
            if any(0 < i - m.tok_end <= 1 and not toks.hard_boundary(m.tok_end, i) for m in agents) and (
                x.hit.tok_start == x.hit.tok_end
            ):
                # "هجوم شنه رجل"، "على يد شاب": one person named as the doer is a sole perpetrator, not a victim
                x.role, x.why = "agent", "a person after an agent marker (sole perpetrator)"
                continue
            x.role, x.why = "patient", "victim noun"
            continue
        first = toks.tok(i)
        if (
            x.entries[0].get("id") == "unidentified"
            and x.hit.tok_start == x.hit.tok_end
            and not first.endswith(("ون", "ين"))
            and i - 1 in trig_ends
            and _definite(first)
            and _definite(toks.tok(i - 1))
        ):
            # "التفجير الإرهابي"، "الهجوم المسلح": an adjective of the incident, not a party to it (a definite noun
            # and a definite adjective; "وطعن مسلح" is a verb and its subject)
            x.role, x.why = "adjective", "adjective of the trigger"
            continue
        if (
            last_hit is not None
            and last_hit.role
            and last_hit.entries[0].get("id") == x.entries[0].get("id")
            and not view.key[view.to_key(last_hit.hit.end) : view.to_key(x.hit.start)].strip(" \"«»“”'")
        ):
            # "حركة التحرير الوطني الفلسطيني «فتح»": a name in apposition shares the role of the name before it
            x.role, x.why = last_hit.role, "apposition"
            continue
        if (
            COORDINATED_PATIENT
            and last_hit is not None
            and last_hit.role == "patient"
            and last_hit.kind == "armed"
            and last_hit.hit.tok_end == i - 1
            and _proclitic(toks, x).startswith("و")
            and not toks.boundary(i - 1, i)
        ):
            # "مواقع لحركتي حماس والجهاد الإسلامي": a party joined by "و" to a target is a target too
            x.role, x.why = "patient", "joined by 'و' to a target"
            continue
        if (
            last_hit is not None
            and last_hit.kind == "civilian"
            and last_hit.hit.tok_end == i - 1
            and not _proclitic(toks, x)
        ):
            # "مسجد قوات الطوارئ"، "مهندس الطيران": the genitive of a victim noun belongs to the victim
            x.role, x.why = "patient", "genitive of a victim noun"
            continue
        if (toks.tok(i - 1) in words["pronoun_preps"] and _unclitic(toks.tok(i - 2)) in words["holder_verbs"]) or (
            _unclitic(toks.tok(i - 1)) in words["control_nouns"] and _unclitic(toks.tok(i - 2)) in words["holder_heads"]
        ):
            # "بلدة تسيطر عليها قوات سوريا الديمقراطية"، "المناطق الخاضعة لسيطرة الحوثيين": who holds the place hit
            # is on the receiving side, not the attacker
            x.role, x.why = "holder", "holder of the place ('تسيطر عليها X')"
            continue
        if toks.tok(i - 1) == fold("في") and _bare(toks.tok(i - 2)) in words["members"] | {
            _bare(w) for w in words["members"]
        }:
            # "المسؤول في حركة فتح": the organisation of a person named, who is the victim (neither side itself)
            x.role, x.why = "member", "organisation of a person ('المسؤول في ...')"
            continue
        if intercept and toks.tok(i - 1).startswith(launch):
            # "اعتراض صاروخ أطلقه الحوثيون": the launcher of an intercepted weapon is the interceptor's target
            x.role, x.why = "patient", "launcher of the intercepted weapon"
            continue
        if any(
            (
                0 < i - m.tok_end <= 2
                and not toks.hard_boundary(m.tok_end, i)
                and not (i - m.tok_end == 1 and _proclitic(toks, x).startswith("و"))
            )
            # "بغارة إسرائيلية": the marker heads the actor phrase itself
            or (MARKER_HEADED_AGENT and m.tok_start == i and x.hit.tok_end > m.tok_end)
            for m in agents
        ):
            # (a name joined by "و" right after the marker is the other party: "من طرف والقوات النظامية من طرف آخر")
            x.role, x.why = "agent", "after an agent marker"
            continue
        if fold(toks.tok(i - 1)).removeprefix("و") in words["among_pronoun"]:
            # "قتل وأصيب عشرات الأشخاص ومن بينهم جنود": the noun after "among them" is one of the victims
            x.role, x.why = "patient", "among the victims ('ومن بينهم جنود')"
            continue
        # "12 من الحوثيين"، "31 من مسلحي ميليشيات الحوثي" (one member noun between)
        if any(
            toks.tok(i - 1 - d) == fold("من")
            and any(toks.index_of(max(n.span.start, n.span.end - 1)) == i - 2 - d for n in s.numbers)
            for d in (0, 1)
        ):
            after = x.hit.tok_end + 1
            if _past_verb(toks.tok(after)) and after not in casualty_toks and not toks.boundary(x.hit.tok_end, after):
                # "12 عنصرا من طالبان تخلوا عن أسلحتهم": the counted members are the subject of the verb after
                x.role, x.why = "agent", "counted members, subject of the verb after"
                continue
            if SUBJECT_COUNT and _verb_before_count(s, toks, i, casualty_toks):
                # "بعد أن فتح مسلحان من خلايا التنظيم النار": the counted members are the subject of the verb before
                x.role, x.why = "agent", "counted members, subject of the verb before"
                continue
            x.role, x.why = "patient", "counted victims ('12 من مسلحي ...')"
            counted = True
            continue
        if (
            x.hit.tok_end + 1 in casualty_toks
            and not toks.boundary(x.hit.tok_end, x.hit.tok_end + 1)
            and any(toks.index_of(max(n.span.start, n.span.end - 1)) == i - 1 for n in s.numbers)
        ):
            # "6 حوثيين قتلوا برصاص المقاومة": counted people followed by their death are the dead
            x.role, x.why = "patient", "counted dead ('6 حوثيين قتلوا')"
            counted = counted or COUNTED_AFTER_DEATH
            continue
        if COUNTED_AFTER_DEATH and _counted_after_death(s, toks, i, casualty_toks):
            # "قتل 8 مسلحين في مواجهات مع الجيش"، "مقتل 30 مسلحا": the people counted right after a death word
            x.role, x.why = "patient", _COUNTED_AFTER_DEATH_WHY
            counted = True
            continue
        if (
            COUNTED_AFTER_DEATH
            and last_hit is not None
            and last_hit.why == _COUNTED_AFTER_DEATH_WHY
            and last_hit.hit.tok_end == i - 1
            and not _proclitic(toks, x)
        ):
            # "قتل 8 مسلحين حوثيين": the nisba after the counted dead names their side (the unidentified noun is
            # one of its members, no second party)
            x.role, x.why = "patient", _COUNTED_AFTER_DEATH_WHY
            if last_hit.entries[0].get("id") == "unidentified":
                last_hit.role, last_hit.why = "member", "counted dead of the group named after them"
            continue
        if (
            MEMBER_OF_DEAD
            and toks.tok(i - 1) == _MIN
            and (
                (_bare(toks.tok(i - 2)) in _singular_victims() and i - 3 in casualty_toks)
                or _counted_after_death(s, toks, i - 2, casualty_toks)
            )
            and not toks.boundary(i - 3, i)
        ):
            # "قتل عنصر من حزب الله"، "مقتل مقاتل من الحركة"، "قتل 20 عنصرا من الميليشيات": members killed, of the
            # group after "من"
            x.role, x.why = "patient", "group of the members killed ('قتل عنصر من ...')"
            counted = True
            continue
        if _unclitic(toks.tok(i - 1)) in words["casualty_masdars"] or (
            toks.tok(i - 1) in _ADJECTIVE_ONE_OF and _unclitic(toks.tok(i - 2)) in words["casualty_masdars"]
        ):
            # "مقتل جندي"، "إصابة عنصر من الشرطة"، "بمقتل أحد جنودها": the genitive of a death or injury masdar (or
            # of its "one of") is the casualty
            x.role, x.why = "patient", "killed or wounded ('مقتل جندي')"
            continue
        if toks.tok(x.hit.tok_end + 1) in _RELATIVES and x.hit.tok_end + 2 in casualty_toks:
            # "العسكري الذي قتل في الانفجار": a noun whose relative clause says it was killed or wounded is a victim
            x.role, x.why = "patient", "killed or wounded ('الذي قتل')"
            continue
        last = toks.tok(x.hit.tok_end)
        if (
            last.endswith("ون")
            and len(last) > 4
            and not any(0 < i - m.tok_end <= 1 and fold(m.surface) in _PREPOSITIONS for m in patients)
        ):
            # a nominative plural (الحوثيون، المسلحون) is a subject, even right after "استهدف"
            x.role, x.why = "agent", "nominative plural (subject)"
            continue
        if any(
            0 < i - m.tok_end <= 4
            and not toks.boundary(m.tok_end, i)
            and not any(m.tok_end < o.hit.tok_start < i for o in s.actors if o is not x)
            for m in between
        ):
            # "بين X و Y"، "بين مقاتلين من X ..."، "بين عناصر تابعة لX": the first party named after "بين"
            x.role, x.why = "agent", "first of 'بين X و Y'"
            continue
        if any(0 < i - m.tok_end <= 2 and not toks.hard_boundary(m.tok_end, i) for m in patients):
            x.role, x.why = "patient", "after a target marker"
            continue
        if toks.tok(i - 1) in _SUPPORT or toks.tok(i - 2) in _SUPPORT:
            x.role, x.why = "support", "supporting force ('بدعم'، 'بإسناد')"
            continue
        # only the noun right after a trigger is its subject or genitive; farther on it is an object's complement
        # ("سيطر عليها النظام": a preposition with its own pronoun may stand between)
        gap = 2 if toks.tok(i - 1) in words["pronoun_preps"] else 1
        trig_before = [h for h in live if 0 < i - h.tok_end <= gap and not toks.boundary(h.tok_end, i)]
        if trig_before:
            fam_before = str(trig_before[-1].payload)
            gen = families.get(fam_before, {}).get("genitive", "agent")
            if (
                _past_verb(toks.tok(trig_before[-1].tok_start))
                or gap == 2
                or (MASC_VERB_SUBJECT and _masc_verb(toks.tok(trig_before[-1].tok_start)))
            ):
                # "أسقطت قوات الجيش طائرة": the noun right after a finite past verb is its subject, whatever
                # the role of the masdar's genitive ("إسقاط الطائرة" = patient)
                gen = "agent"
            elif fam_before == "explosion" and int(x.entries[0].get("inter", 1)) in (2, 3, 4):
                # "تفجير المقاومة عبوة"، "تفجير داعش": an armed group after a bombing masdar is the bomber
                gen = "agent"
            x.role, x.why = gen, f"after trigger {trig_before[-1].surface!r} ({gen})"
            continue
        if capture and toks.tok(i - 1) == fold("من") and toks.tok(i - 2) in _FIGHTERS_FROM:
            # "مقاتلون من لواء الإسلام سيطروا على": the fighters' group made the capture
            x.role, x.why = "agent", "fighters of ('من' after a fighter noun)"
            continue
        if capture and toks.tok(i - 1) == fold("من"):
            # "استعادت قريتين من ميليشيات الحوثي": territory is taken from the party after "من"
            x.role, x.why = "patient", "taken from ('من' after a capture)"
            continue
        if ANNOUNCED_DEATHS and _announces_own_deaths(toks, x, s.actors, words["casualty_masdars"]):
            # "اعترفت إسرائيل بمقتل أحد جنودها بقصف"، "أعلن الجيش عن مقتل جندي": who announces the deaths of its own
            # side is not the author of what killed them ("أعلن الجيش عن مقتل 20 مسلحا" may be its own operation)
            x.role, x.why = "speaker", "announces the deaths ('بمقتل'، 'عن مقتل')"
            continue
        trig_after = [
            h
            for h in live
            if 0 < h.tok_start - x.hit.tok_end <= 5
            and not toks.boundary(x.hit.tok_end, h.tok_start)
            # "أعلن الجيش أن طائرات شنت غارات": the subject of the speech verb is not the subject of the incident
            and not any(toks.tok(k) in words["complementizers"] for k in range(x.hit.tok_end + 1, h.tok_start))
        ]
        if trig_after:
            x.role, x.why = "agent", f"subject before trigger {trig_after[0].surface!r}"
    for x in s.actors:
        if not x.role and x.entries[0].get("as_victim"):
            # settlers named without a mark of agency ("وطعن 3 مستوطنين") are the attacked, not the attackers
            x.role, x.why = "patient", "unmarked (named as a victim)"
    if counted and family == "clash":
        # "مقتل 31 من الحوثيين في اشتباكات مع الجيش": the dead are one side, the party "مع" is the other
        with_ = fold("مع")
        for x in s.actors:
            if x.kind == "armed" and x.role == "patient" and toks.tok(x.hit.tok_start - 1) == with_:
                x.role, x.why = "agent", "the other side of a clash whose dead are counted"


def _verb_before_count(s: Seen, toks: _Tokens, i: int, casualty_toks: set[int]) -> bool:
    """The count before "من" + the group at token i ("مسلحان من خلايا X"، "20 من X") follows a past verb that tells
    no casualty ("فتح"، "هاجمت"): the counted members are its subject."""
    for n in s.numbers:
        end = toks.index_of(max(n.span.start, n.span.end - 1))
        if end not in (i - 2, i - 3):
            continue
        v = toks.index_of(n.span.start) - 1
        t = toks.tok(v)
        if v in casualty_toks or toks.boundary(v, v + 1):
            continue
        # "المقاومة أسرت 40 من مسلحي الحوثي": with its subject named before it, the verb takes the count as object
        if any(0 < v - y.hit.tok_end <= 3 and not toks.boundary(y.hit.tok_end, v) for y in s.actors):
            continue
        if _past_verb(t) or _masc_verb(t) or t in _OPEN_VERB_ALIASES:
            return True
    return False


def _counted_after_death(s: Seen, toks: _Tokens, i: int, casualty_toks: set[int]) -> bool:
    """A figure ends at token i - 1 and a death or injury word stands right before it ("قتل 8 مسلحين"، "مقتل 30
    مسلحا"), in the same clause."""
    for n in s.numbers:
        if toks.index_of(max(n.span.start, n.span.end - 1)) != i - 1:
            continue
        first = toks.index_of(n.span.start)
        if first - 1 in casualty_toks and not toks.boundary(first - 1, i):
            return True
    return False


def _pick_actors(
    s: Seen, sub: str, country: str | None, doc: Document, sources: list[Span] | None = None
) -> tuple[Actor | None, Actor | None, list[Actor]]:
    """actor1, actor2 and the actors associated with actor1 ("غارات شنها النظام السوري والقوات الروسية")."""

    toks = _Tokens(_view(doc))
    # a generic soldier noun ("جندي"، "الجيش") belongs to the one state army the sentence names ("أعلن جيش
    # الاحتلال مقتل جندي"), not to the country of the place
    states = {
        str(x.entries[0]["id"]): x.entries[0]
        for x in s.actors
        if x.kind == "armed"
        and not x.entries[0].get("descriptive")
        and int(x.entries[0].get("inter", 0)) == 1
        and str(x.entries[0].get("name", "")).startswith("Military Forces of")
        and x.entries[0].get("country") not in (None, "*")
    }
    army = next(iter(states.values())) if len({e["name"] for e in states.values()}) == 1 else None

    def mk(x: ActorHit, victim: bool = False) -> Actor:
        entry = x.entries[0]
        if army is not None and entry.get("id") == "military_generic":
            entry = army
        return resolve(
            entry,
            _own_country(x, toks) or country,
            doc.text[x.hit.start : x.hit.end],
            Span.of(doc.text, x.hit.start, x.hit.end),
            day=doc.published,
            victim=victim or x.role == "patient",
        )

    def reports(x: ActorHit) -> bool:
        return any(r.start <= x.hit.start < r.end for r in sources or ())

    # The party that reports the incident ("بحسب الشرطة") is not its perpetrator: it comes last, and for an
    # attack or a bombing (which authorities report about others) not at all.
    supporters = [x for x in s.actors if x.kind == "armed" and x.role == "support"]
    armed = [x for x in s.actors if x.kind == "armed" and not reports(x) and x.role not in ("support", "place")]
    if sub not in (
        "Attack",
        "Remote explosive/landmine/IED",
        "Suicide bomb",
        "Abduction/forced disappearance",
        "Sexual violence",
        "Grenade",
        "Arrests",
    ):
        armed += [
            x
            for x in s.actors
            if x.kind == "armed"
            and reports(x)
            # "سقط صاروخ على سديروت، بحسب الجيش الإسرائيلي": a state's forces reporting shelling inside their own
            # country tell of fire they took, not fire they shot
            and not (
                REPORTER_OWN_SHELLING
                and sub == "Shelling/artillery/missile attack"
                and int(x.entries[0].get("inter", 0)) == 1
                and x.entries[0].get("country") == country
            )
        ]
    civ = [x for x in s.actors if x.kind == "civilian" and x.role not in ("place", "agent")]
    lone = next((x for x in s.actors if x.kind == "civilian" and x.role == "agent"), None)
    prot = [x for x in s.actors if x.kind == "protester"]
    et = _event_type(sub)
    if et in ("Protests", "Riots"):
        who = "Rioters ({country})" if et == "Riots" else "Protesters ({country})"
        p_text = doc.text[prot[0].hit.start : prot[0].hit.end] if prot else None
        p_country = (_own_country(prot[0], toks) if prot else None) or country
        crowd = Actor(
            name=who.format(country=p_country or "Unknown"),
            inter=5 if et == "Riots" else 6,
            country=p_country,
            text_ar=p_text,
            span=Span.of(doc.text, prot[0].hit.start, prot[0].hit.end) if prot else None,
        )
        force = mk(armed[0]) if sub != "Peaceful protest" and armed else None
        return crowd, force, []
    # an agent marker ("نفذتها قوات عراقية"، "على يد") is the strongest evidence; then the trigger's own arguments
    agent = next((x for x in armed if x.why == "after an agent marker"), None) or _trigger_agent(s, armed, doc)
    if agent is None:
        agent = next((x for x in armed if x.role == "agent"), None)
    if agent is None and s.family == "capture":
        # "قال المتحدث باسم المقاومة الوطنية ... أعلن تحرير مديرية": the side that announces a capture made it
        # (GUIDELINE: a claim by one side that it captured positions)
        agent = next((x for x in armed if reports(x) and x.role not in ("patient", "member")), None)
    if agent is None:
        # the unmarked armed actor nearest the deciding trigger (the reporter counts as a little farther, an
        # adjective of the incident farther still); a bombing's perpetrator is marked or unidentified ("انتحاري"):
        # the forces and groups a bombing sentence names unmarked are mostly its targets
        trig = next((h for h in s.live if h.payload == s.family), None)
        bare = _role_words()["bare_complementizers"]
        free = [
            x
            for x in armed
            if x.role not in ("patient", "member", "holder", "speaker")
            and (sub not in _bombings() or x.entries[0].get("id") == "unidentified")
            # "قال الجيش إن صاروخا أطلق ...": the speaker tells of another's act ("قال الجيش إنه قصف" is his own;
            # an air force reports its own strikes: "قال التحالف إن طائراته نفذت 27 غارة")
            and not (
                reports(x)
                and sub != "Air/drone strike"
                and trig is not None
                and any(toks.tok(k) in bare for k in range(x.hit.tok_end + 1, trig.tok_start))
            )
        ]
        if free and trig is not None:
            agent = min(
                free,
                key=lambda x: (
                    abs(x.hit.tok_start - trig.tok_start)
                    + (5 if reports(x) else 0)
                    + (100 if x.role == "adjective" else 0)
                ),
            )
        elif free:
            agent = free[0]
    if COORDINATED_FIRST and agent is not None and agent.why != "after an agent marker":
        # "حقق الجيش اليمني والمقاومة الشعبية تقدما": of two parties joined by "و" the first named leads, the
        # second is its partner (not the one nearer the trigger)
        lead = agent
        first = next(
            (
                y
                for y in armed
                if y.hit.tok_end == lead.hit.tok_start - 1
                and y.role not in ("patient", "member", "holder", "speaker", "adjective")
                and _proclitic(toks, lead).startswith("و")
                and toks.tok(y.hit.tok_start - 1) != fold("بين")
                and not toks.boundary(y.hit.tok_end, lead.hit.tok_start)
            ),
            None,
        )
        agent = first or agent
    if agent is not None and agent.entries[0].get("id") == "unidentified":
        # "انتحاري من داعش"، "مسلحون من حركة الشباب": the group after "من" names the unidentified members
        group = next(
            (
                x
                for x in armed
                if x.hit.tok_start == agent.hit.tok_end + 2
                and toks.tok(agent.hit.tok_end + 1) == fold("من")
                and not x.entries[0].get("descriptive")
            ),
            None,
        )
        if group is not None:
            armed = [x for x in armed if x is not agent]  # the members are not a second party
            agent = group
    a1: Actor | None = mk(agent) if agent else None
    # an armed actor joined to actor1 by "و" acts with it ("النظام السوري والقوات الروسية")
    partners = [
        x
        for x in armed
        if agent is not None
        and x is not agent
        and 0 <= x.hit.tok_start - agent.hit.tok_end <= 1
        and toks.tok(agent.hit.tok_start - 1) != fold("بين")
        and toks.tok(x.hit.tok_start).startswith("و")
        and not toks.boundary(agent.hit.tok_end, x.hit.tok_start)
    ]
    assoc = [mk(x) for x in partners + supporters if a1 is None or mk(x).name != a1.name]
    others = [
        x
        for x in armed
        if x is not agent
        and x not in partners
        and x.role not in ("agent", "adjective", "member", "holder")
        and (x.role == "patient" or not reports(x))  # the reporter of an incident is not its target either
        and (a1 is None or mk(x).name != a1.name)
    ]
    if sub == "Arrests":
        victim = next((x for x in s.actors if x is not agent and x.kind != "armed"), None) or (
            others[0] if others else None
        )
        if a1 is None:
            a1 = Actor(name=f"Police Forces of {country or 'Unknown'}", inter=1, country=country)
        return a1, (mk(victim) if victim else None), assoc
    a2 = None
    if sub in ("Attack", "Abduction/forced disappearance", "Sexual violence"):
        named = [x for x in others if x.role == "patient" and x.entries[0].get("as_victim")]
        if named:
            a2 = mk(named[0], victim=True)  # "طعن 3 مستوطنين": the victims the sentence names as such
        else:
            a2 = mk(civ[0]) if civ else (mk(others[0], victim=True) if others else None)
    else:
        if others:
            a2 = mk(others[0], victim=True)
        elif civ and et in ("Explosions/Remote violence", "Violence against civilians"):
            a2 = mk(civ[0])
    holders = [x for x in armed if x.role == "holder" and (a1 is None or mk(x).name != a1.name)]
    if a2 is None and holders and et in ("Explosions/Remote violence", "Battles"):
        a2 = mk(holders[0], victim=True)  # no victim named: the side holding the place hit
    if a1 is None and lone is not None and et != "Strategic developments":
        a1 = resolve(
            _sole_perpetrator(),
            country,
            doc.text[lone.hit.start : lone.hit.end],
            Span.of(doc.text, lone.hit.start, lone.hit.end),
        )
    if a1 is None and et == "Strategic developments" and prot:
        # "نجاح متظاهرين في إسقاط طائرتين تابعتين للجيش": no armed party acts, the demonstrators do
        a1 = mk(prot[0])
    if a1 is None and et in ("Violence against civilians", "Explosions/Remote violence") and sub != "Air/drone strike":
        a1 = Actor(name=f"Unidentified Armed Group ({country or 'Unknown'})", inter=3, country=country)
    return a1, a2, assoc


def _announces_own_deaths(toks: _Tokens, x: ActorHit, actors: list[ActorHit], masdars: frozenset[str]) -> bool:
    """The actor is followed (a day word may stand between) by "ب / عن" + a death or injury masdar whose casualty is
    of its own side (the same actor, or state forces both)."""
    about = fold("عن")
    for k in range(x.hit.tok_end + 1, min(x.hit.tok_end + 4, len(toks.toks))):
        if toks.boundary(x.hit.tok_end, k):
            return False
        t = toks.tok(k)
        if (t.startswith("ب") and t[1:] in masdars) or (t in masdars and toks.tok(k - 1) == about):
            own = x.entries[0]
            return any(
                y is not x
                and 0 < y.hit.tok_start - k <= 2
                and (
                    y.entries[0].get("id") == own.get("id")
                    or int(y.entries[0].get("inter", 0)) == int(own.get("inter", 0)) == 1
                )
                for y in actors
            )
    return False


def _own_country(x: ActorHit, toks: _Tokens) -> str | None:
    """The country of a descriptive crowd or victim noun given by the nisba right after it ("متظاهرين فلسطينيين"،
    "ممرضة ألمانية"): their nationality, not the country of the place."""
    if "{country}" not in str(x.entries[0].get("name", "")) or x.kind not in ("protester", "rioter", "civilian"):
        return None
    return nisba_country(toks.tok(x.hit.tok_end + 1))


def _trigger_agent(s: Seen, armed: list[ActorHit], doc: Document) -> ActorHit | None:
    """The perpetrator by the deciding trigger's own argument structure: the genitive of an agentive masdar or
    the subject right after the verb ("سيطرة قوات الأسد"، "شن جيش الاحتلال غارة"), else the subject just before
    it in the same clause ("قوات الأسد سيطرت")."""
    trig = next((h for h in s.live if h.payload == s.family), None)
    if trig is None:
        return None
    if lexicon().families.get(str(trig.payload), {}).get("genitive", "agent") != "agent":
        return None
    toks = _Tokens(_view(doc))
    preps = _role_words()["preps"]
    after = [
        x
        for x in armed
        if 0 < x.hit.tok_start - trig.tok_end <= 2
        and not toks.boundary(trig.tok_end, x.hit.tok_start)
        and x.role not in ("patient", "member", "adjective", "holder")
        # "تخلوا عن أسلحتهم أمام قوات الأمن": a noun after a preposition is not the trigger's subject
        and not any(toks.tok(k) in preps for k in range(trig.tok_end + 1, x.hit.tok_start))
    ]
    if after:
        return after[0]
    comp = _role_words()["complementizers"]
    before = [
        x
        for x in armed
        if 0 < trig.tok_start - x.hit.tok_end <= 4
        and not toks.boundary(x.hit.tok_end, trig.tok_start)
        and x.role not in ("patient", "member", "adjective", "holder")
        and not any(toks.tok(k) in comp for k in range(x.hit.tok_end + 1, trig.tok_start))
    ]
    return before[-1] if before else None


def _event_type(sub: str) -> str:
    from rasd.model import SUB_EVENT_TYPES

    return SUB_EVENT_TYPES[sub]


# ---------------------------------------------------------------------------------------------------- figures


def _fatalities(s: Seen, doc: Document) -> tuple[int, int | None, list[str], Span | None, bool, bool]:
    """(deaths, injuries, notes, span of the death figure, explicit number?, update?)."""
    view = _view(doc)
    toks = _Tokens(view)
    sets = _role_sets()
    a, b = s.span.start, s.span.end
    deaths_w = sets["death_words"].find(view, a, b)
    inj_w = sets["injury_words"].find(view, a, b)
    brk = sets["breakdown"].find(view, a, b)
    upd = sets["update"].find(view, a, b)
    neg = sets["negated_casualties"].find(view, a, b)
    other = sets["other_figures"].find(view, a, b)
    notes: list[str] = []
    deaths: list[tuple[int, Mention, bool]] = []  # value, mention, update
    injuries: list[int] = []
    last_death_tok = -10
    in_breakdown = False
    # the victims a killing verb's party killed (`_inflicted`: "قتل مسلحون من حركة X ثلاثة مدنيين"), however far the
    # verb stands: their count is a death count
    killed = (
        {h.tok_start for h in s.cues.get("inflicted", ())}
        if PARTITIVE_AGENT and any(h.payload == "kill" and toks.tok(h.tok_start) in _ACTIVE_KILL for h in s.triggers)
        else set()
    )
    for m in sorted(s.numbers, key=lambda m: m.span.start):
        kind = (m.attrs or {}).get("kind", "count")
        if kind not in ("count", "dual") or not isinstance(m.value, int) or m.value <= 0:
            continue
        if m.value > MAX_EVENT_FIGURE:
            notes.append(f"implausible figure {m.span.text!r} left out (above {MAX_EVENT_FIGURE:,} for one event)")
            continue
        i = toks.index_of(m.span.start)
        j = toks.index_of(max(m.span.start, m.span.end - 1))

        # "25 عنصرا من الميليشيات قتلوا": a partitive "من ..." after the counted noun puts the verb further on
        # ("11 جنديا آخرين من جنودها قتلوا": "others" after the counted noun puts the partitive a word further on)
        skip = 1 if toks.tok(j + 2) in _OTHERS_AFTER_NOUN else 0
        reach = (5 + skip) if any(toks.tok(k) == _MIN for k in (j + 1, j + 2, j + 2 + skip)) else 3
        # "خمسة فلسطينيين على الأقل استشهدوا": a qualifier after the counted noun puts the verb further on
        reach += _after_qualifier_len(toks, j)

        def near(ws: list[Hit], i: int = i, j: int = j, reach: int = reach) -> float | None:
            best: float | None = None
            for w in ws:
                if w.tok_end < i and i - w.tok_end <= 4 and not toks.boundary(w.tok_end, i):
                    d: float = i - w.tok_end
                elif w.tok_start > j and w.tok_start - j <= reach and not toks.boundary(j, w.tok_start):
                    d = w.tok_start - j + 0.5
                elif w.tok_start >= i and w.tok_end <= j:  # the counted noun itself (قتيلا، جريحين)
                    d = 0
                else:
                    continue
                best = d if best is None or d < best else best
            return best

        dd, di, do = near(deaths_w), near(inj_w), near(other)
        if dd is None and di is None and j + 1 in killed:
            dd = 1.0
        if UPDATE_TARGET and dd is None and di is None and toks.tok(i - 1) in _TO_WORDS:
            # "ارتفع عدد القتلى من المشاركين في مظاهرات ...، إلى 3 أشخاص": the figure after "إلى" is the toll the
            # update word before it raised, of the dead or the wounded named first after that word
            dd, di = _updated_toll(upd, deaths_w, inj_w, i)
        noun = _bare(fold(str((m.attrs or {}).get("noun") or "")))
        if FELL_DEAD and dd is None and di is None and noun.startswith(_FALLEN_PEOPLE) and _fell_before(toks, i):
            dd = 0.5  # "وسقط أيضا ستة مواطنين": people who fell were killed
        if noun.startswith(_INJURY_NOUNS):
            dd, di = None, 0.0  # "32 مصابا": the counted noun says what the figure is
        elif noun.startswith(_DEATH_NOUNS):
            dd, di = 0.0, None
            if DEAD_AND_WOUNDED and _dead_and_wounded(toks, j, noun) and m.value > _UNNUMBERED_DEATHS:
                # "مئات القتلى والجرحى": one figure for the dead and the wounded together leaves the deaths
                # unnumbered (GUIDELINE: 10)
                notes.append(f"{m.span.text!r} counts the dead and the wounded together: unnumbered deaths")
                deaths.append((_UNNUMBERED_DEATHS, m, False))
                last_death_tok = j
                continue
        elif DEAD_AND_WOUNDED and _between_dead_and_wounded(toks, j) and m.value > _UNNUMBERED_DEATHS:
            # "أوقعوا 12 جنديا بين قتيل وجريح": the dead and the wounded counted together, deaths unnumbered
            notes.append(f"{m.span.text!r} counts the dead and the wounded together: unnumbered deaths")
            deaths.append((_UNNUMBERED_DEATHS, m, False))
            last_death_tok = j
            continue
        if fold(m.span.text) in _ADJECTIVE_ONE:
            continue  # "أسرة واحدة": an adjective, not a count
        if (
            (m.attrs or {}).get("vague")
            and dd is not None
            and di is not None
            and di < dd <= di + 2
            and dd == int(dd)
            and di == int(di)
        ):
            # "مقتل وإصابة عدد من المسلحين": deaths are reported without a number of their own (GUIDELINE: 10)
            di = None
        if do is not None and (dd is None or do < dd) and (di is None or do < di):
            continue  # "واعتقل 16"، "وفقد 15": a figure of something else
        if any(w.tok_end < i and i - w.tok_end <= 3 for w in brk) and last_death_tok >= 0:
            in_breakdown = True
        # "وأربعة مقاتلين": the conjunction is written joined to a number word, outside the number's span
        joined = toks.tok(i).startswith("\N{ARABIC LETTER WAW}") and toks.tok(i) != fold(m.span.text)
        conj = m.span.text.startswith("\N{ARABIC LETTER WAW}") or toks.tok(i - 1) == "\N{ARABIC LETTER WAW}" or joined
        if JOINED_COUNTS and not conj:
            # "عشرة من الجنود إضافة إلى ثلاثة من العمال": "in addition to" joins the second count like "و"
            conj = any(" ".join(toks.tok(k) for k in range(i - n, i)) in _COUNT_JOINERS for n in (2, 3))
        if dd is not None and (di is None or dd < di):
            if in_breakdown and i - last_death_tok <= 12:
                notes.append(f"breakdown {m.span.text!r} not added")
                continue
            is_update = any(w.tok_end < i and i - w.tok_end <= 6 for w in upd) or (
                toks.tok(i - 1) in (fold("إلى"), "الي")
                and any(w.tok_end < i and not toks.boundary(w.tok_end, i) for w in upd)
            )
            if is_update and any(toks.tok(k).startswith(_PRELIMINARY) for k in range(max(0, i - 4), i)):
                # "الحصيلة المبدئية بلغت 12": a preliminary toll, which later figures supersede
                is_update = False
                notes.append("preliminary toll")
            if RESULT_TOTAL and is_update and deaths and _result_total(toks, i):
                # "قتل أربعة في غارة على منزلهم، لترتفع حصيلة القصف على القطاع إلى 24": the toll the incident brought
                # the day's or the war's count to is not the incident's own
                notes.append(f"running total {m.span.text!r} not this incident's toll")
                continue
            if conj and deaths and i - last_death_tok <= 8 and not is_update:
                deaths[-1] = (deaths[-1][0] + int(m.value), deaths[-1][1], deaths[-1][2])
                notes.append(f"added {m.value} ({m.span.text!r})")
            else:
                deaths.append((int(m.value) + _and_one_more(toks, j), m, is_update))
            last_death_tok = j
            in_breakdown = False
        elif di is not None:
            injuries.append(int(m.value))
            in_breakdown = False
        elif (
            JOINED_COUNTS
            and conj
            and deaths
            and not in_breakdown
            and 0 < i - last_death_tok <= 8
            and not deaths[-1][2]
            # people counted: a noun of people, an actor named right after, or after "من" ("اثنين من العمال")
            and (
                noun.startswith(_FALLEN_PEOPLE)
                or any(noun.removesuffix(end) in _singular_victims() for end in ("ين", "ون", "ا"))
                or any(
                    x.hit.tok_start == j + 1 or (x.hit.tok_start == j + 2 and toks.tok(j + 1) == _MIN) for x in s.actors
                )
            )
        ):
            # "قتل 18 عنصرا من X و14 مقاتلا من Y": more of the dead, of the other side
            deaths[-1] = (deaths[-1][0] + int(m.value), deaths[-1][1], deaths[-1][2])
            notes.append(f"added {m.value} ({m.span.text!r}): a count joined to the death count")
            last_death_tok = j
        elif in_breakdown or (last_death_tok >= 0 and i - last_death_tok <= 6 and not conj):
            notes.append(f"breakdown {m.span.text!r} not added")
    upd_vals = [v for v, _, u in deaths if u]
    explicit = [v for v, _, u in deaths if not u]
    span = None
    if upd_vals:
        total, is_update = upd_vals[-1], True
        span = next(m.span for v, m, u in deaths if u)
    elif explicit:
        total, is_update = min(explicit), False
        if len(set(explicit)) > 1:
            notes.append(f"conflicting death figures {sorted(set(explicit))}: kept the most conservative")
        span = next(m.span for v, m, u in deaths if v == total)
    else:
        total, is_update = _deaths_without_number(s, doc, toks, deaths_w, neg), False
    if total and span is not None and _since_before(s, doc, toks, span):
        # "ومنذ 3 كانون الثاني تشن القوات حملة قصف ... ما أسفر عن مقتل أكثر من 400": a toll counted since a date is a
        # campaign's total, not this incident's
        notes.append(f"cumulative toll since a date ({total}) not counted as this incident's fatalities")
        total = 0
    if total and span is not None and PERIOD_RECAP_TOLL and _period_recap(doc, toks, span):
        notes.append(f"cumulative toll over a period ({total}) not counted as this incident's fatalities")
        total = 0
    inj = max(injuries) if injuries else None
    return total, inj, notes, span, bool(deaths), is_update


_UNNUMBERED_DEATHS = 10
_COUNT_JOINERS = _words("count_joiners")
_FIGHT_WORDS = tuple(sorted(_words("fight_words")))
_FELL_VERBS = _words("fell_verbs")
_FALLEN_PEOPLE = tuple(sorted(_words("fallen_people")))
_ALSO_DEATH_VERBS = _words("also_death_verbs")
# "also" (أيضا، كذلك): _ALSO, defined once below; a second definition from another list here was shadowed by it


def _fell_before(toks: _Tokens, i: int) -> bool:
    """A form of "سقط" right before token i, maybe with "أيضا" between."""
    k = i - 1
    if toks.tok(k) in _ALSO:
        k -= 1
    return toks.tok(k) in _FELL_VERBS and not toks.boundary(k, i)


_TO_WORDS = _words("to_words")
_RESULT_VERBS = _words("result_total_verbs")


def _result_total(toks: _Tokens, i: int) -> bool:
    """A result clause "لترتفع / ليصل ... إلى" stands at most `UPDATE_REACH` words before the figure at token i."""
    return any(toks.tok(k) in _RESULT_VERBS for k in range(max(0, i - UPDATE_REACH), i))


def _updated_toll(upd: list[Hit], deaths_w: list[Hit], inj_w: list[Hit], i: int) -> tuple[float | None, float | None]:
    """For a figure at token i after "إلى": (death distance, injury distance) when an update word stands at most
    `UPDATE_REACH` words before it and the first casualty word after that update word is a death (or an injury)."""
    words = [w for w in upd if w.tok_end < i and i - w.tok_end <= UPDATE_REACH]
    if not words:
        return None, None
    w = max(words, key=lambda x: x.tok_end)
    after = [(h.tok_start, "d") for h in deaths_w if w.tok_end < h.tok_start < i]
    after += [(h.tok_start, "i") for h in inj_w if w.tok_end < h.tok_start < i]
    if not after:
        return None, None
    first = min(after)[1]
    return (0.5, None) if first == "d" else (None, 0.5)


_OTHERS_AFTER_NOUN = _words("others_after_noun")
_PERPETRATOR_NOUNS = frozenset(_bare(w) for w in _words("perpetrator_nouns"))


def _dead_and_wounded(toks: _Tokens, j: int, noun: str) -> bool:
    """The death noun counted after token j is joined by "و" to an injury noun ("القتلى والجرحى"، "قتيل وجريح")."""
    for k in (j, j + 1, j + 2):
        if _bare(toks.tok(k)) == noun:
            nxt = toks.tok(k + 1)
            return nxt.startswith("\N{ARABIC LETTER WAW}") and _bare(nxt).startswith(_INJURY_NOUNS)
    return False


_BETWEEN = fold("بين")


def _between_dead_and_wounded(toks: _Tokens, j: int) -> bool:
    """The figure ending at token j counts people "بين قتيل وجريح" (between killed and wounded), within three words."""
    for k in (j + 1, j + 2, j + 3):
        if toks.tok(k) == _BETWEEN:
            noun = _bare(toks.tok(k + 1))
            return noun.startswith(_DEATH_NOUNS) and _dead_and_wounded(toks, k + 1, noun)
    return False


@cache
def _after_qualifiers() -> tuple[tuple[str, ...], ...]:
    """The approximators written after a number or its noun (numbers.yaml ``approx_after``), as folded tokens."""
    return tuple(tuple(fold(p).split()) for p in load("ar/numbers.yaml").get("approx_after") or {})


@cache
def _after_qualifiers_by_first() -> tuple[dict[str, tuple[tuple[str, ...], ...]], tuple[tuple[str, ...], ...]]:
    """The approximators by their first token, each list in ``_after_qualifiers``' order (with the empty ones,
    which match anywhere), and the empty ones alone (for any other token)."""
    quals = _after_qualifiers()
    empty = tuple(q for q in quals if not q)
    return {q[0]: tuple(x for x in quals if not x or x[0] == q[0]) for q in quals if q}, empty


def _after_qualifier_len(toks: _Tokens, j: int) -> int:
    """Tokens of an approximator ("على الأقل") right after token j or after the noun that follows it.

    Only the approximators starting with the token at ``start`` can match there, so they alone are tested, in the
    same order (:func:`_after_qualifier_len_plain` tests them all)."""
    by_first, empty = _after_qualifiers_by_first()
    for start in (j + 1, j + 2):
        for q in by_first.get(toks.tok(start), empty):
            if all(toks.tok(start + k) == w for k, w in enumerate(q)):
                return len(q)
    return 0


def _after_qualifier_len_plain(toks: _Tokens, j: int) -> int:
    """:func:`_after_qualifier_len` testing every approximator (the reference for tests)."""
    for start in (j + 1, j + 2):
        for q in _after_qualifiers():
            if all(toks.tok(start + k) == w for k, w in enumerate(q)):
                return len(q)
    return 0


_DEATH_VERB_NUMBER = {fold(w): int(n) for w, n in load("ar/coder_words.yaml")["death_verb_number"].items()}


def _and_one_more(toks: _Tokens, j: int) -> int:
    """ "قتل 5 من عناصر الجيش وطفل": one singular victim joined by "و" to a death figure adds one."""
    singular = _singular_victims()
    for k in range(j + 1, min(j + 6, len(toks.toks))):
        if toks.boundary(k - 1, k):
            return 0
        t = toks.tok(k)
        if t.startswith("و") and len(t) > 3 and t[1:] in singular:
            return 1
        if t in (fold("في"), fold("بينهم"), fold("منهم")):
            return 0
    return 0


_MIN = fold("من")
# a definite trigger noun, with a clitic conjunction or preposition before the article
_TOKEN_DEFINITE = re.compile("[\u0648\u0641\u0628]?\u0627\u0644|\u0644\u0644")
_AFTER_PASSIVE_DEATH = _words("after_passive_death")
_COMPANIONS = _words("companions")
_ALSO = _words("also")
_WITH = fold("مع")


def _more_victims(toks: _Tokens, w: Hit, start: int, deaths_w: list[Hit]) -> int:
    """Victims told with one singular victim: a companion ("ومرافقه"، "مع مرافقه"، "وزوجته") each, or else one more when
    a second death verb says "also" ("مع مرافقه الذي قتل أيضا")."""
    found = 0
    for k in range(start, min(start + 15, len(toks.toks))):
        if k > start and toks.boundary(k - 1, k):
            break
        t = toks.tok(k)
        joined = t.startswith("و") and len(t) > 4
        if not (joined or toks.tok(k - 1) in (_WITH, "و")):
            continue
        t = t[1:] if joined else t
        for suffix in ("ها", "ه"):
            if t.endswith(suffix) and len(t) > len(suffix) + 2:
                stem = t[: -len(suffix)]
                stem = stem[:-1] + "ه" if stem.endswith("ت") else stem  # "زوجته": the feminine ة before a pronoun
                found += stem in _COMPANIONS
                break
    if found:
        return found
    also = any(
        x is not w
        and x.tok_start > w.tok_start
        and toks.tok(x.tok_end + 1) in _ALSO
        and not toks.boundary(x.tok_end, x.tok_end + 1)
        for x in deaths_w
    )
    return int(also)


_PRELIMINARY = (fold("الأولي"), fold("أولي"), fold("المبدئي"), fold("مبدئي"))


_PERIOD_RECAP_WORDS = _words("period_recap")
# how far from the figure a period phrase may stand ("حصيلة العدوان 1800 شهيد خلال شهر")
_PERIOD_REACH = 6


# the first words of the period phrases (a phrase is its words joined by one space): a position whose first word is
# none of them starts no phrase
_PERIOD_RECAP_FIRST = frozenset(p.split(" ")[0] for p in _PERIOD_RECAP_WORDS)


def _period_recap(doc: Document, toks: _Tokens, figure: Span, skip: bool = True) -> bool:
    """A period or campaign phrase ("خلال شهر"، "منذ بداية"، "حصيلة العدوان") within a few words of the death figure,
    in the same clause: the toll sums up the period, it is not one incident's.

    Positions whose first word (without its و/ف) starts no phrase are skipped before the phrases of one and two
    words are built (``skip=False`` builds them everywhere: the reference the fast path is tested against)."""
    fig = toks.index_of(figure.start)
    for k in range(fig - _PERIOD_REACH, fig + _PERIOD_REACH + 1):
        if skip:
            w0 = toks.tok(k)
            if w0[:1] in ("و", "ف") and len(w0) > 3:
                w0 = w0[1:]
            if w0 not in _PERIOD_RECAP_FIRST:
                continue
        for n in (1, 2):
            words = [toks.tok(k + d) for d in range(n)]
            if words[0][:1] in ("و", "ف") and len(words[0]) > 3:
                words[0] = words[0][1:]  # "وحصيلة العدوان"
            if " ".join(words) in _PERIOD_RECAP_WORDS and not toks.boundary(min(k, fig), max(k, fig)):
                return True
    return False


def _since_before(s: Seen, doc: Document, toks: _Tokens, figure: Span) -> bool:
    """A date governed by "منذ" stands before the death figure in the sentence."""
    since = fold("منذ")
    fig = toks.index_of(figure.start)
    for m in s.dates:
        j = toks.index_of(m.span.start)
        if j < fig and any(toks.tok(j - d) in (since, "و" + since) for d in (1, 2)):
            return True
    return False


def _deaths_without_number(s: Seen, doc: Document, toks: _Tokens, deaths_w: list[Hit], neg: list[Hit]) -> int:
    view = _view(doc)
    vague = _role_sets()["vague_deaths"].find(view, s.span.start, s.span.end)
    singular = _singular_victims()

    def is_singular(t: str) -> bool:
        for cand in (t, t[1:] if t[:1] in ("و", "ب", "ل") else t, t[2:] if t.startswith("ال") else t):
            if cand in singular or (cand.endswith("ي") and len(cand) > 4 and cand[:-1] + "ي" in singular):
                return True
        return False

    live = [
        w
        for w in deaths_w
        if not any(0 <= w.tok_start - n.tok_end <= 3 and not toks.boundary(n.tok_end, w.tok_start) for n in neg)
    ]
    for w in live:
        # "قتل شرطي"، "استشهد شاب فلسطيني": a death verb and one singular victim
        for d in (1, 2):
            t = toks.tok(w.tok_end + d)
            # "قتلت طفلا"، "قتلت الشرطة فلسطينيا": the object of an active death verb, in the accusative
            if is_singular(t) or (ACCUSATIVE_VICTIM and t.endswith("ا") and len(t) > 3 and is_singular(t[:-1])):
                return 1 + _more_victims(toks, w, w.tok_end + d + 1, live)
    for w in live:
        # "أن مستوطنا قتل في هجوم": one singular victim before a passive death verb that takes no object
        after = toks.tok(w.tok_end + 1)
        # (a death word that ends the text has no next token: `after` is "" and boundary() must not be asked)
        passive = after == "" or toks.boundary(w.tok_end, w.tok_end + 1) or after in _AFTER_PASSIVE_DEATH
        if passive and w.tok_start > 0 and not toks.boundary(w.tok_start - 1, w.tok_start):
            before = toks.tok(w.tok_start - 1)
            if is_singular(before) or (before.endswith("ا") and is_singular(before[:-1])):
                return 1 + _more_victims(toks, w, w.tok_end + 1, live)
    for w in live:
        # an intransitive death verb tells its own number: "توفي متأثرا بجراحه" (1), "استشهدا" (2)
        n = _DEATH_VERB_NUMBER.get(fold(doc.text[w.start : w.end]).lstrip("و"))
        if n:
            return n + (_more_victims(toks, w, w.tok_end + 1, live) if n == 1 else 0)
    for v in vague:
        if any(0 <= v.tok_start - n.tok_end <= 3 for n in neg):
            continue
        return 10
    return 0


# ---------------------------------------------------------------------------------------------------- claims


def _phrase(
    doc: Document,
    toks: _Tokens,
    start_tok: int,
    stop: frozenset[str],
    max_words: int,
    limit: int,
    stop_hits: list[Hit] | None = None,
) -> Span | None:
    """Words from ``start_tok`` up to a stop word, punctuation, or ``max_words`` (a source or denier name)."""
    view = toks.view
    i = start_tok
    last = None
    while i < len(toks.toks) and i - start_tok < max_words:
        if view.orig(toks.starts[i]) >= limit:
            break
        t = toks.toks[i]
        if t in stop or (i > start_tok and t.startswith("و") and t[1:] in stop):
            break
        if stop_hits and any(h.tok_start == i for h in stop_hits):
            break
        if last is not None and toks.boundary(last, i):
            break
        last = i
        i += 1
    if last is None:
        return None
    if toks.toks[start_tok] in _PREPOSITIONS:
        return None  # "ذكرت في بيان": the speaker is elided, not "في بيان"
    a, b = view.orig(toks.starts[start_tok]), view.orig(toks.ends[last])
    return Span.of(doc.text, a, b)


def _claims(s: Seen, doc: Document, lex: Lexicon, trigger_tok: int) -> list[Claim]:
    view = _view(doc)
    toks = _Tokens(view)
    a, b = s.span.start, s.span.end
    out: list[Claim] = []
    trig_hits = lex.triggers.find(view, a, b)
    # reported_by: "حسبما نقلت X" > "قال X" > a known source named in the sentence
    after = [h for h in s.reports if h.payload[0] == "after"]
    speech = [h for h in s.reports if h.payload[0] == "speech"]
    sources = [h for h in s.reports if h.payload[0] == "source"]
    who: Span | None = None
    for h in sorted(after, key=lambda h: -(h.end - h.start)):
        who = _phrase(doc, toks, h.tok_end + 1, lex.report_stop, lex.report_max, b)
        if who:
            break
    if who is None:
        for h in speech:
            who = _phrase(doc, toks, h.tok_end + 1, lex.report_stop, lex.report_max, b, trig_hits)
            if who:
                break
    if who is None and sources:
        h = max(sources, key=lambda h: h.end - h.start)
        who = Span.of(doc.text, h.start, h.end)
    if who is not None:
        out.append(Claim("reported_by", who.text.strip(), who))
    # denied_by: a denial after the asserted trigger
    for h in lex.denial.find(view, a, b):
        if h.tok_start > trigger_tok:
            d = _phrase(doc, toks, h.tok_end + 1, lex.denial_stop, 5, b, trig_hits)
            if d:
                out.append(Claim("denied_by", d.text.strip(), d))
                break
    # claimed_by: "تبنى X الهجوم"، "أعلن X مسؤوليته"
    claim_hits = lex.claim.find(view, a, b)
    for h in claim_hits:
        if h.payload == "claim":
            c = _phrase(doc, toks, h.tok_end + 1, lex.claim_stop, 6, b)
        else:
            sp = [x for x in speech if x.tok_end < h.tok_start and h.tok_start - x.tok_end <= 8]
            c = None
            if sp:
                first = sp[-1].tok_end + 1
                if h.tok_start > first:
                    c = Span.of(doc.text, view.orig(toks.starts[first]), view.orig(toks.ends[h.tok_start - 1]))
        if c:
            out.append(Claim("claimed_by", c.text.strip(), c))
            break
    return out


# ---------------------------------------------------------------------------------------------------- places/dates


def _country_weight(doc: Document, p: Place) -> float:
    """How much the article is about the place's country (the geocoder's context weights, 0..1)."""
    ctx = (doc.meta.get("geo_context") or {}).get("countries") or {}
    if not ctx:
        return 1.0
    top = max(ctx.values()) or 1.0
    w = ctx.get(p.iso or "", ctx.get(p.country or "", 0.0))
    return float(w) / float(top)


def _locative(doc: Document, m: Mention) -> bool:
    """The place is introduced as a location ("في رفح"، "بمدينة"، "قرب دمشق"، "شمال سوريا"), not named as an actor
    or an origin ("شنت فرنسا"، "سفير روسيا")."""
    if (m.attrs or {}).get("cue"):
        return True
    view = _view(doc)
    toks = _Tokens(view)
    i = toks.index_of(m.span.start)
    first = toks.tok(i)
    if first[:1] == "ب" and len(first) > 3 and not fold(m.span.text).startswith("ب"):
        return True
    if (
        VISIT_PLACE
        and first[:1] == "ل"
        and len(first) > 3
        and not fold(m.span.text).startswith("ل")
        and _unclitic(toks.tok(i - 1)) in _VISIT
    ):
        return True  # "خلال زيارته لدوما": the place visited is where the visitor was
    if TRAILING_PART and toks.tok(i - 1) in _PART_WORDS and not toks.boundary(i - 1, i):
        return True  # "، 31 منهم شمالي القطاع": where that part of the toll fell
    return toks.tok(i - 1) in _LOCATIVE or (toks.tok(i - 2) in _LOCATIVE and toks.tok(i - 1) in _PLACE_NOUNS)


_PART_WORDS = _words("toll_part_connectors")

# the end of a clause, with the Arabic comma and semicolon
_CLAUSE_END = re.compile(r"[.,;:!?()\[\]{}\"«»“”\n|\u060c\u061b\u2013\u2014]")

_CENTRE = fold("\N{ARABIC LETTER WAW}\N{ARABIC LETTER SEEN}\N{ARABIC LETTER TAH}")

# what joins two listed places: "و"، a comma, or a repeated preposition ("في أنقرة وفي إزمير")
_LIST_GLUE = frozenset(
    {
        "\N{ARABIC LETTER WAW}",
        ",",
        "\N{ARABIC COMMA}",
        "\N{ARABIC LETTER WAW}\N{ARABIC LETTER FEH}\N{ARABIC LETTER YEH}",
    }
)


_FAR = fold("\N{ARABIC LETTER BEH}\N{ARABIC LETTER AIN}\N{ARABIC LETTER DAL}")  # بعد
_ON = fold("\N{ARABIC LETTER AIN}\N{ARABIC LETTER LAM}\N{ARABIC LETTER ALEF MAKSURA}")  # على
_FROM = fold("\N{ARABIC LETTER MEEM}\N{ARABIC LETTER NOON}")  # من
_BORDER = (fold("الحدود"), fold("حدود"), fold("الحدودي"))
_HOSPITALS = _words("hospital_words")
_TO = _words("to_words")


def _last_nonspace(text: str, end: int) -> int:
    """The index of the last character before ``end`` that is no whitespace, -1 if none: ``len(text[:end].rstrip())
    - 1`` without copying the text before ``end`` (the coder asks for every place mention)."""
    k = end - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k


def _landmark(doc: Document, m: Mention) -> bool:
    """A place named only to locate another: "على بعد 10 كيلومترات من بلدة X"، "قرب الحدود مع سوريا"."""
    cut = _last_nonspace(doc.text, m.span.start)
    if cut >= 0 and doc.text[cut] == "(":
        # "من مدينة عين العرب (كوباني)": the other name of a landmark is a landmark too
        named = [x for x in doc.mentions if x.kind == "place" and 0 <= cut - x.span.end <= 2]
        return bool(named) and _landmark(doc, named[0])
    toks = _Tokens(_view(doc))
    i = toks.index_of(m.span.start)
    back = 1 + (toks.tok(i - 1) in _PLACE_NOUNS)
    prev = toks.tok(i - back)
    if prev == _WITH and toks.tok(i - back - 1) in _BORDER:
        return True
    at = i if _unclitic(toks.tok(i)) in _DIRECTIONS else i - back if _unclitic(prev) in _DIRECTIONS else None
    if LOCATOR_LANDMARK and at is not None:
        # "بمحافظة ديالى، شرقي بغداد": a direction after a comma locates the place named before it
        lead_in = doc.text[: toks.view.orig(toks.starts[at])].rstrip()
        if lead_in.endswith(("\N{ARABIC COMMA}", ",")):
            cut = len(lead_in) - 1
            return any(x.kind == "place" and x is not m and 0 <= cut - x.span.end <= 2 for x in doc.mentions)
    if HOSPITAL_DESTINATION and any(
        _unclitic(toks.tok(j)) in _HOSPITALS
        and (toks.tok(j)[:1] == "ل" or toks.tok(j - 1) in _TO)
        and not toks.boundary(j, i)
        for j in range(i - 4, i)
    ):
        # "نقل الجرحى إلى مستشفى في مدينة X": where the wounded were taken, not where they were hurt
        return True
    if prev != _FROM:
        return False
    return any(toks.tok(j) == _FAR and toks.tok(j - 1) == _ON for j in range(i - back - 6, i - back))


_FIRED = _words("fired")


def _fire_origin(doc: Document, m: Mention) -> bool:
    """ "مقتل جندي بقصف من لبنان"، "صواريخ أطلقت من غزة": the place the fire came from, not where it hit."""
    toks = _Tokens(_view(doc))
    i = toks.index_of(m.span.start)
    back = 1 + (toks.tok(i - 1) in _PLACE_NOUNS)
    if toks.tok(i - back) != _FROM:
        return False
    j = i - back - 1
    return toks.tok(j) in _FIRED and not toks.boundary(j, i)


_BASE_NOUNS = _words("base_nouns")
_AIR_ADJECTIVES = _words("air_adjectives")


def _base_origin(doc: Document, m: Mention) -> bool:
    """ "طائرات سلاح الجو من قاعدة طبرق الجوية": a base or an airport named after "من"."""
    toks = _Tokens(_view(doc))
    i = toks.index_of(m.span.start)
    return toks.tok(i) in _BASE_NOUNS and toks.tok(i - 1) == _FROM and not toks.boundary(i - 1, i)


_DIR_WORD = "(?:" + "|".join(sorted(_words("directions_before"), key=len, reverse=True)) + ")"
# "شمال القطاع"، "وسط البلاد"، "شمالا": where the place before lies
_DIRECTION_COMPLEMENT = re.compile(rf"^\s*{_DIR_WORD}(?:ا|ى)?(?:\s+(?:غرب|شرق)(?:ي)?)?(?:\s+ال\S+)?(?=[\s,\u060c]|$)")
# "والمناطق الجنوبية من"، "والأطراف الشرقية من"، "ومنطقة": the head of the next listed place
_AREA_HEAD = re.compile(
    r"(?<=\u0648)(?:ال)?(?:مناطق|منطقة|أطراف|اطراف|أحياء|احياء|حي|ضواحي|محيط)(?:\s+ال\S+)?(?:\s+من)?\s*$"
)


def _coordinated(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Place mentions joined by "و" or a comma into a list, the first of which is introduced as a location."""
    toks = _Tokens(_view(doc))
    ms = sorted(mentions, key=lambda m: m.span.start)
    best: list[Mention] = []
    run: list[Mention] = []
    for m in ms:
        if run:
            prev = run[-1]
            gap = doc.text[prev.span.end : m.span.start]
            # "وسط" (centre) starts with the letter waw but is a locator, not "و" + a place
            waw = m.span.text.startswith("\N{ARABIC LETTER WAW}") and not fold(m.span.text).startswith(_CENTRE)
            joined = (waw and gap.strip() in ("", ",", "\N{ARABIC COMMA}")) or (gap.strip() in _LIST_GLUE)
            if not joined and LIST_COMPLEMENTS:
                # "شرق X شمال القطاع، ومنطقة Y"، "غرب X جنوب القطاع والأحياء الشرقية من
                # بلدة Y": a direction complement after a place and an area head before the next do not break the list
                bare = _AREA_HEAD.sub("", _DIRECTION_COMPLEMENT.sub("", gap, count=1), count=1)
                glue = re.sub(r"[\s,\u060c]", "", bare)
                joined = bare != gap and (glue == "\N{ARABIC LETTER WAW}" or (glue == "" and waw))
            if not joined:
                if len(run) > len(best):
                    best = run
                run = []
        if not run:
            run = [m] if _locative(doc, m) else []
        else:
            run.append(m)
    if len(run) > len(best):
        best = run
    del toks
    return best if len(best) >= 2 else []


_PURPOSE = _words_scan("purpose_phrases")
_BELIEF = _words_scan("belief_phrases")
_UNIT_LIST_NOUNS = _words("unit_list_nouns")


def _unit_list(doc: Document, first: Mention) -> bool:
    toks = _Tokens(_view(doc))
    i = toks.index_of(first.span.start)
    return _unclitic(toks.tok(i)) in _UNIT_LIST_NOUNS or _unclitic(toks.tok(i - 1)) in _UNIT_LIST_NOUNS


def _complement_place(doc: Document, m: Mention, mentions: list[Mention]) -> bool:
    """ "مناطق غرب رفح جنوب القطاع": a place written as a direction of a wider region ("جنوب القطاع"، "وسط قطاع
    غزة"), right after another place, is where that place lies (as the same words are when they are no place
    mention: `_DIRECTION_COMPLEMENT`), not a place of its own."""
    w = m.value
    if not re.match(_DIR_WORD, fold(m.span.text)) or (w.geo_precision or 3) < 2:
        return False
    if w.latitude is None or w.longitude is None:
        return False
    # the place before lies in that region (a homonym elsewhere does not: "منطقة السيدة زينب وسط قضاء سنجار")
    return any(
        o is not m
        and o.span.end <= m.span.start
        and not doc.text[o.span.end : m.span.start].strip()
        and o.value.country == w.country
        and o.value.latitude is not None
        and o.value.longitude is not None
        and _km(o.value.latitude, o.value.longitude, w.latitude, w.longitude) <= WHOLE_KM
        for o in mentions
    )


def _best_place(doc: Document, s: Seen, trigger: Hit | None, taken: list[Span] | None = None) -> list[Place]:
    places = []
    mentions = [m for m in s.places if isinstance(m.value, Place)]
    # a place inside an actor's or a source's words ("الجيش السوري"، "وكالة الأنباء الأرمينية") is not where
    # the event happened
    blocked = [Span(x.hit.start, x.hit.end) for x in s.actors] + list(taken or [])
    if trigger is not None:
        # "غارة على مدينة، ردا على إطلاق نار على مدينة أخرى": the places of a background reference that follows
        # the incident are the earlier incident's, up to the end of its clause
        for r in s.rejected:
            if ARREST_AFTER_RAID and r.hit.payload == trigger.payload == "arrest":
                # "احتجزت الشرطة الشاب بعد القبض عليه في مدينة X"، "اعتقل بعد مداهمة منزله": the raid or the catching
                # before an arrest is the same operation, its place the arrest's
                continue
            if CAPTURE_AFTER_BATTLE and trigger.payload == "capture" and r.hit.payload == "clash":
                continue  # the battle a capture came after was fought for the place taken: its place is the capture's
            if DEFUSED_BEFORE and trigger.payload == "intercept" and r.hit.payload == "explosion":
                continue  # the explosion prevented was to happen where the device was defused
            if (
                STORM_BEFORE_ARREST
                and trigger.payload == "arrest"
                and _unclitic(fold(r.hit.surface)).startswith(_STORM_STEMS + _RAID_STEMS)
            ):
                # "اعتقال الشابين بعد عملية اقتحام منزليهما في بلدة X": storming the home is the same operation
                continue
            if r.reason == "background_reference" and r.hit.start > trigger.end:
                cut = _CLAUSE_END.search(doc.text, r.hit.end, s.span.end)
                blocked.append(Span(r.hit.start, cut.start() if cut else s.span.end))
        if PURPOSE_PLACES:
            # "، دعما لحلفائها في لبنان": whom the act supports, up to the end of the clause; "شابا يعتقد
            # أنه كان قياديا في تنظيم مسلح في العراق": what the arresting side believes of the person
            for pm in [
                *_PURPOSE.finditer(doc.text, trigger.end, s.span.end),
                *_BELIEF.finditer(doc.text, trigger.end, s.span.end),
            ]:
                cut = _CLAUSE_END.search(doc.text, pm.end(), s.span.end)
                blocked.append(Span(pm.start(), cut.start() if cut else s.span.end))
    mentions = [m for m in mentions if not any(b.start <= m.span.start < b.end for b in blocked)] or []
    mentions = [m for m in mentions if not _landmark(doc, m) and not (FIRE_ORIGIN and _fire_origin(doc, m))]
    if PARENT_PLACE:
        # "بلدة بداما التابعة لمدينة جسر الشغور": the town the place belongs to is not where the event happened
        mentions = [m for m in mentions if not _parent_place(doc, m, mentions)]
    if COMPLEMENT_PLACE:
        # "غرب رفح جنوب القطاع": a direction and a region right after a place tell where that place lies
        mentions = [m for m in mentions if not _complement_place(doc, m, mentions)]
    if BASE_ORIGIN and s.cues.get("air_force"):
        # "قصفت طائرة من قاعدة طبرق الجوية مركبا قبالة ميناء درنة": the base the aircraft took off from
        mentions = [m for m in mentions if not _base_origin(doc, m)] or mentions
    chain = _coordinated(doc, mentions)
    loc = [m for m in mentions if _locative(doc, m) or any(m is c for c in chain)]
    mentions = loc or [m for m in mentions if m.value.feature != "country"]
    for m in mentions:
        if isinstance(m.value, Place):
            p = _copy_place(m.value)
            if p.span is None:
                p.span = m.span
            if p.name_ar is None:
                p.name_ar = m.span.text
            places.append(p)
    if not places:
        return []
    # a place in a country the article is hardly about is more likely a homonym (a common word that is also
    # a village name somewhere) than the event's place
    fitting = [p for p in places if _country_weight(doc, p) >= 0.34]
    places = fitting or places
    # towns listed together ("قرب الموصل ومخمور والفلوجة") are one event each (ACLED)
    towns: list[Place] = []
    # "في مقاطعتي تاراغونا ولاردة": a dual or plural noun of first-level units introduces a list of them
    units = UNIT_LISTS and bool(chain) and _unit_list(doc, chain[0])
    for p in places:
        in_chain = any(p.span is not None and c.span.start == p.span.start for c in chain)
        if in_chain and ((p.geo_precision or 3) <= SPLIT_PRECISION or units) and p.name not in {t.name for t in towns}:
            towns.append(p)
    if len(towns) >= 2 and SPLIT_TOWNS and len({t.country for t in towns}) == 1:
        return towns[:SPLIT_MAX]
    t0 = trigger.start if trigger else s.span.start

    def rank(p: Place) -> tuple[int, int, int]:
        country_level = 1 if p.feature == "country" else 0
        dist = abs((p.span.start if p.span else t0) - t0)
        return (p.geo_precision or 3, country_level, dist)

    return [min(places, key=rank)]


_PARENT = re.compile(r"(?:ال)?تابع(?:ة|ه|ين|تين)?\s+(?:ل|لـ)?$")


def _parent_place(doc: Document, m: Mention, mentions: list[Mention]) -> bool:
    """ "بلدة بداما التابعة لمدينة جسر الشغور": a place after "التابعة ل" is the unit the place named right before
    belongs to (when that place is known: else the unit is the best place there is)."""
    cue = _PARENT.search(doc.text, max(0, m.span.start - 16), m.span.start)
    if cue is None:
        return False
    gap = re.compile(r"[\s،,]*")
    return any(
        o is not m and o.span.end <= cue.start() and gap.fullmatch(doc.text, o.span.end, cue.start()) for o in mentions
    )


_ANAPHORIC = {
    kind: _words(f"anaphoric_{kind}")
    for kind in ("town", "strip", "province", "capital", *(("same",) if SAME_FRONT else ()))
}
_DIRECTIONS = _words("directions_before")
_CAPITAL = fold("العاصمة")
_ANAPHORIC_LOCATIVE = _words("anaphoric_locative")


def _anaphoric_place(doc: Document, s: Seen) -> Place | None:
    """ "وكانت الدبابات قد قصفت مواقع في القطاع": a definite place noun after a locative names the last place of
    its kind the article told before (the Strip after "قطاع غزة", the town after "مدينة حلب")."""
    toks = _Tokens(_view(doc))
    ost = toks.ostarts()
    kind = None
    # the tokens from the sentence's first one while they start before its end
    for i in range(toks.index_of(s.span.start), bisect_left(ost, s.span.end)):
        t = toks.toks[i]
        bare = t[1:] if t[:1] == "و" and len(t) > 5 else t
        located = toks.tok(i - 1) in _ANAPHORIC_LOCATIVE and not toks.boundary(i - 1, i)
        if bare[:1] == "ب" and bare[1:3] == "ال":
            bare, located = bare[1:], True
        if located:
            kind = next((k for k, ws in _ANAPHORIC.items() if bare in ws), None)
            if kind == "same" and toks.tok(i + 1) not in _SELF:
                kind = None  # "في المنطقة" alone is any area, not the one told before
            if kind:
                at = Span.of(doc.text, ost[i], toks.view.orig(toks.ends[i]))
                break
    if kind is None:
        return None
    if any(m.kind == "place" and at.start <= m.span.start < at.end + 2 for m in doc.mentions):
        return None  # the noun starts a name of its own ("المدينة المنورة")
    strip = fold("قطاع")
    for m in sorted(doc.mentions, key=lambda m: -m.span.start):
        if m.kind != "place" or m.span.start >= s.span.start or not isinstance(m.value, Place):
            continue
        p: Place = m.value
        if (
            (kind == "town" and p.feature == "populated_place")
            or (kind == "capital" and p.feature == "populated_place" and _CAPITAL in fold(m.span.text))
            or (kind == "strip" and strip in fold(m.span.text))
            or (kind == "province" and p.feature == "admin1")
            or (kind == "same" and p.feature != "country")
        ):
            q = _copy_place(p)
            q.span, q.name_ar = at, at.text
            return q
    return None


def _article_country(doc: Document) -> Place | None:
    try:
        from rasd.pipeline.geocode import article_country
    except ImportError:  # pragma: no cover - geocoding not installed
        return None
    got = article_country(doc)
    return _country_only(got) if isinstance(got, Place) else None


def _country_only(p: Place) -> Place:
    """A country named without a town: the event is in that country, but a centroid is not its place, so no
    coordinates are given (an analyst should not map a Syrian incident at the country's geometric centre)."""
    q = _copy_place(p)
    q.latitude = q.longitude = None
    q.geo_precision = 3
    return q


def _copy_place(p: Place) -> Place:
    return replace(p, pcodes=dict(p.pcodes))


def _pick_date(s: Seen, doc: Document, trigger: Hit | None) -> tuple[date | None, int | None, Span | None]:
    view = _view(doc)
    toks = _Tokens(view)
    since = fold("منذ")
    cands = []
    # "جاء الهجوم ... بعد هجوم وقع الأسبوع الماضي": the day told right after a background reference is its day
    refs = [
        r.hit
        for r in s.rejected
        if BACKGROUND_DATE
        and r.reason == "background_reference"
        and trigger is not None
        and trigger.tok_end < r.hit.tok_start
    ]
    for m in s.dates:
        if not isinstance(m.value, date):
            continue
        j = toks.index_of(m.span.start)
        if any(0 < j - h.tok_end <= 3 and not toks.boundary(h.tok_end, j) for h in refs):
            continue
        recent = doc.published is not None and m.value >= doc.published - timedelta(days=BACKGROUND_DAYS)
        governed = any(toks.tok(j - d) in (since, "و" + since) for d in (1, 2))
        if governed and not recent:
            continue
        # "الاحتجاجات المستمرة منذ شهرين" (the mention holds its منذ): a duration, or "ago", weaker than any other
        # date of the sentence but kept when it is the only one (an old one then marks the sentence as background)
        governed = governed or toks.tok(j) in (since, "و" + since)
        # "غداة احتجاجات الجمعة": the day of another incident, the one this follows (or, with عشية, precedes)
        governed = governed or any(toks.tok(j - d) in _OTHER_DAY and not toks.boundary(j - d, j) for d in (1, 2, 3))
        # "التي بدأت في 31 مارس": the start of a campaign or a series, not the incident's day
        governed = governed or any(toks.tok(j - d) in _BEGAN and not toks.boundary(j - d, j) for d in (1, 2))
        if doc.published and m.value > doc.published:
            continue
        dist = abs(j - trigger.tok_start) if trigger else 0
        # "منذ الأسبوع الماضي" dates a state that began then, not the incident: used only when nothing else dates it
        cands.append((dist + (1000 if governed else 0), m))
    if cands and any(c[0] < 1000 for c in cands):
        cands = [c for c in cands if c[0] < 1000]
    if cands:
        # a date after the trigger dates the incident ("أعلن الحرس، الأحد، إطلاق صواريخ ... السبت"); one before it
        # is often the date of the statement that reports it
        after = [c for c in cands if trigger is not None and c[1].span.start > trigger.start]
        pool = after if after and any(c[1].span.start < trigger.start for c in cands if trigger is not None) else cands
        pool.sort(key=lambda x: x[0])
        m = pool[0][1]
        prec = (m.attrs or {}).get("precision") or 1
        if DAY_AFTER and trigger is not None and pool[0][0] < 1000 and m.span.end <= trigger.start:
            a, b = toks.index_of(m.span.end - 1), trigger.tok_start
            if any(toks.tok(k) in _DAY_AFTER for k in range(a + 1, b)) and not toks.hard_boundary(a, b):
                # "اجتماعا اليوم الثلاثاء ... غداة يوم دام قتل فيه 61": the incident is the day before
                return m.value - timedelta(days=1), int(prec), m.span
        return m.value, int(prec), m.span
    return None, None, None


# ---------------------------------------------------------------------------------------------------- events


def _promote_reference(doc: Document, s: Seen) -> None:
    """ "القصف جاء ردا على هجوم شنه مسلحون الثلاثاء ... قتل فيه شرطي": the sentence's own trigger is a definite
    retelling, and the incident it answers is told with its own day: that incident is the sentence's event."""
    violent = [h for h in s.live if h.payload in VIOLENT]
    if not violent or not all(_definite_reference(doc, h) for h in violent):
        return
    for r in s.rejected:
        if (
            r.reason == "background_reference"
            and r.hit.payload in VIOLENT
            and not _definite_reference(doc, r.hit)
            and any(m.span.start > r.hit.end for m in s.dates)
        ):
            s.rejected.remove(r)
            s.live = [h for h in s.live if h not in violent] + [r.hit]
            s.notes.append(f"the incident '{r.hit.surface}' answered by a retold one is coded")
            return


def _counted_arrest(doc: Document, s: Seen, trigger: Hit) -> bool:
    """An arrest of a counted group ("واعتقل 16 شخصا"، "اعتقال ثلاثة آخرين") or a campaign ("حملة اعتقالات"،
    "مداهمات"): an event of its own (GUIDELINE: arrest campaigns)."""
    toks = _Tokens(_view(doc))
    t = toks.tok(trigger.tok_start)
    if t.endswith("ات") or any(toks.tok(k) in _CAMPAIGN for k in (trigger.tok_start - 1, trigger.tok_start)):
        return True
    deaths = [toks.index_of(h.start) for h in _role_sets()["death_words"].find(toks.view, s.span.start, s.span.end)]
    for m in s.numbers:
        if (m.attrs or {}).get("kind") not in ("count", "dual"):
            continue
        j = toks.index_of(m.span.start)
        if trigger.tok_end < j <= trigger.tok_end + 4 and not toks.boundary(trigger.tok_end, j):
            return True
        # "وضع متطرفين اثنين قيد الاعتقال": the count before the trigger, unless it counts the dead ("قتل 3")
        if (
            trigger.tok_start - 5 <= j < trigger.tok_start
            and not toks.boundary(j, trigger.tok_start)
            and not any(j - 2 <= d <= j for d in deaths)
        ):
            return True
    return False


def _arrest_in_incident(doc: Document, s: Seen, trigger: Hit) -> bool:
    """ "واعتقل لاحقا بعدما طعن رجلين"، "مقتل أحد مساعديه واعتقال شخص ثالث": the arrest of one person told in the
    same sentence as a violent incident (the attacker caught, a suspect taken in the raid) is part of that incident,
    which the article codes where it tells it, not an Arrests event of its own."""
    if _counted_arrest(doc, s, trigger):
        return False
    # an incident that did not happen ("كان ينوي تفجير عبوة") is no scene for the arrest
    unreal = {id(r.hit) for r in s.rejected if r.reason in _NOT_HAPPENED}
    return any(h.payload in VIOLENT and id(h) not in unreal for h in s.triggers)


_NOT_HAPPENED = frozenset({"negated", "future_or_plan", "threat_or_call", "hypothetical", "cessation", "purpose"})


def code_sentence(doc: Document, s: Seen, lex: Lexicon, ctx: dict[str, Any]) -> None:
    """Decide the sentence's event(s) and interaction; fills ``s.events`` / ``s.interaction`` / ``s.decision``."""
    if PROMOTE_REFERENCE:
        _promote_reference(doc, s)
    sub, fam, why = decide(s)
    s.sub_event_type, s.family = sub, fam
    if s.title:
        s.decision = "title: not coded (the body tells the same incident with its details)"
        sub = None
    if sub is None:
        s.decision = s.decision or why
        _interaction(doc, s, lex, ctx)
        return
    trigger = next((h for h in s.live if h.payload == fam), s.live[0] if s.live else None)
    if trigger is None:
        trigger = next((h for h in s.triggers if h.payload == "kill"), None) or next(
            (h for hs in s.cues.values() for h in hs), None
        )
    if trigger is None:  # pragma: no cover - decide() only returns a type with a trigger or a cue
        s.decision = "no trigger"
        return
    if fam == "arrest" and _arrest_in_incident(doc, s, trigger):
        s.decision = f"'{trigger.surface}': the arrest of one person told with a violent incident is part of it"
        _interaction(doc, s, lex, ctx)
        return
    claims = _claims(s, doc, lex, trigger.tok_start)
    places = _best_place(doc, s, trigger, [c.span for c in claims if c.span is not None])
    directed = False
    if not places and ANAPHORIC_PLACE:
        back = _anaphoric_place(doc, s)
        if back is not None:
            places = [back]
            # "جنوبي العاصمة": a direction of the place told before locates the incident
            directed = (
                back.span is not None
                and _unclitic(_Tokens(_view(doc)).tok(_Tokens(_view(doc)).index_of(back.span.start) - 1)) in _DIRECTIONS
            )
            s.notes.append(f"place '{back.name_ar}' = {back.name}, told before")
    if not places and PARAGRAPH_PLACE and ctx.get("para_place") is not None:
        places = [ctx["para_place"]]
        s.notes.append("place from the paragraph")
    if not places and ARTICLE_COUNTRY_FALLBACK:
        fallback = _article_country(doc)
        if fallback is not None:
            places = [fallback]
            s.notes.append("only the article's country is known")
    places = [_country_only(p) if p.feature == "country" else p for p in places]
    day, prec, dspan = _pick_date(s, doc, trigger)
    if day is None and CARRY_DATES and ctx.get("last_date") is not None:
        day, prec = ctx["last_date"]
        s.notes.append("date from an earlier sentence")
    date_fallback = False
    if day is None and LEAD_SENTENCE_DATE and ctx.get("lead_sentence_date") is not None:
        day, prec = ctx["lead_sentence_date"]
        date_fallback = True
        s.notes.append("date of the lead sentence")
    if day is None and LEAD_DATE and ctx.get("lead_date") is not None:
        day, prec = ctx["lead_date"]
        date_fallback = True
        s.notes.append("date of the article's first dated incident")

    if day is None and doc.published is not None:
        day, prec = doc.published - timedelta(days=FALLBACK_DAYS_BEFORE), 2
        date_fallback = True
        s.notes.append("date from publication")
    if s.statement and not _anchored(s, doc, trigger):
        s.decision = f"statement ({s.statement}): the trigger is not a reported incident (no casualty figure, no 'الذي/التي' + verb)"
        _interaction(doc, s, lex, ctx)
        return
    recalled = _pluperfect(s, doc, trigger) and not s.dates
    if recalled and not PLUPERFECT_OPTIONAL:
        s.decision = "'كان ... قد' + verb without a date: an earlier incident recalled, not coded"
        _interaction(doc, s, lex, ctx)
        return
    if s.recap and not (s.places and s.dates):
        s.decision = "generic recap without place and time: background, not coded"
        return
    _roles(s, doc, fam)
    deaths, injuries, fnotes, fspan, explicit, update = _fatalities(s, doc)
    if TOLL_RECAP and not s.dates and deaths >= CUMULATIVE_TOLL_MIN:
        # "أفاد المرصد بأن طائرات التحالف قتلت 3042 من التنظيم خلال 10 أشهر": the count of a campaign
        s.decision = f"{_TOLL_RECAP_DECISION} ({deaths}): a campaign's or a war's count, a recap, not an incident"
        return
    if AGREEMENT_FIRST and sub == "Agreement" and (deaths or injuries):
        # an agreement kills no one: the dead of its sentence are those of the violence it ended
        deaths, injuries, fnotes = 0, None, [*fnotes, "deaths are not an agreement's"]
    if sub == "Peaceful protest" and deaths:
        # a peaceful protest has no dead by definition: deaths in its sentence are its cause ("مسيرة شارك فيها أقارب
        # الضحايا") or another incident's
        deaths, fnotes = 0, [*fnotes, "deaths are not a peaceful protest's"]
    supporting = False
    if fam in VIOLENT | {"capture"} and _anaphoric(s, doc, trigger, bool(places)) and not explicit:
        if not deaths:
            s.decision = (
                f"'{trigger.surface}' refers back to an incident told earlier (definite, no place or figure of its own)"
            )
            _interaction(doc, s, lex, ctx)
            return
        supporting = True  # "أسفر الانفجار عن مقتل شخص": adds its toll to the incident told earlier
    if fam in VIOLENT and _has(s, "consequence") and not deaths and _definite_reference(doc, trigger):
        s.decision = f"'{trigger.surface}' with its consequences (out of service, postponed): the aftermath of an incident told earlier"
        _interaction(doc, s, lex, ctx)
        return
    real_actors = [x for x in s.actors if x.kind in ("armed", "civilian", "protester", "rioter")]
    assault = ASSAULT_ON_PEOPLE and bool(deaths) and _assault(s)
    # "اشتباكات بين الجيش وقوات الدعم السريع" ... "وأن الاشتباكات اندلعت بمدينة أم درمان": the fighting told before,
    # at a place of its own, between the same sides
    told_clash = (
        ctx.get("last_clash")
        if CLASH_TOLD_BEFORE and fam == "clash" and s.places and _definite(_Tokens(_view(doc)).tok(trigger.tok_start))
        else None
    )
    if (
        fam == "clash"
        and not any(x.kind == "armed" and not x.anaphor for x in s.actors)
        and not explicit
        and not assault
        and told_clash is None
    ):
        s.decision = f"{sub}: a clash needs an armed party named (or casualty figures)"
        _interaction(doc, s, lex, ctx)
        return
    remote = fam in {"air_strike", "shelling", "explosion", "chemical", "suicide"}
    if (
        fam in VIOLENT | {"capture", "arrest"}
        and not real_actors
        and not explicit
        and not deaths
        and not (s.places and (s.dates or remote))
        and not (COUNTED_PEOPLE and s.places and _counted_people(s))
        # "إيقاف 6 عناصر بجهة X": a counted group arrested at a named place (the arresting force may go unnamed)
        and not (fam == "arrest" and s.places and _counted_arrest(doc, s, trigger))
        and told_clash is None
    ):
        s.decision = f"{sub}: no actor, victim or casualty figure: not a codable incident"
        _interaction(doc, s, lex, ctx)
        return
    counted = any((m.attrs or {}).get("kind") in ("count", "dual") for m in s.numbers)
    # a retelling that only adds its toll ("أسفر الانفجار عن مقتل شخص") is anchored by the incident it tells again
    # (a direction of a place told before, "جنوبي العاصمة", anchors it too)
    if not (s.places or directed or s.dates or explicit or counted or supporting or s.index <= ctx.get("lead", 1)):
        if not (deaths and _TOKEN_DEFINITE.match(doc.text, trigger.start)):
            s.decision = f"{sub}: no place, date or figure anchors the trigger outside the lead"
            _interaction(doc, s, lex, ctx)
            return
        # "الاعتداء الذي قتل الانتحاري الذي نفذه": the incident told again (definite) with a death of its own, but no
        # place or day: its toll adds to the incident, it is no incident of its own
        supporting = True
    targets: list[Place | None] = list(places) if places else [None]
    part_of_whole = False
    if PART_OF_WHOLE and TOLL_PARTS and deaths and len(places) == 1:
        whole = _whole_of_part(doc, s, places[0])
        if whole is not None:
            part_of_whole = True
            # "مقتل 30 في قصف على القطاع، منهم 20 في رفح": the town gets its part, the wider place the rest
            places = [whole, places[0]]
            targets = [whole, places[1]]
    stated = _stated_parts(doc, s, places) if TOLL_PARTS and deaths and len(places) > 1 else {}
    for i, place in enumerate(targets):
        country = place.country if place else None
        if country is None:
            fallback = _article_country(doc)
            country = _country_from_actors(s) or ctx.get("doc_country") or (fallback.country if fallback else None)
        sources = [c.span for c in claims if c.kind in ("reported_by", "denied_by") and c.span is not None]
        a1, a2, assoc = _pick_actors(s, sub, country, doc, sources)
        cl = [Claim(c.kind, c.who, c.span, dict(c.figures)) for c in claims]
        if a1 is None or a1.name.startswith("Unidentified"):
            by = next((c for c in cl if c.kind == "claimed_by"), None)
            if by is not None:
                a_hits = [x for x in s.actors if by.span and by.span.start <= x.hit.start < by.span.end]
                if a_hits:
                    a1 = resolve(
                        a_hits[0].entries[0],
                        country,
                        doc.text[a_hits[0].hit.start : a_hits[0].hit.end],
                        Span.of(doc.text, a_hits[0].hit.start, a_hits[0].hit.end),
                    )
        victims = [x for x in s.actors if x.kind == "civilian" and x.role != "place"]
        if a2 is not None and a1 is not None and a2.name == a1.name:
            # the perpetrator named twice ("انتحاري ... الانتحاري"، a claim) is not its own target
            a2 = (
                resolve(victims[0].entries[0], country, doc.text[victims[0].hit.start : victims[0].hit.end], None)
                if victims and a1.inter != 7
                else None
            )
        real_sub = sub
        if (
            sub == "Government regains territory"
            and a1 is not None
            and a1.inter not in (1, 8)
            and a1.actor_id not in _pro_government()
        ):
            real_sub = "Non-state actor overtakes territory"
        civ_ids = {x.entries[0].get("id") for x in s.actors if x.kind == "civilian"}
        if (
            sub == "Attack"
            and a2 is not None
            and a2.inter != 7
            and a2.actor_id not in civ_ids
            and a1 is not None
            and a1.inter != 7
        ):
            real_sub = "Armed clash"  # the victims are armed: a fight, not violence against civilians
        if real_sub == "Air/drone strike" and a1 is None and country and _has(s, "state_air"):
            # "القصف بثلاثة براميل متفجرة": barrel bombs are a state air force's weapon
            a1 = Actor(name=f"Military Forces of {country}", inter=1, country=country)
        if (
            ARMY_WEAPONS
            and real_sub in ("Air/drone strike", "Shelling/artillery/missile attack")
            and (a1 is None or a1.name.startswith("Unidentified"))
            and country in army_of()
            and (_has(s, "air_force") or _has(s, "state_weapons"))
        ):
            # "إثر قصف من الدبابات على منزل في مخيم البريج": warplanes, tanks and gunboats over Gaza are the army's
            # that operates there, no unidentified group's
            other = army_of()[country]
            a1 = Actor(name=f"Military Forces of {other}", inter=8, country=other)
        if (
            ASSAULT_ON_PEOPLE
            and sub == "Armed clash"
            and fam == "clash"
            and deaths
            and not any(x.kind == "armed" for x in s.actors)
            and _assault(s)
        ):
            # "سقط القتيلان في هجوم": an attack that kills people, with no armed party named on either side, is
            # violence against them, not a fight
            real_sub = "Attack"
            if a1 is None:
                a1 = Actor(name=f"Unidentified Armed Group ({country or 'Unknown'})", inter=3, country=country)
        # "هجوم القوات بهدف السيطرة على العاصمة خلف مئات القتلى": an offensive to take a place
        # is a battle whoever its dead are
        offensive = OFFENSIVE_IS_BATTLE and any(
            r.hit.payload == "capture" and r.reason in ("future_or_plan", "purpose") for r in s.rejected
        )
        if sub == "Armed clash" and a2 is None and victims and a1 is not None and not offensive:
            civ = victims[0]
            a2 = resolve(
                civ.entries[0],
                country,
                doc.text[civ.hit.start : civ.hit.end],
                Span.of(doc.text, civ.hit.start, civ.hit.end),
            )
            real_sub = "Attack"
        if (
            NISBA_VICTIMS
            and a2 is None
            and deaths
            and _event_type(real_sub) in ("Explosions/Remote violence", "Violence against civilians")
        ):
            nat = _nisba_victims(s)
            if nat is not None:
                # "استشهاد 47 فلسطينيا في غارات": the dead named by their nationality are its civilians
                a2 = Actor(name=f"Civilians ({nat})", inter=7, country=nat)
        if (
            a2 is None
            and (a1 is None or a1.inter != 7)
            and _civilian_dead(s, real_sub, deaths, a1.actor_id if a1 else None)
        ):
            # "استشهاد 11 فلسطينيا في غارات على وسط القطاع": a bombardment whose dead are martyrs or people counted
            # by nationality, with no armed party on their side, hit civilians (GUIDELINE)
            a2 = Actor(name=f"Civilians ({country or 'Unknown'})", inter=7, country=country)
        share = deaths // len(places) if places and len(places) > 1 else deaths
        if places and len(places) > 1 and i == 0:
            share += deaths - share * len(places)
        if stated:
            share = stated.get(i, 0) if i in stated else _rest_share(deaths, stated, len(places), i)
        ev = Event(
            event_type=_event_type(real_sub),
            sub_event_type=real_sub,
            evidence=s.span,
            event_date=day,
            time_precision=prec,
            actor1=a1,
            actor2=a2,
            assoc_actor_1=assoc,
            civilian_targeting=bool(
                a2 is not None
                and a2.inter == 7
                and _event_type(real_sub) in ("Explosions/Remote violence", "Violence against civilians")
            )
            # ACLED flags every use of excessive force against demonstrators as civilian targeting
            or real_sub == "Excessive force against protesters",
            place=place,
            fatalities=share,
            injuries=injuries,
            claims=cl,
            notes=list(fnotes) + list(s.notes),
            doc_id=doc.id,
        )
        if told_clash is not None and ev.actor1 is None:
            ev.actor1, ev.actor2 = copy.copy(told_clash.actor1), ev.actor2 or copy.copy(told_clash.actor2)
        ev.spans["trigger"] = [Span.of(doc.text, trigger.start, trigger.end)]
        for k, act in (("actor1", a1), ("actor2", a2)):
            if act is not None and act.span is not None:
                ev.spans[k] = [act.span]
        if place is not None and place.span is not None:
            ev.spans["location"] = [place.span]
        if fspan is not None:
            ev.spans["fatalities"] = [fspan]
        if dspan is not None:
            ev.spans["event_date"] = [dspan]
        for c in cl:
            if c.span is not None:
                ev.spans[c.kind] = [c.span]
        if _definite_reference(doc, trigger):
            ev.tags.append("anaphor")
        if _Tokens(_view(doc)).tok(trigger.tok_start).startswith(("ال", "وال", "بال", "فال", "لل")):
            ev.tags.append("definite")
        if s.index == ctx.get("lead", 0):
            ev.tags.append("lead")
        if supporting:
            ev.tags.append("supporting")
            ev.tags.append("explicit_fatalities")
        if date_fallback:
            ev.tags.append("date_fallback")
            if s.index > ctx.get("lead", 0) + LEAD_SENTENCES - 1:
                # an undated incident deep in the article is mostly background or a retelling: it may add to an
                # incident told with its date, but is not coded alone
                ev.tags.append("supporting")
        if update:
            ev.tags.append("update")
        if OTHER_VICTIMS and deaths and _other_victims(s, doc):
            ev.tags.append("other_victims")
        elif part_of_whole and i > 0:
            ev.tags.append("other_victims")  # the town's part is not merged back into the wider place's rest
        if fam == "arrest" and real_sub == "Arrests" and not _counted_arrest(doc, s, trigger):
            ev.tags.append("single_arrest")
        if explicit:
            ev.tags.append("explicit_fatalities")
            if fspan is not None and any(
                m.span.start == fspan.start and (m.attrs or {}).get("vague") for m in s.numbers
            ):
                ev.tags.append("vague_fatalities")  # "عدد من القتلى": a later precise figure replaces it
            elif "preliminary toll" in fnotes:
                ev.tags.append("vague_fatalities")  # a preliminary toll is superseded the same way
        if s.recap:
            ev.optional = True
            ev.tags.append("recap")
        if doc.published and day and day < doc.published - timedelta(days=BACKGROUND_DAYS):
            ev.optional = True
            ev.tags.append("background")
        elif date_fallback and _past_year(s, doc):
            # "سيطرت القوات على المدينة في 2016": no day, but a bygone year dates the incident as background
            ev.optional = True
            ev.tags.append("background")
        elif recalled:
            # GUIDELINE: a background event is coded optional (left out of a default run, kept with background=True)
            ev.optional = True
            ev.tags.append("background")
            ev.notes.append("'كان ... قد' + verb without a date: an earlier incident recalled")
        elif date_fallback and BARE_PLUPERFECT and not s.dates and _bare_pluperfect(s, doc, trigger):
            ev.optional = True
            ev.tags.append("background")
            ev.notes.append("'كان' + past verb without a date: an earlier incident recalled")
        elif date_fallback and CARRY_BACKGROUND and not s.dates and _carries_background(doc, s, ctx):
            ev.optional = True
            ev.tags.append("background")
            ev.notes.append("goes on telling the background incident of the sentence before")
        # how much of the event the text itself gave (an analyst sorts by this to review the weakest first)
        ev.confidence = max(
            0.3,
            (0.9 if s.live else 0.6)
            - (0.2 if date_fallback else 0.0)
            - (0.2 if place is None or place.latitude is None else 0.0)
            - (0.1 if a1 is None else 0.0),
        )
        s.events.append(ev)
    s.decision = f"{sub}: {why}" + (" ('كان ... قد' without a date: background)" if recalled else "")
    _interaction(doc, s, lex, ctx)


def _assault(s: Seen) -> bool:
    """Every live clash trigger is an "attack" word (هجوم، هاجم), none a word of fighting (اشتباك، معارك)."""
    clash = [h for h in s.live if h.payload == "clash"]
    return bool(clash) and all(any(c.start <= h.start < c.end for c in s.cues.get("assault", [])) for h in clash)


_NISBA_PLURAL = (fold("يين"), fold("يون"))


_REMOTE_SUBS = frozenset(
    {"Air/drone strike", "Shelling/artillery/missile attack", "Chemical weapon", "Remote explosive/landmine/IED"}
)


def _civilian_dead(s: Seen, sub: str, deaths: int, attacker: str | None) -> bool:
    """A remote attack whose victims are civilians though no civilian noun names them: the dead are martyrs
    ("سقط عشرات الشهداء في غارات"), or counted by nationality ("استشهاد 28 فلسطينيا"); a chemical attack on a place
    hits its people. Not when an armed party other than the attacker is named (the dead may be its fighters:
    "استشهد القيادي في الحركة باستهداف مركبة", no attacker named)."""
    if sub not in _REMOTE_SUBS:
        return False
    if {x.entries[0].get("id") for x in s.actors if x.kind == "armed"} - {attacker}:
        return False
    if sub == "Chemical weapon":
        return True
    if _has(s, "martyrs"):
        return True
    if not deaths:
        return False
    for m in s.numbers:
        noun = _bare(fold(str((m.attrs or {}).get("noun") or "")))
        if (m.attrs or {}).get("kind") not in ("count", "dual") or len(noun) <= 5:
            continue
        # the singular nisba: فلسطينيين/فلسطينيون -> فلسطيني, فلسطينيا -> فلسطيني
        single = noun[:-2] if noun.endswith(_NISBA_PLURAL) else noun[:-1] if noun.endswith(fold("يا")) else ""
        if single and single not in _ARMED_NISBAS:
            return True
    return False


_ARMED_NISBAS = _words("armed_nisbas")


def _counted_people(s: Seen) -> bool:
    """ "اختطاف أربعة إيطاليين": a counted nisba plural (people named by nationality or origin) are the victims."""
    for m in s.numbers:
        noun = _bare(fold(str((m.attrs or {}).get("noun") or "")))
        if (m.attrs or {}).get("kind") in ("count", "dual") and len(noun) > 5 and noun.endswith(_NISBA_PLURAL):
            return True
    return False


def _nisba_victims(s: Seen) -> str | None:
    """The state of people counted by their nationality ("47 فلسطينيا"، "أربعة إيطاليين"), or None."""
    for m in s.numbers:
        if (m.attrs or {}).get("kind") not in ("count", "dual"):
            continue
        noun = _bare(fold(str((m.attrs or {}).get("noun") or "")))
        if len(noun) > 4:
            nat = nisba_country(noun)
            if nat is not None:
                return nat
    return None


_OTHER = (fold("آخر"), fold("الآخر"))
_LATEST = fold("الأخير")  # "the last", which "الآخر" begins


def _other_victims(s: Seen, doc: Document) -> bool:
    """ "بينما سقط القتيلان الآخران في هجوم"، "قتيلين آخرين": the dead are others than those already told, so the
    incident is another one. Only a death noun qualified by "other" counts: "ومصرع عشرات الآخرين" (the others,
    beside those who fled) and "وأصيب 15 آخرون" (the usual phrasing of one incident's toll) do not."""
    toks = _Tokens(_view(doc))
    t = toks.toks
    # every pair of tokens (i, i + 1) from the sentence's first token while token i + 1 starts before its end; the
    # rare word ("other", "also") is tested first (the tests have no side effects, so their order is free)
    stop = bisect_left(toks.ostarts(), s.span.end)
    for i in range(toks.index_of(s.span.start), stop - 1):
        nxt = t[i + 1]
        if (
            nxt.startswith(_OTHER)
            and not nxt.startswith(_LATEST)
            and _bare(t[i]).startswith(_DEATH_NOUNS)
            and not toks.boundary(i, i + 1)
        ):
            return True
        if ALSO_DEAD and nxt in _ALSO:
            verb = t[i][1:] if t[i][:1] in ("و", "ف") else t[i]
            if verb in _ALSO_DEATH_VERBS and not toks.boundary(i, i + 1):
                return True  # "وسقط أيضا ستة مواطنين": other dead, another incident
    return False


def _past_year(s: Seen, doc: Document) -> bool:
    """The sentence names a year before the publication's (a number the text layer read as a year)."""
    if doc.published is None:
        return False
    for m in s.numbers:
        if (m.attrs or {}).get("kind") != "year":
            continue
        try:
            year = int(m.value)
        except (TypeError, ValueError):
            continue
        if 1900 < year < doc.published.year:
            return True
    return False


def _definite_reference(doc: Document, trigger: Hit) -> bool:
    """A definite trigger noun without a relative clause ("أسفر الانفجار عن"): the incident already told."""
    toks = _Tokens(_view(doc))
    t = toks.tok(trigger.tok_start)
    if not t.startswith(("ال", "وال", "بال", "فال", "لل")) or trigger.surface.endswith("*"):
        return False
    rel = _folded(("الذي", "التي"))
    return not any(toks.tok(trigger.tok_end + d) in rel for d in (1, 2, 3))


def _pluperfect(s: Seen, doc: Document, trigger: Hit) -> bool:
    """ "وكان التحالف قد شن غارات": the pluperfect recalls an incident before the one reported."""
    toks = _Tokens(_view(doc))
    first = toks.index_of(s.span.start)
    kana = _folded(("كان", "كانت", "وكان", "وكانت", "كانوا", "وكانوا"))
    if not any(toks.tok(first + d) in kana for d in (0, 1, 2)):
        return False
    qad = fold("قد")
    return any(toks.tok(k) in (qad, "و" + qad) for k in range(first, trigger.tok_start))


def _bare_pluperfect(s: Seen, doc: Document, trigger: Hit) -> bool:
    """ "وكانت حماس اعتقلت مؤخرا عشرات"، "وكان الهجوم أسفر عن مقتل 39": كان at the head of the sentence and a past
    verb within three words (no "قد"): the pluperfect recalls an incident before the one reported."""
    toks = _Tokens(_view(doc))
    first = toks.index_of(s.span.start)
    k = next((first + d for d in (0, 1, 2) if toks.tok(first + d) in _KANA), None)
    if k is None or trigger.tok_start <= k:
        return False
    for j in range(k + 1, min(k + 4, trigger.tok_start + 1)):
        t = toks.tok(j)
        # a prepositional phrase after the subject ("وكان متحدث باسم الوزارة أفاد") ends the search: the verb is
        # too far to be the pluperfect's
        if t in _PREPOSITIONS or t.startswith(("بال", "لل", "كال")) or t == fold("باسم"):
            return False
        if _past_after_kana(toks.tok(k), t):
            return True
    return False


def _anaphoric(s: Seen, doc: Document, trigger: Hit, placed: bool | None = None) -> bool:
    """ "الهجوم"، "الغارات"، "القصف" with the article and nothing of their own: a reference to an incident the
    article already told (or a generic one), not a new incident."""
    view = _view(doc)
    toks = _Tokens(view)
    # "منفذ هذا الهجوم"، "الهجوم ذاته": a demonstrative or "the author of" points back whatever else is named
    definite = toks.tok(trigger.tok_start).startswith(("ال", "وال", "بال", "فال", "لل"))
    prev = toks.tok(trigger.tok_start - 1)
    # a demonstrative points only at a definite noun ("هذا الهجوم"); "هذا وشنت طائرات" opens a new statement
    # "منفذ الهجوم على المتحف في باريس الجمعة": "the author of" an attack told with its own place and day
    # names the incident itself (an opening sentence often does); a repeated telling merges in assemble
    own = bool(s.places and s.dates) and prev not in _DEMONSTRATIVES
    if (prev in _POINTERS and (definite or prev not in _DEMONSTRATIVES) and not own) or (
        definite and toks.tok(trigger.tok_end + 1) in _SELF
    ):
        return True
    # a place of the incident's own, not one inside a source's or an actor's words ("المتحدث باسم التحالف في
    # اليمن") nor a landmark: `placed` is what _best_place found, when the caller has it
    if s.places if placed is None else placed:
        return False
    t = toks.tok(trigger.tok_start)
    for pre in ("وال", "فال", "بال", "لل", "ال"):
        if t.startswith(pre):
            rel = {fold("الذي"), fold("التي")}
            return not any(toks.tok(trigger.tok_end + d) in rel for d in (1, 2))
    return False


_REPORT_CONTINUATION = _words("report_continuation")
_ANOTHER = _words("another")
_BARE_COMPLEMENTISERS = frozenset({fold("أن"), fold("إن"), fold("بأن"), fold("وأن")})


def _anchored(s: Seen, doc: Document, trigger: Hit) -> bool:
    """A trigger inside a statement is an incident when it comes with casualty figures or is a definite incident
    described by a relative clause ("التفجير الذي استهدف مسجدا")."""
    view = _view(doc)
    toks = _Tokens(view)
    rel = {fold("الذي"), fold("التي"), fold("اللذين")}
    if any(toks.tok(trigger.tok_end + d) in rel for d in (1, 2, 3)) and s.places:
        return True
    if (
        REPORTED_STATEMENT
        and s.places
        and s.statement is not None
        and _unclitic(fold(s.statement.split()[0].rstrip("*"))) in _REPORT_CONTINUATION
        and not _definite(toks.tok(trigger.tok_start))
    ):
        first = toks.index_of(s.span.start)
        last = toks.index_of(max(s.span.start, s.span.end - 1))
        said = [k for k in range(first, trigger.tok_start) if toks.tok(k) in _BARE_COMPLEMENTISERS]
        if said and any(_unclitic(toks.tok(k)) in _ANOTHER for k in range(first, last + 1)):
            # "وأضاف أن قصفا آخر طال مزارع قرب بيت لاهيا"، "في واقعة منفصلة أشار المصدر إلى أن": another
            # incident carried on in the report, not the speaker's comment on the one told
            return True
    deaths = _role_sets()["death_words"].find(view, s.span.start, s.span.end)
    return bool(deaths) and any(((m.attrs or {}).get("kind") in ("count", "dual")) for m in s.numbers)


def _country_from_actors(s: Seen) -> str | None:
    """Without a place, the country of the local actors: external forces (coalitions, inter 8) and a state's
    own forces (which may act abroad) tell less than a non-state group or a police force."""
    ranked = []
    for x in s.actors:
        e = x.entries[0]
        c = e.get("country")
        if not c or c == "*" or x.kind not in ("armed",):
            continue
        score = 0 if int(e.get("inter", 1)) in (2, 3, 4) else 1 if str(e["name"]).startswith("Police") else 2
        if int(e.get("inter", 1)) == 8:
            score = 3
        ranked.append((score, x.hit.start, str(c)))
    return min(ranked)[2] if ranked else None


def _interaction(doc: Document, s: Seen, lex: Lexicon, ctx: dict[str, Any]) -> None:
    if s.title:
        return
    view = _view(doc)
    toks = _Tokens(view)
    hits = lex.plover.find(view, s.span.start, s.span.end)
    first = toks.index_of(s.span.start)
    hits = [h for h in hits if h.tok_start - first <= 6]
    if not hits:
        return
    h = hits[0]
    names = _government_mentions(doc, s, toks)
    after = [n for n in names if n[0] >= h.start]
    src = after[0][1] if after else (names[0][1] if names else None)
    tgt = next((n[1] for n in after[1:] if src is None or n[1].name != src.name), None)
    s.interaction = Interaction(
        plover=str(h.payload),
        source=src,
        target=tgt,
        evidence=s.span,
        trigger=Span.of(doc.text, h.start, h.end),
        event_date=ctx.get("last_date", (None, None))[0] or doc.published,
    )


def _government_mentions(doc: Document, s: Seen, toks: _Tokens) -> list[tuple[int, Actor]]:
    """Actors of an interaction: dictionary actors, and countries named (their governments)."""
    out: list[tuple[int, Actor]] = []
    for x in s.actors:
        # armed forces, governments and officials, and the UN speak and are spoken to
        if x.kind in ("armed", "official") or x.entries[0].get("id") == "un":
            e = x.entries[0]
            c = e.get("country") if e.get("country") != "*" else None
            out.append(
                (
                    x.hit.start,
                    resolve(e, c, doc.text[x.hit.start : x.hit.end], Span.of(doc.text, x.hit.start, x.hit.end)),
                )
            )
    countries = state_countries()
    for i, cand in _country_tokens(toks, s.span, countries):
        ga = toks.view.orig(toks.starts[i])
        ge = toks.view.orig(toks.ends[i])
        out.append(
            (
                ga,
                Actor(
                    name=f"Government of {countries[cand]}",
                    inter=1,
                    country=countries[cand],
                    text_ar=doc.text[ga:ge],
                    span=Span.of(doc.text, ga, ge),
                ),
            )
        )
    out.sort(key=lambda x: x[0])
    return out


def _country_tokens(toks: _Tokens, span: Span, countries: Mapping[str, str]) -> list[tuple[int, str]]:
    """(token index, the country word) of the tokens from the span's first to the last one starting before its
    end that name a country, bare or after one proclitic (و، ب، ل، ف).

    The end is found by one bisect over the tokens' text starts instead of an orig call a token, and a token that
    is no country word either way is passed over at once (:func:`_country_tokens_plain` walks them one by one)."""
    first = toks.index_of(span.start)
    tk = toks.toks
    stop = bisect_left(toks.ostarts(), span.end, first)
    out: list[tuple[int, str]] = []
    if _country_forms(countries).isdisjoint(tk[first:stop]):
        return out  # most sentences: no token is a country word, bare or after a proclitic
    for i in range(first, stop):
        t = tk[i]
        if t not in countries and not (t[:1] in ("و", "ب", "ل", "ف") and t[1:] in countries):
            continue
        for cand in (t, t[1:] if t[:1] in ("و", "ب", "ل", "ف") else None):
            if cand and cand in countries:
                out.append((i, cand))
                break
    return out


_FORMS: list[tuple[Mapping[str, str], frozenset[str]]] = []  # the last country table and its forms


def _country_forms(countries: Mapping[str, str]) -> frozenset[str]:
    """The tokens :func:`_country_tokens` keeps: a country word, bare or after و، ب، ل or ف (kept for the last
    table asked, the one state_countries() gives)."""
    if _FORMS and _FORMS[0][0] is countries:
        return _FORMS[0][1]
    forms = frozenset([*countries, *(p + k for p in ("و", "ب", "ل", "ف") for k in countries)])
    _FORMS[:] = [(countries, forms)]
    return forms


def _country_tokens_plain(toks: _Tokens, span: Span, countries: Mapping[str, str]) -> list[tuple[int, str]]:
    """:func:`_country_tokens` token by token (the reference for tests)."""
    out: list[tuple[int, str]] = []
    i = toks.index_of(span.start)
    while i < len(toks.toks) and toks.view.orig(toks.starts[i]) < span.end:
        t = toks.toks[i]
        for cand in (t, t[1:] if t[:1] in ("و", "ب", "ل", "ف") else None):
            if cand and cand in countries:
                out.append((i, cand))
                break
        i += 1
    return out


def _denial_head(doc: Document, s: Seen, lex: Lexicon) -> bool:
    toks = _Tokens(_view(doc))
    first = toks.index_of(s.span.start)
    return any(h.tok_start - first <= 2 for h in lex.denial.find(toks.view, s.span.start, s.span.end))


def _deny_previous(doc: Document, s: Seen, lex: Lexicon, ev: Event) -> None:
    """ "ونفت وزارة الدفاع أن تكون قواتها قد استهدفت أحياء سكنية": a denial told in the next sentence is the
    denied_by of the incident just told."""
    if ev.claim("denied_by"):
        return
    view = _view(doc)
    toks = _Tokens(view)
    for h in lex.denial.find(view, s.span.start, s.span.end):
        who = _phrase(doc, toks, h.tok_end + 1, lex.denial_stop, 5, s.span.end)
        if who:
            ev.claims.append(Claim("denied_by", who.text.strip(), who))
            ev.spans.setdefault("denied_by", [who])
            return


def _suicide_upgrade(events: list[Event], seen: list[Seen]) -> bool:
    """An article that tells one bombing and calls its author a suicide bomber in another sentence
    ("الانتحاري نفذ جريمته داخل المسجد") reports a suicide bombing (GUIDELINE: code what the text says). True when
    the bombing was upgraded."""
    bombs = [e for e in events if e.sub_event_type == "Remote explosive/landmine/IED" and not e.optional]
    if len(bombs) != 1:
        return False
    if any(s.cues.get("suicide") and not s.title and not s.recap and not s.statement for s in seen):
        bombs[0].sub_event_type = "Suicide bomb"
        bombs[0].notes.append("suicide bomber named elsewhere in the article")
        return True
    return False


_VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")


def _civilian_victims(events: list[Event]) -> None:
    """Violence against civilians targets civilians by definition (ACLED): one told without its victims named
    ("سقط القتيلان في هجوم"، "لاختطاف أربعة إيطاليين") has the civilians of its country as actor2, and every such
    event whose target is not an armed party (a UN team shot at) is civilian targeting, as is excessive force
    against protesters."""
    for ev in events:
        if ev.sub_event_type == "Excessive force against protesters":
            # protesters are civilians: force used against them is civilian targeting (ACLED codes it so)
            ev.civilian_targeting = True
            continue
        if ev.event_type != "Violence against civilians":
            continue
        if ev.actor2 is None:
            country = ev.place.country if ev.place is not None else None
            ev.actor2 = Actor(name=f"Civilians ({country or 'Unknown'})", inter=7, country=country)
            ev.notes.append("actor2: the civilians of the place (violence against civilians)")
        if ev.actor2.inter in (7, 8) and not ev.actor2.name.startswith(("Military Forces", "Police Forces")):
            ev.civilian_targeting = True


@cache
def _pro_government() -> frozenset[str]:
    """Ids of militias fighting on the state's side (`actors.yaml: pro_government`): their captures are the
    government's regaining territory (ACLED: government forces or their affiliates)."""
    return frozenset(str(e["id"]) for e in actor_entries() if e.get("pro_government"))


def _fold_single_arrests(events: list[Event]) -> list[Event]:
    """ "واعتقل لاحقا"، "رجال الشرطة الذين اعتقلوا الرجل": the arrest of one person in an article that codes a
    violent incident of the same day and place is the catching of its author, part of that incident (the
    GUIDELINE codes arrest campaigns as Arrests, not the end of an attack)."""
    violent = [e for e in events if e.event_type in _VIOLENT_TYPES and not e.optional]
    out = []
    for ev in events:
        # a violent telling placed nowhere ("أصيب 89 شخصا في اشتباكات مع الشرطة") is no scene for an arrest told at a
        # place of its own ("اعتقل في ولاية شليسفيغ هولشتاين")
        scenes = [v for v in violent if v.place is not None or ev.place is None] if PLACED_SCENE else violent
        if "single_arrest" in ev.tags and any(_same_incident_scene(ev, v) for v in scenes):
            continue
        out.append(ev)
    return out


def _same_incident_scene(a: Event, b: Event) -> bool:
    """Same day (an undated telling fits any day) and same place (an unplaced one fits any place)."""
    if (
        a.event_date
        and b.event_date
        and abs((a.event_date - b.event_date).days) > 1
        and "date_fallback" not in a.tags
        and "date_fallback" not in b.tags
    ):
        return False
    if a.place is None or b.place is None or a.place.name == b.place.name:
        return True
    return a.place.admin1 is not None and a.place.admin1 == b.place.admin1


def _lead_index(doc: Document) -> int:
    """Index of the first body sentence (the lead, which may tell its incident without repeating the place); a
    dateline ("سبق- وكالات:"، "الخرطوم-دارفور24") is no lead."""
    for i, sent in enumerate(doc.sentences):
        if not _is_title(doc, sent) and not (LEAD_AFTER_DATELINE and _is_dateline(doc, sent)):
            return i
    return 0


def _is_dateline(doc: Document, sent: Span) -> bool:
    return any(
        seg.kind == "dateline" and seg.span.start <= sent.start and sent.end <= seg.span.end for seg in doc.segments
    )


def assemble(events: list[Event]) -> list[Event]:
    """One event per (sub-type, day, place, actors): the same incident told twice is merged into the first."""
    out: list[Event] = []
    for ev in events:
        # "the other two dead" are another incident's: never merged into one told before
        twin = None if "other_victims" in ev.tags else next((o for o in out if _same(o, ev)), None)
        if twin is None and ANAPHOR_MERGE and "anaphor" in ev.tags and "other_victims" not in ev.tags:
            # "الانفجار" told again with its toll: the latest incident of that kind already in the article
            twin = next(
                (
                    o
                    for o in reversed(out)
                    if _retold_as(o, ev)
                    and o.optional == ev.optional
                    and (o.event_date == ev.event_date or "date_fallback" in ev.tags)
                    and (
                        o.place is None
                        or ev.place is None
                        or o.place.name == ev.place.name
                        or (
                            o.place.country == ev.place.country
                            and max(o.place.geo_precision or 3, ev.place.geo_precision or 3) >= 2
                            and (not NESTED_PLACES or _nested(o.place, ev.place))
                            and not (
                                SEPARATE_AREAS and (o.place.geo_precision or 3) == (ev.place.geo_precision or 3) == 2
                            )
                        )
                    )
                ),
                None,
            )
        if twin is None:
            out.append(ev)
            continue
        _merge(twin, ev)
    return out


def _retold_as(told: Event, anaphor: Event) -> bool:
    """The anaphor can retell the incident: the same sub-event type, or "الانفجار" (coded as a bomb, the default
    for a blast) after a suicide bombing: the blast of a suicide bomber is told as an explosion."""
    if told.sub_event_type == anaphor.sub_event_type:
        return True
    return told.sub_event_type == "Suicide bomb" and anaphor.sub_event_type == "Remote explosive/landmine/IED"


def _same(a: Event, b: Event) -> bool:
    if a.sub_event_type != b.sub_event_type:
        return False
    if "background" in a.tags + b.tags and ("date_fallback" in a.tags or "date_fallback" in b.tags):
        # an old incident (dated months back) and an undated one are not known to be the same: merging them
        # would either revive the background or hide the new incident
        return False
    # a date that is only the publication date does not tell the incident apart
    if (
        a.event_date
        and b.event_date
        and a.event_date != b.event_date
        and "date_fallback" not in a.tags
        and "date_fallback" not in b.tags
    ):
        return False
    pa, pb = a.place.name if a.place else None, b.place.name if b.place else None
    if pa and pb and pa != pb:
        # the same incident told again with a coarser place ("in the Strip" after "in Rafah") is not a new event
        coarse = a.place and b.place and max(a.place.geo_precision or 3, b.place.geo_precision or 3) >= 2
        if not (coarse and a.place and b.place and a.place.country == b.place.country and a.actor1 and b.actor1):
            return False
        if SAME_REGION and a.place.admin1 and b.place.admin1 and not _same_admin(a.place.admin1, b.place.admin1):
            # a coarser telling contains the finer place: two provinces ("وفي تعز" after "مديرية الحيمة" of Sanaa)
            # are two incidents
            return False
        if NESTED_PLACES and not _nested(a.place, b.place):
            # "غارات على صعدة" and "قصف معسكر في عمران": two governorates, two places, two incidents (GUIDELINE:
            # one event per place); only a coarser place that holds the finer one tells the same incident again
            return False
        if SEPARATE_AREAS and (a.place.geo_precision or 3) == (b.place.geo_precision or 3) == 2:
            # two different areas of the same precision ("جنوب جسر الشغور", "سهل الغاب") are two places; only a
            # coarser telling of a finer place ("in the Strip" after "in Rafah") is the same incident
            return False
        if a.fatalities and b.fatalities and a.fatalities != b.fatalities:
            return False  # two places and two tolls: two incidents
    n1a, n1b = a.actor1.name if a.actor1 else None, b.actor1.name if b.actor1 else None
    if _one_side_named_twice(a, b):
        return True
    if SIDES_MERGE and _two_sides_of_one_fight(a, b):
        return True
    if (
        PLACELESS_COUNTRY
        and n1a
        and n1b
        and (pa is None or pb is None)
        and a.event_date == b.event_date
        and a.fatalities == b.fatalities
        and _COUNTRY_SUFFIX.sub("", n1a) == _COUNTRY_SUFFIX.sub("", n1b)
    ):
        # "Protesters (Palestine)" and "Protesters (Israel)": a telling placed nowhere took its actor's country from
        # another country the sentence names ("قرب الشريط الحدودي بين القطاع وإسرائيل"); the actor is the same when
        # the day and the toll are too
        return True
    return not (n1a and n1b and n1a != n1b and not (n1a.startswith("Unidentified") or n1b.startswith("Unidentified")))


_COUNTRY_SUFFIX = re.compile(r"\s*\([^()]*\)$")


def _sides(e: Event) -> set[str]:
    return {x.name for x in (e.actor1, e.actor2) if x is not None and not x.name.startswith("Unidentified")}


def _two_sides_of_one_fight(a: Event, b: Event) -> bool:
    """ "أعلنت قسد مقتل خمسة من مقاتليها أثناء تصديهم لهجوم نفذه داعش" and the statement "ارتقى خمسة من رفاقنا"
    told later: a fight told twice, each telling led by another side. Two Battles tellings of the same day (checked
    before) with the same precise toll, whose named parties are at most two sides, are one incident."""
    if a.event_type != "Battles" or not a.fatalities or a.fatalities != b.fatalities:
        return False
    if "explicit_fatalities" not in a.tags or "explicit_fatalities" not in b.tags:
        return False
    return len(_sides(a) | _sides(b)) <= 2


def _aggregate_lead(events: list[Event]) -> list[Event]:
    """ "مقتل 11 من الحوثيين والجنود في معارك شمال البلاد وشرقها": a lead placed only by its country, whose
    incidents the body then tells place by place (two or more events of its type in that country), sums them up:
    it is no event of its own; it only fills what the detailed events leave open (their actors)."""
    out = list(events)
    for lead in events:
        if "lead" not in lead.tags or lead.optional or lead.place is None or lead.place.latitude is not None:
            continue
        details = [
            e
            for e in events
            if e is not lead
            and not e.optional
            and e.event_type == lead.event_type
            and e.place is not None
            and e.place.latitude is not None
            and e.place.country == lead.place.country
        ]
        if len(details) < 2:
            continue
        for e in details:
            if e.actor1 is None and lead.actor1 is not None:
                e.actor1 = lead.actor1
            if e.actor2 is None and lead.actor2 is not None and (e.actor1 is None or e.actor1.name != lead.actor2.name):
                e.actor2 = lead.actor2
        out.remove(lead)
    return out


def _nested(a: Place, b: Place) -> bool:
    """One place may hold the other: one is a country (no coordinates), or their first-level divisions are the
    same ("قطاع غزة" and "رفح"; "محافظة الحديدة" and "زبيد"), or one of them is not known."""
    if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
        return True
    if max(a.geo_precision or 3, b.geo_precision or 3) < 3:
        # a part of a region ("شمال قطاع غزة") holds the towns near its centre (Jabalia), not those of another part
        # (Rafah), which share its first-level division
        return _km(a.latitude, a.longitude, b.latitude, b.longitude) <= NESTED_KM
    if a.admin1 is None or b.admin1 is None:
        return True
    return _same_admin(a.admin1, b.admin1)


def _same_admin(a: str, b: str) -> bool:
    """Two first-level divisions are the same; sources spell one differently ("Al Bayda'", "Al Bayda")."""
    from rasd.pipeline.geocode import _admin_key

    return _admin_key(a) == _admin_key(b)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _implied_actor1(events: list[Event]) -> list[Event]:
    """actor1 of events whose text does not name it but implies it (after merging, so that an implied name merges
    nothing): air strikes told without their author ("أسفرت غارات بعد الظهر عن ...") are those of the air force the
    article named for its earlier strikes; territory regained from a non-state group ("استعادت قريتين من ميليشيات
    الحوثي") is regained by the state's military."""
    last: Actor | None = None
    for ev in events:
        if (
            ev.sub_event_type == "Government regains territory"
            and ev.actor1 is None
            and ev.actor2 is not None
            and ev.actor2.inter in (2, 3, 4)
        ):
            country = ev.place.country if ev.place is not None else ev.actor2.country
            ev.actor1 = Actor(name=f"Military Forces of {country or 'Unknown'}", inter=1, country=country)
            ev.notes.append("actor1: the state's military, regaining territory from a non-state group")
        if ev.sub_event_type != "Air/drone strike":
            continue
        if ev.actor1 is None and last is not None:
            ev.actor1 = Actor(name=last.name, inter=last.inter, country=last.country)
            ev.notes.append("actor1 of the article's earlier air strikes")
        elif ev.actor1 is not None and ev.actor1.span is not None:
            last = ev.actor1
    return events


def _one_side_named_twice(a: Event, b: Event) -> bool:
    """ "فصائل معارضة سيطرت على مستودعات بريف دمشق" and "مقاتلون من جبهة النصرة وكتائب أخرى سيطروا على مستودعات
    قرب قلدون في ريف دمشق": one incident whose actor one telling names by its side (rebels) and the other by its
    groups. At least one telling is placed only by a region (geo_precision 3) of the same first-level division as
    the other; the actor types are the same, or one telling is the article's lead (which sums up in broad words)."""
    if not (a.actor1 and b.actor1 and a.place and b.place) or a.place.name == b.place.name:
        # (two tellings at the same place name with two actors are two incidents, as before)
        return False
    if a.actor1.inter != b.actor1.inter and "lead" not in a.tags + b.tags:
        # the lead sums up the article's incident in broad words (its actors too); elsewhere two actor types are
        # two incidents
        return False
    if max(a.place.geo_precision or 3, b.place.geo_precision or 3) < 3:
        return False
    return a.place.admin1 is not None and a.place.admin1 == b.place.admin1 and a.place.country == b.place.country


def _merge(keep: Event, other: Event) -> None:
    if "supporting" in keep.tags and "supporting" not in other.tags:
        keep.tags.remove("supporting")
    if "date_fallback" in keep.tags and "date_fallback" not in other.tags and other.event_date:
        keep.event_date, keep.time_precision = other.event_date, other.time_precision
        keep.tags.remove("date_fallback")
    if keep.place is None and other.place is not None:
        keep.place = other.place
    elif (
        keep.place is not None
        and other.place is not None
        and other.place.name != keep.place.name
        and keep.place.geo_precision == 3
        and keep.place.name == keep.place.admin1
        and other.place.admin1 == keep.place.name
    ):
        keep.place = other.place  # "بريف دمشق" in the lead, "في منطقة القلمون بريف دمشق" in the body: the part
    if (keep.actor1 is None or keep.actor1.name.startswith("Unidentified")) and other.actor1 is not None:
        keep.actor1 = other.actor1
        if keep.actor2 is not None and keep.actor2.name == keep.actor1.name:
            # the retelling names the perpetrator the first telling took for the target
            keep.actor2 = other.actor2 if other.actor2 is None or other.actor2.name != keep.actor1.name else None
    if (
        SIDES_MERGE
        and keep.event_type == "Battles"
        and keep.actor2 is None
        and keep.actor1 is not None
        and other.actor1 is not None
        and other.actor1.name != keep.actor1.name
        and not other.actor1.name.startswith("Unidentified")
        and not keep.actor1.name.startswith("Unidentified")
        and _two_sides_of_one_fight(keep, other)
        and not _one_side_named_twice(keep, other)  # a side named by its groups is the same side, not the other
    ):
        keep.actor2 = other.actor1  # the other side of the fight, which the retelling led with
    if (
        keep.actor2 is None
        and other.actor2 is not None
        and (keep.actor1 is None or other.actor2.name != keep.actor1.name)  # never the perpetrator as its own target
    ):
        keep.actor2 = other.actor2
        keep.civilian_targeting = keep.civilian_targeting or other.civilian_targeting
    vague_update = "vague_fatalities" in other.tags and "explicit_fatalities" in keep.tags and keep.fatalities
    # a toll only rises as it is updated ("ارتفعت الحصيلة إلى"): a lower "toll so far" told later counts a part of the
    # incident (reinforcements ambushed on the way) or another incident, not a correction of a precise figure
    lower_update = (
        "explicit_fatalities" in keep.tags
        and "vague_fatalities" not in keep.tags
        and 0 < other.fatalities < keep.fatalities
    )
    if "update" in other.tags and other.fatalities and not vague_update and not lower_update:
        keep.fatalities = other.fatalities
        keep.notes.append("death toll updated by a later report")
    elif not keep.fatalities and other.fatalities:
        # "أسفر الانفجار عن مقتل شخص": a toll told in another sentence of the article counts for the incident, with
        # a figure or without one (a singular victim, "عدد من القتلى")
        keep.fatalities = other.fatalities
        keep.tags += [t for t in ("explicit_fatalities", "vague_fatalities") if t in other.tags and t not in keep.tags]
        keep.notes.append(f"toll {other.fatalities} from a later sentence")
    elif (
        PERPETRATOR_DEATH
        and "vague_fatalities" in keep.tags
        and other.fatalities == 1
        and _tells_perpetrator(other.evidence.text)
    ):
        # "قتل وأصيب عشرات ..." then "وقد لقي الانتحاري حتفه": the attacker's own death does not make the toll precise
        keep.notes.append("the attacker's own death told later left out of the toll")
    elif "explicit_fatalities" in other.tags and (
        "explicit_fatalities" not in keep.tags
        or not keep.fatalities
        or ("vague_fatalities" in keep.tags and "vague_fatalities" not in other.tags)
    ):
        if other.fatalities:
            if "vague_fatalities" in keep.tags and "vague_fatalities" not in other.tags:
                keep.tags.remove("vague_fatalities")
                keep.notes.append(f"vague figure {keep.fatalities} replaced by the precise {other.fatalities}")
            keep.fatalities = other.fatalities
            keep.tags.append("explicit_fatalities")
    elif other.fatalities and keep.fatalities and other.fatalities != keep.fatalities:
        keep.notes.append(f"other figure {other.fatalities} in a later sentence")
    if keep.injuries is None:
        keep.injuries = other.injuries
    kinds = {c.kind for c in keep.claims}
    keep.claims += [c for c in other.claims if c.kind not in kinds]
    keep.optional = keep.optional and other.optional
    for k, v in other.spans.items():
        keep.spans.setdefault(k, v)


def _toll_to_lead(doc: Document, s: Seen, events: list[Event]) -> None:
    """ "وأوضح المراسل أن عدد المسلحين الذين قتلوا بلغ 15": a sentence that gives only a death figure, with no place or
    day of its own, tells the toll of an incident told before it that gave none (the lead's first)."""
    if s.title or s.recap or s.places:
        return

    def open_toll(e: Event) -> bool:
        return (
            not e.optional
            and e.event_type in _TOLL_TYPES
            and e.sub_event_type not in _NO_TOLL_SUBTYPES
            and (not e.fatalities or "vague_fatalities" in e.tags)
        )

    # the article's main incident first; else the latest incident told before the figure
    lead = next((e for e in events if "lead" in e.tags and open_toll(e)), None) or next(
        (e for e in reversed(events) if open_toll(e)), None
    )
    if lead is None:
        return
    if s.dates and lead.event_date is not None and any(m.value != lead.event_date for m in s.dates):
        return  # a toll of another day is another incident's
    deaths, _, notes, span, explicit, _ = _fatalities(s, doc)
    if not (deaths and explicit and span is not None) or _running_total(s, doc, notes):
        return
    if lead.fatalities and deaths == lead.fatalities:
        return
    lead.notes.append(f"toll {deaths} from a later sentence without an incident of its own")
    if "vague_fatalities" in lead.tags:
        lead.tags.remove("vague_fatalities")
    lead.fatalities = deaths
    lead.spans.setdefault("fatalities", [span])
    if "explicit_fatalities" not in lead.tags:
        lead.tags.append("explicit_fatalities")


def _running_total(s: Seen, doc: Document, notes: list[str]) -> bool:
    """A toll counted since a date or an event ("ارتفع عدد القتلى منذ بدء الهجوم إلى 374"), or over a past year: a
    campaign's or a war's total, not one incident's."""
    if any("cumulative" in n for n in notes) or _past_year(s, doc):
        return True
    toks = _Tokens(_view(doc))
    since = fold("منذ")
    first, last = toks.index_of(s.span.start), toks.index_of(max(s.span.start, s.span.end - 1))
    return any(toks.tok(k) in (since, "و" + since) for k in range(first, last + 1))


def _title_toll(doc: Document, seen: list[Seen], events: list[Event]) -> None:
    """ "قتيل وإصابات في هجوم على عدة مدن": the headline's toll is the lead incident's when the body gives none (or,
    when the lead is no killing, an arrest say, the first killing's)."""

    def can_die(e: Event) -> bool:
        return not e.optional and e.event_type in _TOLL_TYPES and e.sub_event_type not in _NO_TOLL_SUBTYPES

    lead = next((e for e in events if "lead" in e.tags), None)
    if lead is None or not can_die(lead):
        lead = next((e for e in events if can_die(e)), None)
    if lead is None or lead.fatalities:
        return
    for s in seen:
        if not s.title:
            continue
        deaths, _, notes, span, _, _ = _fatalities(s, doc)
        if deaths and not _running_total(s, doc, notes):
            lead.fatalities = deaths
            lead.notes.append(f"toll {deaths} from the headline")
            if span is not None:
                lead.spans.setdefault("fatalities", [span])
            return


def _tells_perpetrator(text: str) -> bool:
    """The sentence names the attacker himself ("وقد لقي الانتحاري حتفه"، "وقتل المهاجم"): its one death is his."""
    return any(w in _PERPETRATOR_NOUNS for w in (_bare(fold(t)) for t in text.split()))


def _placeless_toll(s: Seen, events: list[Event]) -> None:
    """ "وذكر القائد أن 25 عنصرا قتلوا خلال معارك الأربعاء": fighting told again with its toll, the same day and kind of
    incident as the lead's but without a place of its own, is the lead incident's toll, not another incident."""
    lead = next((e for e in events if "lead" in e.tags), None)
    if lead is None or lead.optional or lead.sub_event_type in _NO_TOLL_SUBTYPES or lead.event_type not in _TOLL_TYPES:
        return
    if lead.fatalities and "vague_fatalities" not in lead.tags:
        return
    for ev in s.events:
        if (
            ev.place is None
            and "lead" not in ev.tags
            and "explicit_fatalities" in ev.tags
            and ev.fatalities
            and "date_fallback" not in ev.tags
            and ev.event_date == lead.event_date
            and ev.event_type == lead.event_type
            and not (PERPETRATOR_DEATH and ev.fatalities == 1 and _tells_perpetrator(ev.evidence.text))
        ):
            lead.notes.append(f"toll {ev.fatalities} from a later sentence telling the same fighting without a place")
            if "vague_fatalities" in lead.tags:
                lead.tags.remove("vague_fatalities")
            lead.fatalities = ev.fatalities
            if "explicit_fatalities" not in lead.tags:
                lead.tags.append("explicit_fatalities")
            if "fatalities" in ev.spans:
                lead.spans.setdefault("fatalities", ev.spans["fatalities"])
            ev.tags.append("supporting")
            return


_TOLL_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
_NO_TOLL_SUBTYPES = ("Abduction/forced disappearance", "Sexual violence")


def _after_sentence(
    doc: Document,
    s: Seen,
    lex: Lexicon,
    ctx: dict[str, Any],
    events: list[Event],
    interactions: list[Interaction],
    seen_all: list[Seen],
    seen: list[Seen] | None,
) -> None:
    """Book-keeping after one sentence (or clause) is coded: denials of the previous event, context, lists."""
    seen_all.append(s)
    if not s.events and events and (any(r.reason == "denied" for r in s.rejected) or _denial_head(doc, s, lex)):
        _deny_previous(doc, s, lex, events[-1])
    if CLAIM_ELSEWHERE and not s.events and events:
        _claim_previous(doc, s, lex, events)
    if TOLL_TO_LEAD and not s.events and s.decision == DEATHS_ONLY:
        _toll_to_lead(doc, s, events)
    if TOLL_TO_LEAD and s.events and not s.places:
        _placeless_toll(s, events)
    referenced: set[tuple[str, str]] = ctx.setdefault("referenced", set())
    for ev in s.events:
        if (
            "date_fallback" in ev.tags
            and "definite" in ev.tags
            and not ev.optional
            and ev.place is not None
            and (ev.place.name, ev.event_type) in referenced
        ):
            # "ردا على هجوم الأحواز الذي استهدف عرضا الشهر الماضي" ... "الهجوم، الذي وقع في مدينة الأحواز، أدى إلى":
            # the incident the article first named as the background of another, retold later without a date
            ev.optional = True
            ev.tags.append("background")
            ev.notes.append("retells an incident the article named as background")
        events.append(ev)
        if ev.sub_event_type == "Armed clash" and ev.actor1 is not None and ev.actor2 is not None and not ev.optional:
            ctx["last_clash"] = ev
        if ev.place is not None:
            ctx["para_place"] = ev.place
            ctx["doc_country"] = ctx.get("doc_country") or ev.place.country
    referenced.update(_referenced_places(doc, s, lex))
    if CARRY_BACKGROUND and not s.title:
        # a sentence coded clause by clause is background only when every clause is
        if ctx.get("background_index") != s.index:
            ctx["background_index"], ctx["background_all"] = s.index, True
        ctx["background_all"] = ctx["background_all"] and _background_sentence(doc, s)
    if s.places and not s.title:
        best = sorted((m.value for m in s.places if isinstance(m.value, Place)), key=lambda p: p.geo_precision or 3)
        if best:
            ctx.setdefault("para_place", best[0])
            ctx["doc_country"] = ctx.get("doc_country") or best[0].country
    if s.dates and not s.title and not s.recap:
        d, p, _ = _pick_date(s, doc, None)
        # without a publication date there is no way to tell a recent date from background: carry none
        if d is not None and doc.published is not None and d >= doc.published - timedelta(days=BACKGROUND_DAYS):
            ctx["last_date"] = (d, p)
            if s.events:
                ctx.setdefault("lead_date", (d, p))
            if s.index == ctx.get("lead"):
                recent = doc.published - timedelta(days=BACKGROUND_DAYS)
                told = [
                    e for e in s.events if "date_fallback" not in e.tags and e.event_date and e.event_date >= recent
                ]
                ctx.setdefault("lead_sentence_date", (told[0].event_date, told[0].time_precision) if told else (d, p))
    if s.interaction is not None:
        interactions.append(s.interaction)
    if seen is not None:
        seen.append(s)


def _claim_previous(doc: Document, s: Seen, lex: Lexicon, events: list[Event]) -> None:
    """ "وتبنت حركة طالبان الاعتداء" told after the incident, in a sentence with no incident of its own: the named
    group that claims it is the author of the latest violent incident whose author the text had not named."""
    view = _view(doc)
    claims = lex.claim.find(view, s.span.start, s.span.end)
    if not claims:
        return
    groups = [
        x
        for x in s.actors
        if x.kind == "armed"
        and not x.anaphor
        and not x.entries[0].get("descriptive")
        and int(x.entries[0].get("inter", 1)) in (2, 3, 4)
    ]
    if not groups:
        return
    target = next((e for e in reversed(events) if e.event_type in _VIOLENT_TYPES and not e.optional), None)
    if target is None or (target.actor1 is not None and not target.actor1.name.startswith(_UNNAMED)):
        return
    x = min(groups, key=lambda g: min(abs(g.hit.start - c.start) for c in claims))
    country = target.place.country if target.place is not None else None
    actor = resolve(x.entries[0], country, doc.text[x.hit.start : x.hit.end], Span.of(doc.text, x.hit.start, x.hit.end))
    if target.actor2 is not None and target.actor2.name == actor.name:
        return
    target.actor1 = actor
    target.claims.append(Claim("claimed_by", actor.text_ar or actor.name, actor.span))
    target.notes.append("actor1: the group that claimed the incident in a later sentence")


_UNNAMED = ("Unidentified", "Sole Perpetrator")


# how far before a date "منذ" may stand and still govern it ("منذ الهجوم الانتحاري في 20 يوليو")
_SINCE_REACH = 5


def _background_sentence(doc: Document, s: Seen) -> bool:
    """The sentence tells an earlier incident: it dates nothing recent but names a bygone year or an old date, or it
    recalls an incident in the pluperfect ("وكان ... قد") without a date, or all its events are background."""
    if doc.published is None or s.sub_event_type is None:
        # a sentence that tells no incident ("الصور تعود إلى عام 2015") has no incident to go on telling
        return False
    recent = doc.published - timedelta(days=BACKGROUND_DAYS)
    days = [m.value for m in s.dates if isinstance(m.value, date)]
    if any(d >= recent for d in days):
        return False
    # an old date or year after "منذ" ("تضاعفت الهجمات منذ الهجوم الانتحاري في 20 يوليو") opens a period that
    # runs up to now: the sentence is about the present
    toks = _Tokens(_view(doc))
    since = fold("منذ")

    def after_since(m: Mention) -> bool:
        j = toks.index_of(m.span.start)
        return any(
            toks.tok(j - d) in (since, "و" + since) and not toks.boundary(j - d, j) for d in range(1, _SINCE_REACH + 1)
        )

    if any(after_since(m) for m in [*s.dates, *s.numbers]):
        return False
    # "ولفت إلى مقتل 2927 ... جراء غارات التحالف" then "كما لقي 115 مسلحا حتفهم جراء ضربات": the campaign's count
    # goes on
    return (
        bool(days) or _past_year(s, doc) or "'كان ... قد'" in s.decision or s.decision.startswith(_TOLL_RECAP_DECISION)
    )


_TOPIC_SHIFT = _words("topic_shift")


def _carries_background(doc: Document, s: Seen, ctx: dict[str, Any]) -> bool:
    """The sentence right before was background, and this one does not open a new topic ("ومن جهة ثانية")."""
    if not (ctx.get("background_index") == s.index - 1 and ctx.get("background_all")):
        return False
    toks = _Tokens(_view(doc))
    first = toks.index_of(s.span.start)
    head = [toks.tok(first), " ".join((toks.tok(first), toks.tok(first + 1)))]
    return not any(h in _TOPIC_SHIFT for h in head)


def _referenced_places(doc: Document, s: Seen, lex: Lexicon) -> set[tuple[str, str]]:
    """Places named with a violent trigger rejected as a background reference ("ردا على هجوم الأحواز"، "بعد
    تفجير في مدينة X"), with the event type of the trigger's family: the incident of that type there is
    background for the rest of the article (a strike there in answer to it is not)."""
    from rasd.model import SUB_EVENT_TYPES

    toks = _Tokens(_view(doc))
    out: set[tuple[str, str]] = set()
    for r in s.rejected:
        if r.reason != "background_reference" or r.hit.payload not in VIOLENT:
            continue
        etype = SUB_EVENT_TYPES.get(str(lex.families.get(str(r.hit.payload), {}).get("sub_event_type", "")), "")
        for m in s.places:
            j = toks.index_of(m.span.start)
            if (
                isinstance(m.value, Place)
                and r.hit.tok_end < j <= r.hit.tok_end + 3
                and not toks.boundary(r.hit.tok_end, j)
            ):
                out.add((m.value.name, etype))
                if ASSAULT_ON_PEOPLE and etype == "Battles":
                    # the same attack word retold with deaths and no armed party is coded as an Attack
                    # (ASSAULT_ON_PEOPLE), so the background incident is known under both types
                    out.add((m.value.name, "Violence against civilians"))
    return out


# clause connectors that may start a second incident in the same sentence ("..., في حين قتل شخصان في غارة على
# بلدة X"، "... بينما قتل جندي ...")
_CLAUSE_SPLIT = _Scan(
    re.compile(
        "(?:[,\u060c]\\s*(?:\u0648)?(?:\u0641\u064a \u062d\u064a\u0646|\u0641\u064a\u0645\u0627|\u0643\u0645\u0627)"
        "|\\s(?:\u0648)?\u0628\u064a\u0646\u0645\u0627)\\s"
    ),
    (
        "\u0641\u064a \u062d\u064a\u0646",
        "\u0641\u064a\u0645\u0627",
        "\u0643\u0645\u0627",
        "\u0628\u064a\u0646\u0645\u0627",
    ),
    marks=False,
)
# "..., بعدما كانت قد قتلت أول أمس 8 مسلحين في X": an "after" clause with a day and a place of its own tells an
# earlier incident of its own (without them it is the cause of this one)
_AFTER_SPLIT = _Scan(
    re.compile("[,\u060c]\\s*(?:\u0648)?\u0628\u0639\u062f\u0645\u0627\\s"),
    ("\u0628\u0639\u062f\u0645\u0627",),
    marks=False,
)
# "..., بالتزامن مع غارات للتحالف على مواقع X"، "... فضلا عن استهداف المدنيين برصاص القناصة": a second incident told
# as happening with the first or in addition to it, at the same scene (a clause without a place of its own takes
# the sentence's place, SAME_SCENE_CLAUSES)
_SAME_SCENE_SPLIT = _words_scan("same_scene_connectors")
# "مقتل 43 مدنيا في عفرين، بينهم 16 جراء غارة استهدفت المشفى": a part of the toll told with its own incident
_PART_SPLIT = _words_scan("toll_part_connectors")
# "أوضح الجيش أن المنظومة اعترضت قذيفة، وإن الجيش رد بضرب أهداف": a comma and "وإن/وأن" open a second reported fact
# (REPORTED_FACTS)
_FACT_SPLIT = re.compile(
    "[,\u060c]\\s*(?:\u0648\u0625\u0646|\u0648\u0623\u0646|\u0648\u0628\u0623\u0646|\u0648\u0627\u0646)\\s"
)
# "، وداهم"، "، واعتقلت": a comma, then و and a word (AND_VERB_CLAUSES)
_COMMA_AND = re.compile("[,\u060c]\\s*(?=\u0648\\S)")
_AND_VERB_STEMS = tuple(_words("and_verb_stems"))
_MASC_VERBS = _words("masc_past_verbs")
_VISIT = _words("visit_words")
_OBJECT_PRONOUNS = (fold("هما"), fold("هم"), fold("ها"), fold("ه"))


def _stated_parts(doc: Document, s: Seen, places: list[Place]) -> dict[int, int]:
    """ "مقتل 46 شخصا في محافظتي إدلب وحماة، بينهم 31 في إدلب": the part of the toll told for one of the listed
    places (index of the place -> its deaths)."""
    out: dict[int, int] = {}
    for m in _PART_SPLIT.finditer(doc.text, s.span.start, s.span.end):
        cut = _CLAUSE_END.search(doc.text, m.end(), s.span.end)
        end = cut.start() if cut else s.span.end
        figure = next((n for n in s.numbers if m.start() < n.span.start < min(m.end() + 12, end)), None)
        if figure is None and TRAILING_PART:
            # "، 18 منهم في شمال القطاع": the part's figure written before "منهم", right after the clause break
            figure = next(
                (
                    n
                    for n in s.numbers
                    if n.span.end <= m.start()
                    and not doc.text[n.span.end : m.start()].strip()
                    and doc.text[s.span.start : n.span.start].rstrip().endswith(("،", ","))
                ),
                None,
            )
        if figure is None or not isinstance(figure.value, int):
            continue
        where = next(
            (p for p in s.places if max(figure.span.end, m.end()) <= p.span.start < end and isinstance(p.value, Place)),
            None,
        )
        if where is None or not isinstance(where.value, Place):
            continue
        i = next((k for k, p in enumerate(places) if p.name == where.value.name), None)
        if i is not None:
            out[i] = figure.value
    return out


def _whole_of_part(doc: Document, s: Seen, part: Place) -> Place | None:
    """ "مقتل 30 في غزة، منهم 20 في رفح": the sentence's one place is where a part of the toll fell; the wider
    place named before the part (same country, holding the town) is where the rest fell (GUIDELINE: a place given a
    part of a toll gets its part, the rest goes to the remaining event)."""
    if part.latitude is None or part.longitude is None:
        return None
    stated = _stated_parts(doc, s, [part])
    if not stated:
        return None
    cut = next(m.start() for m in _PART_SPLIT.finditer(doc.text, s.span.start, s.span.end))
    if TRAILING_PART:
        # "، 18 منهم في ...": the wider place is named before the part's figure, not only before "منهم"
        cut = min(
            [cut] + [n.span.start for n in s.numbers if n.span.end <= cut and not doc.text[n.span.end : cut].strip()]
        )
    for m in reversed([m for m in s.places if m.span.start < cut and isinstance(m.value, Place)]):
        w: Place = m.value
        if (
            w.name != part.name
            and w.country == part.country
            and w.feature != "country"
            and (w.geo_precision or 3) > (part.geo_precision or 3)
            and w.latitude is not None
            and w.longitude is not None
            and _km(w.latitude, w.longitude, part.latitude, part.longitude) <= WHOLE_KM
        ):
            q = _copy_place(w)
            q.span, q.name_ar = q.span or m.span, q.name_ar or m.span.text
            return q
    return None


def _rest_share(deaths: int, stated: dict[int, int], n: int, i: int) -> int:
    """The deaths left once the stated parts are taken, split evenly among the other places (the first of them
    takes the remainder)."""
    rest = max(deaths - sum(stated.values()), 0)
    others = [k for k in range(n) if k not in stated]
    share = rest // len(others)
    return share + (rest - share * len(others) if i == others[0] else 0)


_ONE = _words("distributive_one")
_OTHER_ONE = _words("distributive_other")


def _distribute(doc: Document, s: Seen, lex: Lexicon, events: list[Event]) -> None:
    """ "أسقط التحالف طائرتين بلا طيار." + "إحدى الطائرتين كانت تستهدف مطار أبها، والثانية اقتربت من منشأة في
    جازان": a sentence with no incident of its own that tells the objects of the incident just before one by one,
    each at a place of its own, places that incident once per place (GUIDELINE: one event per place)."""
    last = events[-1]
    if last.evidence is None or not (0 < s.span.start - last.evidence.end < 400) or last.optional:
        return
    toks = _Tokens(_view(doc))
    first, end = toks.index_of(s.span.start), toks.index_of(max(s.span.end - 1, s.span.start))
    t = toks.toks[first : end + 1]  # (index_of gives 0 for a view without tokens: then t is empty, like tok's "")
    ones = [first + k for k, w in enumerate(t) if w in _ONE and toks.tok(first + k + 1).startswith("ال")]
    others = [first + k for k, w in enumerate(t) if w in _OTHER_ONE]
    if not ones or not others or others[0] < ones[0]:
        return
    bounds = [toks.starts[ones[0]], *(toks.starts[k] for k in others), s.span.end]
    places: list[Place] = []
    for a, b in pairwise(bounds):
        part = see(doc, s.index, lex, part=Span.of(doc.text, a, b))
        got = _best_place(doc, part, None)
        if len(got) != 1 or got[0].latitude is None:
            return  # every object told at one place of its own, or nothing is distributed
        places.append(got[0])
    if len({p.name for p in places}) < 2 or len({p.country for p in places}) != 1:
        return
    total = last.fatalities
    template = copy.deepcopy(last)
    for n, p in enumerate(places):
        ev = last if n == 0 else copy.deepcopy(template)
        ev.place = _copy_place(p)
        ev.fatalities = total // len(places) + (total % len(places) if n == 0 else 0)
        ev.notes.append("placed by the next sentence, which tells its objects one by one")
        if p.span is not None:
            ev.spans["location"] = [p.span]
        if n:
            events.append(ev)
            s.events.append(ev)


def _split_toll(head: Seen, part: Seen) -> None:
    """ "مقتل 43 مدنيا، بينهم 16 جراء غارة على المشفى": the part's incident has its deaths, the clause before keeps
    the rest (GUIDELINE: the stated part to its place, the rest to the other event)."""
    total = sum(e.fatalities for e in head.events)
    figure = part.numbers[0].value if part.numbers else None
    told = figure if isinstance(figure, int) else sum(e.fatalities for e in part.events)
    if not told or not part.events or total <= told:
        return
    # the figure after "بينهم" counts the dead of the toll before it, whatever noun it counts
    for n, e in enumerate(part.events):
        e.fatalities = told // len(part.events) + (told % len(part.events) if n == 0 else 0)
        e.tags.append("explicit_fatalities")
    for e in head.events:
        share = e.fatalities * (total - told) // total
        e.notes.append(f"{e.fatalities - share} of the toll told as another incident's part ('بينهم')")
        e.fatalities = share


def _recent_references(doc: Document, s: Seen) -> list[int]:
    """ "أعلن الرئيس حالة الطوارئ، على خلفية الهجمات التي ضربت العاصمة باريس مساء أمس": an incident given as the
    background of the sentence, but told with a place and a day of its own at most two days before publication,
    is a recent incident the article reports: the words from its trigger to the end of the sentence are coded as
    a clause of their own (the cue stays outside, so it does not reject the trigger)."""
    if doc.published is None:
        return []
    toks = _Tokens(_view(doc))
    since = fold("منذ")
    out: list[int] = []
    taken = -1
    captured = [h for h in s.live if h.payload == "capture"] if CAPTURE_AFTER_BATTLE else []
    defused = [h for h in s.live if h.payload == "intercept"] if DEFUSED_BEFORE else []
    for r in sorted(s.rejected, key=lambda r: r.hit.start):
        told = VIOLENT | ({"protest"} if RECENT_PROTEST else set())
        if r.reason != "background_reference" or r.hit.payload not in told or r.hit.start < taken:
            continue
        if r.hit.payload == "clash" and any(h.start < r.hit.start for h in captured):
            continue  # "استعاد الجيش السيطرة على المدينة بعد معارك مع التنظيم": the battle won the place, one event
        if r.hit.payload == "explosion" and any(h.start < r.hit.start for h in defused):
            continue  # "تفكيك سيارة مفخخة قبل انفجارها": the explosion that did not happen, one event
        cut = _CLAUSE_END.search(doc.text, r.hit.end, s.span.end)
        end = cut.start() if cut else s.span.end
        recent = [
            m
            for m in s.dates
            if r.hit.end <= m.span.start < end
            and isinstance(m.value, date)
            and doc.published - timedelta(days=2) <= m.value <= doc.published
            and toks.tok(toks.index_of(m.span.start) - 1) not in (since, "و" + since)
        ]
        if (
            not recent
            and DAY_AFTER_REFERENCE
            and fold(r.cue) in _DAY_AFTER
            and any(
                isinstance(m.value, date) and doc.published - timedelta(days=2) <= m.value <= doc.published
                for m in s.dates
            )
        ):
            # "غداة الصدامات التي وقعت في جرادة، شددت الحكومة الخميس": the incident the day before the sentence's
            # recent day is itself recent
            recent = list(s.dates)
        if recent and any(r.hit.end <= m.span.start < end for m in s.places):
            out.append(r.hit.start)
            taken = end  # the reference's relative clause ("التي ضربت ...") belongs to it
    return out


def _toll_part(doc: Document, index: int, lex: Lexicon, cut: int, cuts: list[int], start: int) -> bool:
    """ "، بينهم 16 مدنيا جراء غارة استهدفت المشفى الرئيسي": the clause after "بينهم / منهم" tells a part of the toll
    with an incident of its own when it opens with a figure and decides an event of another type than the clause
    before it, or at a place of its own (GUIDELINE: the stated part goes to its place or event, the rest to the
    other)."""
    end = min(c for c in cuts if c > cut)
    part = see(doc, index, lex, part=Span.of(doc.text, cut, end))
    if not part.live or not part.numbers or part.numbers[0].span.start - cut > 12:
        return False
    sub, _, _ = decide(part)
    if sub is None:
        return False
    head = see(doc, index, lex, part=Span.of(doc.text, max((c for c in [start, *cuts] if c < cut), default=start), cut))
    head_sub, _, _ = decide(head)
    if head_sub is None:
        return False
    own_place = {m.span.text for m in part.places} - {m.span.text for m in head.places}
    return sub != head_sub or bool(own_place)


def _may_decide(doc: Document, s: Seen, lex: Lexicon) -> bool:
    """False when no clause of ``s`` can get a type from :func:`decide`: it needs a trigger in the clause (``live``,
    or a "kill" trigger, all of them among the trigger words found in the sentence) or a crowd (a protester or a
    rioter among the clause's actors, all of them named by actor words found in the sentence)."""
    view = _view(doc)
    a, b = s.span.start, s.span.end
    if lex.triggers.find(view, a, b):
        return True
    return any(h.payload.get("kind") in ("protester", "rioter") for h in lex.actors.find(view, a, b))


def _see_clauses(doc: Document, index: int, lex: Lexicon, first_news: bool = False) -> list[Seen]:
    """The sentence as one Seen, or one per clause when two or more of its clauses each report an incident of
    their own (PATTERNS: several incidents told in one sentence become one event)."""
    whole = see(doc, index, lex)
    if not SPLIT_CLAUSES or whole.title:
        return [whole]
    if not _may_decide(doc, whole, lex):
        # most sentences of an article: no clause of theirs can decide a type, so none is split (it takes two
        # deciding clauses), and the cuts, the clauses' own see() and decide() are skipped
        return [whole]
    sent = whole.span
    cuts = [m.start() for m in _CLAUSE_SPLIT.finditer(doc.text, sent.start, sent.end)]
    for m in _AFTER_SPLIT.finditer(doc.text, sent.start, sent.end) if AFTER_CLAUSES else ():
        end = min([c for c in cuts if c > m.start()] + [sent.end])
        after = see(doc, index, lex, part=Span.of(doc.text, m.start(), end))
        if after.dates and after.places:
            cuts = sorted([*cuts, m.start()])
    same_scene = (
        [m.start() for m in _SAME_SCENE_SPLIT.finditer(doc.text, sent.start, sent.end)] if SAME_SCENE_CLAUSES else []
    )
    cuts = sorted({*cuts, *same_scene})
    if REPORTED_FACTS:
        cuts = sorted({*cuts, *(m.start() for m in _FACT_SPLIT.finditer(doc.text, sent.start, sent.end))})
    and_verbs: list[int] = []
    if AND_VERB_CLAUSES and len(whole.live) >= 2 and len({m.span.start for m in whole.places}) >= 2:
        and_verbs = _and_verb_cuts(doc, index, lex, whole, cuts)
        cuts = sorted({*cuts, *and_verbs})
    tolls = [m.start() for m in _PART_SPLIT.finditer(doc.text, sent.start, sent.end)] if TOLL_PARTS else []
    tolls = [c for c in tolls if _toll_part(doc, index, lex, c, [*cuts, *tolls, sent.end], sent.start)]
    cuts = sorted({*cuts, *tolls})
    recent = _recent_references(doc, whole) if RECENT_REFERENCE else []
    cuts = sorted({*cuts, *recent})
    if not cuts:
        return [whole]
    bounds = [sent.start, *cuts, sent.end]
    parts = [Span.of(doc.text, x, y) for x, y in pairwise(bounds) if y > x]
    seen_parts = [see(doc, index, lex, part=p) for p in parts]
    decided = [decide(x) for x in seen_parts]
    alone = (RECENT_ALONE and first_news) and any(
        x.span.start in recent and d[0] is not None for x, d in zip(seen_parts, decided, strict=True)
    )
    if sum(1 for d in decided if d[0] is not None) < 2 and not alone:
        # (a recent incident given as the background of a sentence that tells nothing else, in an article that has
        # told no incident before, is still coded: "جاء ذلك عقب انفجار ضرب مسجدا في منطقة X أمس")
        return [whole]
    if any(d[1] == "arrest" for d in decided) and any(d[1] == "protest" for d in decided):
        # "ألقت الشرطة القبض على 80 شخصا، فيما شهدت الاحتفالات مواجهات بين الشرطة ومتظاهرين": arrests told with
        # a protest are its intervention (Protest with intervention), one event, not an Arrests event beside it
        return [whole]
    for x in seen_parts[1:]:
        if not x.dates:
            # "قتل جندي أمس ..., في حين قتل شخصان في غارة": the later clause shares the sentence's date
            x.dates = [m for m in whole.dates if m.span.start < x.span.start]
        if x.span.start in tolls:
            x.part_of_toll = True
        if x.span.start in same_scene + tolls and not x.places:
            # "قصف أحياء في مدينة عدن، فضلا عن استهداف المدنيين برصاص القناصة": the same scene as the clause before
            x.places = [m for m in whole.places if m.span.start < x.span.start]
        if SUBJECT_CARRIES and x.span.start in and_verbs + same_scene and not any(y.kind == "armed" for y in x.actors):
            # "اقتحمت قوات الاحتلال بلدة X، وداهمت منازل، واعتقلت الشابين"، "كثف الجيش قصفه تزامنا مع نسف مبان":
            # a verb joined by "، و" or a same-scene clause with no party of its own goes on with the subject of
            # the clause before (its unmarked or agent parties; not its victims)
            before = [p for p in seen_parts if p.span.end <= x.span.start]
            prev = before[-1] if before else None
            carried = [
                ActorHit(y.hit, y.entries)
                for y in (prev.actors if prev else [])
                if y.kind == "armed" and y.role in ("", "agent") and not y.anaphor
            ]
            x.actors = carried[:1] + x.actors
    return seen_parts


def _and_verb_cuts(doc: Document, index: int, lex: Lexicon, whole: Seen, cuts: list[int]) -> list[int]:
    """ "اعتقلت القوات ثلاثة شبان في بلدة X، وداهمت منازل في قرية Y": a clause after a comma that opens with و + a
    past verb, has a trigger and a place of its own, after a clause that has its own place too, tells another
    incident at another place (issue 6). Returns where such clauses start."""
    toks = _Tokens(_view(doc))
    sent = whole.span
    cands = []
    for m in _COMMA_AND.finditer(doc.text, sent.start, sent.end):
        k = toks.index_of(m.end())
        if _past_verb(toks.tok(k)) or _past_verb_masc(toks.tok(k)):
            cands.append(m.start())
    if not cands:
        return []
    out: list[int] = []
    start = sent.start
    for i, c in enumerate(cands):
        end = min([x for x in [*cuts, *cands[i + 1 :]] if x > c] + [sent.end])
        after = see(doc, index, lex, part=Span.of(doc.text, c, end))
        if not (after.live and after.places):
            continue
        if not any(start <= m.span.start < c for m in whole.places):
            continue
        out.append(c)
        start = c
    return out


def _past_verb_masc(tok: str) -> bool:
    """ "واعتقل"، "وداهم": و + a masculine past verb of the arrest or raid families (their stems)."""
    t = tok[1:] if tok[:1] == "و" else tok
    return t.startswith(_AND_VERB_STEMS)


_EXPLAINER_TITLE = _words("explainer_title")
_FOUNDING = _words("founding")
_UNVERIFIED = _words("unverified")


def _explainer(doc: Document, seen: list[Seen]) -> bool:
    """The article explains, profiles or passes on a story rather than reports an incident: its title asks a question
    ("ما الجماعات المسلحة في الغوطة؟"), it tells a group's founding ("تأسس في عام 2012"), names past years in two
    sentences or more, or says it could not be verified ("لم يتسن التحقق"، "شائعات")."""
    if doc.published is None:
        return False
    toks = _Tokens(_view(doc))
    title = next((s for s in seen if s.title), None)
    if title is not None:
        text = doc.text[title.span.start : title.span.end].strip()
        first = toks.index_of(title.span.start)
        head = " ".join(toks.tok(first + k) for k in range(3))
        if text.endswith(("?", "\u061f")) or any(head == w or head.startswith(w + " ") for w in _EXPLAINER_TITLE):
            return True
    body = [s for s in seen if not s.title]
    for s in body:
        first, last = toks.index_of(s.span.start), toks.index_of(max(s.span.start, s.span.end - 1))
        for k in range(first, last + 1):
            if toks.tok(k) in _UNVERIFIED or " ".join((toks.tok(k), toks.tok(k + 1))) in _UNVERIFIED:
                return True
    if any(
        toks.tok(k) in _FOUNDING
        for s in body
        for k in range(toks.index_of(s.span.start), toks.index_of(s.span.end - 1) + 1)
    ):
        return True
    return sum(1 for s in body if _past_year(s, doc)) >= 2


def code_document(
    doc: Document, lex: Lexicon | None = None, keep_seen: bool = False, background: bool = False
) -> list[Seen]:
    """Code every body sentence of ``doc``: fills ``doc.events`` and ``doc.interactions``.

    Background events (older than a week before publication, or recaps) are coded with ``optional=True`` and
    kept only with ``background=True``: the GUIDELINE neither rewards nor penalises them, so a default run
    leaves them out rather than risk a false alarm.
    """
    lex = lex or lexicon()
    view = _view(doc)
    seen: list[Seen] = []
    ctx: dict[str, Any] = {"doc_country": None, "lead": _lead_index(doc)}
    events: list[Event] = []
    interactions: list[Interaction] = []
    prev_end = None
    seen_all: list[Seen] = []
    for i, sent in enumerate(doc.sentences):
        if prev_end is not None and "\n" in view.text[prev_end : sent.start]:
            ctx.pop("para_place", None)
        prev_end = sent.end
        before: Seen | None = None
        for s in _see_clauses(doc, i, lex, first_news=not events):
            try:
                code_sentence(doc, s, lex, ctx)
            except Exception as exc:
                log.warning("coder failed on %s sentence %d: %s", doc.id, i, exc)
                s.decision, s.events = f"coder error: {type(exc).__name__}: {exc}", []
            if s.part_of_toll and before is not None:
                _split_toll(before, s)
            before = s
            if DISTRIBUTIVE and not s.events and events:
                _distribute(doc, s, lex, events)
            _after_sentence(doc, s, lex, ctx, events, interactions, seen_all, seen if keep_seen else None)
    if TOLL_TO_LEAD:
        _title_toll(doc, seen_all, events)
    if UNDATED_ARTICLE_BACKGROUND and ctx.get("last_date") is None:
        # "أقر التحالف بأخطاء في غارات على صعدة" ... "وقد أسفرت الغارات التي شنها التحالف الشهر الماضي عن": an article
        # that dates nothing near publication and dates an incident of the same type in the past tells that one
        # (the old telling may be a recap the coder left out: its sentence's type is enough)
        old = {
            _event_type(x.sub_event_type)
            for x in seen_all
            if x.sub_event_type and not x.title and x.dates and _background_sentence(doc, x)
        }
        for ev in events:
            if "date_fallback" in ev.tags and not ev.optional and ev.event_type in old:
                ev.optional = True
                ev.tags.append("background")
                ev.notes.append("the article dates this kind of incident only in the past")
    if UNDATED_ARTICLE_BACKGROUND and ctx.get("last_date") is None and _explainer(doc, seen_all):
        for ev in events:
            if "date_fallback" in ev.tags and not ev.optional:
                ev.optional = True
                ev.tags.append("background")
                ev.notes.append("the article dates no incident near its publication: background")
    merged = _fold_single_arrests([e for e in _implied_actor1(assemble(events)) if "supporting" not in e.tags])
    if AGGREGATE_LEAD:
        merged = _aggregate_lead(merged)
    if REQUIRE_PLACE and any(m.kind == "place" for m in doc.mentions):
        # an incident the article does not place anywhere is, more often than not, a reference or a generality
        # (a toll keeps an unplaced incident, unless it is an undated definite retelling that merged into nothing:
        # "وقتل ما لا يقل عن 155 فلسطينيا في الاحتجاجات" sums up a campaign)
        merged = [
            e
            for e in merged
            if e.place is not None
            or "lead" in e.tags
            or (e.fatalities > 0 and not {"anaphor", "date_fallback"} <= set(e.tags))
        ]
        if REQUIRE_PRECISE_PLACE:
            # a country named alone places an incident no better than not at all
            merged = [
                e
                for e in merged
                if e.place is None or e.place.latitude is not None or "lead" in e.tags or e.fatalities > 0
            ]
    if CIVILIAN_VICTIMS:
        _civilian_victims(merged)
    if _suicide_upgrade(merged, seen_all) and UPGRADE_MERGE:
        # "تبنت الحركة التفجير الانتحاري في X" then "الانفجار الذي خلف 9 قتلى": once the blast
        # is known to be the suicide bombing, its telling merges with the bombing's
        merged = assemble(merged)
    doc.events = [e for e in merged if background or not e.optional]
    for n, ev in enumerate(doc.events):
        ev.id = f"{doc.id}:{n}"
        ev.tags.append("versions:" + ",".join(f"{k}={v}" for k, v in sorted(lex.versions.items())))
    doc.interactions = interactions
    return seen
