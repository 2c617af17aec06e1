using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>A case file that is missing, has another header, has no rows or has a row of another shape never reads
/// as a clean, empty case set.</summary>
[TestFixture]
public class CaseFileTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("domaincpu-casefile-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private string Release(string cases)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "cputestdata"));
        File.WriteAllText(Path.Combine(_dir, "cputestdata", "CASES.tsv"), cases);
        return _dir;
    }

    [Test]
    public void A_missing_file_is_a_problem()
    {
        var set = CputestRow.Read(_dir);
        Assert.That(set.Problem, Does.Contain("is missing"));
        Assert.That(set.Rows, Is.Empty);
    }

    [Test]
    public void Another_header_is_a_problem()
    {
        var set = CputestRow.Read(Release("# test\tarch\tinput\n" + "compare\tx86_64\ta.xml\tb.xml\t-\tIDENTICAL\n"));
        Assert.That(set.Problem, Does.Contain("header"));
        Assert.That(set.Rows, Is.Empty);
    }

    [Test]
    public void A_file_without_rows_is_a_problem()
    {
        var set = CputestRow.Read(Release("# test\tarch\tinput1\tinput2\tparameters\texpected\n\n"));
        Assert.That(set.Problem, Does.Contain("no rows"));
    }

    [Test]
    public void A_row_of_another_shape_is_unread_with_its_line()
    {
        var set = CputestRow.Read(Release("# test\tarch\tinput1\tinput2\tparameters\texpected\n" +
            "compare\tx86_64\ta.xml\tb.xml\t-\tIDENTICAL\n" +
            "compare\tx86_64\ta.xml\tb.xml\n" +
            "frobnicate\tx86_64\ta.xml\tb.xml\t-\tIDENTICAL\n"));
        Assert.Multiple(() =>
        {
            Assert.That(set.Problem, Is.Null);
            Assert.That(set.Rows.Select(r => (r.Line, r.Name)), Is.EqualTo(new[] { (2, "compare a.xml b.xml") }));
            Assert.That(set.Unread.Select(u => u.Line), Is.EqualTo(new[] { 3, 4 }));
            Assert.That(set.Unread[0].Why, Does.Contain("4 columns, expected 6"));
            Assert.That(set.Unread[1].Why, Does.Contain("'frobnicate' is none of"));
        });
    }

    [TestCase("fake:none", false, "", null, null)]
    [TestCase("fake:kvm,cpu_cache skip-legacy-cpu-models", false, "kvm,cpu_cache", null, null)]
    [TestCase("real:x86_64-latest caps_file=caps_10.0.0_x86_64.xml add=a,b abi-update", true, "", "x86_64", "latest")]
    [TestCase("real:x86_64-10.0.0+amdsev caps_file=caps_10.0.0_x86_64+amdsev.xml", true, "", "x86_64", "10.0.0")]
    public void Capabilities_columns_read(string text, bool real, string flags, string? arch, string? version)
    {
        var spec = CapabilitiesSpec.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(spec.Real, Is.EqualTo(real));
            Assert.That(string.Join(',', spec.FakeFlags), Is.EqualTo(flags));
            Assert.That(spec.Arch, Is.EqualTo(arch));
            Assert.That(spec.Version, Is.EqualTo(version));
        });
    }

    [Test]
    public void Capabilities_options_read()
    {
        var spec = CapabilitiesSpec.Parse("real:x86_64-10.0.0+amdsev caps_file=caps_10.0.0_x86_64+amdsev.xml add=a,b abi-update");
        Assert.Multiple(() =>
        {
            Assert.That(spec.Variant, Is.EqualTo("amdsev"));
            Assert.That(spec.CapsFile, Is.EqualTo("caps_10.0.0_x86_64+amdsev.xml"));
            Assert.That(spec.List("add"), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(spec.List("del"), Is.Empty);
            Assert.That(spec.Has("abi-update"), Is.True);
            Assert.That(CapabilitiesSpec.Parse("fake:none skip-legacy-cpu-models").Has("skip-legacy-cpu-models"), Is.True);
        });
    }

    [TestCase("")]
    [TestCase("real:x86_64")]
    [TestCase("fake:")]
    [TestCase("probe:x86_64-latest")]
    public void Capabilities_of_another_shape_do_not_read(string text) =>
        Assert.That(() => CapabilitiesSpec.Parse(text), Throws.TypeOf<FormatException>());
}
