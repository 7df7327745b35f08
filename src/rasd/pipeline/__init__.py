"""The default pipeline: the stages every document goes through, in order.

source readers (rasd.pipeline.ingest) -> extract (HTML main text, furniture, publication date, language)
-> normalize (matching key + offsets) -> analyze (sentences, numbers, dates) -> geocode (place mentions
resolved in article context) -> code (ACLED events, interactions, claims).

Places are resolved before coding so the coder can pick, for each event, the most precise place tied to
its own sentence. Cross-source dedup and storage happen after the pipeline, over many documents.
"""

from __future__ import annotations

from typing import Any

from rasd.pipeline.base import Pipeline, Stage


def default_stages(gazetteer: Any = None) -> list[Stage]:
    # Imported here so that ``import rasd.pipeline`` stays light (workers and the CLI's --help import it).
    from rasd.pipeline.analyze import Analyze
    from rasd.pipeline.code import Code
    from rasd.pipeline.extract import Extract
    from rasd.pipeline.geocode import Geocode
    from rasd.pipeline.normalize import Normalize

    return [Extract(), Normalize(), Analyze(), Geocode(gazetteer), Code()]


def default_pipeline(gazetteer: Any = None) -> Pipeline:
    return Pipeline(default_stages(gazetteer))
