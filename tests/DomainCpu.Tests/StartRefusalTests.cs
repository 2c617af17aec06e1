using System.Collections.Immutable;
using System.Text;
using DomainCpu.Diagnostics;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>
/// One start, one answer: every refusal a domain's start can meet is given the same inputs through every command that
/// starts a domain — <c>argv</c>, <c>expand --live</c>, the hook at <c>prepare begin</c>, and <c>format --define</c> where
/// the refusal belongs to the definition — and each must exit 1 with nothing on stdout and the one id of the catalogue,
/// whose one category the library's exception carries too. The table covers every id the catalogue marks as a start's.
/// What libvirt refuses when the domain is defined is refused by <c>format --define</c> with the same id, and what
/// validation can see without the host is a <c>validate</c> error with that id; where a row names the offending element,
/// every command points at its line.
/// </summary>
[TestFixture]
public class StartRefusalTests
{
    /// <summary>Which commands a refusal reaches.</summary>
    [Flags]
    public enum Via
    {
        Argv = 1,
        Expand = 2,
        Hook = 4,
        Define = 8,
        Validate = 16,
        Start = Argv | Expand | Hook,
    }

    /// <summary>One refusal: the domain's parts, the host files all commands get, and who reaches it.</summary>
    public sealed record Case(string Name, DiagnosticDescriptor Expected, string Cpu, Via Via = Via.Start, string Type = "kvm",
        string Arch = "x86_64", string Machine = "q35", string Vcpu = "<vcpu>2</vcpu>", string Extra = "", string Record = "qemucaps.xml",
        string Caps = "caps.xml", string? DomCaps = null, bool CpuMap = true, string? QemuCpu = null, bool Live = false,
        string Libvirt = "9.0", string? QemuCpuDisabled = null, string? At = null, string[]? HostMemory = null,
        string[]? HostThreads = null, string[]? HostPaths = null);

    public static IEnumerable<TestCaseData> Cases() => Table().Select(c => new TestCaseData(c).SetName($"{c.Expected.Id} {c.Name}"));

