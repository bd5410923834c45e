#!/usr/bin/env bash
# Makes the sparse-*.tar fixtures with GNU tar (1.34): a 64 KiB file 's' that is a hole but for
# "mid" at offset 40000, then a regular file 'f' ("hello\n"), in each sparse format GNU tar writes.
# Deterministic but for the pid GNU tar puts in the GNUSparseFile.<pid> path it records (which a
# reader must replace with GNU.sparse.name).
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
truncate -s 65536 "$work/s"
printf mid | dd of="$work/s" bs=1 seek=40000 conv=notrunc status=none
echo hello >"$work/f"
common=(--sparse --mtime=@1700000000 --owner=0 --group=0 --numeric-owner -b 1 -C "$work")
pax=(--format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime)
tar "${common[@]}" "${pax[@]}" --sparse-version=1.0 -cf sparse-pax10.tar s f
tar "${common[@]}" "${pax[@]}" --sparse-version=0.1 -cf sparse-pax01.tar s f
tar "${common[@]}" "${pax[@]}" --sparse-version=0.0 -cf sparse-pax00.tar s f
tar "${common[@]}" --format=gnu -cf sparse-gnu.tar s f
