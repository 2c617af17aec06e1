namespace DomainCpu.Conformance;

/// <summary>The generated domains of the live oracle test: every CPU variant crossed with every variant of the
/// settings outside <c>&lt;cpu&gt;</c>, plus a few domain-level variants, all x86 and TCG-runnable; and the domains
/// that need the QEMU binary's host CPU (<see cref="HostRelative"/>).</summary>
internal static class ArgvOracleDomains
{
    private static readonly (string Name, string Cpu, string Vcpu)[] CpuVariants =
    [
        ("nocpu", "", "2"),
        ("westmere", "<cpu><model>Westmere</model></cpu>", "2"),
        ("policies", "<cpu mode='custom' match='exact'><model fallback='forbid'>SandyBridge</model><feature policy='require' name='aes'/><feature policy='force' name='ssse3'/><feature policy='disable' name='avx'/><feature policy='forbid' name='svm'/></cpu>", "2"),
        ("names", "<cpu><model>Opteron_G3</model><feature policy='require' name='pclmuldq'/><feature policy='require' name='lahf_lm'/><feature policy='disable' name='fxsr_opt'/><feature name='tsc_adjust'/><feature name='perfctr_core'/></cpu>", "2"),
        ("vendorid", "<cpu><model vendor_id='GenuineIntel'>Nehalem</model></cpu>", "2"),
        ("icelake", "<cpu><model>Icelake-Server</model></cpu>", "2"),
        ("neverpassed", "<cpu><model>Haswell</model><feature policy='require' name='osxsave'/><feature policy='disable' name='cmt'/></cpu>", "2"),
        ("maximum", "<cpu mode='maximum'/>", "2"),
        ("maxmigoff", "<cpu mode='maximum' migratable='off'><feature policy='disable' name='vmx'/></cpu>", "2"),
        ("maxcache", "<cpu mode='maximum'><cache level='3' mode='emulate'/><maxphysaddr mode='emulate' bits='40'/></cpu>", "2"),
        ("maxcachept", "<cpu mode='maximum'><cache mode='passthrough'/><maxphysaddr mode='passthrough'/></cpu>", "2"),
        ("customcache", "<cpu><model>Penryn</model><cache mode='disable'/></cpu>", "2"),
        ("topology", "<cpu><topology sockets='2' dies='1' cores='2' threads='1'/></cpu>", "4"),
        ("topodies", "<cpu><model>qemu64</model><topology sockets='1' dies='2' cores='2' threads='2'/></cpu>", "8"),
        ("bad-cachelevel", "<cpu><model>qemu64</model><cache level='2' mode='emulate'/></cpu>", "2"),
        ("bad-mpabits", "<cpu mode='maximum'><maxphysaddr mode='passthrough' bits='42'/></cpu>", "2"),
        ("bad-mpanobits", "<cpu><model>qemu64</model><maxphysaddr mode='emulate'/></cpu>", "2"),
        ("bad-cachept", "<cpu><model>qemu64</model><cache mode='passthrough'/></cpu>", "2"),
        ("bad-hp", "<cpu mode='host-passthrough'/>", "2"),
        ("bad-topology", "<cpu><topology sockets='1' dies='1' cores='2' threads='1'/></cpu>", "4"),
        ("bad-forbid", "<cpu><model fallback='forbid'>Bogus-Model</model></cpu>", "2"),
    ];

    private static readonly (string Name, string Features, string Clock, string Devices, string Os)[] OtherVariants =
    [
        ("plain", "", "", "", ""),
        ("hyperv", "<hyperv mode='custom'><relaxed state='on'/><vapic state='on'/><spinlocks state='on' retries='8191'/><runtime state='on'/><reset state='on'/><vendor_id state='on' value='Hv Vendor'/><frequencies state='on'/><tlbflush state='off'/></hyperv>", "", "", ""),
        ("hvpass", "<hyperv mode='passthrough'><relaxed state='on'/></hyperv>", "", "", ""),
        ("kvm", "<kvm><hidden state='on'/><hint-dedicated state='on'/><poll-control state='off'/><pv-ipi state='off'/></kvm>", "", "", ""),
        ("eoi", "<apic eoi='off'/><pvspinlock state='on'/><pmu state='off'/>", "", "", ""),
        ("clock", "", "<timer name='kvmclock' present='no'/><timer name='hypervclock' present='yes'/><timer name='tsc' frequency='3000000000'/>", "", ""),
        ("panic", "", "", "<panic model='hyperv'/>", ""),
        ("current", "", "", "", "current"),
        ("i686", "<pmu state='on'/>", "", "", "i686"),
    ];

