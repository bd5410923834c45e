#!/usr/bin/env bash
# Boots a DDI in QEMU (TCG, never KVM) with OVMF and judges the serial console.
# usage: boot.sh IMAGE [--expect-fail] [--kit DIR] [--roothash HEX] [--log FILE]
#                      [--secure-boot | --expect-refused]
#                      [--timeout SECONDS] [--disk virtio|ahci] [--credential NAME=VALUE] [--persist]
#                      [--fstype erofs|squashfs|ext4]
#   --kit       fetch-kit.sh's OUTDIR/kit (default: $BOOT_KIT)
#   --credential  a systemd system credential, passed as an SMBIOS type 11 string (systemd >= 252)
#   --roothash  expected root hash (default: the content of IMAGE's <base>.roothash)
#   --log       serial console log (default: IMAGE's <base>.boot.log or .fail.log)
#   --persist   the guest writes to IMAGE (systemd-boot's boot counting renames files on the ESP)
# Pass: MKDDI-BOOT-OK appears; / is mounted from /dev/mapper/root (or dm-N named root) with type
# --fstype (default erofs); the verity table of that device carries the expected root hash.
# --expect-fail: MKDDI-BOOT-OK must not appear and a dm-verity corruption message must.
# --secure-boot: the host ovmf's Secure Boot firmware (OVMF_CODE_4M.secboot.fd, SMM) with its
#   variable store whose PK, KEK and db hold Debian's snakeoil test key (OVMF_VARS_4M.snakeoil.fd,
#   README.Debian); the kernel must also log that Secure Boot is enabled.
# --expect-refused: the same firmware must refuse to start the boot chain: no kernel starts.
# The image is never written (qemu snapshot=on) unless --persist. Exit 0 on pass, 1 on fail, 2 on bad usage.
# Env: BOOT_KIT, BOOT_TIMEOUT (150), BOOT_FAIL_GRACE (10 s after a fatal message), BOOT_SMP (1).
set -euo pipefail
usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
CREDS=()
SNAPSHOT=on IMAGE="" EXPECT_FAIL=false SECURE_BOOT=false EXPECT_REFUSED=false KIT=${BOOT_KIT:-} RH="" LOG="" TIMEOUT=${BOOT_TIMEOUT:-150} DISK=virtio FS=erofs
while [ $# -gt 0 ]; do
  case "$1" in
    --expect-fail) EXPECT_FAIL=true ;;
    --secure-boot) SECURE_BOOT=true ;;
    --expect-refused) SECURE_BOOT=true EXPECT_REFUSED=true ;;
    --kit) KIT=$2; shift ;;
    --roothash) RH=$2; shift ;;
    --log) LOG=$2; shift ;;
    --timeout) TIMEOUT=$2; shift ;;
    --disk) DISK=$2; shift ;;
    --persist) SNAPSHOT=off ;;
    --fstype) FS=$2; shift ;;
    --credential) CREDS+=(-smbios "type=11,value=io.systemd.credential:$2"); shift ;;
    -h | --help) usage ;;
    -*) echo "boot.sh: unknown option $1" >&2; usage ;;
    *) [ -z "$IMAGE" ] || usage; IMAGE=$1 ;;
  esac
  shift
done
[ -n "$IMAGE" ] && [ -f "$IMAGE" ] || { echo "boot.sh: no image '$IMAGE'" >&2; usage; }
[ -n "$KIT" ] && [ -f "$KIT/OVMF_CODE.fd" ] || { echo "boot.sh: no kit (--kit DIR or BOOT_KIT)" >&2; exit 2; }
BASE=${IMAGE%.raw}
[ -n "$RH" ] || { [ -f "$BASE.roothash" ] && RH=$(tr -d ' \n' < "$BASE.roothash"); } || true
$EXPECT_FAIL || [[ "$RH" =~ ^[0-9a-f]{64}$ ]] || { echo "boot.sh: no root hash (--roothash or $BASE.roothash)" >&2; exit 2; }
[ -n "$LOG" ] || { $EXPECT_FAIL && LOG=$BASE.fail.log || LOG=$BASE.boot.log; }
case "$DISK" in
  virtio) DISKDEV=(-device virtio-blk-pci,drive=disk) ;;
  ahci) DISKDEV=(-device ahci,id=ahci0 -device ide-hd,drive=disk,bus=ahci0.0) ;;
  *) echo "boot.sh: --disk virtio|ahci" >&2; exit 2 ;;
esac

