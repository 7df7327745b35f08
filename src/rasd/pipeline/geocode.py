"""Stage ``geocode``: find place mentions in the article body and resolve each one in the article's context.

How a place is found:
- every gazetteer name is matched over the sentence keys, word-bounded and through clitics (بحلب، وإدلب، للرقة),
  by ``rasd.lang.ar.morphology.LexiconMatcher`` built once per process and gazetteer; the longest name wins
  (شمال قطاع غزة over قطاع غزة over غزة);
- the words before a name are read as cues: a kind (مدينة، بلدة، قرية، مخيم، حي → a town; محافظة، ولاية، إقليم →
  a province; مديرية، قضاء → a district; منطقة، جبل، سهل → a region), "ريف X" (X's countryside), a direction
  (شمال، شرق...), "near" (قرب، أطراف، محيط), a capital (العاصمة [السورية] دمشق) or a preposition (في، إلى، ب-);
- a single-word match with no cue is refused when the word is also a common noun or given name (الباب، التل،
  محمد: resource ``ar/places.yaml: common_words``) or when it names only a small place far from the article's
  countries.

How a candidate is chosen (scores add up; ``attrs["why"]`` lists the terms):
curated priority, fit between the cue and the feature kind, population, the article's countries (named
countries, demonyms such as "القوات العراقية", the dateline, then the countries of the places already
resolved) and distance to the other places of the same sentence and article.

geo_precision follows ACLED: 1 the town itself; 2 near a town, its countryside or part of a region ("ريف إدلب",
"شمال غزة", "شرق مدينة غزة", a district); 3 a province, region or country only.

The event coder calls :func:`best_place` to get the most precise place tied to an event's sentence, with the
article's dominant country as the fallback.
"""

from __future__ import annotations

import math
import re
import threading
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from rasd.model import Document, Mention, Place, Span
from rasd.pipeline.base import Stage
from rasd.resources import load

RESOURCE = "ar/places.yaml"
COUNTRIES_RESOURCE = "ar/countries.yaml"

_HASHTAG = str.maketrans({"#": " ", "_": " "})
# A single word whose written form is an ordinary word though its folded key names a place ("وفأس": an axe, folded
# to فاس, Fes) is no place (`ar/places.yaml: spelled_words`; check set 6).
SPELLED_WORDS = True
# A word that is also a common word ("البيضاء"، "الباب") is a place when "و" joins it to a place of the same country
# right before it ("في صعدة والضالع والبيضاء": `_listed_after`; check set 6), within this many characters.
LISTED_COMMON = True
_LIST_GAP = 4
_MARKS = str.maketrans("", "", "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640")


def _listed_after(f: Found, best: Any, anchors: list[tuple[int, Any, Found]]) -> bool:
    """ "في صعدة والضالع والبيضاء": the name is joined by و to a place of the same country right before it."""
    if not f.proclitic.startswith("و") or f.ntokens != 1:
        return False
    return any(
        si == f.sentence
        and src is not f
        and a.kind != "country"
        and a.iso == best.iso
        and 0 < f.start - (src.end_ext or src.end) <= _LIST_GAP
        for si, a, src in anchors
    )


def _as_written(word: str) -> str:
    """The word as written, without short vowels or tatweel (the hamza kept)."""
    return word.translate(_MARKS).strip()


_DEMONYM_CACHE_LIMIT = 200_000
# Cue kinds that stop being cues when the cue word carries the article (المخيم، المدينة، المنطقة).
_DEFINITE_NOT_CUE = frozenset({"populated_place", "admin1", "admin2", "country", "region", "area", "base"})
# "على بعد 10 كم من X", "يبعد 20 كيلومترا عن X", "الحدود مع X": X is a reference point, not the event's place.
# Matched on the folded key just before the name (or its cue words).
_DISTANCE_RE = (
    r"(?:\bبعد|\bيبعد|\bتبعد|\bبمسافه)\b[^.؛\n]{0,30}?"
    r"(?:كم|كلم|كيلو\w*|ميل|اميال|متر\w*|امتار)\s+(?:من|عن)?\s*$"
)
_BORDER_NAME_RE = r"(?:الحدود|حدود)\s+(?:\w+\s+)?مع\s"
_BORDER_NAME_RX = re.compile(_BORDER_NAME_RE)  # (every match holds حدود: tested first)
_BORDER_RE = r"(?:\bالحدود|\bحدود|\bالحدوديه|\bالحدودي)\s+(?:\w+\s+)?مع\s*$"
# _role's patterns compiled once, each with words every match of it holds: a window without them skips the search
# (both end at the window's end, so the engine tried every start in the window; most windows hold neither)
_DISTANCE_RX = re.compile(_DISTANCE_RE)
_DISTANCE_WORDS = ("بعد", "بمسافه")  # يبعد and تبعد hold بعد
_BORDER_RX = re.compile(_BORDER_RE)
_BORDER_WORD = "حدود"  # in الحدود، الحدوديه، الحدودي

# Countries an article names for each other's places (الاحتلال الإسرائيلي in Jenin; Abkhazia under Georgia).
_LINKED = {
    "PS": ("IL",),
    "IL": ("PS", "LB", "SY"),
    "SD": ("SS",),
    "SS": ("SD",),
    "AZ": ("AM",),
    "AM": ("AZ",),
    "GE": ("RU",),
    "UA": ("RU",),
    "RU": ("UA",),
}

# Kind order for "most precise" among places of equal geo_precision.
_KIND_RANK = {
    "populated_place": 0,
    "admin3": 1,
    "admin2": 2,
    "region": 3,
    "admin1": 4,
    "natural_feature": 5,
    "country": 6,
}
# A single-word name with no cue is accepted on population alone above this (a city everyone names bare).
_BARE_POP = 200_000
_PREP_POP = 2_000
_CONTEXT_POP = 5_000
_METROPOLIS = 1_000_000
_FOREIGN_POP = 100_000
# First words of many-word names that are as often people (أبو بكر، عبد الله، بن علي) as places.
_PERSON_WORDS = frozenset({"ابو", "ام", "بن", "ابن", "بنت", "عبد", "ابي"})
# Corpus counts (as a stem in farahidi's MSA corpus) above which a name is also an ordinary word.
_COMMON = 30
_VERY_COMMON = 2_000
# A count above which a word is plainly ordinary even if it also names a province (عصابة، زاوية، ميلا).
_ORDINARY = 100
# Countries whose Arabic place names are native (or long established) rather than transliterations.
_FOCUS = frozenset(load("geo/focus.yaml")["arabic_names_countries"])


def is_proper_noun(key: str, words: Any) -> bool:
    return bool(words.proper(key) or (key.startswith("ال") and words.proper(key[2:])))


def ti_word_freq(view: Any, m: Any, words: Any) -> int:
    """Corpus count of the whole first token of a match (clitics included), as one stem."""
    from rasd.lang.ar.normalize import fold

    tok = fold(view.text[m.token_start : m.end]).split()
    return int(words.count(tok[0])) if tok else 0


def word_freq(key: str, words: Any = None) -> int:
    """How often ``key`` (a folded single word, with or without the article) occurs as an ordinary stem."""
    from rasd.backends.gazetteer.words import FarahidiWords
    from rasd.lang.ar.morphology import analyses

    w = words or FarahidiWords()
    n = int(w.count(key))
    if " " in key:
        return n
    # A name can also be an ordinary word with clitics: بانه is ب + أن + ه, كلمه the word itself.
    for pre, stem, enc, _off in analyses(key):
        if enc and pre.endswith("ال"):
            continue  # the article and a possessive pronoun never go together: الرقة is not ال + رق + ه
        if (pre or enc) and len(stem) >= 2:
            n = max(n, int(w.count(stem)) if len(stem) >= 3 or pre else 0)
    return n


# Country ISO -> how much the article is about it.
Weights = defaultdict[str, float]


