"""Does farahidi (AlKhalil) lemmatization help trigger matching? Measured on inflected forms written for the test.

Run with ``-s`` to see the figures: ``pytest tests/lang/test_ar_lemmas.py -m slow -s``.
"""

from __future__ import annotations

import time

import pytest

from rasd.lang.ar.morphology import LexiconMatcher, lemmas
from rasd.lang.ar.normalize import normalize

# Base forms as a trigger lexicon lists them: past-tense verbs, singular nouns (sound plurals allowed by flag).
BASE = [
    ("قتل", "kill"), ("اغتال", "kill"), ("استهدف", "target"), ("قصف", "shell"), ("اعتقل", "arrest"),
    ("اختطف", "abduct"), ("فجر", "explode"), ("اشتبك", "clash"), ("هاجم", "attack"), ("أصاب", "injure"),
    ("جرح", "injure"), ("أطلق", "fire"), ("سيطر", "control"), ("اقتحم", "storm"), ("تظاهر", "protest"),
    ("احتج", "protest"),
    {"surface": "غارة", "payload": "airstrike", "plural": True, "dual": True},
    {"surface": "قذيفة", "payload": "shell", "plural": True, "dual": True},
    {"surface": "انفجار", "payload": "explode", "plural": True},
    {"surface": "اشتباك", "payload": "clash", "plural": True},
    {"surface": "هجوم", "payload": "attack"},
    {"surface": "مظاهرة", "payload": "protest", "plural": True},
    {"surface": "اعتقال", "payload": "arrest", "plural": True},
    {"surface": "جندي", "payload": "soldier", "dual": True},
    {"surface": "مسلح", "payload": "gunman", "plural": True, "dual": True},
    {"surface": "صاروخ", "payload": "missile", "dual": True},
]  # fmt: skip

# Inflected forms met in news, each with the payload it should find.
FORMS = [
    ("قتلوا", "kill"), ("قتلت", "kill"), ("يقتل", "kill"), ("وقتلوا", "kill"), ("قتلتهم", "kill"), ("قتل", "kill"),
    ("اغتالوا", "kill"), ("اغتيل", "kill"), ("استهدفت", "target"), ("استهدفوا", "target"), ("يستهدف", "target"),
    ("واستهدفت", "target"), ("قصفت", "shell"), ("قصفوا", "shell"), ("تقصف", "shell"), ("وقصفها", "shell"),
    ("اعتقلت", "arrest"), ("اعتقلوا", "arrest"), ("تعتقل", "arrest"), ("اعتقل", "arrest"), ("اختطفوا", "abduct"),
    ("اختطفت", "abduct"), ("فجروا", "explode"), ("فجرت", "explode"), ("اشتبكت", "clash"), ("اشتبكوا", "clash"),
    ("هاجموا", "attack"), ("هاجمت", "attack"), ("يهاجم", "attack"), ("أصيب", "injure"), ("أصيبوا", "injure"),
    ("جرحوا", "injure"), ("أطلقوا", "fire"), ("أطلقت", "fire"), ("سيطرت", "control"), ("اقتحموا", "storm"),
    ("اقتحمت", "storm"), ("تظاهروا", "protest"), ("يتظاهرون", "protest"), ("احتجوا", "protest"),
    ("غارات", "airstrike"), ("الغارات", "airstrike"), ("بغارة", "airstrike"), ("غارتين", "airstrike"),
    ("قذائف", "shell"), ("بقذائف", "shell"), ("قذيفتين", "shell"), ("انفجارات", "explode"), ("الانفجار", "explode"),
    ("اشتباكات", "clash"), ("هجمات", "attack"), ("هجماتهم", "attack"), ("الهجوم", "attack"), ("مظاهرات", "protest"),
    ("المظاهرة", "protest"), ("اعتقالات", "arrest"), ("جنود", "soldier"), ("جنديين", "soldier"), ("الجنود", "soldier"),
    ("مسلحون", "gunman"), ("المسلحين", "gunman"), ("مسلحان", "gunman"), ("صواريخ", "missile"), ("بصاروخ", "missile"),
    ("صاروخين", "missile"),
]  # fmt: skip

# Words that are not triggers: hits here are false positives.
OTHERS = [
    "كتاب",
    "مدرسة",
    "رئيس",
    "اجتماع",
    "اتفاق",
    "زيارة",
    "وزير",
    "حكومة",
    "مدينة",
    "طريق",
    "مستشفى",
    "سوق",
    "بيان",
    "قال",
    "أكد",
    "أعلن",
    "تقرير",
    "صحيفة",
    "انتخابات",
    "اقتصاد",
    "مرض",
    "نفط",
    "مطار",
    "قتال",
    "مقاتل",
    "أصوات",
    "إصابة",
    "مصاب",
    "جراح",
    "إطلاق",
    "سيطرة",
    "مقتل",
    "تفجير",
    "غير",
    "حين",
    "بين",
    "فجر",
    "الصباح",
]


def _recall(m: LexiconMatcher) -> float:
    hit = 0
    for form, payload in FORMS:
        if any(x.payload == payload for x in m.find(normalize(form))):
            hit += 1
    return hit / len(FORMS)


def _false(m: LexiconMatcher) -> int:
    return sum(1 for w in OTHERS if m.find(normalize(w)))


@pytest.mark.slow
def test_lemma_fallback_raises_trigger_recall() -> None:
    plain = LexiconMatcher(BASE)
    with_lemmas = LexiconMatcher(BASE, lemmas=True)
    r0 = _recall(plain)
    t = time.perf_counter()
    r1 = _recall(with_lemmas)
    cold = time.perf_counter() - t
    f0, f1 = _false(plain), _false(with_lemmas)
    print(f"\ntrigger recall on {len(FORMS)} inflected forms: clitics only {r0:.3f}, + farahidi lemmas {r1:.3f}")
    print(f"false hits on {len(OTHERS)} non-trigger words: clitics only {f0}, + lemmas {f1}")
    print(f"farahidi cold cost: {1000 * cold / len(FORMS):.1f} ms per new word type (incl. load)")
    assert r1 > r0


@pytest.mark.slow
def test_lemmas_of_inflected_words() -> None:
    assert "قتل" in lemmas("قتلوا")
    assert any(lem.startswith("جند") for lem in lemmas("جنود"))
