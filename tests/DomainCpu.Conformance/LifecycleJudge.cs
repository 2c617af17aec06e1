using System.Text.RegularExpressions;
using DomainCpu.Conformance.Support;
using DomainCpu.Model;
using DomainCpu.Targets;
using DomainCpu.Xml;

namespace DomainCpu.Conformance;

/// <summary>
/// A live oracle's lifecycle recordings (<c>oracle/lifecycle.tcg.tsv</c> of a <c>live-qemu-*</c> folder): which
/// libvirt release ran them, the folder its domains came from and the cpu_map it answers with.
/// </summary>
/// <param name="Live">The live folder (<c>live-qemu-7.2</c>, …).</param>
/// <param name="Domains">The release folder the rows' files are relative to (<c>libvirt-9.0</c>, <c>libvirt-11.3</c>).</param>
/// <param name="CpuMap">The release folder whose cpu_map the oracle's libvirt has; null to judge DomainCpu without a cpu_map,
/// with the embedded catalog of the QEMU release the oracle recorded (as on a host without libvirt).</param>
/// <param name="Libvirt">The oracle's libvirt release, as <c>--libvirt</c> takes it.</param>
/// <param name="JudgesDefine">Whether <c>format --define</c> is judged against the recorded defined CPU.</param>
internal sealed record LifecycleOracle(string Live, string Domains, string? CpuMap, string Libvirt, bool JudgesDefine)
{
    /// <summary>What the models come from, for a table's title.</summary>
    public string Models => CpuMap is null ? "embedded QEMU catalog" : "its cpu_map";
}

/// <summary>
/// The judge of one lifecycle row, for every release: libvirt defined the domain (<c>type='kvm'</c> read as
/// <c>qemu</c>), started it paused under TCG and destroyed it. <c>format --define</c> must write the CPU libvirt
/// defined (kind <c>defined</c>); <c>expand --live</c> of the domain with that defined CPU, with the captured
/// capabilities beside it, must give the CPU libvirt showed while the guest ran (<c>live</c>), or refuse a start
/// libvirt refused (<c>start-error</c>); <c>strip</c> of that must give back the domain byte for byte, with the CPU
/// libvirt showed after stop (<c>stopped</c>). A definition libvirt refused must be refused (<c>define-error</c>).
/// </summary>
internal static class LifecycleJudge
{
    /// <summary>The kind a row counts under when its check throws; a start refused for the oracle machine's own state
    /// is <c>start-error-host</c>, one QEMU itself refused (its own command-line parsing) <c>start-error-qemu</c>; both
    /// must be refused with libvirt's message.</summary>
    public static string KindOf(LifecycleRow row) => row.Status switch
    {
        "ok" => "live",
        "start-error" when Marks(row.Message, QemuExitMarkers) => "start-error-qemu",
        "start-error" when Marks(row.Message, HostStateMarkers) => "start-error-host",
        _ => row.Status,
    };

    /// <summary>The oracle machine's state no capabilities file records, as its refusals show (libvirt's messages in
    /// <c>lifecycle.tcg.tsv</c>): numad is not installed ("Failed to query numad"), no hugetlbfs is mounted ("hugetlbfs
    /// filesystem is not mounted") and libvirt's embedded driver has no cgroup controllers ("cgroup cpu is required").
    /// Its online CPUs (two) are in the recorded host capabilities, which <c>expand</c> reads. It had none of the disk
    /// images the qemu-ns cases pass QEMU ("Could not open 'ARGUMENT'"), nor any other file such a case names.</summary>
    private static readonly string[] OracleHost = ["--numad", "no", "--hugetlbfs", "none", "--cgroups", "none", "--host-paths", "none"];

    private static readonly string[] HostStateMarkers =
    [
        "Failed to query numad", "hugetlbfs filesystem is not mounted", "cgroup cpu is required", "cannot set CPU affinity",
    ];

    private static readonly string[] QemuExitMarkers = ["QEMU unexpectedly closed the monitor", "process exited while connecting to monitor"];

    private static bool Marks(string? message, string[] markers) =>
        message is not null && markers.Any(m => message.Contains(m, StringComparison.Ordinal));

