#!/usr/bin/env bash
# The A/B update test of issue 17, end to end, on one disk image booted several times in QEMU with
# persistent writes (systemd-boot's boot counting renames the UKI on the ESP):
#  1. version 1 (slot A filled, slot B _empty) boots from slot A;
#  2. version 2's update artifacts, applied into slot B and the ESP by the .transfer definitions
#     version 1 carries (sysupdate-apply.py), boot: systemd-boot picks version 2, / is slot B;
#  3. one block of slot B corrupted: version 2 fails (dm-verity), its tries run out, systemd-boot
#     falls back to version 1, which boots from slot A;
#  4. `mkddi verify` of the disk after each step names the slot it checked (step 3: fails, naming
#     slot B's block). Also: SHA256SUMS.gpg made by mkddi verifies with gpg.
#  5. /var is the ext4 partition of examples/ab-update (its <partitions> and its root/var): every
#     boot mounts it read-write from the root's fstab line by PARTUUID, sees the example's file and
#     appends a line to a file in /var; each later boot (version 2 from slot B, then the fallback
#     to version 1) reads the earlier lines back. Between steps 1 and 2 the disk grows by 8 GiB and
#     /var, its last partition, takes the room (sfdisk, as systemd-repart would); the next boot
#     grows the mounted ext4 online (x-systemd.growfs: resize2fs, the ioctl systemd-growfs uses).
#     e2fsck -fn finds the partition clean at the end, its ext4 filling it.
# usage: ab-update-test.sh OUTDIR [--mkddi PATH]     (root; Debian 12; reruns reuse OUTDIR's kit)
# Ends with "N passed, N failed"; exit 1 on any failure. OUTDIR/timings has the timings.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
[ $# -ge 1 ] || { sed -n '11p' "$0" | sed 's/^# //' >&2; exit 2; }
OUT=$(mkdir -p "$1" && cd "$1" && pwd); shift
MKDDI=$REPO/mkddi
case "${1:-}" in
  --mkddi) MKDDI=$(cd "$(dirname "$2")" && pwd)/$(basename "$2") ;;
  "") ;;
  *) echo "ab-update-test: unknown option $1" >&2; exit 2 ;;
esac
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000} LC_ALL=C TZ=UTC MTOOLS_SKIP_CHECK=1
# shellcheck source=integration-tests/boot/checks.sh
. "$HERE/checks.sh"
KIT=$OUT/kit NAME=abtest TRIES=2
UPDATES=/var/lib/mkddi-updates   # update_source: where the running image would find its updates

"$HERE/fetch-kit.sh" "$OUT"; lap "fetch-kit (cached after the first run)"
for v in 1 2; do
  mkdir -p "$OUT/v$v"; ln -sfn ../kit "$OUT/v$v/kit"
  ROOT_VERSION=$v "$HERE/make-root.sh" "$OUT/v$v"
done
lap "make-root (versions 1 and 2)"