@dataclass(slots=True)
class Cues:
    """What the words before a name say about it."""

    kind: str | None = None  # populated_place | admin1 | admin2 | country | region | capital | base
    rural: bool = False
    direction: str | None = None
    near: bool = False
    preposition: bool = False
    demonym: str | None = None  # ISO of an adjective between a capital cue and the name
    start: int | None = None  # text offset where the cue words start (the span then covers them)
    words: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.kind or self.rural or self.direction or self.near)


@dataclass(slots=True)
class Found:
    """One name matched in a sentence, before and after resolution."""

    sentence: int
    start: int  # of the name (text offsets)
    end: int
    key: str
    ntokens: int
    proclitic: str
    cues: Cues
    candidates: list[Any]  # gazetteer Entries
    scored: list[tuple[float, Any, list[str]]] = field(default_factory=list)
    refused: str | None = None
    end_ext: int | None = None  # span end including a trailing direction adjective (ريف إدلب الجنوبي)
    hashtag: bool = False  # written as a hashtag (#البيضاء): meant as a name
    role: str | None = None  # "landmark": a distance or border reference, not where the event happened
    next_tok: str | None = None  # the folded word right after the name in its sentence (آمل أن، عين ترما)
    prev_tok: str | None = None  # the folded word right before the name (وكالة فارس)
    # rank's terms that depend on the name and its cues alone, per candidate (score, reasons): both passes need them
    base: list[tuple[float, tuple[str, ...]]] | None = field(default=None, repr=False, compare=False)

    @property
    def best(self) -> Any:
        return self.scored[0][1] if self.scored else None


@cache
def _lexicon() -> dict[str, Any]:
    from rasd import resources
    from rasd.lang.ar.normalize import fold

    data = resources.load(RESOURCE)
    cues = data["cues"]
    kind_of: dict[str, str] = {}
    for kind in ("populated_place", "admin1", "admin2", "country", "region", "capital", "base", "area"):
        for w in cues.get(kind) or ():
            kind_of.setdefault(fold(w), kind)
    directions = {fold(w) for w in cues["directions"]}
    near = {fold(w) for w in cues["near"]}
    rural = {fold(w) for w in cues["rural"]}
    preps = {fold(w) for w in cues["prepositions"]}
    common = {fold(w) for w in data["common_words"]}
    trailing = {
        fold(w)
        for w in ("الشمالي", "الجنوبي", "الشرقي", "الغربي", "الشمالية", "الجنوبية", "الشرقية", "الغربية", "الأوسط")
    }
    cres = resources.load(COUNTRIES_RESOURCE)
    demonyms: dict[str, str] = {}
    for iso, stems in (cres.get("demonyms") or {}).items():
        for st in stems:
            s = fold(st)
            base = s[:-1] if s.endswith("ي") else s
            for form in (s, s + "ه", s + "ون", s + "ين", base + "يه", s + "تان", s + "ان"):
                demonyms.setdefault(form, iso)
                demonyms.setdefault("ال" + form, iso)
    return {
        "name_heads": {fold(w) for w in data.get("name_heads") or ()},
        "idioms": {fold(k): tuple(fold(w) for w in v) for k, v in (data.get("idioms") or {}).items()},
        # compared on the text as written: folding drops the hamza that tells فأس (an axe) from فاس (Fes)
        "spelled": frozenset(_as_written(w) for w in data.get("spelled_words") or ()),
        "outlet_words": {fold(w) for w in data.get("outlet_words") or ()},
        "verb_particles": {fold(w) for w in data.get("verb_particles") or ()},
        "complementizers": {fold(w) for w in data.get("complementizers") or ()},
        "function_words": {fold(w) for w in data.get("function_words") or ()},
        "kind_of": kind_of,
        "directions": directions,
        "near": near,
        "rural": rural,
        "preps": preps,
        "common": common,
        "trailing": trailing,
        "demonyms": demonyms,
    }


