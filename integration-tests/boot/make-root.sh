#!/usr/bin/env bash
# Builds the boot test's root tree and archive from the kit of fetch-kit.sh.
# usage: make-root.sh OUTDIR      (OUTDIR/kit must exist; writes OUTDIR/root/ and OUTDIR/root.tar.gz)
#
# The tree (merged /usr): static busybox, /sbin/init printing the MKDDI-* lines, dmsetup with its
# libraries copied from the host (Debian has no static dmsetup), os-release, and what mkddi takes
# for the UKI and the ESP: /usr/lib/modules/KVER/{vmlinuz,initrd} and
# /usr/lib/systemd/boot/efi/{linuxx64.efi.stub,systemd-bootx64.efi}.
# Every mtime is SOURCE_DATE_EPOCH (default 1700000000): same kit + same host dmsetup = same bytes.
# ROOT_VERSION=V (the A/B test) makes os-release say VERSION_ID=V and IMAGE_VERSION=V.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
OUT=$(cd "$1" && pwd)
KIT=$OUT/kit R=$OUT/root
EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
die() { printf 'make-root: error: %s\n' "$*" >&2; exit 1; }
[ -s "$KIT/initrd" ] && [ -s "$KIT/kver" ] || die "no kit in $KIT: run fetch-kit.sh $1 first"
command -v dmsetup >/dev/null || die "dmsetup missing (apt-get install dmsetup)"
KVER=$(cat "$KIT/kver")
umask 022
export LC_ALL=C

rm -rf "$R"
mkdir -p "$R"/{usr/bin,usr/sbin,usr/lib/x86_64-linux-gnu,usr/lib64,etc,dev,proc,sys,run,tmp,root,mnt}
ln -s usr/bin "$R/bin"; ln -s usr/sbin "$R/sbin"; ln -s usr/lib "$R/lib"; ln -s usr/lib64 "$R/lib64"
chmod 1777 "$R/tmp"; chmod 0700 "$R/root"

install -m 0755 "$KIT/busybox" "$R/usr/bin/busybox"
"$KIT/busybox" --list-full | while read -r p; do
  a=${p##*/}
  case "$p" in
    sbin/* | usr/sbin/*) l=$R/usr/sbin/$a t=../bin/busybox ;;
    *) l=$R/usr/bin/$a t=busybox ;;
  esac
  [ -e "$l" ] || [ -L "$l" ] || ln -s "$t" "$l"
done

# dmsetup prints the verity table (root hash included); resize2fs grows a mounted ext4 online as
# systemd-growfs does (x-systemd.growfs). Dynamic (Debian has no static builds): bring their
# libraries along.
install_host_binary() {  # NAME
  rm -f "$R/usr/sbin/$1"
  install -m 0755 "$(readlink -f "$(command -v "$1")")" "$R/usr/sbin/$1"
  ldd "$(command -v "$1")" | awk '/=> \// {print $1, $3} $1 ~ /^\// && $1 ~ /ld-linux/ {print "LD", $1}' |
    while read -r name path; do
      if [ "$name" = LD ]; then
        install -m 0755 "$(readlink -f "$path")" "$R/usr/lib64/${path##*/}"
      else
        install -m 0644 "$(readlink -f "$path")" "$R/usr/lib/x86_64-linux-gnu/$name"
      fi
    done
  [ -e "$R/usr/lib64/ld-linux-x86-64.so.2" ] || die "ld-linux-x86-64.so.2 not found for $1"
}
command -v resize2fs >/dev/null || die "resize2fs missing (apt-get install e2fsprogs)"
install_host_binary dmsetup
install_host_binary resize2fs

rm -f "$R/usr/sbin/init"   # busybox's init applet link: replace it, never write through it
cat > "$R/usr/sbin/init" <<'SH'
#!/bin/sh
# PID 1 of the mkddi boot test: report how / is mounted and the verity table, then power off.
export PATH=/usr/sbin:/usr/bin
exec </dev/console >/dev/console 2>&1
[ -r /proc/self/mounts ] || mount -t proc proc /proc   # systemd moved /proc and /sys here
[ -d /sys/block ] || mount -t sysfs sysfs /sys
echo "MKDDI-BOOT-OK"
echo "MKDDI-ROOT-MOUNT: $(awk '$2 == "/"' /proc/mounts | tail -n 1)"
for d in /sys/block/dm-*; do
  [ -r "$d/dm/name" ] && echo "MKDDI-DM: ${d##*/} name=$(cat "$d/dm/name") uuid=$(cat "$d/dm/uuid")"
