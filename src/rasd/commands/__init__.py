"""CLI command modules; ``rasd.cli`` assembles their ``commands`` lists. Shared option helpers live here."""

from __future__ import annotations

from datetime import date

import click


def parse_date_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """A click callback for ``--published``-style options: an ISO date, or a usage error that says so."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from exc
