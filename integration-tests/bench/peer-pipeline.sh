#!/usr/bin/env bash
# The C-tool pipeline a user scripts today for a DPS disk with root + root-verity, the baseline of
# build-vs-peer.sh: mkfs.erofs (uncompressed unless MKFS_ARGS say, e.g. -zlz4hc), veritysetup
# format, sfdisk, dd. Prints the root hash.
# usage: peer-pipeline.sh TREE OUTDIR [MKFS_ARGS...]
set -euo pipefail
TREE=$1 OUT=$2
shift 2
mkdir -p "$OUT"
EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
mkfs.erofs --quiet "$@" -T "$EPOCH" -U 6d6b6464-6900-4000-8000-000000000001 "$OUT/root.erofs" "$TREE"
RH=$(veritysetup format "$OUT/root.erofs" "$OUT/root.verity" --salt="$(printf '%064x' 1)" \
  --uuid=6d6b6464-6900-4000-8000-000000000002 | awk '/^Root hash:/ {print $3}')
MIB=1048576
mib_up() { echo $(( ($1 + MIB - 1) / MIB * MIB )); }
DATA=$(mib_up "$(stat -c %s "$OUT/root.erofs")") HASH=$(mib_up "$(stat -c %s "$OUT/root.verity")")
rm -f "$OUT/disk.raw"
truncate -s $((MIB + DATA + HASH + MIB)) "$OUT/disk.raw"
uuid() { echo "${1:0:8}-${1:8:4}-${1:12:4}-${1:16:4}-${1:20:12}"; }
sfdisk --quiet --no-reread --no-tell-kernel "$OUT/disk.raw" <<SFDISK
label: gpt
unit: sectors
start=2048, size=$((DATA / 512)), type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid=$(uuid "${RH:0:32}"), name=root-x86-64, attrs="GUID:60"
start=$((2048 + DATA / 512)), size=$((HASH / 512)), type=2C7357ED-EBD2-46D9-AEC1-23D437EC2BF5, uuid=$(uuid "${RH:32:32}"), name=root-x86-64-verity, attrs="GUID:60"
SFDISK
dd if="$OUT/root.erofs" of="$OUT/disk.raw" bs=1M seek=1 conv=notrunc status=none
dd if="$OUT/root.verity" of="$OUT/disk.raw" bs=1M seek=$(((MIB + DATA) / MIB)) conv=notrunc status=none
echo "roothash=$RH" > "$OUT/disk.cmdline"
echo "$RH"
