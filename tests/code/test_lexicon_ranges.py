"""TermSet.find answers a range from the whole view's hits, cached per view: it must give exactly what a search
of that range alone gives (the uncached ``_find``), for every range, every set and text with deleted marks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.lang.ar.normalize import normalize
from rasd.pipeline.code.lexicon import TermSet, lexicon

# Short passages of our own: a strike, casualties, a claim and a denial, with diacritics and tatweel-free text.
TEXTS = [
    "قصفت الطائرات الحربية مواقع في ريف إدلب، وقتل ثلاثة مدنيين وأصيب خمسة آخرون.\n"
    "وقال مصدر محلي إن الجيش نفى مسؤوليته عن الهجوم، فيما تبنّت جماعة مسلحة العملية.",
    "تظاهر مئات المحتجين أمام مقر الولاية للمطالبة بفرص عمل، وفرّقت الشرطة المتظاهرين بالغاز المسيل للدموع.",
    "اشتبكت قوات الأمن مع مسلحين في حي سكني، ما أسفر عن مقتل جندي وإصابة اثنين، بحسب وكالة الأنباء الرسمية.",
]


def _sets() -> list[TermSet]:
    lex = lexicon()
    return [lex.triggers, lex.cues, lex.reporting, lex.denial, lex.claim, lex.plover, lex.actors, *lex.filters.values()]


def test_whole_view_equals_direct_search() -> None:
    for text in TEXTS:
        view = normalize(text)
        for ts in _sets():
            assert ts.find(view) == ts._find(view)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(range(len(TEXTS))), st.data())
def test_any_range_equals_direct_search(which: int, data: st.DataObject) -> None:
    text = TEXTS[which]
    view = normalize(text)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.one_of(st.none(), st.integers(a, len(text))))
    for ts in _sets():
        assert ts.find(view, a, b) == ts._find(view, a, b)


def test_hits_are_found_and_cached_per_view() -> None:
    view = normalize(TEXTS[0])
    lex = lexicon()
    first = lex.triggers.find(view)
    assert first, "the passage has attack triggers"
    # a second range query reuses the view's cache and returns the same hit objects
    again = lex.triggers.find(view, 0, len(TEXTS[0]))
    assert [id(h) for h in again] == [id(h) for h in first]
