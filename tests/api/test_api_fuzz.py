"""Property-based requests generated from the OpenAPI spec: no read endpoint answers 500, whatever the input.

The schema is loaded at import (schemathesis parametrizes at collection; its fixture-based loader does not work
with this pytest), so the small demo database is built in a temporary folder removed at exit.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from api_demo_data import build_store
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")


def _schema() -> Any:
    from rasd.api.app import create_app
    from rasd.config import Settings

    tmp = Path(tempfile.mkdtemp(prefix="rasd-api-fuzz-"))
    store = build_store(f"sqlite:///{tmp / 'rasd.sqlite'}")

    def cleanup() -> None:
        store.close()
        shutil.rmtree(tmp, ignore_errors=True)

    atexit.register(cleanup)
    app = create_app(store=store, settings=Settings(db_url="sqlite://", api_tokens=("fuzz:token",)))
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


schema = _schema()


@schema.include(method="GET").exclude(path="/api/v1/export").parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_read_endpoints_never_fail(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, (case.path, case.query, response.text[:300])
