#!/bin/bash
# Makes the teacher's inputs in .teacher/ (ignored by git; it travels to the GPU machine):
# EWT train/dev/test, and the Reuters-21578 bodies tokenised, split and tagged by the committed
# models (the silver side), forms only. The full analysis stays in .teacher/reuters.conllu for
# merge.py. Usage: scripts/teacher/prepare.sh [BUILD_DIR] (default build).
set -euo pipefail
B=${1:-build}
DATA=${TACITUS_DATA:-../shared/data}
mkdir -p .teacher
grep -qx '/.teacher/' .git/info/exclude 2>/dev/null || echo '/.teacher/' >> .git/info/exclude
for s in train dev test; do
  gzip -c "$DATA/ud-english-ewt/en_ewt-ud-$s.conllu" > ".teacher/$s.conllu.gz"
done
"$B/syntax_tool" text models "$DATA/reuters21578" .teacher/reuters.conllu
python3 - <<'PY'
import gzip
with open(".teacher/reuters.conllu", encoding="utf-8", errors="replace") as f, \
        gzip.open(".teacher/reuters-forms.conllu.gz", "wt", encoding="utf-8") as out:
    for line in f:
        if line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        out.write("\n" if len(cols) < 10 else f"{cols[0]}\t{cols[1]}" + "\t_" * 8 + "\n")
PY
ls -la .teacher
