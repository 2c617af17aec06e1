#!/usr/bin/env bash
# Whole-process start-up cost of the hook path, side by side in one hyperfine run:
#   a NativeAOT hello world (the floor of any .NET process, built here into a temp folder)
#   domaincpu expand --live --caps caps.xml --domcaps domcaps.xml domain.xml   (the NativeAOT binary)
#   xmllint --noout --relaxng domain.rng domain.xml                            (libvirt's schema check)
# on testdata/expand/host-model-numa (a host-model CPU with topology and two NUMA cells).
#
# Environment (all optional):
#   DOMAINCPU_BIN  a domaincpu binary to use instead of publishing the NativeAOT one
#   DOMAIN_RNG     libvirt's domain.rng (default /usr/share/libvirt/schemas/domain.rng)
#   RUNS           runs per command (default 200)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${TMPDIR:-/tmp}/domaincpu-bench"
rng="${DOMAIN_RNG:-/usr/share/libvirt/schemas/domain.rng}"
runs="${RUNS:-200}"
case_dir="$repo/testdata/expand/host-model-numa"

die() { echo "expand-startup: $*" >&2; exit 2; }
command -v hyperfine >/dev/null || die "hyperfine not found (Debian: apt-get install hyperfine)"
command -v xmllint >/dev/null || die "xmllint not found (Debian: apt-get install libxml2-utils)"
[ -f "$rng" ] || die "$rng not found (Debian: apt-get install libvirt-daemon-system, or set DOMAIN_RNG)"

. "$here/domaincpu-bin.sh"

hello="$work/hello"
if [ ! -x "$hello/out/hello" ]; then
    echo "publishing a NativeAOT hello world" >&2
    mkdir -p "$hello"
    cat > "$hello/hello.csproj" <<'PROJ'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net9.0</TargetFramework>
    <PublishAot>true</PublishAot>
    <InvariantGlobalization>true</InvariantGlobalization>
  </PropertyGroup>
</Project>
PROJ
    echo 'System.Console.WriteLine("hello");' > "$hello/Program.cs"
    dotnet publish "$hello/hello.csproj" -c Release -r linux-x64 -o "$hello/out" -v q -nologo >&2
fi

"$bin" expand --live --caps "$case_dir/caps.xml" --domcaps "$case_dir/domcaps.xml" "$case_dir/domain.xml" \
    | cmp -s - "$case_dir/expected.xml" || die "expand output differs from the golden expected.xml"

cd "$case_dir"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --warmup 10 --runs "$runs" --export-json "$work/expand-startup.json" \
    -n "NativeAOT hello world" "$hello/out/hello" \
    -n "domaincpu expand --live" "$bin expand --live --caps caps.xml --domcaps domcaps.xml domain.xml" \
    -n "xmllint --relaxng domain.rng" "xmllint --noout --relaxng $rng domain.xml"
python3 - "$work/expand-startup.json" <<'PY'
import json, statistics, sys
rs = json.load(open(sys.argv[1]))["results"]
med = {r["command"]: statistics.median(r["times"]) * 1000 for r in rs}
hello, ours, xmllint = (med[c] for c in ("NativeAOT hello world", "domaincpu expand --live", "xmllint --relaxng domain.rng"))
print("| command | median [ms] | min [ms] |")
print("|---|---:|---:|")
for r in rs:
    print(f"| {r['command']} | {med[r['command']]:.1f} | {r['min'] * 1000:.1f} |")
print(f"expand / hello world (median): {ours / hello:.2f}x   expand / xmllint (median): {ours / xmllint:.2f}x")
PY
