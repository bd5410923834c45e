#!/usr/bin/env bash
# Whole-process comparison: `mkddi mkfs squashfs --comp COMP TREE out.img` against `mksquashfs TREE
# out.img -comp COMP` (squashfs-tools, default options), run alternately RUNS times on a warm page
# cache. Prints the median wall time and peak RSS of each, the ratio mkddi / mksquashfs (goal:
# <= 1.0), and the image sizes and their ratio (goal: <= 1.02). Extra arguments go to mkddi.
# usage: integration-tests/bench/squashfs-vs-mksquashfs.sh [TREE] [RUNS] [COMP] [MKDDI ARGS...]
#        (defaults: /usr/share 5 xz)
set -euo pipefail
cd "$(dirname "$0")/../.."
TREE=${1:-/usr/share}
RUNS=${2:-5}
COMP=${3:-xz}
shift $(($# < 3 ? $# : 3))
command -v mksquashfs >/dev/null || { echo "mksquashfs missing (apt-get install squashfs-tools)"; exit 2; }
./mkddi --version >/dev/null # builds target/mkddi.jar if needed
T=$(mktemp -d "${TMPDIR:-/tmp}/squashfs-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
. integration-tests/bench/lib.sh
warm_cache "$TREE"
for _ in $(seq "$RUNS"); do
  rm -f "$T/mkddi.img"
  timed mkddi ./mkddi mkfs squashfs --comp "$COMP" "$@" "$TREE" "$T/mkddi.img"
  rm -f "$T/mksquashfs.img"
  timed mksquashfs mksquashfs "$TREE" "$T/mksquashfs.img" -comp "$COMP" -noappend -quiet \
    -no-progress
done
summary "$TREE" "$RUNS runs, $COMP${*:+, mkddi $*}" mkddi mksquashfs
sizes "image" "$(stat -c %s "$T/mkddi.img")" "$(stat -c %s "$T/mksquashfs.img")"