    private static IEnumerable<Case> Table() =>
    [
        new("mode the binary lacks", DiagnosticCatalogue.CpuModeUnsupported, "<cpu mode='host-passthrough'/>", Type: "qemu"),
        new("host model nowhere", DiagnosticCatalogue.HostModelUnknown,
            "<cpu mode='custom' match='minimum' check='none'><model>Lake-1</model></cpu>", Record: "qemucaps-nohost.xml", Caps: "", DomCaps: "domcaps-nohostmodel.xml"),
        new("model not offered, fallback forbid", DiagnosticCatalogue.ModelUnsupported,
            "<cpu mode='custom' check='none'><model fallback='forbid'>Lake-3</model></cpu>"),
        new("model not usable here", DiagnosticCatalogue.ModelNotUsable,
            "<cpu mode='custom' check='partial'><model>Haswell</model></cpu>", Record: "", Caps: "", DomCaps: "domcaps-embedded.xml", CpuMap: false),
        new("host provides a forbidden feature", DiagnosticCatalogue.ForbiddenFeaturePresent,
            "<cpu mode='custom' check='full'><model>Lake-1</model><feature policy='forbid' name='vmx'/></cpu>"),
        new("check=partial, host lacks a feature", DiagnosticCatalogue.IncompatibleWithHost,
            "<cpu mode='custom' check='partial'><model>Lake-1</model><feature policy='require' name='avx512f'/></cpu>"),
        new("feature the CPU map lacks", DiagnosticCatalogue.FeatureUnknownAtStart,
            "<cpu mode='custom' check='none'><model>Lake-1</model>\n    <feature policy='require' name='no-such-feature'/></cpu>",
            Via: Via.Start | Via.Validate, At: "name='no-such-feature'"),
        new("model the CPU map lacks", DiagnosticCatalogue.ModelUnknown, "<cpu mode='custom' check='none'><model fallback='allow'>Foobar-9000</model></cpu>",
            Via: Via.Start | Via.Validate),
        new("model the CPU map lacks, embedded models and domain capabilities", DiagnosticCatalogue.ModelUnknown,
            "<cpu mode='custom' check='none'><model fallback='allow'>Foobar-9000</model></cpu>", Caps: "", DomCaps: "domcaps-embedded.xml", CpuMap: false),
        new("host CPU names a feature the map lacks", DiagnosticCatalogue.FeatureUnknown,
            "<cpu mode='host-model' check='none'/>", Record: "qemucaps-nohost.xml", Caps: "caps-unknown-feature.xml"),
        new("QEMU gave another CPU under check=full", DiagnosticCatalogue.LiveCpuMismatch,
            "<cpu mode='custom' check='full'><model>Lake-1</model></cpu>", Via: Via.Expand, QemuCpu: "enabled.xml"),
        new("invariant TSC the vCPU lacks", DiagnosticCatalogue.NoInvariantTsc,
            "<cpu mode='custom' check='none'><model>Lake-1</model><feature policy='require' name='invtsc'/></cpu>", Via: Via.Expand,
            QemuCpu: "enabled.xml"),
        new("paravirtual spinlocks under TCG", DiagnosticCatalogue.NoPvSpinlocks, "", Type: "qemu",
            Extra: "<features>\n    <pvspinlock state='on'/></features>", Via: Via.Expand | Via.Hook, At: "<features>"),
        new("paravirtual spinlocks QEMU reports no kvm_pv_unhalt for", DiagnosticCatalogue.NoPvSpinlocks,
            "<cpu mode='custom' check='none'><model>Lake-1</model></cpu>", Extra: "<features>\n    <pvspinlock state='on'/></features>",
            Via: Via.Expand, QemuCpu: "enabled.xml", At: "<features>"),
        new("two clusters per die without -smp clusters", DiagnosticCatalogue.ClustersUnsupported,
            "<cpu mode='custom' check='none'><model>Lake-1</model><topology sockets='1' dies='1' clusters='2' cores='1' threads='1'/></cpu>",
            Libvirt: "11.3"),
        new("QEMU reported a feature enabled and disabled", DiagnosticCatalogue.QemuCpuDataConflicting,
            "<cpu mode='custom' check='none'><model>Lake-1</model></cpu>", Via: Via.Expand, QemuCpu: "enabled.xml",
            QemuCpuDisabled: "enabled.xml", Libvirt: "11.3"),
        new("machine the binary lacks", DiagnosticCatalogue.MachineTypeUnsupported, "<cpu mode='custom' check='none'><model>Lake-1</model></cpu>",
            Via: Via.Start | Via.Define, Machine: "pc-i440fx-1.0"),
        new("default model host outside KVM", DiagnosticCatalogue.DefaultModelHostNotKvm, "", Via: Via.Argv | Via.Define, Type: "qemu", Machine: "hostcpu"),
        new("check without a model or default model", DiagnosticCatalogue.CheckWithoutModel,
            "<cpu check='full'><topology sockets='1' cores='2' threads='1'/></cpu>", Via: Via.Argv | Via.Define, Machine: "isapc"),
        new("no vCPU", DiagnosticCatalogue.VcpuCountRefused, "<cpu mode='custom' check='none'><model>Lake-1</model></cpu>", Vcpu: "<vcpu>0</vcpu>",
            Via: Via.Start | Via.Define, At: "<vcpu>0"),
        new("current above maximum", DiagnosticCatalogue.CurrentVcpusAboveMaximum, "", Vcpu: "<vcpu current='4'>2</vcpu>",
            Via: Via.Start | Via.Define | Via.Validate, At: "<vcpu current"),
        new("more vCPUs than the machine takes", DiagnosticCatalogue.VcpusAboveMachineLimit, "", Machine: "isapc", Via: Via.Start | Via.Define),
        new("topology against vCPUs", DiagnosticCatalogue.TopologyVcpuRefused,
            "<cpu mode='custom' check='none'><model>Lake-1</model>\n    <topology sockets='1' cores='1' threads='1'/></cpu>",
            Via: Via.Start | Via.Define, At: "<topology"),
        new("maximum without QEMU's max", DiagnosticCatalogue.QemuLacksCpuCapability, "<cpu mode='maximum'/>", Record: "qemucaps-old.xml",
            Via: Via.Start | Via.Define),
        new("hugepages on a missing guest node", DiagnosticCatalogue.HugepageNodeMissing,
            "<cpu mode='custom' check='none'><model>Lake-1</model><numa><cell id='0' cpus='0-1' memory='1048576' unit='KiB'/></numa></cpu>",
            Extra: "<memoryBacking>\n    <hugepages><page size='2048' unit='KiB' nodeset='1'/></hugepages></memoryBacking>",
            Via: Via.Start | Via.Define, At: "<hugepages>"),
        new("huge pages, no hugetlbfs mounted", DiagnosticCatalogue.HugetlbfsNotMounted, NumaCpu,
            Extra: "<memoryBacking>\n    <hugepages/></memoryBacking>", Via: Via.Argv | Via.Expand, At: "<hugepages/>",
            HostMemory: ["--numad", "yes", "--hugetlbfs", "none"]),
        new("huge pages of a size no hugetlbfs has", DiagnosticCatalogue.HugetlbfsSizeNotMounted, NumaCpu,
            Extra: "<memoryBacking>\n    <hugepages><page size='1' unit='GiB'/></hugepages></memoryBacking>", Via: Via.Argv | Via.Expand,
            At: "<hugepages>", HostMemory: ["--numad", "yes", "--hugetlbfs", "2048"]),
        new("automatic placement, command line only", DiagnosticCatalogue.NumadAdviceMissing, NumaCpu, Vcpu: "<vcpu placement='auto'>2</vcpu>",
            Via: Via.Argv, HostMemory: ["--numad", "no", "--hugetlbfs", "2048"]),
        new("automatic placement, numad not installed", DiagnosticCatalogue.NumadQueryFailed, NumaCpu, Vcpu: "<vcpu placement='auto'>2</vcpu>",
            Via: Via.Expand, At: "<vcpu placement", HostMemory: ["--numad", "no", "--hugetlbfs", "2048"]),
        new("scheduler quota without the cgroup cpu controller", DiagnosticCatalogue.CgroupCpuMissing, "<cpu mode='custom' check='none'><model>Lake-1</model></cpu>",
            Extra: "<cputune>\n    <period>1000000</period></cputune>", Via: Via.Expand, At: "<cputune>", HostThreads: ["--cgroups", "cpuset,memory"]),
        new("vCPU pinned to no online host CPU", DiagnosticCatalogue.CpuAffinityInvalid, "<cpu mode='custom' check='none'><model>Lake-1</model></cpu>",
            Extra: "<cputune>\n    <vcpupin vcpu='0' cpuset='0'/><vcpupin vcpu='1' cpuset='2048,4096'/></cputune>", Via: Via.Expand, At: "<cputune>",
            HostThreads: ["--host-cpus", "0-1"]),
        new("pass-through word naming no QEMU option", DiagnosticCatalogue.QemuOptionUnknown, "<cpu mode='custom' check='none'><model>Lake-1</model></cpu>",
            Extra: "<qemu:commandline>\n    <qemu:arg value='-unknown'/><qemu:arg value='parameter'/></qemu:commandline>", Via: Via.Expand | Via.Hook,
            At: "<qemu:commandline>"),
        new("pass-through option without its argument", DiagnosticCatalogue.QemuOptionArgumentMissing, "<cpu mode='custom' check='none'><model>Lake-1</model></cpu>",
            Extra: "<qemu:commandline>\n    <qemu:arg value='-S'/><qemu:arg value='-name'/></qemu:commandline>", Via: Via.Expand | Via.Hook,
            At: "<qemu:commandline>"),
        new("pass-through disk image the host lacks", DiagnosticCatalogue.QemuImageMissing, "<cpu mode='custom' check='none'><model>Lake-1</model></cpu>",
            Extra: "<qemu:commandline>\n    <qemu:arg value='no-such-image-on-any-host.qcow2'/></qemu:commandline>", Via: Via.Expand | Via.Hook,
            At: "<qemu:commandline>", HostPaths: ["--host-paths", "none"]),
        new("binary of another architecture", DiagnosticCatalogue.EmulatorArchMismatch, "", Arch: "aarch64", Machine: "virt"),
        new("memory bound to a missing host node", DiagnosticCatalogue.HostNumaNodeMissing, "<cpu mode='custom' check='none'><model>Lake-1</model></cpu>",
            Extra: "<numatune><memory mode='strict' nodeset='3'/></numatune>"),
        new("dies without QEMU's dies", DiagnosticCatalogue.DiesUnsupported,
            "<cpu mode='custom' check='none'><model>Lake-1</model><topology sockets='1' dies='2' cores='1' threads='1'/></cpu>", Record: "qemucaps-old.xml"),
        new("flags without a default CPU", DiagnosticCatalogue.NoDefaultCpuForArch, "", Arch: "aarch64", Machine: "virt",
            Extra: "<features><pmu state='on'/></features>", Record: "qemucaps-aarch64.xml", Caps: "caps-aarch64.xml"),
        new("cache the driver refuses", DiagnosticCatalogue.CacheModeMismatch,
            "<cpu mode='custom' check='none'><model>Lake-1</model>\n    <cache level='2' mode='emulate'/></cpu>",
            Via: Via.Start | Via.Define | Via.Validate, At: "<cache"),
        new("maxphysaddr the driver refuses", DiagnosticCatalogue.MaxPhysAddrMismatch,
            "<cpu mode='custom' check='none'><model>Lake-1</model>\n    <maxphysaddr mode='emulate'/></cpu>",
            Via: Via.Start | Via.Define | Via.Validate, At: "<maxphysaddr"),
        new("model in <qemu:cpu> and <cpu>", DiagnosticCatalogue.ModelNamedTwice, "<cpu mode='host-passthrough'/>",
            Extra: "<qemu:cpu>\n    <qemu:model name='Lake-1'/></qemu:cpu>", Via: Via.Start | Via.Define | Via.Validate, At: "<qemu:model"),
        new("vCPUs against the hotplug granularity", DiagnosticCatalogue.VcpusNotMultipleOfThreads,
            "<cpu><topology sockets='1' cores='1' threads='4'/></cpu>", Arch: "ppc64le", Machine: "pseries", Vcpu: "<vcpu current='2'>4</vcpu>",
            Via: Via.Start | Via.Define),
        new("Hyper-V enlightenment without its dependency", DiagnosticCatalogue.HypervDependencyMissing, "", Type: "qemu",
            Extra: "<features><hyperv mode='custom'>\n    <ipi state='on'/></hyperv></features>", Via: Via.Start | Via.Define, Libvirt: "12.8",
            At: "<ipi"),
        new("already live", DiagnosticCatalogue.AlreadyExpanded, "<cpu mode='custom' check='none'><model>Lake-1</model></cpu>",
            Via: Via.Expand | Via.Hook, Live: true),
    ];

