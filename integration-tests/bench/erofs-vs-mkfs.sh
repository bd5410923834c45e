#!/usr/bin/env bash
# Whole-process comparison: `mkddi mkfs erofs TREE out.img` against `mkfs.erofs out.img TREE`
# (erofs-utils, uncompressed), run alternately RUNS times on a warm page cache. Prints the median
# wall time and the median peak RSS of each, and the ratio mkddi / mkfs.erofs (goal: <= 1.0).
# usage: integration-tests/bench/erofs-vs-mkfs.sh [TREE] [RUNS]   (defaults: /usr/share 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
TREE=${1:-/usr/share}
RUNS=${2:-5}
command -v mkfs.erofs >/dev/null || { echo "mkfs.erofs missing (apt-get install erofs-utils)"; exit 2; }
./mkddi --version >/dev/null # builds target/mkddi.jar if needed
T=$(mktemp -d "${TMPDIR:-/tmp}/erofs-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
run() { # NAME COMMAND...: appends "wall_seconds peak_rss_kb" to $T/NAME
  local name=$1; shift
  rm -f "$T/out.img"
  /usr/bin/time -f "%e %M" -o "$T/time" "$@" >/dev/null 2>"$T/err" || { cat "$T/err"; exit 1; }
  cat "$T/time" >>"$T/$name"
}
# warm the page cache (through cat: GNU tar skips reading the files when its output is /dev/null)
tar -cf - -C "$TREE" . 2>/dev/null | cat >/dev/null || true
for _ in $(seq "$RUNS"); do
  run mkddi ./mkddi mkfs erofs "$TREE" "$T/out.img"
  run mkfs mkfs.erofs --quiet "$T/out.img" "$TREE"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for n in mkddi mkfs; do
  printf '%-10s wall %6.2f s (runs: %s)  peak RSS %6.0f MB\n' "$n" \
    "$(cut -d' ' -f1 "$T/$n" | median)" "$(cut -d' ' -f1 "$T/$n" | tr '\n' ' ')" \
    "$(cut -d' ' -f2 "$T/$n" | median | awk '{print $1/1024}')"
done
awk -v a="$(cut -d' ' -f1 "$T/mkddi" | median)" -v b="$(cut -d' ' -f1 "$T/mkfs" | median)" \
  'BEGIN {printf "ratio mkddi/mkfs.erofs: %.2f (tree %s, %s runs, load %s)\n", a/b, "'"$TREE"'", '"$RUNS"', "'"$(cut -d' ' -f1 /proc/loadavg)"'"}'
