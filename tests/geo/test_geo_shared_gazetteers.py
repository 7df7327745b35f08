"""The importers on the real admin tables in ../shared/gazetteers (skipped when ../shared is absent)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rasd.backends.gazetteer.importers import read_pcodes


def test_syria_ocha_communities(shared_dir: Path) -> None:
    entries = list(read_pcodes(shared_dir / "gazetteers/syria_ocha_communities/syria_communities_admin4.csv"))
    kinds = Counter(e.kind for e in entries)
    assert kinds["admin1"] == 14 and kinds["admin2"] >= 60 and kinds["admin3"] >= 260
    assert kinds["populated_place"] >= 7500
    towns = [e for e in entries if e.kind == "populated_place"]
    assert all(e.iso == "SY" and set(e.pcodes) == {"admin1", "admin2", "admin3", "admin4"} for e in towns)
    assert all(e.name_ar and e.latitude and 32 < e.latitude < 38 and 35 < (e.longitude or 0) < 43 for e in towns)


def test_yemen_districts_json(shared_dir: Path) -> None:
    entries = list(read_pcodes(shared_dir / "gazetteers/yemen_openadmindata/all-district.json"))
    assert len(entries) == 335
    assert all(e.kind == "admin2" and e.iso == "YE" and "admin1" in e.pcodes and e.admin1 for e in entries)


def test_iraq_flat_csv(shared_dir: Path) -> None:
    entries = list(read_pcodes(shared_dir / "gazetteers/iraq_openadmindata/all-flat.csv"))
    kinds = Counter(e.kind for e in entries)
    assert kinds == {"admin1": 18, "admin2": 101}
    assert all(e.iso == "IQ" and e.name_ar for e in entries)
    assert all(e.pcodes.get("admin1", "").startswith("IQG") for e in entries)
