using System.Text;
using DomainCpu.Tests.Support;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Diagnostics;
using static DomainCpu.Tests.Support.HostileInput;

namespace DomainCpu.Tests;

/// <summary>Every bound of <see cref="InputLimits"/> (docs/SECURITY.md): just inside is accepted, just outside
/// is a finding with its position, through the command line.</summary>
[TestFixture]
public class LimitsTests
{
    private static readonly InputLimits Limits = InputLimits.Default;

    [Test]
    public void DocumentLargerThanTheLimitIsRefusedWithoutReadingItAll()
    {
        var small = Limits with { MaxDocumentBytes = 1000 };
        using var s = new MemoryStream(new byte[5000]);
        var ex = Assert.Throws<DomainCpuException>(() => InputReader.ReadAll(s, "big.xml", small))!;
        Assert.That(ex.Diagnostic.Id, Is.EqualTo("DC0002"));
        Assert.That(ex.Diagnostic.ToString(), Does.StartWith("big.xml:1:1: error: [DC0002]"));
    }

    [Test]
    public void DocumentOfTheDefaultLimitPlusOneByteIsRefusedOnStdin()
    {
        var input = new byte[Limits.MaxDocumentBytes + 1];
        input.AsSpan().Fill((byte)' ');
        AssertRefused(input, "DC0002", "limit");
    }

    [Test]
    public void DocumentBytesOverTheLimitAreRefusedByTheLoader()
    {
        var small = Limits with { MaxDocumentBytes = 100 };
        var ex = Assert.Throws<DomainCpuException>(() => XmlSafety.Load(Utf8(Domain("")), "f.xml", small))!;
        Assert.That(ex.Diagnostic.Id, Is.EqualTo("DC0002"));
    }

