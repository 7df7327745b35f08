"""Fast paths of the Arabic text tools must give exactly what the plain formulation gives: the tokenizer, the
matcher's per-token step and next-token filter, the date anchors' automaton, fold()'s cache, the furniture key
and the script ratio of language identification."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.lang.ar import dates
from rasd.lang.ar.morphology import TOKEN_RE, Candidates, LexiconMatcher, analyses, view_tokens
from rasd.lang.ar.normalize import _default, fold, normalize
from rasd.pipeline.extract import furniture, langid

# Arabic letters, digits, marks and tatweel, Latin, punctuation and assorted whitespace
ALPHABET = st.sampled_from(
    [chr(c) for c in range(0x0621, 0x064B)]
    + ["\u064e", "\u0650", "\u0651", "\u064b", "\u0640", "\u0670", "\u0660", "\u0665"]
    + list("abcXYZİ0123456789_-.,:;!?\"'«»()[]/#@%…–— \n\t\r\x0b\x1c\x85\xa0\u2028\u3000\u200b")
    + ["\N{ARABIC COMMA}", "\N{ARABIC FULL STOP}", "\N{ARABIC QUESTION MARK}"]
)
TEXT = st.text(ALPHABET, max_size=80)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.booleans())
def test_view_tokens_are_the_token_regex_matches(text: str, default_steps: bool) -> None:
    view = normalize(text) if default_steps else normalize(text, steps=())
    ms = list(TOKEN_RE.finditer(view.key))
    assert view_tokens(view) == ([m.start() for m in ms], [m.end() for m in ms], [m.group() for m in ms])


ENTRIES = [
    ("قوات", "a"),
    ("قوات النظام", "b"),
    ("قوات الأمن العام", "c"),
    ("في صفوف", "d", {"enclitics": True}),
    ("في", "e"),
    ("مدني", "f", {"feminine": True, "plural": True}),
    ("وزارة الدفاع", "g"),
    ("وزارة", "h", {"enclitics": False}),
    ("على يد", "i"),
]
WORDS = ["قوات", "وقوات", "النظام", "الأمن", "العام", "في", "صفوف", "صفوفها", "صفوفه", "مدنية", "مدنيين",
         "وزارة", "الدفاع", "على", "يد", "بقوات", "،", ".", "قال"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14), st.lists(st.sampled_from([" ", "  ", "\n", "، "]), min_size=14))
def test_spans_at_is_the_per_token_step_of_find(words: list[str], seps: list[str]) -> None:
    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    view = normalize(text)
    m = LexiconMatcher(ENTRIES)
    starts, ends, toks = view_tokens(view)
    stepped = [
        (m.entries[idx].surface, view.orig(starts[i]), view.orig(ends[last]))
        for i in range(len(toks))
        for idx, last in m.spans_at(view, i)
    ]
    whole = [(x.surface, x.token_start, x.token_end) for x in m.find(view, overlapping=True)]
    assert stepped == whole
    # the next-token filter keeps exactly the candidates whose second word the next token can be
    for i, tok in enumerate(toks):
        cands = m.candidates(tok)
        if not cands:
            continue
        assert isinstance(cands, Candidates)
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        kept = []
        for c in cands.all:
            if len(m.entries[c[0]].words) == 1:
                kept.append(c)
            elif nxt is not None:
                second, via_enclitic = m._second[c[0]]
                if nxt in second or (
                    via_enclitic and any(s in second for p, s, en, _ in analyses(nxt) if en and not p)
                ):
                    kept.append(c)
        assert list(cands.at(nxt)) == kept
        assert list(cands.at(nxt)) == kept  # from the memo


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14), st.lists(st.sampled_from([" ", "  ", "\n", "، "]), min_size=14))
def test_last_word_precheck_only_skips_what_match_rest_rejects(words: list[str], seps: list[str]) -> None:
    from rasd.lang.ar import morphology

    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    view = normalize(text)
    m = LexiconMatcher([*ENTRIES, ("قوات الأمن الداخلي", "j"), ("قوات الأمن الوطني", "k"), ("في صفوف قوات", "l")])
    starts, ends, toks = view_tokens(view)
    for i in range(len(toks)):
        for idx in m._rest:
            jl = i + len(m._rest[idx][0]) + 1
            if jl >= len(toks) or m._rest[idx][1].keys().isdisjoint(morphology._bare_stems(toks[jl])):
                assert m._match_rest(idx, i, starts, ends, toks, view.key, len(view.key), view, True) is None


NATIONS = ["الأمريكي", "الروسي", "التركي", "الإيراني", "السوري", "العراقي", "اللبناني", "المصري", "الأردني",
           "السعودي", "القطري", "الفرنسي", "البريطاني", "الألماني", "الصيني", "الياباني", "الهندي", "الليبي"]  # fmt: skip
MANY = [("وزير", "m"), ("وزير الخارجية", "n"), ("وزير الخارجية الأسبق", "o", {"enclitics": True})]
MANY += [(f"وزير الخارجية {x}", x) for x in NATIONS] + [(f"وزير الخارجية {x} السابق", x + "2") for x in NATIONS[:6]]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["وزير", "ووزير", "الخارجية", "الخارجيه", "الأسبق", "السابق", *NATIONS[:8], "قال", "،"])),
    st.lists(st.sampled_from([" ", "  ", "\n", "، "]), min_size=30),
)
def test_last_word_plan_gives_what_testing_every_candidate_gives(words: list[str], seps: list[str]) -> None:
    from rasd.lang.ar import morphology

    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    view = normalize(text)
    m = LexiconMatcher(MANY)
    n = len(view_tokens(view)[2])
    planned = [m.spans_at(view, i) for i in range(n)]
    old = morphology._PLAN_MIN
    try:
        morphology._PLAN_MIN = 1 << 30
        plain = [LexiconMatcher(MANY).spans_at(view, i) for i in range(n)]
    finally:
        morphology._PLAN_MIN = old
    assert planned == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["أمس", "الماضي", "يناير", "الأحد", "قبل", "منذ", "رمضان", "اليوم", "x", " "])))
def test_date_anchor_automaton_finds_what_substring_tests_find(parts: list[str]) -> None:
    seg = fold(" ".join(parts)) + " " + "".join(parts)
    present: set[str] = set()
    auto = dates._anchor_automaton()
    assert auto is not None
    for end, (n, names) in auto.iter(seg):
        assert any(seg[end + 1 - n : end + 1] in dates._tables().anchors[name] for name in names)
        present |= names
    assert present == {name for name, ws in dates._tables().anchors.items() if any(w in seg for w in ws)}


DATE_PIECES = st.sampled_from(
    ["أمس", "اليوم", "غدا", "الماضي", "المقبل", "يناير", "مارس", "آب", "أغسطس", "آذار", "ماي", "رمضان", "1445",
     "هـ", "الأحد", "الجمعة", "السبت", "صباح", "ليلة", "قبل", "منذ", "يومين", "ثلاثة", "أيام", "أسابيع", "الشهر",
     "الجاري", "الأسبوع", "من", "شهر", "عام", "2024", "3", "17", "الـ", "15/3/2024", "2024-03-05", "كتاب", "و",
     "ب", "x", "الإرهاب", "أسباب", "الأول", "الخامس", "الحادي عشر", "وآب", "لآب", "للآب", "فآب", "بماي", "تشرين",
     "الثاني", "كانون", "العام", "سنة", "ل", "ف", "ت", "_", "٣"]
)  # fmt: skip
DATE_SEPS = st.sampled_from([" ", "  ", "\n", "، ", " / ", "(", ") ", "-", ", ", "\u3000", "", ". "])


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(DATE_PIECES, DATE_SEPS), max_size=40),
    st.sampled_from([None, "2024-03-15", "2023-01-02"]),
    st.integers(0, 400),
    st.integers(0, 400),
)
def test_date_windows_find_what_the_whole_range_scan_finds(
    parts: list[tuple[str, str]], pub: str | None, a: int, b: int
) -> None:
    from datetime import date

    text = "".join(w + s for w, s in parts)
    view = normalize(text)
    published = date.fromisoformat(pub) if pub else None
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    windowed = dates.find_dates(view, published, start, end)
    try:
        dates._WINDOWS = False
        plain = dates.find_dates(view, published, start, end)
    finally:
        dates._WINDOWS = True
    assert windowed == plain


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(DATE_PIECES, DATE_SEPS), max_size=30))
def test_month_names_of_matches_pass_the_anchor_context_filter(parts: list[tuple[str, str]]) -> None:
    """Every month name a re_abs or re_month match holds, when it is a one-word name (its own anchor), passes
    _month_name_at: the filter drops only anchor hits no match can hold."""
    key = normalize("".join(w + s for w, s in parts)).key
    t = dates._tables()
    for pattern in (t.re_abs, t.re_month):
        for m in pattern.finditer(key):
            for g in ("m1", "m2"):
                if m[g] and len(m[g].split()) == 1:
                    assert dates._month_name_at(key, m.start(g), m.end(g)), (key, m.group())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(DATE_PIECES, DATE_SEPS), max_size=30))
def test_date_matches_have_no_more_gaps_than_their_pattern_bound(parts: list[tuple[str, str]]) -> None:
    key = normalize("".join(w + s for w, s in parts)).key
    t = dates._tables()
    for name in ("re_abs", "re_month", "re_num", "re_hijri", "re_rel", "re_wd", "re_period", "re_ago", "re_thismonth"):
        pattern = getattr(t, name)
        for m in pattern.finditer(key):
            assert len(re.findall(r"\s+", m.group())) <= dates._gaps(pattern)


def test_gap_bound_of_patterns() -> None:
    assert dates._gaps(re.compile(r"a\s+b\s*c")) == 2
    assert dates._gaps(re.compile(r"a(?:\s+b|\s*c\s+d)?e")) == 2
    assert dates._gaps(re.compile(r"[^\W\d_]+ x.")) == 2  # the space, and "." may match one
    assert dates._gaps(re.compile(r"(?:\s*x)+")) >= 1_000_000  # unbounded: the windows cover everything
    assert dates._gaps(re.compile(r"(?:a\s){2,3}")) == 3
    assert dates._gaps(re.compile(r"(?P<s>[ /])x(?P=s)")) == 2


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_fold_cache_and_key_helpers_match_their_definitions(text: str) -> None:
    assert fold(text) == " ".join(text.translate(_default().table).split())
    assert fold(text) == fold(text)  # the cached answer
    # furniture key: replace the runs of punctuation/whitespace by a space, collapse, strip
    s = furniture._HARAKAT.sub("", text)
    for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه")):
        s = s.replace(a, b)
    assert furniture.fold(text) == " ".join(furniture._PUNCT.sub(" ", s.lower()).split())
    letters = len(re.findall(r"[^\W\d_]", text))
    arabic = len(re.findall(r"[\u0600-\u06FF\u0750-\u077F]", text))
    assert langid.arabic_ratio(text) == (arabic / letters if letters else 0.0)


NUMBER_PIECES = st.sampled_from(
    ["قتل", "3", "15", "1,500", "3.5", "2024", "ثلاثة", "وثلاثة", "عشر", "عشرات", "الآلاف", "مئات", "ألف", "آلاف",
     "جنديين", "اثنين", "شخصا", "على", "الأقل", "نحو", "قرابة", "أكثر", "من", "في", "المئة", "%", "التاسع",
     "11مواطنا", "و", "x", "،", "."]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(NUMBER_PIECES, st.sampled_from([" ", "  ", "", "\n", "، "])), max_size=30), st.data())
def test_number_scan_equals_the_plain_scan(parts: list[tuple[str, str]], data: st.DataObject) -> None:
    from rasd.lang.ar import numbers

    text = "".join(w + s for w, s in parts)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    fast = numbers.find_numbers(normalize(text), a, b)
    try:
        numbers._PLAIN = True
        plain = numbers.find_numbers(normalize(text), a, b)
    finally:
        numbers._PLAIN = False
    assert fast == plain


NUMBER_TOKEN_PIECES = st.sampled_from(
    ["قتل", "3", "1,500", "3.5", "١٢", "٣", "۴", "²", "3²", "①", "_", "a1", "ab", "Ж", "x9", "11مواطنا", "%", ",",
     ".", "ـ", "\u064e", "جندي\u064e", "50%", "ق3"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(NUMBER_TOKEN_PIECES, st.sampled_from([" ", "", "\n", "، ", " % "])), max_size=20))
def test_number_tokens_equal_the_plain_token_loop(parts: list[tuple[str, str]]) -> None:
    """_tokens visits only the tokens holding a character other than an Arabic or Latin letter; the plain loop
    visits every token."""
    from rasd.lang.ar import numbers

    text = "".join(w + s for w, s in parts)
    fast = numbers._tokens(normalize(text))
    try:
        numbers._PLAIN = True
        plain = numbers._tokens(normalize(text))
    finally:
        numbers._PLAIN = False
    assert fast == plain


def _table_chars() -> list[str]:
    from rasd.lang.ar.normalize import _default

    return sorted({chr(k) for k in _default().table} | set("اب تثج لامي،. Aa1٣\u0640\u064e\n"))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_table_chars()), max_size=40),
    st.sets(
        st.sampled_from(["alef_variants", "teh_marbuta", "tatweel", "harakat", "digits", "latin_case"]), max_size=3
    ),
)
def test_compiled_translate_equals_str_translate(chars: list[str], steps: set[str]) -> None:
    """The fold replaces only the mapped characters a text holds, one after another: the same as one translate
    over every character (no replacement holds a mapped character)."""
    from rasd.lang.ar.normalize import _compiled, _default, step_names

    text = "".join(chars)
    comps = [_default(), _compiled(tuple(n for n in step_names() if n in steps))]
    for comp in comps:
        assert comp.keys is not None  # the resource's tables allow the fast path
        assert comp.translate(text) == text.translate(comp.table)


def _find_plain(m: LexiconMatcher, view: object) -> list[object]:
    """LexiconMatcher.find (whole view, longest matches) without its skip of tokens whose candidates' memo is
    empty for the next token: _best_at asked at every token that starts a candidate."""
    starts, ends, toks = view_tokens(view)  # type: ignore[arg-type]
    out: list[object] = []
    i, ke = 0, len(view.key)  # type: ignore[attr-defined]
    while i < len(toks):
        cands = m._candidates(toks[i])
        best = m._best_at(view, i, cands, starts, ends, toks, ke, True) if cands else []  # type: ignore[arg-type]
        if not best:
            i += 1
            continue
        top = max((nt, sl, ex) for nt, sl, ex, _ in best)
        seen: set[int] = set()
        for nt, sl, ex, x in best:
            if (nt, sl, ex) == top and x.entry not in seen:
                seen.add(x.entry)
                out.append(x)
        i += top[0]
    return out


PLACE_ENTRIES = [*ENTRIES, ("دير الزور", "p"), ("دير حافر", "q"), ("بيت لحم", "r"), ("بيت", "s")]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*WORDS, "دير", "ودير", "الزور", "حافر", "بيت", "لحم", "على", "يد"]), max_size=16),
    st.lists(st.sampled_from([" ", "  ", "\n", "، "]), min_size=16),
)
def test_find_skips_only_tokens_where_best_at_finds_nothing(words: list[str], seps: list[str]) -> None:
    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    view = normalize(text)
    m = LexiconMatcher(PLACE_ENTRIES)
    first = m.find(view)  # the candidates' memos fill as it goes
    again = m.find(view)  # every memo entry already there
    assert first == again == _find_plain(LexiconMatcher(PLACE_ENTRIES), view)
