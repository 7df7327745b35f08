from __future__ import annotations

import json

import pytest
import yaml

import rasd.resources as res


def test_manifest_lists_every_resource_file_with_its_checksum() -> None:
    assert res._manifest() == res.build_manifest(), "run `python -m rasd.resources manifest` after editing resources"


@pytest.mark.parametrize("rel", [r for r in res.build_manifest() if r.endswith((".yaml", ".yml", ".tsv"))])
def test_every_resource_loads_with_a_version_and_no_forbidden_characters(rel: str) -> None:
    data = res.load(rel)
    assert data["version"]


@pytest.mark.parametrize("rel", [r for r in res.build_manifest() if r.endswith((".yaml", ".yml"))])
def test_the_fast_yaml_loader_builds_the_same_data_as_the_reference_one(rel: str) -> None:
    # Resources load with libyaml's C loader for start-up speed; it must not read any file differently.
    text = (res.ROOT / rel).read_text(encoding="utf-8")
    assert yaml.load(text, Loader=res._LOADER) == yaml.load(text, Loader=yaml.SafeLoader)


@pytest.mark.parametrize(
    "bad",
    [
        "قتل\N{ARABIC TATWEEL}",
        "\N{RIGHT-TO-LEFT MARK}غزة",
        "\N{ARABIC LIGATURE LAM WITH ALEF ISOLATED FORM}",
        "x\N{RIGHT-TO-LEFT OVERRIDE}",
    ],
)
def test_lint_catches_invisible_and_presentation_characters(bad: str) -> None:
    assert res.lint({"entries": [bad]}, "t")


def test_lint_accepts_plain_arabic() -> None:
    assert res.lint({"entries": ["قتل", "غزة", {"ar": "قره باغ"}]}, "t") == []


def test_corrupt_resource_is_refused_with_rebuild_advice(tmp_path, monkeypatch) -> None:
    root = tmp_path / "resources"
    (root / "ar").mkdir(parents=True)
    f = root / "ar" / "x.yaml"
    f.write_text("version: 1\nentries: [قتل]\n", encoding="utf-8")
    monkeypatch.setattr(res, "ROOT", root)
    monkeypatch.setattr(res, "MANIFEST", root / "MANIFEST.json")
    res.write_manifest()
    res._manifest.cache_clear()
    res.load.cache_clear()
    try:
        assert res.load("ar/x.yaml")["entries"] == ["قتل"]
        f.write_text("version: 1\nentries: [قتلى]\n", encoding="utf-8")
        res.load.cache_clear()
        with pytest.raises(res.ResourceError, match=r"checksum.*manifest"):
            res.load("ar/x.yaml")
        assert json.loads((root / "MANIFEST.json").read_text())  # the manifest itself is untouched
    finally:
        res._manifest.cache_clear()
        res.load.cache_clear()
