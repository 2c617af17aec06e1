using System.Text;
using NUnit.Framework;

namespace DomainCpu.Tests.Support;

/// <summary>Small domain documents to break, and the assertion every refusal shares: exit 1, nothing on
/// stdout, one <c>-:LINE:COL: error: [ID] …</c> line on stderr, no stack trace.</summary>
public static class HostileInput
{
    public static string Domain(string cpuInner, string before = "") =>
        $"<?xml version='1.0' encoding='UTF-8'?>\n{before}<domain type='kvm'>\n  <name>x</name>\n  <vcpu>4</vcpu>\n" +
        $"  <cpu mode='custom' match='exact'>\n{cpuInner}\n  </cpu>\n</domain>\n";

    public static byte[] Utf8(string s) => new UTF8Encoding(false).GetBytes(s);

    /// <summary>Runs <c>format -</c> on the input and asserts a clean refusal with the given id.</summary>
    public static CliHarness.Result AssertRefused(byte[] input, string id, string? messagePart = null, int? line = null)
    {
        var r = CliHarness.RunWithInput(input, "format", "-");
        AssertFinding(r, id, messagePart, line);
        return r;
    }

    public static void AssertFinding(CliHarness.Result r, string id, string? messagePart = null, int? line = null)
    {
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
            Assert.That(r.Stdout, Is.Empty, "stdout must stay empty on failure");
            var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines, Has.Length.EqualTo(1), "one message");
            Assert.That(r.Stderr, Does.Match(@"^-:[1-9][0-9]*:[1-9][0-9]*: error: \[" + id + @"\] "), "FILE:LINE:COL: error: [ID]");
            Assert.That(r.Stderr, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(r.Stderr, Does.Not.Contain("internal error"));
            if (messagePart is not null) Assert.That(r.Stderr, Does.Contain(messagePart));
            if (line is not null) Assert.That(r.Stderr, Does.StartWith($"-:{line}:"));
        });
    }
}
