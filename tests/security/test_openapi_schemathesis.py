"""Schemathesis against the API's own OpenAPI spec: generated requests never cause a server error (5xx).

Every operation of ``/api/v1/openapi.json`` is exercised with schema-derived and schema-violating inputs
(a bounded number of examples per operation, derandomised so CI is reproducible), with and without a valid
bearer token. The store is an in-memory SQL store holding a few events, so filters and ids reach real SQL.
The check is ``not_a_server_error`` only: response-shape conformance is the API's own test suite's concern.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from secdata import TOKEN, seed_docs  # noqa: E402

EXAMPLES = int(os.environ.get("RASD_SCHEMATHESIS_EXAMPLES", "25"))


def make_app() -> Any:
    from rasd.api.app import create_app
    from rasd.backends.store import open_store
    from rasd.config import Settings

    store = open_store("memory:")
    store.write(seed_docs())
    # Small uploads keep the examples for POST /documents fast.
    return create_app(store=store, settings=Settings(db_url="memory:", api_tokens=(TOKEN,), max_upload_bytes=200_000))


# Loaded at collection: schemathesis.pytest.from_fixture does not work with this pytest version.
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", make_app())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors(case: Any) -> None:
    case.call_and_validate(checks=[not_a_server_error])


@schema.parametrize()
@settings(max_examples=max(5, EXAMPLES // 3), deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_errors_with_token(case: Any) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error])
