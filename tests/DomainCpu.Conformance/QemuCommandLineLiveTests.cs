using System.Diagnostics;
using System.Text.RegularExpressions;
using DomainCpu.Catalog.Qemu;
using DomainCpu.Conformance.Support;
using DomainCpu.Diagnostics;
using DomainCpu.Start;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>
/// The words <c>&lt;qemu:commandline&gt;</c> may pass, given to the real QEMU 7.2, 10.0 and 11.1 after the options
/// libvirt always gives (<c>-msg timestamp=on</c>, <c>-S</c>, no display, TCG), from <c>/</c> as libvirt starts it: where
/// QEMU exits, the start's check with that release's option table from the embedded catalog must refuse with what QEMU
/// printed (its time aside); where QEMU runs (still running after a few seconds, then killed), the check must pass.
/// QEMU 7.2 is the installed one; DOMAINCPU_QEMU_10_0 and DOMAINCPU_QEMU_11_1 name the commands that run the others.
/// </summary>
[TestFixture("7.2", 7_002_000UL, null)]
[TestFixture("10.0", 10_000_000UL, "DOMAINCPU_QEMU_10_0")]
[TestFixture("11.1", 11_001_000UL, "DOMAINCPU_QEMU_11_1")]
public sealed class QemuCommandLineLiveTests(string release, ulong packed, string? variable)
{
    /// <summary>Words QEMU refuses in its option pass, words it opens as an image (no such file on any host), and words it
    /// takes: options of one release only, an option's argument that looks like an option, both dash forms.</summary>
    private static readonly string[][] Words =
    [
        ["-unknown", "parameter"], ["--unknown"], ["-"], ["-S", "-name"], ["--name"], ["ARGUMENT"], ["-S", "no-such-image.qcow2"],
        ["ARGUMENT", "-unknown"], ["-name", "-foo"], ["--name", "guest"], ["-no-hpet"], ["-jitdump"], ["-M", "pc"], ["-chroot"],
        ["-run-with"], ["-snapshot"], ["-s", "-foo"],
    ];

    [Test]
    public void The_check_refuses_what_QEMU_refuses()
    {
        var qemu = Command();
        var table = new PassRateTable($"QEMU {release}: <qemu:commandline> words, the start's check against QEMU itself",
            new KindFloor("refused", 100), new KindFloor("runs", 100));
        var options = EmbeddedCatalog.For(packed).Options;
        if (!options.IsKnown) table.Broken($"the embedded catalog of QEMU {release} has no option table");
        foreach (var words in Words)
        {
            var (exited, said) = Run(qemu, words);
            var ours = Check(words, options);
            var name = string.Join(' ', words);
            if (exited) table.Count("refused", name, ours == said ? null : $"QEMU said '{said}', we said '{ours ?? "(started)"}'");
            else table.Count("runs", name, ours is null ? null : $"QEMU runs, we said '{ours}'");
        }
        table.PrintAndAssert();
    }

    /// <summary>What the check says after the domain's name (QEMU's program name and message); null when it passes.</summary>
    private static string? Check(string[] words, QemuOptionTable options)
    {
        var xml = "<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><name>guest</name>" +
            "<memory unit='KiB'>219136</memory><os><type arch='x86_64' machine='pc'>hvm</type></os>" +
            "<devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices><qemu:commandline>" +
            string.Concat(words.Select(w => $"<qemu:arg value='{System.Security.SecurityElement.Escape(w)}'/>")) + "</qemu:commandline></domain>";
        try
        {
            QemuCommandLineCheck.Check(ArgvDomainReader.Read(DomainDocument.Parse(xml, "guest.xml")), options, _ => false);
            return null;
        }
        catch (DomainCpuException ex)
        {
            return ex.Diagnostic.Message[(ex.Diagnostic.Message.IndexOf("): ", StringComparison.Ordinal) + 3)..];
        }
    }

    /// <summary>Runs QEMU with the words; whether it exited within a few seconds, and its last line without QEMU's time.</summary>
    private static (bool Exited, string Said) Run(string[] qemu, string[] words)
    {
        var psi = new ProcessStartInfo(qemu[0])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var a in qemu.Skip(1).Concat(["-msg", "timestamp=on", "-S", "-display", "none", "-nodefaults", "-accel", "tcg"]).Concat(words))
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(5000))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return (false, "");
        }
        var last = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        return (true, Regex.Replace(last, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z ", ""));
    }

    private string[] Command()
    {
        if (variable is null) return ["qemu-system-x86_64"];
        var command = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(command)) Assert.Fail($"{variable} does not name a command that runs QEMU {release} (CI sets it)");
        return command!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
