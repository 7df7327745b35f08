"""``rasd extract`` and ``rasd demo``: run the pipeline over files and print the output contract."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from importlib import resources as ilr
from pathlib import Path
from typing import IO, Any

import click

from rasd.commands import parse_date_option
from rasd.model import Document
from rasd.pipeline.base import Counts

FORMATS = ("table", "json", "jsonl", "csv")


def run_pipeline(paths: Iterable[str], published: date | None = None, llm: Any = None) -> Iterator[Document]:
    """Read every input and run the default pipeline over it, yielding every document (dropped ones too)."""
    from rasd.backends.executor import LocalExecutor
    from rasd.pipeline import default_stages
    from rasd.pipeline.base import Pipeline
    from rasd.pipeline.ingest import read

    def factory() -> Pipeline:
        stages = default_stages()
        if llm is not None:
            from rasd.pipeline.llm_review import LLMReview

            stages.append(LLMReview(llm))
        return Pipeline(stages)

    yield from LocalExecutor().map(factory, read(list(paths), published=published))


# --- output -------------------------------------------------------------------------------------------------


def _bidi_wanted(stream: IO[str], flag: bool | None) -> bool:
    """Reorder Arabic for display only on a terminal: most terminals draw it unshaped and left-to-right.

    Piped output stays in logical order so that other programs read the real text. ``RASD_BIDI=0/1`` or
    ``--bidi/--no-bidi`` overrides (for terminals such as mlterm or Konsole that do their own bidi).
    """
    if flag is not None:
        return flag
    env = os.environ.get("RASD_BIDI")
    if env in {"0", "1"}:
        return env == "1"
    return stream.isatty()


def for_terminal(text: str | None, bidi: bool, width: int = 48) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    if len(text) > width:  # cut in logical order, before reordering, so the beginning of the text survives
        text = text[: width - 1] + "…"
    if not bidi:
        return text
    import arabic_reshaper
    from bidi import get_display

    return str(get_display(arabic_reshaper.reshape(text)))


def render_table(docs: list[Document], out: IO[str], bidi: bool | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    use_bidi = _bidi_wanted(out, bidi)
    console = Console(file=out, width=None if out.isatty() else 200, soft_wrap=False)
    table = Table(title="rasd events", show_lines=False, header_style="bold")
    # The sub-event type names its event type; doc ids are content hashes, 10 characters tell them apart.
    for col, width in (
        ("doc", 10),
        ("date", 10),
        ("sub-event type", 30),
        ("actor1", 26),
        ("actor2", 24),
        ("location", 24),
        ("deaths", 6),
        ("reported by", 22),
        ("denied by", 16),
    ):
        table.add_column(col, no_wrap=True, overflow="ellipsis", min_width=min(width, 10), max_width=width)
    for doc in docs:
        for ev in doc.events:
            table.add_row(
                doc.id[:10],
                ev.event_date.isoformat() if ev.event_date else "?",
                ev.sub_event_type + (" (background)" if ev.optional else ""),
                ev.actor1.name if ev.actor1 else "",
                ev.actor2.name if ev.actor2 else "",
                (ev.place.name if ev.place else "")
                + (f", {ev.place.country}" if ev.place and ev.place.country else ""),
                str(ev.fatalities),
                for_terminal(ev.claim("reported_by"), use_bidi, 21),
                for_terminal(ev.claim("denied_by"), use_bidi, 15),
            )
    console.print(table)
    for doc in docs:
        if doc.drop is not None:
            console.print(f"[yellow]dropped[/] {doc.path or doc.id}: {doc.drop}", highlight=False)
    for doc in docs:
        for ev in doc.events:
            console.print(
                f"[dim]{doc.id[:10]} evidence:[/] {for_terminal(ev.evidence.text, use_bidi, 150)}", highlight=False
            )


def event_records(docs: Iterable[Document]) -> Iterator[dict[str, Any]]:
    """Event dicts with the document's outlet and URL, as the exports expect them."""
    for doc in docs:
        for ev in doc.events:
            yield ev.to_dict() | {"doc_id": doc.id, "source": doc.source, "url": doc.url}


