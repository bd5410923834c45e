#!/usr/bin/env bash
# Interim boot test of mkddi's Java FAT writer and UKI assembler, until `mkddi build` exists:
# takes the image of manual-ddi.sh, replaces its ESP by one written with java-esp/JavaEsp.java
# (dev.mkddi.fat + dev.mkddi.uki from MKDDI_JAR), checks it with fsck.fat and mtools, and boots it.
# usage: java-esp.sh OUTDIR MKDDI_JAR     (after manual-ddi.sh OUTDIR; MKDDI_JAR e.g. target/mkddi.jar)
set -euo pipefail
[ $# -eq 2 ] || { sed -n '5p' "$0" | sed 's/^# //' >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(cd "$1" && pwd) JAR=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
SRC=$(ls "$OUT"/c-tools/*.raw | head -1)
BASE=${SRC%.raw} J=$OUT/java-esp
export MTOOLS_SKIP_CHECK=1
rm -rf "$J"; mkdir -p "$J/tree"
tar -xzf "$OUT/root.tar.gz" -C "$J/tree"
read -r START SIZE < <(sfdisk -J "$SRC" | python3 -c 'import json, sys
p = json.load(sys.stdin)["partitiontable"]["partitions"][0]; print(p["start"], p["size"])')
java -cp "$JAR" "$HERE/java-esp/JavaEsp.java" "$J/tree" "$(cat "$OUT/kit/kver")" \
  "$(head -1 "$BASE.cmdline")" "$J/uki.efi" "$J/esp.img" $((SIZE * 512)) "$START" mkddi-boottest-1.0.0.efi
truncate -s $((SIZE * 512)) "$J/esp.img"
fsck.fat -n "$J/esp.img"
mdir -i "$J/esp.img" -/ -b ::
mtype -i "$J/esp.img" ::/EFI/Linux/mkddi-boottest-1.0.0.efi | cmp - "$J/uki.efi"
objdump -h "$J/uki.efi" | awk '$1 ~ /^[0-9]+$/ {print $2, $3, $4}' | tr '\n' ' '; echo
cp --sparse=always "$SRC" "$J/java.raw"
dd if="$J/esp.img" of="$J/java.raw" bs=512 seek="$START" conv=notrunc status=none
"$HERE/boot.sh" "$J/java.raw" --kit "$OUT/kit" --roothash "$(cat "$BASE.roothash")" --log "$J/boot.log"
