#!/usr/bin/env python3
"""Write ``src/rasd/resources/geo/admin_units.yaml``: the first-, second- and third-level administrative units of
Syria, Yemen and Iraq with their Arabic names, English names, p-codes and centres.

The default gazetteer (``rasd gazetteer build``) reads the resource, so districts such as Yemen's Nati', Razih or
al-Haymah and Iraq's nahiyas are known without any download at build time. Sources (see the resource header):
- Yemen, Iraq: open-admin-data (CC BY 4.0), ``data/all-governorate.json``, ``all-district.json``,
  ``all-subdistrict.json``;
- Syria: the OCHA COD-AB 4-level classification as republished by salih-17/Syria-Administrative-LookupV2
  (``syria_communities_admin4.csv``): governorates, districts and sub-districts only (communities are not
  copied); a unit's centre is the mean of its communities.

Usage: scripts/make_admin_units.py GAZETTEERS_DIR > src/rasd/resources/geo/admin_units.yaml
(GAZETTEERS_DIR holds ``yemen_openadmindata/``, ``iraq_openadmindata/``, ``syria_ocha_communities/``.)
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

HEADER = """\
version: "1"
# Administrative units of Syria, Yemen and Iraq (levels 1-3) for the default gazetteer, written by
# scripts/make_admin_units.py. One row per unit: [pcode, level, iso, English name, Arabic name, admin1 (English),
# admin2 (English), lat, lon]. Sources:
# - Yemen: Open Admin Data, https://github.com/open-admin-data/yemen-administrative-divisions (commit 9cbaa6c),
#   CC BY 4.0 -- governorates and districts (مديرية).
# - Iraq: Open Admin Data, https://github.com/open-admin-data/iraq-administrative-divisions (commit ad85f42),
#   CC BY 4.0 -- governorates, districts (قضاء) and sub-districts (ناحية).
# - Syria: UN OCHA Common Operational Dataset (COD-AB) admin levels as republished by
#   https://github.com/salih-17/Syria-Administrative-LookupV2 (commit 6e1bad7) -- governorates, districts
#   (منطقة) and sub-districts (ناحية); a unit's centre is the mean of its communities.
"""


def _oad(folder: Path, iso: str) -> list[list]:
    rows: list[list] = []
    for name in ("all-governorate.json", "all-district.json", "all-subdistrict.json"):
        f = folder / name
        if not f.exists():
            continue
        for r in json.loads(f.read_text(encoding="utf-8")):
            anc = {a["level"]: a["name"]["en"] for a in r.get("ancestors") or ()}
            lvl = int(r["level"])
            anc[lvl] = r["name"]["en"]
            geo = r.get("geo") or {}
            if not geo.get("lat"):
                continue
            rows.append(
                [
                    r["id"],
                    lvl,
                    iso,
                    r["name"]["en"],
                    r["name"]["local"].strip(),
                    anc.get(1),
                    anc.get(2) if lvl >= 2 else None,
                    round(float(geo["lat"]), 3),
                    round(float(geo["lon"]), 3),
                ]
            )
    return rows


def _syria(path: Path) -> list[list]:
    pts: dict[tuple, list[tuple[float, float]]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            try:
                lat, lon = float(r["lat"]), float(r["lon"])
            except ValueError:
                continue
            a1 = (r["admin1_pcode"], 1, r["admin1_en"], r["admin1_ar"], r["admin1_en"], None)
            a2 = (r["admin2_pcode"], 2, r["admin2_en"], r["admin2_ar"], r["admin1_en"], r["admin2_en"])
            a3 = (r["admin3_pcode"], 3, r["admin3_en"], r["admin3_ar"], r["admin1_en"], r["admin2_en"])
            for k in (a1, a2, a3):
                pts[k].append((lat, lon))
    rows = []
    for (pc, lvl, en, ar, a1, a2), ps in pts.items():
        lat = sum(p[0] for p in ps) / len(ps)
        lon = sum(p[1] for p in ps) / len(ps)
        rows.append([pc, lvl, "SY", en, ar.strip(), a1, a2, round(lat, 3), round(lon, 3)])
    return rows


def main() -> None:
    base = Path(sys.argv[1])
    rows = (
        _syria(base / "syria_ocha_communities" / "syria_communities_admin4.csv")
        + _oad(base / "yemen_openadmindata", "YE")
        + _oad(base / "iraq_openadmindata", "IQ")
    )
    rows.sort(key=lambda r: r[0])
    out = [HEADER, "units:"]
    for r in rows:
        out.append("- " + json.dumps(r, ensure_ascii=False))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
