"""The Dask executor on a real LocalCluster (2 worker processes): same output as in-process, no document lost."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rasd.backends.executor import LocalExecutor, make_executor, run_sharded
from rasd.backends.executor.ledger import SqlLedger
import scale_toy as _toy

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    import cloudpickle
    from distributed import Client, LocalCluster

    # Workers are fresh processes: ship the toy stages by value rather than rely on tests/ being importable there.
    cloudpickle.register_pickle_by_value(_toy)
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, memory_limit="500MB"
    )
    c = Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()
        cloudpickle.unregister_pickle_by_value(_toy)


def dask_executor(client: Any, **kw: Any) -> Any:
    from rasd.backends.executor.dask import DaskExecutor

    return DaskExecutor("local:2", client=client, keep_alive=True, **kw)


@pytest.mark.parametrize("n, shard_size", [(0, 4), (1, 4), (37, 4), (100, 7), (64, 64)])
def test_same_output_as_in_process(client: Any, n: int, shard_size: int) -> None:
    expected = _toy.summary(list(LocalExecutor().map(_toy.toy_pipeline, _toy.make_docs(n))))
    got = _toy.summary(list(dask_executor(client, shard_size=shard_size).map(_toy.toy_pipeline, _toy.make_docs(n))))
    assert got == expected
    assert len(got) == n
    # The fixture really exercises drops of both kinds, and coded events.
    if n >= 37:
        reasons = {g["dropped"]["reason"] for g in got if g["dropped"]}  # type: ignore[index]
        assert reasons == {"empty", "stage_error"}
        assert any(g["events"] for g in got)


def test_a_worker_that_dies_loses_no_document(client: Any, tmp_path: Path) -> None:
    sentinel = tmp_path / "killed"
    n = 60
    expected = _toy.summary(list(LocalExecutor().map(_toy.toy_pipeline, _toy.make_docs(n))))
    pids_before = set(client.run(os.getpid).values())
    docs = _toy.make_docs(n, kill_at=33, sentinel=str(sentinel))
    got = _toy.summary(list(dask_executor(client, shard_size=5).map(_toy.toy_pipeline, docs)))
    # The worker really died mid-run (it wrote its pid, then SIGKILLed itself) ...
    assert sentinel.exists()
    assert int(sentinel.read_text()) in pids_before
    # ... and its shard was re-run elsewhere: every document is there, exactly as in-process.
    assert got == expected
    client.wait_for_workers(2, timeout=60)


def test_completed_shards_are_skipped_on_rerun(client: Any, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    written: list[str] = []

    def write(docs: list[Any]) -> None:
        written.extend(d.id for d in docs)

    docs = _toy.make_docs(50)
    ledger = SqlLedger(url)
    ex = dask_executor(client, shard_size=8)
    first = run_sharded(ex, _toy.toy_pipeline, docs, write, ledger=ledger)
    assert (first.shards, first.skipped, first.documents) == (7, 0, 50)
    assert written == [d.id for d in docs]
    # A new process would open the ledger afresh: do the same.
    ledger.close()
    ledger = SqlLedger(url)
    again = run_sharded(ex, _toy.toy_pipeline, _toy.make_docs(50), write, ledger=ledger)
    assert (again.shards, again.skipped, again.documents) == (0, 7, 0)
    assert len(written) == 50
    ledger.close()


def test_make_executor_builds_dask() -> None:
    ex = make_executor("dask", "local:1")
    assert ex.name == "dask"
    ex.close()  # type: ignore[attr-defined]
