#!/usr/bin/env bash
# Whole-process benchmark: `mkddi verity format` vs `veritysetup format` on data files in the
# page cache (tmpfs). Median of RUNS wall-clock times and peak RSS (/usr/bin/time -v), mkddi run
# through ./mkddi with MKDDI_JAVA_OPTS=-Xmx256m. Both tools get the same salt and UUID, and the
# root hashes are compared. Not a test: run it by hand on a quiet machine.
# usage: integration-tests/bench/verity-vs-veritysetup.sh [SIZES_GIB] [RUNS] [DIR]
#        e.g. verity-vs-veritysetup.sh "1 4" 5 /dev/shm
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${1:-"1 4"}; RUNS=${2:-5}; DIR=${3:-/dev/shm}
command -v veritysetup >/dev/null || { echo "veritysetup missing (apt-get install cryptsetup-bin)"; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (apt-get install time)"; exit 2; }
export MKDDI_JAVA_OPTS=${MKDDI_JAVA_OPTS:--Xmx256m}
WORK=$(mktemp -d "$DIR/mkddi-bench.XXXXXX"); trap 'rm -rf "$WORK"' EXIT
SALT=$(printf '5a%.0s' $(seq 32)); UUID=11111111-2222-4333-8444-555555555555
./mkddi --version >/dev/null   # build the jar outside the measurement

# run NAME CMD... : one timed run, prints "seconds kilobytes" and keeps stdout in $WORK/out
run() {
  /usr/bin/time -v -o "$WORK/time" "$@" > "$WORK/out"
  awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]}
              /Maximum resident/{kb=$2} END{printf "%.3f %d\n", s, kb}' "$WORK/time"
}
. integration-tests/bench/lib.sh # median

printf '%-6s %-12s %10s %10s %12s\n' size tool median_s min_s peak_rss_MiB
for gib in $SIZES; do
  data="$WORK/data-$gib"
  (set +o pipefail; openssl enc -aes-128-ctr -nosalt -K 000102030405060708090a0b0c0d0e0f -iv 0 \
    -in /dev/zero 2>/dev/null | head -c $((gib << 30)) > "$data")
  cat "$data" > /dev/null
  declare -A root=()
  for tool in veritysetup mkddi; do
    : > "$WORK/times"; : > "$WORK/rss"
    # untimed: the first run of a command makes its class-data archive
    [ "$tool" = mkddi ] && ./mkddi verity format "$data" "$WORK/hash" >/dev/null && rm -f "$WORK/hash"
    for i in $(seq "$RUNS"); do
      rm -f "$WORK/hash"
      if [ "$tool" = veritysetup ]; then
        r=$(run veritysetup format --salt="$SALT" --uuid="$UUID" "$data" "$WORK/hash")
      else
        r=$(run ./mkddi verity format --salt="$SALT" --uuid="$UUID" "$data" "$WORK/hash")
      fi
      echo "${r% *}" >> "$WORK/times"; echo "${r#* }" >> "$WORK/rss"
      root[$tool]=$(awk '/^Root hash/{print $3}' "$WORK/out")
    done
    med=$(median < "$WORK/times"); min=$(sort -n "$WORK/times" | head -1)
    rss=$(median < "$WORK/rss")
    eval "med_$tool=$med"
    printf '%-6s %-12s %10s %10s %12.1f\n' "${gib}GiB" "$tool" "$med" "$min" "$(echo "$rss / 1024" | bc -l)"
  done
  [ "${root[veritysetup]}" = "${root[mkddi]}" ] || { echo "ROOT HASH MISMATCH: ${root[*]}"; exit 1; }
  printf '%-6s speed-up (veritysetup median / mkddi median): %.2fx\n' "${gib}GiB" \
    "$(echo "$med_veritysetup / $med_mkddi" | bc -l)"
  rm -f "$data"
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load: $(cut -d' ' -f1-3 /proc/loadavg)"
