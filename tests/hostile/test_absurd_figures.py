"""Absurd figures ("a billion billion dead") must not become an event's fatalities.

The API refuses a correction above 1,000,000 fatalities; the coder should hold itself to the same bound and
leave an implausible figure out (with a note), rather than code two billion deaths for one shelling.
"""

from __future__ import annotations

from datetime import date

import pytest
from hostile_contract import contract_problems, pipeline_or_skip

from rasd.pipeline.ingest import from_record

MAX_PLAUSIBLE = 1_000_000
# "The army shelled the city of Idlib yesterday and killed a billion billion civilians in the shelling."
# "A source said the shelling killed 999...9 people."
SHELLING = (
    "\N{ARABIC LETTER QAF}\N{ARABIC LETTER SAD}\N{ARABIC LETTER FEH} \N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}"
    "\N{ARABIC LETTER JEEM}\N{ARABIC LETTER YEH}\N{ARABIC LETTER SHEEN} \N{ARABIC LETTER MEEM}\N{ARABIC LETTER DAL}"
    "\N{ARABIC LETTER YEH}\N{ARABIC LETTER NOON}\N{ARABIC LETTER TEH MARBUTA} \N{ARABIC LETTER ALEF WITH HAMZA BELOW}"
    "\N{ARABIC LETTER DAL}\N{ARABIC LETTER LAM}\N{ARABIC LETTER BEH} \N{ARABIC LETTER ALEF WITH HAMZA ABOVE}"
    "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER SEEN} \N{ARABIC LETTER WAW}\N{ARABIC LETTER QAF}\N{ARABIC LETTER TEH}"
    "\N{ARABIC LETTER LAM} {n} \N{ARABIC LETTER MEEM}\N{ARABIC LETTER DAL}\N{ARABIC LETTER NOON}\N{ARABIC LETTER YEH}"
    " \N{ARABIC LETTER FEH}\N{ARABIC LETTER YEH} \N{ARABIC LETTER ALEF}\N{ARABIC LETTER LAM}\N{ARABIC LETTER QAF}"
    "\N{ARABIC LETTER SAD}\N{ARABIC LETTER FEH}.\n"
)
BILLION = "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER LAM}\N{ARABIC LETTER YEH}\N{ARABIC LETTER ALEF}\N{ARABIC LETTER REH}"


def _code(n: str) -> list[int]:
    pipe = pipeline_or_skip()
    doc = pipe(from_record({"id": "absurd", "text": SHELLING.format(n=n) * 2, "published": "2024-03-02"}, "t"))
    assert not contract_problems(doc)
    assert doc.published == date(2024, 3, 2)
    return [e.fatalities for e in doc.events]


def test_plausible_figure_is_coded() -> None:
    figures = _code("7")
    if figures:  # the coder may not code this toy sentence at all; when it does, the figure is the text's
        assert max(figures) <= 7


@pytest.mark.parametrize("n", [f"{BILLION} {BILLION}", "\N{ARABIC-INDIC DIGIT NINE}" * 25, "5000000"])
def test_absurd_figure_is_not_coded_as_fatalities(n: str) -> None:
    assert all(f <= MAX_PLAUSIBLE for f in _code(n))