class Resolver:
    """The per-gazetteer machinery: the name matcher and the countries table. Built once per process."""

    def __init__(self, gazetteer: Any) -> None:
        from rasd.backends.gazetteer.base import is_arabic
        from rasd.lang.ar.morphology import LexiconMatcher

        self.gz = gazetteer
        # Two-letter names (اب، ان) are ordinary words far more often than places; curated ones stay.
        keys = [
            k
            for k in gazetteer.keys()  # noqa: SIM118 - a Gazetteer, not a dict
            if is_arabic(k)
            and (len(k.replace(" ", "")) >= 3 or any(e.source == "aliases" for e in gazetteer.lookup(k)))
        ]
        # Places take no pronoun suffix; allowing one would make "حمصها"-style false splits of ordinary words.
        self.matcher = LexiconMatcher((k, k, {"enclitics": False}) for k in keys)
        self.lex = _lexicon()
        from rasd.backends.gazetteer.words import FarahidiWords

        get_words = getattr(gazetteer, "words", None)
        self.words: Any = (get_words() if callable(get_words) else None) or FarahidiWords()
        lx = self.lex
        self._cue_words = set(lx["kind_of"]) | lx["directions"] | lx["near"] | lx["rural"] | lx["preps"]
        self._countries: dict[str, Any] | None = None
        self._named: Weights = Weights(float)
        self._ctx1: Weights = Weights(float)  # countries from words alone (names, demonyms, dateline)
        self._unmentioned_memo: tuple[Weights, dict[str | None, bool]] = (self._ctx1, {})
        self._demonym_of: dict[str, str | None] = {}  # token type -> the ISO its demonym reading names, or None
        self._freq: dict[str, int] = {}  # name -> word_freq (a corpus count: >= 0)
        self._near = _Near([])  # distances to the anchors of the article being ranked (pass 2)
        # _cue_at's caches per token type, and the first words of the two-word cues
        self._cue1: dict[str, tuple[str, int, str] | None] = {}
        self._cue2: dict[str, tuple[tuple[str, str, int], ...]] = {}
        self._cue_firsts = frozenset(w.split(" ", 1)[0] for w in self._cue_words if " " in w)
        self._proper: dict[str, bool] = {}  # name -> is_proper_noun
        self._outlet: dict[str, bool] = {}  # token type -> a news-outlet word (weak)

    # --- countries -----------------------------------------------------------------------------------------
    def country(self, iso: str) -> Any:
        """The gazetteer's country entry for an ISO code (``cldr:XX``), or None."""
        if self._countries is None:
            self._countries = {}
        if iso not in self._countries:
            self._countries[iso] = self.gz.get(f"cldr:{iso}")
        return self._countries[iso]

    # --- finding -------------------------------------------------------------------------------------------
    def find(self, doc: Document) -> tuple[list[Found], Counter[str]]:
        """Names and their cues in every sentence; also the demonym counts per ISO (article context)."""

        from rasd.lang.ar.morphology import analyses, view_tokens
        from rasd.lang.ar.normalize import normalize

        view = doc.view if doc.view is not None else normalize(doc.text)
        if "#" in doc.text or "_" in doc.text:
            # Hashtags (#البيضاء، #تحالف_دعم_الشرعية) are names written for search: read "#" as a separator and
            # "_" as a space. Same-length replacement, so every offset still indexes Document.text.
            view = normalize(doc.text.translate(_HASHTAG), steps=view.steps)
        starts, ends, toks = view_tokens(view)
        demonym_counts: Counter[str] = Counter()
        dem = self.lex["demonyms"]
        dem_of = self._demonym_of
        out: list[Found] = []
        for si, sent in enumerate(doc.sentences):
            ks, ke = view.key_range(sent.start, sent.end)
            for t in range(bisect_left(starts, ks), len(toks)):
                if ends[t] > ke:
                    break
                tok = toks[t]
                iso = dem_of.get(tok, "")
                if iso == "":  # not seen yet (a token type's demonym reading is cached: None for none)
                    iso = dem_of[tok] = dem.get(tok) or next(
                        (dem[stem] for pre, stem, _enc, _off in analyses(tok) if pre and stem in dem), None
                    )
                    if len(dem_of) > _DEMONYM_CACHE_LIMIT:
                        dem_of.clear()
                if iso:
                    demonym_counts[iso] += 1
            for m in self.matcher.find(view, sent.start, sent.end):
                key = m.payload
                if "ال" in m.proclitics:
                    continue  # السلطات is not ال + سلطات (Settat): names carry their own article when they have one
                if key in self._cue_words or key in self.lex["demonyms"]:
                    continue  # "مدينة", "شمال": read as cues of the next name, never places themselves
                if SPELLED_WORDS and _as_written(doc.text[m.start : m.end]) in self.lex["spelled"]:
                    continue  # "بسكاكين وفأس": an axe as written, though its folded key is Fes
                if m.proclitics and m.proclitics not in ("ال",) and ti_word_freq(view, m, self.words) >= _COMMON:
                    continue  # كامل is not ك + آمل: the whole token is an ordinary word
                cands = self.gz.lookup(key)
                if not cands:
                    continue
                ti = bisect_left(starts, view.to_key(m.token_start))
                cues = self._cues(view, starts, ends, toks, ti, ks)
                pre = m.proclitics
                if pre and (cues.kind or cues.rural):
                    continue  # after "قرية" the name has no clitic: قرية بليون is a village بليون, not ب + Lyon
                if pre.endswith("ب"):
                    cues.preposition = True  # بحلب، وبإدلب: "in"; ل- ("to, for") says nothing about place
                nt = len(key.split())
                f = Found(si, m.start, m.end, key, nt, pre, cues, cands)
                f.hashtag = m.token_start > 0 and doc.text[m.token_start - 1] == "#"
                f.role = self._role(view, ks, view.to_key(cues.start if cues.start is not None else m.token_start))
                if f.role is None and "حدود" in key and _BORDER_NAME_RX.match(key):
                    f.role = "landmark"  # a curated border area named by its neighbour: الحدود مع تركيا
                if ti > 0 and starts[ti - 1] >= ks and view.key[ends[ti - 1] : starts[ti]].isspace():
                    f.prev_tok = toks[ti - 1]
                last = bisect_right(starts, view.to_key(m.token_end) - 1) - 1
                if last + 1 < len(toks) and ends[last + 1] <= ke and view.key[ends[last] : starts[last + 1]].isspace():
                    f.next_tok = toks[last + 1]
                if (
                    last + 1 < len(toks)
                    and toks[last + 1] in self.lex["trailing"]
                    and ends[last + 1] <= ke
                    and (cues.rural or cues.kind == "region")
                    and view.key[ends[last] : starts[last + 1]].isspace()
                ):
                    f.end_ext = view.orig(ends[last + 1])
                if (
                    f.end_ext is None
                    and m.start > 0
                    and doc.text[m.start - 1] in _QUOTES
                    and doc.text[m.end : m.end + 1] in _QUOTES
                    and m.end < len(doc.text)
                ):
                    f.end_ext = m.end + 1  # the closing quote of a quoted name: مطار "الضمير"
                out.append(f)
        return out, demonym_counts

    def _cues(self, view: Any, starts: list[int], ends: list[int], toks: list[str], ti: int, floor: int) -> Cues:
        """Read cue words backwards from token ``ti`` (the name's first token), within the sentence."""
        lex = self.lex
        c = Cues()
        j = ti  # the first token already consumed (cue or name)
        steps = 0
        while j > 0 and steps < 4 and starts[j - 1] >= floor:
            if not _gap(view.key[ends[j - 1] : starts[j]], quotes=j == ti):
                break
            steps += 1
            hit = None
            # two-token cues first ("بالقرب من", "شمال شرق"), then one-token cues; clitics stripped.
            for width in (2, 1):
                a = j - width
                if a < 0 or starts[a] < floor:
                    continue
                if width == 2 and not view.key[ends[a] : starts[a + 1]].isspace():
                    continue
                got = self._cue_at(toks[a], toks[j - 1] if width == 2 else None)
                if got is not None:
                    what, off, pre = got
                    hit = (a, what, starts[a] + off, pre)
                    break
            if hit is None:
                tok = toks[j - 1]
                # An adjective between a capital cue and its name: العاصمة السورية دمشق.
                if tok in lex["demonyms"] and c.demonym is None and not c.words:
                    c.demonym = lex["demonyms"][tok]
                    j -= 1
                    continue
                if tok in lex["preps"]:
                    c.preposition = True
                break
            a, what, kstart, pre = hit
            if "ال" in pre and what in _DEFINITE_NOT_CUE:
                # "المخيم أدى إلى", "المدينة بيان": a kind word with the article is a noun of its own; the name
                # of a place follows the bare construct form (مخيم اليرموك، مدينة حلب).
                break
            if what == "prep":
                c.preposition = True
                break
            if what == "rural":
                c.rural = True
            elif what == "near":
                c.near = True
            elif what.startswith("dir:"):
                c.direction = what[4:]
            elif c.kind is None:
                c.kind = what
            c.words.insert(0, toks[a])
            c.start = view.orig(kstart)
            if pre.rstrip("ال").endswith("ب"):
                c.preposition = True
            j = a
        return c

    def _cue_at(self, tok: str, tail: str | None) -> tuple[str, int, str] | None:
        """The cue token ``tok`` starts, alone (``tail`` None) or with the next token ``tail`` ("بالقرب من"):
        (kind as :meth:`_cue_kind` names it, stem offset, proclitic) of its first clitic analysis without an
        enclitic that reads as one, or None.

        The one-token answer is cached per token type; for two tokens only the analyses whose stem is the first
        word of a two-word cue can give one (the phrase has exactly one space), also cached per token type."""
        if tail is None:
            got = self._cue1.get(tok, _MISSING)
            if got is _MISSING:
                got = self._cue1[tok] = self._cue_at_plain(tok, None)
                if len(self._cue1) > _DEMONYM_CACHE_LIMIT:
                    self._cue1.clear()
            return got  # type: ignore[return-value]
        heads = self._cue2.get(tok)
        if heads is None:
            from rasd.lang.ar.morphology import analyses

            firsts = self._cue_firsts
            heads = self._cue2[tok] = tuple(
                (pre, stem, off) for pre, stem, enc, off in analyses(tok) if not enc and stem in firsts
            )
            if len(self._cue2) > _DEMONYM_CACHE_LIMIT:
                self._cue2.clear()
        for pre, stem, off in heads:
            what = self._cue_kind(stem + " " + tail)
            if what:
                return what, off, pre
        return None

    def _cue_at_plain(self, tok: str, tail: str | None) -> tuple[str, int, str] | None:
        """The plain definition of :meth:`_cue_at` (every analysis tried, nothing cached)."""
        from rasd.lang.ar.morphology import analyses

        for pre, stem, enc, off in analyses(tok):
            if enc:
                continue
            phrase = (stem + " " + tail).strip() if tail is not None else stem
            what = self._cue_kind(phrase)
            if what:
                return what, off, pre
        return None

    @staticmethod
    def _role(view: Any, floor: int, k: int) -> str | None:
        """``"landmark"`` when the words before key offset ``k`` make the place a distance or border reference."""
        window = view.key[max(floor, k - 60) : k]
        if any(w in window for w in _DISTANCE_WORDS) and _DISTANCE_RX.search(window):
            return "landmark"
        if _BORDER_WORD in window and _BORDER_RX.search(window):
            return "landmark"
        return None

    @staticmethod
    def _role_plain(view: Any, floor: int, k: int) -> str | None:
        """:meth:`_role` without the word prefilters (the reference for tests)."""
        import re

        window = view.key[max(floor, k - 60) : k]
        if re.search(_DISTANCE_RE, window) or re.search(_BORDER_RE, window):
            return "landmark"
        return None

    def _cue_kind(self, phrase: str) -> str | None:
        lex = self.lex
        if phrase in lex["rural"]:
            return "rural"
        if phrase in lex["near"]:
            return "near"
        if phrase in lex["directions"]:
            return "dir:" + phrase
        k: str | None = lex["kind_of"].get(phrase)
        if k:
            return k
        if phrase in lex["preps"]:
            return "prep"
        return None

    # --- context -------------------------------------------------------------------------------------------
    def context(self, doc: Document, found: list[Found], demonyms: Counter[str]) -> Weights:
        """Weights of the countries the article is about, before places are resolved."""
        w: Weights = Weights(float)
        for f in found:
            if f.refused is None and any(e.kind == "country" for e in f.candidates) and f.ntokens >= 1:
                for e in f.candidates:
                    if e.kind == "country" and e.iso:
                        w[e.iso] += 1.0
                        break
            if f.cues.demonym:
                w[f.cues.demonym] += 1.0
        for iso, n in demonyms.items():
            w[iso] += 0.5 * n
        for iso in self.dateline_countries(doc):
            w[iso] += 1.5
        return w

    def dateline_countries(self, doc: Document) -> list[str]:
        from rasd.backends.gazetteer.base import name_key

        if not doc.dateline:
            return []
        out: list[str] = []
        for part in _split_dateline(doc.dateline):
            cands = self.gz.lookup(name_key(part))
            if cands:
                best = max(cands, key=lambda e: (e.kind == "country", e.priority, e.population))
                if best.iso and best.iso not in out:
                    out.append(best.iso)
        return out

    # --- ranking -------------------------------------------------------------------------------------------
    def rank(self, f: Found, ctx: Weights, anchors: list[tuple[int, Any, Found]]) -> None:
        top = max(ctx.values()) if ctx else 0.0
        homonym_in_ctx: bool | None = None  # computed on first need (most candidates score a context first)
        scored: list[tuple[float, Any, list[str]]] = []
        near_of: _Near | None = None
        if anchors:
            near_of = self._near
            if near_of.anchors is not anchors:
                near_of = self._near = _Near(anchors)
        # the anchors of this sentence (other than f), the same for every candidate
        same: list[Any] | None = None
        base = f.base
        if base is None or not _RANK_MEMO:
            base = f.base = self._base_terms(f)
        for e, (s, why0) in zip(f.candidates, base, strict=True):
            why = list(why0)
            if e.iso and top and ctx.get(e.iso):
                c = 2.5 * ctx[e.iso] / top
                s += c
                why.append(f"country-context({e.iso})+{c:.1f}")
            elif (
                homonym_in_ctx
                if homonym_in_ctx is not None
                else (homonym_in_ctx := any(c.iso and ctx.get(c.iso, 0) > 0 for c in f.candidates))
            ) and self.unmentioned(e.iso):
                # A namesake in the article's countries beats one in a country the article never names (الجيزة
                # in a Syrian story is the Daraa village, not Giza).
                s -= 2.0
                why.append("unmentioned-country-2")
            if near_of is None:
                # Pass 1 (no anchors): no named province, no place nearby to measure.
                scored.append((s, e, why))
                continue
            box = _admin_key(e.admin1)
            if box and e.kind != "admin1":
                if same is None:
                    same = [a for si, a, src in anchors if si == f.sentence and src is not f]
                if any(a.kind in ("admin1", "admin2") and _admin_key(a.admin1) == box and a.iso == e.iso for a in same):
                    # Inside the province or district the sentence names (مديرية X بمحافظة Y): the namesake there.
                    s += 1.0
                    why.append(f"inside-named-{e.admin1}+1")
            near = near_of.nearest(e, f, True, 300.0)
            if near is not None and near < 300:
                b = 1.5 if near < 100 else 0.75
                s += b
                why.append(f"same-sentence-place {near:.0f}km+{b}")
            else:
                far = near_of.nearest(e, f, False, 100.0)
                if far is not None and far < 100:
                    s += 0.5
                    why.append(f"article-place {far:.0f}km+0.5")
            scored.append((s, e, why))
        if len(scored) > 1:
            scored.sort(key=lambda t: (-t[0], _KIND_RANK.get(t[1].kind, 9), t[1].id))
        f.scored = scored

    @staticmethod
    def _base_terms(f: Found) -> list[tuple[float, tuple[str, ...]]]:
        """The terms of :meth:`rank` that depend on the name, its cues and the candidate alone (not on the
        article's countries or places), per candidate: a score and its reasons, in rank's order."""
        provinces = [e for e in f.candidates if e.kind == "admin1"]
        out: list[tuple[float, tuple[str, ...]]] = []
        for e in f.candidates:
            why: list[str] = []
            s = 0.0
            if (
                e.kind == "populated_place"
                and f.cues.kind is None
                and any(p.iso == e.iso and not _inside(e, p) for p in provinces)
            ):
                # "في صلاح الدين": a bare name shared by a province and a town elsewhere in the same country
                # (Pirmam near Erbil) means the province; a province's own capital (حلب) lies inside it.
                s -= 1.5
                why.append("namesake-of-a-province-elsewhere-1.5")
            if e.priority:
                s += e.priority
                why.append(f"curated+{e.priority}")
            fit = _kind_fit(f.cues, e.kind)
            if fit:
                s += fit
                why.append(f"cue-kind{fit:+g}")
            if e.population > 0:
                # A metropolis is what a bare name means far more often than its small namesakes (باريس).
                pw = _POP_TERM.get(e.population)
                if pw is None:
                    pw = _pop_term(e.population)
                s += pw[0]
                why.append(pw[1])
            out.append((s, tuple(why)))
        return out

    def unmentioned(self, iso: str | None) -> bool:
        """The article names countries (or their demonyms, or a dateline), but never this one."""
        # Asked for the same few countries by every candidate in both passes, and by several tests of
        # ``weak``: memoized per context (a new article's context is a new object; it is not changed after
        # ``resolve`` sets it).
        c1 = self._ctx1
        memo = self._unmentioned_memo
        if memo[0] is not c1:
            memo = self._unmentioned_memo = (c1, {})
        got = memo[1].get(iso)
        if got is None:
            got = memo[1][iso] = self._unmentioned_plain(iso)
        return got

    def _unmentioned_plain(self, iso: str | None) -> bool:
        """The plain definition of :meth:`unmentioned` (the reference for tests)."""
        c1 = self._ctx1
        if not iso or not c1 or max(c1.values()) <= 0:
            return False
        return all(c1.get(i, 0) == 0 for i in (iso, *_LINKED.get(iso, ())))

    def _proper_noun(self, key: str) -> bool:
        """:func:`is_proper_noun` of a name, cached per name (both passes ask it, up to three times each)."""
        got = self._proper.get(key)
        if got is None:
            got = self._proper[key] = is_proper_noun(key, self.words)
            if len(self._proper) > _DEMONYM_CACHE_LIMIT:
                self._proper.clear()
        return got

    def _outlet_word(self, tok: str) -> bool:
        """Whether ``tok``, with or without a leading conjunction or preposition, is a news-outlet word (وكالة،
        صحيفة): cached per token type."""
        got = self._outlet.get(tok)
        if got is None:
            outlets = self.lex["outlet_words"]
            got = self._outlet[tok] = tok in outlets or _bare_word(tok) in outlets
            if len(self._outlet) > _DEMONYM_CACHE_LIMIT:
                self._outlet.clear()
        return got

    def _continues(self, tok: str | None) -> bool:
        """Whether ``tok`` after a name's first word continues the name (not "و..."، a preposition, a cue)."""
        if not tok or not tok[0].isalpha() or tok.startswith("و") or len(tok) < 2:
            return False
        lx = self.lex
        return not (
            tok in self._cue_words
            or tok in lx["trailing"]
            or tok in lx["demonyms"]
            or tok in lx["complementizers"]
            or tok in lx["function_words"]
        )

    def weak(self, f: Found, ctx: Weights, anchors: list[tuple[int, Any, Found]] | None = None) -> str | None:
        """Why a match should be refused, or None to keep it.

        A name with a cue, or of several words, is kept. A single bare word must earn its place: the rarer it
        is as an ordinary word (``word_freq``: its count as a stem in farahidi's MSA corpus) and the better
        its place fits the article's countries and size, the likelier it is meant.
        """
        best = f.best
        if best is None:
            return "no candidate"
        if f.cues.kind == "country" and best.kind != "country":
            return "country cue (دولة، مملكة) before a name that is no country"  # دولة بيان is not Bayan
        freq = 0
        if f.ntokens == 1:
            freq = self._freq.get(f.key, -1)
            if freq < 0:  # cached per name: both passes (and every article naming it) ask again
                freq = self._freq[f.key] = word_freq(f.key, self.words)
                if len(self._freq) > _DEMONYM_CACHE_LIMIT:
                    self._freq.clear()
        # The corpus also counts the places themselves (حلب، الرقة): for a known proper noun, or a big city of
        # the region, only a very high count says "ordinary word".
        top = max(ctx.values()) if ctx else 0.0
        # The article's country: named or implied often enough, or simply the one it is most about.
        in_ctx = bool(best.iso and (ctx.get(best.iso, 0) >= 0.5 or (top > 0 and ctx.get(best.iso, 0) == top)))
        big = best.iso in _FOCUS and best.population >= _FOREIGN_POP and in_ctx
        very_common = freq >= _VERY_COMMON
        common = freq >= (_VERY_COMMON if big or self._proper_noun(f.key) else _COMMON)
        kind_cue = f.cues.kind in ("populated_place", "admin1", "admin2", "capital", "country")
        if best.kind != "country" and f.prev_tok and self._outlet_word(f.prev_tok):
            # "وكالة فارس"، "صحيفة الرياض"، "تلفزيون دمشق": a news outlet named after a place says where the news
            # was published, not where anything happened.
            return "name of a news outlet"
        if f.ntokens == 1 and f.prev_tok in self.lex["verb_particles"] and best.kind != "country":
            return "a verb after لم، لن، قد (لم يزد is not Yazd)"
        if f.ntokens == 1 and f.next_tok and f.next_tok.startswith(self.lex["idioms"].get(f.key) or ("\0",)):
            return "first word of a fixed phrase (مسقط رأسه is a birthplace)"
        if f.ntokens == 1 and f.key in self.lex["name_heads"] and self._continues(f.next_tok):
            # "بلدة عين ترما"، "قرية بيت سوى": the first word of a longer name the gazetteer lacks; the village
            # somewhere else called just عين or بيت is not the place meant.
            return "first word of a longer name"
        if (
            f.ntokens == 1
            and not f.cues.any
            and not f.cues.preposition
            and not f.hashtag
            and f.next_tok in self.lex["complementizers"]
            and freq >= _COMMON
            and best.kind not in ("country", "admin1")
            and best.priority < 3
            and best.population < _METROPOLIS
        ):
            return "ordinary word before أن (آمل أن، أعلن أن)"  # a verb or noun heading a clause, not a place
        if (
            best.kind == "admin1"
            and f.ntokens == 1
            and not kind_cue
            and not f.hashtag
            and self.unmentioned(best.iso)
            and freq >= _ORDINARY
        ):
            # عصابة (Assaba), زاوية (Zawiya), ميلا (Mila), "وكالة عين ميديا" (Médéa): a bare word naming a province
            # of a country the article never mentions is a word, a unit or a brand.
            return "single word naming a province of a country the article never mentions"
        if f.key in self.lex["common"]:
            if f.key.startswith("ال") and f.key[2:] in self.lex["kind_of"]:
                # "أحياء المدينة"، "ريف المحافظة": a place-kind noun with the article is "the city" told before,
                # never a name, whatever cue stands before it
                return "a place-kind noun with the article (the place told before)"
            # Only a cue naming the kind of place makes a listed word a name: "مدينة الباب" yes, but
            # "شمال البلاد" or "مناطق التحالف" no.
            # A hashtag (#البيضاء) is written as a name, in the article's own countries.
            if LISTED_COMMON and anchors and _listed_after(f, best, anchors):
                return None  # "في صعدة والضالع والبيضاء": a listed name after a town of the same country
            return None if kind_cue or (f.hashtag and in_ctx) else "common word with no place-kind cue"
        if self.unmentioned(best.iso) and best.kind not in ("country", "admin1") and best.priority < 4:
            # The article names its countries but not this one: a single bare word there is a homonym or an
            # ordinary word (أن is not Ans, Belgium); a place anywhere in a sentence whose other places all lie
            # in the article's countries is one too (منطقة السيدة زينب inside an Iraqi district is not Syria's).
            others = [a for si, a, src in anchors or () if si == f.sentence and src is not f and a.kind != "country"]
            if (
                others
                and best.population < _FOREIGN_POP
                and all(a.iso != best.iso and not self.unmentioned(a.iso) for a in others)
            ):
                return "in a country the article never mentions, beside places of the article's countries"
            # Alone in its sentence, the same holds against the article's places (بلدة المرج in a story about the
            # Ghouta is the Syrian village the gazetteer lacks, not al-Marj in Libya).
            rest = [a for _si, a, src in anchors or () if src.key != f.key and a.kind != "country"]
            if (
                not others
                and len(rest) >= 2
                and best.population < _FOREIGN_POP
                and all(a.iso != best.iso and not self.unmentioned(a.iso) for a in rest)
            ):
                return "in a country the article never mentions, where none of its other places lie"
            bare = f.ntokens == 1 and not kind_cue and not f.hashtag and best.priority == 0
            small = best.population < (_FOREIGN_POP if best.iso in _FOCUS else _METROPOLIS)
            if bare and small and not (f.cues.preposition and best.population >= _FOREIGN_POP):
                return "single word naming a place in a country the article never mentions"
        # A country, a province, a curated name or a big city is counted in the corpus as itself (اليمن،
        # بغداد، إسرائيل): its count says nothing, but alone it still needs "في" or the article's country.
        notable = (
            best.kind in ("country", "admin1")
            or best.priority >= 3
            or best.population >= _METROPOLIS
            or (self._proper_noun(f.key) and best.population >= _FOREIGN_POP)
        )
        if very_common:
            if kind_cue or f.cues.kind == "base":
                return None  # مطار كابل، حقل الزبير: a base or field is named after its town
            if f.cues.kind == "region" and in_ctx:
                return None  # وادي عمد، جبل الشيخ: a valley or mountain of the article's country named by a word
            if best.kind == "country":
                return None
            if notable and (in_ctx or f.cues.any):
                return None
            if best.population >= _METROPOLIS and self._proper_noun(f.key) and f.cues.preposition:
                return None  # في بغداد
            return f"ordinary word (corpus count {freq}) with no place-kind cue"
        if f.cues.any:
            return None
        if f.ntokens > 1 and len(f.key) >= 5 and f.key.split()[0] not in _PERSON_WORDS:
            return None
        prep = f.cues.preposition
        if best.kind in ("country", "admin1") or best.priority >= 3:
            return None
        if f.ntokens == 1 and best.source == "admin_units" and not (prep and in_ctx and not common):
            # A district or sub-district with no town of its name (صباح، الدير، دجلة، كنعان are also words, a
            # river, a people): bare, it needs "في" in its own country; "مديرية X"، "ناحية X" always do. A
            # province or town of the same name (واسط) is then the name's meaning.
            rest = [t for t in f.scored if t[1].source != "admin_units"]
            if rest:
                f.scored = rest
                return self.weak(f, ctx, anchors)
            return "district named by a single bare word"
        if (
            len(f.key.replace(" ", "")) <= 3
            and not (prep and in_ctx)
            and not (best.population >= _FOREIGN_POP and not common)
        ):
            return "short name with no place cue"
        if best.iso not in _FOCUS:
            # Outside the Arab world and its neighbours an Arabic name is a transliteration, and short
            # transliterations collide with Arabic words and people's names (كلينتون، بولتون): demand the
            # country named in the article, or a metropolis.
            named = self._named.get(best.iso, 0) >= 1
            if named and not common and (best.population >= _FOREIGN_POP or prep):
                return None
            if best.population >= _METROPOLIS and not common:
                return None
            return "foreign place outside the article's countries"
        if common:
            # An imported village named like an ordinary word (أثر، صباح، مزارع) needs a cue, whatever the context.
            if in_ctx and (best.population >= _CONTEXT_POP or best.priority >= 1):
                return None
            if best.population >= _METROPOLIS:
                return None
            return f"also an ordinary word (corpus count {freq}), place outside the article's countries"
        if best.population >= _BARE_POP or best.priority >= 1:
            return None
        if prep and (best.population >= _PREP_POP or in_ctx):
            return None
        if in_ctx and (best.population >= _CONTEXT_POP or best.source != "geonames"):
            return None  # an imported admin table (p-codes) of the article's country: trusted names
        return "single word naming only a small place outside the article's countries"

    # --- the document --------------------------------------------------------------------------------------
    def resolve(self, doc: Document) -> tuple[list[Found], Weights]:
        found, demonyms = self.find(doc)
        ctx = self.context(doc, found, demonyms)
        self._ctx1 = ctx
        self._named = self.context(doc, found, Counter())  # countries named (not only by demonym)
        # Pass 1: rank by the country context alone; the unambiguous results become anchors.
        for f in found:
            self.rank(f, ctx, [])
            f.refused = self.weak(f, ctx)
        anchors = [(f.sentence, f.best, f) for f in found if f.refused is None and f.best is not None]
        ctx2 = Weights(float, ctx)
        for f in found:
            e = f.best
            # Only places that stand on their own (a cue, several words, a curated name) vouch for a country;
            # a bare single word accepted on population must not pull its lookalikes into the article.
            strong = f.cues.any or f.ntokens > 1 or (e is not None and (e.priority >= 3 or e.kind == "admin1"))
            if f.refused is None and e is not None and e.kind != "country" and e.iso and strong:
                ctx2[e.iso] += 0.3
        # Pass 2: with the places' countries and distances to the other places.
        for f in found:
            self.rank(f, ctx2, anchors)
            f.refused = self.weak(f, ctx2, anchors)
        self._inside_named(doc, found)
        return found, ctx2

    @staticmethod
    def _inside_named(doc: Document, found: list[Found]) -> None:
        """ "قرية القصير بمحافظة درعا": a place followed by the province it lies in is a namesake inside that
        province. When the chosen candidate lies in another province far away (the Homs town, not the Daraa
        village), take a candidate inside the named one, or drop the name and let the province place it."""
        import re
        from itertools import pairwise

        ok = [f for f in found if f.refused is None and f.best is not None]
        ok.sort(key=lambda f: (f.sentence, f.start))
        for f, g in pairwise(ok):
            e, prov = f.best, g.best
            if f.sentence != g.sentence or prov.kind != "admin1" or e.kind not in _INSIDE_KINDS or e.iso != prov.iso:
                continue
            gap = doc.text[f.end_ext or f.end : g.cues.start if g.cues.start is not None else g.start]
            if not re.fullmatch(_CONTAINER_GAP, gap) or _inside(e, prov):
                continue
            alt = next((t for t in f.scored if t[1].iso == prov.iso and _inside(t[1], prov)), None)
            if alt is not None:
                f.scored.remove(alt)
                f.scored.insert(0, (alt[0], alt[1], [*alt[2], f"inside-named-{prov.name}"]))
            else:
                f.refused = f"a namesake outside the province named after it ({prov.name})"

    def place(self, doc: Document, f: Found) -> Place:
        e = f.best
        prec = e.precision or _default_precision(e.kind)
        c = f.cues
        notes = []
        if c.rural or c.near:
            prec = max(prec, 2)
            notes.append("countryside" if c.rural else "near")
        if c.direction:
            prec = max(prec, 2)
            notes.append(f"direction {c.direction}")
        if f.role == "landmark":
            prec = max(prec, 2)  # "10 كم من X": at best near X
            notes.append("landmark")
        if c.kind in ("admin1", "country") and e.kind == "populated_place":
            prec = 3
        elif c.kind in ("admin2", "region") and e.kind == "populated_place":
            prec = max(prec, 2)
        start = c.start if c.start is not None else f.start
        end = f.end_ext or f.end
        lat, lon = e.latitude, e.longitude
        if e.kind in ("admin2", "admin3"):
            # A district named after its seat (قضاء البعاج، مديرية حرض) is placed at the seat, as ACLED does: the
            # centre of a large desert district can lie 40 km from every place where anything happens.
            seat = _seat(e, f.scored[1:])
            if seat is not None:
                lat, lon = seat.latitude, seat.longitude
                notes.append(f"seat {seat.id}")
        pcodes = dict(e.pcodes)
        admin2, admin3 = e.admin2, e.admin3
        if not pcodes:
            # The same place from another source (an imported p-code table) lends its codes and admin names.
            for _s, other, _w in f.scored[1:]:
                # A district of the same name (every candidate shares the matched key) is the same unit
                # wherever each source puts its centre.
                same_unit = e.kind in ("admin2", "admin3") and other.kind == e.kind
                # A province takes only a province's codes (not those of its capital's district nearby).
                fits = e.kind != "admin1" or other.kind == "admin1"
                if other.pcodes and other.iso == e.iso and (same_unit or (_km(e, other) or 1e9) < 15):
                    if not fits:
                        if "admin1" in other.pcodes:
                            pcodes = {"admin1": other.pcodes["admin1"]}
                            break
                        continue
                    pcodes = dict(other.pcodes)
                    admin2 = admin2 or other.admin2
                    admin3 = admin3 or other.admin3
                    break
        return Place(
            name=e.name,
            name_ar=doc.text[start:end],
            country=e.country,
            iso=e.iso,
            admin1=e.admin1 if e.kind != "country" else None,
            admin2=admin2,
            admin3=admin3,
            latitude=lat,
            longitude=lon,
            geo_precision=prec,
            feature=e.kind,
            gazetteer_id=e.id,
            pcodes=pcodes,
            span=Span(start, end, doc.text[start:end]),
        )


