#!/usr/bin/env bash
# Does with the standard C tools what `mkddi build` is to do for the boot test: a bootable DDI
# from a root archive, taking kernel, initrd, UKI stub and systemd-boot from the root tree.
# usage: c-tools-ddi.sh ROOT.tar.gz BASE [NAME VERSION [KERNELCMDLINE]]
#   (defaults: mkddi-boottest 1.0.0 "console=ttyS0")
# Writes BASE.raw (GPT: esp, root-x86-64 EROFS, root-x86-64-verity; PARTUUIDs = root-hash halves),
# BASE.roothash (64 hex, no newline), BASE.cmdline (one line), BASE.efi (the UKI, also on the ESP
# as /EFI/Linux/NAME-VERSION.efi; assembled with objcopy as systemd 253's ukify did). Env:
# SOURCE_DATE_EPOCH (default 1700000000).
set -euo pipefail
[ $# -ge 2 ] || { sed -n '4,5p' "$0" | sed 's/^# //' >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
ARCHIVE=$1 BASE=$2 NAME=${3:-mkddi-boottest} VERSION=${4:-1.0.0} EXTRA=${5:-console=ttyS0}
EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
export LC_ALL=C TZ=UTC MTOOLS_SKIP_CHECK=1
umask 022
die() { printf 'c-tools-ddi: error: %s\n' "$*" >&2; exit 1; }
for t in mkfs.erofs veritysetup sfdisk mkfs.vfat fsck.fat mmd mcopy objcopy objdump; do
  command -v "$t" >/dev/null || die "$t missing"
done
W=$BASE.work
rm -rf "$W"; mkdir -p "$W/tree"
tar -xzf "$ARCHIVE" -C "$W/tree" --numeric-owner
TREE=$W/tree
KVER=$(ls "$TREE/usr/lib/modules" | head -1)
KERNEL=$TREE/usr/lib/modules/$KVER/vmlinuz INITRD=$TREE/usr/lib/modules/$KVER/initrd
EFIDIR=$TREE/usr/lib/systemd/boot/efi
for f in "$KERNEL" "$INITRD" "$EFIDIR/linuxx64.efi.stub" "$EFIDIR/systemd-bootx64.efi" "$TREE/usr/lib/os-release"; do
  [ -s "$f" ] || die "the root tree lacks ${f#"$TREE"}"
done

# root: EROFS (4 KiB blocks), then the verity hash tree with a fixed salt and UUID
mkfs.erofs --quiet -T"$EPOCH" -U 6d6b6464-6900-4000-8000-00000000e20f --all-root "$W/root.erofs" "$TREE"
SALT=$(printf 'mkddi-boot-test' | sha256sum | cut -c1-64)
veritysetup format --data-block-size=4096 --hash-block-size=4096 --salt="$SALT" \
  --uuid=6d6b6464-6900-4000-8000-00000000ea17 "$W/root.erofs" "$W/root.verity" > "$W/verity.txt"
RH=$(sed -n 's/^Root hash:[[:space:]]*//p' "$W/verity.txt")
[[ "$RH" =~ ^[0-9a-f]{64}$ ]] || die "no root hash from veritysetup: $(cat "$W/verity.txt")"
printf '%s' "$RH" > "$BASE.roothash"
CMDLINE="roothash=$RH${EXTRA:+ $EXTRA}"
printf '%s\n' "$CMDLINE" > "$BASE.cmdline"

# UKI. objcopy: as systemd 253's ukify did, sections packed after the stub's last one at
# 4 KiB-aligned VMAs, order .osrel .cmdline .uname .initrd .linux.
STUB=$EFIDIR/linuxx64.efi.stub
cat "$TREE/usr/lib/os-release" > "$W/osrel"
printf '%s' "$CMDLINE" > "$W/cmdline"
printf '%s' "$KVER" > "$W/uname"
read -r last_vma last_size < <(objdump -h -w "$STUB" | awk '$1 ~ /^[0-9]+$/ {v=$4; s=$3} END {print v, s}')
IMAGE_BASE=$(objdump -p "$STUB" | awk '/^ImageBase/ {print $2}')
vma=$(( (0x$IMAGE_BASE + 0x$last_vma + 0x$last_size + 4095) / 4096 * 4096 ))
args=()
for s in osrel cmdline uname initrd linux; do
  case $s in initrd) f=$INITRD ;; linux) f=$KERNEL ;; *) f=$W/$s ;; esac
  args+=(--add-section ".$s=$f" --change-section-vma ".$s=$(printf '0x%x' $vma)")
  vma=$(( vma + ( $(stat -c %s "$f") + 4095) / 4096 * 4096 ))
