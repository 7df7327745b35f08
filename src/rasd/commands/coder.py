"""``rasd explain``: what the event coder saw in a sentence and why it did or did not code an event."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

import click

from rasd.commands import parse_date_option


def explain_text(text: str, published: date | None = None, gazetteer: Any = None) -> tuple[Any, list[Any]]:
    """Run the pipeline up to the coder on ``text`` and code it, keeping what was seen per sentence."""
    from rasd.model import Document, content_id
    from rasd.pipeline.analyze import Analyze
    from rasd.pipeline.base import Pipeline
    from rasd.pipeline.code.coder import code_document
    from rasd.pipeline.normalize import Normalize

    stages: list[Any] = [Normalize(), Analyze()]
    try:
        from rasd.pipeline.geocode import Geocode

        stages.append(Geocode(gazetteer))
    except ImportError:  # pragma: no cover - geocoding not installed
        pass
    doc = Document(id=content_id(text), path="<explain>", text=text, published=published, published_from="user")
    doc = Pipeline(stages)(doc)
    seen = code_document(doc, keep_seen=True, background=True) if doc.drop is None else []
    return doc, seen


def seen_to_dict(s: Any, text: str) -> dict[str, Any]:
    def hit(h: Any) -> dict[str, Any]:
        return {"text": text[h.start : h.end], "entry": h.surface, "family": str(h.payload)}

    return {
        "sentence": s.index,
        "text": s.span.text,
        "title": s.title,
        "triggers": [hit(h) | {"live": any(h is x for x in s.live)} for h in s.triggers],
        "rejected": [{"trigger": text[r.hit.start : r.hit.end], "reason": r.reason, "cue": r.cue} for r in s.rejected],
        "cues": {k: [text[h.start : h.end] for h in v] for k, v in sorted(s.cues.items())},
        "actors": [
            {
                "text": text[x.hit.start : x.hit.end],
                "actor": x.entries[0]["name"],
                "inter": x.entries[0].get("inter"),
                "kind": x.kind,
                "role": x.role or None,
                "why": x.why or None,
            }
            for x in s.actors
        ],
        "numbers": [{"text": m.span.text, "value": m.value, **(m.attrs or {})} for m in s.numbers],
        "dates": [
            {
                "text": m.span.text,
                "date": m.value.isoformat() if hasattr(m.value, "isoformat") else None,
                "precision": (m.attrs or {}).get("precision"),
            }
            for m in s.dates
        ],
        "places": [
            {
                "text": m.span.text,
                "place": getattr(m.value, "name", None),
                "country": getattr(m.value, "country", None),
                "geo_precision": getattr(m.value, "geo_precision", None),
            }
            for m in s.places
        ],
        "statement": s.statement,
        "recap": s.recap,
        "decision": s.decision,
        "events": [e.to_dict() for e in s.events],
        "interaction": s.interaction.to_dict() if s.interaction else None,
    }


def _state(t: dict[str, Any], d: dict[str, Any]) -> str:
    if t["live"]:
        return ""
    if any(r["trigger"] == t["text"] for r in d["rejected"]):
        return ", rejected"
    return ", supporting"  # a weak word (قتل، أصيب): gives figures and a cause, never an event alone


def _print_seen(d: dict[str, Any], echo: Any) -> None:
    echo(f"sentence {d['sentence']}{' (title)' if d['title'] else ''}: {d['text']}")
    if d["triggers"]:
        echo("  triggers: " + "; ".join(f"{t['text']} [{t['family']}{_state(t, d)}]" for t in d["triggers"]))
    for r in d["rejected"]:
        echo(f"  filter:   {r['trigger']} rejected as {r['reason']} (cue {r['cue']})")
    if d["cues"]:
        echo("  cues:     " + "; ".join(f"{k}: {', '.join(v)}" for k, v in d["cues"].items()))
    for a in d["actors"]:
        role = f", {a['role']} ({a['why']})" if a["role"] else ""
        echo(f"  actor:    {a['text']} -> {a['actor']} (inter {a['inter']}, {a['kind']}{role})")
    for n in d["numbers"]:
        echo(
            f"  number:   {n['text']} = {n['value']} ({n.get('kind')}{', noun ' + n['noun'] if n.get('noun') else ''})"
        )
    for t in d["dates"]:
        echo(f"  date:     {t['text']} = {t['date']} (precision {t['precision']})")
    for p in d["places"]:
        echo(f"  place:    {p['text']} -> {p['place']}, {p['country']} (geo_precision {p['geo_precision']})")
    if d["statement"]:
        echo(f"  statement head: {d['statement']}")
    if d["recap"]:
        echo("  recap/background cue present")
    echo(f"  decision: {d['decision'] or 'no trigger'}")
    for e in d["events"]:
        echo(
            f"  EVENT:    {e['event_type']} / {e['sub_event_type']}; actor1 {e['actor1']} ({e['inter1']}); actor2 "
            f"{e['actor2']} ({e['inter2']}); {e['location']} ({e['country']}); {e['event_date']}; fatalities "
            f"{e['fatalities']}; injuries {e['injuries']}; reported_by {e['reported_by']}; denied_by {e['denied_by']}"
            + ("; optional (background)" if e["optional"] else "")
            + (f"; notes: {e['notes']}" if e["notes"] else "")
        )
    if d["interaction"]:
        i = d["interaction"]
        echo(f"  INTERACTION: {i['plover']} {i['source']} -> {i['target']}")


@click.command()
@click.argument("sentence")
@click.option(
    "--published", callback=parse_date_option, help="Publication date, to resolve أمس / weekday names (YYYY-MM-DD)."
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def explain(sentence: str, published: date | None, as_json: bool) -> None:
    """Show the triggers, filters, actors, numbers, dates and places the coder sees in SENTENCE (or a short
    text; '-' reads stdin), and why it did or did not produce an event."""
    text = sys.stdin.read() if sentence == "-" else sentence
    doc, seen = explain_text(text, published)
    if doc.drop is not None:
        raise click.ClickException(f"the text was refused: {doc.drop}")
    items = [seen_to_dict(s, doc.text) for s in seen]
    final = [e.to_dict() for e in doc.events]
    if as_json:
        click.echo(
            json.dumps(
                {"sentences": items, "events": final, "interactions": [i.to_dict() for i in doc.interactions]},
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    for d in items:
        _print_seen(d, click.echo)
    kept = [e for e in final if not e["optional"]]
    click.echo(
        f"=> {len(kept)} event(s)"
        + (f", {len(final) - len(kept)} background (optional)" if len(final) > len(kept) else "")
    )


commands = [explain]
