"""The furniture markers a line can match are looked up by its leading words (``furniture._markers_at``): the
same markers, in the same order, as testing every marker of the rules against the line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.pipeline.extract.furniture import _markers_at, fold, rules

MARKERS = [m for m, _, _ in rules().markers]
PIECES = st.sampled_from([*MARKERS, "كلمة", "قال", ":", "|", "2024", "اقرأ", "أيضا", "-", "©", " "])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=8))
def test_markers_at_equals_testing_every_marker(pieces: list[str]) -> None:
    key = fold(" ".join(pieces))
    r = rules()
    expected = [t for t in r.markers if key == t[0] or key.startswith(t[0] + " ")]
    assert _markers_at(key, r) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=30))
def test_shingle_hashes_are_datasketch_sha1_hashes(pieces: list[str]) -> None:
    from datasketch import MinHash
    from datasketch.hashfunc import sha1_hash32

    from rasd.pipeline.extract.dedup import _SHINGLE, _shingle_hashes

    words = fold(" ".join(pieces)).split()
    shingles = [" ".join(words[i : i + _SHINGLE]).encode("utf-8") for i in range(len(words) - _SHINGLE + 1)]
    assert _shingle_hashes(words) == [sha1_hash32(s) for s in shingles]
    plain, fast = MinHash(num_perm=64), MinHash(num_perm=64, hashfunc=int)
    plain.update_batch(shingles)
    fast.update_batch(_shingle_hashes(words))
    assert (plain.hashvalues == fast.hashvalues).all()


WORDS = st.sampled_from(
    ["قصف", "الجيش", "مدينة", "حلب", "قتل", "مدنيين", "اليوم", "في", "على", "غارة", "جوية", "ثلاثة"]
)


def _reference_near(docs: list[str]) -> list[list[str]]:
    """Near-duplicates of each document among those before it, by datasketch's own MinHashLSH."""
    from datasketch import MinHash, MinHashLSH

    from rasd.pipeline.extract.dedup import _NUM_PERM, _SHINGLE

    lsh = MinHashLSH(threshold=0.8, num_perm=_NUM_PERM)
    out = []
    for i, text in enumerate(docs):
        words = fold(text).split()
        mh = MinHash(num_perm=_NUM_PERM)
        mh.update_batch([" ".join(words[j : j + _SHINGLE]).encode("utf-8") for j in range(len(words) - _SHINGLE + 1)])
        out.append(sorted(str(x) for x in lsh.query(mh)))
        lsh.insert(f"d{i}", mh)
    return out


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=12, max_size=20), min_size=1, max_size=12), st.data())
def test_compact_near_duplicate_index_matches_minhashlsh(bases: list[list[str]], data: st.DataObject) -> None:
    """The run's compact banded index finds the same near-duplicates as datasketch's MinHashLSH."""
    from rasd.pipeline.extract.dedup import Seen

    # Near copies: each base again with one word changed, so that some band keys collide and some do not.
    docs = [" ".join(b) for b in bases]
    for b in bases:
        i = data.draw(st.integers(0, len(b) - 1))
        docs.append(" ".join([*b[:i], "تفجير", *b[i + 1 :]]))
    seen = Seen()
    got = [seen.check(f"d{i}", None, text)[1] for i, text in enumerate(docs)]
    ref = _reference_near(docs)
    # Seen drops an exact repeat of a text before the index: compare the documents it indexed.
    texts: set[str] = set()
    for i, text in enumerate(docs):
        if fold(text) in texts:
            continue
        texts.add(fold(text))
        assert got[i] == [x for x in ref[i] if fold(docs[int(x[1:])]) not in {fold(docs[j]) for j in range(int(x[1:]))}]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(PIECES, max_size=30).map(" ".join), st.text(max_size=200)))
def test_shingles_sliced_from_the_key_equal_shingles_of_its_words(text: str) -> None:
    from rasd.pipeline.extract.dedup import _key_shingle_hashes, _shingle_hashes

    key = fold(text)
    assert _key_shingle_hashes(key) == _shingle_hashes(key.split())


