#!/usr/bin/env bash
# Proves the boot chain without mkddi: builds, with the standard C tools, the DDI mkddi is to
# produce (GPT: esp, root-x86-64 (EROFS), root-x86-64-verity; PARTUUIDs = root-hash halves; ESP
# with systemd-boot and an objcopy-assembled UKI whose .cmdline holds roothash=), boots it, then
# boots a copy with one byte flipped in the EROFS superblock block, which must fail.
# usage: manual-ddi.sh OUTDIR     (root; runs fetch-kit.sh and make-root.sh into OUTDIR first)
# Writes OUTDIR/manual/{manual.raw,.roothash,.cmdline,.efi,esp.img,manual-corrupt.raw,*.log},
# OUTDIR/manual/timings.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
KIT=$OUT/kit M=$OUT/manual
EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
export LC_ALL=C TZ=UTC MTOOLS_SKIP_CHECK=1
umask 022
die() { printf 'manual-ddi: error: %s\n' "$*" >&2; exit 1; }
for t in mkfs.erofs veritysetup sfdisk mkfs.vfat mmd mcopy objcopy objdump qemu-system-x86_64; do
  command -v "$t" >/dev/null || die "$t missing"
done
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
TIMINGS=""
t0=$(now); "$HERE/fetch-kit.sh" "$OUT"; t1=$(now); TIMINGS+="fetch-kit $(secs "$t0" "$t1") s"$'\n'
"$HERE/make-root.sh" "$OUT"; t2=$(now); TIMINGS+="make-root $(secs "$t1" "$t2") s"$'\n'
KVER=$(cat "$KIT/kver")

rm -rf "$M"; mkdir -p "$M/tree"
tar -xzf "$OUT/root.tar.gz" -C "$M/tree" --numeric-owner

# root: EROFS (4 KiB blocks), then the verity hash tree with a fixed salt and UUID
mkfs.erofs --quiet -T"$EPOCH" -U 6d6b6464-6900-4000-8000-00000000e20f --all-root \
  "$M/root.erofs" "$M/tree"
SALT=$(printf 'mkddi-boot-test' | sha256sum | cut -c1-64)
veritysetup format --data-block-size=4096 --hash-block-size=4096 --salt="$SALT" \
  --uuid=6d6b6464-6900-4000-8000-00000000ea17 "$M/root.erofs" "$M/root.verity" > "$M/verity.txt"
RH=$(sed -n 's/^Root hash:[[:space:]]*//p' "$M/verity.txt")
[[ "$RH" =~ ^[0-9a-f]{64}$ ]] || die "no root hash from veritysetup: $(cat "$M/verity.txt")"
printf '%s\n' "$RH" > "$M/manual.roothash"
CMDLINE="roothash=$RH console=ttyS0"
printf '%s\n' "$CMDLINE" > "$M/manual.cmdline"

# UKI, as systemd 253's ukify did with objcopy: sections packed after the stub's last one,
# each at a 4 KiB-aligned VMA, in the order .osrel .cmdline .uname .initrd .linux.
# UKI_TOOL=python: uki.py instead, the placement mkddi's Java writer follows.
STUB=$M/tree/usr/lib/systemd/boot/efi/linuxx64.efi.stub
cp "$M/tree/usr/lib/os-release" "$M/osrel"
printf '%s' "$CMDLINE" > "$M/cmdline"
printf '%s' "$KVER" > "$M/uname"
read -r last_vma last_size < <(objdump -h -w "$STUB" | awk '$1 ~ /^[0-9]+$/ {v=$4; s=$3} END {print v, s}')
BASE_ADDR=$(objdump -p "$STUB" | awk '/^ImageBase/ {print $2}')
vma=$(( ( (0x$BASE_ADDR + 0x$last_vma + 0x$last_size) + 4095) / 4096 * 4096 ))
args=() pyargs=()
for s in osrel cmdline uname initrd linux; do
  case $s in initrd) f=$M/tree/usr/lib/modules/$KVER/initrd ;; linux) f=$M/tree/usr/lib/modules/$KVER/vmlinuz ;; *) f=$M/$s ;; esac
  args+=(--add-section ".$s=$f" --change-section-vma ".$s=$(printf '0x%x' $vma)")
  pyargs+=(".$s=$f")
  vma=$(( vma + ( $(stat -c %s "$f") + 4095) / 4096 * 4096 ))
done
case ${UKI_TOOL:-objcopy} in
  objcopy) objcopy "${args[@]}" "$STUB" "$M/manual.efi" ;;
  # current ukify's placement (SectionAlignment packing, .linux VirtualSize = kernel SizeOfImage)
  python) python3 "$HERE/uki.py" "$STUB" "$M/manual.efi" "${pyargs[@]}" ;;
  *) die "UKI_TOOL must be objcopy or python" ;;
esac
objdump -h "$M/manual.efi" > "$M/uki-sections.txt"

