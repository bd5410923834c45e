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

# spread NAME FIELD: median and range of one column of the runs timed as NAME (1 wall, 2 peak RSS
# in KB, 3 cpu), as "median (min-max)"
spread() {
  cut -d' ' -f"$2" "$T/$1" | sort -n |
    awk '{a[NR]=$1} END {printf "%.2f (%.2f-%.2f)", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2), a[1], a[NR]}'
}

# summary TREE WHAT A B: median and range of wall time, CPU time and peak RSS of the runs timed as
# A and as B, and the ratios A / B of the medians
summary() {
  local n
  for n in "$3" "$4"; do
    printf '%-10s wall %s s  cpu %s s  peak RSS %.0f MB\n' "$n" "$(spread "$n" 1)" "$(spread "$n" 3)" \
      "$(cut -d' ' -f2 "$T/$n" | median | awk '{print $1/1024}')"
  done
  awk -v a="$(cut -d' ' -f1 "$T/$3" | median)" -v b="$(cut -d' ' -f1 "$T/$4" | median)" \
    -v names="$3/$4" -v tree="$1" -v what="$2" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" \
    -v ca="$(cut -d' ' -f3 "$T/$3" | median)" -v cb="$(cut -d' ' -f3 "$T/$4" | median)" \
    -v ra="$(cut -d' ' -f2 "$T/$3" | median)" -v rb="$(cut -d' ' -f2 "$T/$4" | median)" \
    'BEGIN {printf "ratio %s: wall %.2f, cpu %.2f, peak RSS %.2f (tree %s, %s, load %s)\n",
      names, a/b, ca/cb, ra/rb, tree, what, load}'
}

# sizes LABEL A B: two sizes in bytes and their ratio
sizes() {
  awk -v l="$1" -v a="$2" -v b="$3" \
    'BEGIN {printf "size of the %s: %d vs %d bytes (%.1f vs %.1f MB), ratio %.4f\n", l, a, b, a/1e6, b/1e6, a/b}'
}
