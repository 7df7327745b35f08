"""Where rasd keeps its data, and the settings a deployment changes.

Settings come from environment variables (``RASD_*``) so that the CLI, the API server and Dask workers on
other machines all see the same configuration without a config file being shipped around.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def home() -> Path:
    """rasd's data directory: the built gazetteer, the default database, caches."""
    base = os.environ.get("RASD_HOME") or os.path.join(
        os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "rasd"
    )
    p = Path(base)
    p.mkdir(parents=True, exist_ok=True)
    return p


def default_db_url() -> str:
    return os.environ.get("RASD_DB") or f"sqlite:///{home() / 'rasd.sqlite'}"


def gazetteer_path() -> Path:
    return Path(os.environ.get("RASD_GAZETTEER") or home() / "gazetteer.sqlite")


@dataclass
class Settings:
    db_url: str = field(default_factory=default_db_url)
    # Bearer tokens allowed to call write endpoints; empty means writes are refused.
    api_tokens: tuple[str, ...] = field(
        default_factory=lambda: tuple(t for t in os.environ.get("RASD_API_TOKENS", "").split(",") if t)
    )
    cors_origins: tuple[str, ...] = field(
        default_factory=lambda: tuple(o for o in os.environ.get("RASD_CORS_ORIGINS", "").split(",") if o)
    )
    max_page_size: int = 500
    max_upload_bytes: int = 5_000_000
    # Safety mode: per-page limits for HTML extraction of hostile or huge pages.
    max_document_bytes: int = int(os.environ.get("RASD_MAX_DOCUMENT_BYTES", str(20_000_000)))
    html_timeout_s: float = float(os.environ.get("RASD_HTML_TIMEOUT", "20"))
    allow_private_fetch: bool = os.environ.get("RASD_ALLOW_PRIVATE_FETCH", "") == "1"


def settings() -> Settings:
    return Settings()