# --- the description: A/B slots of fixed size, signed, update artifacts and definitions
W=$OUT/work
rm -rf "$W"; mkdir -p "$W"
"$MKDDI" genkey --output-dir "$W/keys" --common-name "mkddi A/B test" >/dev/null
gpg_home=$W/gnupg; mkdir -m 700 "$gpg_home"
gpg --homedir "$gpg_home" --batch --quiet --passphrase '' --quick-gen-key 'mkddi A/B test <ab@example.org>' rsa3072 sign never 2>/dev/null
gpg --homedir "$gpg_home" --batch --quiet --export-secret-keys --armor > "$W/update-key.asc"
gpg --homedir "$gpg_home" --batch --quiet --export > "$W/update-pubring.pgp"
# the example's /var partition and its content (the root/ overlay: applied over root.tar.gz)
EXAMPLE=$REPO/examples/ab-update
VAR_PARTITIONS=$(sed -n '/<partitions>/,/<\/partitions>/p' "$EXAMPLE/config.xml")
ORIGIN=lib/abimage/origin   # a file the example's tree puts under /var
[ -n "$VAR_PARTITIONS" ] && [ -f "$EXAMPLE/root/var/$ORIGIN" ] || { bad "no <partitions> or /var/$ORIGIN in $EXAMPLE"; finish; }
# no_timer_check: under TCG on a loaded machine the kernel's IO-APIC timer check can fail ("Kernel
# panic - IO-APIC + timer doesn't work"); with --persist such a panic would spend a boot try.
# rd.modules_load=ext4: the busybox root has no kernel modules for mount to load; the initrd has.
build() {  # VERSION
  local d=$W/desc$1
  mkdir -p "$d/root"; ln -sfn "$OUT/v$1/root.tar.gz" "$d/root.tar.gz"; ln -sfn "$W/keys" "$d/keys"
  cp -a "$EXAMPLE/root/var" "$d/root/"
  cat > "$d/config.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<image schemaversion="8.5" name="$NAME">
  <description type="system">
    <author>mkddi</author><contact>mkddi@example.org</contact>
    <specification>A/B update test: busybox root on dm-verity, systemd-boot, boot counting</specification>
  </description>
  <preferences>
    <version>$1</version>
    <type image="oem" filesystem="erofs" firmware="efi" verity_partition="true"
          kernelcmdline="console=ttyS0 no_timer_check rd.modules_load=ext4" update_slots="2" update_slot_size="48" veritypartsize="1"
          verity_signature_required="true" verity_signature_key="keys/verity.key"
          verity_signature_certificate="keys/verity.crt"
          update_artifacts="true" update_source="$UPDATES" update_compression="zstd"
          update_tries="$TRIES">
      <bootloader name="systemd_boot" timeout="0"/>
$VAR_PARTITIONS
    </type>
  </preferences>
  <packages type="image"><archive name="root.tar.gz"/></packages>
</image>
XML
  "$MKDDI" build "$d" --target-dir "$W/out$1" --update-signing-key "$W/update-key.asc" 2> "$W/build$1.err" ||
    { cat "$W/build$1.err" >&2; bad "mkddi build of version $1"; finish; }
}
build 1; build 2
lap "mkddi build (versions 1 and 2)"
IMG1=$W/out1/$NAME.x86_64-1.raw
RH1=$(cat "$W/out1/$NAME.x86_64-1.roothash") RH2=$(cat "$W/out2/$NAME.x86_64-2.roothash")

# --- the artifacts: named for sysupdate's patterns, listed in SHA256SUMS, signed, in the manifest
(cd "$W/out2" && sha256sum --quiet -c SHA256SUMS) && ok || bad "SHA256SUMS of version 2 does not check"
for part in root verity verity-sig; do
  ls "$W/out2/${NAME}_2_"*".$part.raw.zst" >/dev/null 2>&1 && ok || bad "no ${NAME}_2_<uuid>.$part.raw.zst"
done
[ -f "$W/out2/${NAME}_2.efi" ] && cmp -s "$W/out2/${NAME}_2.efi" "$W/out2/$NAME.x86_64-2.efi" && ok || bad "${NAME}_2.efi is not the UKI"
u=$(ls "$W/out2/${NAME}_2_"*.root.raw.zst | sed 's/.*_2_\(.*\)\.root\.raw\.zst/\1/')
[ "$(echo "$u" | tr -d -)" = "${RH2:0:32}" ] && ok || bad "the root file's PARTUUID $u is not the first half of $RH2"
gpg --homedir "$gpg_home" --batch --quiet --verify "$W/out2/SHA256SUMS.gpg" "$W/out2/SHA256SUMS" 2> "$W/gpg.txt" && ok ||
  bad "gpg --verify SHA256SUMS.gpg: $(cat "$W/gpg.txt")"