    public static IEnumerable<(string Name, string Xml)> All()
    {
        foreach (var c in CpuVariants)
        {
            foreach (var o in OtherVariants)
            {
                var name = $"{c.Name}-{o.Name}";
                var current = o.Os == "current" ? $" current='{Math.Max(1, int.Parse(c.Vcpu) / 2)}'" : "";
                var arch = o.Os == "i686" ? "i686" : "x86_64";
                yield return (name, Domain(name, arch, "pc", $"<vcpu placement='static'{current}>{c.Vcpu}</vcpu>", "", o.Features, c.Cpu, o.Clock, o.Devices));
            }
        }
        yield return ("q35-cascadelake", Domain("q35-cascadelake", "x86_64", "q35", "<vcpu>4</vcpu>", "", "", "<cpu><model>Cascadelake-Server</model><feature policy='disable' name='hle'/></cpu>", "", ""));
        yield return ("vcpus-hotplug", Domain("vcpus-hotplug", "x86_64", "pc", "<vcpu placement='static' current='3'>4</vcpu>",
            "<vcpus><vcpu id='0' enabled='yes' hotpluggable='no' order='1'/><vcpu id='1' enabled='yes' hotpluggable='yes' order='2'/><vcpu id='2' enabled='yes' hotpluggable='yes' order='3'/><vcpu id='3' enabled='no' hotpluggable='yes'/></vcpus>", "", "", "", ""));
        yield return ("too-many-vcpus", Domain("too-many-vcpus", "x86_64", "pc", "<vcpu>256</vcpu>", "", "", "", "", ""));
        yield return ("spinlocks-low", Domain("spinlocks-low", "x86_64", "pc", "<vcpu>1</vcpu>", "", "<hyperv><spinlocks state='on' retries='1000'/></hyperv>", "", "", ""));
    }

    /// <summary>Domains whose CPU depends on what the QEMU binary reports of the host (host-model, match='minimum',
    /// optional features) and domains naming qemu-system-i386; all start with <see cref="HostRelativePrefix"/>.</summary>
    public static IEnumerable<(string Name, string Xml)> HostRelative()
    {
        (string Name, string Cpu)[] cpus =
        [
            ("hostmodel", "<cpu mode='host-model'/>"),
            ("hostmodel-partial", "<cpu mode='host-model' check='partial'><feature policy='disable' name='vmx'/></cpu>"),
            ("minimum", "<cpu match='minimum'><model>Westmere</model><feature policy='disable' name='aes'/></cpu>"),
            ("optional", "<cpu><model>Skylake-Client</model><feature policy='optional' name='vmx'/><feature policy='optional' name='pdpe1gb'/><feature policy='optional' name='ss'/></cpu>"),
            ("nocpu", ""),
            ("custom", "<cpu><model>Nehalem</model><feature policy='disable' name='popcnt'/></cpu>"),
        ];
        foreach (var (name, cpu) in cpus)
        {
            var n = HostRelativePrefix + name;
            yield return (n, Domain(n, "x86_64", "pc", "<vcpu>2</vcpu>", "", "", cpu, "", ""));
            n = HostRelativePrefix + "i386-" + name;
            yield return (n, Domain(n, "i686", "pc", "<vcpu>2</vcpu>", "", "", cpu, "", "").Replace("qemu-system-x86_64", "qemu-system-i386", StringComparison.Ordinal));
        }
        var bad = HostRelativePrefix + "i386-x86_64-guest";
        yield return (bad, Domain(bad, "x86_64", "pc", "<vcpu>2</vcpu>", "", "", "", "", "").Replace("qemu-system-x86_64", "qemu-system-i386", StringComparison.Ordinal));
    }

    /// <summary>The name prefix of <see cref="HostRelative"/> domains.</summary>
    public const string HostRelativePrefix = "host-";

    private static string Domain(string name, string arch, string machine, string vcpu, string vcpus, string features, string cpu, string clock, string devices) =>
        $"<domain type='qemu'><name>{name}</name><memory unit='KiB'>262144</memory>{vcpu}{vcpus}" +
        $"<os><type arch='{arch}' machine='{machine}'>hvm</type></os>" +
        (features.Length > 0 ? $"<features>{features}</features>" : "") + cpu +
        (clock.Length > 0 ? $"<clock offset='utc'>{clock}</clock>" : "<clock offset='utc'/>") +
        $"<devices><emulator>/usr/bin/qemu-system-x86_64</emulator>{devices}</devices></domain>\n";
}
