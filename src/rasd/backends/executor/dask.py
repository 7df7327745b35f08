"""Run the pipeline on a Dask cluster: shards of documents go to workers, processed shards come back in order.

- The client process reads the input (files, WARC records, JSONL lines), cuts it into shards of consecutive
  documents (``rasd.backends.executor.iter_shards``) and submits each as one task. Workers extract and code in
  parallel; the client yields the processed shards *in input order*, so the caller, the single writer, sees
  exactly the stream the in-process run would produce.
- Each worker process builds the pipeline once (from the picklable factory) and keeps it for every later shard:
  loading lexicons and the gazetteer costs far more than coding one shard.
- A worker that dies loses nothing: the scheduler gives its unfinished shards to another worker (Dask's
  ``allowed-failures``), and a shard whose task raised is retried (``retries``). Stages never raise for bad
  input (``rasd.pipeline.base``), so a retry only ever repeats a pure function of the shard.
- Output identical to the in-process run also where a stage depends on the whole run: Extract drops a document
  seen before in the run (``duplicate``) and records near-duplicates. A worker sees one shard, so it runs that
  stage with its dedup off, and the client, which receives every shard in input order, does the dedup there
  and puts a duplicate back in the state the in-process run leaves it in (``RunLevelDedup``).
- At most ``window`` shards are in flight, so memory on the client stays bounded whatever the input size.

``scheduler`` is ``None`` or ``"local"`` (a LocalCluster with one single-threaded worker process per core),
``"local:N"`` (N worker processes), or the address of a running scheduler (``tcp://host:8786``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rasd.backends.executor import DEFAULT_SHARD_SIZE, PipelineFactory, Shard, iter_shards
from rasd.errors import ConfigError
from rasd.model import Document
from rasd.pipeline.base import Pipeline

log = logging.getLogger(__name__)

# Per worker process: pipelines already built, by factory token. Module-level so it survives across tasks.
_PIPELINES: dict[str, tuple[Pipeline, int | None]] = {}


def _factory_token(factory: PipelineFactory) -> str:
    """A token that is equal for equal factories, so workers reuse a pipeline across tasks and across runs."""
    import cloudpickle

    try:
        data = pickle.dumps(factory)  # by reference for module-level functions: cheap and stable
    except Exception:
        data = cloudpickle.dumps(factory)
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(slots=True)
class _RunLevel:
    """How a worker ran a stage whose result depends on the documents before it in the run (Extract's dedup).

    Such a stage cannot run on a worker, which sees one shard only: the worker turns it off, and the client, which
    sees every document in input order, applies it after (``RunLevelDedup``). For each document that reached the
    point where the stage would have checked it, the worker records what the document looked like there (its
    meta keys and trace length), so that a document the client finds to be a duplicate is put back in exactly
    the state the in-process run leaves it in: dropped at that stage, with no later stage's output.
    """

    stage: str
    reset: tuple[str, ...]  # fields filled by the stages after it
    snaps: list[tuple[tuple[str, ...], int] | None]  # per document: (meta keys, trace length) or None


def _dedup_stage(pipeline: Pipeline) -> tuple[int, Any] | None:
    """The stage with run-level duplicate detection (``dedup`` on, a ``seen`` registry), if any."""
    for i, st in enumerate(pipeline.stages):
        if getattr(st, "dedup", False) is True and hasattr(st, "seen"):
            return i, st
    return None


def run_shard(token: str, factory: PipelineFactory, docs: list[Document]) -> tuple[list[Document], _RunLevel | None]:
    """The task a worker runs: the pipeline over one shard. Module-level so workers import it by name."""
    entry = _PIPELINES.get(token)
    if entry is None:
        pipeline = factory()
        found = _dedup_stage(pipeline)
        if found is not None:
            found[1].dedup = False  # the client does it, in input order over the whole run
        entry = _PIPELINES[token] = (pipeline, found[0] if found is not None else None)
    pipeline, at = entry
    if at is None:
        return _lighten(list(pipeline.pipe(docs))), None
    stages = pipeline.stages
    reset = tuple(dict.fromkeys(f for st in stages[at + 1 :] for f in st.fills))
    snaps: list[tuple[tuple[str, ...], int] | None] = []
    out = []
    for doc in docs:
        for st in stages[: at + 1]:
            doc = st(doc)
        snaps.append(None if doc.drop is not None else (tuple(doc.meta), len(doc.trace)))
        for st in stages[at + 1 :]:
            doc = st(doc)
        out.append(doc)
    return _lighten(out), _RunLevel(stages[at].name, reset, snaps)


def _lighten(docs: list[Document]) -> list[Document]:
    """Drop what a TextView computed lazily for its users (token tables): ~20% of a coded document's pickle,
    and rebuilt on demand by whoever needs it on the client."""
    for d in docs:
        cache = getattr(d.view, "_cache", None)
        if isinstance(cache, dict):
            cache.clear()
    return docs


class RunLevelDedup:
    """The client's half of run-level dedup: exactly what ``Extract`` does in-process, in input order."""

    def __init__(self) -> None:
        from rasd.pipeline.extract.dedup import Seen

        self.seen = Seen()
        self._blank = Document(id="")

    def apply(self, docs: list[Document], info: _RunLevel) -> None:
        for doc, snap in zip(docs, info.snaps, strict=True):
            if snap is None:
                continue
            body = "\n".join(s.span.text for s in doc.segments if s.kind == "body")
            dup, near = self.seen.check(doc.id, doc.canonical_url or doc.url, body)
            if dup is None:
                doc.near_duplicates = near
                continue
            meta_keys, trace_len = snap
            for f in info.reset:
                value = getattr(self._blank, f)
                setattr(doc, f, type(value)() if isinstance(value, list | dict) else value)
            doc.meta = {k: v for k, v in doc.meta.items() if k in meta_keys}
            del doc.trace[trace_len:]
            doc.drop = None
            doc.duplicate_of = dup
            what = getattr(self.seen, "last_match", None) or ("URL" if doc.url else "text")
            doc.reject(info.stage, "duplicate", f"same {what} as {dup}")


def parse_scheduler(scheduler: str | None) -> tuple[str, int | None]:
    """``None``/``local`` -> ("local", None); ``local:N`` -> ("local", N); anything else -> ("address", None)."""
    if scheduler is None or scheduler in ("", "local"):
        return "local", None
    if scheduler.startswith("local:"):
        n = scheduler.split(":", 1)[1]
        if not n.isdigit() or int(n) < 1:
            raise ConfigError(f"bad scheduler {scheduler!r}: use local:N with N >= 1 workers")
        return "local", int(n)
    return "address", None


class DaskExecutor:
    """The Executor protocol over ``dask.distributed``."""

    name = "dask"

    def __init__(
        self,
        scheduler: str | None = None,
        shard_size: int = DEFAULT_SHARD_SIZE,
        retries: int = 3,
        window: int | None = None,
        client: Any = None,
        keep_alive: bool = False,
        worker_memory_limit: str | float | int = "1GB",
    ) -> None:
        self.scheduler = scheduler
        self.kind, self.n_workers = parse_scheduler(scheduler)
        self.shard_size = shard_size
        self.retries = retries
        self.window = window
        self.keep_alive = keep_alive  # keep a LocalCluster between map() calls (``rasd watch``)
        self.worker_memory_limit = worker_memory_limit
        self._client = client
        self._owns_client = client is None
        self._cluster: Any = None

    # -- cluster lifecycle -------------------------------------------------------------------------------------
    @property
    def client(self) -> Any:
        if self._client is None:
            from distributed import Client, LocalCluster

            if self.kind == "local":
                n = self.n_workers or os.cpu_count() or 1
                # One single-threaded process per worker: the pipeline is pure Python, threads would share a GIL.
                self._cluster = LocalCluster(
                    n_workers=n,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # no fixed port: other clusters may run here
                    memory_limit=self.worker_memory_limit,
                    silence_logs=logging.ERROR,
                )
                self._client = Client(self._cluster)
            else:
                try:
                    self._client = Client(self.scheduler, timeout="30s")
                except OSError as exc:
                    raise ConfigError(f"cannot reach Dask scheduler {self.scheduler!r}: {exc}") from exc
        return self._client

    def close(self) -> None:
        if self._client is not None and self._owns_client:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _window(self) -> int:
        if self.window:
            return self.window
        workers = len(self.client.scheduler_info().get("workers", {})) or (self.n_workers or 1)
        # Two shards per worker: one running, one queued, so a worker never idles waiting for the client.
        return max(2, 2 * workers)

    # -- the Executor protocol ---------------------------------------------------------------------------------
    def map(self, factory: PipelineFactory, docs: Iterable[Document]) -> Iterator[Document]:
        for shard in self.map_shards(factory, docs):
            yield from shard.docs

    def map_shards(
        self,
        factory: PipelineFactory,
        docs: Iterable[Document],
        skip: Callable[[str], bool] | None = None,
        fingerprint: str = "",
    ) -> Iterator[Shard]:
        client = self.client
        token = _factory_token(factory)
        run = uuid.uuid4().hex[:8]  # task keys unique per run, so a kept-alive cluster never reuses a result
        window = self._window()
        inflight: deque[tuple[Shard, Any]] = deque()
        dedup: RunLevelDedup | None = None
        shards = iter_shards(docs, self.shard_size, fingerprint)
        try:
            exhausted = False
            while True:
                while not exhausted and len(inflight) < window:
                    shard = next(shards, None)
                    if shard is None:
                        exhausted = True
                        break
                    if skip is not None and skip(shard.id):
                        continue
                    key = f"rasd-shard-{run}-{shard.index}-{shard.id}"
                    fut = client.submit(run_shard, token, factory, shard.docs, retries=self.retries, key=key)
                    shard.docs = []  # the worker has them now; do not hold a second copy here
                    inflight.append((shard, fut))
                if not inflight:
                    return
                shard, fut = inflight.popleft()
                shard.docs, info = fut.result()
                fut.release()
                if info is not None:
                    dedup = dedup or RunLevelDedup()
                    dedup.apply(shard.docs, info)
                yield shard
        finally:
            for _, fut in inflight:
                fut.cancel()
            if not self.keep_alive:
                self.close()