# "X بمحافظة Y"، "X في محافظة Y"، "X، محافظة Y": what may stand between a place and the province it lies in.
_CONTAINER_GAP = r"[\s،,]*(?:في\s*|ب)?"
_INSIDE_KINDS = frozenset({"populated_place", "admin2", "admin3"})
# A place this far from the named province's centre, with another admin1 name, lies outside it.
_OUTSIDE_KM = 100.0


def _inside(e: Any, prov: Any) -> bool:
    """Whether entry ``e`` may lie in province ``prov``: the same admin1 (spellings compared loosely) or near."""
    a, b = _admin_key(e.admin1), _admin_key(prov.admin1 or prov.name)
    if a and b and (a == b or _similar_admin(a, b)):
        return True
    d = _km(e, prov)
    return d is None or d <= _OUTSIDE_KM


@lru_cache(maxsize=65_536)
def _similar_admin(a: str, b: str) -> bool:
    """Two admin1 keys spelled alike (difflib's ratio): asked for the same few pairs by every candidate of a
    name against every province the article names, so the answer is cached (it depends on the strings only)."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= 0.7


def _inside_plain(e: Any, prov: Any) -> bool:
    """:func:`_inside` without the cache (the reference for tests)."""
    from difflib import SequenceMatcher

    a, b = _admin_key(e.admin1), _admin_key(prov.admin1 or prov.name)
    if a and b and (a == b or SequenceMatcher(None, a, b).ratio() >= 0.7):
        return True
    d = _km(e, prov)
    return d is None or d <= _OUTSIDE_KM


def _bare_word(tok: str | None) -> str:
    """A folded token without a leading conjunction or preposition clitic (ولوكالة → وكالة)."""
    if not tok:
        return ""
    for pre in ("ول", "وب", "و", "ل", "ب", "ف"):
        if tok.startswith(pre) and len(tok) - len(pre) >= 3:
            return tok[len(pre) :]
    return tok


_QUOTES = "\"'«»“”„‘’`"


def _gap(s: str, quotes: bool = False) -> bool:
    """Whether the characters between two tokens join them: spaces, and also quotation marks opening a name
    (مطار "الضمير"، بلدة «دوما») when ``quotes``."""
    if s.isspace():
        return True
    if not quotes:
        return False
    rest = s.strip(_QUOTES + " \t\u00a0")
    return rest == "" and any(c in _QUOTES for c in s)


# How far a district's seat may lie from the district's centre to stand for it.
_SEAT_KM = 60.0


def _seat(e: Any, others: Iterable[tuple[float, Any, list[str]]]) -> Any:
    """The town of the same name as district ``e`` in the same country near its centre, if a candidate."""
    best = None
    for _s, o, _w in others:
        if o.kind != "populated_place" or o.iso != e.iso:
            continue
        d = _km(e, o)
        if d is not None and d <= _SEAT_KM and (best is None or o.population > best.population):
            best = o
    return best


def _split_dateline(s: str) -> list[str]:
    import re

    parts = [p.strip() for p in re.split(r"[,،\-–—/|:()]+", s) if p.strip()]
    return parts


def _default_precision(kind: str) -> int:
    from rasd.backends.gazetteer.base import default_precision

    return default_precision(kind)


def _kind_fit(c: Cues, kind: str) -> float:
    want = c.kind
    if c.rural:
        return 2.0 if kind == "populated_place" else 0.0
    if want is None:
        # A bare name most often means the town (حلب the city, not the province).
        return 0.5 if kind in ("populated_place", "country") else 0.0
    return _KIND_FIT.get(want, {}).get(kind, 0.0)


# cue kind -> feature kind -> score (built once: _kind_fit runs for every candidate of every place, twice)
_KIND_FIT: dict[str, dict[str, float]] = {
    "populated_place": {"populated_place": 3.0, "admin3": 0.5, "country": -3.0, "admin1": -1.0},
    "capital": {"populated_place": 3.0, "country": -3.0, "admin1": -1.0},
    "base": {"populated_place": 2.0, "country": -3.0},
    "admin1": {"admin1": 3.0, "region": 2.0, "admin2": 1.0, "populated_place": -1.5, "country": -2.0},
    "admin2": {"admin2": 3.0, "admin3": 2.0, "populated_place": 0.5, "country": -3.0},
    "region": {"region": 2.0, "admin1": 1.5, "admin2": 1.5, "natural_feature": 1.5, "populated_place": 0.5},
    "area": {"region": 0.5, "admin1": 0.5, "admin2": 0.5, "populated_place": 0.5},
    "country": {"country": 3.0},
}


def _admin_key(name: str | None) -> str:
    """Admin1 names compared across sources: "Al-Anbar", "Al Anbar" and "Anbar" are one province."""
    if not name:
        return ""
    return _admin_key_of(name)


@cache
def _admin_key_of(name: str) -> str:
    # Cached: ranking compares every candidate's province with every anchor's, the same few names each time
    # (bounded by the gazetteer's admin1 names).
    import re
    import unicodedata

    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z]", "", s)
    s = s.replace("governorate", "").replace("province", "")
    for pre in ("ash", "al", "ar", "as", "ad", "an", "az", "at"):
        if s.startswith(pre) and len(s) > len(pre) + 3:
            s = s[len(pre) :]
            break
    # Transliterations differ in vowels and doubled letters (Idleb/Idlib, Daraa/Dar'a): keep the consonants.
    return s[:1] + re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", s[1:]))


def _km(a: Any, b: Any) -> float | None:
    pts = (a.latitude, a.longitude, b.latitude, b.longitude)
    if None in pts:
        return None
    # Cached by the coordinates: ranking measures every candidate against every anchor, twice (two passes).
    d = _KM.get(pts)
    if d is None:
        d = _km_of(pts)
    return d


def _km_of(pts: tuple[Any, Any, Any, Any]) -> float:
    """The great-circle distance between two points (lat1, lon1, lat2, lon2), measured and kept in ``_KM``."""
    la1, lo1, la2, lo2 = map(math.radians, pts)
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    d = 6371 * 2 * math.asin(min(1.0, math.sqrt(h)))
    if len(_KM) > _KM_CACHE_LIMIT:
        _KM.clear()
    _KM[pts] = d
    return d


_KM: dict[tuple[Any, ...], float] = {}

# population -> (rank's population term, its reason): the same few thousand values for every candidate, twice.
_POP_TERM: dict[int, tuple[float, str]] = {}


def _pop_term(population: int) -> tuple[float, str]:
    """The population term of :meth:`Resolver.rank` and its reason, cached."""
    p = math.log10(population + 1) / 2 + (1.0 if population >= _METROPOLIS else 0.0)
    got = _POP_TERM[population] = (p, f"pop+{p:.1f}")
    if len(_POP_TERM) > _KM_CACHE_LIMIT:
        _POP_TERM.clear()
    return got


_KM_CACHE_LIMIT = 100_000


# rank's caches (Found.base, _Near's memo) switched off: the plain computation, for tests
_RANK_MEMO = True


class _Near:
    """The nearest distance (:func:`_nearest_km_plain`) of a candidate to the anchors of pass 2 other than the name being ranked (``f``),
    all of them or those of ``f``'s sentence, for every candidate of every name of one article.

    The anchors are reduced to their distinct points (coordinates, country, populated place or not), each with the
    number of anchors at it: an anchor at the same point as another adds nothing to a minimum, and leaving ``f``'s
    own anchor out removes its point only when no other anchor stands there. A distance is a function of the two
    points, so the minimum over the distinct points is the minimum over the anchors; it is kept per candidate point
    and left-out point (an article names its places again and again: the same candidates, the same anchors)."""

    __slots__ = ("anchors", "memo", "own", "points", "sentences")

    def __init__(self, anchors: list[tuple[int, Any, Found]]) -> None:
        self.anchors = anchors
        self.points: dict[tuple[Any, ...], int] = {}
        self.sentences: dict[int, dict[tuple[Any, ...], int]] = {}
        self.own: dict[int, tuple[int, tuple[Any, ...]] | None] = {}  # id(src) -> its sentence and point
        self.memo: dict[tuple[Any, ...], float | None] = {}
        for si, o, src in anchors:
            if o.kind == "country" or o.latitude is None or o.longitude is None:
                continue  # never near anything (_nearest_km_plain skips them)
            pt = (o.latitude, o.longitude, o.iso, o.kind == "populated_place")
            self.points[pt] = self.points.get(pt, 0) + 1
            sp = self.sentences.setdefault(si, {})
            sp[pt] = sp.get(pt, 0) + 1
            # one anchor per name in resolve's list; a name holding two is measured the plain way (None)
            self.own[id(src)] = None if id(src) in self.own else (si, pt)

    def nearest(self, e: Any, f: Found, same_sentence: bool, limit: float) -> float | None:
        """``_nearest_km_plain(e, [a for si, a, src in anchors if src is not f (and si == f.sentence)])`` when it
        is below ``limit`` km, else None (rank reads no farther)."""
        own = self.own.get(id(f), ())
        if own is None or not _RANK_MEMO:
            d = _nearest_km_plain(
                e, [a for si, a, src in self.anchors if src is not f and (si == f.sentence or not same_sentence)]
            )
            return d if d is not None and d < limit else None
        ela, elo = e.latitude, e.longitude
        if ela is None or elo is None:
            return None
        pts = self.sentences.get(f.sentence) if same_sentence else self.points
        if not pts:
            return None
        # f's own anchor is left out: its point goes only when no other anchor of the group stands there
        skip = own[1] if own and (own[0] == f.sentence or not same_sentence) and pts.get(own[1]) == 1 else None
        eiso = e.iso
        key = (f.sentence if same_sentence else -1, ela, elo, eiso, skip, limit)
        got = self.memo.get(key, _MISSING)
        if got is not _MISSING:
            return got  # type: ignore[return-value]
        # A great-circle distance is at least the latitudes' difference (6371 km x pi / 180 = 111.19 km a degree):
        # a point more than limit / 111 degrees north or south lies beyond the limit, measured or not.
        dlat = limit / 111.0
        best: float | None = None
        for pt in pts:
            if skip is not None and pt == skip:
                continue
            ola, olo, oiso, pp = pt
            if (oiso and eiso and oiso != eiso and not pp) or abs(ola - ela) > dlat:
                continue
            d = _KM.get((ela, elo, ola, olo))
            if d is None:
                d = _km_of((ela, elo, ola, olo))
            if best is None or d < best:
                best = d
        if best is not None and not best < limit:
            best = None
        self.memo[key] = best
        return best


_MISSING = object()


def _nearest_km_plain(e: Any, others: Iterable[Any]) -> float | None:
    """The distance from ``e`` to the nearest of ``others`` that may lie near it (not a country, nor a province or
    district of another country); None when none has coordinates. The reference for :class:`_Near`."""
    best: float | None = None
    for o in others:
        if o.kind == "country" or (o.iso and e.iso and o.iso != e.iso and o.kind != "populated_place"):
            continue
        d = _km(e, o)
        if d is not None and (best is None or d < best):
            best = d
    return best


_resolvers: dict[str, Resolver] = {}
_lock = threading.Lock()


def resolver(gazetteer: Any) -> Resolver:
    """The Resolver for a gazetteer, built once per process (the matcher over all names is the costly part)."""
    fp = gazetteer.fingerprint
    r = _resolvers.get(fp)
    if r is None:
        with _lock:
            r = Resolver(gazetteer)
            if len(_resolvers) > 8:
                _resolvers.clear()
            _resolvers[fp] = r
    return r


def _candidate_summary(scored: list[tuple[float, Any, list[str]]], n: int = 5) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "name": e.name,
            "kind": e.kind,
            "country": e.country,
            "admin1": e.admin1,
            "lat": e.latitude,
            "lon": e.longitude,
            "population": e.population,
            "score": round(s, 2),
            "why": why,
        }
        for s, e, why in scored[:n]
    ]


def geocode_document(doc: Document, gazetteer: Any) -> tuple[list[Mention], list[Found]]:
    """Place mentions for ``doc`` (not added to it) and every match considered, refused ones included."""
    r = resolver(gazetteer)
    found, ctx = r.resolve(doc)
    mentions: list[Mention] = []
    for f in found:
        if f.refused is not None or f.best is None:
            continue
        place = r.place(doc, f)
        assert place.span is not None
        top_s, _top_e, top_why = f.scored[0]
        runner = f.scored[1][0] if len(f.scored) > 1 else None
        why = ", ".join(top_why) or "only candidate"
        if runner is not None:
            why += f"; margin {top_s - runner:.1f} over {f.scored[1][1].name} ({f.scored[1][1].country})"
        cue = " ".join(f.cues.words)
        attrs: dict[str, Any] = {
            "candidates": _candidate_summary(f.scored),
            "why": why,
            "key": f.key,
            "cue": cue or None,
            # "landmark" (على بعد 10 كم من X، الحدود مع X): a reference point, not where the event happened.
            "role": f.role or "place",
        }
        mentions.append(Mention("place", place.span, place, f.sentence, attrs))
    ranked = sorted(ctx.items(), key=lambda kv: (-kv[1], kv[0]))
    dominant = ranked[0][0] if ranked else None
    centre = r.country(dominant) if dominant else None
    doc.meta["geo_context"] = {
        "countries": {k: round(v, 2) for k, v in ranked},
        "dominant": dominant,
        # The fallback place for sentences naming none (best_place): the dominant country's centre.
        "dominant_place": None
        if centre is None
        else {
            "name": centre.name,
            "iso": centre.iso,
            "latitude": centre.latitude,
            "longitude": centre.longitude,
            "gazetteer_id": centre.id,
        },
    }
    return mentions, found


class Geocode(Stage):
    """Adds ``Mention(kind="place")`` for every place named in the body, resolved in the article's context."""

    name = "geocode"
    needs = ("view", "sentences")
    fills = ("mentions",)

    def __init__(self, gazetteer: Any = None) -> None:
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Any:
        if self._gazetteer is None:
            from rasd.backends.gazetteer import default_gazetteer

            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def process(self, doc: Document) -> Document:
        if not doc.sentences:
            return doc
        mentions, _ = geocode_document(doc, self.gazetteer)
        doc.mentions.extend(mentions)
        return doc


