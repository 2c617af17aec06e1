using System.Text;
using DomainCpu.Host;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Diagnostics;

namespace DomainCpu.Tests;

[TestFixture]
public class HostQemuReportTests
{
    private const string Replies = """
        {
          "return": {
            "model": {
              "name": "base",
              "props": { "vendor": "AuthenticAMD", "family": 23, "model": 49, "stepping": 0,
                         "fpu": true, "pclmulqdq": true, "cmp-legacy": true, "avx512f": false, "hv-spinlocks": -1 }
            }
          },
          "id": "model-expansion"
        }

        {
          "return": [
            { "name": "EPYC-Rome", "typename": "EPYC-Rome-x86_64-cpu", "unavailable-features": [], "static": false },
            { "name": "Cascadelake-Server", "unavailable-features": ["avx512f", "pku"], "deprecated": true },
            { "name": "qemu64" }
          ],
          "id": "definitions"
        }
        """;

    [Test]
    public void ReadsTheExpansionAndTheModelList()
    {
        var r = QemuHostReport.ReadJson(Encoding.UTF8.GetBytes(Replies), "host.json");
        Assert.That(r.HostCpu!.Model, Is.EqualTo("base"));
        Assert.That(r.HostCpu.Properties.Select(p => $"{p.Name}={p.Type}:{p.Value}"), Is.EqualTo(new[]
        {
            "vendor=string:AuthenticAMD", "family=number:23", "model=number:49", "stepping=number:0", "fpu=boolean:true",
            "pclmulqdq=boolean:true", "cmp-legacy=boolean:true", "avx512f=boolean:false", "hv-spinlocks=number:-1",
        }));
        var models = r.Models!.Value;
        Assert.That(models.Select(m => m.Name), Is.EqualTo(new[] { "EPYC-Rome", "Cascadelake-Server", "qemu64" }));
        Assert.That(models.Select(m => m.Usable), Is.EqualTo(new bool?[] { true, false, null }));
        Assert.That(models[1].Blockers, Is.EqualTo(new[] { "avx512f", "pku" }));
        Assert.That(models[1].Deprecated, Is.True);
    }

    [Test]
    public void ExpansionBecomesLibvirtNamesVendorAndSignature()
    {
        var host = QemuHostReport.ReadJson(Encoding.UTF8.GetBytes(Replies), "host.json").HostCpu!;
        Assert.That(QemuHostData.EnabledFeatures(host), Is.EqualTo(new[] { "fpu", "pclmuldq", "cmp_legacy" }));
        var data = QemuHostData.VendorAndSignature(host);
        Assert.That(CpuidVendor.Of(data), Is.EqualTo("AuthenticAMD"));
        Assert.That(CpuidSignature.Raw(data), Is.EqualTo(0x00830f10u));
    }

    [Test]
    public void OnlyAnExpansionMeansNoModelList()
    {
        var one = Replies[..Replies.IndexOf("\n\n", StringComparison.Ordinal)];
        var r = QemuHostReport.ReadJson(Encoding.UTF8.GetBytes(one), "host.json");
        Assert.That(r.HostCpu, Is.Not.Null);
        Assert.That(r.Models, Is.Null);
    }

    [TestCase("{ \"return\": { \"model\": ", "DC0510", 1)]
    [TestCase("{}\n\n{\"id\": 1}", "DC0511", 1)]
    [TestCase("{\"return\": {}}\n\n{ nope }", "DC0510", 3)]
    public void BadRepliesAreRefused(string text, string id, int line)
    {
        var ex = Assert.Throws<DomainCpuException>(() => QemuHostReport.ReadJson(Encoding.UTF8.GetBytes(text), "bad.json"))!;
        Assert.That(ex.Diagnostic.Id, Is.EqualTo(id));
        Assert.That(ex.Diagnostic.Line, Is.EqualTo(line));
    }
}
