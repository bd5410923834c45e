# Check counting and timings for the boot tests (boot-test.sh, debian-boot-test.sh), sourced after
# OUT (the output directory) is set: ok, bad MESSAGE, lap NAME (time since the last lap), finish
# (prints the timings into OUT/timings and "N passed, N failed", exits 0 or 1).
PASSED=0 FAILED=0
ok() { PASSED=$((PASSED + 1)); }
bad() { FAILED=$((FAILED + 1)); echo "FAIL: $*" >&2; }
now() { date +%s.%N; }
TIMINGS="" T_LAST=$(now) T_START=$T_LAST
lap() { local t; t=$(now); TIMINGS+=$(awk -v a="$T_LAST" -v b="$t" -v n="$1" 'BEGIN { printf "%-34s %6.1f s\n", n, b - a }')$'\n'; T_LAST=$t; }
finish() {
  TIMINGS+=$(awk -v a="$T_START" -v b="$(now)" 'BEGIN { printf "%-34s %6.1f s", "total", b - a }')
  printf '%s\n' "$TIMINGS" | tee "$OUT/timings" >&2
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" = 0 ] && exit 0 || exit 1
}
