#!/usr/bin/env bash
# Whole-process comparison: `mkddi mkfs ext4` against `mkfs.ext4 -d` (e2fsprogs), run alternately
# RUNS times on a warm page cache, in two variants:
#   writable: both at the same size (the tree's bytes x 1.5 + 64 MiB) and inode count, with journal;
#   read-only: `mkddi mkfs ext4 --read-only` (smallest size, computed) against `mkfs.ext4 -d -m 0
#     -O ^has_journal,^resize_inode` at that size, then `resize2fs -M` (not timed) for its smallest.
# Prints the median wall time and peak RSS of each, the ratios mkddi / mkfs.ext4 (goal: <= 1.0),
# the image sizes (goal: mkddi's no larger) and blocks in use.
# usage: integration-tests/bench/ext4-vs-mke2fs.sh [TREE] [RUNS]   (defaults: /usr/share 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
TREE=${1:-/usr/share}
RUNS=${2:-5}
for t in mkfs.ext4 resize2fs dumpe2fs e2fsck; do
  command -v $t >/dev/null || { echo "$t missing (apt-get install e2fsprogs)"; exit 2; }
done
./mkddi --version >/dev/null # builds target/mkddi.jar if needed
T=$(mktemp -d "${TMPDIR:-/tmp}/ext4-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
. integration-tests/bench/lib.sh
warm_cache "$TREE"
BYTES=$(du -sb --apparent-size "$TREE" | cut -f1)
SIZE=$(( (BYTES * 3 / 2 + (64 << 20)) / 4096 * 4096 ))
INODES=$(( $(find "$TREE" | wc -l) * 5 / 4 + 1024 ))
echo "tree $TREE: $BYTES bytes, $(find "$TREE" | wc -l) entries; writable size $SIZE, $INODES inodes"

for _ in $(seq "$RUNS"); do
  rm -f "$T/ours.img" "$T/theirs.img"
  timed mkddi ./mkddi mkfs ext4 --size "$SIZE" --inodes "$INODES" "$TREE" "$T/ours.img"
  truncate -s "$SIZE" "$T/theirs.img"
  timed mkfs.ext4 mkfs.ext4 -q -F -N "$INODES" -d "$TREE" "$T/theirs.img"
  rm -f "$T/ours-ro.img" "$T/theirs-ro.img"
  timed mkddi-ro ./mkddi mkfs ext4 --read-only "$TREE" "$T/ours-ro.img"
  truncate -s "$SIZE" "$T/theirs-ro.img"
  timed mkfs-ro mkfs.ext4 -q -F -m 0 -O ^has_journal,^resize_inode -d "$TREE" "$T/theirs-ro.img"
done
summary "$TREE" "$RUNS runs" mkddi mkfs.ext4
summary "$TREE" "$RUNS runs, --read-only" mkddi-ro mkfs-ro

used() { dumpe2fs -h "$1" 2>/dev/null | awk -F: '/^Block count/ {b=$2} /^Free blocks/ {f=$2} END {print b-f}'; }
resize2fs -M "$T/theirs-ro.img" >/dev/null 2>&1
truncate -s "$(dumpe2fs -h "$T/theirs-ro.img" 2>/dev/null | awk -F: '/^Block count/ {print $2 * 4096}')" "$T/theirs-ro.img"
for f in ours theirs ours-ro theirs-ro; do
  e2fsck -fn "$T/$f.img" >/dev/null 2>&1 || { echo "e2fsck -fn complains about $f.img"; exit 1; }
done
printf 'writable  blocks in use: mkddi %d, mkfs.ext4 %d (same size %d bytes)\n' \
  "$(used "$T/ours.img")" "$(used "$T/theirs.img")" "$SIZE"
printf 'read-only image bytes:   mkddi %d, mkfs.ext4 + resize2fs -M %d\n' \
  "$(stat -c %s "$T/ours-ro.img")" "$(stat -c %s "$T/theirs-ro.img")"
