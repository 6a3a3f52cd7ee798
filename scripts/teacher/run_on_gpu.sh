#!/bin/bash
# Trains the teacher ensemble on EWT and parses the silver input with it, on a machine with a
# CUDA GPU and PyTorch. Run from the repository root with the inputs in .teacher/ (made by
# scripts/teacher/prepare.sh). Writes the silver parses, scores and logs to $OUT (default
# .teacher/out). MEMBERS (default 4) models train side by side for MINUTES (default 4.5) each.
set -euo pipefail
D=.teacher
O=${OUT:-$D/out}
MEMBERS=${MEMBERS:-4}
MINUTES=${MINUTES:-4.5}
T="python3 scripts/teacher/teacher.py"
W=/tmp/teacher
export PYTHONUNBUFFERED=1 OMP_NUM_THREADS=2
mkdir -p "$O" "$W"
nvidia-smi -L || true
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available())'
# A few seconds' smoke test, so a broken script stops before the long run.
$T train --train $D/train.conllu.gz --dev $D/dev.conllu.gz --out $W/smoke.pt --epochs 1 \
  --limit 200 --hidden 64
$T parse --models $W/smoke.pt --input $D/dev.conllu.gz --output $W/smoke.tsv.gz --score
for s in $(seq 1 "$MEMBERS"); do
  $T train --train $D/train.conllu.gz --dev $D/dev.conllu.gz --out $W/m$s.pt --seed "$s" \
    --minutes "$MINUTES" > "$O/train-$s.log" 2>&1 &
done
wait
tail -n 2 "$O"/train-*.log
models=$(ls $W/m*.pt)
{
  $T parse --models $W/m1.pt --input $D/dev.conllu.gz --output $W/dev1.tsv.gz --score
  $T parse --models $models --input $D/dev.conllu.gz --output "$O/dev.tsv.gz" --score
  $T parse --models $models --input $D/test.conllu.gz --output "$O/test.tsv.gz" --score
} | tee "$O/scores.txt"
$T parse --models $models --input $D/reuters-forms.conllu.gz --output "$O/reuters-silver.tsv.gz"
ls -la "$O"
