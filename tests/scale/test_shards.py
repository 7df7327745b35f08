"""Shards, the shard ledger and run_sharded, in-process (no cluster needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
import scale_toy as toy
from hypothesis import given
from hypothesis import strategies as st

from rasd.backends.executor import LocalExecutor, iter_shards, make_executor, run_sharded, shard_id
from rasd.backends.executor.dask import parse_scheduler
from rasd.backends.executor.ledger import MemoryLedger, SqlLedger
from rasd.errors import ConfigError
from rasd.model import Document


@given(n=st.integers(0, 60), size=st.integers(1, 20))
def test_shards_partition_the_input_in_order(n: int, size: int) -> None:
    docs = toy.make_docs(n)
    shards = list(iter_shards(docs, size))
    assert [d for s in shards for d in s.docs] == docs
    assert [s.index for s in shards] == list(range(len(shards)))
    assert all(len(s.docs) == size for s in shards[:-1])
    # Distinct content gives distinct ids; the same content gives the same id on a second pass.
    assert len({s.id for s in shards}) == len(shards)
    assert [s.id for s in iter_shards(toy.make_docs(n), size)] == [s.id for s in shards]


@pytest.mark.parametrize(
    "a, b, same",
    [
        (["x", "y"], ["x", "y"], True),
        (["x", "y"], ["y", "x"], False),  # order matters: shards are runs of the input
        (["x", "y"], ["x"], False),
        (["xy"], ["x", "y"], False),  # no ambiguity from concatenation
    ],
)
def test_shard_id(a: list[str], b: list[str], same: bool) -> None:
    da = [Document(id=i, path="p") for i in a]
    db = [Document(id=i, path="p") for i in b]
    assert (shard_id(da) == shard_id(db)) is same


def test_fingerprint_changes_the_shard_id() -> None:
    docs = toy.make_docs(3)
    assert shard_id(docs, "v1") != shard_id(docs, "v2")


def test_bad_shard_size() -> None:
    with pytest.raises(ValueError):
        list(iter_shards([], 0))


@pytest.mark.parametrize(
    "scheduler, expected",
    [
        (None, ("local", None)),
        ("local", ("local", None)),
        ("local:3", ("local", 3)),
        ("tcp://10.0.0.1:8786", ("address", None)),
        ("10.0.0.1:8786", ("address", None)),
    ],
)
def test_parse_scheduler(scheduler: str | None, expected: tuple[str, int | None]) -> None:
    assert parse_scheduler(scheduler) == expected


@pytest.mark.parametrize("bad", ["local:0", "local:x", "local:"])
def test_parse_scheduler_refuses(bad: str) -> None:
    with pytest.raises(ConfigError):
        parse_scheduler(bad)


def test_unknown_executor() -> None:
    with pytest.raises(ValueError):
        make_executor("spark")


def test_local_map_shards_equals_map() -> None:
    ex = LocalExecutor(shard_size=6)
    flat = toy.summary(list(ex.map(toy.toy_pipeline, toy.make_docs(40))))
    sharded = toy.summary([d for s in ex.map_shards(toy.toy_pipeline, toy.make_docs(40)) for d in s.docs])
    assert sharded == flat
    assert len(flat) == 40


@pytest.fixture(params=["memory", "sqlite"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> object:
    if request.param == "memory":
        return MemoryLedger()
    return SqlLedger(f"sqlite:///{tmp_path / 'db.sqlite'}")


def test_ledger_roundtrip(ledger: MemoryLedger | SqlLedger) -> None:
    assert not ledger.done("a") and ledger.count() == 0
    ledger.mark("a", 3, run_id="r1")
    ledger.mark("a", 3, run_id="r2")  # marking twice is harmless
    assert ledger.done("a") and not ledger.done("b") and ledger.count() == 1
    ledger.clear()
    assert ledger.count() == 0
    ledger.close()


def test_in_memory_sqlite_ledger() -> None:
    ledger = SqlLedger("sqlite://")
    ledger.mark("s", 1)
    assert ledger.done("s")


@pytest.mark.parametrize("crash_after", [0, 1, 3, 6])
def test_interrupted_run_resumes_without_loss_or_duplicate(ledger: MemoryLedger | SqlLedger, crash_after: int) -> None:
    """The writer dies after ``crash_after`` shards; the re-run writes exactly the rest."""
    stored: dict[str, int] = {}
    writes = 0
    crashing = True

    class Crash(Exception):
        pass

    def write(docs: list[Document]) -> None:
        nonlocal writes
        if crashing and writes == crash_after:
            raise Crash
        writes += 1
        for d in docs:
            stored[d.id] = stored.get(d.id, 0) + 1

    ex = LocalExecutor(shard_size=5)
    with pytest.raises(Crash):
        run_sharded(ex, toy.toy_pipeline, toy.make_docs(32), write, ledger=ledger)
    crashing = False
    second = run_sharded(ex, toy.toy_pipeline, toy.make_docs(32), write, ledger=ledger)
    assert second.skipped == crash_after
    assert second.shards == 7 - crash_after
    assert sorted(stored) == sorted(d.id for d in toy.make_docs(32))
    assert set(stored.values()) == {1}
