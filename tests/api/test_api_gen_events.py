"""scripts/gen_events.py: both ways of writing give a database the API reads, with records of one shape."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from api_support import make_client

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "gen_events.py"


@pytest.fixture(scope="module")
def gen() -> Any:
    spec = importlib.util.spec_from_file_location("rasd_gen_events", SCRIPT)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["rasd_gen_events"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("via_store", [False, True])
def test_generated_database_is_served(gen: Any, tmp_path: Path, via_store: bool) -> None:
    from rasd.backends.store import open_store

    url = f"sqlite:///{tmp_path / 'gen.sqlite'}"
    assert gen.main(["--db", url, "--events", "40", "--batch", "7"] + (["--via-store"] if via_store else [])) == 0
    store = open_store(url)
    try:
        with make_client(store) as c:
            body = c.get("/api/v1/events", params={"limit": 500}).json()
            assert body["total"] == 40
            ev = c.get(f"/api/v1/events/{body['items'][0]['id']}").json()
            src = ev["sources"][0]
            doc = c.get(f"/api/v1/documents/{src['doc_id']}").json()
            # the evidence is marked where the text says it is
            marked = "".join(
                r["text"] for r in doc["runs"] if "evidence" in r["kinds"] and src["report_id"] in r["reports"]
            )
            assert marked == src["evidence"]["text"]
            assert c.get("/api/v1/events", params={"q": ev["location_ar"]}).json()["total"] >= 1
            stats = c.get("/api/v1/stats").json()
            assert sum(d["total"] for d in stats["by_day"]) == 40
    finally:
        store.close()


def test_bulk_and_store_records_have_the_same_fields(gen: Any, tmp_path: Path) -> None:
    from rasd.backends.store import open_store
    from rasd.backends.store.base import EventQuery

    keys = []
    for via in (False, True):
        url = f"sqlite:///{tmp_path / f'g{via}.sqlite'}"
        gen.main(["--db", url, "--events", "5"] + (["--via-store"] if via else []))
        store = open_store(url)
        try:
            ev = store.query_events(EventQuery(limit=1)).items[0]
            keys.append((set(ev), set(ev["sources"][0])))
        finally:
            store.close()
    assert keys[0] == keys[1]
