"""Language identification with pycld2, with a script-ratio check for short or mixed texts."""

from __future__ import annotations

import re

# Runs of the characters counted (the summed lengths of the runs are the counts): one match per word instead of
# one per character.
_AR = re.compile(r"[\u0600-\u06FF\u0750-\u077F]+")
_LETTER = re.compile(r"[^\W\d_]+")


def arabic_ratio(text: str) -> float:
    letters = sum(map(len, _LETTER.findall(text)))
    return sum(map(len, _AR.findall(text))) / letters if letters else 0.0


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
