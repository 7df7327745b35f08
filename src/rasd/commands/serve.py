"""``rasd serve``: the REST API and the web map."""

from __future__ import annotations

import click


@click.command()
@click.option("--db", "db_url", default=None, help="Database URL (default: RASD_DB or ~/.local/share/rasd).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="uvicorn worker processes.")
@click.option(
    "--log-level", default="info", show_default=True, type=click.Choice(["debug", "info", "warning", "error"])
)
def serve(db_url: str | None, host: str, port: int, workers: int, log_level: str) -> None:
    """Serve the REST API (/api/v1, docs at /docs) and the web map (/).

    Read endpoints are open. Write endpoints (ingest, correct, split, merge) need a bearer token listed in
    RASD_API_TOKENS ("name:secret,..."); with none configured, writes are refused. CORS stays off unless
    RASD_CORS_ORIGINS lists origins.
    """
    import os

    import uvicorn

    from rasd.api.app import assets_present
    from rasd.config import Settings

    settings = Settings()
    if db_url:
        settings.db_url = db_url
    if not assets_present():
        click.echo(
            "warning: web assets are missing; the map page will say so. "
            "Run `npm ci && python scripts/vendor_web_assets.py` in the source tree.",
            err=True,
        )
    if host not in ("127.0.0.1", "localhost", "::1") and not settings.api_tokens:
        click.echo(f"note: listening on {host}; write endpoints stay disabled (no RASD_API_TOKENS).", err=True)
    if workers > 1:
        # Each worker process builds its own app from the environment, so the database URL goes through it.
        os.environ["RASD_DB"] = settings.db_url
        uvicorn.run(
            "rasd.api.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=log_level,
        )
        return
    from rasd.api.app import create_app

    uvicorn.run(create_app(settings=settings), host=host, port=port, log_level=log_level)


commands = [serve]