# The dateline's place as first written: the same language, but with an optional separator, so a word could be
# split into pieces in every possible way (exponential backtracking on a paragraph that is no dateline).
_PLACE_PLAIN = r"[\w\u0600-\u06FF]+(?:[ \t]*[\N{ARABIC COMMA},]?[ \t]*[\w\u0600-\u06FF]+){0,5}"
DATELINE_PIECES = st.sampled_from(
    ["دمشق", "غزة", "سوريا", "بغداد", "CNN", "رويترز", "فرانس برس", "2024", "x", " ", " ", "\t", "،", ",", "(", ")",
     "（", "）", "«", "»", ":", "/", "-", "—", "\n", ".", "قال"]
)  # fmt: skip


_WORDS = st.lists(st.sampled_from(["دمشق", "غزة", "سوريا", "CNN", "x", "2024", "قال"]), min_size=1, max_size=8)
_SEPS = st.lists(st.sampled_from([" ", "  ", "\t", "،", ",", "، ", " ، ", ""]), min_size=8, max_size=8)
_TAILS = st.sampled_from(
    [" (CNN) -- ", "(رويترز)", " (40 كم غرب) ", ": «الشرق الأوسط» ", ":«x»", " - رويترز", ": ", ""]
)
# a place-like run of words and separators, a dateline-like tail, then anything
DATELINES = st.tuples(_WORDS, _SEPS, _TAILS, st.lists(DATELINE_PIECES, max_size=6)).map(
    lambda t: "".join(w + s for w, s in zip(t[0], t[1], strict=False)).rstrip() + t[2] + "".join(t[3])
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(DATELINES, st.lists(DATELINE_PIECES, max_size=12).map("".join)))
def test_dateline_patterns_match_as_with_the_plain_place(para: str) -> None:
    import re

    from rasd.pipeline.extract import dateline

    for rx in (dateline._PAREN, dateline._GUILLEMET):
        plain = re.compile(rx.pattern.replace(dateline._PLACE, _PLACE_PLAIN))
        assert plain.pattern != rx.pattern
        fast, slow = rx.match(para), plain.match(para)
        assert (fast is None) == (slow is None)
        if fast is not None and slow is not None:
            assert fast.span() == slow.span() and fast.groupdict() == slow.groupdict()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab_ -+.١2ـ\u064eكل؟\n\t©")), st.text())
def test_four_alnum_search_equals_counting(short: str, any_text: str) -> None:
    from rasd.pipeline.extract.furniture import _ALNUM, _FOUR_ALNUM

    for t in (short, any_text):
        assert (_FOUR_ALNUM.search(t) is None) == (len(_ALNUM.findall(t)) <= 3)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([*MARKERS, "كلمة", "قالَ", "أحمد", "،", "\n", "  ", "Ab", "_"]), max_size=300),
    st.integers(0, 2),
)
def test_fold_with_its_memo_equals_the_plain_fold(pieces: list[str], again: int) -> None:
    from rasd.pipeline.extract.furniture import _fold

    text = " ".join(pieces)
    for s in (text, text * 3, text[: len(text) // 2], text * 3)[: 2 + again]:  # long texts, repeated and not
        assert fold(s) == _fold(s)


def _contains_pieces() -> list[str]:
    return sorted({p for _reason, phrases in rules().contains for p in phrases} | {"دون", "إذن", "x", "التعليقات"})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_contains_pieces()), max_size=8), st.integers(0, 90))
def test_contains_automaton_equals_substring_tests(pieces: list[str], words: int) -> None:
    """The phrases a line's key holds, found in one Aho-Corasick pass, give the reason every substring test gives
    (with phrases inside others, "بدون إذن" / "دون إذن", and keys glued across word bounds)."""
    import dataclasses

    from rasd.pipeline.extract import furniture

    key = fold(" ".join(pieces))
    glued = "".join(pieces)
    r = rules()
    odd = dataclasses.replace(r, contains=((r.contains[0][0], r.contains[0][1] | {""}), *r.contains[1:]))
    for rr in (r, odd):  # an empty phrase is in every key
        for k in (key, glued):
            assert furniture._contains_of(k, words, rr) == furniture._contains_plain(k, words, rr)


