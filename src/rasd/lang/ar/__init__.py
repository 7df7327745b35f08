"""rasd's Arabic text layer. Every module works on the display text through a normalized view, and every offset it
returns indexes the original text.

- ``normalize``: ``normalize(text, steps=None) -> TextView`` (``.text``, ``.key``, ``.orig(k)``, ``.to_original(ks, ke)``,
  ``.to_key(i)``), ``fold(s)`` for resource entries. Steps (hamza carriers, alef variants, alef maqsura, teh
  marbuta, tatweel, harakat, invisibles, digits, punctuation, spaces, Latin case) are data in
  ``resources/ar/normalization.yaml``.
- ``sentences``: ``split_sentences(text, start=0, end=None) -> [(start, end)]``.
- ``morphology``: ``LexiconMatcher(entries, lemmas=False).find(view, start, end) -> [Match]`` (clitic-aware,
  word-bounded, inflections per entry flags; optional farahidi lemma fallback), ``analyses(token)``,
  ``view_tokens(view)``, ``lemmas(word)``.
- ``numbers``: ``find_numbers(text_or_view, start, end) -> [NumberRef]``, ``parse_number(s)``, ``to_words(n)``.
- ``dates``: ``find_dates(text_or_view, published, start, end) -> [DateRef]`` with ACLED time precision.

Language knowledge lives in ``resources/ar/{normalization,clitics,abbreviations,numbers,months,relative_dates}.yaml``.
Modules import only the standard library and the resource loader at top level; farahidi and
hijridate are imported where used.
"""
