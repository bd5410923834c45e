#!/usr/bin/env bash
# UEFI Secure Boot with real firmware: the host ovmf's Secure Boot build (OVMF_CODE_4M.secboot.fd)
# with the variable store Debian enrolls with its snakeoil test key (OVMF_VARS_4M.snakeoil.fd; the
# key is /usr/share/ovmf/PkKek-1-snakeoil.key, password "snakeoil", see ovmf's README.Debian).
# usage: secure-boot-test.sh OUTDIR [--mkddi PATH]      (root; Debian 12)
# 1. mkddi build with --secure-boot-key (the snakeoil key): the kernel logs that Secure Boot is on
#    and the root is the verity root of the root hash (boot.sh --secure-boot);
# 2. the same description without a key: the firmware refuses systemd-boot (Access Denied);
# 3. the signed image with its ESP's UKI replaced by the unsigned one: systemd-boot (signed)
#    starts, the firmware refuses the UKI it loads.
# fetch-kit.sh and make-root.sh cache their OUTDIR/debs, OUTDIR/kit and OUTDIR/root.tar.gz.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { sed -n '5p' "$0" | sed 's/^# //' >&2; exit 2; }
OUT=$(mkdir -p "$1" && cd "$1" && pwd); shift
MKDDI=./mkddi
[ "${1:-}" = --mkddi ] && MKDDI=$2
MKDDI=$(cd "$(dirname "$MKDDI")" && pwd)/$(basename "$MKDDI")
KEY=/usr/share/ovmf/PkKek-1-snakeoil.key CERT=/usr/share/ovmf/PkKek-1-snakeoil.pem
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000} LC_ALL=C TZ=UTC MTOOLS_SKIP_CHECK=1
# shellcheck source=integration-tests/boot/checks.sh
. "$HERE/checks.sh"
[ -f "$KEY" ] && [ -f "$CERT" ] || { echo "no $KEY (install ovmf)" >&2; exit 2; }

"$HERE/fetch-kit.sh" "$OUT"   # cached in OUTDIR/debs and OUTDIR/kit: a rerun takes seconds
"$HERE/make-root.sh" "$OUT"
lap "kit and root"

B=$OUT/secure-boot NAME=sbtest BASE=sbtest.x86_64-1.0.0
rm -rf "$B"; mkdir -p "$B/desc"
ln -s ../../root.tar.gz "$B/desc/root.tar.gz"
printf 'snakeoil\n' > "$B/password"
cat > "$B/desc/config.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<image schemaversion="8.5" name="$NAME">
  <description type="system">
    <author>mkddi</author>
    <contact>mkddi@example.org</contact>
    <specification>Secure Boot test: busybox root on dm-verity, signed systemd-boot and UKI</specification>
  </description>
  <preferences>
    <version>1.0.0</version>
    <type image="oem" filesystem="erofs" firmware="efi" efipartsize="64"
          verity_blocks="all" verity_partition="true" kernelcmdline="console=ttyS0">
      <bootloader name="systemd_boot" timeout="0"/>
    </type>
  </preferences>
  <packages type="image">
    <archive name="root.tar.gz"/>
  </packages>
</image>
XML
"$MKDDI" build "$B/desc" --target-dir "$B/signed" --secure-boot-key "$KEY" \
  --secure-boot-certificate "$CERT" --key-password-file "$B/password" >/dev/null && ok || bad "signed build"
"$MKDDI" build "$B/desc" --target-dir "$B/unsigned" >/dev/null && ok || bad "unsigned build"
lap "two builds"
sbverify --cert "$CERT" "$B/signed/$BASE.efi" >/dev/null 2>&1 && ok || bad "sbverify refuses the signed UKI"
sbverify --cert "$CERT" "$B/unsigned/$BASE.efi" >/dev/null 2>&1 && bad "sbverify accepts the unsigned UKI" || ok
"$MKDDI" verify "$B/signed/$BASE.raw" > "$B/verify.txt" && ok || bad "mkddi verify of the signed image"
[ "$(grep -c 'Secure Boot: .*Authenticode-signed by' "$B/verify.txt")" = 3 ] && ok \
  || bad "verify does not list three signed PE files: $(grep 'Secure Boot' "$B/verify.txt")"

# signed systemd-boot, unsigned UKI: copy the signed image and swap the UKI in its ESP (first
# partition, at 1 MiB)
cp "$B/signed/$BASE.raw" "$B/mixed.raw"
cp "$B/signed/$BASE.roothash" "$B/mixed.roothash"
UKI=$(mdir -b -i "$B/mixed.raw@@1M" ::/EFI/Linux | grep -i '\.efi$' | head -1)
mcopy -o -i "$B/mixed.raw@@1M" "$B/unsigned/$BASE.efi" "$UKI" && ok || bad "cannot replace $UKI"

"$HERE/boot.sh" "$B/signed/$BASE.raw" --kit "$OUT/kit" --secure-boot --log "$B/signed.log" \
  --timeout "${BOOT_TIMEOUT:-400}" && ok || bad "the signed image did not boot with Secure Boot on"
lap "boot: signed"
"$HERE/boot.sh" "$B/unsigned/$BASE.raw" --kit "$OUT/kit" --expect-refused \
  --log "$B/unsigned.log" && ok || bad "the firmware did not refuse unsigned systemd-boot"
lap "boot: unsigned"
"$HERE/boot.sh" "$B/mixed.raw" --kit "$OUT/kit" --expect-refused --log "$B/mixed.log" && ok \
  || bad "the unsigned UKI behind signed systemd-boot was not refused"
lap "boot: unsigned UKI"
finish