WORK=$(mktemp -d)
QPID=""
cleanup() { [ -n "$QPID" ] && kill "$QPID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
CODE=$KIT/OVMF_CODE.fd VARS=$KIT/OVMF_VARS.fd MACHINE=(-machine q35)
if $SECURE_BOOT; then
  CODE=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd VARS=/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd
  [ -f "$CODE" ] && [ -f "$VARS" ] || { echo "boot.sh: no $CODE or $VARS (install ovmf)" >&2; exit 2; }
  # the Secure Boot build keeps its variables in SMM: only SMM code may write the flash
  MACHINE=(-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on)
fi
cp "$VARS" "$WORK/vars.fd"   # OVMF writes its variables: a fresh copy per boot
: > "$LOG"
START=$(date +%s)
# snapshot=on puts writes (none expected) in a temporary overlay: the image stays untouched.
TMPDIR=$WORK qemu-system-x86_64 -accel tcg "${MACHINE[@]}" -m 1024 -smp "${BOOT_SMP:-1}" \
  -nographic -monitor none -serial "file:$LOG" -no-reboot -nic none \
  -drive "if=pflash,format=raw,unit=0,readonly=on,file=$CODE" \
  -drive "if=pflash,format=raw,unit=1,file=$WORK/vars.fd" \
  -drive "if=none,id=disk,format=raw,snapshot=$SNAPSHOT,file=$IMAGE" "${DISKDEV[@]}" "${CREDS[@]}" \
  </dev/null >"$WORK/qemu.out" 2>&1 &
QPID=$!

VERITY_ERR='device-mapper: verity: .*(corrupted|error)|verity.*(Input/output error|corruption)'
# no way back from these: stop early instead of waiting for the timeout
REFUSED='[Aa]ccess [Dd]enied|[Ss]ecurity [Vv]iolation'
FATAL="$VERITY_ERR|$REFUSED|Kernel panic|emergency mode|Cannot open access to console|Dependency failed for .*sysroot"
outcome=timeout
while :; do
  if ! kill -0 "$QPID" 2>/dev/null; then outcome=exited; break; fi
  if grep -q '^MKDDI-BOOT-END' "$LOG"; then outcome=end; break; fi
  if grep -Eq "$FATAL" "$LOG"; then
    # give the boot some seconds to (not) reach the marker, then stop
    sleep "${BOOT_FAIL_GRACE:-10}"
    grep -q '^MKDDI-BOOT-END' "$LOG" && outcome=end || outcome="stopped after: $(grep -Eom1 "$FATAL" "$LOG")"
    break
  fi
  [ $(($(date +%s) - START)) -lt "$TIMEOUT" ] || break
  sleep 1
done
# after the marker's poweroff -f, let qemu finish on its own; else stop it now
if [ "$outcome" = end ]; then
  for _ in 1 2 3 4 5; do kill -0 "$QPID" 2>/dev/null || break; sleep 1; done
fi
kill "$QPID" 2>/dev/null || true
wait "$QPID" 2>/dev/null || true
QPID=""
SECS=$(($(date +%s) - START))
tr -d '\r' < "$LOG" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' > "$WORK/log"   # no colours, no cursor moves

fail() { echo "boot.sh: FAIL ($SECS s, $outcome): $*; console log: $LOG" >&2; tail -25 "$WORK/log" >&2; exit 1; }
if $EXPECT_REFUSED; then
  grep -q 'Linux version' "$WORK/log" && fail "a kernel started although the boot chain should be refused"
  grep -Eiq "$REFUSED" "$WORK/log" || fail "the firmware did not report a refused image ($REFUSED)"
  echo "boot.sh: PASS (refused by the firmware, $SECS s): $(grep -Eim1 "$REFUSED" "$WORK/log")"
  exit 0
fi
if $SECURE_BOOT; then
  grep -Eq 'Secure boot enabled' "$WORK/log" || fail "the kernel does not log 'Secure boot enabled'"
fi
if $EXPECT_FAIL; then
  grep -q '^MKDDI-BOOT-OK' "$WORK/log" && fail "the marker appeared although the root is corrupted"
  grep -Eq "$VERITY_ERR" "$WORK/log" || fail "no dm-verity error on the console"
  echo "boot.sh: PASS (expected failure, $SECS s): $(grep -Em1 "$VERITY_ERR" "$WORK/log")"
  exit 0
fi
grep -q '^MKDDI-BOOT-OK' "$WORK/log" || fail "no MKDDI-BOOT-OK marker"
MOUNT=$(sed -n 's/^MKDDI-ROOT-MOUNT: //p' "$WORK/log" | head -1)
read -r SRC MNT FSTYPE OPTS _ <<<"$MOUNT" || true
[ "$MNT" = / ] && [ "$FSTYPE" = "$FS" ] || fail "/ is not an $FS mount: '$MOUNT'"
case "$OPTS" in ro | ro,*) ;; *) fail "/ is not mounted read-only: '$MOUNT'" ;; esac
DMNAME=""
case "$SRC" in
  /dev/mapper/*) DMNAME=${SRC#/dev/mapper/} ;;
  /dev/dm-*) DMNAME=$(sed -n "s/^MKDDI-DM: ${SRC#/dev/} name=\([^ ]*\) .*/\1/p" "$WORK/log") ;;
  *) fail "/ is not on a device-mapper device: '$MOUNT'" ;;
esac
[ "$DMNAME" = root ] || fail "/ is on dm device '$DMNAME', expected 'root' (systemd-veritysetup@root)"
# dmsetup table: "root: 0 LEN verity VERSION DATA HASH DBS HBS NBLOCKS HSTART ALG DIGEST SALT ..."
TABLE=$(sed -n 's/^MKDDI-DMTABLE: root: //p' "$WORK/log" | head -1)
read -r _ _ TARGET _ _ _ _ _ _ _ ALG DIGEST _ <<<"$TABLE" || true
[ "$TARGET" = verity ] || fail "dm device root is not a verity target: '$TABLE'"
[ "$DIGEST" = "$RH" ] || fail "active root hash $DIGEST != expected $RH"
grep -q "^MKDDI-CMDLINE: .*roothash=$RH" "$WORK/log" || fail "roothash=$RH not on the kernel command line"
echo "boot.sh: PASS ($SECS s): / = $SRC ($FSTYPE, $ALG verity, root hash $DIGEST)"