    public static void Judge(LifecycleOracle oracle, LifecycleRow row, CaseResults results)
    {
        var text = DomainText(oracle, row);
        switch (row.Status)
        {
            case "ok":
                if (oracle.JudgesDefine) results.Count("defined", DefineMiss(oracle, row, text));
                var domain = DomainFor(oracle, row, text);
                var (live, liveMiss) = ExpandAndCompare(oracle, row, domain);
                results.Count("live", liveMiss);
                results.Count("stopped", live is null ? "no live document" : StripAndCompare(row, domain, live));
                break;
            case "start-error":
                if (oracle.JudgesDefine) results.Count("defined", DefineMiss(oracle, row, text));
                var refused = Expand(oracle, DomainFor(oracle, row, text));
                var kind = KindOf(row);
                results.Count(kind, refused.ExitCode != 1 ? $"exit {refused.ExitCode}, libvirt refused: {row.Message}"
                    : kind is "start-error-host" or "start-error-qemu" ? MessageMiss(row.Message!, refused.Stderr) : null);
                break;
            default:
                var code = oracle.JudgesDefine ? Define(oracle, text).ExitCode : Expand(oracle, text).ExitCode;
                results.Count("define-error", code == 1 ? null : $"exit {code}, libvirt refused the definition: {row.Message}");
                break;
        }
    }

    /// <summary>A refusal for the host's state, or QEMU's own, must say what libvirt said: its message without the start's
    /// prefix and the error class (<c>Failed to start domain 'dcpu-0053' operation failed: </c>), a process id libvirt names
    /// standing for whatever we name the thread by, the domain's name for any (the oracle renamed every domain
    /// <c>dcpu-NNNN</c>), and without the time QEMU's <c>-msg timestamp=on</c> puts before what it prints once that option
    /// is in force, which no prediction can know. libvirt reports QEMU's exit at start in one of two words, by a race
    /// between QEMU's exit and libvirt's connection to its monitor (<c>qemuConnectMonitor</c>: "process exited while
    /// connecting to monitor" when the process is found gone, else the monitor's hang-up: "QEMU unexpectedly closed the
    /// monitor (vm=…)"); one start of the same domain may give either, so they are the same answer.</summary>
    private static string? MessageMiss(string libvirt, string stderr)
    {
        var text = Regex.Replace(libvirt, "^Failed to start domain '[^']*' (?:[a-z ]+: )?", "");
        text = Regex.Replace(text, "^process exited while connecting to monitor: ", "QEMU unexpectedly closed the monitor (vm='-'): ");
        text = Regex.Replace(text, @"\): [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z ", "): ");
        var pattern = Regex.Replace(Regex.Escape(text), @"process\\ [0-9]+", "process .+");
        pattern = Regex.Replace(pattern, @"\\\(vm='[^']*'\\\)", @"\(vm='[^']*'\)");
        return Regex.IsMatch(stderr, @"\] " + pattern + "$", RegexOptions.Multiline) ? null : $"libvirt said '{text}', we said: {stderr.Trim()}";
    }

    /// <summary>The corpus domain with <c>type='kvm'</c> read as qemu, as the oracle gave it to libvirt.</summary>
    private static byte[] DomainText(LifecycleOracle oracle, LifecycleRow row) =>
        System.Text.Encoding.UTF8.GetBytes(ArgvOracleSupport.KvmAsQemu(File.ReadAllText(Path.Combine(Corpus.Release(oracle.Domains), row.File))));

    /// <summary>The corpus domain of a row with its CPU as libvirt defined it.</summary>
    public static byte[] DomainFor(LifecycleOracle oracle, LifecycleRow row) => DomainFor(oracle, row, DomainText(oracle, row));

    private static byte[] DomainFor(LifecycleOracle oracle, LifecycleRow row, byte[] text)
    {
        var doc = DomainDocument.Load(text, row.Name + ".xml");
        var defined = row.CpuAt("defined");
        if (File.Exists(defined)) doc = doc.WithCpu(RecordedCpu(defined), Profile(oracle).CpuXml);
        return doc.ToBytes();
    }

    private static LibvirtProfile Profile(LifecycleOracle oracle) =>
        LibvirtProfile.For(ReleaseVersion.TryParse(oracle.Libvirt) ?? throw new ArgumentException($"not a release: {oracle.Libvirt}"));

    private static string Folder(LifecycleOracle oracle) => Corpus.Release(oracle.Live);

    private static string QemuCaps(LifecycleOracle oracle) => Path.Combine(Folder(oracle), "qemucaps-cache.qemu-system-x86_64.tcg.xml");

    private static string[] CpuMap(LifecycleOracle oracle) =>
        oracle.CpuMap is null ? [] : ["--cpu-map", Path.Combine(Corpus.Release(oracle.CpuMap), "cpu_map")];

    /// <summary>The domain capabilities the oracle recorded for the domain's machine type.</summary>
    public static string DomCapsFor(LifecycleOracle oracle, byte[] domain)
    {
        var machine = DomainDocument.Load(domain, "-").ReadDomainInfo().Machine ?? "";
        return Path.Combine(Folder(oracle), machine.Contains("q35", StringComparison.Ordinal)
            ? "domcapabilities.qemu-q35.tcg.xml" : "domcapabilities.qemu-pc.tcg.xml");
    }

