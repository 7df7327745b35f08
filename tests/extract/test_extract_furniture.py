"""Furniture cutting on plain text: each kind of furniture, the article kept whole, offsets untouched."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.pipeline.extract.furniture import cut

TITLE = "مقتل خمسة مدنيين بقصف على بلدة حدودية"
S1 = "قتل خمسة مدنيين بينهم طفلان في قصف مدفعي استهدف بلدة حدودية صباح اليوم، بحسب مصادر محلية."
S2 = "وقالت المصادر إن القذائف سقطت على سوق شعبي مكتظ، ما أدى أيضاً إلى إصابة عشرة أشخاص بجروح."
S3 = "ولم تعلن أي جهة مسؤوليتها عن القصف حتى الآن، فيما دعت منظمات إنسانية إلى حماية المدنيين."
ARTICLE = [S1, S2, S3]
HEADLINES = [
    "ارتفاع أسعار الخضار في الأسواق المحلية",
    "المنتخب يفوز في مباراة ودية",
    "افتتاح معرض الكتاب بمشاركة واسعة",
    "توقعات بأمطار غزيرة نهاية الأسبوع",
]


def build(*parts: str) -> str:
    return "\n\n".join(parts) + "\n"


CASES = [
    (
        "comment_form",
        build(TITLE, *ARTICLE, "اترك رداً", "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها *"),
    ),
    ("ticker", build(TITLE, *ARTICLE, "آخر الأخبار\n" + "\n".join(HEADLINES))),
    ("ticker", build(TITLE, *ARTICLE, " ".join(h + ".." for h in HEADLINES * 3))),  # one line of joined headlines
    ("ticker", build(TITLE, *ARTICLE, "    ".join(HEADLINES * 2))),  # headlines separated by wide gaps
    ("related", build(TITLE, S1, "اقرأ أيضاً: " + HEADLINES[0], S2, S3)),  # inline, the article goes on
    ("related", build(TITLE, *ARTICLE, "مواضيع ذات صلة", *HEADLINES)),
    ("related", build(TITLE, *ARTICLE, *HEADLINES)),  # no marker: a trailing run of headline-like lines
    ("share", build(TITLE, *ARTICLE, "شارك الخبر:", "فيسبوك تويتر واتساب")),
    ("share", build(TITLE, *ARTICLE, "Facebook Twitter WhatsApp Telegram")),
    ("copyright", build(TITLE, *ARTICLE, "جميع الحقوق محفوظة © 2024")),
    ("byline", build(TITLE, *ARTICLE, "المصدر", "سامر الحلبي")),
    (
        "disclaimer",
        build(
            TITLE,
            *ARTICLE,
            "يرجى مراجعة إرشادات الاستخدام، فالآراء الواردة أدناه لا تعبر عن رأي الموقع بل عن وجهات نظر أصحابها.",
        ),
    ),
]


@pytest.mark.parametrize(("reason", "text"), CASES)
def test_furniture_kinds(reason: str, text: str) -> None:
    c = cut(text)
    body = " ".join(s.span.text for s in c.segments if s.kind == "body")
    furn = [s for s in c.segments if s.kind == "furniture"]
    for sent in ARTICLE:
        assert sent in body, f"article sentence lost: {sent[:30]}"
    assert furn, "no furniture found"
    assert reason in {s.reason for s in furn}
    for s in furn:
        for sent in ARTICLE:
            assert sent not in s.span.text
    for h in HEADLINES:
        assert h not in body
    assert c.title == TITLE


@pytest.mark.parametrize(
    ("tail", "reason"),
    [
        (" سمات قصف حدود مدنيين", "tags"),
        ("   رابط الخبر بصحيفة المثال: انفجار يهز السوق الشعبي", "related"),
    ],
)
def test_furniture_glued_to_the_last_paragraph(tail: str, reason: str) -> None:
    text = build(TITLE, S1, S2, S3 + tail)
    segs = cut(text).segments
    furn = [s for s in segs if s.kind == "furniture"]
    assert [s.reason for s in furn] == [reason]
    assert furn[0].span.text == tail.strip()
    body = [s for s in segs if s.kind == "body"]
    assert body[-1].span.text.endswith(S3)


def test_source_credit_line() -> None:
    from rasd.pipeline.extract.dateline import is_credit_line

    text = build(TITLE, *ARTICLE, "فرانس 24/ أ ف ب/ رويترز")
    segs = cut(text, credit_line=is_credit_line).segments
    assert segs[-1].kind == "furniture" and segs[-1].reason == "byline"
    assert not is_credit_line("قوات الأمن/ الجيش")


@pytest.mark.parametrize(
    "line",
    [
        "شارك مئات المتظاهرين في مسيرة وسط العاصمة، مطالبين بالإفراج عن المعتقلين ورفع الحصار عن المدينة.",
        "عاجل: انفجار يهز وسط المدينة ويوقع قتلى وجرحى، وفق ما أفاد شهود عيان لوسائل إعلام محلية.",
        "التعليقات التي أدلى بها الوزير أثارت غضب المعارضة، التي طالبت باستقالته فوراً ومحاسبته.",
        "المصدر الأمني أكد أن الهجوم نفذته مجموعة مسلحة مجهولة، وأن التحقيقات ما زالت جارية.",
    ],
)
def test_marker_words_in_article_sentences_are_kept(line: str) -> None:
    text = build(TITLE, S1, line, S2)
    c = cut(text)
    body = " ".join(s.span.text for s in c.segments if s.kind == "body")
    assert line in body and S2 in body


def test_comment_form_then_ticker_takes_the_rest() -> None:
    ticker = " ".join(HEADLINES * 8) + "..."
    text = build(TITLE, *ARTICLE, "اترك رد", "لن يتم نشر عنوان بريدك الإلكتروني.", "آخر الأخبار\n" + ticker)
    c = cut(text)
    last_body = max(s.span.end for s in c.segments if s.kind == "body")
    assert text[last_body:].strip().startswith("اترك رد")
    furn = [s for s in c.segments if s.kind == "furniture"]
    assert furn[0].span.text.startswith("اترك رد")
    assert furn[-1].span.end == len(text.rstrip())
    assert {s.reason for s in furn} == {"comment_form", "ticker"}


def test_outlet_dateline_line_is_not_body() -> None:
    text = build(TITLE, "وكالة المثال | دمشق", *ARTICLE)
    c = cut(text, dateline_line=lambda s: "|" in s)
    kinds = [(s.kind, s.span.text) for s in c.segments]
    assert ("dateline", "وكالة المثال | دمشق") in kinds


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.sampled_from([*ARTICLE, *HEADLINES, "اترك رداً", "آخر الأخبار", "", "  ", "شارك", "© 2020", TITLE]),
        min_size=0,
        max_size=14,
    ),
    st.sampled_from(["\n", "\n\n", "\r\n"]),
)
def test_segments_are_ordered_disjoint_and_index_the_text(parts: list[str], sep: str) -> None:
    text = sep.join(parts)
    segs = cut(text).segments
    prev = 0
    for s in segs:
        assert prev <= s.span.start <= s.span.end <= len(text)
        assert s.span.text == text[s.span.start : s.span.end]
        assert s.kind in {"title", "dateline", "body", "furniture"}
        prev = s.span.end
    # Every article sentence present in the input stays in a non-furniture segment when it is not the only text.
    kept = " ".join(s.span.text for s in segs if s.kind != "furniture")
    for sent in ARTICLE:
        if sent in parts and sum(p in ARTICLE for p in parts) >= 2:
            assert sent in kept


@pytest.mark.parametrize("suffix", ["", "\x00\x00", "\N{RIGHT-TO-LEFT OVERRIDE}" * 5, "\N{ZERO WIDTH SPACE}"])
def test_a_single_line_is_body_not_title(suffix: str) -> None:
    text = S1 + suffix
    segs = cut(text).segments
    assert [s.kind for s in segs] == ["body"]
    two = cut(f"{S1}{suffix}\n{S2}").segments  # a first line ending in "." behind invisible characters
    assert [s.kind for s in two] == ["body"]
