#!/usr/bin/env bash
# package-size.sh [REV]: the size of the DomainCpu NuGet package built from the working tree and from git revision
# REV (default HEAD), and of the embedded QEMU catalog in each. Both are packed the same way into a temporary
# folder ($TMPDIR/domaincpu-package-size), which is removed at the end.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
rev=${1:-HEAD}
work=${TMPDIR:-/tmp}/domaincpu-package-size
die() { echo "package-size.sh: $*" >&2; exit 2; }
git -C "$repo" rev-parse --verify -q "$rev^{commit}" >/dev/null || die "no such revision: $rev"
rm -rf "$work"; mkdir -p "$work/tree"
trap 'rm -rf "$work"' EXIT
git -C "$repo" archive "$rev" | tar -x -C "$work/tree"
pack() { # pack DIR OUT
    dotnet pack "$1/src/DomainCpu" -c Release -o "$2" -v q -nologo >/dev/null || die "packing $1 failed"
    ls "$2"/DomainCpu.*.nupkg | grep -v snupkg
}
old=$(pack "$work/tree" "$work/old")
new=$(pack "$repo" "$work/new")
size() { stat -c %s "$1"; }
printf '%-28s %10s %12s\n' "" "nupkg" "catalog xml"
printf '%-28s %10d %12d\n' "$rev" "$(size "$old")" "$(size "$work/tree/schemas/cpu-catalog.xml")"
printf '%-28s %10d %12d\n' "working tree" "$(size "$new")" "$(size "$repo/schemas/cpu-catalog.xml")"
printf '%-28s %10d %12d\n' "growth (bytes)" "$(( $(size "$new") - $(size "$old") ))" \
    "$(( $(size "$repo/schemas/cpu-catalog.xml") - $(size "$work/tree/schemas/cpu-catalog.xml") ))"
