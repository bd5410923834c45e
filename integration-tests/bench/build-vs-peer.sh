#!/usr/bin/env bash
# Whole-process comparison: `mkddi build` of a description whose root is TREE against the C-tool
# pipeline that makes the same disk (../shared/bench/peer-pipeline.sh: mkfs.erofs + veritysetup
# format + sfdisk + dd), run alternately RUNS times on a warm page cache. Prints median wall time
# and median peak RSS (largest process of the pipeline for the peer) and the ratio
# mkddi / peer (goal: <= 0.7, peak RSS <= 256 MiB).
# usage: integration-tests/bench/build-vs-peer.sh [TREE] [RUNS]   (defaults: /usr/share 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
TREE=$(readlink -f "${1:-/usr/share}")
RUNS=${2:-5}
PEER=${PEER_PIPELINE:-$(cd .. && pwd)/shared/bench/peer-pipeline.sh}
[ -x "$PEER" ] || [ -f "$PEER" ] || { echo "peer pipeline script missing: $PEER"; exit 2; }
./mkddi --version >/dev/null # builds target/mkddi.jar if needed
T=$(mktemp -d "${TMPDIR:-/var/tmp}/build-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/desc"
ln -s "$TREE" "$T/desc/root"
cat > "$T/desc/config.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<image schemaversion="8.5" name="bench">
  <description type="system"><author>b</author><contact>b@example.org</contact>
    <specification>benchmark</specification></description>
  <preferences><version>1</version>
    <type image="oem" filesystem="erofs" verity_blocks="all" verity_partition="true"/>
  </preferences>
</image>
XML
export SOURCE_DATE_EPOCH=1700000000
run() { # NAME COMMAND...: appends "wall_seconds peak_rss_kb" to $T/NAME
  local name=$1; shift
  rm -rf "$T/out"
  /usr/bin/time -f "%e %M" -o "$T/time" "$@" >/dev/null 2>"$T/err" || { cat "$T/err"; exit 1; }
  cat "$T/time" >>"$T/$name"
}
# warm the page cache (through cat: GNU tar skips reading the files when its output is /dev/null)
tar -cf - -C "$TREE" . 2>/dev/null | cat >/dev/null || true
for _ in $(seq "$RUNS"); do
  run mkddi ./mkddi build "$T/desc" --target-dir "$T/out"
  run peer bash "$PEER" "$TREE" "$T/out"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for n in mkddi peer; do
  printf '%-6s wall %6.2f s (runs: %s)  peak RSS %6.0f MB\n' "$n" \
    "$(cut -d' ' -f1 "$T/$n" | median)" "$(cut -d' ' -f1 "$T/$n" | tr '\n' ' ')" \
    "$(cut -d' ' -f2 "$T/$n" | median | awk '{print $1/1024}')"
done
awk -v a="$(cut -d' ' -f1 "$T/mkddi" | median)" -v b="$(cut -d' ' -f1 "$T/peer" | median)" \
  'BEGIN {printf "ratio mkddi/peer: %.2f (tree %s, %s runs, load %s)\n", a/b, "'"$TREE"'", '"$RUNS"', "'"$(cut -d' ' -f1 /proc/loadavg)"'"}'
