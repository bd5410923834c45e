#!/usr/bin/env bash
# Whole-process comparison: `mkddi mkfs erofs ARGS TREE out.img` against `mkfs.erofs ARGS out.img
# TREE` (erofs-utils; mkddi spells the options as mkfs.erofs does, e.g. ARGS="-zlz4hc"), run
# alternately RUNS times on a warm page cache. Prints the median wall time, CPU time (user + sys)
# and peak RSS of each, the ratios mkddi / mkfs.erofs and the image sizes. Goals: uncompressed CPU
# <= 1.2; -zlz4hc wall <= 0.5, size <= 1.03; peak RSS <= 256 MiB.
# usage: integration-tests/bench/erofs-vs-mkfs.sh [TREE] [RUNS] [ARGS]  (defaults: /usr/share 5 "")
set -euo pipefail
cd "$(dirname "$0")/../.."
TREE=${1:-/usr/share}
RUNS=${2:-5}
read -r -a ARGS <<<"${3:-}"
command -v mkfs.erofs >/dev/null || { echo "mkfs.erofs missing (apt-get install erofs-utils)"; exit 2; }
./mkddi --version >/dev/null # builds target/mkddi.jar if needed
T=$(mktemp -d "${TMPDIR:-/tmp}/erofs-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
. integration-tests/bench/lib.sh
warm_cache "$TREE"
./mkddi mkfs erofs "${ARGS[@]}" "$TREE" "$T/out.img" # untimed: makes the class-data archive
for _ in $(seq "$RUNS"); do
  rm -f "$T/out.img" "$T/peer.img"
  timed mkddi ./mkddi mkfs erofs "${ARGS[@]}" "$TREE" "$T/out.img"
  timed mkfs.erofs mkfs.erofs --quiet "${ARGS[@]}" "$T/peer.img" "$TREE"
done
summary "$TREE" "$RUNS runs${ARGS[*]:+, ${ARGS[*]}}" mkddi mkfs.erofs
sizes "image" "$(stat -c %s "$T/out.img")" "$(stat -c %s "$T/peer.img")"
