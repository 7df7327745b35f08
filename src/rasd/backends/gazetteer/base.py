"""Gazetteer entries, the Protocol every gazetteer backend implements, and the name key.

A gazetteer answers one question fast: which places can this normalised name denote? Disambiguation (which of
the candidates the article means) is not its job: that happens in ``rasd.pipeline.geocode`` with the article
as context. Names are looked up by a *key*: the matching fold of ``rasd.lang.ar.normalize`` (hamza forms, alef
maqsura, teh marbuta, harakat, tatweel folded), so "إدلب", "ادلب" and "إِدْلِب" share one key.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from rasd.errors import RasdError

# Feature kinds, coarsest to finest is not implied: geo_precision comes from ``default_precision``.
KINDS = ("country", "admin1", "admin2", "admin3", "populated_place", "region", "natural_feature")

# Bump when the schema or what the default build puts in changes: an older built file is then rebuilt.
BUILD_VERSION = "5"


class GazetteerError(RasdError):
    """A gazetteer file that is missing, corrupt, stale, or an import file that cannot be read."""


@dataclass(slots=True, frozen=True)
class Entry:
    """One place. ``id`` is prefixed by its source: ``gn:`` GeoNames, ``csc:`` countrystatecity, ``cldr:``
    country, ``alias:`` curated, ``pcode:`` an imported admin table."""

    id: str
    name: str  # English
    kind: str
    name_ar: str | None = None
    alternates: tuple[str, ...] = ()  # other spellings, any language
    latitude: float | None = None
    longitude: float | None = None
    iso: str | None = None  # ISO 3166-1 alpha-2 of the country
    country: str | None = None  # English short name
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    population: int = 0
    pcodes: dict[str, str] = field(default_factory=dict)  # {"admin1": "SY07", "admin2": "SY0705", ...}
    source: str = ""
    priority: int = 0  # curated preference among same-name candidates (aliases resource)
    precision: int | None = None  # curated geo_precision, overriding the kind's default

    def names(self) -> list[str]:
        out = [self.name]
        if self.name_ar:
            out.append(self.name_ar)
        out.extend(self.alternates)
        return out

    def to_row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "name_ar": self.name_ar,
            "alternates": json.dumps(list(self.alternates), ensure_ascii=False),
            "latitude": self.latitude,
            "longitude": self.longitude,
            "iso": self.iso,
            "country": self.country,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "admin3": self.admin3,
            "population": self.population,
            "pcodes": json.dumps(self.pcodes, sort_keys=True),
            "source": self.source,
            "priority": self.priority,
            "precision": self.precision,
        }

    @classmethod
    def from_row(cls, row: Any) -> Entry:
        d = dict(row)
        d["alternates"] = tuple(json.loads(d.get("alternates") or "[]"))
        d["pcodes"] = json.loads(d.get("pcodes") or "{}")
        return cls(**d)


def default_precision(kind: str) -> int:
    """ACLED geo_precision for a place named by itself: a town is 1, a district 2, a province or country 3."""
    if kind == "populated_place":
        return 1
    if kind in ("admin2", "admin3"):
        return 2
    return 3


@runtime_checkable
class Gazetteer(Protocol):
    """What the geocoder needs from a gazetteer backend."""

    def lookup(self, key: str) -> list[Entry]:
        """Entries having a name whose key is exactly ``key`` (see :func:`name_key`)."""
        ...

    def get(self, entry_id: str) -> Entry | None: ...

    def keys(self) -> Iterator[str]:
        """Every distinct name key, to build a matcher over the text."""
        ...

    def search(self, text: str, limit: int = 10) -> list[Entry]:
        """Entries whose names contain ``text`` approximately (debugging, the CLI)."""
        ...

    @property
    def fingerprint(self) -> str:
        """Changes whenever the content changes: caches of matchers key on it."""
        ...


# --- name keys --------------------------------------------------------------------------------------------------

_HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")
_SPACE = re.compile(r"[\s\-_\u2010-\u2015\u00a0'\"\u2018\u2019\u201c\u201d`.()]+")
_FALLBACK_TABLE = str.maketrans(
    {
        "\N{ARABIC LETTER ALEF WITH HAMZA ABOVE}": "\N{ARABIC LETTER ALEF}",
        "\N{ARABIC LETTER ALEF WITH HAMZA BELOW}": "\N{ARABIC LETTER ALEF}",
        "\N{ARABIC LETTER ALEF WITH MADDA ABOVE}": "\N{ARABIC LETTER ALEF}",
        "\N{ARABIC LETTER ALEF WASLA}": "\N{ARABIC LETTER ALEF}",
        "\N{ARABIC LETTER ALEF MAKSURA}": "\N{ARABIC LETTER YEH}",
        "\N{ARABIC LETTER TEH MARBUTA}": "\N{ARABIC LETTER HEH}",
        "\N{ARABIC LETTER WAW WITH HAMZA ABOVE}": "\N{ARABIC LETTER WAW}",
        "\N{ARABIC LETTER YEH WITH HAMZA ABOVE}": "\N{ARABIC LETTER YEH}",
        "\N{ARABIC LETTER FARSI YEH}": "\N{ARABIC LETTER YEH}",
        "\N{ARABIC LETTER KEHEH}": "\N{ARABIC LETTER KAF}",
    }
)


def _fold_fallback(s: str) -> str:
    return _HARAKAT.sub("", s).translate(_FALLBACK_TABLE).lower()


def _fold() -> Any:
    # The language library's fold is the one the text key is made with; names must use the very same, or a
    # name would never match the text. The fallback only serves while that module is absent.
    try:
        from rasd.lang.ar.normalize import fold
    except ImportError:
        return _fold_fallback
    return fold


def name_key(name: str) -> str:
    """The lookup key of a place name: the language library's fold, punctuation to spaces, spaces collapsed."""
    return " ".join(_SPACE.sub(" ", _fold()(name)).split())


