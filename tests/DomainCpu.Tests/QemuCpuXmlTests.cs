using DomainCpu.Model;
using DomainCpu.Xml;
using NUnit.Framework;
using DomainCpu.Diagnostics;

namespace DomainCpu.Tests;

/// <summary><c>&lt;qemu:cpu&gt;</c>: reading (with its refusals), writing, and putting it into a document.</summary>
[TestFixture]
public class QemuCpuXmlTests
{
    private const string Ns = "http://libvirt.org/schemas/domain/qemu/1.0";

    private static DomainDocument Doc(string qemuCpu, string prefix = "qemu") =>
        DomainDocument.Parse($"<domain type='kvm' xmlns:{prefix}='{Ns}'>\n  <name>t</name>\n  {qemuCpu}\n</domain>\n", "t.xml");

    [Test]
    public void ReadsModelAndOptionsInOrder()
    {
        var cpu = QemuCpuXmlReader.Read(Doc("<qemu:cpu><qemu:model name='Icelake-Server-v4'/><qemu:option name='enforce' value='on'/><qemu:option name='hv-crash'/></qemu:cpu>"));
        Assert.That(cpu, Is.EqualTo(new QemuCpu("Icelake-Server-v4", [new QemuCpuOption("enforce", "on"), new QemuCpuOption("hv-crash", null)])));
    }

    [Test]
    public void AnyPrefixBoundToTheNamespaceIsAccepted()
    {
        var cpu = QemuCpuXmlReader.Read(Doc("<q:cpu><q:model name='max'/></q:cpu>", "q"));
        Assert.That(cpu?.Model, Is.EqualTo("max"));
    }

    [Test]
    public void AbsentElementReadsAsNull() => Assert.That(QemuCpuXmlReader.Read(Doc("<vcpu>1</vcpu>")), Is.Null);

    [TestCase("<qemu:cpu><qemu:model name='a'/><qemu:model name='b'/></qemu:cpu>", "at most one <qemu:model>")]
    [TestCase("<qemu:cpu><qemu:option name='x' value='1'/><qemu:model name='a'/></qemu:cpu>", "must come before")]
    [TestCase("<qemu:cpu><qemu:model/></qemu:cpu>", "non-empty 'name'")]
    [TestCase("<qemu:cpu><qemu:model name='a,b'/></qemu:cpu>", "must not contain ','")]
    [TestCase("<qemu:cpu><qemu:option name='a=b'/></qemu:cpu>", "must not contain '='")]
    [TestCase("<qemu:cpu><qemu:option name='x' value='1,2'/></qemu:cpu>", "cannot carry ','")]
    [TestCase("<qemu:cpu><qemu:option name='x'/><qemu:option name='x' value='on'/></qemu:cpu>", "specified more than once")]
    [TestCase("<qemu:cpu><qemu:flag name='x'/></qemu:cpu>", "unexpected element")]
    [TestCase("<qemu:cpu><model name='x'/></qemu:cpu>", "unexpected element")]
    [TestCase("<qemu:cpu mode='x'/>", "unexpected attribute")]
    [TestCase("<qemu:cpu/><qemu:cpu/>", "at most one <qemu:cpu>")]
    public void RefusesMalformedElements(string xml, string message)
    {
        var ex = Assert.Throws<DomainCpuException>(() => QemuCpuXmlReader.Read(Doc(xml)));
        Assert.That(ex!.Diagnostic.Message, Does.Contain(message));
        Assert.That(ex.Diagnostic.Line, Is.EqualTo(3), "the finding points at the element's line");
    }

    [Test]
    public void WritesCanonicalForm()
    {
        var text = QemuCpuXmlWriter.Write(new QemuCpu("Sky'lake", [new QemuCpuOption("model-id", "A <b>"), new QemuCpuOption("hv-crash", null)]), "  ");
        Assert.That(text, Is.EqualTo(
            "<qemu:cpu>\n    <qemu:model name='Sky&apos;lake'/>\n    <qemu:option name='model-id' value='A &lt;b&gt;'/>\n    <qemu:option name='hv-crash'/>\n  </qemu:cpu>"));
    }

    [Test]
    public void EmptyElementIsNotWritten() => Assert.That(QemuCpuXmlWriter.Write(new QemuCpu(null, [])), Is.Null);

    [Test]
    public void ApplyReplacesInPlaceAndRoundTrips()
    {
        var doc = Doc("<q:cpu><q:model name='a'/></q:cpu>", "q");
        var cpu = new QemuCpu("EPYC-v4", [new QemuCpuOption("check", "off")]);
        var edited = QemuCpuXmlWriter.Apply(doc, cpu);
        Assert.That(QemuCpuXmlReader.Read(edited), Is.EqualTo(cpu));
        Assert.That(edited.Text, Does.StartWith($"<domain type='kvm' xmlns:q='{Ns}'>\n  <name>t</name>\n  <qemu:cpu xmlns:qemu="));
        Assert.That(QemuCpuXmlWriter.Apply(edited, null).Text, Is.EqualTo($"<domain type='kvm' xmlns:q='{Ns}'>\n  <name>t</name>\n</domain>\n"));
    }

    [Test]
    public void ApplyInsertsWhenAbsent()
    {
        var doc = DomainDocument.Parse("<domain type='kvm'>\n  <name>t</name>\n</domain>\n", "t.xml");
        var edited = QemuCpuXmlWriter.Apply(doc, new QemuCpu("max", []));
        Assert.That(edited.Text, Is.EqualTo($"<domain type='kvm'>\n  <name>t</name>\n  <qemu:cpu xmlns:qemu='{Ns}'>\n    <qemu:model name='max'/>\n  </qemu:cpu>\n</domain>\n"));
        Assert.That(QemuCpuXmlReader.Read(edited)?.Model, Is.EqualTo("max"));
    }
}
