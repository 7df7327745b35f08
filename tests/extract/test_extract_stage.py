"""The Extract stage: HTML main text and metadata, dates by trust, outlet and dateline, language, duplicates,
safety limits; and on ../shared: the CNN reference text and the seed page."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from rasd.config import Settings
from rasd.model import Document
from rasd.pipeline.extract import Extract
from rasd.pipeline.ingest import from_record, read

TITLE = "مقتل أربعة جنود في هجوم على نقطة عسكرية"
PARAS = [
    "قتل أربعة جنود وأصيب ستة آخرون في هجوم شنه مسلحون على نقطة عسكرية قرب الحدود فجر اليوم، بحسب بيان للجيش.",
    "وأوضح البيان أن المهاجمين استخدموا أسلحة رشاشة وقذائف صاروخية قبل أن يفروا باتجاه منطقة جبلية وعرة.",
    "وتشهد المنطقة منذ أشهر هجمات متكررة تتبناها جماعات مسلحة تنشط على جانبي الحدود بين البلدين الجارين.",
]


def html_page(
    *, meta_date: str | None = None, ld_date: str | None = None, first: str = PARAS[0], extra: str = ""
) -> str:
    head = f"<title>{TITLE}</title><link rel='canonical' href='https://news.example/world/2019/07/08/attack'>"
    if meta_date:
        head += f"<meta property='article:published_time' content='{meta_date}'>"
    if ld_date:
        head += f'<script type="application/ld+json">{{"@type":"NewsArticle","datePublished":"{ld_date}"}}</script>'
    body = "".join(f"<p>{p}</p>" for p in [first, *PARAS[1:]])
    return (
        f"<html><head><meta charset='utf-8'>{head}</head><body><nav><a href='/'>الرئيسية</a></nav>"
        f"<article><h1>{TITLE}</h1>{body}</article>{extra}<footer>جميع الحقوق محفوظة</footer></body></html>"
    )


def run(doc: Document, **kw: object) -> Document:
    return Extract(**kw)(doc)  # type: ignore[arg-type]


def test_html_main_text_and_metadata() -> None:
    doc = run(
        from_record(
            {"id": "h1", "html": html_page(meta_date="2019-07-08T09:00:00+03:00"), "url": "https://news.example/x"},
            "t#L1",
        )
    )
    assert doc.drop is None
    assert doc.title == TITLE
    body = " ".join(s.span.text for s in doc.segments if s.kind == "body")
    for p in PARAS:
        assert p in body
    assert "الرئيسية" not in doc.text and "جميع الحقوق" not in body
    assert doc.canonical_url == "https://news.example/world/2019/07/08/attack"
    assert doc.published == date(2019, 7, 8) and doc.published_from == "html-meta"
    assert doc.language == "ar"
    for s in doc.segments:
        assert doc.text[s.span.start : s.span.end] == s.span.text


@pytest.mark.parametrize(
    ("kw", "input_date", "crawl", "user", "want", "src"),
    [
        ({"meta_date": "2019-07-06"}, None, "2024-12-05", None, date(2019, 7, 6), "html-meta"),
        ({"ld_date": "2019-07-05T10:00:00Z"}, None, None, None, date(2019, 7, 5), "json-ld"),
        ({}, None, None, None, date(2019, 7, 8), "url"),
        ({"meta_date": "2019-07-06"}, "2019-07-01", None, None, date(2019, 7, 1), "input"),
        ({}, None, None, "2020-02-02", date(2019, 7, 8), "url"),
    ],
)
def test_date_trust_order(
    kw: dict, input_date: str | None, crawl: str | None, user: str | None, want: date, src: str
) -> None:
    doc = from_record({"id": "d", "html": html_page(**kw), "published": input_date}, "t#L1")
    if crawl:
        doc.meta["crawl_date"] = crawl
    if user:
        doc.meta["user_published"] = user
    out = run(doc)
    assert (out.published, out.published_from) == (want, src)


def test_crawl_date_refused_when_the_article_dates_are_long_before_it() -> None:
    text = f"{TITLE}\n\n{PARAS[0]} وجاء الهجوم بعد اتفاق وقع في 3 آذار 2021.\n\n{PARAS[1]}\n"
    doc = Document(id="c", text=text, meta={"crawl_date": "2024-12-05", "format": "warc"})
    out = run(doc)
    assert out.published is None and "crawl_date_refused" in out.meta
    doc = Document(id="c2", text=text, meta={"crawl_date": "2021-03-09", "format": "warc"})
    assert run(doc).published_from == "warc"
    years_only = text.replace("3 آذار 2021", "عام 2019")  # a year alone proves nothing: crawl date kept
    assert run(Document(id="c4", text=years_only, meta={"crawl_date": "2024-12-05"})).published_from == "crawl"
    doc = Document(id="c3", text=text, meta={"crawl_date": "2024-12-05", "user_published": "2021-03-10"})
    out = run(doc)
    assert (out.published, out.published_from) == (date(2021, 3, 10), "user")


def test_header_date_phrase() -> None:
    text = f"{TITLE}\n\nنشر في 12 تشرين الأول 2022\n\n" + "\n\n".join(PARAS) + "\n"
    out = run(Document(id="t", text=text))
    assert (out.published, out.published_from) == (date(2022, 10, 12), "text")


@pytest.mark.parametrize(
    ("first", "place", "outlet"),
    [
        ("دبي، الإمارات العربية المتحدة (CNN) -- " + PARAS[0], "دبي، الإمارات العربية المتحدة", "CNN"),
        ("القدس - فرانس برس: " + PARAS[0], "القدس", "فرانس برس"),
        ("غزة (الأناضول) - " + PARAS[0], "غزة", "الأناضول"),
        ("لندن: «الشرق الأوسط» " + PARAS[0], "لندن", "الشرق الأوسط"),
        ("بنغازي - وكالة المثال: " + PARAS[0], "بنغازي", "وكالة المثال"),  # unknown outlet, closed by a colon
    ],
)
def test_dateline_prefix(first: str, place: str, outlet: str) -> None:
    text = f"{TITLE}\n\n{first}\n\n{PARAS[1]}\n"
    out = run(Document(id="x", text=text))
    assert out.dateline == place and out.source == outlet
    dl = [s for s in out.segments if s.kind == "dateline"]
    assert len(dl) == 1 and dl[0].span.text.startswith(place)
    body = [s for s in out.segments if s.kind == "body"]
    assert body[0].span.text.startswith(PARAS[0][:10])


def test_outlet_pipe_line_and_parenthesis_not_outlet() -> None:
    out = run(Document(id="p", text=f"{TITLE}\n\nصحيفة المثال | اليمن\n\n" + "\n\n".join(PARAS)))
    assert (out.source, out.dateline) == ("صحيفة المثال", "اليمن")
    first = "قصفت طائرات بلدة جسر الوادي (30 كم غرب المدينة) - ما أدى إلى دمار واسع، وفق ناشطين محليين في المنطقة."
    out = run(Document(id="q", text=f"{TITLE}\n\n{first}\n\n{PARAS[1]}"))
    assert out.dateline is None


def test_not_arabic_is_kept_and_marked() -> None:
    en = "Four soldiers were killed in an attack on a border post early on Monday, the army said in a statement. " * 3
    out = run(Document(id="en", text=f"Soldiers killed\n\n{en}\n"))
    assert out.language == "en" and out.drop is not None and out.drop.reason == "not_arabic"
    assert out.segments  # still segmented and kept for output


def test_duplicates_and_near_duplicates() -> None:
    ex = Extract()
    text = f"{TITLE}\n\n" + "\n\n".join(PARAS) + "\n"
    a = ex(Document(id="a", text=text, url="https://e.org/a"))
    b = ex(Document(id="b", text=text, url="https://e.org/b"))
    c = ex(Document(id="c", text=text.replace("ستة", "سبعة") + "\nتحديث.", url="https://e.org/c"))
    d = ex(Document(id="d", text=f"{TITLE}\n\n{PARAS[2]} {PARAS[0]}", url="https://www.e.org/a/"))
    assert a.drop is None
    assert b.drop is not None and b.drop.reason == "duplicate" and b.duplicate_of == "a"
    assert c.drop is None and c.near_duplicates == ["a"]
    assert d.drop is not None and d.duplicate_of == "a"  # same URL


def test_safety_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import rasd.pipeline.extract.html as h

    def stall(html: str, url: str | None = None) -> object:
        time.sleep(30)
        raise AssertionError("not interrupted")

    monkeypatch.setattr(h, "extract_html", stall)
    out = Extract(Settings(html_timeout_s=0.2))(Document(id="s", html=html_page()))
    assert out.drop is not None and out.drop.reason == "timeout"


def test_raw_bytes_only_documents_are_decoded() -> None:
    text = f"{TITLE}\n\n" + "\n\n".join(PARAS)
    out = run(Document(id="r", raw=text.encode("cp1256")))
    assert out.drop is None and out.text == text
    out = run(Document(id="b", raw=b"\x7fELF\x02\x01" + bytes(100)))
    assert out.drop is not None and out.drop.reason == "binary"


def test_readability_fallback_when_trafilatura_returns_little(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    out = run(Document(id="f", html=html_page()))
    assert out.drop is None and out.meta["extractor"] == "readability"
    assert PARAS[1] in out.text


# ---- ../shared -------------------------------------------------------------------------------------------


def test_cnn_reference_text(shared_dir: Path) -> None:
    from rapidfuzz import fuzz

    html = shared_dir / "corpus/html/cnnarabic_2013_syria_clashes.html"
    ref = (shared_dir / "corpus/html/cnnarabic_2013_syria_clashes.expected_text.txt").read_text(encoding="utf-8")
    [doc] = list(read([str(html)]))
    out = run(doc)
    art = "\n".join(s.span.text for s in out.segments if s.kind in {"dateline", "body"})
    ratio = fuzz.ratio(" ".join(art.split()), " ".join(ref.split()))
    assert ratio >= 95, ratio
    assert out.dateline == "دمشق، سوريا" and out.source == "CNN Arabic"


def test_seed_page(shared_dir: Path) -> None:
    seed = shared_dir / "corpus/seed/000_8bebee0848dd25c5.txt"
    [doc] = list(read([str(seed)]))
    raw = doc.text
    out = run(doc)
    assert out.text == raw
    assert out.source == "داما بوست" and out.dateline == "أرمينيا"
    assert out.published is None  # no metadata: the ticker's December 2024 dates are not the article's
    furn = [s for s in out.segments if s.kind == "furniture"]
    assert furn[0].span.text.startswith("اترك رد") and furn[-1].span.end == len(raw.rstrip())
    body = " ".join(s.span.text for s in out.segments if s.kind == "body")
    assert "آخر الأخبار" not in body and "قره باغ" in body
    [doc] = list(read([str(seed)], published=date(2023, 9, 20)))
    out = run(doc)
    assert (out.published, out.published_from) == (date(2023, 9, 20), "user")
