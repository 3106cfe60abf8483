#!/bin/sh
# Fills a template of deploy/ (a file with @NAME@ placeholders) and prints it:
#   deploy/render.sh TEMPLATE NAME=VALUE... > OUTPUT
# Every placeholder must be given: one left over is named on stderr and the exit code is 1 (the
# output is then incomplete; do not install it). A value is inserted as it is (slashes, spaces, &).
set -eu
[ $# -ge 1 ] || { echo "usage: $0 TEMPLATE NAME=VALUE..." >&2; exit 2; }
template=$1
shift
[ -r "$template" ] || { echo "render: cannot read $template" >&2; exit 2; }
names=""
for pair in "$@"; do
  name=${pair%%=*}
  if [ "$name" = "$pair" ] || ! printf '%s' "$name" | grep -Eq '^[A-Z][A-Z0-9_]*$'; then
    echo "render: expected NAME=VALUE (NAME in capitals), got: $pair" >&2
    exit 2
  fi
  # Handed to awk through the environment: awk -v would interpret backslashes in the value.
  export "RENDER_VALUE_$name=${pair#*=}"
  names="$names $name"
done
RENDER_NAMES=$names exec awk '
  BEGIN { n = split(ENVIRON["RENDER_NAMES"], names, " ") }
  {
    line = $0
    for (i = 1; i <= n; i++) {
      key = "@" names[i] "@"
      value = ENVIRON["RENDER_VALUE_" names[i]]
      out = ""
      while ((at = index(line, key)) > 0) {
        out = out substr(line, 1, at - 1) value
        line = substr(line, at + length(key))
      }
      line = out line
    }
    rest = line
    while (match(rest, /@[A-Z][A-Z0-9_]*@/)) {
      printf "render: %s:%d: %s is not given\n", FILENAME, FNR, substr(rest, RSTART, RLENGTH) > "/dev/stderr"
      missing = 1
      rest = substr(rest, RSTART + RLENGTH)
    }
    print line
  }
  END { exit missing ? 1 : 0 }
' "$template"
