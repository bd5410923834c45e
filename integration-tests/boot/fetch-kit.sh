#!/usr/bin/env bash
# Fetches the boot kit from Debian's packages and builds a systemd initrd with dracut.
# usage: fetch-kit.sh OUTDIR      (root; Debian 12; reruns reuse OUTDIR/debs and OUTDIR/kit)
#
# OUTDIR/debs/  the downloaded .deb files (cache)
# OUTDIR/kit/   kver, vmlinuz, initrd, systemd-bootx64.efi, linuxx64.efi.stub, OVMF_CODE.fd,
#               OVMF_VARS.fd, busybox, versions (package versions), initrd.txt (initrd listing)
# Environment: KIT_KERNEL_PKG (default: what linux-image-amd64 depends on).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
DEBS=$OUT/debs KIT=$OUT/kit
log() { printf 'fetch-kit: %s\n' "$*" >&2; }
die() { printf 'fetch-kit: error: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (apt-get, dracut)"
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
T0=$(date +%s)

# Host tools dracut copies into the initrd: they must be installed on the host, not just fetched.
# dracut-core (not dracut) so initramfs-tools stays; udev comes with it. Refuse any removal.
HOST_PKGS=(dracut-core udev systemd dmsetup cryptsetup-bin libcryptsetup12 kmod cpio zstd binutils)
missing=()
for p in "${HOST_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
apt_ready() { apt-cache policy linux-image-amd64 2>/dev/null | grep -q 'Candidate: [0-9]'; }
apt_ready || apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  log "installing on the host: ${missing[*]}"
  if apt-get install -s --no-install-recommends "${missing[@]}" | grep -q '^Remv'; then
    apt-get install -s --no-install-recommends "${missing[@]}" | grep '^Remv' >&2
    die "installing ${missing[*]} would remove packages; refusing"
  fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The kit packages are only downloaded and unpacked, never installed.
KPKG=${KIT_KERNEL_PKG:-$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')}
[ -n "$KPKG" ] || die "cannot resolve linux-image-amd64 to a kernel package"
KIT_PKGS=("$KPKG" systemd-boot-efi ovmf busybox-static)
mkdir -p "$DEBS"
versions=""
for p in "${KIT_PKGS[@]}"; do
  v=$(apt-cache policy "$p" | awk '/Candidate:/ {print $2}')
  [ -n "$v" ] && [ "$v" != "(none)" ] || die "no candidate version for $p"
  versions+="$p $v"$'\n'
done
# The initrd's drivers are an input too: a new one rebuilds the kit. The root file systems mkddi
# writes (erofs with lz4/lzma, squashfs, ext4) are modules on Debian; dracut adds their dependencies.
DRIVERS="dm-verity erofs squashfs ext4 virtio_pci virtio_blk virtio_scsi sd_mod ahci nvme"
KEY="${versions}initrd-drivers $DRIVERS"
if [ -f "$KIT/versions" ] && [ "$(cat "$KIT/versions")" = "$KEY" ] && [ -s "$KIT/initrd" ]; then
  log "kit up to date in $KIT"; exit 0
fi
deb_of() {  # PKG VERSION -> path of the cached .deb
  local f
  f=$(find "$DEBS" -maxdepth 1 -name "$1_*.deb" | while read -r d; do
    [ "$(dpkg-deb -f "$d" Version)" = "$2" ] && echo "$d"; done | head -1)
  if [ -z "$f" ]; then
    (cd "$DEBS" && apt-get download -q "$1=$2" >/dev/null 2>&1) || die "apt-get download $1=$2 failed"
    f=$(find "$DEBS" -maxdepth 1 -name "$1_*.deb" | while read -r d; do
      [ "$(dpkg-deb -f "$d" Version)" = "$2" ] && echo "$d"; done | head -1)
  fi
  [ -n "$f" ] || die "no .deb for $1 $2"
  echo "$f"
}
rm -rf "$KIT" "$OUT/unpack"
mkdir -p "$KIT" "$OUT/unpack"
U=$OUT/unpack
while read -r p v; do
  [ -n "$p" ] || continue
  d=$(deb_of "$p" "$v")
  mkdir -p "$U/$p"
  dpkg-deb -x "$d" "$U/$p"
done <<<"$versions"
T1=$(date +%s)
log "download+unpack: $((T1 - T0)) s"

# Kernel: Debian 12 ships /boot/vmlinuz-KVER and /lib/modules/KVER without modules.dep.
K=$U/$KPKG
KVER=$(ls "$K/lib/modules")
[ -f "$K/boot/vmlinuz-$KVER" ] || die "no vmlinuz-$KVER in $KPKG"
cp "$K/boot/vmlinuz-$KVER" "$KIT/vmlinuz"
echo "$KVER" > "$KIT/kver"
depmod -b "$K" "$KVER"

# systemd-boot and the UKI stub (same systemd version as the host's systemd, 252 on Debian 12).
SB=$U/systemd-boot-efi/usr/lib/systemd/boot/efi
cp "$SB/systemd-bootx64.efi" "$SB/linuxx64.efi.stub" "$KIT/"
# OVMF: Debian 12 has OVMF_CODE.fd (2 MiB) and OVMF_CODE_4M.fd; newer Debian only the 4M pair.
cp "$U/ovmf/usr/share/OVMF/OVMF_CODE_4M.fd" "$KIT/OVMF_CODE.fd"
cp "$U/ovmf/usr/share/OVMF/OVMF_VARS_4M.fd" "$KIT/OVMF_VARS.fd"
cp "$U/busybox-static/bin/busybox" "$KIT/busybox"

# The initrd: systemd inside, systemd-veritysetup-generator consumes roothash= and finds the
# partitions by PARTUUID through udev's by-partuuid links. No host config, no host-only bits.
# Paths are relative to $U: dracut stores its arguments in the initrd, and the initrd should not
# depend on where OUTDIR is.
mkdir -p "$U/dracut.conf.d"
DRACUT_MODULES="systemd systemd-initrd systemd-veritysetup dm udev-rules base fs-lib rootfs-block dracut-systemd"
log "dracut for $KVER"
(cd "$U" && SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000} dracut --force --quiet \
  --conf /dev/null --confdir dracut.conf.d --kver "$KVER" --kmoddir "$KPKG/lib/modules/$KVER" \
  --no-hostonly --no-hostonly-cmdline --no-early-microcode --nofscks --reproducible \
  --modules "$DRACUT_MODULES" --drivers "$DRIVERS" \
  --compress zstd "$KIT/initrd") > "$OUT/dracut.log" 2>&1 || { tail -20 "$OUT/dracut.log" >&2; die "dracut failed"; }
chmod 0644 "$KIT/initrd"
lsinitrd "$KIT/initrd" > "$KIT/initrd.txt" 2>/dev/null || true
for f in systemd-veritysetup-generator systemd-veritysetup dm-verity.ko erofs.ko squashfs.ko ext4.ko virtio_blk.ko; do
  grep -q "$f" "$KIT/initrd.txt" || die "initrd lacks $f (see $KIT/initrd.txt)"
done
T2=$(date +%s)
log "initrd: $((T2 - T1)) s, $(stat -c %s "$KIT/initrd") bytes"
rm -rf "$U"   # 400 MB of modules; the .debs stay cached
printf '%s' "$KEY" > "$KIT/versions"
log "kit ready in $KIT (kernel $KVER), total $((T2 - T0)) s"
