"""atheris target: the date parsers never raise, resolve only to real calendar dates, and stay inside the text.

``rasd.lang.ar.dates.find_dates`` is run against publication dates across the whole calendar (year 1 to 9999,
where "tomorrow" and "next month" overflow), and ``rasd.pipeline.ingest.dates`` against metadata strings.
"""

from __future__ import annotations

import sys
from datetime import date

import atheris

with atheris.instrument_imports():
    from rasd.lang.ar import dates
    from rasd.pipeline.ingest.dates import parse_date, parse_datetime

EDGE = [None, date(1, 1, 1), date(1, 1, 2), date(9999, 12, 31), date(9999, 12, 30), date(2024, 2, 29)]


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    pick = fdp.ConsumeIntInRange(0, len(EDGE))
    if pick < len(EDGE):
        published = EDGE[pick]
    else:
        published = date.fromordinal(fdp.ConsumeIntInRange(1, date(9999, 12, 31).toordinal()))
    meta = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 40)).decode("utf-8", "replace")
    # UTF-8, not atheris's own unicode encoding, so that the dictionary of Arabic words (UTF-8) applies.
    text = fdp.ConsumeBytes(fdp.remaining_bytes()).decode("utf-8", "replace")
    for ref in dates.find_dates(text, published):
        assert 0 <= ref.start <= ref.end <= len(text), (ref, len(text))
        assert isinstance(ref.date, date) and ref.precision in (1, 2, 3), ref
    d = parse_date(meta)
    assert d is None or isinstance(d, date)
    parse_datetime(meta)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