LINE_PIECES = st.sampled_from(
    ["قتل", "ثلاثة", "مدنيين", "في", "قصف", ".", "..", "،", "؟", "!", "     ", " ", "\n", "\n\n", " \t\n", "\u00a0",
     "اقرأ أيضا", "شارك", "جميع الحقوق محفوظة", "©", "2024", "abc"]
)  # fmt: skip


def _split_lines_plain(text: str) -> list[object]:
    """split_lines before its blank-line shortcut: every line's counts taken, blank or not."""
    from rasd.pipeline.extract import furniture

    out: list[object] = []
    pos, end = 0, len(text)
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        seg = text[pos:stop]
        s, e = pos + len(seg) - len(seg.lstrip()), stop - (len(seg) - len(seg.rstrip()))
        e = max(e, s)
        body = text[s:e]
        words, sent = len(furniture._WORD.findall(body)), len(furniture._SENT_END.findall(body))
        out.append(furniture.Line(s, e, body, words, sent, body.count("\N{ARABIC COMMA}") + body.count(",")))
        if nl < 0:
            break
        pos = nl + 1
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE_PIECES, max_size=120))
def test_split_lines_and_cut_with_their_shortcuts_equal_the_plain_forms(pieces: list[str]) -> None:
    """split_lines' blank lines made without counting, and cut with each line's blob kept once known, give what
    the plain forms give."""
    from rasd.pipeline.extract import furniture

    text = " ".join(pieces)
    assert furniture.split_lines(text) == _split_lines_plain(text)
    fast = furniture.cut(text)
    blob = furniture.Line.blob
    try:
        furniture.Line.blob = property(lambda ln: ln.words >= 25 and ln._blob())  # type: ignore[method-assign,assignment]
        plain = furniture.cut(text)
    finally:
        furniture.Line.blob = blob  # type: ignore[method-assign]
    assert fast == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE_PIECES, max_size=120), st.data())
def test_span_key_equals_the_fold_of_the_span(pieces: list[str], data: st.DataObject) -> None:
    """span_key puts fold(text[a:b]) together from the keys of the lines in the range (parts of lines folded on
    their own): for any range, and for the body segments and the joined body the extract stage registers."""
    from rasd.pipeline.extract import furniture

    text = " ".join(pieces)
    lines = [(ln.start, ln.end, furniture.fold(ln.text)) for ln in furniture.split_lines(text) if ln.text]
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert furniture.span_key(text, a, b, lines) == furniture._fold(text[a:b])
    c = furniture.cut(text)
    bodies = [s.span for s in c.segments if s.kind == "body"]
    for sp in bodies:
        assert furniture.span_key(text, sp.start, sp.end, c.body_keys) == furniture._fold(sp.text)


def test_extract_registers_the_folds_of_its_body_texts() -> None:
    """The keys the extract stage hands fold for a document's body segments and whole body are their folds."""
    from rasd.model import Document
    from rasd.pipeline.extract import Extract, furniture

    para = "قتل ثلاثة مدنيين في قصف على بلدة في ريف المدينة الشمالي، وأصيب آخرون بجروح. " * 8
    text = "عنوان الخبر\n\nدمشق - رويترز: " + para + "\n\nاقرأ أيضا\nخبر آخر\n\n" + para + "\nسمات: حلب"
    Extract()(Document(id="d", text=text))
    assert furniture._KNOWN
    for s, key in furniture._KNOWN.items():
        assert key == furniture._fold(s)


def test_arabic_ratio_table_is_the_regexes_on_every_bmp_character() -> None:
    """The lookup table arabic_ratio counts with says, for every code point of the BMP, what the two regexes do."""
    import re

    from rasd.pipeline.extract import langid

    flags = langid._flags()
    for i in range(0x10000):
        c = chr(i)
        assert bool(flags[i] & 1) == bool(langid._LETTER.fullmatch(c)), hex(i)
        assert bool(flags[i] & 2) == bool(langid._AR.fullmatch(c)), hex(i)
    for text in ["", "abc", "قتل 3 مدنيين", "قتل 😀 x", "\ud800قتل", "_١٢"]:  # beyond the BMP, a lone surrogate
        assert langid.arabic_ratio(text) == langid._arabic_ratio_plain(text)
    assert re.fullmatch(r"[^\W\d_]", "ا")