done
dmsetup table 2>&1 | sed 's/^/MKDDI-DMTABLE: /'
echo "MKDDI-CMDLINE: $(cat /proc/cmdline)"
echo "MKDDI-OS-RELEASE: $(grep -E '^(VERSION_ID|IMAGE_VERSION)=' /usr/lib/os-release | tr '\n' ' ')"
# /etc/fstab as systemd-fstab-generator reads it. busybox mount knows no PARTUUID=: take the link
# udev made in the initrd (systemd moved /dev here), and drop the userspace options (x-*) as
# mount(8) does. Report the mount, the files below it and, for /var, a line appended at each boot.
MOUNTED=""
if [ -r /etc/fstab ]; then
  while read -r spec mp type opts _; do
    case "$spec" in PARTUUID=*) dev=/dev/disk/by-partuuid/${spec#PARTUUID=} ;; *) continue ;; esac
    o=$(echo ",$opts," | sed 's/,x-[^,]*//g; s/^,//; s/,$//')
    if mount -t "$type" -o "${o:-defaults}" "$dev" "$mp"; then
      MOUNTED="$mp $MOUNTED"
      echo "MKDDI-FSTAB: $spec $mp -> $(readlink -f "$dev")"
      echo "MKDDI-MOUNT: $(awk -v m="$mp" '$2 == m' /proc/mounts | tail -n 1)"
      case ",$opts," in
        *,x-systemd.growfs,*)   # systemd-growfs: the mounted file system grows to its partition
          log=$(resize2fs "$dev" 2>&1); rc=$?
          echo "MKDDI-GROWFS: $mp rc=$rc $(stat -f -c 'blocks=%b blocksize=%S' "$mp")"
          echo "$log" | sed 's/^/MKDDI-GROWFS-LOG: /' ;;
      esac
      find "$mp" -type f | sort | while read -r f; do echo "MKDDI-FILE: $(sha256sum "$f")"; done
    else
      echo "MKDDI-FSTAB: $spec $mp: mount failed"
    fi
  done < /etc/fstab
fi
if awk '$2 == "/var" {found = 1} END {exit !found}' /proc/mounts; then
  mkdir -p /var/lib/mkddi-boot
  echo "version $(sed -n 's/^VERSION_ID=//p' /usr/lib/os-release) roothash $(sed -n 's/.*roothash=\([0-9a-f]*\).*/\1/p' /proc/cmdline)" >> /var/lib/mkddi-boot/boots
  sed 's/^/MKDDI-VAR-BOOTS: /' /var/lib/mkddi-boot/boots
fi
for m in $MOUNTED; do umount "$m" && echo "MKDDI-UMOUNT: $m"; done
sync
echo "MKDDI-BOOT-END"
poweroff -f
SH
chmod 0755 "$R/usr/sbin/init"

mkdir -p "$R/usr/lib"
V=${ROOT_VERSION:-1}
cat > "$R/usr/lib/os-release" <<EOF
NAME="mkddi boot test"
ID=mkddi-boottest
VERSION_ID=$V
PRETTY_NAME="mkddi boot test $V"
EOF
[ -z "${ROOT_VERSION:-}" ] || echo "IMAGE_VERSION=$V" >> "$R/usr/lib/os-release"
ln -s ../usr/lib/os-release "$R/etc/os-release"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$R/etc/passwd"
printf 'root:x:0:\n' > "$R/etc/group"

# What mkddi needs to make the ESP and the UKI (issue 7: kernel, initrd and stub from the tree).
mkdir -p "$R/usr/lib/modules/$KVER" "$R/usr/lib/systemd/boot/efi"
install -m 0644 "$KIT/vmlinuz" "$R/usr/lib/modules/$KVER/vmlinuz"
install -m 0644 "$KIT/initrd" "$R/usr/lib/modules/$KVER/initrd"
install -m 0644 "$KIT/linuxx64.efi.stub" "$KIT/systemd-bootx64.efi" "$R/usr/lib/systemd/boot/efi/"

find "$R" -exec touch -h -d "@$EPOCH" {} +
tar --sort=name --format=gnu --numeric-owner --owner=0 --group=0 --mtime="@$EPOCH" \
  -C "$R" -cf - . | gzip -n -9 > "$OUT/root.tar.gz.tmp"
mv "$OUT/root.tar.gz.tmp" "$OUT/root.tar.gz"
echo "make-root: $OUT/root.tar.gz ($(stat -c %s "$OUT/root.tar.gz") bytes, kernel $KVER)" >&2
