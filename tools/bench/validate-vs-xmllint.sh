#!/usr/bin/env bash
# Whole-process batch validation, side by side in one run:
#   domaincpu validate FILES...                      (the NativeAOT binary, one process)
#   xmllint --noout --relaxng domain.rng FILES...     (libvirt 9.0's schema, one process)
# on the domain XMLs of libvirt 9.0's tests/qemuxml2argvdata (1070 files), several rounds alternating.
# Prints the median wall and CPU time of each, their ratios, and how many files each calls valid/invalid.
#
# Environment (all optional):
#   LIBVIRT_SRC_CACHE  where libvirt's source is fetched to (default: $TMPDIR/domaincpu-bench/libvirt);
#                      fetched with `apt-get source libvirt` (Debian 12's libvirt 9.0) when absent
#   DOMAINCPU_BIN      a domaincpu binary to use instead of publishing the NativeAOT one
#   DOMAIN_RNG         libvirt's domain.rng (default /usr/share/libvirt/schemas/domain.rng)
#   ROUNDS             rounds per command (default 9)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${TMPDIR:-/tmp}/domaincpu-bench"
cache="${LIBVIRT_SRC_CACHE:-$work/libvirt}"
rng="${DOMAIN_RNG:-/usr/share/libvirt/schemas/domain.rng}"
rounds="${ROUNDS:-9}"

die() { echo "validate-vs-xmllint: $*" >&2; exit 2; }
command -v xmllint >/dev/null || die "xmllint not found (Debian: apt-get install libxml2-utils)"
[ -f "$rng" ] || die "$rng not found (Debian: apt-get install libvirt-daemon-system, or set DOMAIN_RNG)"

. "$here/libvirt-source.sh"
data="$(libvirt_source tests/qemuxml2argvdata)/tests/qemuxml2argvdata"
mapfile -t files < <(cd "$data" && ls -- *.xml | LC_ALL=C sort)
[ "${#files[@]}" -gt 0 ] || die "no domain files in $data"

. "$here/domaincpu-bin.sh"

# One timed run: "WALL_MS CPU_MS" (CPU = user + system, children included), with bash's own `time`.
timed() {
    local TIMEFORMAT='%R %U %S' t
    t="$( { time "$@" >/dev/null 2>&1; } 2>&1 )" || true
    awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%d %d\n", a[1] * 1000, (a[2] + a[3]) * 1000 }'
}
median() { LC_ALL=C sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
# Verdicts: xmllint prints "FILE validates" / "FILE fails to validate" per file; domaincpu prints findings,
# a file is invalid when it has an error line.
cd "$data"
xmllint_valid="$(xmllint --noout --relaxng "$rng" "${files[@]}" 2>&1 | grep -c ' validates$' || true)"
ours_invalid="$("$bin" validate "${files[@]}" 2>&1 >/dev/null | grep ': error: ' | cut -d: -f1 | sort -u | wc -l || true)"

ours_wall=() ours_cpu=() xmllint_wall=() xmllint_cpu=()
for ((i = 0; i < rounds; i++)); do
    read -r w c < <(timed "$bin" validate "${files[@]}"); ours_wall+=("$w") ours_cpu+=("$c")
    read -r w c < <(timed xmllint --noout --relaxng "$rng" "${files[@]}"); xmllint_wall+=("$w") xmllint_cpu+=("$c")
done

med() { printf '%s\n' "$@" | median; }
n=${#files[@]}
ow="$(med "${ours_wall[@]}")" oc="$(med "${ours_cpu[@]}")" xw="$(med "${xmllint_wall[@]}")" xc="$(med "${xmllint_cpu[@]}")"
echo "files: $n (libvirt 9.0 tests/qemuxml2argvdata/*.xml), rounds: $rounds alternating, cores: $(nproc), load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-38s | %14s | %13s | %-13s |\n' "command (one process, $n files)" "median wall ms" "median CPU ms" "valid/invalid"
printf '|%s|%s|%s|%s|\n' ":---" "---:" "---:" "---:"
printf '| %-38s | %14s | %13s | %-13s |\n' "domaincpu validate (NativeAOT)" "$ow" "$oc" "$((n - ours_invalid))/$ours_invalid"
printf '| %-38s | %14s | %13s | %-13s |\n' "xmllint --noout --relaxng domain.rng" "$xw" "$xc" "$xmllint_valid/$((n - xmllint_valid))"
echo "wall per round, domaincpu: ${ours_wall[*]}"
echo "wall per round, xmllint:   ${xmllint_wall[*]}"
awk -v a="$ow" -v b="$xw" -v c="$oc" -v d="$xc" 'BEGIN { printf "ratio domaincpu / xmllint: wall %.2f, CPU %.2f\n", a / b, c / d }'