python3 - "$W/out2/$NAME.x86_64-2.json" "$W/out2/SHA256SUMS" <<'PY' && ok || bad "the manifest's updateArtifacts differ from SHA256SUMS"
import json, sys
m = json.load(open(sys.argv[1]))
sums = [l.split() for l in open(sys.argv[2])]
assert [(a["sha256"], a["file"]) for a in m["updateArtifacts"]] == [(h, f) for h, f in sums], m["updateArtifacts"]
PY

# --- the definitions come from version 1's own root: /usr/lib/sysupdate.d
DISK=$W/disk.raw
cp --sparse=always "$IMG1" "$DISK"
part() {  # LABEL FIELD(offset|size|uuid|number) from mkddi inspect --json of the disk
  "$MKDDI" inspect --json "$DISK" 2>/dev/null | python3 -c '
import json, sys
l, f = sys.argv[1], sys.argv[2]
print(next(str(p[f]) for p in json.load(sys.stdin)["partitions"] if p["label"] == l))' "$1" "$2"
}
mkdir -p "$W/mnt" "$W/definitions"
mount -o ro,loop,offset="$(part "${NAME}_1" offset)",sizelimit="$(part "${NAME}_1" size)" -t erofs "$DISK" "$W/mnt"
cp "$W/mnt/usr/lib/sysupdate.d/"*.transfer "$W/definitions/"
umount "$W/mnt"
ls "$W/definitions" | tr '\n' ' ' > "$W/definitions.txt"
[ "$(cat "$W/definitions.txt")" = "50-$NAME-root.transfer 51-$NAME-verity.transfer 52-$NAME-verity-sig.transfer 90-$NAME-uki.transfer " ] &&
  ok || bad "definitions in the image: $(cat "$W/definitions.txt")"
grep -qx "Path=$UPDATES" "$W/definitions/50-$NAME-root.transfer" && ok || bad "Path= of the root transfer is not update_source"

