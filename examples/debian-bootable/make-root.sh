#!/usr/bin/env bash
# Makes the root tree of the debian-bootable example: Debian 12 (bookworm) from mmdebstrap, with
# systemd, the kernel, a dracut initrd that opens a dm-verity root from roothash= (dracut's
# systemd-veritysetup module), systemd-boot and the UKI stub; ready to boot read-only.
# usage: make-root.sh            (root; Debian or Ubuntu with mmdebstrap; network to the mirror)
# The archive is cached as ${TMPDIR:-/tmp}/mkddi-debian-bootable/root-KEY.tar, KEY a hash of this
# script, customize.sh, dracut.conf, SOURCE_DATE_EPOCH and the mirror's candidate versions of the packages; it is
# made again only when one of them changes. examples/debian-bootable/root.tar (git-ignored) links
# to it, where config.xml expects it. Then: ./mkddi build examples/debian-bootable --target-dir out
# Env: SOURCE_DATE_EPOCH (default 1700000000), DEBIAN_MIRROR (default: mmdebstrap's),
#      ROOT_PASSWORD_HASH (a crypt(3) hash for root, e.g. from `openssl passwd -6`; default: locked).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${TMPDIR:-/tmp}/mkddi-debian-bootable
EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
SUITE=bookworm
# What the root needs to boot from a verity root: systemd as PID 1 (systemd-sysv), udev (the
# by-partuuid links the verity generator waits for), dbus (logind), the kernel, dracut (its
# systemd-veritysetup module; `dracut`, not `dracut-core`, so that no initramfs-tools is pulled in
# beside it), libcryptsetup12 + dmsetup (systemd-veritysetup), zstd (dracut's compressor),
# systemd-boot-efi (systemd-boot and the UKI stub mkddi puts on the ESP).
PACKAGES=(systemd systemd-sysv udev dbus linux-image-amd64 dracut libcryptsetup12 dmsetup zstd
  systemd-boot-efi)
log() { printf 'make-root: %s\n' "$*" >&2; }
die() { printf 'make-root: error: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (mmdebstrap's root mode: chroot, mounts)"
command -v mmdebstrap >/dev/null || die "mmdebstrap missing (apt-get install mmdebstrap)"

# The cache key: the inputs that decide the archive's content.
apt_ready() { apt-cache policy linux-image-amd64 2>/dev/null | grep -q 'Candidate: [0-9]'; }
apt_ready || apt-get update -qq
candidates=$(for p in "${PACKAGES[@]}"; do
  printf '%s %s\n' "$p" "$(apt-cache policy "$p" | awk '/Candidate:/ {print $2}')"
done)
kernel_pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
key=$( { cat "$0" "$HERE/customize.sh" "$HERE/dracut.conf"; echo "$EPOCH $SUITE ${DEBIAN_MIRROR:-} $kernel_pkg";
  echo "${ROOT_PASSWORD_HASH:-}"; echo "$candidates"; } | sha256sum | cut -c1-16)
TAR=$CACHE/root-$key.tar
mkdir -p "$CACHE"
if [ -s "$TAR" ]; then
  log "up to date: $TAR"
else
  log "mmdebstrap $SUITE into $TAR (a few minutes)"
  T0=$(date +%s)
  rm -f "$CACHE"/root-*.tar   # older keys
  SOURCE_DATE_EPOCH=$EPOCH ROOT_PASSWORD_HASH=${ROOT_PASSWORD_HASH:-} mmdebstrap \
    --variant=minbase --arch=amd64 --mode=root --format=tar \
    --include="$(IFS=,; echo "${PACKAGES[*]}")" \
    --setup-hook="mkdir -p \"\$1/etc/dracut.conf.d\" && cp '$HERE/dracut.conf' \"\$1/etc/dracut.conf.d/90-mkddi.conf\"" \
    --customize-hook="'$HERE/customize.sh' \"\$1\"" \
    "$SUITE" "$TAR.tmp" ${DEBIAN_MIRROR:+"$DEBIAN_MIRROR"}
  mv "$TAR.tmp" "$TAR"
  log "$TAR: $(($(stat -c %s "$TAR") / 1048576)) MiB in $(($(date +%s) - T0)) s"
fi
ln -sfn "$TAR" "$HERE/root.tar"
