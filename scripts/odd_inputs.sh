#!/usr/bin/env bash
# How `tacitus code` copes with odd single articles: each kind is generated at two sizes, the second
# twice the first, and coded on one thread. A time ratio near 2 means the cost grows linearly with
# the input; near 4, quadratically. Prints seconds, peak memory, exit status and events per run.
#   scripts/odd_inputs.sh TACITUS_BINARY [SCALE]
# SCALE (default 1) multiplies both sizes. Needs python3 and GNU time (/usr/bin/time).
set -euo pipefail
tacitus=${1:?usage: scripts/odd_inputs.sh TACITUS_BINARY [SCALE]}
scale=${2:-1}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

python3 - "$dir" "$scale" <<'EOF'
import random, sys
out, scale = sys.argv[1], int(sys.argv[2])
words = ['the', 'Iraq', 'attacked', 'US', 'base', 'rockets', 'in', 'Baghdad', 'killed', 'two']
for size, n in (('1x', 1), ('2x', 2)):
    k = n * scale
    r = random.Random(7)
    kinds = {
        # 20,000 short sentences, each an event at the same place.
        'sentences.txt': 'Rockets hit Baghdad. ' * (20000 * k),
        # 40,000 words with no sentence end at all.
        'run-on.txt': ' '.join(r.choice(words) for _ in range(40000 * k)),
        # Control characters and CR LF line ends around every sentence.
        'control.txt': 'Rockets hit\x00 Baghdad\x01\x02\x1b[31m on Tuesday.\r\n' * (2000 * k),
        # Quotes nested without end: attribution over one endless quotation.
        'quotes.txt': '"' * (10000 * k) + ' said ' + '"X said Y said Z said ' * (4000 * k),
        # 10,000 sentences of nested reports with role-only actors ("the general", "rebels").
        'reports.txt': 'Officials said that the minister said that the general claimed that rebels attacked the town. ' * (10000 * k),
        # Elements nested 20,000 deep (refused past 512).
        'nested.html': '<div>' * (20000 * k) + 'Rockets hit Baghdad.' + '</div>' * (20000 * k),
    }
    for name, text in kinds.items():
        stem, ext = name.split('.')
        with open(f'{out}/{stem}-{size}.{ext}', 'w', encoding='utf-8', newline='') as f:
            f.write(text)
EOF

printf '%-12s %5s %10s %10s %8s %6s %8s\n' input size seconds peak_MB ratio exit events
for kind in sentences.txt run-on.txt control.txt quotes.txt reports.txt nested.html; do
  stem=${kind%.*}
  ext=${kind##*.}
  first=
  for size in 1x 2x; do
    file="$dir/$stem-$size.$ext"
    set +e
    /usr/bin/time -f '%e %M' -o "$dir/time" "$tacitus" code --quiet --threads 1 "$file" \
      > "$dir/events" 2> /dev/null
    status=$?
    set -e
    read -r secs kb < <(tail -1 "$dir/time")
    ratio=-
    if [ -n "$first" ]; then ratio=$(awk -v a="$first" -v b="$secs" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }'); fi
    first=$secs
    printf '%-12s %5s %10s %10d %8s %6s %8d\n' "$stem" "$size" "$secs" $((kb / 1024)) "$ratio" \
      "$status" "$(wc -l < "$dir/events")"
  done
done
