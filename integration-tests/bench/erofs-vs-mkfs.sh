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
. integration-tests/bench/lib.sh
warm_cache "$TREE"
./mkddi mkfs erofs "$TREE" "$T/out.img" # untimed: makes the class-data archive
for _ in $(seq "$RUNS"); do
  rm -f "$T/out.img"
  timed mkddi ./mkddi mkfs erofs "$TREE" "$T/out.img"
  rm -f "$T/out.img"
  timed mkfs.erofs mkfs.erofs --quiet "$T/out.img" "$TREE"
done
summary "$TREE" "$RUNS" mkddi mkfs.erofs
