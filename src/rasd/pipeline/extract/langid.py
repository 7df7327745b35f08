"""Language identification with pycld2, with a script-ratio check for short or mixed texts."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# Runs of the characters counted (the summed lengths of the runs are the counts): one match per word instead of
# one per character.
_AR = re.compile(r"[\u0600-\u06FF\u0750-\u077F]+")
_LETTER = re.compile(r"[^\W\d_]+")


def arabic_ratio(text: str) -> float:
    """The share of the text's letters (``_LETTER``) in the Arabic blocks (``_AR``).

    Counted through a table of the Basic Multilingual Plane (bit 1: a letter, bit 2: an Arabic-block character)
    looked up for every character at once in numpy: the two regex scans took ~50 ns a character (0.08-0.15 ms an
    article), the lookup ~10 us. A text with characters beyond the BMP is counted by the regexes."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.size and int(codes.max()) > 0xFFFF:
        return _arabic_ratio_plain(text)
    flags = _flags()[codes]
    letters = int(np.count_nonzero(flags & 1))
    return int(np.count_nonzero(flags & 2)) / letters if letters else 0.0


def _arabic_ratio_plain(text: str) -> float:
    """:func:`arabic_ratio` by the regexes (the reference, and beyond the BMP)."""
    letters = sum(map(len, _LETTER.findall(text)))
    return sum(map(len, _AR.findall(text))) / letters if letters else 0.0


@cache
def _flags() -> Any:
    r"""Per BMP code point: 1 when ``_LETTER`` matches it (``\w`` is str.isalnum() or "_", ``\d`` str.isdecimal()),
    2 when ``_AR`` does (built once, ~15 ms)."""
    import numpy as np

    flags = np.zeros(0x10000, dtype=np.uint8)
    for i in range(0x10000):
        c = chr(i)
        if c.isalnum() and not c.isdecimal() and c != "_":
            flags[i] = 1
    flags[0x600:0x700] |= 2
    flags[0x750:0x780] |= 2
    return flags


def detect(text: str) -> str | None:
    """An ISO 639-1 code ("ar", "en", "fr"...), or None when there is too little text to say."""
    sample = text[:6000]
    ratio = arabic_ratio(sample)
    if ratio >= 0.6:
        return "ar"
    try:
        import pycld2

        reliable, _, details = pycld2.detect(sample.encode("utf-8", "ignore").decode("utf-8"), bestEffort=True)
        code = details[0][1] if details else "un"
    except Exception:  # pycld2 raises on odd input; fall back to the script ratio
        code, reliable = "un", False
    if code in {"un", "xx"} or not reliable:
        if ratio >= 0.3:
            return "ar"
        return None if code in {"un", "xx"} else code
    if code != "ar" and ratio >= 0.4:
        return "ar"  # an Arabic article quoting English at length is still an Arabic article
    return str(code)
