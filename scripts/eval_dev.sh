#!/usr/bin/env bash
# Score rasd on the development split of ../shared/gold (GUIDELINE.md) with the shared scorer.
# Usage: scripts/eval_dev.sh [--by-doc] [--json]   (SHARED=/path/to/shared to override)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$here/../shared}
bin=$here/.venv/bin
out=${EVAL_OUT:-$(mktemp -d)}
"$bin/python" "$shared/gold/make_input.py" "$shared/gold/dev.jsonl" "$shared/corpus" > "$out/dev_docs.jsonl"
"$bin/rasd" extract "$out/dev_docs.jsonl" --format jsonl > "$out/dev_pred.jsonl"
"$bin/python" "$shared/gold/score.py" "$shared/gold/dev.jsonl" "$out/dev_pred.jsonl" "$@"
echo "predictions: $out/dev_pred.jsonl" >&2
