using System.Text;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Diagnostics;

namespace DomainCpu.Tests;

/// <summary>The streaming reader of host CPU pools gives exactly what the general path gives (tree per element,
/// <see cref="CpuXmlReader"/>), and gives up on every other shape so the general path decides.</summary>
[TestFixture]
public class HostCpuPoolReaderTests
{
    private const string Plain = "<cpu>\n  <arch>x86_64</arch>\n  <model>Skylake-Client-IBRS</model>\n  <vendor>Intel</vendor>\n" +
        "  <topology sockets='1' dies='1' cores='4' threads='2'/>\n  <feature name='ds'/>\n  <feature name='vmx'/>\n</cpu>\n";

    private static IReadOnlyList<(DomainCpu.Model.CpuDefinition Cpu, SourcePosition Position)>? Fast(string text) =>
        HostCpuPoolReader.TryRead(Encoding.UTF8.GetBytes(text));

    [TestCase("<?xml version='1.0'?>\n", TestName = "pool with a declaration (decoded text)")]
    [TestCase("", TestName = "plain ASCII pool (read from the bytes)")]
    public void PoolsReadAsTheGeneralPathReadsThem(string declaration)
    {
        var rng = new Random(7);
        var pool = new StringBuilder(declaration);
        for (var i = 0; i < 50; i++)
        {
            pool.Append($"<cpu>\n  <arch>{(rng.Next(2) == 0 ? "x86_64" : "i686")}</arch>\n  <model>M{rng.Next(9)}</model>\n");
            if (rng.Next(3) > 0) pool.Append("  <vendor>AMD</vendor>\n");
            if (rng.Next(2) == 0) pool.Append($"  <topology sockets='{1 + rng.Next(4)}' cores='{1 + rng.Next(64)}' threads='2'/>\n");
            var count = rng.Next(30);
            for (var f = 0; f < count; f++) pool.Append($"  <feature name='f{f}'/>");
            pool.Append(rng.Next(2) == 0 ? "</cpu>" : "\n</cpu>\n\n");
        }
        var text = pool.ToString();
        var fast = Fast(text);
        var general = XmlSafety.LoadElements(Encoding.UTF8.GetBytes(text), "pool.xml");
        Assert.That(fast, Is.Not.Null);
        Assert.That(fast!.Select(x => x.Cpu), Is.EqualTo(general.Select(e => CpuXmlReader.Read(e, null, "pool.xml"))));
        Assert.That(fast!.Select(x => x.Position), Is.EqualTo(general.Select(e => SourcePosition.Of(e))));
    }

    [TestCase("<cpu mode='custom'><model>M</model></cpu>", TestName = "attributes on cpu")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><microcode version='1'/></cpu>", TestName = "other elements")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><feature name='a'/><feature name='a'/></cpu>", TestName = "duplicate feature")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><feature policy='require' name='a'/></cpu>", TestName = "feature policy")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><vendor> </vendor></cpu>", TestName = "blank vendor")]
    [TestCase("<cpu><arch>x86_64</arch><model><![CDATA[M]]></model></cpu>", TestName = "CDATA")]
    [TestCase("<cpu><arch>x86_64</arch><!-- c --><model>M</model></cpu>", TestName = "comment")]
    [TestCase("<cpu><arch>vax</arch><model>M</model></cpu>", TestName = "unknown arch")]
    [TestCase("<cpu><arch>x86_64</arch></cpu>", TestName = "no model")]
    [TestCase("<cpu><model>M</model></cpu>", TestName = "guest CPU")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><topology sockets='01' cores='1' threads='1'/></cpu>", TestName = "leading zero")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><topology sockets='1' clusters='1' cores='1' threads='1'/></cpu>", TestName = "clusters")]
    [TestCase("<cpu><arch>x86_64</arch><model>M&unknown;</model></cpu>", TestName = "entity")]
    [TestCase("<domain/>", TestName = "other root")]
    [TestCase("text", TestName = "text")]
    public void OtherShapesAreLeftToTheGeneralPath(string odd)
    {
        Assert.That(Fast(Plain + odd + Plain), Is.Null);
    }

    [Test]
    public void TwoPlainCpusAreAPool() => Assert.That(Fast(Plain + Plain)?.Count, Is.EqualTo(2));
}