    /// <summary>Every id the catalogue says a start can meet has a row (the rows of a command-line building step need a
    /// binary of another architecture: DC0720 cannot be reached before the start refuses host-model there).</summary>
    [Test]
    public void EveryStartRefusalHasARow()
    {
        var covered = Table().Select(c => c.Expected.Id).ToHashSet();
        var missing = DiagnosticCatalogue.All.Where(d => d.AtStart && !d.IsRetired && d != DiagnosticCatalogue.HostModelReachesArgv)
            .Where(d => !covered.Contains(d.Id)).Select(d => d.Id);
        Assert.That(missing, Is.Empty, "start refusals without a row");
        Assert.That(covered.Select(DiagnosticCatalogue.Find), Has.All.Property(nameof(DiagnosticDescriptor.AtStart)).True,
            "rows whose id the catalogue does not mark as a start's");
    }

    [TestCaseSource(nameof(Cases))]
    public void EveryCommandRefusesWithTheSameId(Case c)
    {
        var domain = Domain(c);
        var runs = new List<(string Command, CliHarness.Result Result)>();
        if (c.Via.HasFlag(Via.Argv)) runs.Add(("argv", Run(c, domain, "argv", HostArgs(c))));
        if (c.Via.HasFlag(Via.Expand))
        {
            string[] qemuCpu = [.. c.QemuCpu is null ? [] : new[] { "--qemu-cpu", File(c.QemuCpu) },
                .. c.QemuCpuDisabled is null ? [] : new[] { "--qemu-cpu-disabled", File(c.QemuCpuDisabled) }];
            runs.Add(("expand --live", Run(c, domain, "expand", ["--live", .. HostArgs(c), .. qemuCpu])));
        }
        if (c.Via.HasFlag(Via.Hook)) runs.Add(("hook prepare begin", Hook(c, domain)));
        if (c.Via.HasFlag(Via.Define)) runs.Add(("format --define", Run(c, domain, "format", ["--define", "--qemu-caps", File(c.Record)])));
        if (c.Via.HasFlag(Via.Validate)) runs.Add(("validate", Run(c, domain, "validate", [])));
        var line = c.At is null ? (int?)null : domain.Split('\n').ToList().FindIndex(l => l.Contains(c.At, StringComparison.Ordinal)) + 1;
        Assert.That(runs, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var (command, r) in runs)
            {
                Assert.That(r.ExitCode, Is.EqualTo(1), $"{command}: {r.Stderr}");
                Assert.That(r.Stdout, Is.Empty, $"{command} printed on stdout");
                var ids = IdPattern.Matches(r.Stderr).Select(m => m.Groups[1].Value).ToList();
                Assert.That(ids, Is.EqualTo(new[] { c.Expected.Id }), $"{command}: {r.Stderr}");
                if (line is { } l) Assert.That(r.Stderr, Does.Match($@"^(-|guest\.xml):{l}:[0-9]+: error: \[{c.Expected.Id}\]"), $"{command} does not point at line {l}");
            }
        });
        var refused = Assert.Throws<DomainCpuException>(() => Library(c, domain))!;
        Assert.That((refused.Diagnostic.Id, refused.Diagnostic.Category), Is.EqualTo((c.Expected.Id, c.Expected.Category)));
    }

    /// <summary>The library's own start of the same domain: the start a command of the case reaches first.</summary>
    private static void Library(Case c, string domain)
    {
        var doc = Xml.DomainDocument.Parse(domain, "domain.xml");
        var context = Start.HostDocuments.Read(new Start.StartContext { Target = Target(c) },
            c.Caps.Length == 0 ? null : Xml.DomainDocument.LoadFile(File(c.Caps)),
            c.DomCaps is null ? null : Xml.DomainDocument.LoadFile(File(c.DomCaps)),
            c.Record.Length == 0 ? null : Xml.DomainDocument.LoadFile(File(c.Record)));
        if (c.QemuCpu is not null) context = context with { QemuEnabled = Host.QemuCpuDataReader.Read(Xml.DomainDocument.LoadFile(File(c.QemuCpu))) };
        if (c.QemuCpuDisabled is not null)
        {
            context = context with { QemuDisabled = Host.QemuCpuDataReader.Read(Xml.DomainDocument.LoadFile(File(c.QemuCpuDisabled))) };
        }
        if (c.HostMemory is { } memory)
        {
            context = context with
            {
                HostMemory = new Start.HostMemoryFacts(memory[1] == "yes",
                    memory[3] == "none" ? [] : memory[3].Split(',').Select(ulong.Parse).ToImmutableArray()),
            };
        }
        if (c.HostThreads is ["--cgroups", var controllers]) context = context with { CgroupControllers = [.. controllers.Split(',')] };
        if (c.HostThreads is ["--host-cpus", "0-1"]) context = context with { HostCpus = [0, 1] };
        if (c.HostPaths is ["--host-paths", "none"]) context = context with { HostPathExists = _ => false };
        if (c.Via.HasFlag(Via.Argv)) LibvirtCpu.BuildArgv(doc, context);
        else if (c.Via.HasFlag(Via.Expand)) LibvirtCpu.Expand(doc, context);
    }

    private static Targets.Target Target(Case c)
    {
        var map = Path.Combine(Golden.Root, "testdata", "cpu-map-mini");
        var target = c.CpuMap ? Starts.Target(Catalog.Libvirt.LibvirtCpuMap.LoadDirectory(map), map) : Starts.Target();
        return target with { Libvirt = Targets.LibvirtProfile.For(Targets.ReleaseVersion.TryParse(c.Libvirt)!.Value) };
    }

    private static CliHarness.Result Run(Case c, string domain, string command, string[] args)
    {
        string[] map = c.CpuMap ? ["--cpu-map", Path.Combine(Golden.Root, "testdata", "cpu-map-mini")] : [];
        return CliHarness.RunWithInput(Encoding.UTF8.GetBytes(domain), [command, .. map, "--libvirt", c.Libvirt, .. args, "-"]);
    }

    private static CliHarness.Result Hook(Case c, string domain)
    {
        var config = Path.Combine(Files, $"hook-{c.Expected.Id}-{Math.Abs(c.Name.GetHashCode(StringComparison.Ordinal))}.conf");
        var lines = new StringBuilder(c.Record.Length > 0 ? $"qemu-caps = {File(c.Record)}\n" : "");
        if (c.Caps.Length > 0) lines.Append($"caps = {File(c.Caps)}\n");
        if (c.DomCaps is not null) lines.Append($"domcaps = {File(c.DomCaps)}\n");
        System.IO.File.WriteAllText(config, lines.ToString());
        string[] map = c.CpuMap ? ["--cpu-map", Path.Combine(Golden.Root, "testdata", "cpu-map-mini")] : [];
        return CliHarness.RunWithInput(Encoding.UTF8.GetBytes(domain), ["hook", .. map, "--libvirt", c.Libvirt, "--config", config, "guest", "prepare", "begin", "-"]);
    }

    /// <summary>A CPU with one guest NUMA cell (whose memory backend reads the host's facts).</summary>
    private const string NumaCpu = "<cpu mode='custom' check='none'><model>Lake-1</model><numa><cell id='0' cpus='0-1' memory='2097152' unit='KiB'/></numa></cpu>";

    private static string[] HostArgs(Case c)
    {
        var args = new List<string>();
        if (c.Record.Length > 0) args.AddRange(["--qemu-caps", File(c.Record)]);
        if (c.HostMemory is not null) args.AddRange(c.HostMemory);
        if (c.HostThreads is not null) args.AddRange(c.HostThreads);
        if (c.HostPaths is not null) args.AddRange(c.HostPaths);
        if (c.Caps.Length > 0) args.AddRange(["--caps", File(c.Caps)]);
        if (c.DomCaps is not null) args.AddRange(["--domcaps", File(c.DomCaps)]);
        return args.ToArray();
    }

    private static string Domain(Case c)
    {
        var metadata = c.Live
            ? "<metadata><domaincpu:inactive xmlns:domaincpu='https://domaincpu.dev/xmlns/inactive/1' created='yes'><cpu/></domaincpu:inactive></metadata>"
            : "";
        return $"<domain type='{c.Type}' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n  <name>guest</name>\n{metadata}" +
               $"  <memory unit='KiB'>2097152</memory>\n  {c.Vcpu}\n  <os><type arch='{c.Arch}' machine='{c.Machine}'>hvm</type></os>\n" +
               $"  {c.Cpu}\n  <devices><emulator>/usr/bin/qemu-system-{(c.Arch == "x86_64" ? "x86_64" : c.Arch == "aarch64" ? "aarch64" : "ppc64")}</emulator></devices>\n" +
               $"  {c.Extra}\n</domain>\n";
    }

    private static readonly System.Text.RegularExpressions.Regex IdPattern = new(@"\[(DC[0-9]{4})\]");

    private static string Files { get; } = WriteHostFiles();

    private static string File(string name) => Path.Combine(Files, name);

    /// <summary>The host every case starts on: a Lake-2 host with vmx (the mini cpu_map's models), two NUMA nodes, and
    /// QEMU 7.2 records of the binary (with and without the newer flags, without a host CPU, and for aarch64).</summary>
    private static string WriteHostFiles()
    {
        var dir = Directory.CreateTempSubdirectory("domaincpu-start-refusals-").FullName;
        const string host = """
            <property name='vendor' type='string' value='GenuineIntel'/>
            <property name='family' type='number' value='6'/>
            <property name='model' type='number' value='42'/>
            <property name='stepping' type='number' value='1'/>
          """;
        var features = string.Concat("fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 pni ssse3 cx16 sse4.1 sse4.2 popcnt x2apic aes pclmulqdq avx xsave rdtscp lm nx syscall lahf-lm vmx"
            .Split(' ').Select(f => $"    <property name='{f}' type='boolean' value='true' migratable='yes'/>\n"));
        string Record(string flags, bool hostCpus, string arch = "x86_64") => $"""
            <qemuCaps>
              <emulator>/usr/bin/qemu-system-{arch}</emulator>
              <version>7002000</version>
              <arch>{arch}</arch>
            {flags}
              <cpu type='kvm' name='Lake-1' typename='Lake-1-x86_64-cpu' usable='yes'/>
              <cpu type='kvm' name='Lake-2' typename='Lake-2-x86_64-cpu' usable='yes'/>
              <cpu type='kvm' name='host' typename='host-x86_64-cpu' usable='yes'/>
              <cpu type='tcg' name='Lake-1' typename='Lake-1-x86_64-cpu' usable='yes'/>
              <cpu type='tcg' name='host' typename='host-x86_64-cpu' usable='yes'/>
              <machine type='kvm' name='pc-q35-7.2' alias='q35' maxCpus='288' default='yes' defaultCPU='Lake-1-x86_64-cpu' defaultRAMid='pc.ram'/>
              <machine type='kvm' name='isapc' maxCpus='1'/>
              <machine type='kvm' name='virt' maxCpus='512'/>
              <machine type='kvm' name='pseries' maxCpus='1024'/>
              <machine type='tcg' name='pc-q35-7.2' alias='q35' maxCpus='288' default='yes' defaultCPU='Lake-1-x86_64-cpu' defaultRAMid='pc.ram'/>
              <machine type='tcg' name='hostcpu' maxCpus='288' defaultCPU='host-x86_64-cpu'/>
            {(hostCpus ? $"  <hostCPU type='kvm' model='base' migratability='yes'>\n{host}{features}  </hostCPU>\n  <hostCPU type='tcg' model='base' migratability='yes'>\n{host}{features}  </hostCPU>" : "")}
            </qemuCaps>
            """;
        const string all = "  <flag name='query-hotpluggable-cpus'/>\n  <flag name='cpu-max'/>\n  <flag name='smp-dies'/>\n  <flag name='cpu.migratable'/>\n  <flag name='cpu-unavailable-features'/>";
        System.IO.File.WriteAllText(Path.Combine(dir, "qemucaps.xml"), Record(all, hostCpus: true));
        System.IO.File.WriteAllText(Path.Combine(dir, "qemucaps-nohost.xml"), Record(all, hostCpus: false));
        System.IO.File.WriteAllText(Path.Combine(dir, "qemucaps-old.xml"), Record("  <flag name='query-hotpluggable-cpus'/>", hostCpus: true));
        System.IO.File.WriteAllText(Path.Combine(dir, "qemucaps-aarch64.xml"), Record(all, hostCpus: false, arch: "aarch64"));
        string Caps(string arch, string extraFeature) => $"""
            <capabilities>
              <host>
                <cpu>
                  <arch>{arch}</arch>
                  <model>Lake-2</model>
                  <vendor>Intel</vendor>
                  <feature name='vmx'/>{extraFeature}
                </cpu>
                <topology>
                  <cells num='2'>
                    <cell id='0'/>
                    <cell id='1'/>
                  </cells>
                </topology>
              </host>
            </capabilities>
            """;
        System.IO.File.WriteAllText(Path.Combine(dir, "caps.xml"), Caps("x86_64", ""));
        System.IO.File.WriteAllText(Path.Combine(dir, "caps-unknown-feature.xml"), Caps("x86_64", "\n      <feature name='no-such-feature'/>"));
        System.IO.File.WriteAllText(Path.Combine(dir, "caps-aarch64.xml"), Caps("aarch64", ""));
        string DomCaps(string hostModel, string models) => $"""
            <domainCapabilities>
              <path>/usr/bin/qemu-system-x86_64</path>
              <domain>kvm</domain>
              <machine>pc-q35-7.2</machine>
              <arch>x86_64</arch>
              <cpu>
                <mode name='host-passthrough' supported='yes'/>
                <mode name='maximum' supported='yes'/>
            {hostModel}
                <mode name='custom' supported='yes'>
            {models}
                </mode>
              </cpu>
            </domainCapabilities>
            """;
        System.IO.File.WriteAllText(Path.Combine(dir, "domcaps-nohostmodel.xml"), DomCaps("    <mode name='host-model' supported='no'/>",
            "      <model usable='yes' vendor='Intel'>Lake-1</model>"));
        System.IO.File.WriteAllText(Path.Combine(dir, "domcaps-embedded.xml"), DomCaps(
            "    <mode name='host-model' supported='yes'>\n      <model fallback='forbid'>Skylake-Client-IBRS</model>\n      <vendor>Intel</vendor>\n      <feature policy='require' name='vmx'/>\n    </mode>",
            "      <model usable='yes' vendor='Intel'>Skylake-Client-IBRS</model>\n      <model usable='no' vendor='Intel'>Haswell</model>"));
        System.IO.File.WriteAllText(Path.Combine(dir, "enabled.xml"),
            "<cpudata arch='x86'>\n  <cpuid eax_in='0x00000001' ecx_in='0x00000000' eax='0x000206a1' ebx='0x00000000' ecx='0xffffffff' edx='0xffffffff'/>\n</cpudata>\n");
        return dir;
    }

    [OneTimeTearDown]
    public void RemoveHostFiles() => Directory.Delete(Files, recursive: true);
}