    [Test]
    public void NestingAtTheLimitIsAcceptedAndOneDeeperIsRefused()
    {
        // The root is depth 0, so MaxDepth elements nest fully; one more is refused.
        string Nested(int depth) => string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth));
        Assert.DoesNotThrow(() => XmlSafety.Parse(Nested(Limits.MaxDepth), "f.xml"));
        var ex = Assert.Throws<DomainCpuException>(() => XmlSafety.Parse(Nested(Limits.MaxDepth + 1), "f.xml"))!;
        Assert.That(ex.Diagnostic.Id, Is.EqualTo("DC0003"));
        AssertRefused(Utf8(Domain(Nested(Limits.MaxDepth))), "DC0003", "nested deeper");
    }

    [Test]
    public void AttributeLongerThanTheLimitIsRefusedAtItsLine()
    {
        var ok = new string('a', Limits.MaxAttributeLength);
        var r = CliHarness.RunWithInput(Utf8(Domain($"    <model>qemu64</model>\n    <feature policy='require' name='{ok}'/>")), "format", "-");
        Assert.That(r.Stderr, Does.Not.Contain("DC0004"), "an attribute of exactly the limit is not a size finding");
        AssertRefused(Utf8(Domain($"    <model>qemu64</model>\n    <feature policy='require' name='{ok}b'/>")), "DC0004", "attribute 'name'", line: 7);
    }

    [Test]
    public void TextLongerThanTheLimitIsRefused()
    {
        var text = new string('x', Limits.MaxTextLength + 1);
        AssertRefused(Utf8(Domain($"    <model>{text}</model>")), "DC0004", "text is longer");
    }

    [Test]
    public void CommentLongerThanTheTextLimitIsRefused()
    {
        var text = new string('x', Limits.MaxTextLength + 1);
        AssertRefused(Utf8(Domain($"    <!--{text}-->")), "DC0004");
    }

    [Test]
    public void TooManyAttributesOnOneElementAreRefused()
    {
        var attrs = string.Concat(Enumerable.Range(0, Limits.MaxAttributesPerElement + 1).Select(i => $" a{i}='1'"));
        AssertRefused(Utf8(Domain($"    <model{attrs}>qemu64</model>")), "DC0004", "attributes", line: 6);
    }

    [Test]
    public void FeaturesAtTheLimitAreAcceptedAndOneMoreIsRefused()
    {
        string Features(int n) => "    <model>qemu64</model>\n" +
            string.Concat(Enumerable.Range(0, n).Select(i => $"    <feature policy='require' name='f{i}'/>\n"));
        var atLimit = CliHarness.RunWithInput(Utf8(Domain(Features(Limits.MaxFeatures))), "format", "-");
        Assert.That(atLimit.Stderr, Does.Not.Contain("DC0121"));
        // The first feature past the limit is on line 6 (model) + MaxFeatures + 1.
        AssertRefused(Utf8(Domain(Features(Limits.MaxFeatures + 1))), "DC0121", "features", line: 6 + Limits.MaxFeatures + 1);
    }

    [Test]
    public void NumaCellsOverTheLimitAreRefused()
    {
        var n = Limits.MaxNumaCells + 1;
        var cells = string.Concat(Enumerable.Range(0, n).Select(i => $"      <cell id='{i}' cpus='{i}' memory='1024'/>\n"));
        var doc = Domain($"    <topology sockets='1' cores='{n}' threads='1'/>\n    <numa>\n{cells}    </numa>");
        AssertRefused(Utf8(doc), "DC0121", "NUMA cells");
    }

    [TestCase("1099511627776", "out of range")]      // 2^40 sockets
    [TestCase("4294967296", "out of range")]         // 2^32: one past a 32-bit count
    [TestCase("18446744073709551616", "out of range")] // 2^64: overflows even 64 bits
    [TestCase("99999999999999999999999999999", "out of range")]
    [TestCase("-1", "non-negative decimal")]
    [TestCase("-0", "non-negative decimal")]
    [TestCase("+1", "non-negative decimal")]
    [TestCase("0x10", "non-negative decimal")]
    [TestCase("1e3", "non-negative decimal")]
    [TestCase("1.5", "non-negative decimal")]
    [TestCase("", "non-negative decimal")]
    [TestCase("٣", "non-negative decimal")]          // a non-ASCII digit
    public void TopologyNumbersOutsideTheirRangeOrSyntaxAreRefused(string sockets, string message)
    {
        var doc = Domain($"    <topology sockets='{sockets}' cores='1' threads='1'/>");
        AssertRefused(Utf8(doc), "DC0110", message, line: 6);
    }

    [TestCase("cores")]
    [TestCase("threads")]
    [TestCase("dies")]
    public void EveryTopologyCountIsRangeChecked(string attribute)
    {
        var values = new Dictionary<string, string> { ["sockets"] = "1", ["cores"] = "1", ["threads"] = "1" };
        values[attribute] = "1099511627776";
        var attrs = string.Join(' ', values.Select(kv => $"{kv.Key}='{kv.Value}'"));
        AssertRefused(Utf8(Domain($"    <topology {attrs}/>")), "DC0110", "out of range", line: 6);
    }

    /// <summary>Every number of a guest CPU goes through the same strict reader, not only the topology's.</summary>
    [TestCase("<cache level='{0}' mode='emulate'/>", "DC0116", 7)]
    [TestCase("<maxphysaddr mode='emulate' bits='{0}'/>", "DC0117", 7)]
    [TestCase("<topology sockets='1' cores='1' threads='1'/>\n    <numa>\n      <cell id='{0}' cpus='0' memory='1024'/>\n    </numa>", "DC0119", 9)]
    [TestCase("<topology sockets='1' cores='1' threads='1'/>\n    <numa>\n      <cell id='0' cpus='0' memory='{0}'/>\n    </numa>", "DC0119", 9)]
    [TestCase("<topology sockets='1' cores='1' threads='1'/>\n    <numa>\n      <cell id='0' cpus='0' memory='1024'>\n" +
              "        <distances><sibling id='0' value='{0}'/></distances>\n      </cell>\n    </numa>", "DC0119", 10)]
    public void NumbersElsewhereRefuseSignsHexAndOverflowToo(string element, string id, int line)
    {
        foreach (var (value, message) in new[]
                 {
                     ("-1", "non-negative decimal"), ("+1", "non-negative decimal"), ("0x10", "non-negative decimal"),
                     ("18446744073709551616", "out of range"),
                 })
        {
            AssertRefused(Utf8(Domain("    <model>qemu64</model>\n    " + string.Format(System.Globalization.CultureInfo.InvariantCulture, element, value))),
                id, message, line: line);
        }
    }

    [Test]
    public void JsonNestedDeeperThanTheLimitIsRefused()
    {
        static byte[] Nested(int depth) => Encoding.UTF8.GetBytes(
            "{\"return\": " + new string('[', depth - 1) + new string(']', depth - 1) + "}");
        string? inside = null;
        try
        {
            DomainCpu.Host.QemuHostReport.ReadJson(Nested(Limits.MaxJsonDepth), "q.json");
        }
        catch (DomainCpuException ex)
        {
            inside = ex.Diagnostic.Id;
        }
        Assert.That(inside, Is.Not.EqualTo("DC0510"), "at the limit the JSON is parsed (whatever its replies mean)");
        var outside = Assert.Throws<DomainCpuException>(() => DomainCpu.Host.QemuHostReport.ReadJson(Nested(Limits.MaxJsonDepth + 1), "q.json"))!;
        Assert.That(outside.Diagnostic.Id, Is.EqualTo("DC0510"));
        Assert.That(outside.Diagnostic.Message, Does.Contain("depth"));
    }

    [Test]
    public void NumaMemoryBeyondSixtyFourBitsIsRefused()
    {
        var doc = Domain("    <topology sockets='1' cores='1' threads='1'/>\n    <numa>\n      <cell id='0' cpus='0' memory='18446744073709551616'/>\n    </numa>");
        AssertRefused(Utf8(doc), "DC0119", "out of range", line: 8);
    }

    [Test]
    public void NumaMemoryThatOverflowsWhenScaledIsRefused()
    {
        var doc = Domain("    <topology sockets='1' cores='1' threads='1'/>\n    <numa>\n      <cell id='0' cpus='0' memory='18446744073709551615' unit='GiB'/>\n    </numa>");
        AssertRefused(Utf8(doc), "DC0119", line: 8);
    }

    [Test]
    public void HugeCpuSetIsRefusedNotExpanded()
    {
        var doc = Domain("    <topology sockets='1' cores='1' threads='1'/>\n    <numa>\n      <cell id='0' cpus='0-4294967295' memory='1024'/>\n    </numa>");
        AssertRefused(Utf8(doc), "DC0119", line: 8);
    }

    [Test]
    public void ThousandsOfHugeNumaCellsAreRefusedQuickly()
    {
        // 4,096 cells of 16,384 ids each: refused at the second cell instead of expanding 67 million ids.
        var n = Limits.MaxNumaCells;
        var cells = string.Concat(Enumerable.Range(0, n).Select(i => $"      <cell id='{i}' cpus='0-16383' memory='1024'/>\n"));
        var doc = Domain($"    <topology sockets='1' cores='{n}' threads='1'/>\n    <numa>\n{cells}    </numa>");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        AssertRefused(Utf8(doc), "DC0119", "overlap", line: 9);
        Assert.That(sw.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void LimitsAreDocumentedInSecurityMd()
    {
        var doc = File.ReadAllText(Path.Combine(Golden.Root, "docs", "SECURITY.md"));
        foreach (var (name, value) in new (string, long)[]
                 {
                     ("MaxDocumentBytes", Limits.MaxDocumentBytes), ("MaxDepth", Limits.MaxDepth),
                     ("MaxAttributeLength", Limits.MaxAttributeLength), ("MaxTextLength", Limits.MaxTextLength),
                     ("MaxAttributesPerElement", Limits.MaxAttributesPerElement), ("MaxFeatures", Limits.MaxFeatures),
                     ("MaxNumaCells", Limits.MaxNumaCells), ("MaxJsonDepth", Limits.MaxJsonDepth),
                 })
        {
            Assert.That(doc, Does.Contain($"`{name}` | {value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}"),
                $"docs/SECURITY.md lists {name} with its value");
        }
    }
}
