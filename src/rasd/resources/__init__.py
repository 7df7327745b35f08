"""Versioned language and data resources, loaded and validated in one place.

Language knowledge lives in data files under ``rasd/resources/`` (DESIGN.md), never as literals scattered in
code. Every file carries a ``version``; ``MANIFEST.json`` records each file's SHA-256 so that a corrupted or
hand-mangled resource is refused with a message that says how to rebuild the manifest, instead of silently
changing what rasd extracts. Entries are checked for characters that make two identical-looking Arabic
strings differ (presentation forms, tatweel, bidi controls): such an entry would never match real text.
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from functools import cache
from importlib import resources as ilr
from pathlib import Path
from typing import Any

import yaml

from rasd.errors import RasdError

ROOT = Path(str(ilr.files("rasd.resources")))
MANIFEST = ROOT / "MANIFEST.json"

# libyaml's C loader reads our 2 MB of lexicons about ten times faster than the pure-Python one (start-up of
# every CLI call and Dask worker); both build the same data (tests/test_resources.py compares them on every file).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Characters never allowed inside a resource string (write hard characters by \N{...} name in code instead).
FORBIDDEN = {
    "\N{ARABIC TATWEEL}": "tatweel",
    "\N{RIGHT-TO-LEFT MARK}": "RLM",
    "\N{LEFT-TO-RIGHT MARK}": "LRM",
    "\N{ARABIC LETTER MARK}": "ALM",
    "\N{RIGHT-TO-LEFT EMBEDDING}": "RLE",
    "\N{LEFT-TO-RIGHT EMBEDDING}": "LRE",
    "\N{RIGHT-TO-LEFT OVERRIDE}": "RLO",
    "\N{LEFT-TO-RIGHT OVERRIDE}": "LRO",
    "\N{POP DIRECTIONAL FORMATTING}": "PDF",
    "\N{RIGHT-TO-LEFT ISOLATE}": "RLI",
    "\N{LEFT-TO-RIGHT ISOLATE}": "LRI",
    "\N{FIRST STRONG ISOLATE}": "FSI",
    "\N{POP DIRECTIONAL ISOLATE}": "PDI",
    "\N{ZERO WIDTH NO-BREAK SPACE}": "BOM",
}


class ResourceError(RasdError, ValueError):
    """A resource file that is missing, corrupt or invalid."""


def _bad_char(s: str) -> str | None:
    for ch in s:
        if ch in FORBIDDEN:
            return FORBIDDEN[ch]
        cp = ord(ch)
        # Arabic Presentation Forms-A and -B: glyph shapes, never text.
        if 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
            return f"presentation form U+{cp:04X}"
        if unicodedata.category(ch) == "Cc" and ch not in "\t\n":
            return f"control U+{cp:04X}"
    return None


def lint(obj: Any, where: str = "") -> list[str]:
    """Every string inside ``obj`` that holds a forbidden character, as 'path: problem' lines."""
    problems: list[str] = []
    if isinstance(obj, str):
        bad = _bad_char(obj)
        if bad:
            problems.append(f"{where}: {bad} in {obj!r}")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            problems += lint(k, f"{where}/{k}")
            problems += lint(v, f"{where}/{k}")
    elif isinstance(obj, list | tuple):
        for i, v in enumerate(obj):
            problems += lint(v, f"{where}[{i}]")
    return problems


def resource_files() -> list[Path]:
    return sorted(
        p
        for p in ROOT.rglob("*")
        if p.is_file()
        and p.suffix in {".yaml", ".yml", ".tsv", ".json", ".txt"}
        and p.name != "MANIFEST.json"
        and "__pycache__" not in p.parts
    )


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_manifest() -> dict[str, str]:
    return {str(p.relative_to(ROOT)): _sha(p) for p in resource_files()}


def write_manifest() -> Path:
    MANIFEST.write_text(json.dumps(build_manifest(), indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return MANIFEST


@cache
def _manifest() -> dict[str, str]:
    if not MANIFEST.exists():
        return {}
    data: dict[str, str] = json.loads(MANIFEST.read_text())
    return data


def verify(rel: str) -> None:
    """Refuse a resource whose bytes differ from the manifest."""
    path = ROOT / rel
    if not path.exists():
        raise ResourceError(f"resource {rel} is missing from the installed package; reinstall rasd")
    want = _manifest().get(rel)
    if want is None:
        raise ResourceError(
            f"resource {rel} is not in MANIFEST.json; after editing resources run `python -m rasd.resources manifest`"
        )
    got = _sha(path)
    if got != want:
        raise ResourceError(
            f"resource {rel} fails its checksum (sha256 {got[:12]}…, manifest says {want[:12]}…): the file is corrupt "
            f"or was edited without updating the manifest. Reinstall rasd, or if the edit is intended run "
            f"`python -m rasd.resources manifest`"
        )


@cache
def load(rel: str) -> Any:
    """Load ``rel`` (e.g. ``"ar/months.yaml"``), verified against the manifest and linted. Cached per process."""
    verify(rel)
    path = ROOT / rel
    text = path.read_text(encoding="utf-8")
    data: Any
    if path.suffix in {".yaml", ".yml"}:
        data = yaml.load(text, Loader=_LOADER)
        if not isinstance(data, dict) or "version" not in data:
            raise ResourceError(f"resource {rel} must be a mapping with a 'version' key")
    elif path.suffix == ".json":
        data = json.loads(text)
    elif path.suffix == ".tsv":
        rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
        data = {"version": _tsv_version(text), "header": rows[0] if rows else [], "rows": rows[1:]}
    else:
        data = {"version": "0", "lines": [ln for ln in text.splitlines() if ln and not ln.startswith("#")]}
    # Demo articles are article text, where tatweel and bidi marks are legitimate; only lexicons are linted.
    problems = [] if rel.startswith("demo/") else lint(data, rel)
    if problems:
        raise ResourceError(f"resource {rel} has invalid characters: " + "; ".join(problems[:5]))
    return data


def _tsv_version(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("# version:"):
            return line.split(":", 1)[1].strip()
    return "0"


def versions() -> dict[str, str]:
    """The version of every resource, recorded with each run and event."""
    out: dict[str, str] = {}
    for rel in _manifest():
        try:
            out[rel] = (
                str(load(rel).get("version", "0")) if rel.endswith((".yaml", ".yml", ".tsv")) else _manifest()[rel][:12]
            )
        except ResourceError:
            out[rel] = "invalid"
    return out


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if args[:1] == ["manifest"]:
        print(f"wrote {write_manifest()}")
        return 0
    bad = 0
    for rel in build_manifest():
        try:
            load(rel)
        except ResourceError as exc:
            bad += 1
            print(exc)
    print("ok" if not bad else f"{bad} bad resource(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
