#!/usr/bin/env bash
# Fleet-scale baseline and compare, whole process, side by side with virsh in one run, on pools built from
# libvirt's real host CPUs and capabilities documents (tools/bench/make-host-pools.py, at benchmark time):
#
#   hosts.xml        10,000 host <cpu> elements in one file       virsh cpu-baseline   vs  domaincpu baseline
#   hosts-100k.xml   the same ten times over: 100,000 host CPUs   (virsh reads at most 10 MiB: ten times its 10,000)
#   caps/            10,000 capabilities documents                 virsh cpu-baseline of the same hosts' <cpu>
#                                                                  elements in one file  vs  domaincpu baseline caps/
#   compare          one guest against the 10,000 hosts of caps/   domaincpu compare --hosts caps/ (virsh has no
#                                                                  equivalent: it compares with its own host only)
#
# Checks first that every answer is virsh's, then runs ROUNDS rounds, each running every command once in turn
# (so ours and virsh's share the machine's load), and prints the median and best wall time, the median CPU time and
# peak memory (from wait4) of each, the ratios, whether each fleet target of docs/BENCHMARKS.md is met, and the
# 1-minute load average at the start of every round (on a busy machine the wall times follow the load).
#
#   tools/bench/fleet-vs-virsh.sh
#
# Environment (all optional):
#   DOMAINCPU_CORPUS   the conformance corpus to draw hosts from; else libvirt 9.0's source (fetched with apt-get
#                      source into LIBVIRT_SRC_CACHE, as tools/bench/validate-vs-xmllint.sh does)
#   DOMAINCPU_BIN      a domaincpu binary to use instead of publishing the NativeAOT one
#   CPU_MAP            libvirt's cpu_map directory (default /usr/share/libvirt/cpu_map: what virsh uses)
#   HOSTS              hosts per pool (default 10000); SEED (default 20261); ROUNDS (default 9)
#   KEEP=1             keep the work folder (pools, outputs, the JSON of every run)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="${LIBVIRT_SRC_CACHE:-${TMPDIR:-/tmp}/domaincpu-bench/libvirt}"
cpu_map="${CPU_MAP:-/usr/share/libvirt/cpu_map}"
hosts="${HOSTS:-10000}"
seed="${SEED:-20261}"
rounds="${ROUNDS:-9}"

die() { echo "fleet-vs-virsh: $*" >&2; exit 2; }
command -v virsh >/dev/null || die "virsh not found (Debian: apt-get install libvirt-clients)"
command -v python3 >/dev/null || die "python3 not found"
[ -f "$cpu_map/index.xml" ] || die "$cpu_map is not a cpu_map directory (set CPU_MAP)"

work="$(mktemp -d)"
[ "${KEEP:-0}" = 1 ] && echo "work folder: $work" >&2 || trap 'rm -rf "$work"' EXIT

if [ -n "${DOMAINCPU_CORPUS:-}" ]; then
    source_tree="$DOMAINCPU_CORPUS"
else
    . "$here/libvirt-source.sh"
    source_tree="$(libvirt_source tests/cputestdata tests/capabilityschemadata)"
fi
. "$here/domaincpu-bin.sh"

echo "building the pools from $source_tree ..." >&2
python3 "$here/make-host-pools.py" "$source_tree" "$work" --hosts "$hosts" --seed "$seed"
for _ in 1 2 3 4 5 6 7 8 9 10; do cat "$work/hosts.xml"; done > "$work/hosts-100k.xml"
cat > "$work/guest.xml" <<'GUEST'
<domain type='kvm'>
  <name>fleet-guest</name>
  <memory unit='GiB'>4</memory>
  <cpu mode='custom' match='exact' check='partial'>
    <model fallback='forbid'>Westmere</model>
    <feature policy='require' name='vmx'/>
    <feature policy='disable' name='invtsc'/>
  </cpu>
</domain>
GUEST

cd "$work"
python3 - "$bin" "$cpu_map" "$rounds" "$hosts" <<'PY'
import json, os, statistics, subprocess, sys, time

ours, cpu_map, rounds, hosts = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
virsh = ["virsh", "-c", "test:///default", "cpu-baseline"]
dc = [ours, "--cpu-map", cpu_map]
commands = {
    "virsh baseline hosts.xml": virsh + ["hosts.xml"],
    "domaincpu baseline hosts.xml": dc + ["baseline", "hosts.xml"],
    "domaincpu baseline hosts-100k.xml": dc + ["baseline", "hosts-100k.xml"],
    "virsh baseline caps-cpus.xml": virsh + ["caps-cpus.xml"],
    "domaincpu baseline caps/": dc + ["baseline", "caps"],
    "domaincpu compare --hosts caps/": dc + ["compare", "--hosts", "caps", "guest.xml"],
}

