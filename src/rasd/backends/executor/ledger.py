"""The shard ledger: which shards of input a run has already written, so that a re-run skips them.

The store's ``runs`` table records whole runs (versions, counts); it does not know about shards, which are an
executor concept. So the ledger is its own small table, ``rasd_shards``, created through SQLAlchemy Core in the
*same database* as the store (``SqlLedger(store_url)``): SQLite and PostgreSQL alike, with no sidecar file to
lose or to ship around. ``MemoryLedger`` is the in-memory double.

A shard is marked only after its documents were written (see ``rasd.backends.executor.run_sharded``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

TABLE = "rasd_shards"


class ShardLedger(Protocol):
    def done(self, shard_id: str) -> bool: ...

    def mark(self, shard_id: str, documents: int, run_id: str | None = None) -> None: ...

    def count(self) -> int: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...


class MemoryLedger:
    """An in-memory ledger for tests and one-off runs."""

    def __init__(self) -> None:
        self._done: dict[str, int] = {}

    def done(self, shard_id: str) -> bool:
        return shard_id in self._done

    def mark(self, shard_id: str, documents: int, run_id: str | None = None) -> None:
        self._done[shard_id] = documents

    def count(self) -> int:
        return len(self._done)

    def clear(self) -> None:
        self._done.clear()

    def close(self) -> None:
        pass


class SqlLedger:
    """The ledger as a table in a SQL database (normally the store's own)."""

    def __init__(self, url: str, engine: Any = None) -> None:
        import sqlalchemy as sa

        if engine is None:
            kwargs: dict[str, Any] = {}
            if url.startswith("sqlite") and url.rstrip("/") in ("sqlite:", "sqlite:///:memory:", "sqlite:"):
                from sqlalchemy.pool import StaticPool

                kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
            elif url.startswith("sqlite"):
                # The store holds its own connection to the same file: wait for its commit rather than fail.
                kwargs = {"connect_args": {"timeout": 60}}
            engine = sa.create_engine(url, **kwargs)
            self._owns = True
        else:
            self._owns = False
        self._sa = sa
        self.engine = engine
        md = sa.MetaData()
        self.table = sa.Table(
            TABLE,
            md,
            sa.Column("shard_id", sa.String(40), primary_key=True),
            sa.Column("documents", sa.Integer, nullable=False),
            sa.Column("run_id", sa.String(64), nullable=True),
            sa.Column("done_at", sa.String(32), nullable=False),
        )
        md.create_all(engine, checkfirst=True)

    def done(self, shard_id: str) -> bool:
        t = self.table
        with self.engine.connect() as c:
            return c.execute(self._sa.select(t.c.shard_id).where(t.c.shard_id == shard_id)).first() is not None

    def mark(self, shard_id: str, documents: int, run_id: str | None = None) -> None:
        t = self.table
        row = {
            "shard_id": shard_id,
            "documents": documents,
            "run_id": run_id,
            "done_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        # Delete-then-insert in one transaction is an upsert that both SQLite and PostgreSQL accept.
        with self.engine.begin() as c:
            c.execute(t.delete().where(t.c.shard_id == shard_id))
            c.execute(t.insert().values(**row))

    def count(self) -> int:
        with self.engine.connect() as c:
            return int(c.execute(self._sa.select(self._sa.func.count()).select_from(self.table)).scalar_one())

    def clear(self) -> None:
        with self.engine.begin() as c:
            c.execute(self.table.delete())

    def close(self) -> None:
        if self._owns:
            self.engine.dispose()
