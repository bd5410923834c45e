#!/usr/bin/env bash
# mmdebstrap --customize-hook of make-root.sh: makes the bookworm root boot read-only from a
# dm-verity EROFS root. usage: customize.sh ROOTDIR      (run by mmdebstrap, on the host)
set -euo pipefail
R=$1
die() { printf 'customize: error: %s\n' "$*" >&2; exit 1; }

# The kernel stays where Debian installs it, /boot/vmlinuz-KVER, and the initrd is
# /boot/initrd.img-KVER: mkddi build finds both there. dracut's kernel hook made the initrd while
# the packages were configured; make it again against the final tree (and fail here, not at boot,
# if dracut fails). mkddi build checks that it holds what a verity root needs.
kvers=("$R"/usr/lib/modules/*)
[ ${#kvers[@]} = 1 ] || die "expected one kernel in /usr/lib/modules, found: ${kvers[*]}"
KVER=${kvers[0]##*/}
[ -f "$R/boot/vmlinuz-$KVER" ] || die "no /boot/vmlinuz-$KVER"
chroot "$R" dracut --force --kver "$KVER" "/boot/initrd.img-$KVER" >/dev/null

# Identity: a transient machine id (systemd mounts one over the empty file of a read-only /etc;
# empty, not "uninitialized", so no first-boot units run), a host name.
: > "$R/etc/machine-id"
rm -f "$R/var/lib/dbus/machine-id"
echo debian-ddi > "$R/etc/hostname"
printf '127.0.1.1\tdebian-ddi\n' >> "$R/etc/hosts"
if [ -n "${ROOT_PASSWORD_HASH:-}" ]; then
  chroot "$R" usermod -p "$ROOT_PASSWORD_HASH" root
fi

# Writable paths on a read-only root: /var and /tmp are tmpfs (systemd-tmpfiles fills /var at
# every boot); /etc stays read-only.
cat > "$R/etc/fstab" <<'FSTAB'
# / is the dm-verity device the initrd opened (read-only); nothing is mounted from the disk.
tmpfs /var tmpfs mode=0755,nosuid,nodev 0 0
tmpfs /tmp tmpfs mode=1777,nosuid,nodev 0 0
FSTAB

# For tests: with the credential mkddi.boot-report (QEMU: -smbios
# type=11,value=io.systemd.credential:mkddi.boot-report=1) the system reports on the console how
# it came up, then powers off; without it the unit is skipped and the system waits at the login
# prompt.
install -m 0755 /dev/stdin "$R/usr/local/sbin/mkddi-boot-report" <<'SH'
#!/bin/sh
# Reports how the system came up (lines starting MKDDI-, read by integration-tests/boot/boot.sh)
# once the boot has finished, then powers off.
state=$(systemctl is-system-running --wait)
report=$(
  echo "MKDDI-BOOT-OK"
  echo "MKDDI-ROOT-MOUNT: $(awk '$2 == "/"' /proc/mounts | tail -n 1)"
  for d in /sys/block/dm-*; do
    [ -r "$d/dm/name" ] && echo "MKDDI-DM: ${d##*/} name=$(cat "$d/dm/name") uuid=$(cat "$d/dm/uuid")"
  done
  dmsetup table 2>&1 | sed 's/^/MKDDI-DMTABLE: /'
  echo "MKDDI-CMDLINE: $(cat /proc/cmdline)"
  echo "MKDDI-PID1: $(cat /proc/1/comm)"
  echo "MKDDI-STATE: $state"
  systemctl --failed --plain --no-legend | sed 's/^/MKDDI-FAILED: /'
  echo "MKDDI-BOOT-END"
)
# the serial getty starts with the boot's last jobs: wait (up to a minute) until it has printed its
# prompt and waits for input (read, poll or select in /proc/PID/syscall), or the poweroff below
# races it
for _ in $(seq 60); do
  for c in /proc/[0-9]*/comm; do
    [ "$(cat "$c" 2>/dev/null)" = agetty ] &&
      grep -Eq '^(0|7|23|270|271) ' "${c%comm}syscall" 2>/dev/null && break 2
  done
  sleep 1
done
# one write, after a line break: the serial getty's "login: " prompt has none
printf '\n%s\n' "$report" > /dev/console
systemctl poweroff --no-block
SH
cat > "$R/etc/systemd/system/mkddi-boot-report.service" <<'UNIT'
[Unit]
Description=Report how the system came up (mkddi boot test), then power off
ConditionCredential=mkddi.boot-report
After=multi-user.target

[Service]
Type=simple
ExecStart=/usr/local/sbin/mkddi-boot-report

[Install]
WantedBy=multi-user.target
UNIT
ln -s ../mkddi-boot-report.service "$R/etc/systemd/system/multi-user.target.wants/mkddi-boot-report.service"

# No package manager state or caches in the image.
rm -rf "$R"/var/cache/apt/*.bin "$R"/var/lib/apt/lists/* "$R"/var/log/*.log
