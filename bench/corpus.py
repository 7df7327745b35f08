"""Synthetic benchmark inputs, generated from the demo articles (src/rasd/resources/demo/) and short texts of
our own, scaled to any number of documents.

Each document is a title plus 7 to 14 paragraphs drawn from the pool, with its numbers, places and date varied
by a seeded generator, so that every document has its own text and content id (exact-duplicate detection
does not collapse them) while the language stays that of news copy. Sizes follow the shared corpus: a median
article body there is about 1,500 characters; HTML pages carry site furniture and scripts (~25 KB, like the
CNN Arabic page of the shared corpus).
"""

from __future__ import annotations

import hashlib
import html as htmlmod
import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "src" / "rasd" / "resources" / "demo"

# Our own short paragraphs: a mix of conflict reports and ordinary news, as in a real feed (most articles in
# a news stream are not conflict events).
OWN_TITLES = [
    "اشتباكات بين الجيش ومسلحين في ريف درعا الغربي",
    "غارة جوية تستهدف موقعا لحركة الشباب جنوبي الصومال",
    "اعتقال عشرة أشخاص خلال احتجاجات في مدينة الناصرية",
    "وزير الخارجية يبحث مع نظيره الأردني العلاقات الثنائية",
    "ارتفاع أسعار الخبز في الأسواق المحلية",
    "انفجار عبوة ناسفة بدورية للشرطة في كركوك",
]
OWN_PARAGRAPHS = [
    "دارت اشتباكات عنيفة بين قوات الجيش ومجموعة مسلحة في بلدة طفس بريف درعا الغربي، أسفرت عن مقتل ثلاثة من "
    "المسلحين وإصابة جنديين، بحسب مصدر عسكري.",
    "قالت القيادة الأمريكية في أفريقيا إن غارة جوية استهدفت موقعا لحركة الشباب قرب بلدة جليب، وأسفرت عن مقتل "
    "أربعة من عناصر الحركة، مؤكدة عدم سقوط ضحايا مدنيين.",
    "اعتقلت قوات الأمن عشرة أشخاص خلال احتجاجات شهدتها مدينة الناصرية مساء الخميس للمطالبة بتحسين الخدمات، "
    "فيما أصيب عدد من المحتجين جراء التدافع.",
    "بحث وزير الخارجية مع نظيره الأردني في اتصال هاتفي سبل تعزيز العلاقات الثنائية والتطورات الإقليمية، "
    "وأكد الجانبان أهمية مواصلة التنسيق.",
    "سجلت أسعار الخبز ارتفاعا جديدا في الأسواق المحلية للمرة الثالثة منذ مطلع العام، وسط شكاوى المواطنين من "
    "تراجع القدرة الشرائية.",
    "انفجرت عبوة ناسفة بدورية للشرطة على الطريق الرابط بين كركوك والحويجة، ما أدى إلى إصابة شرطيين اثنين "
    "بجروح متفاوتة، ولم تتبن أي جهة المسؤولية.",
    "وأفاد شهود عيان بأن سيارات الإسعاف هرعت إلى المكان، فيما فرضت القوات الأمنية طوقا حول المنطقة.",
    "ومن المقرر أن يعقد مجلس الوزراء جلسة استثنائية الأسبوع المقبل لمناقشة مشروع الموازنة العامة.",
    "وأعلنت وزارة الصحة تسجيل 12 إصابة جديدة بالكوليرا في المحافظة خلال الأيام الثلاثة الماضية.",
    "ويشهد الطريق الدولي حركة نشطة للشاحنات منذ إعادة فتح المعبر الحدودي مطلع الشهر الجاري.",
]
_PLACE_WORDS = (
    "إدلب حلب درعا حمص حماة اللاذقية الرقة الحسكة القامشلي دير_الزور "
    "غزة خان_يونس رفح جنين نابلس طولكرم الخليل "
    "الموصل كركوك البصرة الفلوجة تكريت سامراء بعقوبة "
    "عدن تعز صنعاء الحديدة مأرب شبوة "
    "الفاشر الخرطوم نيالا كسلا "
    "طرابلس بنغازي سرت مصراتة درنة سبها "
    "مقديشو صيدا صور بعلبك"
)
PLACES = [p.replace("_", " ") for p in _PLACE_WORDS.split()]
# Whole words only: تعز must not rewrite تعزيز, صور not صورة.
_PLACE_RE = re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, PLACES), key=len, reverse=True)) + r")(?!\w)")
PER_DAY = 40  # articles a day: a few dozen Arabic outlets' conflict-relevant output
OUTLETS = ["وكالة الرصد", "شبكة الأنباء", "إذاعة المرصد", "صحيفة اليوم", "موقع الخبر"]
_DIGITS = re.compile(r"\d+")
_TAGS = re.compile(r"<[^>]+>")


def _demo_pool() -> tuple[list[str], list[str]]:
    """Titles and paragraphs of the demo articles (when they are present)."""
    titles: list[str] = []
    paras: list[str] = []
    if not DEMO.is_dir():
        return titles, paras
    for f in sorted(DEMO.iterdir()):
        try:
            raw = f.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if f.suffix == ".txt":
            blocks = [b.strip() for b in raw.split("\n\n") if b.strip()]
            if blocks:
                titles.append(blocks[0])
                paras.extend(b for b in blocks[1:] if len(b) > 60)
        elif f.suffix == ".jsonl":
            for line in raw.splitlines():
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                text = rec.get("text") or ""
                blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
                if rec.get("title"):
                    titles.append(rec["title"])
                paras.extend(b for b in blocks[1:] if len(b) > 60)
        elif f.suffix in (".html", ".htm"):
            for m in re.finditer(r"<p>(.*?)</p>", raw, re.S):
                p = htmlmod.unescape(_TAGS.sub("", m.group(1))).strip()
                if len(p) > 60:
                    paras.append(p)
            m = re.search(r"<h1>(.*?)</h1>", raw, re.S)
            if m:
                titles.append(htmlmod.unescape(_TAGS.sub("", m.group(1))).strip())
    return titles, paras


