using System.Runtime.InteropServices;
using System.Text;
using DomainCpu.Host;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

[TestFixture]
public class CapabilitiesCliTests
{
    private static string CpuMap => Path.Combine(Golden.Root, "testdata", "capabilities", "cpu_map");

    private static string CaseFile(string name, string file) => Path.Combine(Golden.Root, "testdata", "capabilities", name, file);

    [Test]
    public void DumpOfThisMachineDecodesLikeTheProbe()
    {
        if (!(RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86))
        {
            var r0 = CliHarness.Run("capabilities", "--cpu-map", CpuMap);
            Assert.That(r0.ExitCode, Is.EqualTo(2));
            Assert.That(r0.Stderr, Does.Contain("--cpuid"));
            return;
        }
        var dump = CliHarness.Run("capabilities", "--dump-cpuid");
        Assert.That(dump.ExitCode, Is.EqualTo(0), dump.Stderr);
        var data = CpuidDump.Parse(dump.StdoutText);
        Assert.That(CpuidVendor.Of(data), Is.Not.Null);

        var probed = CliHarness.Run("capabilities", "--cpu-map", CpuMap, "--json");
        var fromDump = CliHarness.RunWithInput(dump.Stdout, "capabilities", "--cpu-map", CpuMap, "--cpuid", "-", "--json");
        Assert.That(probed.ExitCode, Is.EqualTo(0), probed.Stderr);
        Assert.That(fromDump.ExitCode, Is.EqualTo(0), fromDump.Stderr);
        // Same CPU; only the facts of the running system (microcode, TSC, topology, …) are missing from the dump.
        Assert.That(Field(fromDump.StdoutText, "model"), Is.EqualTo(Field(probed.StdoutText, "model")));
        Assert.That(Features(fromDump.StdoutText), Is.EqualTo(Features(probed.StdoutText)));
        Assert.That(fromDump.StdoutText, Does.Contain("\"topology\": null"));
    }

    private static string? Field(string json, string name) =>
        System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("host").GetProperty(name).GetString();

    private static string[] Features(string json) =>
        System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("host").GetProperty("features")
            .EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray();

    [Test]
    public void DumpTakesNoOtherOutputOptions()
    {
        var r = CliHarness.Run("capabilities", "--cpuid", CaseFile("amd-epyc-rome", "cpuid.xml"), "--dump-cpuid", "--json");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        // --json was asked for, so the usage error is the only JSON printed.
        using var json = System.Text.Json.JsonDocument.Parse(r.Stdout);
        Assert.That(json.RootElement.GetProperty("error").GetProperty("category").GetString(), Is.EqualTo("usage"));
    }

    [Test]
    public void MissingFilesAreUsageErrors()
    {
        var r = CliHarness.Run("capabilities", "--cpu-map", CpuMap, "--cpuid", "no-such-dump.xml");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.Contain("no-such-dump.xml"));
        var m = CliHarness.Run("capabilities", "--cpu-map", "no-such-map-dir", "--cpuid", CaseFile("amd-epyc-rome", "cpuid.xml"));
        Assert.That(m.ExitCode, Is.EqualTo(2));
        Assert.That(m.Stdout, Is.Empty);
    }

    [Test]
    public void MalformedInputsAreFindingsWithTheirPosition()
    {
        var bad = Encoding.UTF8.GetBytes("<cpudata arch='x86'>\n  <cpuid eax_in='0x1' ebx='0xzz'/>\n</cpudata>\n");
        var r = CliHarness.RunWithInput(bad, "capabilities", "--cpu-map", CpuMap, "--cpuid", "-");
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Does.StartWith("-:2:"));
        Assert.That(r.Stdout, Is.Empty);

        var json = Encoding.UTF8.GetBytes("{\"return\": {\"model\": {\"name\": \"base\", \"props\": {\n  \"fpu\": tru }}}\n");
        var q = CliHarness.RunWithInput(json, "capabilities", "--cpu-map", CpuMap, "--cpuid", CaseFile("amd-epyc-rome", "cpuid.xml"), "--qemu-host", "-");
        Assert.That(q.ExitCode, Is.EqualTo(1));
        Assert.That(q.Stderr, Does.StartWith("-:2:"));
        Assert.That(q.Stdout, Is.Empty);
    }
}
