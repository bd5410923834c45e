#!/usr/bin/env bash
# Proves the boot chain without mkddi: the boot test with the image built by the standard C tools
# (c-tools-ddi.sh: mkfs.erofs, veritysetup format, sfdisk, mkfs.vfat + mtools, objcopy UKI).
# usage: manual-ddi.sh OUTDIR     (root)
# Results in OUTDIR/c-tools/ (image, logs), timings in OUTDIR/timings.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
exec "$(dirname "$0")/boot-test.sh" "$1" --c-tools