class Generator:
    def __init__(self, seed: int = 20231019) -> None:
        demo_titles, demo_paras = _demo_pool()
        self.titles = demo_titles + OWN_TITLES
        self.paras = demo_paras + OWN_PARAGRAPHS
        self.rng = random.Random(seed)
        self.furniture = self._furniture()

    def _vary(self, s: str) -> str:
        rng = self.rng
        s = _DIGITS.sub(lambda m: str(rng.randint(2, 40)) if len(m.group()) < 4 else m.group(), s)
        s = _PLACE_RE.sub(lambda _m: rng.choice(PLACES), s)
        return s

    def article(self, i: int) -> dict[str, str]:
        rng = self.rng
        title = self._vary(rng.choice(self.titles))
        k = rng.randint(7, 14)
        paras = [self._vary(p) for p in rng.sample(self.paras, min(k, len(self.paras)))]
        # A constant rate, as in a back-fill of years of news: more documents mean a longer period, not a denser
        # one, so each report meets the same number of same-week candidates whatever the corpus size.
        published = date(2016, 1, 1) + timedelta(days=i // PER_DAY + rng.randint(0, 1))
        outlet = rng.choice(OUTLETS)
        place = rng.choice(PLACES)
        lead = f"{place} - {outlet}: "
        body = [title, lead + paras[0], *paras[1:]]
        return {
            "title": title,
            "text": "\n\n".join(body),
            "paras": json.dumps(body[1:], ensure_ascii=False),
            "published": published.isoformat(),
            "source": outlet,
            "url": f"https://news.example.org/{published:%Y/%m/%d}/{i}",
        }

    def _furniture(self) -> dict[str, str]:
        sections = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "ثقافة", "منوعات", "تكنولوجيا", "صحة", "رأي", "فيديو"]
        nav = "".join(f'<li><a href="/s/{n}">{s}</a></li>' for n, s in enumerate(sections * 4))
        # Minified-looking inline scripts, as every news site carries (analytics, ads, consent).
        script = "var _q=_q||[];" + "".join(f"_q.push(['t{n}','{n * 7919 % 10007}']);" for n in range(400))
        comments = (
            '<section class="comments"><h3>اترك رداً</h3><p>لن يتم نشر عنوان بريدك الإلكتروني.</p>'
            '<form><textarea name="c"></textarea><input type="text" name="n"><button>إرسال</button></form></section>'
        )
        return {"nav": nav, "script": script, "comments": comments}

    def html_page(self, art: dict[str, str]) -> str:
        f = self.furniture
        rng = self.rng
        paras = "".join(f"<p>{htmlmod.escape(p)}</p>" for p in json.loads(art["paras"]))
        related = "".join(
            f'<li><a href="/a/{rng.randint(1, 99999)}">{htmlmod.escape(self._vary(rng.choice(self.titles)))}</a></li>'
            for _ in range(8)
        )
        return (
            '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f"<title>{htmlmod.escape(art['title'])} | {art['source']}</title>"
            f'<meta property="og:title" content="{htmlmod.escape(art["title"])}">'
            f'<meta property="article:published_time" content="{art["published"]}T10:00:00+03:00">'
            f'<meta property="og:site_name" content="{art["source"]}">'
            f'<link rel="canonical" href="{art["url"]}">'
            f"<script>{f['script']}</script><style>body{{font-family:sans-serif}}.nav li{{display:inline}}</style>"
            f'</head><body><header><ul class="nav">{f["nav"]}</ul></header><main><article>'
            f'<h1>{htmlmod.escape(art["title"])}</h1><p class="byline">{art["source"]}</p>{paras}</article>'
            f'<aside class="related"><h3>اقرأ أيضاً</h3><ul>{related}</ul></aside>{f["comments"]}</main>'
            f"<footer><p>جميع الحقوق محفوظة © {art['published'][:4]} {art['source']}</p>"
            f'<ul class="nav">{f["nav"]}</ul></footer><script>{f["script"]}</script></body></html>'
        )

    def records(self, n: int, kind: str) -> Iterator[dict[str, str]]:
        """``n`` JSONL input records (the DESIGN.md input contract), ``kind`` "text" or "html", all distinct."""
        seen: set[bytes] = set()
        i = 0
        while len(seen) < n:
            art = self.article(i)
            i += 1
            digest = hashlib.sha1(art["text"].encode()).digest()
            if digest in seen:
                continue
            seen.add(digest)
            rec = {k: art[k] for k in ("url", "published", "source", "title")}
            if kind == "html":
                rec["html"] = self.html_page(art)
            else:
                rec["text"] = art["text"]
            yield rec


def write_jsonl(path: Path, n: int, kind: str, seed: int = 20231019) -> dict[str, float]:
    """Write ``n`` records and return their size statistics."""
    total = 0
    with path.open("w", encoding="utf-8") as fh:
        for rec in Generator(seed).records(n, kind):
            line = json.dumps(rec, ensure_ascii=False)
            total += len(rec.get("html") or rec.get("text") or "")
            fh.write(line + "\n")
    return {"documents": n, "mean_chars": round(total / max(n, 1), 1), "bytes": path.stat().st_size}