def place_mentions(doc: Document, sentence_index: int | None = None) -> list[Mention]:
    return [
        m
        for m in doc.mentions
        if m.kind == "place" and isinstance(m.value, Place) and (sentence_index is None or m.sentence == sentence_index)
    ]


def _precision_key(m: Mention) -> tuple[int, int, int, int]:
    p: Place = m.value
    # A landmark (على بعد 10 كم من X، الحدود مع X) only when the sentence names no other place.
    landmark = int((m.attrs or {}).get("role") == "landmark")
    return (landmark, p.geo_precision or 3, _KIND_RANK.get(p.feature or "", 9), m.span.start)


def best_place(doc: Document, sentence_index: int, fallback: bool = True) -> Place | None:
    """The most precise place named in sentence ``sentence_index``; else the article's dominant country.

    Among a sentence's places the lowest geo_precision wins (a town over its province over its country), then
    the finer feature kind, then the first named. With no place in the sentence and ``fallback``, the
    country the article is mostly about (named countries, demonyms, dateline, places) at geo_precision 3.
    """
    ms = place_mentions(doc, sentence_index)
    if ms:
        return _copy(min(ms, key=_precision_key).value)
    if not fallback:
        return None
    return article_country(doc)


def article_country(doc: Document) -> Place | None:
    """The article's dominant country as a Place at geo_precision 3 (the country's centre), or None."""
    gc = doc.meta.get("geo_context") or {}
    d = gc.get("dominant_place")
    if d:
        return Place(
            name=d["name"],
            country=d["name"],
            iso=d["iso"],
            latitude=d["latitude"],
            longitude=d["longitude"],
            geo_precision=3,
            feature="country",
            gazetteer_id=d["gazetteer_id"],
        )
    # Geocoded without a country entry in the gazetteer: the country of the places named, without coordinates.
    counts: Counter[str] = Counter(m.value.iso for m in place_mentions(doc) if m.value.iso)
    if not counts:
        return None
    iso = counts.most_common(1)[0][0]
    country = next((m.value.country for m in place_mentions(doc) if m.value.iso == iso), None)
    return Place(name=country or iso, country=country, iso=iso, geo_precision=3, feature="country")


def _copy(p: Place) -> Place:
    return Place(
        name=p.name,
        name_ar=p.name_ar,
        country=p.country,
        iso=p.iso,
        admin1=p.admin1,
        admin2=p.admin2,
        admin3=p.admin3,
        latitude=p.latitude,
        longitude=p.longitude,
        geo_precision=p.geo_precision,
        feature=p.feature,
        gazetteer_id=p.gazetteer_id,
        pcodes=dict(p.pcodes),
        span=p.span,
    )
