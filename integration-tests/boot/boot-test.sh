#!/usr/bin/env bash
# The boot test of issues 7, 14 and 15, end to end: kit, root archive, and per root file system an
# image, ESP and UKI checks, a boot that must reach the marker on the dm-verity root, a boot with a
# flipped superblock byte that must not.
# usage: boot-test.sh OUTDIR [--mkddi PATH | --c-tools] [--roots "SPEC..."]   (root; Debian 12)
#   --mkddi PATH  build with `PATH build` and locate partitions with `PATH inspect --json` (default ./mkddi)
#   --c-tools     build with c-tools-ddi.sh (mkfs.erofs, veritysetup, sfdisk, mtools, objcopy)
#                 and locate partitions with sfdisk -J: proves the chain without mkddi
#   --roots       root file systems, FS[:COMPRESSION] each (default "erofs:lz4 squashfs:xz ext4";
#                 "erofs" alone is uncompressed); --c-tools builds uncompressed erofs only
# Ends with "N passed, N failed"; exit 1 on any failure. OUTDIR/timings has the timings.
# A boot that passed before with the same image bytes, boot.sh and OVMF is not run again: its pass
# is cached in ${BOOT_CACHE:-${TMPDIR:-/tmp}/mkddi-boot-cache} (BOOT_NO_CACHE=1 boots anyway).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { sed -n '4,7p' "$0" | sed 's/^# //' >&2; exit 2; }
OUT=$(mkdir -p "$1" && cd "$1" && pwd); shift
MODE=mkddi MKDDI=./mkddi ROOTS="erofs:lz4 squashfs:xz ext4"
while [ $# -gt 0 ]; do
  case "$1" in
    --mkddi) MKDDI=$2; shift ;;
    --c-tools) MODE=c-tools ROOTS=erofs ;;
    --roots) ROOTS=$2; shift ;;
    *) echo "boot-test: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
BOOT_CACHE=${BOOT_CACHE:-${TMPDIR:-/tmp}/mkddi-boot-cache}
[ "$MODE" = c-tools ] || MKDDI=$(cd "$(dirname "$MKDDI")" && pwd)/$(basename "$MKDDI")
KIT=$OUT/kit NAME=mkddi-boottest VERSION=1.0.0
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000} LC_ALL=C TZ=UTC MTOOLS_SKIP_CHECK=1
# shellcheck source=integration-tests/boot/checks.sh
. "$HERE/checks.sh"

"$HERE/fetch-kit.sh" "$OUT"; lap "fetch-kit (download, dracut)"
"$HERE/make-root.sh" "$OUT"; lap "make-root"
KVER=$(cat "$KIT/kver")

# boot_cached IMAGE LOG ARGS...: boot.sh IMAGE --log LOG ARGS..., unless the same bytes passed before
boot_cached() {
  local img=$1 log=$2 key; shift 2
  key=$(cat "$img" "$HERE/boot.sh" "$KIT/OVMF_CODE.fd" <(printf '%s\n' "$@") | sha256sum | cut -c1-64)
  if [ -z "${BOOT_NO_CACHE:-}" ] && [ -f "$BOOT_CACHE/$key" ]; then
    echo "boot-test: $(basename "$img") $*: passed before with these bytes, not booted again" >&2
    return 0
  fi
  "$HERE/boot.sh" "$img" --log "$log" "$@" || return 1
  mkdir -p "$BOOT_CACHE" && : > "$BOOT_CACHE/$key"
}

# test_root FS[:COMPRESSION]: build, check and boot one image
test_root() {
local FS=${1%%:*} COMP="" ATTRS
[ "$FS" = "$1" ] || COMP=${1#*:}
ATTRS="filesystem=\"$FS\""
case "$FS:$COMP" in
  *:) ;;
  erofs:*) ATTRS+=" erofscompression=\"$COMP\"" ;;
  squashfs:*) ATTRS+=" squashfscompression=\"$COMP\"" ;;
  *) bad "--roots $1: only erofs and squashfs take a compression"; return ;;
