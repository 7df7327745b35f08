"""A corrupt resource file or gazetteer is refused with a checksum error that says how to rebuild it.

And it stops the run: a corrupt data file is not bad input, so it must not turn every document into a
``stage_error`` drop (a resumed ingest would then skip those documents for good). Checked at three levels:
the loaders, a pipeline stage, and the ``rasd`` command line in a child process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import rasd.resources as res
from rasd.backends.gazetteer import GazetteerError, SqliteGazetteer
from rasd.backends.gazetteer.base import Entry
from rasd.backends.gazetteer.sqlite import GazetteerWriter, manifest_path
from rasd.errors import RasdError

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = (
    "\N{ARABIC LETTER QAF}\N{ARABIC LETTER TEH}\N{ARABIC LETTER LAM} 7 "
    "\N{ARABIC LETTER MEEM}\N{ARABIC LETTER DAL}\N{ARABIC LETTER NOON}\N{ARABIC LETTER YEH}\N{ARABIC LETTER YEH}"
    "\N{ARABIC LETTER NOON} \N{ARABIC LETTER FEH}\N{ARABIC LETTER YEH} \N{ARABIC LETTER QAF}\N{ARABIC LETTER SAD}"
    "\N{ARABIC LETTER FEH}.\n"
)


# --- resources ----------------------------------------------------------------------------------------------


@pytest.fixture
def resource_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The package's resources copied aside, with rasd.resources pointed at the copy (the package is shared)."""
    root = tmp_path / "resources"
    shutil.copytree(res.ROOT, root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    monkeypatch.setattr(res, "ROOT", root)
    monkeypatch.setattr(res, "MANIFEST", root / "MANIFEST.json")
    res.load.cache_clear()
    res._manifest.cache_clear()
    yield root
    res.load.cache_clear()
    res._manifest.cache_clear()


def _some_yaml(root: Path) -> str:
    files = sorted(p.relative_to(root).as_posix() for p in (root / "ar").glob("*.yaml"))
    assert files
    return files[0]


CORRUPTIONS = {
    "flipped byte": lambda b: b[:10] + bytes([b[10] ^ 0x20]) + b[11:],
    "truncated": lambda b: b[: len(b) // 2],
    "appended": lambda b: b + b"\nextra: 1\n",
    "emptied": lambda b: b"",
}


@pytest.mark.parametrize("how", sorted(CORRUPTIONS))
def test_corrupt_resource_is_refused_with_rebuild_hint(resource_copy: Path, how: str) -> None:
    rel = _some_yaml(resource_copy)
    res.load(rel)  # intact: loads
    res.load.cache_clear()
    p = resource_copy / rel
    p.write_bytes(CORRUPTIONS[how](p.read_bytes()))
    with pytest.raises(res.ResourceError) as exc:
        res.load(rel)
    msg = str(exc.value)
    assert "checksum" in msg and rel in msg
    assert "python -m rasd.resources manifest" in msg and "einstall" in msg
    assert isinstance(exc.value, RasdError), "a corrupt resource must stop a run, not drop documents"


def test_resource_missing_from_manifest_is_refused(resource_copy: Path) -> None:
    rel = _some_yaml(resource_copy)
    man = json.loads((resource_copy / "MANIFEST.json").read_text())
    del man[rel]
    (resource_copy / "MANIFEST.json").write_text(json.dumps(man))
    res._manifest.cache_clear()
    with pytest.raises(res.ResourceError, match=r"python -m rasd\.resources manifest"):
        res.load(rel)


def test_deleted_resource_is_refused(resource_copy: Path) -> None:
    rel = _some_yaml(resource_copy)
    (resource_copy / rel).unlink()
    with pytest.raises(res.ResourceError, match="reinstall"):
        res.load(rel)


def test_command_line_stops_on_a_corrupt_resource(tmp_path: Path) -> None:
    """``rasd extract`` over a copy of the package whose trigger lexicon is corrupt: exit 1, one clear line."""
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "rasd", src / "rasd", ignore=shutil.ignore_patterns("__pycache__", "vendor", "*.egg-info")
    )
    rels = [r for r in json.loads((src / "rasd/resources/MANIFEST.json").read_text()) if r.endswith(".yaml")]
    for rel in rels:  # corrupt every YAML resource, whichever the first stage loads first
        f = src / "rasd/resources" / rel
        f.write_bytes(f.read_bytes() + b"\n# tampered\n")
    doc = tmp_path / "a.txt"
    doc.write_text(ARTICLE * 3, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(src), RASD_HOME=str(tmp_path / "home"))
    out = subprocess.run(
        [sys.executable, "-c", "from rasd.cli import main; main()", "extract", str(doc), "--format", "jsonl"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=tmp_path,
    )
    assert out.returncode == 1, (out.returncode, out.stdout[-500:], out.stderr[-1500:])
    assert "checksum" in out.stderr and "python -m rasd.resources manifest" in out.stderr
    assert "Traceback" not in out.stderr
    assert '"stage_error"' not in out.stdout


# --- gazetteer ----------------------------------------------------------------------------------------------


def _tiny_gazetteer(path: Path) -> Path:
    w = GazetteerWriter(path)
    w.add(
        [
            Entry(
                id="alias:idlib",
                name="Idlib",
                kind="populated_place",
                name_ar="\N{ARABIC LETTER ALEF WITH HAMZA BELOW}\N{ARABIC LETTER DAL}\N{ARABIC LETTER LAM}"
                "\N{ARABIC LETTER BEH}",
                latitude=35.93,
                longitude=36.63,
                iso="SY",
                country="Syria",
                source="aliases",
            ),
            Entry(id="cldr:SY", name="Syria", kind="country", iso="SY", country="Syria", source="cldr"),
        ]
    )
    w.close()
    return path


@pytest.fixture
def gazetteer(tmp_path: Path) -> Path:
    return _tiny_gazetteer(tmp_path / "gz" / "gazetteer.sqlite")


def _flip(path: Path, at: int) -> None:
    with path.open("r+b") as f:
        f.seek(at)
        b = f.read(1)
        f.seek(at)
        f.write(bytes([b[0] ^ 0xFF]))


GZ_CORRUPTIONS: dict[str, Any] = {
    "flipped byte": lambda p: _flip(p, p.stat().st_size // 2),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:4096]),
    "zeroed": lambda p: p.write_bytes(b"\x00" * p.stat().st_size),
    "manifest garbage": lambda p: manifest_path(p).write_text("{not json"),
    "manifest deleted": lambda p: manifest_path(p).unlink(),
}


@pytest.mark.parametrize("how", sorted(GZ_CORRUPTIONS))
def test_corrupt_gazetteer_is_refused_with_rebuild_hint(gazetteer: Path, how: str) -> None:
    SqliteGazetteer(gazetteer)  # intact: opens
    GZ_CORRUPTIONS[how](gazetteer)
    with pytest.raises(GazetteerError) as exc:
        SqliteGazetteer(gazetteer)
    assert "rasd gazetteer build" in str(exc.value)
    assert isinstance(exc.value, RasdError)


def test_default_gazetteer_refuses_corrupt_file_instead_of_using_it(gazetteer: Path) -> None:
    from rasd.backends.gazetteer import default_gazetteer

    _flip(gazetteer, 2000)
    with pytest.raises(GazetteerError, match="checksum"):
        default_gazetteer(gazetteer)


def test_pipeline_stage_raises_instead_of_dropping(gazetteer: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stage hitting a corrupt gazetteer stops the run; it does not mark the document ``stage_error``."""
    from rasd.model import Document
    from rasd.pipeline.base import Stage

    _flip(gazetteer, 3000)

    class UsesGazetteer(Stage):
        name = "uses_gazetteer"

        def process(self, doc: Document) -> Document:
            SqliteGazetteer(gazetteer)
            return doc

    class Buggy(Stage):
        name = "buggy"

        def process(self, doc: Document) -> Document:
            raise KeyError("a bug on one odd page")

    with pytest.raises(GazetteerError):
        UsesGazetteer()(Document(id="x", text=ARTICLE))
    # ...while an ordinary exception still only drops the one document.
    d = Buggy()(Document(id="y", text=ARTICLE))
    assert d.drop is not None and d.drop.reason == "stage_error"


def test_command_line_stops_on_a_corrupt_gazetteer(gazetteer: Path, tmp_path: Path) -> None:
    pytest.importorskip("rasd.pipeline.geocode")
    _flip(gazetteer, gazetteer.stat().st_size // 3)
    doc = tmp_path / "a.txt"
    doc.write_text(ARTICLE * 3, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), RASD_GAZETTEER=str(gazetteer), RASD_HOME=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", "from rasd.cli import main; main()", "extract", str(doc), "--format", "jsonl"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert out.returncode == 1, (out.returncode, out.stdout[-500:], out.stderr[-1500:])
    assert "checksum" in out.stderr and "rasd gazetteer build" in out.stderr
    assert "Traceback" not in out.stderr
