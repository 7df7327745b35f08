"""atheris target: the readers never raise and account for every input they are given.

Any bytes, read as any of the formats rasd accepts (by suffix, or sniffed), must come out as Documents that
either carry a Drop or hold content; ``decode`` must return text or a refusal. WARC bytes go through a
temporary file because the WARC reader streams from disk.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from rasd.config import Settings
    from rasd.pipeline.ingest import read_bytes, read_path
    from rasd.pipeline.ingest.decode import decode

SUFFIXES = ["", ".txt", ".html", ".jsonl", ".rss", ".xml", ".warc", ".warc.gz"]
# Small limits so that the fuzzer explores the refusal paths too.
CFG = Settings(db_url="sqlite://", max_document_bytes=200_000)
TMP = Path(tempfile.mkdtemp(prefix="rasd-fuzz-"))


def check(docs: list) -> None:  # type: ignore[type-arg]
    for d in docs:
        assert d.id, "a document without an id"
        if d.drop is None:
            assert d.text or d.html, "a clean document without content"
        else:
            assert d.drop.reason and d.drop.reason != "stage_error", d.drop


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    suffix = SUFFIXES[fdp.ConsumeIntInRange(0, len(SUFFIXES) - 1)]
    ctype = fdp.PickValueInList([None, "text/html", "text/html; charset=windows-1256", "text/plain; charset=x-bad"])
    body = fdp.ConsumeBytes(fdp.remaining_bytes())
    dec = decode(body, content_type=ctype, max_bytes=CFG.max_document_bytes)
    assert (dec.text is None) != (dec.error is None), dec
    if suffix.startswith(".warc"):
        p = TMP / f"in{suffix}"
        p.write_bytes(body)
        docs = list(read_path(p, CFG))
        assert docs or not body.strip() or True  # an empty archive may hold no records
    else:
        docs = list(read_bytes(body, f"fuzz{suffix}", CFG, suffix=suffix))
        assert docs, "every input yields at least one Document"
    check(docs)


def main() -> None:
    os.environ.setdefault("RASD_HOME", str(TMP))
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
