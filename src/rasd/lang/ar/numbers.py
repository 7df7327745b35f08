"""Numbers in Arabic news text: digits, number words, duals, approximate and vague quantities.

``find_numbers`` scans the normalized key token by token (so Arabic-Indic digits, hamza and teh-marbuta
spellings are already folded), parses the longest number phrase at each position with a small additive grammar,
and maps its span back to the original text. The words are data (``resources/ar/numbers.yaml``).

Grammar (enough for news figures): terms are units, 10 (a unit followed by عشر makes a teen), tens, hundreds
(ثلاث مئة / ثلاثمئة), joined by و from larger to smaller (مئة وخمسون, ثلاثة وعشرون), optionally scaled by a
multiplier (ألف / آلاف / مليون ...), which may follow digits too (3 آلاف, 1.5 مليون). Vague words get ACLED's
codes (بضعة 3, عشرات 10, مئات 100, مئات الآلاف 100000); a dual noun counts 2 (قتيلان, جنديين).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import compress
from typing import Any

from rasd import resources
from rasd.lang.ar.morphology import view_tokens
from rasd.lang.ar.normalize import TextView, fold, normalize

RESOURCE = "ar/numbers.yaml"

NUM_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|%")
_THOUSANDS_DEF = "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER FEH}"
_MILLIONS_DEF = "\N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER MEEM}\N{ARABIC LETTER LAM}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER YEH}\N{ARABIC LETTER YEH}\N{ARABIC LETTER NOON}"
_FIRST_PREFIXES = ("وال", "بال", "فال", "لل", "ال", "و", "ب", "ل", "ف", "ك")


@dataclass(slots=True, frozen=True)
class NumberRef:
    """A number found in text. ``start``/``end`` include an approximation marker (نحو 20)."""

    start: int
    end: int
    value: int
    approx: bool = False
    vague: bool = False
    kind: str = "count"  # count | percent | money | measure | time | year | clock | ordinal | dual
    noun: str | None = None  # the counted noun as written (قتيلا, المدنيين, قتيلان)
    bound: str | None = None  # about | min | max, from the marker
    dual: bool = False


@dataclass(slots=True)
class _Words:
    terms: dict[str, tuple[str, int]]  # key word -> (class, value); class: unit ten tens hundred hundred_dual hundreds
    mults: dict[str, tuple[str, int]]  # key word -> (singular|plural|dual, factor)
    vague: dict[tuple[str, ...], int]
    approx_before: dict[tuple[str, ...], str]
    approx_after: dict[tuple[str, ...], str]
    duals: dict[str, str]  # key dual form -> singular as written
    kinds_after: dict[tuple[str, ...], str]
    kinds_before: dict[str, str]
    no_article: frozenset[str]
    max_phrase: int
    vague_first: frozenset[str]
    not_nouns: frozenset[str]
    ordinal_units: frozenset[str]


@cache
def _words() -> _Words:
    d = resources.load(RESOURCE)
    terms: dict[str, tuple[str, int]] = {}
    for v, ws in d["units"].items():
        for w in ws:
            terms[fold(w)] = ("unit", int(v))
    for w in d["ten"]:
        terms[fold(w)] = ("ten", 10)
    for v, ws in d["tens"].items():
        for w in ws:
            terms[fold(w)] = ("tens", int(v))
    for w in d["hundred"]:
        terms[fold(w)] = ("hundred", 100)
        for v, pre in d["hundred_prefixes"].items():
            terms[fold(pre + w)] = ("hundreds", int(v) * 100)
    for w in d["hundred_dual"]:
        terms[fold(w)] = ("hundreds", 200)
    mults: dict[str, tuple[str, int]] = {}
    for factor, forms in d["multipliers"].items():
        for number in ("singular", "plural", "dual"):
            for w in forms.get(number) or []:
                mults.setdefault(fold(w), (number, int(factor)))
    vague = {tuple(fold(k).split()): int(v) for k, v in d["vague"].items()}
    ab = {tuple(fold(k).split()): str(v) for k, v in d["approx_before"].items()}
    aa = {tuple(fold(k).split()): str(v) for k, v in d["approx_after"].items()}
    duals: dict[str, str] = {}
    for group, endings in (("both", ("ان", "ين")), ("an_only", ("ان",))):
        for noun in d["dual_nouns"][group]:
            k = fold(noun)
            for e in endings:
                if k.endswith("ه"):
                    duals[k[:-1] + "ت" + e] = noun
                else:
                    duals[k + e] = noun
    for noun in d["dual_nouns"]["both"]:
        k = fold(noun)
        head = k[:-1] + "ت" if k.endswith("ه") else k
        for e in d["dual_construct_enclitics"]:
            for v in ("ا", "ي"):
                duals.setdefault(head + v + fold(e), noun)
    for w in d["dual_exceptions"]:
        duals.pop(fold(w), None)
    kinds_after: dict[tuple[str, ...], str] = {}
    for kind, ws in d["kinds"].items():
        for w in ws:
            kinds_after[tuple(fold(w).split())] = kind
    kinds_before = {fold(w): kind for kind, ws in d["kind_before"].items() for w in ws}
    longest = max(len(k) for k in [*vague, *ab, *aa, *kinds_after])
    no_article = frozenset(fold(w) for w in d["no_article"])
    vague_first = frozenset(k[0] for k in vague)
    return _Words(
        terms,
        mults,
        vague,
        ab,
        aa,
        duals,
        kinds_after,
        kinds_before,
        no_article,
        longest,
        vague_first,
        frozenset(fold(x) for x in d["not_nouns"]),
        frozenset(fold(x) for x in d["ordinal_units"]),
    )


_DIGIT = re.compile(r"\d")
# A word character other than an Arabic or a Latin letter (a digit of any script, another script's letter):
# the tokens holding none are letters only, and _tokens passes them over.
_NOT_LETTER = re.compile(r"[^\W\u0621-\u064aa-zA-Z]")


def _tokens(view: TextView) -> tuple[list[int], list[int], list[str]]:
    """Number tokens: the view's word tokens (shared with the lexicon matchers, so a document is tokenized once),
    with letters and digits glued together split apart (11مواطنا), digit groups joined across their separators
    (1,500 / 3.5) and a "%" after a number kept as a token."""
    got = view._cache.get("num_tokens")
    if got is not None:
        return got
    starts, ends, toks = view_tokens(view)
    key = view.key
    if not _DIGIT.search(key):
        got = (starts, ends, toks)
        view._cache["num_tokens"] = got
        return got
    st: list[int] = []
    en: list[int] = []
    tk: list[str] = []
    n = len(key)
    if _PLAIN:
        visit: Iterable[int] = range(len(toks))
    else:
        # Only tokens holding a character that is neither an Arabic nor a Latin letter can hold a digit (every
        # digit is a word character; marks and tatweel are not): they are visited in order, and the runs of
        # tokens between them copied whole (a copied token ends in no digit, so it joins no figure).
        visit = sorted({t for t in (bisect_right(starts, m.start()) - 1 for m in _NOT_LETTER.finditer(key)) if t >= 0})
    done = 0
    for i in visit:
        if i > done:
            st += starts[done:i]
            en += ends[done:i]
            tk += toks[done:i]
        done = i + 1
        a, tok = starts[i], toks[i]
        if not (tok[0].isdigit() or tok[-1].isdigit()) and not _DIGIT.search(tok):
            st.append(a)
            en.append(ends[i])
            tk.append(tok)
            continue
        for m in NUM_TOKEN_RE.finditer(tok):
            x, y, part = a + m.start(), a + m.end(), m.group()
            if part[0].isdigit() and tk and tk[-1][-1].isdigit() and en[-1] + 1 == x and key[en[-1]] in ",.":
                en[-1] = y  # 1,500 / 3.5: one figure
                tk[-1] = key[st[-1] : y]
            else:
                st.append(x)
                en.append(y)
                tk.append(part)
        if tk and tk[-1][-1].isdigit():
            q = en[-1]
            pct = q if q < n and key[q] == "%" else q + 1 if q + 1 < n and key[q] == " " and key[q + 1] == "%" else -1
            if pct >= 0:
                st.append(pct)
                en.append(pct + 1)
                tk.append("%")
    st += starts[done:]
    en += ends[done:]
    tk += toks[done:]
    got = (st, en, tk)
    view._cache["num_tokens"] = got
    return got


def _digits_value(tok: str, next_is_mult: bool) -> float | None:
    if "," in tok or "." in tok:
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", tok):
            return float(tok.replace(",", ""))
        if re.fullmatch(r"\d+[.,]\d+", tok) and (next_is_mult or not re.fullmatch(r"\d{1,3}[.]\d{3}", tok)):
            return float(tok.replace(",", "."))
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", tok):
            return float(tok.replace(".", ""))
        return None
    if not tok.isdecimal():
        return None  # superscripts and other digit-like signs that float() refuses
    v = float(tok)
    return v if math.isfinite(v) else None  # 400 nines overflow a float


class _Parser:
    """Parses one number phrase starting at a token; returns (end token index, value, vague) or None."""

    def __init__(self, starts: list[int], ends: list[int], toks: list[str], key: str, w: _Words) -> None:
        self.starts, self.ends, self.toks, self.key, self.w = starts, ends, toks, key, w

    def gap(self, k: int) -> bool:
        """Token ``k`` follows token ``k-1`` across whitespace only."""
        a, b = self.ends[k - 1], self.starts[k]
        return a == b or (b - a <= 3 and self.key[a:b].isspace())  # a == b: 11مواطنا split apart

    def phrase(self, i: int, table: dict[tuple[str, ...], Any], first: str | None = None) -> tuple[int, Any] | None:
        """Longest multi-token key of ``table`` starting at token i -> (tokens used, value).

        ``first`` replaces token i (the token without its proclitic). A key of n tokens needs the n - 1 gaps after
        token i to be whitespace: the run of such gaps is counted once, and longer keys are not tried (the plain
        scan, ``_PLAIN``, tests the gaps again for every length)."""
        top = min(self.w.max_phrase, len(self.toks) - i)
        if not _PLAIN:
            g = 0
            while g < top - 1 and self.gap(i + 1 + g):
                g += 1
            top = min(top, g + 1)
        for n in range(top, 0, -1):
            if _PLAIN and n > 1 and not all(self.gap(i + k) for k in range(1, n)):
                continue
            words = tuple(self.toks[i : i + n])
            if first is not None:
                words = (first, *words[1:])
            got = table.get(words)
            if got is not None:
                return n, got
        return None

    def vague_at(self, i: int) -> tuple[int, Any] | None:
        tok = self.toks[i]
        got = self.phrase(i, self.w.vague)
        if got is None:
            for p in ("و", "ب", "ل", "ف"):
                if tok.startswith(p) and len(tok) > 3:
                    got = self.phrase(i, self.w.vague, tok[len(p) :])
                    if got is not None:
                        break
        return got

    def first_word(self, tok: str) -> str | None:
        """The number word inside a phrase-initial token, through one proclitic (وثلاثة, بخمسة, الثلاثة)."""
        w = self.w
        if tok in w.terms or tok in w.mults:
            return tok
        for p in _FIRST_PREFIXES:
            if tok.startswith(p) and len(tok) > len(p) + 1:
                rest = tok[len(p) :]
                if (rest in w.terms or rest in w.mults) and not ("ال" in p and rest in w.no_article):
                    return rest
        return None

    def parse(self, i: int) -> tuple[int, int, bool] | None:
        w, toks = self.w, self.toks
        n = len(toks)
        tok = toks[i]
        total = 0.0
        current = 0.0
        vague = False
        k = i
        last_cls = ""
        last_val = 0
        if tok[0].isdigit():
            nxt_mult = i + 1 < n and self.gap(i + 1) and toks[i + 1] in w.mults
            v = _digits_value(tok, nxt_mult)
            if v is None:
                return None
            current = v
            last_cls = "digits"
            k = i + 1
        else:
            ph = self.vague_at(i)
            if ph is not None:
                used, v = ph
                current = float(v)
                vague = True
                last_cls = "vague"
                k = i + used
            else:
                word = self.first_word(tok)
                if word is None:
                    return None
                if word in w.mults:
                    number, factor = w.mults[word]
                    if number == "plural":
                        return None  # bare آلاف is in the vague table
                    total = float(factor * (2 if number == "dual" else 1))
                    last_cls, last_val = "mult", factor
                else:
                    cls, last_val = w.terms[word]
                    current = float(last_val)
                    last_cls = cls
                k = i + 1
        while k < n and self.gap(k):
            tok = toks[k]
            conj = False
            kk = k  # the term's token; k moves past it only once the term is accepted (no dangling و)
            if tok == "و" and k + 1 < n and self.gap(k + 1):
                nxt = toks[k + 1]
                if nxt in w.terms or nxt in w.mults:
                    conj, kk, tok = True, k + 1, nxt
                else:
                    break
            elif tok.startswith("و") and (tok[1:] in w.terms or tok[1:] in w.mults):
                conj, tok = True, tok[1:]
            if tok in w.mults:
                number, factor = w.mults[tok]
                if conj:
                    break
                if number == "dual":
                    if current or total:
                        break
                    total += 2 * factor
                elif last_cls == "mult" and factor > last_val:
                    total = total * factor  # مئات الآلاف handled above; ألف مليون is rare but multiplicative
                else:
                    if number == "plural" and current == 0:
                        break
                    total += (current or 1) * factor
                    current = 0
                last_cls, last_val = "mult", factor
                k = kk + 1
                continue
            if last_cls in ("digits",):
                break
            if vague and tok in (_THOUSANDS_DEF, _MILLIONS_DEF):
                # عشرات الآلاف, مئات الملايين: a vague count of thousands
                factor = 1000 if tok == _THOUSANDS_DEF else 1_000_000
                total += (current or 1) * factor
                current = 0
                last_cls, last_val = "mult", factor
                k = kk + 1
                continue
            cls_val = w.terms.get(tok)
            if cls_val is None:
                break
            cls, val = cls_val
            if vague:
                break
            if conj:
                # و joins a smaller term to a larger one, or tens after a unit (ثلاثة وعشرون).
                ok = (
                    (last_cls == "unit" and cls == "tens")
                    or (last_cls in ("hundred", "hundreds", "mult") and val < (last_val if last_cls == "mult" else 100))
                    or (last_cls == "ten" and cls == "tens")
                )
                if not ok:
                    break
                current += val
            elif cls == "ten" and last_cls == "unit":
                current += 10  # ثلاثة عشر
            elif cls == "hundred" and last_cls == "unit" and 3 <= last_val <= 9:
                current += last_val * 100 - last_val  # ثلاث مئة
            else:
                break
            last_cls, last_val = cls, val
            k = kk + 1
        value = total + current
        if (value <= 0 and not vague) or not math.isfinite(value):
            return None
        return k, round(value), vague


# The plain scan (tests): every token visited, the unflagged ones passed over one by one, and the whitespace gaps
# of a phrase tested again for every length tried.
_PLAIN = False


def find_numbers(text: str | TextView, start: int = 0, end: int | None = None) -> list[NumberRef]:
    """Every number phrase in ``text[start:end]``, in order, with original-text offsets."""
    view = text if isinstance(text, TextView) else normalize(text)
    w = _words()
    starts, ends, toks = _tokens(view)
    ks, ke = view.key_range(start, end)
    from bisect import bisect_left

    i = bisect_left(starts, ks)
    last = bisect_left(starts, ke)
    while last > i and ends[last - 1] > ke:
        last -= 1
    st, en, tk = starts[i:last], ends[i:last], toks[i:last]
    p = _Parser(st, en, tk, view.key, w)
    out: list[NumberRef] = []
    n = len(tk)
    # Each token's flag (cached per type), read in one pass; only the tokens that may start a number or be a dual
    # noun are visited (the others were passed over one by one: most of a text), in order, from `nxt` on: a
    # number found at k resumes the scan after it.
    flags: list[int | None] = list(map(_TOKEN_FLAGS.get, tk))
    if None in flags:
        flags = [_token_flag(t, w) if f is None else f for t, f in zip(tk, flags, strict=True)]
    nxt = 0
    for k in range(n) if _PLAIN else compress(range(n), flags):
        if k < nxt:
            continue
        tok = tk[k]
        flag = flags[k]
        if not flag:
            continue  # (only in the plain scan)
        got = p.parse(k) if flag == 1 else None
        if (
            got is not None
            and k > 0
            and tk[k - 1] in w.ordinal_units
            and w.terms.get(tok, ("",))[0] == "ten"
            and p.gap(k)
        ):
            got = None  # التاسع عشر: an ordinal
        dual_noun = None
        if got is None:
            dual_noun = _dual(tok, w)
            if dual_noun is None:
                continue
            j = k + 1
            # جنديين اثنين: the dual and its numeral are one figure
            if j < n and p.gap(j) and w.terms.get(tk[j], ("", 0)) == ("unit", 2):
                j += 1
            got = (j, 2, False)
        j, value, vague = got
        a, b = st[k] + (_dual_lead(tok, w) if dual_noun is not None else _prefix_len(tok, w)), en[j - 1]
        bound = None
        # approximate marker before (m tokens need the m gaps before token k to be whitespace: their run is
        # counted once, as in `phrase`)
        top = min(w.max_phrase, k)
        if not _PLAIN:
            g = 0
            while g < top and p.gap(k - g):
                g += 1
            top = g
        for m in range(top, 0, -1):
            if _PLAIN and not all(p.gap(k - q) for q in range(m)):
                continue
            hit = w.approx_before.get(tuple(tk[k - m : k]))
            if hit is not None:
                bound, a = hit, st[k - m]
                break
        # noun, kind, approximate marker after
        kind = "dual" if dual_noun else "count"
        noun_text: str | None = None
        if dual_noun is not None:
            noun_text = view.text[view.orig(a) : view.orig(en[k])]
        q = j
        skip_to = j
        if q < n and p.gap(q):
            ph = p.phrase(q, w.kinds_after)
            if ph is not None:
                kind = ph[1]
                skip_to = q + ph[0]  # "في المئة" is not a second number
                if kind == "percent":
                    b = en[q + ph[0] - 1]
                if kind == "time":
                    noun_text = view.text[view.orig(st[q]) : view.orig(en[q + ph[0] - 1])]
            elif tk[q] == "%":
                kind = "percent"
            elif dual_noun is None:
                nq = q + 1 if tk[q] == "من" and q + 1 < n and p.gap(q + 1) else q
                if (
                    tk[nq][0].isalpha()
                    and tk[nq] not in w.terms
                    and tk[nq] not in w.not_nouns
                    and not (tk[nq].startswith("و") and nq == q)
                    and _dual(tk[nq], w) is None
                ):
                    noun_text = view.text[view.orig(st[nq]) : view.orig(en[nq])]
            ph = p.phrase(q, w.approx_after)
            if ph is not None:
                bound = bound or ph[1]
                b = en[q + ph[0] - 1]
        elif q < n and tk[q] == "%" and en[q - 1] == st[q]:
            kind = "percent"
            b = en[q]
        if kind in ("count", "dual") and k > 0 and p.gap(k):
            kb = w.kinds_before.get(tk[k - 1])
            if kb is not None and not (kb == "year" and not (tok.isdigit() and len(tok) == 4)):
                kind = kb
        if kind == "count" and tok.isdigit() and len(tok) == 4 and 1900 <= value <= 2100 and noun_text is None:
            kind = "year"
        if kind == "year":
            noun_text = None
        if kind == "count" and noun_text in ("م", "ه"):
            kind, noun_text = "year", None
        out.append(
            NumberRef(
                start=view.orig(a),
                end=view.orig(b),
                value=value,
                approx=bound is not None or vague,
                vague=vague,
                kind=kind,
                noun=noun_text,
                bound=bound,
                dual=dual_noun is not None,
            )
        )
        nxt = max(j, skip_to)
    return out


_TOKEN_FLAGS: dict[str, int] = {}


def _token_flag(tok: str, w: _Words) -> int:
    """0: cannot start a number; 1: may start a number phrase; 2: may be a dual noun. Cached per token type."""
    flag = 0
    if tok[0].isdigit() or tok in w.terms or tok in w.mults or tok in w.vague_first:
        flag = 1
    else:
        for p in _FIRST_PREFIXES:
            rest = tok[len(p) :]
            if tok.startswith(p) and len(rest) > 1 and (rest in w.terms or rest in w.mults or rest in w.vague_first):
                flag = 1
                break
        else:
            if _dual(tok, w) is not None:
                flag = 2
    if len(_TOKEN_FLAGS) > 200_000:
        _TOKEN_FLAGS.clear()
    _TOKEN_FLAGS[tok] = flag
    return flag


def _prefix_len(tok: str, w: _Words) -> int:
    """Length of the proclitic glued to a phrase-initial number word (ومئات -> 1), so spans start at the number."""
    if tok[0].isdigit() or tok in w.terms or tok in w.mults or (tok,) in w.vague or tok in w.vague_first:
        return 0
    for p in _FIRST_PREFIXES:
        rest = tok[len(p) :]
        if tok.startswith(p) and (rest in w.terms or rest in w.mults or rest in w.vague_first):
            return len(p)
    return 0


def _dual_lead(tok: str, w: _Words) -> int:
    """Length of the conjunction/preposition before a dual noun (وطفلان -> 1); the article stays in the span."""
    if tok in w.duals:
        return 0
    for p in ("وال", "بال", "فال", "لل", "ال", "و", "ب", "ل", "ف"):
        if tok.startswith(p) and tok[len(p) :] in w.duals:
            return 0 if p == "ال" else 1
    return 0


def _dual(tok: str, w: _Words) -> str | None:
    got = w.duals.get(tok)
    if got is not None:
        return got
    for p in ("وال", "بال", "فال", "لل", "ال", "و", "ب", "ل", "ف"):
        if tok.startswith(p):
            got = w.duals.get(tok[len(p) :])
            if got is not None:
                return got
    return None


def parse_number(s: str) -> int | None:
    """The value of a number phrase that is the whole of ``s`` (digits, words, or both), else None."""
    view = normalize(s.strip())
    refs = find_numbers(view)
    if len(refs) != 1:
        return None
    r = refs[0]
    lead = view.text[: r.start]
    if len(lead) > 3 or any(c.isspace() for c in lead) or r.end != len(view.text):
        return None
    return r.value


# --- rendering (tests and demos: the inverse of parsing, one canonical spelling) ---------------------------------

_UNITS_M = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
_UNITS_F = ["", "واحدة", "اثنتان", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثماني", "تسع"]
_TENS = ["", "عشرة", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]
_HUNDREDS = ["", "مئة", "مئتان", "ثلاثمئة", "أربعمئة", "خمسمئة", "ستمئة", "سبعمئة", "ثمانمئة", "تسعمئة"]


def _below_1000(n: int, feminine: bool) -> list[str]:
    units = _UNITS_F if feminine else _UNITS_M
    parts: list[str] = []
    h, r = divmod(n, 100)
    if h:
        parts.append(_HUNDREDS[h])
    if r:
        t, u = divmod(r, 10)
        if r < 10:
            parts.append(units[u])
        elif r == 10:
            parts.append("عشر" if feminine else "عشرة")
        elif r < 20:
            if u == 1:
                first = "إحدى" if feminine else "أحد"
            elif u == 2:
                first = "اثنتا" if feminine else "اثنا"
            else:
                first = units[u]
            parts.append(first + " " + ("عشرة" if feminine else "عشر"))
        elif u:
            parts.append(units[u] + " و" + _TENS[t])
        else:
            parts.append(_TENS[t])
    return [p if i == 0 else "و" + p for i, p in enumerate(parts)]


# Nominative -> oblique (genitive/accusative) endings, word by word.
_OBLIQUE = {"اثنان": "اثنين", "اثنتان": "اثنتين", "اثنا": "اثني", "اثنتا": "اثنتي", "مئتان": "مئتين", "ألفان": "ألفين"}


def _oblique(word: str) -> str:
    pre = "و" if word.startswith("و") else ""  # واحد keeps its و: it is neither in the table nor ends in ون
    w = word[len(pre) :]
    if w in _OBLIQUE:
        return pre + _OBLIQUE[w]
    if w.endswith("ون"):
        return pre + w[:-2] + "ين"
    return word


def to_words(n: int, feminine: bool = False, oblique: bool = False) -> str:
    """Arabic words for 0 < n < 1,000,000, e.g. 2345 -> ألفان وثلاثمئة وخمسة وأربعون.

    ``feminine``: the gender agreement of a feminine counted noun; ``oblique``: genitive/accusative endings
    (ثلاثة وعشرين, اثنين, ألفين) as after a preposition or a verb. For tests and demos: one canonical spelling.
    """
    if not 0 < n < 1_000_000:
        raise ValueError("to_words covers 1..999999")
    th, r = divmod(n, 1000)
    parts: list[str] = []
    if th == 1:
        parts.append("ألف")
    elif th == 2:
        parts.append("ألفان")
    elif 3 <= th <= 10:
        parts.append(" ".join(_below_1000(th, feminine=False)) + " آلاف")
    elif th:
        parts.append(" ".join(_below_1000(th, feminine=False)) + (" ألفا" if oblique and th % 100 > 10 else " ألف"))
    if r:
        below = " ".join(_below_1000(r, feminine))
        parts.append(below if not parts else "و" + below)
    text = " ".join(parts)
    if oblique:
        text = " ".join(_oblique(w) for w in text.split())
    return text
