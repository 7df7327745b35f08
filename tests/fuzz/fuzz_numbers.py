"""atheris target: the Arabic number parser never raises, and every number it finds lies inside the text."""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from rasd.lang.ar import numbers


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    # UTF-8, not atheris's own unicode encoding, so that the dictionary of Arabic words (UTF-8) applies.
    text = fdp.ConsumeBytes(fdp.remaining_bytes()).decode("utf-8", "replace")
    refs = numbers.find_numbers(text)
    for r in refs:
        assert 0 <= r.start <= r.end <= len(text), (r, len(text))
        assert isinstance(r.value, int), r
    for r in numbers.find_numbers(text, len(text) // 3, 2 * len(text) // 3):
        assert 0 <= r.start <= r.end <= len(text), (r, len(text))
    v = numbers.parse_number(text[:200])
    assert v is None or isinstance(v, int)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