def write_output(docs: Iterable[Document], fmt: str, out: IO[str], bidi: bool | None = None) -> Counts:
    counts = Counts()
    if fmt == "jsonl":
        for doc in docs:
            counts.add(doc)
            out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
            out.flush()
        return counts
    materialised = []
    for doc in docs:
        counts.add(doc)
        materialised.append(doc)
    if fmt == "json":
        json.dump([d.to_dict() for d in materialised], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "csv":
        from rasd.export.acled_csv import write_csv

        write_csv(event_records(materialised), out)
    else:
        render_table(materialised, out, bidi)
    return counts


def summary(counts: Counts) -> str:
    dropped = ", ".join(f"{k} {v}" for k, v in sorted(counts.dropped.items())) or "none"
    return (
        f"{counts.documents} documents, {counts.events} events in {counts.with_events} documents, "
        f"{counts.interactions} interactions; dropped: {dropped}"
    )


# --- commands -----------------------------------------------------------------------------------------------


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--published", callback=parse_date_option, help="Publication date for inputs that carry none (YYYY-MM-DD)."
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
@click.option("--bidi/--no-bidi", default=None, help="Reorder Arabic for the terminal (default: on a terminal).")
@click.option(
    "--llm",
    is_flag=True,
    help="Review coded events with the OpenAI-compatible LLM at $RASD_LLM_URL ($RASD_LLM_MODEL, $RASD_LLM_KEY).",
)
def extract(
    paths: tuple[str, ...], published: date | None, fmt: str, output: str | None, bidi: bool | None, llm: bool
) -> None:
    """Extract events from PATHS (.txt, .html, .jsonl, .warc[.gz], RSS/Atom, directories, or - for stdin)."""
    reviewer = None
    if llm:
        from rasd.backends.llm import from_env

        reviewer = from_env()
        if reviewer is None:
            raise click.UsageError("--llm needs RASD_LLM_URL (an OpenAI-compatible endpoint) to be set")
    out: IO[str] = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115 - closed below
    try:
        counts = write_output(run_pipeline(paths, published, reviewer), fmt, out, bidi)
    finally:
        if output:
            out.close()
    click.echo(summary(counts), err=True)


def demo_dir() -> Path:
    return Path(str(ilr.files("rasd.resources") / "demo"))


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default="rasd-demo",
    show_default=True,
    help="Where the full output goes.",
)
@click.option("--bidi/--no-bidi", default=None, help="Reorder Arabic for the terminal (default: on a terminal).")
def demo(out_dir: str, bidi: bool | None) -> None:
    """Run the whole pipeline on the bundled demo articles and print their events."""
    src = demo_dir()
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    docs = list(run_pipeline([str(src)]))
    with open(target / "documents.jsonl", "w", encoding="utf-8") as f:
        counts = write_output(docs, "jsonl", f)
    with open(target / "events.csv", "w", encoding="utf-8", newline="") as f:
        write_output(docs, "csv", f)
    render_table(docs, sys.stdout, bidi)
    stored = _store_demo(docs, target)
    click.echo(summary(counts))
    click.echo(f"Full output: {target / 'documents.jsonl'} (every document, events with evidence and spans)")
    click.echo(f"ACLED CSV:   {target / 'events.csv'}")
    if stored:
        click.echo(f"Database:    {stored}  (explore it: rasd serve --db {stored})")


def _store_demo(docs: list[Document], target: Path) -> str | None:
    """Also load the demo into a fresh SQLite database, so that ``rasd serve`` has something to show."""
    try:
        from rasd.backends.store import open_store
    except ImportError:
        return None
    db = target / "rasd.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{db.resolve()}"
    store = open_store(url)
    try:
        store.write(docs)
    finally:
        store.close()
    return url


commands = [extract, demo]