# ESP: FAT (mkfs.fat's choice for the size), systemd-boot twice, loader.conf, the UKI
UKI_NAME=mkddi-boottest-1.efi
ESP_MIB=$(( ( $(stat -c %s "$M/manual.efi") + 2 * $(stat -c %s "$KIT/systemd-bootx64.efi") ) / 1048576 + 1 ))
ESP_MIB=$(( ESP_MIB < 48 ? 64 : ESP_MIB * 5 / 4 + 16 ))
printf 'timeout 0\neditor no\n' > "$M/loader.conf"
touch -d "@$EPOCH" "$M/loader.conf" "$M/manual.efi"
rm -f "$M/esp.img"
mkfs.vfat -C -n ESP -i 4d4b4444 --invariant "$M/esp.img" $(( ESP_MIB * 1024 )) >/dev/null
mmd -i "$M/esp.img" ::/EFI ::/EFI/BOOT ::/EFI/systemd ::/EFI/Linux ::/loader
mcopy -m -i "$M/esp.img" "$KIT/systemd-bootx64.efi" ::/EFI/BOOT/BOOTX64.EFI
mcopy -m -i "$M/esp.img" "$KIT/systemd-bootx64.efi" ::/EFI/systemd/systemd-bootx64.efi
mcopy -m -i "$M/esp.img" "$M/loader.conf" ::/loader/loader.conf
mcopy -m -i "$M/esp.img" "$M/manual.efi" "::/EFI/Linux/$UKI_NAME"
fsck.fat -n "$M/esp.img" >/dev/null || die "fsck.fat -n complains about the ESP"

# GPT: 1 MiB aligned, PARTUUIDs of root and root-verity = the root hash halves (no device names)
uuid_of() { echo "${1:0:8}-${1:8:4}-${1:12:4}-${1:16:4}-${1:20:12}"; }
S=512 MIB=2048
sectors() { echo $(( ( $(stat -c %s "$1") + S - 1) / S )); }
align() { echo $(( ( $1 + MIB - 1) / MIB * MIB )); }
ESP_START=$MIB ESP_SIZE=$(sectors "$M/esp.img")
ROOT_START=$(align $((ESP_START + ESP_SIZE))) ROOT_SIZE=$(sectors "$M/root.erofs")
VER_START=$(align $((ROOT_START + ROOT_SIZE))) VER_SIZE=$(sectors "$M/root.verity")
TOTAL=$(( $(align $((VER_START + VER_SIZE))) + MIB ))
rm -f "$M/manual.raw"; truncate -s $((TOTAL * S)) "$M/manual.raw"
sfdisk --quiet --no-reread --no-tell-kernel "$M/manual.raw" <<EOF
label: gpt
label-id: 6D6B6464-6900-4000-8000-000000000d15
unit: sectors
first-lba: 2048
start=$ESP_START, size=$ESP_SIZE, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=6D6B6464-6900-4000-8000-0000000000e5, name="esp"
start=$ROOT_START, size=$ROOT_SIZE, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid=$(uuid_of "${RH:0:32}"), name="root-x86-64"
start=$VER_START, size=$VER_SIZE, type=2C7357ED-EBD2-46D9-AEC1-23D437EC2BF5, uuid=$(uuid_of "${RH:32:32}"), name="root-x86-64-verity"
EOF
put() { dd if="$1" of="$M/manual.raw" bs=$S seek="$2" conv=notrunc,sparse status=none; }
put "$M/esp.img" $ESP_START; put "$M/root.erofs" $ROOT_START; put "$M/root.verity" $VER_START
sfdisk --verify "$M/manual.raw" >/dev/null 2>&1 || die "sfdisk --verify complains"
t3=$(now); TIMINGS+="build DDI $(secs "$t2" "$t3") s"$'\n'
echo "manual-ddi: $M/manual.raw ($(stat -c %s "$M/manual.raw") bytes), root hash $RH" >&2

# The same image with one byte flipped in the EROFS superblock (byte 1024 of the root partition)
cp --sparse=always "$M/manual.raw" "$M/manual-corrupt.raw"
OFF=$(( ROOT_START * S + 1024 ))
b=$(od -An -tu1 -j "$OFF" -N1 "$M/manual-corrupt.raw" | tr -d ' ')
printf "\\x$(printf %02x $((b ^ 0xff)))" | dd of="$M/manual-corrupt.raw" bs=1 seek="$OFF" conv=notrunc status=none

rc=0
"$HERE/boot.sh" "$M/manual.raw" --kit "$KIT" --roothash "$RH" --log "$M/boot.log" || rc=1
t4=$(now); TIMINGS+="boot (pass) $(secs "$t3" "$t4") s"$'\n'
"$HERE/boot.sh" "$M/manual-corrupt.raw" --expect-fail --kit "$KIT" --log "$M/boot-corrupt.log" || rc=1
t5=$(now); TIMINGS+="boot (corrupt, expected failure) $(secs "$t4" "$t5") s"$'\n'
TIMINGS+="total $(secs "$t0" "$t5") s"
printf '%s\n' "$TIMINGS" | tee "$M/timings" >&2
exit $rc
