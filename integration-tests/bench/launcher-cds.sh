#!/usr/bin/env bash
# Class-data sharing for the launcher: runs of `mkddi build examples/minimal`, `mkddi verify` of
# its image and `mkddi build --help` with (a) the JDK's archive only, (b) a static archive from a
# scripted training run (classes of build, verify, mkfs, verity format, dumped with -Xshare:dump:
# the launcher's former way), (c) the launcher's way, a dynamic archive per command written by
# -XX:ArchiveClassesAtExit at the end of that command's first run. Alternating, RUNS times each;
# prints medians, ranges, and the one-time cost of making each archive.
# usage: integration-tests/bench/launcher-cds.sh [RUNS]      (default 7)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-7}
./mkddi --version >/dev/null
T=$(mktemp -d "${TMPDIR:-/tmp}/cds-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
. integration-tests/bench/lib.sh
JAR=target/mkddi.jar
JVM=(@src/main/launcher/jvm.options -XX:CompilerDirectivesFile=src/main/launcher/jit-directives.json)
mk() { java "${JVM[@]}" -jar "$JAR" "$@"; }
mk build examples/minimal --target-dir "$T/out" >/dev/null
IMG=$(ls "$T"/out/*.raw)
args() { # COMMAND: sets a to the arguments of that measured run
  case $1 in
    build) a=(build examples/minimal --target-dir "$T/out") ;;
    verify) a=(verify "$IMG") ;;
    help) a=(build --help) ;;
    mkfs) a=(mkfs erofs examples/minimal/root "$T/fs.img") ;;
    verity) a=(verity format "$T/fs.img" "$T/fs.verity") ;;
  esac
}

# (b) the scripted static archive, timed
s=$(date +%s.%N)
for c in build verify mkfs verity; do
  args "$c"
  java "${JVM[@]}" "-XX:DumpLoadedClassList=$T/$c.classes" -jar "$JAR" "${a[@]}" >/dev/null 2>&1 || true
done
cat "$T"/*.classes | awk '!/^[#@]/ && !seen[$0]++' > "$T/classes"
java -XX:+UseSerialGC -Xshare:dump "-XX:SharedClassListFile=$T/classes" \
  "-XX:SharedArchiveFile=$T/static.jsa" -cp "$JAR" >/dev/null 2>&1
echo "scripted static archive: $(awk -v a="$s" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s once"

# (c) one dynamic archive per command, timed (the first run's extra cost: run with minus without)
for c in build verify help; do
  args "$c"
  timed "first-$c" java "${JVM[@]}" -Xlog:cds=off,cds+dynamic=off \
    "-XX:ArchiveClassesAtExit=$T/$c.jsa" -jar "$JAR" "${a[@]}"
done

for _ in $(seq "$RUNS"); do
  for c in build verify help; do
    args "$c"
    timed "none-$c" java "${JVM[@]}" -jar "$JAR" "${a[@]}"
    timed "static-$c" java "${JVM[@]}" "-XX:SharedArchiveFile=$T/static.jsa" -jar "$JAR" "${a[@]}"
    timed "dynamic-$c" java "${JVM[@]}" "-XX:SharedArchiveFile=$T/$c.jsa" -jar "$JAR" "${a[@]}"
  done
done
for c in build verify help; do
  for v in none static dynamic; do
    printf '%-8s %-8s median %5.2f s  range %s\n' "$c" "$v" "$(cut -d' ' -f1 "$T/$v-$c" | median)" \
      "$(cut -d' ' -f1 "$T/$v-$c" | sort -n | sed -n '1p;$p' | paste -sd-)"
  done
  printf '%-8s first run writing its dynamic archive: %s s\n' "$c" "$(cut -d' ' -f1 "$T/first-$c")"
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
