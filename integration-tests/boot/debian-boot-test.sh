#!/usr/bin/env bash
# The boot test of examples/debian-bootable: a Debian 12 root from mmdebstrap (make-root.sh,
# cached), `mkddi build`, then a QEMU boot (boot.sh, OVMF) that must come up with systemd as PID 1,
# / on /dev/mapper/root, `systemctl is-system-running` = running, and a serial login prompt; and a
# boot of a copy with one byte flipped in the EROFS superblock block that must stop at a verity
# error. The image's mkddi-boot-report unit prints the MKDDI-* lines when QEMU passes the
# credential mkddi.boot-report, then powers off.
# usage: debian-boot-test.sh OUTDIR [--mkddi PATH]     (root; Debian 12; ovmf, qemu, mmdebstrap)
# Ends with "N passed, N failed"; exit 1 on any failure. OUTDIR/timings has the timings.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
[ $# -ge 1 ] || { sed -n '8p' "$0" | sed 's/^# //' >&2; exit 2; }
OUT=$(mkdir -p "$1" && cd "$1" && pwd); shift
MKDDI=$REPO/mkddi
case "${1:-}" in
  --mkddi) MKDDI=$2 ;;
  "") ;;
  *) echo "debian-boot-test: unknown option $1" >&2; exit 2 ;;
esac
# shellcheck source=integration-tests/boot/checks.sh
. "$HERE/checks.sh"

# OVMF: the host's (Debian 12's ovmf, the same package fetch-kit.sh takes its pair from)
KIT=$OUT/kit
mkdir -p "$KIT"
cp /usr/share/OVMF/OVMF_CODE_4M.fd "$KIT/OVMF_CODE.fd"
cp /usr/share/OVMF/OVMF_VARS_4M.fd "$KIT/OVMF_VARS.fd"

"$REPO/examples/debian-bootable/make-root.sh"; lap "make-root (mmdebstrap, cached)"

B=$OUT/image
rm -rf "$B"
"$MKDDI" build "$REPO/examples/debian-bootable" --target-dir "$B" || { bad "mkddi build failed"; finish; }
lap "mkddi build"
IMG=$B/debian.x86_64-12.raw
[ -f "$IMG" ] && ok || { bad "no $IMG"; finish; }
RH=$(cat "$B/debian.x86_64-12.roothash")

LOG=$B/boot.log
"$HERE/boot.sh" "$IMG" --kit "$KIT" --credential mkddi.boot-report=1 --log "$LOG" \
  --timeout "${BOOT_TIMEOUT:-600}" && ok || bad "boot of $IMG"
lap "boot (must reach the login prompt)"
clean=$(tr -d '\r' < "$LOG" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g')
grep -qx 'MKDDI-PID1: systemd' <<<"$clean" && ok || bad "PID 1 is not systemd: $(grep MKDDI-PID1 <<<"$clean")"
grep -qx 'MKDDI-STATE: running' <<<"$clean" && ok ||
  bad "systemctl is-system-running: $(grep MKDDI-STATE <<<"$clean"); $(grep MKDDI-FAILED <<<"$clean" | tr '\n' ' ')"
grep -q 'debian-ddi login: ' <<<"$clean" && ok || bad "no serial login prompt"

# a copy with one byte flipped in the EROFS superblock block: the verity check must stop the boot
ROOT_OFF=$("$MKDDI" inspect --json "$IMG" | python3 -c '
import json, sys
print(next(p["offset"] for p in json.load(sys.stdin)["partitions"] if p["designator"] == "root"))')
cp --sparse=always "$IMG" "$B/corrupt.raw"
OFF=$((ROOT_OFF + 1024))
b=$(od -An -tu1 -j "$OFF" -N1 "$B/corrupt.raw" | tr -d ' ')
printf "\\x$(printf %02x $((b ^ 0xff)))" | dd of="$B/corrupt.raw" bs=1 seek="$OFF" conv=notrunc status=none
"$HERE/boot.sh" "$B/corrupt.raw" --expect-fail --kit "$KIT" --roothash "$RH" \
  --log "$B/boot-corrupt.log" --timeout "${BOOT_TIMEOUT:-600}" && ok || bad "boot of the corrupted copy"
lap "boot (corrupted, must fail)"
rm -f "$B/corrupt.raw"
finish
