#!/usr/bin/env bash
# Whole-process baseline of 10,000 host CPUs: `virsh -c test:///default cpu-baseline` against the NativeAOT
# `domaincpu baseline` on the same generated file (about 7.9 MB of bare <cpu> elements), side by side in one run.
#
#   tools/bench/baseline-vs-virsh.sh [RUNS]
#
# Environment: CPU_MAP (libvirt's cpu_map directory; default /usr/share/libvirt/cpu_map: the models and features
# virsh knows, and what domaincpu must use to choose the same model), DOMAINCPU (the binary; default the NativeAOT
# publish output, published first when missing), HOSTS (default 10000), SEED (default 20261), KEEP=1 (keep the file).
# Uses hyperfine when installed (apt install hyperfine), else a timing loop.
set -euo pipefail

runs=${1:-10}
cpu_map=${CPU_MAP:-/usr/share/libvirt/cpu_map}
hosts=${HOSTS:-10000}
seed=${SEED:-20261}
root=$(cd "$(dirname "$0")/../.." && pwd)
domaincpu=${DOMAINCPU:-$root/src/DomainCpu.Cli/bin/Release/net9.0/linux-x64/publish/domaincpu}

command -v virsh >/dev/null || { echo "virsh is required (libvirt clients)" >&2; exit 2; }
[[ -f $cpu_map/index.xml ]] || { echo "$cpu_map: not a cpu_map directory" >&2; exit 2; }
if [[ ! -x $domaincpu ]]; then
  echo "publishing the NativeAOT binary ..." >&2
  dotnet publish "$root/src/DomainCpu.Cli" -f net9.0 -r linux-x64 -c Release >&2
fi

work=$(mktemp -d)
[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$work"' EXIT
file=$work/hosts.xml

# The universe virsh understands: Intel models that libvirt decodes host CPUs to, and every x86 feature of the map.
for f in "$cpu_map"/x86_*.xml; do
  if grep -q "<vendor name='Intel'/>" "$f" && grep -q "<decode host='on'" "$f"; then
    sed -n "s/.*<model name='\([^']*\)'.*/\1/p" "$f" | head -n 1
  fi
done | LC_ALL=C sort >"$work/models"
sed -n "s/.*<feature name='\([^']*\)'.*/\1/p" "$cpu_map/x86_features.xml" >"$work/features"

# Host CPUs as host capabilities list them: a model, the vendor, a topology and about 23 extra features, drawn
# with a Park-Miller generator (exact in any awk, so the file is the same everywhere for a seed and a map).
awk -v seed="$seed" -v hosts="$hosts" '
  function rnd(n) { state = (state * 16807) % 2147483647; return state % n }
  FNR == NR { models[nm++] = $0; next }
  { features[nf++] = $0 }
  END {
    state = seed
    for (h = 0; h < hosts; h++) {
      printf "<cpu>\n  <arch>x86_64</arch>\n  <model>%s</model>\n  <vendor>Intel</vendor>\n", models[rnd(nm)]
      printf "  <topology sockets=\x27%d\x27 dies=\x271\x27 cores=\x27%d\x27 threads=\x272\x27/>\n", 1 + rnd(2), 4 * (1 + rnd(8))
      for (i = 0; i < nf; i++) if (rnd(nf) < 23) printf "  <feature name=\x27%s\x27/>\n", features[i]
      printf "</cpu>\n"
    }
  }' "$work/models" "$work/features" >"$file"
size=$(stat -c %s "$file")
echo "file: $hosts host CPUs, $size bytes ($(wc -l <"$file") lines), $(wc -l <"$work/models") Intel models, $(wc -l <"$work/features") features, seed $seed"

virsh_cmd="virsh -c test:///default cpu-baseline $file"
ours_cmd="$domaincpu baseline --cpu-map $cpu_map $file"

# Same answer first.
$virsh_cmd | sed '/^$/d' >"$work/virsh.out"
$ours_cmd | sed '/^$/d' >"$work/ours.out"
if ! diff -u "$work/virsh.out" "$work/ours.out"; then
  echo "DIFFERENT ANSWERS (virsh above, domaincpu below)" >&2
  exit 1
fi
echo "same answer ($(grep -o "<model[^<]*</model>" "$work/ours.out"), $(grep -c "<feature" "$work/ours.out") features):"
cat "$work/ours.out"
echo

if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 2 --runs "$runs" --export-markdown "$work/table.md" \
    -n "virsh -c test:///default cpu-baseline" "$virsh_cmd" \
    -n "domaincpu baseline (NativeAOT)" "$ours_cmd"
  echo
  cat "$work/table.md"
else
  best() {
    local best=0 t0 t1 ms
    for _ in $(seq "$runs"); do
      t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
      ms=$(((t1 - t0) / 1000000))
      ((best == 0 || ms < best)) && best=$ms
    done
    echo "$best"
  }
  v=$(best $virsh_cmd)
  o=$(best $ours_cmd)
  echo "best of $runs: virsh $v ms, domaincpu $o ms, ratio $(awk -v v="$v" -v o="$o" 'BEGIN { printf "%.1f", v / (o ? o : 1) }')x"
fi