verify() {  # STEP EXPECT(ok|fail) PATTERN: mkddi verify of the disk; its output must match PATTERN
  local rc=0
  "$MKDDI" verify "$DISK" > "$W/verify$1.txt" 2>&1 || rc=$?
  if [ "$2" = ok ] && [ $rc != 0 ]; then bad "step $1: verify failed: $(tail -3 "$W/verify$1.txt")"; return; fi
  if [ "$2" = fail ] && [ $rc != 1 ]; then bad "step $1: verify exited $rc, expected 1: $(tail -3 "$W/verify$1.txt")"; return; fi
  grep -Eq "$3" "$W/verify$1.txt" && ok || bad "step $1: verify does not say '$3': $(cat "$W/verify$1.txt")"
}
booted() {  # LOG VERSION ROOTHASH: the boot came up on that version's root
  grep -q "^MKDDI-OS-RELEASE: .*IMAGE_VERSION=$2" "$1" && ok || bad "$1: os-release is not version $2: $(grep MKDDI-OS-RELEASE "$1")"
  grep -q "^MKDDI-CMDLINE: .*roothash=$3" "$1" && ok || bad "$1: not booted with roothash=$3"
}
VAR_LABEL=var ORIGIN_SUM=$(sha256sum < "$EXAMPLE/root/var/$ORIGIN" | cut -d' ' -f1)
var_checks() {  # LOG BOOTS SIZE(small|grown): /var from the var partition, the example's file, the boot lines
  local log=$W/var-${1##*/} uuid n
  tr -d '\r' < "$1" > "$log"
  uuid=$(part $VAR_LABEL uuid) n=$(part $VAR_LABEL number)
  grep -qx "MKDDI-FSTAB: PARTUUID=$uuid /var -> /dev/vda$n" "$log" && ok ||
    bad "$1: /var is not mounted from PARTUUID=$uuid (/dev/vda$n): $(grep MKDDI-FSTAB "$log")"
  grep -Eq "^MKDDI-MOUNT: /dev/disk/by-partuuid/$uuid /var ext4 rw[, ]" "$log" && ok ||
    bad "$1: /var is not a read-write ext4 mount of PARTUUID $uuid: $(grep MKDDI-MOUNT "$log")"
  grep -qx "MKDDI-FILE: $ORIGIN_SUM  /var/$ORIGIN" "$log" && ok || bad "$1: /var/$ORIGIN is not the example's: $(grep MKDDI-FILE "$log")"
  [ "$(sed -n 's/^MKDDI-VAR-BOOTS: //p' "$log" | tr '\n' ' ')" = "$2" ] && ok ||
    bad "$1: the lines in /var/lib/mkddi-boot/boots are '$(sed -n 's/^MKDDI-VAR-BOOTS: //p' "$log" | tr '\n' ' ')', expected '$2'"
  grep -qx "MKDDI-UMOUNT: /var" "$log" && ok || bad "$1: /var was not unmounted cleanly"
  # x-systemd.growfs on every boot: nothing to do on the image's 64 MiB, then over 7 GiB usable
  local g blocks bs
  g=$(sed -n 's/^MKDDI-GROWFS: \/var rc=0 blocks=\([0-9]*\) blocksize=\([0-9]*\)$/\1 \2/p' "$log")
  read -r blocks bs <<<"${g:-0 0}"
  if [ "$3" = small ]; then [ $((blocks * bs)) -gt 0 ] && [ $((blocks * bs)) -le $((64 << 20)) ]
  else [ $((blocks * bs)) -gt $((7 << 30)) ]; fi && ok ||
    bad "$1: /var after x-systemd.growfs (expected $3): $(grep MKDDI-GROWFS "$log")"
}
esp_ukis() { mdir -i "$DISK@@$(part esp offset)" -b ::/EFI/Linux 2>/dev/null | sed 's|.*/||' | sort | tr '\n' ' '; }

# --- step 1: version 1 from slot A
verify 1 ok "dm-verity \(root\): partition [0-9]+ \(${NAME}_1\)"
"$HERE/boot.sh" "$DISK" --persist --kit "$KIT" --roothash "$RH1" --log "$W/boot1.log" && ok || bad "step 1: boot of version 1"
booted "$W/boot1.log" 1 "$RH1"
BOOTS="version 1 roothash $RH1 "
var_checks "$W/boot1.log" "$BOOTS" small
lap "step 1: verify, boot version 1"

# --- the device's disk is 8 GiB larger than the image: /var, the last partition, takes the room
VAR_UUID=$(part $VAR_LABEL uuid)
truncate -s +8G "$DISK"
echo ', +' | sfdisk --no-reread --no-tell-kernel -q -N "$(part $VAR_LABEL number)" "$DISK" > "$W/sfdisk.txt" 2>&1 &&
  ok || bad "sfdisk could not grow /var: $(cat "$W/sfdisk.txt")"
[ "$(part $VAR_LABEL uuid)" = "$VAR_UUID" ] && [ "$(part $VAR_LABEL size)" -gt $((8 << 30)) ] && ok ||
  bad "/var did not grow with its PARTUUID $VAR_UUID: $(part $VAR_LABEL uuid) $(part $VAR_LABEL size)"
part $VAR_LABEL flags | grep -q grow-file-system && ok || bad "/var lost its grow-file-system flag: $(part $VAR_LABEL flags)"

# --- step 2: apply version 2 into slot B and the ESP, boot it
python3 "$HERE/sysupdate-apply.py" --definitions "$W/definitions" --transfer-source "$W/out2" \
  --disk "$DISK" --protect-version 1 > "$W/apply.txt" 2>&1 && ok || bad "sysupdate-apply: $(cat "$W/apply.txt")"
[ "$(part "${NAME}_2" uuid | tr -d -)" = "${RH2:0:32}" ] && ok || bad "slot B's root PARTUUID is not from @u"
[ "$(part "${NAME}_2_verity" uuid | tr -d -)" = "${RH2:32:32}" ] && ok || bad "slot B's verity PARTUUID is not from @u"
[ "$(esp_ukis)" = "${NAME}_1.efi ${NAME}_2+$TRIES-0.efi " ] && ok || bad "ESP after the update: $(esp_ukis)"
verify 2 ok "dm-verity \(root\): partition [0-9]+ \(${NAME}_2\)"
grep -q "${NAME}_1" "$W/verify2.txt" && ok || bad "step 2: verify does not report the other slot (${NAME}_1)"
"$HERE/boot.sh" "$DISK" --persist --kit "$KIT" --roothash "$RH2" --log "$W/boot2.log" && ok || bad "step 2: boot of version 2"
booted "$W/boot2.log" 2 "$RH2"
BOOTS="${BOOTS}version 2 roothash $RH2 "
var_checks "$W/boot2.log" "$BOOTS" grown
[ "$(esp_ukis)" = "${NAME}_1.efi ${NAME}_2+$((TRIES - 1))-1.efi " ] && ok || bad "systemd-boot did not count the boot: $(esp_ukis)"
lap "step 2: apply version 2, verify, boot"

# --- step 3: one block of slot B corrupted; version 2 fails until its tries run out, then version 1
OFF=$(($(part "${NAME}_2" offset) + 1024))
b=$(od -An -tu1 -j "$OFF" -N1 "$DISK" | tr -d ' ')
printf "\\x$(printf %02x $((b ^ 0xff)))" | dd of="$DISK" bs=1 seek="$OFF" conv=notrunc status=none
verify 3 fail "partition [0-9]+ \(${NAME}_2\): data block 0"
left=$((TRIES - 1)) n=0
while [ $left -gt 0 ]; do
  n=$((n + 1)) left=$((left - 1))
  "$HERE/boot.sh" "$DISK" --persist --expect-fail --kit "$KIT" --log "$W/boot3-fail$n.log" && ok || bad "step 3: failing boot $n of version 2"
  [ "$(esp_ukis)" = "${NAME}_1.efi ${NAME}_2+$left-$((n + 1)).efi " ] && ok || bad "step 3: after failing boot $n: $(esp_ukis)"
done
"$HERE/boot.sh" "$DISK" --persist --kit "$KIT" --roothash "$RH1" --log "$W/boot3.log" && ok || bad "step 3: fallback boot of version 1"
booted "$W/boot3.log" 1 "$RH1"
BOOTS="${BOOTS}version 1 roothash $RH1 "
var_checks "$W/boot3.log" "$BOOTS" grown
lap "step 3: corrupt slot B, boots until the fallback"

# --- the var partition after four boots wrote to it: clean, holding what the boots wrote
VAR_SIZE=$(part $VAR_LABEL size)
VAR_DEV=$(losetup -f --show -o "$(part $VAR_LABEL offset)" --sizelimit "$VAR_SIZE" "$DISK")
e2fsck -fn "$VAR_DEV" > "$W/e2fsck-var.txt" 2>&1 && ok || bad "e2fsck -fn of /var: $(tail -5 "$W/e2fsck-var.txt")"
[ "$(debugfs -R 'cat /lib/mkddi-boot/boots' "$VAR_DEV" 2>/dev/null | tr '\n' ' ')" = "$BOOTS" ] && ok ||
  bad "/var/lib/mkddi-boot/boots on the disk: $(debugfs -R 'cat /lib/mkddi-boot/boots' "$VAR_DEV" 2>&1)"
blocks=$(dumpe2fs -h "$VAR_DEV" 2>/dev/null | sed -n 's/^Block count: *//p')
[ "$blocks" = "$((VAR_SIZE / 4096))" ] && ok || bad "/var's ext4 has $blocks blocks, its partition $VAR_SIZE bytes"
losetup -d "$VAR_DEV"
finish
