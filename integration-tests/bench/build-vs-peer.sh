#!/usr/bin/env bash
# Whole-process comparison: `mkddi build` of a description whose root is TREE against the C-tool
# pipeline that makes the same disk (peer-pipeline.sh beside this script: mkfs.erofs + veritysetup
# format + sfdisk + dd), run alternately RUNS times on a warm page cache. Prints the median and
# range of wall time and CPU time, the peak RSS (largest process of the peer pipeline), the ratios
# mkddi / peer, and the sizes of the root file systems and disks. COMPRESSION (as `mkfs.erofs -z`
# spells it, e.g. lz4hc or lz4hc,12) becomes the description's erofscompression and the peer's
# -z. Goals: uncompressed wall <= 0.7; lz4hc wall <= 0.5, root size <= 1.03; peak RSS <= 256 MiB.
# Exits non-zero only when a run fails, not when a goal is missed.
# usage: integration-tests/bench/build-vs-peer.sh [TREE] [RUNS] [COMPRESSION]
#        (defaults: /usr/share 5, uncompressed)
set -euo pipefail
cd "$(dirname "$0")/../.."
TREE=$(readlink -f "${1:-/usr/share}")
RUNS=${2:-5}
COMPRESSION=${3:-}
case $COMPRESSION in *[!a-z0-9,]*) echo "compression as mkfs.erofs -z takes it: $COMPRESSION"; exit 2 ;; esac
PEER=${PEER_PIPELINE:-integration-tests/bench/peer-pipeline.sh}
[ -x "$PEER" ] || [ -f "$PEER" ] || { echo "peer pipeline script missing: $PEER"; exit 2; }
./mkddi --version >/dev/null # builds target/mkddi.jar if needed
T=$(mktemp -d "${TMPDIR:-/var/tmp}/build-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/desc"
ln -s "$TREE" "$T/desc/root"
cat > "$T/desc/config.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<image schemaversion="8.5" name="bench">
  <description type="system"><author>b</author><contact>b@example.org</contact>
    <specification>benchmark</specification></description>
  <preferences><version>1</version>
    <type image="oem" filesystem="erofs" verity_blocks="all" verity_partition="true"${COMPRESSION:+ erofscompression=\"$COMPRESSION\"}/>
  </preferences>
</image>
XML
export SOURCE_DATE_EPOCH=1700000000
. integration-tests/bench/lib.sh
warm_cache "$TREE"
./mkddi build "$T/desc" --target-dir "$T/out-mkddi" >/dev/null # untimed: makes the class-data archive
for _ in $(seq "$RUNS"); do
  rm -rf "$T/out-mkddi"
  timed mkddi ./mkddi build "$T/desc" --target-dir "$T/out-mkddi"
  rm -rf "$T/out-peer"
  timed peer bash "$PEER" "$TREE" "$T/out-peer" ${COMPRESSION:+"-z$COMPRESSION"}
done
summary "$TREE" "$RUNS runs${COMPRESSION:+, -z$COMPRESSION}" mkddi peer
# the last runs' outputs
disk=$(echo "$T"/out-mkddi/bench.*.raw)
sizes "root file system" "$(./mkddi inspect "$disk" --json | jq '.partitions[0].filesystem.size')" \
  "$(stat -c %s "$T/out-peer/root.erofs")"
sizes "disk" "$(stat -c %s "$disk")" "$(stat -c %s "$T/out-peer/disk.raw")"
