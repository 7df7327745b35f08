"""The hostile corpus all the way into the store (SQLite, and PostgreSQL when ``RASD_TEST_PG_URL`` is set).

NULs, lone surrogates, year-9999 dates, absurd figures and 5,000-character ids must not make a database
refuse a write: every document read is stored once (dropped ones too, with their reason), and the API
serves each stored document back.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hostile_contract import pipeline_or_skip
from make_corpus import make_corpus

from db_support import BACKENDS, fresh_database
from rasd.pipeline.ingest import read


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from fresh_database(request.param, tmp_path, prefix="rasd_hostile")


def test_hostile_corpus_is_stored_and_served(store_url: str, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from rasd.api.app import create_app
    from rasd.backends.store import open_store
    from rasd.config import Settings

    root = tmp_path / "corpus"
    make_corpus(root)
    pipe = pipeline_or_skip()
    docs = list(pipe.pipe(read([str(root)])))
    ids = {d.id for d in docs}
    store: Any = open_store(store_url)
    try:
        res = store.write(docs)
        assert res.documents == len(docs)
        assert res.new_documents == len(ids), "a document was refused by the database or stored twice"
        app = create_app(store=store, settings=Settings(db_url="memory:"))
        with TestClient(app, raise_server_exceptions=False) as c:
            for doc_id in sorted(ids):
                r = c.get("/api/v1/documents/" + quote(doc_id, safe=""))
                # Ids outside the API's id pattern (an input's own "outlet/file" id) are refused, not crashed on.
                assert r.status_code in (200, 422), (doc_id, r.status_code, r.text[:200])
            r = c.get("/api/v1/events", params={"limit": 500})
            assert r.status_code == 200
            assert c.get("/api/v1/stats").status_code == 200
    finally:
        store.close()
