using System.Text;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>testdata/hook/&lt;case&gt;/{domain.xml, args[, hook.conf, caps.xml, domcaps.xml], expected.xml,
/// expected.exit[, expected.stderr]}: <c>domaincpu hook [--config hook.conf] ARGS</c> with domain.xml on stdin, as
/// libvirt runs a qemu hook. expected.xml is the hook's stdout (empty when it prints nothing), expected.exit its exit
/// code, expected.stderr (when present) its standard error.</summary>
[TestFixture]
public class HookGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() => Golden.Cases("hook");

    [TestCaseSource(nameof(Cases))]
    public void Hook(string name)
    {
        var dir = Golden.CaseDir("hook", name);
        var args = new List<string> { "hook" };
        var conf = Path.Combine(dir, "hook.conf");
        if (File.Exists(conf)) args.AddRange(new[] { "--config", conf });
        args.AddRange(File.ReadAllText(Path.Combine(dir, "args")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        args.InsertRange(1, Golden.LibvirtArgs(dir, args).ToList());
        var r = CliHarness.RunWithInput(File.ReadAllBytes(Path.Combine(dir, "domain.xml")), args.ToArray());
        Golden.AssertMatches(Path.Combine(dir, "expected.exit"), r.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        if (r.ExitCode != 0) Assert.That(r.Stdout, Is.Empty, "a failing hook prints nothing on stdout");
        Golden.AssertMatches(Path.Combine(dir, "expected.xml"), r.Stdout);
        var stderr = Path.Combine(dir, "expected.stderr");
        if (File.Exists(stderr)) Golden.AssertMatches(stderr, Encoding.UTF8.GetBytes(r.Stderr));
    }
}
