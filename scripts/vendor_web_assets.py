#!/usr/bin/env python3
"""Copy the web map's browser assets from node_modules/ into src/rasd/api/web/vendor/.

Why a copy and not serving node_modules: a pip-installed rasd has no node_modules, but it does carry its
package data. Run at setup after ``npm ci`` (``make setup``); a wheel built afterwards ships the assets, so
``rasd serve`` works offline anywhere. The vendor folder ignores itself in git (it holds a ``.gitignore`` of
``*``), so the copies never land in a commit. Only the files the page loads are copied (about 2 MB), with
each package's licence.

Usage: python scripts/vendor_web_assets.py [--node-modules DIR] [--dest DIR] [--check]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# destination (under vendor/) -> source (under node_modules/)
FILES: dict[str, str] = {
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    "leaflet/LICENSE": "leaflet/LICENSE",
    "markercluster/leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "markercluster/MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    "markercluster/MarkerCluster.Default.css": "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "markercluster/LICENSE": "leaflet.markercluster/MIT-LICENCE.txt",
    "topojson/topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "topojson/LICENSE": "topojson-client/LICENSE",
    "world-atlas/countries-50m.json": "world-atlas/countries-50m.json",
    "world-atlas/LICENSE": "world-atlas/LICENSE",
    "swagger-ui/swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui/swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    "swagger-ui/favicon-32x32.png": "swagger-ui-dist/favicon-32x32.png",
    "swagger-ui/LICENSE": "swagger-ui-dist/LICENSE",
}
# Leaflet's default marker images: copied whole so that any control that falls back to them still renders.
DIRS: dict[str, str] = {"leaflet/images": "leaflet/dist/images"}


def vendor(node_modules: Path, dest: Path) -> list[str]:
    """Copy every asset; returns the ones missing from ``node_modules`` (empty when all were copied)."""
    missing: list[str] = []
    dest.mkdir(parents=True, exist_ok=True)
    (dest / ".gitignore").write_text("# copied by scripts/vendor_web_assets.py from node_modules; never committed\n*\n")
    for rel_dst, rel_src in FILES.items():
        src = node_modules / rel_src
        if not src.is_file():
            missing.append(rel_src)
            continue
        out = dest / rel_dst
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, out)
    for rel_dst, rel_src in DIRS.items():
        src = node_modules / rel_src
        if not src.is_dir():
            missing.append(rel_src + "/")
            continue
        shutil.copytree(src, dest / rel_dst, dirs_exist_ok=True)
    return missing


def check(dest: Path) -> list[str]:
    return [p for p in FILES if not (dest / p).is_file()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--node-modules", type=Path, default=ROOT / "node_modules")
    ap.add_argument("--dest", type=Path, default=ROOT / "src" / "rasd" / "api" / "web" / "vendor")
    ap.add_argument("--check", action="store_true", help="only report which assets are missing from --dest")
    args = ap.parse_args(argv)
    miss = check(args.dest) if args.check else vendor(args.node_modules, args.dest)
    if miss:
        print("missing web assets (run `npm ci` at the repository root):", *miss, sep="\n  ", file=sys.stderr)
        return 1
    if not args.check:
        print(f"web assets copied to {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