def run(argv):
    """One run: (wall s, user+system s, peak RSS MiB, exit code, stdout)."""
    with open("out.tmp", "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, p.returncode, open("out.tmp", "rb").read()

def same(a, b):
    return a.decode().strip() == b.decode().strip()

# Same answers first.
answers = {name: run(argv) for name, argv in commands.items()}
virsh10k, virshcaps = answers["virsh baseline hosts.xml"][4], answers["virsh baseline caps-cpus.xml"][4]
checks = [
    ("baseline hosts.xml", answers["domaincpu baseline hosts.xml"][4], virsh10k),
    ("baseline hosts-100k.xml (the same hosts ten times)", answers["domaincpu baseline hosts-100k.xml"][4], virsh10k),
    ("baseline caps/ (virsh: the same hosts' <cpu> elements)", answers["domaincpu baseline caps/"][4], virshcaps),
]
for what, got, want in checks:
    if not want.strip() or not same(got, want):
        sys.exit(f"DIFFERENT ANSWERS for {what}:\n--- virsh\n{want.decode()}\n--- domaincpu\n{got.decode()}")
    print(f"same answer as virsh: {what}")
report = answers["domaincpu compare --hosts caps/"]
print("compare --hosts caps/: " + report[4].decode().strip().splitlines()[-1] + f" (exit {report[3]})")
print()

def loadavg():
    return float(open("/proc/loadavg").read().split()[0])

load0 = open("/proc/loadavg").read().split()[:3]
times = {name: [] for name in commands}
loads = []
for _ in range(rounds):
    loads.append(loadavg())
    for name, argv in commands.items():
        times[name].append(run(argv))
load1 = open("/proc/loadavg").read().split()[:3]

def med(name, i):
    return statistics.median(t[i] for t in times[name])

sizes = {"hosts.xml": os.path.getsize("hosts.xml"), "hosts-100k.xml": os.path.getsize("hosts-100k.xml"),
         "caps-cpus.xml": os.path.getsize("caps-cpus.xml"),
         "caps/": sum(os.path.getsize(os.path.join("caps", f)) for f in os.listdir("caps"))}
print(f"{rounds} rounds, each command once per round in turn; {os.cpu_count()} cores; load average {' '.join(load0)} before, {' '.join(load1)} after;"
      f" 1-minute load at the start of each round {min(loads):.1f} to {max(loads):.1f} (median {statistics.median(loads):.1f})")
print(f"inputs: hosts.xml {sizes['hosts.xml']:,} bytes; hosts-100k.xml {sizes['hosts-100k.xml']:,}; caps/ {len(os.listdir('caps')):,} files, {sizes['caps/']:,} bytes; caps-cpus.xml {sizes['caps-cpus.xml']:,}")
print()
print("| command | median wall [ms] | min wall [ms] | median CPU [ms] | median peak RSS [MiB] |")
print("|:---|---:|---:|---:|---:|")
for name in commands:
    best = min(t[0] for t in times[name])
    print(f"| `{name}` | {med(name, 0) * 1000:.0f} | {best * 1000:.0f} | {med(name, 1) * 1000:.0f} | {med(name, 2):.1f} |")
print()
v10, vcaps = med("virsh baseline hosts.xml", 0), med("virsh baseline caps-cpus.xml", 0)
rows = [
    (f"baseline, {hosts:,} hosts in one file / virsh", med("domaincpu baseline hosts.xml", 0) / v10, 0.1),
    (f"baseline, {10 * hosts:,} hosts in one file / (10 x virsh on {hosts:,})", med("domaincpu baseline hosts-100k.xml", 0) / (10 * v10), 0.1),
    (f"baseline, {hosts:,} capabilities documents / virsh on their <cpu> elements", med("domaincpu baseline caps/", 0) / vcaps, None),
]
def verdict(ok):
    return "met" if ok else "NOT met"

for what, ratio, bar in rows:
    print(f"{what}: {ratio:.3f} (wall){f'  [bar <= {bar}: {verdict(ratio <= bar)}]' if bar else ''}")
caps_s, cmp_s = med('domaincpu baseline caps/', 0), med('domaincpu compare --hosts caps/', 0)
print(f"baseline of caps/: {caps_s:.3f} s wall  [bar <= 1 s: {verdict(caps_s <= 1)}]")
print(f"compare --hosts caps/: {cmp_s:.3f} s wall  [bar <= 0.5 s: {verdict(cmp_s <= 0.5)}]")
m10, m100 = med('domaincpu baseline hosts.xml', 2), med('domaincpu baseline hosts-100k.xml', 2)
print(f"peak memory: hosts.xml {m10:.1f} MiB, hosts-100k.xml {m100:.1f} MiB  [bar <= 64 MiB: {verdict(max(m10, m100) <= 64)}]")
print()
for name in commands:
    print(f"wall per round, {name}: " + " ".join(f"{t[0] * 1000:.0f}" for t in times[name]))
json.dump({n: [list(t[:4]) for t in ts] for n, ts in times.items()}, open("runs.json", "w"), indent=1)
PY
