"""Fixtures: an in-memory SQL store holding a few coded events, and an API client over it with two tokens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from secdata import OTHER_TOKEN, TOKEN, seed_docs


@pytest.fixture
def store() -> Iterator[Any]:
    from rasd.backends.store import open_store

    st = open_store("memory:")
    st.write(seed_docs())
    yield st
    st.close()


@pytest.fixture
def client(store: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from rasd.api.app import create_app
    from rasd.config import Settings

    app = create_app(store=store, settings=Settings(db_url="memory:", api_tokens=(TOKEN, OTHER_TOKEN)))
    with TestClient(app) as c:
        yield c