done
objcopy "${args[@]}" "$STUB" "$BASE.efi"

# ESP: FAT as mkfs.fat chooses for the size; systemd-boot twice, loader.conf, the UKI
ESP_MIB=$(( ( $(stat -c %s "$BASE.efi") + 2 * $(stat -c %s "$EFIDIR/systemd-bootx64.efi") ) / 1048576 + 1 ))
ESP_MIB=$(( ESP_MIB < 48 ? 64 : ESP_MIB * 5 / 4 + 16 ))
printf 'timeout 0\neditor no\n' > "$W/loader.conf"
touch -d "@$EPOCH" "$W/loader.conf" "$BASE.efi"
mkfs.vfat -C -n ESP -i 4d4b4444 --invariant "$W/esp.img" $(( ESP_MIB * 1024 )) >/dev/null
mmd -i "$W/esp.img" ::/EFI ::/EFI/BOOT ::/EFI/systemd ::/EFI/Linux ::/loader
mcopy -m -i "$W/esp.img" "$EFIDIR/systemd-bootx64.efi" ::/EFI/BOOT/BOOTX64.EFI
mcopy -m -i "$W/esp.img" "$EFIDIR/systemd-bootx64.efi" ::/EFI/systemd/systemd-bootx64.efi
mcopy -m -i "$W/esp.img" "$W/loader.conf" ::/loader/loader.conf
mcopy -m -i "$W/esp.img" "$BASE.efi" "::/EFI/Linux/$NAME-$VERSION.efi"
fsck.fat -n "$W/esp.img" >/dev/null || die "fsck.fat -n complains about the ESP"

# GPT: 1 MiB aligned; root and root-verity read-only (GUID:60) with the root-hash halves as
# PARTUUIDs, the only way the initrd finds them (no device names anywhere)
uuid_of() { echo "${1:0:8}-${1:8:4}-${1:12:4}-${1:16:4}-${1:20:12}"; }
S=512 MIB=2048
sectors() { echo $(( ( $(stat -c %s "$1") + S - 1) / S )); }
align() { echo $(( ( $1 + MIB - 1) / MIB * MIB )); }
ESP_START=$MIB ESP_SIZE=$(sectors "$W/esp.img")
ROOT_START=$(align $((ESP_START + ESP_SIZE))) ROOT_SIZE=$(sectors "$W/root.erofs")
VER_START=$(align $((ROOT_START + ROOT_SIZE))) VER_SIZE=$(sectors "$W/root.verity")
TOTAL=$(( $(align $((VER_START + VER_SIZE))) + MIB ))
rm -f "$BASE.raw"; truncate -s $((TOTAL * S)) "$BASE.raw"
sfdisk --quiet --no-reread --no-tell-kernel "$BASE.raw" <<EOF
label: gpt
label-id: 6D6B6464-6900-4000-8000-000000000D15
unit: sectors
first-lba: 2048
start=$ESP_START, size=$ESP_SIZE, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=6D6B6464-6900-4000-8000-0000000000E5, name="esp"
start=$ROOT_START, size=$ROOT_SIZE, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid=$(uuid_of "${RH:0:32}"), name="root-x86-64", attrs="GUID:60"
start=$VER_START, size=$VER_SIZE, type=2C7357ED-EBD2-46D9-AEC1-23D437EC2BF5, uuid=$(uuid_of "${RH:32:32}"), name="root-x86-64-verity", attrs="GUID:60"
EOF
put() { dd if="$1" of="$BASE.raw" bs=$S seek="$2" conv=notrunc,sparse status=none; }
put "$W/esp.img" $ESP_START; put "$W/root.erofs" $ROOT_START; put "$W/root.verity" $VER_START
sfdisk --verify "$BASE.raw" >/dev/null 2>&1 || die "sfdisk --verify complains"
rm -rf "$W"
echo "c-tools-ddi: $BASE.raw ($(stat -c %s "$BASE.raw") bytes), root hash $RH" >&2