def key_fingerprint() -> str:
    """Identifies the key function: a gazetteer built with another fold must be rebuilt, or nothing matches."""
    probe = "إِدْلِب، مُؤتة، شَمالَ غزّة، مستشفى الأقصى، ئـ ٣ Aleppo ‘Ayn ٱ"
    return hashlib.sha256(name_key(probe).encode()).hexdigest()[:16]


_ARABIC_RE = re.compile("[\u0600-\u06ff]")
# Letters of Persian, Urdu, Pashto, Kurdish... in Arabic script (a name holding one is not an Arabic spelling),
# and Latin letters (a mixed-script string is a transliteration note, not a name).
_NOT_ARABIC_RE = re.compile(
    "[A-Za-z\u067e\u0686\u0698\u06af\u06a9\u06cc\u0688\u0679\u06ba\u06be\u06c0\u06d5\u06c6\u06ce\u0695\u06b5\u06c7\u06cb\u06c8\u06d0\u06ad]"
)


def resources_fingerprint() -> str:
    """Identifies the curated resources a default build reads: editing places.yaml makes old builds stale."""
    from rasd import resources

    man = resources.build_manifest()
    h = hashlib.sha256()
    for rel in ("ar/places.yaml", "ar/countries.yaml", "geo/admin_units.yaml", "geo/admin1_ar.yaml"):
        h.update(man.get(rel, "").encode())
    return h.hexdigest()[:16]


def is_arabic(s: str) -> bool:
    return _ARABIC_RE.search(s) is not None


def is_arabic_name(s: str) -> bool:
    """An Arabic-language spelling: Arabic script and none of the letters only other languages use."""
    return _ARABIC_RE.search(s) is not None and _NOT_ARABIC_RE.search(s) is None


def entries_fingerprint(entries: Iterable[Entry]) -> str:
    h = hashlib.sha256()
    for e in entries:
        h.update(json.dumps(e.to_row(), sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:16]
