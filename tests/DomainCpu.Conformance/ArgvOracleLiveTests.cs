using System.Diagnostics;
using System.Text;
using DomainCpu.Model;
using DomainCpu.Qemu;
using NUnit.Framework;
using DomainCpu.Host;
using DomainCpu.Start;
using DomainCpu.Conformance.Support;

namespace DomainCpu.Conformance;

/// <summary>
/// (c) The live oracle: generated domains (CPU modes, features, cache, maxphysaddr, topology, vCPUs, clock,
/// Hyper-V, KVM, PMU, panic, i686, and domains libvirt refuses) given to real libvirt 9.0 + QEMU 7.2
/// (<c>virsh domxml-to-native qemu-argv</c> on an embedded QEMU driver, one connection for the whole batch,
/// /dev/kvm hidden so the capabilities are TCG's and stay cached) and to <c>argv</c> as the command runs by default
/// (built-in QEMU 7.2 facts, libvirt 9.0's embedded cpu_map models). Every <c>-cpu</c> and <c>-smp</c> must be equal, and every refusal shared.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class ArgvOracleLiveTests
{
    private static readonly KindFloor[] Floors = [new("accepted", 100), new("refused", 100)];

    /// <summary>The host-relative domains with libvirt 9.0's embedded cpu_map models, counted apart.</summary>
    private static readonly KindFloor[] EmbeddedHostRelativeFloors = [new("accepted", 100), new("refused", 100)];

    [Test]
    public void GeneratedDomainsMatchLiveLibvirt()
    {
        var virsh = FindTool("virsh");
        Assert.That(virsh, Is.Not.Null, "virsh (libvirt 9.0) is not installed: the live oracle cannot run");
        var domains = ArgvOracleDomains.All().ToList();
        Assert.That(domains, Has.Count.GreaterThanOrEqualTo(100));
        domains.AddRange(ArgvOracleDomains.HostRelative());
        var work = Directory.CreateTempSubdirectory("domaincpu-argv-oracle-");
        File.SetUnixFileMode(work.FullName, (UnixFileMode)0b111_101_101);
        try
        {
            var results = RunVirsh(virsh!, work.FullName, domains);
            // The host-relative domains get, as --qemu-caps, the record libvirt cached for qemu-system-x86_64 in this run,
            // and libvirt's cpu_map as --cpu-map: libvirt decodes QEMU's host CPU with its own models.
            var recorded = CachedQemuCaps(work.FullName, "/usr/bin/qemu-system-x86_64");
            var embedded = new StartContext { Target = ArgvOracleSupport.Embedded };
            static bool HostRelative(string name) => name.StartsWith(ArgvOracleDomains.HostRelativePrefix, StringComparison.Ordinal);
            var table = new PassRateTable("(c) live oracle, generated domains (libvirt 9.0 + QEMU 7.2)", Floors);
            var refused = new List<Compared>();
            foreach (var (name, xml) in domains)
            {
                var c = Compare(name, xml, results, HostRelative(name) ? embedded with { QemuCapabilities = recorded, Target = ArgvOracleSupport.Libvirt90 } : embedded);
                table.Count(c.Kind, name, c.Failure);
                if (c.Kind == "refused") refused.Add(c);
            }
            TestContext.Out.WriteLine($"refusals with libvirt's own reason: {refused.Count(o => o.SameReason)} of {refused.Count}");
            foreach (var o in refused.Where(o => o.Failure is null && !o.SameReason)) TestContext.Out.WriteLine($"refused for another reason: {o.Name}: {o.Why}");

            // Counted apart: the host-relative domains decoded with the embedded cpu_map models (argv without --cpu-map).
            var withEmbedded = new PassRateTable("(c) live oracle, host-relative domains, embedded cpu_map models", EmbeddedHostRelativeFloors);
            foreach (var (name, xml) in domains.Where(d => HostRelative(d.Name)))
            {
                var c = Compare(name, xml, results, embedded with { QemuCapabilities = recorded });
                withEmbedded.Count(c.Kind, name, c.Failure);
            }
            Assert.Multiple(() =>
            {
                table.PrintAndAssert();
                withEmbedded.PrintAndAssert();
            });
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>One domain compared: its kind (accepted or refused by libvirt), what differs (null when nothing does),
    /// and for a refusal whether ours gives libvirt's reason.</summary>
    private sealed record Compared(string Name, string Kind, string? Failure, bool SameReason, string Why);

    private static Compared Compare(string name, string xml, IReadOnlyDictionary<string, string> results, StartContext env)
    {
        var (cpu, smp, error) = ArgvOracleSupport.Run(xml, name, env);
        var got = results.GetValueOrDefault(name) ?? "error: (no output from virsh)";
        var errLine = got.Split('\n').FirstOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal));
        if (errLine is not null)
        {
            var same = error is not null && errLine.EndsWith(error, StringComparison.Ordinal);
            return new Compared(name, "refused", error is null ? $"libvirt: {errLine}; we give -cpu {cpu} -smp {smp}" : null, same, $"libvirt {errLine}; we: {error}");
        }
        var words = ArgvOracleSupport.ShellWords(got);
        var wantCpu = ArgvOracleSupport.OptionValue(words, "-cpu");
        var wantSmp = ArgvOracleSupport.OptionValue(words, "-smp");
        var ok = error is null && cpu == wantCpu && smp == wantSmp;
        var detail = ok ? null : error is not null ? $"we refuse: {error}; libvirt -cpu {wantCpu} -smp {wantSmp}" : $"-cpu {cpu} -smp {smp}, libvirt -cpu {wantCpu} -smp {wantSmp}";
        return new Compared(name, "accepted", detail, false, "");
    }

    private static Dictionary<string, string> RunVirsh(string virsh, string work, IReadOnlyList<(string Name, string Xml)> domains)
    {
        var root = Path.Combine(work, "root");
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        File.WriteAllText(Path.Combine(root, "etc", "qemu.conf"), "namespaces = []\ncgroup_controllers = []\n");
        var chain = new StringBuilder();
        foreach (var (name, xml) in domains)
        {
            var file = Path.Combine(work, name + ".xml");
            File.WriteAllText(file, xml);
            chain.Append($"echo @@@{name}; domxml-to-native qemu-argv {file}; ");
        }
        var uri = $"qemu:///embed?root={root}";
        // stderr goes into stdout inside the shell, so error lines stay in order with the markers.
        ProcessStartInfo psi;
        var nokvm = Path.Combine(work, "nokvm");
        if (Path.Exists("/dev/kvm") && FindTool("unshare") is { } unshare)
        {
            // A private mount namespace where an unreadable file covers /dev/kvm: probe and cache check agree on TCG.
            File.WriteAllText(nokvm, "");
            File.SetUnixFileMode(nokvm, UnixFileMode.None);
            psi = new ProcessStartInfo(unshare);
            foreach (var a in new[] { "-m", "--", "sh", "-c", "mount --bind \"$1\" /dev/kvm && exec \"$2\" -c \"$3\" \"$4\" 2>&1", "sh", nokvm, virsh, uri, chain.ToString() })
            {
                psi.ArgumentList.Add(a);
            }
        }
        else
        {
            psi = new ProcessStartInfo("sh");
            foreach (var a in new[] { "-c", "exec \"$1\" -c \"$2\" \"$3\" 2>&1", "sh", virsh, uri, chain.ToString() }) psi.ArgumentList.Add(a);
        }
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        using var p = Process.Start(psi)!;
        var output = new StringBuilder();
        var gate = new object();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (gate) output.Append(e.Data).Append('\n'); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (gate) output.Append(e.Data).Append('\n'); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        Assert.That(p.WaitForExit(300_000), Is.True, "virsh did not finish in 5 minutes");
        p.WaitForExit();
        var results = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        var block = new StringBuilder();
        foreach (var line in output.ToString().Split('\n'))
        {
            if (line.StartsWith("@@@", StringComparison.Ordinal))
            {
                if (current is not null) results[current] = block.ToString();
                current = line[3..].Trim();
                block.Clear();
            }
            else if (current is not null && line.Length > 0)
            {
                block.Append(line).Append('\n');
            }
        }
        if (current is not null) results[current] = block.ToString();
        return results;
    }

    private static QemuCapabilities CachedQemuCaps(string work, string emulator)
    {
        var dir = Path.Combine(work, "root", "cache", "qemu", "capabilities");
        var file = Directory.EnumerateFiles(dir, "*.xml")
            .FirstOrDefault(f => File.ReadAllText(f).Contains($"<emulator>{emulator}</emulator>", StringComparison.Ordinal));
        Assert.That(file, Is.Not.Null, $"libvirt cached no capabilities of {emulator}");
        return QemuCapabilitiesReader.ReadFile(file!);
    }

    private static string? FindTool(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Concat(["/usr/sbin", "/usr/bin", "/bin"]))
        {
            var p = Path.Combine(dir, name);
            if (File.Exists(p)) return p;
        }
        return null;
    }
}
