using DomainCpu.Cli;
using DomainCpu.Conformance.Support;
using DomainCpu.Targets;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// On a host with libvirt installed, a command given no <c>--cpu-map</c> answers as that libvirt: for every libvirt
/// 9.0 corpus case of the commands that decide with CPU models (cputest update, guestcpu, compare, baseline and
/// cpuid-host; xml2argv on real QEMU probes; the live lifecycle), the command run as the installed <c>domaincpu</c>
/// runs (this host's libvirt looked for under <c>/</c>) prints the same bytes and exits the same way without
/// <c>--cpu-map</c> as with <c>--cpu-map</c> naming the installed cpu_map. This host runs libvirt 9.0, the release of the
/// corpus.
/// </summary>
[TestFixture]
public class HostLibvirtDefaultTests
{
    private static string Data => Path.Combine(Corpus.Libvirt90, "cputestdata");

    private static readonly RowCheck<CputestRow> Cputest = new("libvirt-9.0 cputestdata: no --cpu-map = this host's cpu_map", "libvirt-9.0",
        CputestRow.Read, row => row.Arch == "x86_64" && row.Test is "update" or "guestcpu" or "compare" or "baseline" or "cpuid-host",
        row => row.Test, (row, results) => results.Count(row.Test, SameBothWays(CputestArgs(row))),
        new KindFloor("update", 100), new KindFloor("guestcpu", 100), new KindFloor("compare", 100), new KindFloor("baseline", 100),
        new KindFloor("cpuid-host", 100)) { Name = "cputest" };

    private static readonly RowCheck<Xml2ArgvRow> Argv = new("libvirt-9.0 xml2argv (real QEMU probes): no --cpu-map = this host's cpu_map",
        "libvirt-9.0", Xml2ArgvRow.Read, row => row.Spec.Real && row.Spec.Arch == "x86_64", _ => "argv",
        (row, results) => results.Count("argv", SameBothWays(ArgvArgs(row))), new KindFloor("argv", 100)) { Name = "xml2argv" };

    private static readonly RowCheck<LifecycleRow> Lifecycle = new("live-qemu-7.2 lifecycle: no --cpu-map = this host's cpu_map", "live-qemu-7.2",
        LifecycleRow.Read, _ => true, _ => "lifecycle", (row, results) => results.Count("lifecycle", SameBothWays(LifecycleArgs(row))),
        new KindFloor("lifecycle", 100)) { Name = "lifecycle" };

    private static readonly IRowCheck[] Checks = [Cputest, Argv, Lifecycle];

    public static IEnumerable<TestCaseData> Rows() => RowChecks.Cases(Checks);

    public static IEnumerable<TestCaseData> Tables() => RowChecks.Tables(Checks);

    /// <summary>One case of one check (<c>Case(cputest,x86_64-Haswell-guest)</c>).</summary>
    [TestCaseSource(nameof(Rows))]
    public void Case(IRowCheck check, object row) => check.AssertCase(row);

    /// <summary>One check's table.</summary>
    [TestCaseSource(nameof(Tables))]
    public void PassRates(IRowCheck check) => check.AssertPassRates();

    [Test]
    public void ThisHostHasTheCorpusRelease()
    {
        var host = HostInstallation.Discover("/");
        Assert.That(host, Is.Not.Null, "libvirt is not installed here");
        Assert.That(host!.Libvirt, Is.EqualTo(new ReleaseVersion(9, 0, 0)), "the corpus is libvirt 9.0's");
        Assert.That(host.CpuMapDirectory, Is.Not.Null, "the installed libvirt has no cpu_map");
    }

    private static (byte[] Stdin, string[] Args) CputestArgs(CputestRow row) => row.Test switch
    {
        "compare" => ([], ["compare", "--json", "--caps", Path.Combine(Data, row.Input1), Path.Combine(Data, row.Input2)]),
        "baseline" => ([], ["baseline", .. row.Parameter("variant") switch { "features" => ["--features"], "migratable" => ["--migratable"], _ => Array.Empty<string>() },
            Path.Combine(Data, row.Input1)]),
        "cpuid-host" => ([], ["capabilities", "--cpuid", Path.Combine(Data, row.Input1)]),
        _ => ([], ["expand", "--live", "--caps", Path.Combine(Data, row.Input1),
            .. row.Test == "guestcpu" && row.Parameter("models") is { } m && m != "(none)" ? ["--models", m] : Array.Empty<string>(),
            Path.Combine(Data, row.Input2)]),
    };

    private static (byte[] Stdin, string[] Args) ArgvArgs(Xml2ArgvRow row)
    {
        var version = row.Spec.Version == "latest" ? "8.0.0" : row.Spec.Version;
        return ([], ["argv", "--qemu-caps", Path.Combine(Corpus.Libvirt90, "caps", "qemucapabilitiesdata", $"caps_{version}.x86_64.xml"), row.InputPath]);
    }

    private static (byte[] Stdin, string[] Args) LifecycleArgs(LifecycleRow row)
    {
        var domain = LifecycleJudge.DomainFor(LifecycleTests.Oracle, row);
        var live = Corpus.LiveQemu72;
        return (domain, ["expand", "--live", "--caps", Path.Combine(live, "capabilities.tcg.xml"), "--domcaps", LifecycleJudge.DomCapsFor(LifecycleTests.Oracle, domain),
            "--qemu-caps", Path.Combine(live, "qemucaps-cache.qemu-system-x86_64.tcg.xml"), "-"]);
    }

    /// <summary>Null when the command answers the same without --cpu-map as with this host's cpu_map.</summary>
    private static string? SameBothWays((byte[] Stdin, string[] Args) command)
    {
        var map = HostInstallation.Discover("/")?.CpuMapDirectory ?? throw new InvalidOperationException("libvirt is not installed here");
        var named = Run(command.Stdin, [command.Args[0], "--cpu-map", map, .. command.Args[1..]]);
        var host = Run(command.Stdin, command.Args);
        if (named.Stderr.Contains("internal error", StringComparison.Ordinal)) return $"the command crashed: {named.Stderr.Trim()}";
        if (named == host) return null;
        return $"with --cpu-map: exit {named.Code}, {named.Stdout.Length} bytes, {named.Stderr.Trim()}\n" +
               $"without:        exit {host.Code}, {host.Stdout.Length} bytes, {host.Stderr.Trim()}";
    }

    private static (int Code, string Stdout, string Stderr) Run(byte[] stdin, string[] args)
    {
        using var input = new MemoryStream(stdin);
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var code = DomainCpu.Cli.Program.Run(args, new CliContext(input, output, error) { HostRoot = "/" });
        return (code, System.Text.Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }
}