    private static LifecycleCli.Result Define(LifecycleOracle oracle, byte[] text) =>
        LifecycleCli.Run(text, ["--libvirt", oracle.Libvirt, "format", "--define", .. CpuMap(oracle), "--qemu-caps", QemuCaps(oracle), "-"]);

    private static LifecycleCli.Result Expand(LifecycleOracle oracle, byte[] domain) =>
        LifecycleCli.Run(domain, ["--libvirt", oracle.Libvirt, "expand", "--live", .. CpuMap(oracle),
            "--caps", Path.Combine(Folder(oracle), "capabilities.tcg.xml"), "--domcaps", DomCapsFor(oracle, domain), "--qemu-caps", QemuCaps(oracle),
            .. OracleHost, "-"]);

    /// <summary><c>format --define</c> must write the <c>&lt;cpu&gt;</c> element as libvirt defined it, text for text.</summary>
    private static string? DefineMiss(LifecycleOracle oracle, LifecycleRow row, byte[] text)
    {
        var r = Define(oracle, text);
        if (r.ExitCode != 0) return $"format --define exit {r.ExitCode}: {r.Stderr.Trim()}";
        var ours = FormattedCpu.Of(System.Text.Encoding.UTF8.GetString(r.Stdout));
        var defined = row.CpuAt("defined");
        // The oracle kept the element as it stood in the domain: two spaces before its first line.
        var theirs = File.Exists(defined) ? "  " + File.ReadAllText(defined).TrimEnd('\n') : null;
        return ours == theirs ? null : $"libvirt {Show(theirs)}, ours {Show(ours)}";
    }

    private static (byte[]? Live, string? Miss) ExpandAndCompare(LifecycleOracle oracle, LifecycleRow row, byte[] domain)
    {
        var r = Expand(oracle, domain);
        if (r.ExitCode != 0) return (null, $"exit {r.ExitCode}: {r.Stderr.Trim()}");
        var expected = RecordedCpu(row.CpuAt("live"));
        var actual = DomainDocument.Load(r.Stdout, "live").ReadCpu();
        return (r.Stdout, Equals(expected, actual) ? null : "live CPU differs: " + Difference(expected, actual));
    }

    private static string? StripAndCompare(LifecycleRow row, byte[] domain, byte[] live)
    {
        var r = LifecycleCli.Run(live, "strip", "-");
        if (r.ExitCode != 0) return $"strip exit {r.ExitCode}: {r.Stderr.Trim()}";
        if (!r.Stdout.AsSpan().SequenceEqual(domain)) return "strip did not give back the domain byte for byte";
        var expected = RecordedCpu(row.CpuAt("stopped"));
        var actual = DomainDocument.Load(r.Stdout, "stopped").ReadCpu();
        return Equals(expected, actual) ? null : "stopped CPU differs: " + Difference(expected, actual);
    }

    /// <summary>A recorded <c>&lt;cpu&gt;</c> read as the domain's CPU it was (a standalone <c>&lt;cpu&gt;</c> document has
    /// no <c>&lt;numa&gt;</c>, as in libvirt).</summary>
    private static CpuDefinition? RecordedCpu(string path) =>
        DomainDocument.Parse($"<domain type='qemu'>\n  {File.ReadAllText(path).TrimEnd('\n')}\n</domain>\n", path).ReadCpu();

    private static string Show(string? cpu) => cpu is null ? "no <cpu>" : cpu.Replace("\n", " ", StringComparison.Ordinal);

    private static string Difference(CpuDefinition? expected, CpuDefinition? actual)
    {
        if (expected is null || actual is null) return expected is null ? "libvirt has no CPU" : "we have no CPU";
        var parts = new List<string>();
        if (expected.Mode != actual.Mode || expected.Check != actual.Check || expected.Match != actual.Match) parts.Add("attributes");
        if (!Equals(expected.Model, actual.Model)) parts.Add($"model {expected.Model} vs {actual.Model}");
        if (expected.Vendor != actual.Vendor) parts.Add($"vendor {expected.Vendor} vs {actual.Vendor}");
        var e = expected.Features.Select(f => $"{f.Policy}:{f.Name}").ToList();
        var a = actual.Features.Select(f => $"{f.Policy}:{f.Name}").ToList();
        var only = e.Except(a).ToList();
        var extra = a.Except(e).ToList();
        if (only.Count > 0) parts.Add("libvirt only: " + string.Join(" ", only));
        if (extra.Count > 0) parts.Add("ours only: " + string.Join(" ", extra));
        if (only.Count == 0 && extra.Count == 0 && !e.SequenceEqual(a)) parts.Add("feature order");
        if (!Equals(expected.Numa, actual.Numa)) parts.Add("numa");
        if (!Equals(expected.Topology, actual.Topology)) parts.Add("topology");
        return parts.Count == 0 ? "other" : string.Join("; ", parts);
    }
}
