using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

[TestFixture]
public class CorpusPresenceTests
{
    [Test]
    public void CorpusHasEveryKind()
    {
        foreach (var kind in new[] { "xml2argv", "xml2xml", "cputestdata", "domaincaps", "caps" })
        {
            Assert.That(Corpus.Cases(kind), Is.Not.Empty, kind);
        }
    }
}
