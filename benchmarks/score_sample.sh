#!/usr/bin/env bash
# Score the extractor on the first 30 sample articles against the hand-annotated gold
# (tests/data/sample.gold.jsonl, annotated to ../shared/eval/GUIDE.md before the extractor was first
# scored on it — f1 0.735 then; it has been a second check set for every rule since).
# Prints score.py's output (one line per article, then the figures). Run by hand:
#     benchmarks/score_sample.sh
set -euo pipefail
cd "$(dirname "$0")/.."
head -30 sample_data/articles.jsonl > /tmp/s30.jsonl
./run rasd extract /tmp/s30.jsonl > /tmp/s30.pred.jsonl
python3 ../shared/eval/score.py tests/data/sample.gold.jsonl /tmp/s30.pred.jsonl --details
