# Helpers the bench scripts source. Callers set T (a scratch directory) before calling timed.

# timed NAME COMMAND...: runs COMMAND, appends "wall_seconds peak_rss_kb cpu_seconds" to $T/NAME
# (cpu = user + sys); on failure prints its stderr and exits
timed() {
  local name=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$T/time" "$@" >/dev/null 2>"$T/err" || { cat "$T/err"; exit 1; }
  awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$T/time" >>"$T/$name"
}

# median: of the numbers on stdin, one a line
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# warm_cache TREE: reads every file once (through cat: GNU tar skips reading the files when its
# output is /dev/null)
warm_cache() { tar -cf - -C "$1" . 2>/dev/null | cat >/dev/null || true; }

# summary TREE RUNS A B: median wall time and peak RSS of the runs timed as A and as B, and the
# ratio A / B
summary() {
  local n
  for n in "$3" "$4"; do
    printf '%-10s wall %6.2f s (runs: %s)  cpu %6.2f s (runs: %s)  peak RSS %6.0f MB\n' "$n" \
      "$(cut -d' ' -f1 "$T/$n" | median)" "$(cut -d' ' -f1 "$T/$n" | tr '\n' ' ')" \
      "$(cut -d' ' -f3 "$T/$n" | median)" "$(cut -d' ' -f3 "$T/$n" | tr '\n' ' ')" \
      "$(cut -d' ' -f2 "$T/$n" | median | awk '{print $1/1024}')"
  done
  awk -v a="$(cut -d' ' -f1 "$T/$3" | median)" -v b="$(cut -d' ' -f1 "$T/$4" | median)" \
    -v names="$3/$4" -v tree="$1" -v runs="$2" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
    -v ca="$(cut -d' ' -f3 "$T/$3" | median)" -v cb="$(cut -d' ' -f3 "$T/$4" | median)" \
    'BEGIN {printf "ratio %s: wall %.2f, cpu %.2f (tree %s, %s runs, load %s)\n", names, a/b, ca/cb, tree, runs, load}'
}
