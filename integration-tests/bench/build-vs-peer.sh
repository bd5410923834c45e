#!/usr/bin/env bash
# Whole-process comparison: `mkddi build` of a description whose root is TREE against the C-tool
# pipeline that makes the same disk (peer-pipeline.sh beside this script: mkfs.erofs + veritysetup
# format + sfdisk + dd), run alternately RUNS times on a warm page cache. Prints median wall time
# and median peak RSS (largest process of the pipeline for the peer) and the ratio
# mkddi / peer (goal: <= 0.7, peak RSS <= 256 MiB).
# usage: integration-tests/bench/build-vs-peer.sh [TREE] [RUNS]   (defaults: /usr/share 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
TREE=$(readlink -f "${1:-/usr/share}")
RUNS=${2:-5}
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
    <type image="oem" filesystem="erofs" verity_blocks="all" verity_partition="true"/>
  </preferences>
</image>
XML
export SOURCE_DATE_EPOCH=1700000000
. integration-tests/bench/lib.sh
warm_cache "$TREE"
./mkddi build "$T/desc" --target-dir "$T/out" >/dev/null # untimed: makes the class-data archive
for _ in $(seq "$RUNS"); do
  rm -rf "$T/out"
  timed mkddi ./mkddi build "$T/desc" --target-dir "$T/out"
  rm -rf "$T/out"
  timed peer bash "$PEER" "$TREE" "$T/out"
done
summary "$TREE" "$RUNS" mkddi peer
