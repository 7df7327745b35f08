"""Helpers for the API tests (a module of its own: test files must not import ``conftest``, whose name is not
unique across the test tree)."""

from __future__ import annotations

from typing import Any

TOKEN = "alice:s3cret-token"


def make_client(store: Any, **settings: Any) -> Any:
    from fastapi.testclient import TestClient

    from rasd.api.app import create_app
    from rasd.config import Settings

    cfg = Settings(db_url="sqlite://", api_tokens=(TOKEN,))
    for k, v in settings.items():
        setattr(cfg, k, v)
    return TestClient(create_app(store=store, settings=cfg))
