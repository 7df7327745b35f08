"""Store commands: ``rasd ingest``, ``rasd events``, ``rasd export`` and ``rasd db`` (status, splits, merges).

Heavy imports (SQLAlchemy, the pipeline, rich, pyarrow) happen inside the commands so ``rasd --help`` stays fast.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from datetime import date
from typing import Any

import click

from rasd.commands import parse_date_option
from rasd.model import EVENT_TYPES, SUB_EVENT_TYPES

DB_HELP = "Database URL: sqlite:///PATH or postgresql://USER@HOST/DB (default: $RASD_DB or ~/.local/share/rasd)."


def _near(_ctx: Any, _param: Any, value: str | None) -> tuple[float, float, float] | None:
    if value is None:
        return None
    try:
        lat, lon, km = (float(x) for x in value.split(","))
    except ValueError as exc:
        raise click.BadParameter("use LAT,LON,KM, e.g. 36.2,37.15,25") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
        raise click.BadParameter("latitude in [-90, 90], longitude in [-180, 180], radius > 0 km")
    return lat, lon, km


def _event_type(_ctx: Any, _param: Any, value: str | None) -> str | None:
    if value is None:
        return None
    names = {n.casefold(): n for n in (*EVENT_TYPES, *SUB_EVENT_TYPES)}
    got = names.get(value.casefold())
    if got is None:
        raise click.BadParameter(f"{value!r} is not an ACLED event or sub-event type; one of: {', '.join(EVENT_TYPES)}")
    return got


def _open(db: str | None) -> Any:
    from rasd.backends.store import open_store

    try:
        return open_store(db)
    except Exception as exc:  # a bad URL or an unreachable server: one clear line, not a traceback
        raise click.ClickException(f"cannot open the store at {db or 'the default location'}: {exc}") from exc


def _factory(spec: str | None) -> Any:
    if not spec:
        from rasd.pipeline import default_pipeline

        return default_pipeline
    mod, _, name = spec.partition(":")
    return getattr(importlib.import_module(mod), name or "pipeline")


def _filters(f: Any) -> Any:
    """The event filters shared by ``events`` and ``export``."""
    opts = [
        click.option("--country", help="Country name or ISO code."),
        click.option("--type", "event_type", callback=_event_type, help="ACLED event type or sub-event type."),
        click.option("--actor", help="Part of an actor name."),
        click.option("--since", callback=parse_date_option, help="Events on or after this date (YYYY-MM-DD)."),
        click.option("--until", callback=parse_date_option, help="Events on or before this date."),
        click.option("--near", callback=_near, help="LAT,LON,KM: events within KM of a point."),
        click.option("--text", help="Words in the reporting articles (Arabic is matched folded)."),
        click.option("--db", help=DB_HELP),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _query(kw: dict[str, Any], limit: int = 100, sort: str = "-event_date") -> Any:
    from rasd.backends.store import EventQuery

    return EventQuery(
        country=kw.get("country"),
        event_type=kw.get("event_type"),
        actor=kw.get("actor"),
        since=kw.get("since"),
        until=kw.get("until"),
        near=kw.get("near"),
        text=kw.get("text"),
        limit=limit,
        sort=sort,
    )


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", help=DB_HELP)
@click.option(
    "--published", callback=parse_date_option, help="Publication date for inputs that carry none (YYYY-MM-DD)."
)
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="Dask scheduler address (tcp://HOST:8786) or local:N.")
@click.option("--force", is_flag=True, help="Process and rewrite documents already stored (after an upgrade).")
@click.option("--pipeline", "pipeline_spec", hidden=True, help="MODULE:FACTORY building the pipeline (tests).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def ingest(
    paths: tuple[str, ...],
    db: str | None,
    published: date | None,
    executor: str,
    scheduler: str | None,
    force: bool,
    pipeline_spec: str | None,
    quiet: bool,
) -> None:
    """Read PATHS (files, directories, JSONL, WARC, feeds, - for stdin), code them and store the events.

    Re-running on the same inputs changes nothing; an interrupted run resumes where it stopped.
    """
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from rasd.backends.executor import make_executor
    from rasd.backends.store.ingest import ingest as run_ingest
    from rasd.pipeline.ingest import read

    store = _open(db)
    factory = _factory(pipeline_spec)
    ex = make_executor(executor, scheduler)
    console = Console(stderr=True)
    run_id = store.start_run(
        {"command": "ingest", "paths": list(paths), "executor": executor, "force": force, "argv": sys.argv[1:]}
    )
    t0 = time.monotonic()
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest"),
        BarColumn(bar_width=None),
        TextColumn("{task.completed} documents · {task.fields[events]} events · {task.fields[dropped]} dropped"),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
        transient=False,
    )
    try:
        with progress:
            task = progress.add_task("ingest", total=None, events=0, dropped=0)

            def on_doc(_doc: Any, res: Any) -> None:
                w = res.write
                progress.update(task, completed=w.documents, events=w.events, dropped=sum(w.dropped.values()))

            try:
                res = run_ingest(
                    store, read(list(paths), published=published), ex, factory, run_id, force=force, on_doc=on_doc
                )
            except KeyboardInterrupt:
                # Every document written so far is complete (one transaction each): the next run resumes.
                store.finish_run(run_id, {"seconds": round(time.monotonic() - t0, 2)}, status="interrupted")
                console.print("[yellow]interrupted[/]: documents written so far are kept; run again to resume")
                raise SystemExit(130) from None
        counts = res.to_dict() | {"seconds": round(time.monotonic() - t0, 2)}
        store.finish_run(run_id, counts)
        stats = store.stats()
    finally:
        close = getattr(ex, "close", None)
        if close:
            close()
        store.close()
    _print_summary(console, counts, stats)


def _print_summary(console: Any, counts: dict[str, Any], stats: dict[str, Any]) -> None:
    from rich.table import Table

    t = Table(title="rasd ingest", show_header=False, box=None)
    t.add_column(style="bold")
    t.add_column(justify="right")
    t.add_row("documents read", str(counts["read"]))
    t.add_row("already stored (skipped)", str(counts["already_stored"]))
    t.add_row("processed and stored", str(counts["stored"]))
    t.add_row("event reports", str(counts["reports"]))
    t.add_row("  new events", str(counts["new_events"]))
    t.add_row("  merged into an existing event", str(counts["merged_into_existing"]))
    dropped = counts["dropped"]
    t.add_row("dropped", str(sum(dropped.values())))
    for reason, n in sorted(dropped.items(), key=lambda kv: (-kv[1], kv[0])):
        t.add_row(f"  {reason}", str(n))
    t.add_row("time", f"{counts['seconds']:.1f} s")
    t.add_row("store: documents / events", f"{stats['documents']} / {stats['events']}")
    t.add_row("store: events with 2+ sources", str(stats["merged_clusters"]))
    t.add_row("store: events with 2+ outlets", str(stats.get("multi_outlet_events", 0)))
    console.print(t)


@click.command()
@_filters
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(1, None), default=None, help="At most this many (table: 50).")
@click.option("--sort", default="-event_date", show_default=True, help="Field, '-' for descending.")
def events(fmt: str, limit: int | None, sort: str, db: str | None, **kw: Any) -> None:
    """List stored events, newest first."""
    store = _open(db)
    try:
        q = _query(kw, limit=limit or 50, sort=sort)
        if fmt == "jsonl":
            from rasd.export.jsonl import write_jsonl

            it = store.iter_events(q)
            if limit:
                import itertools

                it = itertools.islice(it, limit)
            try:
                write_jsonl(it, sys.stdout)
            except ValueError as exc:  # an unknown --sort field surfaces when the first batch is fetched
                raise click.BadParameter(str(exc), param_hint="--sort") from exc
            return
        try:
            page = store.query_events(q)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--sort") from exc
        _print_events(page)
    finally:
        store.close()


def _print_events(page: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"{page.total} events" + (f" (first {len(page.items)})" if page.total > len(page.items) else ""))
    for col in ("id", "date", "type", "location", "country", "actor1", "actor2", "fat.", "src"):
        t.add_column(col, overflow="fold", no_wrap=col in ("id", "date", "fat.", "src"))
    for e in page.items:
        fat = str(e.get("fatalities") or 0) + ("*" if e.get("contested") else "")
        t.add_row(
            e.get("id") or "",
            e.get("event_date") or "",
            e.get("sub_event_type") or "",
            e.get("location") or "",
            e.get("country") or "",
            e.get("actor1") or "",
            e.get("actor2") or "",
            fat,
            str(e.get("sources_count") or 1),
        )
    console = Console()
    if not console.is_terminal:
        console = Console(width=160)  # piped into a file or a pager: do not fold to 80 columns
    console.print(t)
    if any(e.get("contested") for e in page.items):
        console.print("* contested: a party denies the event or its figures")


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["acled-csv", "geojson", "parquet", "jsonl"]),
    default="acled-csv",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default stdout).")
@_filters
def export(fmt: str, output: str | None, db: str | None, **kw: Any) -> None:
    """Export stored events: ACLED CSV (31 ACLED columns + rasd's), GeoJSON, Parquet or JSONL."""
    from rasd.export import export as do_export

    if fmt == "parquet" and not output:
        raise click.UsageError("parquet is binary: give -o FILE.parquet")
    store = _open(db)
    try:
        evs = store.iter_events(_query(kw, sort="event_date"))
        n = do_export(evs, fmt, output or sys.stdout)
    finally:
        store.close()
    click.echo(f"exported {n} events" + (f" to {output}" if output else ""), err=True)


@click.group()
def db() -> None:
    """Inspect the store and correct the dedup: status, show, split, merge, recluster."""


@db.command("status")
@click.option("--db", "url", help=DB_HELP)
def db_status(url: str | None) -> None:
    """Schema version, backend, counts and the last run, as JSON."""
    store = _open(url)
    try:
        click.echo(
            json.dumps({"status": store.status(), "stats": store.stats()}, ensure_ascii=False, indent=1, default=str)
        )
    finally:
        store.close()


@db.command("show")
@click.argument("event_id")
@click.option("--db", "url", help=DB_HELP)
def db_show(event_id: str, url: str | None) -> None:
    """One event with every source, its figures and claims, as JSON."""
    store = _open(url)
    try:
        ev = store.get_event(event_id)
    finally:
        store.close()
    if ev is None:
        raise click.ClickException(f"no event {event_id}")
    click.echo(json.dumps(ev, ensure_ascii=False, indent=1, default=str))


def _who(who: str | None) -> str:
    import getpass

    return who or getpass.getuser()


@db.command("split")
@click.argument("event_id")
@click.argument("report_ids", nargs=-1, required=True)
@click.option("--who", help="Analyst name (default: the login name).")
@click.option("--note", default="", help="Why.")
@click.option("--db", "url", help=DB_HELP)
def db_split(event_id: str, report_ids: tuple[str, ...], who: str | None, note: str, url: str | None) -> None:
    """Move REPORT_IDS (see `rasd db show`) out of EVENT_ID into a new event. Re-runs keep them apart."""
    store = _open(url)
    try:
        new = store.split(event_id, report_ids, _who(who), note)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    click.echo(new)


@db.command("merge")
@click.argument("event_ids", nargs=-1, required=True)
@click.option("--who", help="Analyst name (default: the login name).")
@click.option("--note", default="", help="Why.")
@click.option("--db", "url", help=DB_HELP)
def db_merge(event_ids: tuple[str, ...], who: str | None, note: str, url: str | None) -> None:
    """Merge EVENT_IDS into the oldest of them; the other ids keep resolving to it."""
    store = _open(url)
    try:
        kept = store.merge(event_ids, _who(who), note)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    click.echo(kept)


@db.command("recluster")
@click.option("--db", "url", help=DB_HELP)
def db_recluster(url: str | None) -> None:
    """Re-run cross-source dedup over all stored reports (keeps event ids and analysts' splits and merges)."""
    store = _open(url)
    try:
        out = store.recluster()
    finally:
        store.close()
    click.echo(json.dumps(out))


commands = [ingest, events, export, db]
