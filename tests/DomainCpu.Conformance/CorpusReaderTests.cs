using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>The case-file readers read every row of every release folder: each file has rows, none is left unread,
/// and every file a row names is there.</summary>
[TestFixture]
public class CorpusReaderTests
{
    [TestCase("libvirt-9.0")]
    [TestCase("libvirt-11.3")]
    public void CputestRows(string release) => AssertReads(CputestRow.Read(Corpus.Release(release)), r => r.Files);

    [TestCase("libvirt-9.0")]
    [TestCase("libvirt-11.3")]
    public void DomainCapsRows(string release) => AssertReads(DomainCapsRow.Read(Corpus.Release(release)), r => r.Files);

    [TestCase("libvirt-9.0")]
    [TestCase("libvirt-11.3")]
    public void CapsRows(string release) => AssertReads(CapsRow.Read(Corpus.Release(release)), r => r.Files);

    [Test]
    public void Xml2ArgvRows() => AssertReads(Xml2ArgvRow.Read(Corpus.Libvirt90), r => r.Files);

    [Test]
    public void Xml2XmlRows() => AssertReads(Xml2XmlRow.Read(Corpus.Libvirt90), r => r.Files);

    [Test]
    public void XmlConfRows() => AssertReads(XmlConfRow.Read(Corpus.Release("libvirt-11.3")), r => r.Files);

    /// <summary>A live folder and the libvirt release folder whose domains its oracle ran.</summary>
    private static readonly object[] LiveFolders =
    [
        new object[] { "live-qemu-7.2", "libvirt-9.0" },
        new object[] { "live-qemu-10.0", "libvirt-11.3" },
        new object[] { "live-qemu-11.1", "libvirt-11.3" },
    ];

    [TestCaseSource(nameof(LiveFolders))]
    public void LiveArgvRows(string live, string release)
    {
        foreach (var variant in LiveArgvRow.Variants)
        {
            AssertReads(LiveArgvRow.Read(Corpus.Release(live), variant), r => [Path.Combine(Corpus.Release(release), r.File)]);
        }
    }

    [TestCaseSource(nameof(LiveFolders))]
    public void LiveArgvCompareRows(string live, string release)
    {
        foreach (var variant in LiveArgvRow.Variants) AssertReads(LiveArgvCompareRow.Read(Corpus.Release(live), variant), _ => []);
    }

    [TestCaseSource(nameof(LiveFolders))]
    public void LifecycleRows(string live, string release) =>
        AssertReads(LifecycleRow.Read(Corpus.Release(live)), r => r.Files.Append(Path.Combine(Corpus.Release(release), r.File)));

    [TestCaseSource(nameof(LiveFolders))]
    public void DefinedCpuCompareRows(string live, string release) =>
        AssertReads(DefinedCpuCompareRow.Read(Corpus.Release(live)), r => [r.OracleFile]);

    private static void AssertReads<TRow>(CaseSet<TRow> set, Func<TRow, IEnumerable<string>> files) where TRow : ICaseRow
    {
        TestContext.Out.WriteLine($"{set.Path}: {set.Rows.Count} rows");
        Assert.Multiple(() =>
        {
            Assert.That(set.Problem, Is.Null);
            Assert.That(set.Rows, Is.Not.Empty);
            Assert.That(set.Unread, Is.Empty, "rows the reader does not understand");
            Assert.That(set.Rows.SelectMany(r => files(r).Where(f => !File.Exists(f)).Select(f => $"line {r.Line}: {f}")), Is.Empty,
                "files the rows name that are missing");
            Assert.That(set.Rows.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "case names used twice");
        });
    }
}