esac
# --- build
B=$OUT/$MODE-${1//[:,]/-}
rm -rf "$B"; mkdir -p "$B/desc"
if [ "$MODE" = c-tools ]; then
  "$HERE/c-tools-ddi.sh" "$OUT/root.tar.gz" "$B/$NAME.x86_64-$VERSION" "$NAME" "$VERSION"
else
  ln -s ../../root.tar.gz "$B/desc/root.tar.gz"
  cat > "$B/desc/config.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<image schemaversion="8.5" name="$NAME">
  <description type="system">
    <author>mkddi</author>
    <contact>mkddi@example.org</contact>
    <specification>boot test: busybox root on dm-verity, systemd-boot, UKI</specification>
  </description>
  <preferences>
    <version>$VERSION</version>
    <type image="oem" $ATTRS firmware="efi" efipartsize="64"
          verity_blocks="all" verity_partition="true" embed_verity_metadata="false"
          kernelcmdline="console=ttyS0">
      <bootloader name="systemd_boot" timeout="0"/>
    </type>
  </preferences>
  <packages type="image">
    <archive name="root.tar.gz"/>
  </packages>
</image>
XML
  "$MKDDI" build "$B/desc" --target-dir "$B" || { bad "mkddi build of a $1 root failed"; return; }
fi
lap "build ($MODE, $1)"
IMG=$(ls "$B"/*.raw 2>/dev/null | head -1)
[ -n "$IMG" ] && ok || { bad "no image in $B"; return; }
BASE=${IMG%.raw}
RH=$(tr -d ' \n' < "$BASE.roothash")
[[ "$RH" =~ ^[0-9a-f]{64}$ ]] && ok || { bad "$BASE.roothash: '$RH'"; return; }

# --- partitions: "designator offset size uuid" lines, from mkddi inspect --json or sfdisk -J
if [ "$MODE" = c-tools ]; then sfdisk -J "$IMG" > "$B/table.json"; else "$MKDDI" inspect --json "$IMG" > "$B/table.json"; fi
python3 - "$B/table.json" > "$B/parts" <<'PY' || bad "cannot read the partition table: $(cat "$B/parts")"
import json, sys
t = json.load(open(sys.argv[1]))
names = {'c12a7328-f81f-11d2-ba4b-00a0c93ec93b': 'esp', '4f68bce3-e8cd-4db1-96e7-fbcaf984b709': 'root',
         '2c7357ed-ebd2-46d9-aec1-23d437ec2bf5': 'root-verity'}
if 'partitiontable' in t:  # sfdisk -J
    pt = t['partitiontable']; ss = pt.get('sectorsize', 512)
    parts = [(p['type'], p['start'] * ss, p['size'] * ss, p['uuid']) for p in pt['partitions']]
else:  # mkddi inspect --json (issue 3)
    parts = [(p['typeGuid'], p['offset'], p['size'], p['uuid']) for p in t['partitions']]
for typ, off, size, uuid in parts:
    print(names.get(typ.lower(), typ.lower()), off, size, uuid.lower())
PY
part() { awk -v d="$1" -v f="$2" '$1 == d {print $f; exit}' "$B/parts"; }
uuid_of() { echo "${1:0:8}-${1:8:4}-${1:12:4}-${1:16:4}-${1:20:12}"; }
[ "$(part root 4)" = "$(uuid_of "${RH:0:32}")" ] && ok || bad "root PARTUUID $(part root 4) is not the first root-hash half"
[ "$(part root-verity 4)" = "$(uuid_of "${RH:32:32}")" ] && ok || bad "root-verity PARTUUID $(part root-verity 4) is not the last root-hash half"
[ "$(awk 'NR == 1 {print $1}' "$B/parts")" = esp ] && ok || bad "the ESP is not the first partition"

# --- ESP: fsck.fat clean; mtools lists every file and extracts it byte-identical to its source
ESP_OFF=$(part esp 2) ESP_SIZE=$(part esp 3)
if [ -n "$ESP_OFF" ]; then
  dd if="$IMG" of="$B/esp.img" bs=512 skip=$((ESP_OFF / 512)) count=$((ESP_SIZE / 512)) status=none
  fsck.fat -n "$B/esp.img" > "$B/fsck.txt" 2>&1 && ok || bad "fsck.fat -n: $(tail -3 "$B/fsck.txt")"
  mdir -i "$B/esp.img" -/ -b :: | sed 's|^::||' | sort > "$B/esp-files"
  UKI_PATH=/EFI/Linux/$NAME-$VERSION.efi
  declare -A WANT=([/EFI/BOOT/BOOTX64.EFI]=$KIT/systemd-bootx64.efi
    [/EFI/systemd/systemd-bootx64.efi]=$KIT/systemd-bootx64.efi [$UKI_PATH]=$BASE.efi [/loader/loader.conf]=)
  for f in "${!WANT[@]}"; do grep -qixF "$f" "$B/esp-files" && ok || bad "ESP lacks $f (has: $(tr '\n' ' ' < "$B/esp-files"))"; done
  while read -r f; do
    [ -n "$f" ] || continue
    mcopy -n -i "$B/esp.img" "::$f" "$B/extracted" 2>/dev/null || { bad "mcopy cannot extract $f"; continue; }
    src=""; for k in "${!WANT[@]}"; do [ "${k,,}" = "${f,,}" ] && src=${WANT[$k]}; done
    if [ -n "$src" ]; then cmp -s "$src" "$B/extracted" && ok || bad "ESP $f differs from $src"; fi
  done < <(grep -v '/$' "$B/esp-files")
  mcopy -n -i "$B/esp.img" ::/loader/loader.conf "$B/loader.conf" 2>/dev/null
  grep -Eq '^timeout[[:space:]]+0' "$B/loader.conf" && ok || bad "loader.conf has no 'timeout 0': $(cat "$B/loader.conf")"
else
  bad "no ESP partition"
fi

# --- UKI: sections in ukify's order with the exact contents
objdump -h -w "$BASE.efi" | awk '$1 ~ /^[0-9]+$/ {print $2}' > "$B/uki-sections"
ORDER=$(grep -xE '\.(osrel|cmdline|uname|initrd|linux)' "$B/uki-sections" | tr '\n' ' ')
[ "$ORDER" = ".osrel .cmdline .uname .initrd .linux " ] && ok || bad "UKI sections: $(tr '\n' ' ' < "$B/uki-sections")"
section() { objcopy -O binary --only-section="$1" "$BASE.efi" "$B/sec" 2>/dev/null || : > "$B/sec"; }
section .cmdline; [ "$(cat "$B/sec")" = "$(head -1 "$BASE.cmdline")" ] && [ "$(stat -c %s "$B/sec")" = "$(($(stat -c %s "$BASE.cmdline") - 1))" ] \
  && ok || bad ".cmdline section '$(cat "$B/sec")' != $BASE.cmdline without its newline"
grep -qw "roothash=$RH" "$B/sec" && ok || bad ".cmdline lacks roothash=$RH"
section .uname; [ "$(cat "$B/sec")" = "$KVER" ] && ok || bad ".uname '$(cat "$B/sec")' != $KVER"
section .osrel; cmp -s "$B/sec" "$OUT/root/usr/lib/os-release" && ok || bad ".osrel differs from the tree's os-release"
section .initrd; cmp -s -n "$(stat -c %s "$KIT/initrd")" "$B/sec" "$KIT/initrd" && ok || bad ".initrd differs from the tree's initrd"
section .linux; cmp -s -n "$(stat -c %s "$KIT/vmlinuz")" "$B/sec" "$KIT/vmlinuz" && ok || bad ".linux differs from the tree's vmlinuz"
rm -f "$B/sec" "$B/extracted"
lap "ESP and UKI checks ($1)"

# --- boots: the image as built, then a copy with one byte flipped in the first block of the root
# (the superblock of erofs and ext4, squashfs's first metadata or data bytes)
ROOT_OFF=$(part root 2)
cp --sparse=always "$IMG" "$B/corrupt.raw"
OFF=$((ROOT_OFF + 1024))
b=$(od -An -tu1 -j "$OFF" -N1 "$B/corrupt.raw" | tr -d ' ')
printf "\\x$(printf %02x $((b ^ 0xff)))" | dd of="$B/corrupt.raw" bs=1 seek="$OFF" conv=notrunc status=none
boot_cached "$IMG" "$B/boot.log" --kit "$KIT" --roothash "$RH" --fstype "$FS" && ok || bad "boot of $IMG ($1 root)"
lap "boot ($1, must reach the marker)"
boot_cached "$B/corrupt.raw" "$B/boot-corrupt.log" --expect-fail --kit "$KIT" && ok || bad "boot of the corrupted copy ($1 root)"
lap "boot ($1 corrupted, must fail)"
rm -f "$B/corrupt.raw"
}

for spec in $ROOTS; do test_root "$spec"; done
finish
