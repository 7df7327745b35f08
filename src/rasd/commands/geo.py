"""``rasd geocode`` (debug place resolution) and ``rasd gazetteer`` (build, inspect, import)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click


def _open(path: str | None) -> Any:
    from rasd.backends.gazetteer import GazetteerError, default_gazetteer

    try:
        return default_gazetteer(path)
    except GazetteerError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command()
@click.argument("text", required=False)
@click.option("--file", "file_", type=click.Path(exists=True, dir_okay=False), help="Read the text from a file.")
@click.option("--dateline", help="A dateline place (context only), e.g. 'بيروت'.")
@click.option(
    "--gazetteer", "gz_path", type=click.Path(dir_okay=False), help="Gazetteer file (default: RASD_GAZETTEER)."
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--all", "show_all", is_flag=True, help="Also list refused matches and every candidate.")
def geocode(
    text: str | None, file_: str | None, dateline: str | None, gz_path: str | None, as_json: bool, show_all: bool
) -> None:
    """List the place mentions found in TEXT (or --file, or stdin), their candidates and the choice, with reasons."""
    from rasd.model import Document
    from rasd.pipeline.analyze import Analyze
    from rasd.pipeline.geocode import best_place, geocode_document
    from rasd.pipeline.normalize import Normalize

    if file_:
        text = Path(file_).read_text(encoding="utf-8")
    elif text is None or text == "-":
        text = sys.stdin.read()
    gz = _open(gz_path)
    doc = Document(id="geocode", text=text, dateline=dateline)
    doc = Analyze()(Normalize()(doc))
    mentions, found = geocode_document(doc, gz)
    doc.mentions.extend(mentions)
    if as_json:
        out = {
            "context": doc.meta.get("geo_context"),
            "mentions": [
                {
                    "sentence": m.sentence,
                    "span": m.span.to_dict(),
                    "place": m.value.to_dict(),
                    "feature": m.value.feature,
                }
                | {k: v for k, v in m.attrs.items()}
                for m in mentions
            ],
            "refused": [
                {"text": doc.text[f.start : f.end], "key": f.key, "why": f.refused} for f in found if f.refused
            ],
            "best_per_sentence": {
                i: (p.to_dict() if (p := best_place(doc, i)) else None) for i in range(len(doc.sentences))
            },
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    ctx = doc.meta.get("geo_context") or {}
    click.echo(f"article countries: {ctx.get('countries')}  dominant: {ctx.get('dominant')}")
    for m in mentions:
        p = m.value
        click.echo(
            f"[s{m.sentence}] {m.span.text!r} -> {p.name} ({p.feature}, {p.country}, admin1={p.admin1}) "
            f"{p.latitude},{p.longitude} geo_precision={p.geo_precision} id={p.gazetteer_id}"
            + (f" pcodes={p.pcodes}" if p.pcodes else "")
        )
        click.echo(
            f"      why: {m.attrs['why']}"
            + (f"  cue: {m.attrs['cue']}" if m.attrs.get("cue") else "")
            + ("  role: landmark (reference point)" if m.attrs.get("role") == "landmark" else "")
        )
        for c in m.attrs["candidates"][: None if show_all else 3]:
            click.echo(
                f"      {c['score']:6.2f}  {c['name']} ({c['kind']}, {c['country']}) pop={c['population']} id={c['id']}"
            )
    refused = [f for f in found if f.refused]
    if refused:
        click.echo("refused: " + "; ".join(f"{doc.text[f.start : f.end]!r} ({f.refused})" for f in refused))
    for i in range(len(doc.sentences)):
        bp = best_place(doc, i)
        click.echo(
            f"best place of sentence {i}: " + (f"{bp.name} (geo_precision {bp.geo_precision})" if bp else "none")
        )


@click.group()
def gazetteer() -> None:
    """Build, inspect and extend the gazetteer (GeoNames dumps, OCHA p-code tables)."""


@gazetteer.command("build")
@click.option(
    "--path", type=click.Path(dir_okay=False), help="Where to write it (default: RASD_GAZETTEER or RASD_HOME)."
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing on success (make setup).")
def gz_build(path: str | None, quiet: bool) -> None:
    """(Re)build the default gazetteer from pip-installed data and rasd's curated aliases.

    Imports (import-geonames, import-pcodes) are not kept: re-run them after a rebuild.
    """
    from rasd.backends.gazetteer import build
    from rasd.backends.gazetteer.sqlite import read_manifest

    p = build(path)
    m = read_manifest(p)
    if not quiet:
        click.echo(f"built {p}: {sum(m['entries'].values())} entries {m['entries']}")


@gazetteer.command("info")
@click.option("--path", type=click.Path(dir_okay=False))
def gz_info(path: str | None) -> None:
    """Where the gazetteer is, what it holds, and whether it is sound."""
    gz = _open(path)
    click.echo(json.dumps({"path": str(gz.path), **gz.manifest, "stale": gz.stale}, ensure_ascii=False, indent=1))


@gazetteer.command("search")
@click.argument("name")
@click.option("--path", type=click.Path(dir_okay=False))
@click.option("--limit", default=10, show_default=True)
def gz_search(name: str, path: str | None, limit: int) -> None:
    """Entries whose names are NAME (exactly, by key) or contain it."""
    from rasd.backends.gazetteer import name_key

    gz = _open(path)
    hits = gz.lookup(name_key(name))
    seen = {e.id for e in hits}
    hits += [e for e in gz.search(name, limit) if e.id not in seen]
    for e in hits[:limit]:
        click.echo(
            f"{e.id}\t{e.name}\t{e.name_ar}\t{e.kind}\t{e.country}\t{e.admin1}\t{e.latitude},{e.longitude}\tpop={e.population}"
            + (f"\t{e.pcodes}" if e.pcodes else "")
        )


def _parse_columns(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for v in values:
        if "=" not in v:
            raise click.BadParameter(f"{v!r}: expected ROLE=COLUMN")
        k, col = v.split("=", 1)
        out[k.strip()] = col.strip()
    return out


@gazetteer.command("import-geonames")
@click.argument("all_countries", type=click.Path(exists=True, dir_okay=False))
@click.argument("alternate_names", type=click.Path(exists=True, dir_okay=False), required=False)
@click.option("--countries", help="Comma-separated ISO codes to keep, e.g. SY,YE.")
@click.option("--min-population", default=0, show_default=True, help="Skip towns smaller than this.")
@click.option("--path", type=click.Path(dir_okay=False))
def gz_import_geonames(
    all_countries: str, alternate_names: str | None, countries: str | None, min_population: int, path: str | None
) -> None:
    """Add GeoNames records (allCountries.txt or XX.txt, with alternateNamesV2.txt for Arabic names)."""
    from rasd.backends.gazetteer import GazetteerError
    from rasd.backends.gazetteer.importers import import_entries, read_geonames

    gz = _open(path)
    cc = [c for c in (countries or "").split(",") if c.strip()]
    try:
        n = import_entries(
            gz.path,
            read_geonames(all_countries, alternate_names, cc, min_population),
            {"kind": "geonames", "file": Path(all_countries).name, "countries": cc},
        )
    except GazetteerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"imported {n} GeoNames entries into {gz.path}")


@gazetteer.command("import-pcodes")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--country", help="ISO code, when the p-codes do not start with it.")
@click.option(
    "--column",
    "columns",
    multiple=True,
    help="ROLE=COLUMN, repeatable. Roles: admin{1-4}_en, admin{1-4}_ar, admin{1-4}_pcode, lat, lon, type (wide "
    "tables); pcode, name_en, name_ar, level, parent (one row per unit). Detected from usual HDX names otherwise.",
)
@click.option("--places-level", default=4, show_default=True, help="Admin level from which units are towns.")
@click.option("--path", type=click.Path(dir_okay=False))
def gz_import_pcodes(
    file: str, country: str | None, columns: tuple[str, ...], places_level: int, path: str | None
) -> None:
    """Add an admin table with Arabic/English names and p-codes (CSV or JSON; OCHA COD-AB, HDX, open-admin-data)."""
    from rasd.backends.gazetteer import GazetteerError
    from rasd.backends.gazetteer.importers import import_entries, read_pcodes

    gz = _open(path)
    try:
        n = import_entries(
            gz.path,
            read_pcodes(file, _parse_columns(columns), country, places_level),
            {"kind": "pcodes", "file": Path(file).name, "country": country},
        )
    except GazetteerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"imported {n} p-code entries into {gz.path}")


@gazetteer.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--corpus", type=click.Path(exists=True, file_okay=False), required=True, help="The corpus folder.")
@click.option("--optional/--required-only", default=False, help="Also count optional (background) gold events.")
@click.option(
    "--misses", is_flag=True, help="List the gold events placed more than 25 km off (by mention and by sentence)."
)
@click.option("--path", type=click.Path(dir_okay=False))
def gz_eval(gold: str, corpus: str, optional: bool, misses: bool, path: str | None) -> None:
    """Measure place resolution against a gold file: share of gold events placed within 25 km, by precision."""
    from rasd.backends.gazetteer.evaluate import evaluate

    res = evaluate(gold, corpus, _open(path), include_optional=optional)
    miss = res.pop("misses")
    click.echo(json.dumps(res, indent=1))
    if misses:
        click.echo("\n".join(miss))


commands = [geocode, gazetteer]
