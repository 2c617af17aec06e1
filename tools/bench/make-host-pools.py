#!/usr/bin/env python3
"""Builds the fleet benchmark inputs from libvirt's own host data (nothing here is committed; run at benchmark time).

    make-host-pools.py SOURCE OUT [--hosts N] [--seed S] [--no-caps]

SOURCE is the conformance corpus (DOMAINCPU_CORPUS) or libvirt 9.0's source tree. Their x86_64-cpuid-*-host.xml
files (cputestdata) are host CPUs libvirt decoded from real CPUID dumps, and their capabilities documents (libvirt's
capabilityschemadata, and in the corpus the live captures live-qemu-*/capabilities.*.xml) are what
`virsh capabilities` prints. OUT receives:

  hosts.xml       N host <cpu> elements as libvirt's CPU formatter writes a host CPU: a real host's model, vendor,
                  signature and features, with the microcode, counter, topology and maxphysaddr elements host
                  capabilities carry (values drawn from those the corpus documents show)
  caps/           N capabilities documents, caps/host-00001.xml ..., each a real capabilities document (drawn from
                  the corpus) with its host <cpu> replaced by one of the hosts above and its own uuid
  caps-cpus.xml   the host <cpu> elements of caps/ (without <pages>, which no CPU parser reads), concatenated in
                  file-name order: what virsh cpu-baseline is given to answer for the directory (virsh reads one
                  file, of at most 10 MiB)

Only Intel hosts are drawn: a baseline of CPUs of two vendors is refused, which would measure nothing. The hosts of
libvirt 9.0 are used because virsh 9.0 knows their models (11.3's name versioned models such as SandyBridge-v1).
The same corpus, N and seed give the same files byte for byte.
"""
import argparse
import glob
import os
import random
import re

PAGES = ("4", "2048", "1048576")


def layout(source):
    """(cputestdata folder, capabilities document patterns) of the corpus or of libvirt's source tree."""
    if os.path.isdir(os.path.join(source, "libvirt-9.0")):
        return (os.path.join(source, "libvirt-9.0", "cputestdata"),
                [os.path.join(source, "libvirt-9.0", "caps", "capabilityschemadata", "*.xml"),
                 os.path.join(source, "live-qemu-*", "capabilities.*.xml")])
    return os.path.join(source, "tests", "cputestdata"), [os.path.join(source, "tests", "capabilityschemadata", "*.xml")]


def host_cpus(corpus):
    """(model, vendor, signature line or None, features) of every Intel host CPU of libvirt 9.0's cputest data."""
    hosts = []
    for path in sorted(glob.glob(os.path.join(layout(corpus)[0], "x86_64-cpuid-*-host.xml"))):
        text = open(path, encoding="utf-8").read()
        vendor = re.search(r"<vendor>([^<]*)</vendor>", text)
        if vendor is None or vendor.group(1) != "Intel":
            continue
        model = re.search(r"<model>([^<]*)</model>", text).group(1)
        signature = re.search(r"<signature [^>]*/>", text)
        features = re.findall(r"<feature name='([^']*)'/>", text)
        hosts.append((model, vendor.group(1), signature.group(0) if signature else None, features))
    if not hosts:
        raise SystemExit(f"no Intel x86_64-cpuid-*-host.xml in {layout(corpus)[0]}")
    return hosts


def templates(corpus):
    """Capabilities documents of the corpus that have an x86_64 host <cpu> to replace."""
    paths = [p for pattern in layout(corpus)[1] for p in sorted(glob.glob(pattern))]
    docs = []
    for path in paths:
        text = open(path, encoding="utf-8").read()
        if HOST_CPU.search(text) and "<arch>x86_64</arch>" in text:
            docs.append(text)
    if not docs:
        raise SystemExit(f"no capabilities documents with an x86_64 host <cpu> under {corpus}")
    return docs


# The host's <cpu> of a capabilities document: the first <cpu> right after <host>'s <uuid>.
HOST_CPU = re.compile(r"(<host>\s*<uuid>)([^<]*)(</uuid>\n)( *)<cpu>\n.*?\n\4</cpu>\n", re.S)


def render(host, rng, indent, pages):
    """A host <cpu> as libvirt's CPU formatter writes it (SPEC 2.1 order), indented by `indent` spaces; with the
    <pages> elements that the capabilities formatter adds when `pages`."""
    model, vendor, signature, features = host
    pad = " " * indent
    lines = [f"{pad}<cpu>", f"{pad}  <arch>x86_64</arch>", f"{pad}  <model>{model}</model>", f"{pad}  <vendor>{vendor}</vendor>",
             f"{pad}  <microcode version='{rng.choice((45, 240, 1046, 16777317, 3556769796))}'/>"]
    if signature:
        lines.append(f"{pad}  {signature}")
    if "invtsc" in features:
        lines.append(f"{pad}  <counter name='tsc' frequency='{rng.randrange(1800, 3800) * 1000000 + rng.randrange(1000) * 1000}' scaling='no'/>")
    lines.append(f"{pad}  <topology sockets='{rng.choice((1, 1, 2))}' dies='1' cores='{rng.choice((2, 4, 8, 16, 24))}' threads='{rng.choice((1, 2))}'/>")
    lines.append(f"{pad}  <maxphysaddr mode='emulate' bits='{rng.choice((36, 39, 42, 46, 48))}'/>")
    lines += [f"{pad}  <feature name='{f}'/>" for f in features]
    if pages:
        lines += [f"{pad}  <pages unit='KiB' size='{p}'/>" for p in PAGES]
    lines.append(f"{pad}</cpu>")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--hosts", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=20261)
    ap.add_argument("--no-caps", action="store_true", help="write hosts.xml only")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    hosts = host_cpus(args.corpus)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "hosts.xml"), "w", encoding="utf-8", newline="\n") as out:
        for _ in range(args.hosts):
            out.write(render(rng.choice(hosts), rng, 0, False))
    if args.no_caps:
        return
    docs = templates(args.corpus)
    caps = os.path.join(args.out, "caps")
    os.makedirs(caps, exist_ok=True)
    with open(os.path.join(args.out, "caps-cpus.xml"), "w", encoding="utf-8", newline="\n") as cpus:
        for i in range(1, args.hosts + 1):
            host = rng.choice(hosts)
            seed = rng.getrandbits(64)
            doc = rng.choice(docs)
            match = HOST_CPU.search(doc)
            indent = len(match.group(4))
            cpu = render(host, random.Random(seed), indent, True)
            uuid = "%08x-%04x-%04x-%04x-%012x" % (i, rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(48))
            text = doc[:match.start()] + match.group(1) + uuid + match.group(3) + cpu + doc[match.end():]
            with open(os.path.join(caps, f"host-{i:05d}.xml"), "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            cpus.write(render(host, random.Random(seed), 0, False))


if __name__ == "__main__":
    main()
