"""Tests marked ``slow`` in this directory run only with ``RASD_SLOW=1`` (CI keeps to the fast ones)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("RASD_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: set RASD_SLOW=1 to run")
    for item in items:
        if item.get_closest_marker("slow") and HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(skip)
