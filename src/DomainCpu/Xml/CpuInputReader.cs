using System.Xml.Linq;
using DomainCpu.Diagnostics;
using DomainCpu.Model;

namespace DomainCpu.Xml;

/// <summary>
/// Finds the CPUs of an input file the way virsh does (<see cref="CpuInput.ReadAll"/>), building a tree per document:
/// top-level <c>&lt;cpu&gt;</c> elements (several may follow each other), a domain's CPU, the host CPU of capabilities,
/// the host-model CPU of domain capabilities, and (as libvirt's tests write them) the CPUs of a <c>&lt;cpuTest&gt;</c>
/// wrapper.
/// </summary>
internal static class CpuInputReader
{
    /// <summary>The CPUs of a file read the general way: a tree per document (or per top-level element of a file
    /// of several), each CPU read by <see cref="CpuXmlReader"/>.</summary>
    public static IReadOnlyList<CpuInput> Read(byte[] bytes, string path)
    {
        List<XElement> tops;
        try
        {
            tops = new List<XElement> { DomainDocument.Load(bytes, path).Root };
        }
        catch (DomainCpuException asDocument)
        {
            try
            {
                tops = XmlSafety.LoadElements(bytes, path).ToList();
            }
            catch (DomainCpuException asElements)
            {
                // A file of several elements fails as one document at its second element: the refusal that names
                // the bad place is the one of the reading that got further.
                throw new DomainCpuException(Further(asElements.Diagnostic, asDocument.Diagnostic));
            }
            if (tops.Count == 0) throw new DomainCpuException(asDocument.Diagnostic);
        }
        var cpus = new List<CpuInput>();
        foreach (var e in tops) Collect(e, path, cpus);
        if (cpus.Count == 0)
        {
            throw DomainCpuException.At(path, SourcePosition.Of(tops.FirstOrDefault()), Diagnoses.NoCpuInFile(path));
        }
        return cpus;
    }

    private static CpuInput Standalone(XElement e, string file)
    {
        var cpu = CpuXmlReader.Read(e, null, file);
        return new CpuInput(cpu, file, SourcePosition.Of(e)) { GuestOrigin = cpu.Type == CpuType.Guest ? "a guest <cpu> (no <arch>)" : null };
    }

    private static Diagnostic Further(Diagnostic a, Diagnostic b) =>
        (a.Line, a.Column).CompareTo((b.Line, b.Column)) > 0 ? a : b;

    private static void Collect(XElement e, string file, List<CpuInput> cpus)
    {
        switch (e.Name.LocalName)
        {
            case "cpu":
                cpus.Add(Standalone(e, file));
                break;
            case "cpuTest":
                foreach (var c in e.Elements("cpu")) cpus.Add(Standalone(c, file));
                break;
            case "domain" when e.Element("cpu") is { } c:
                cpus.Add(new CpuInput(CpuXmlReader.Read(c, CpuType.Guest, file), file, SourcePosition.Of(c)) { GuestOrigin = "a domain's <cpu>" });
                break;
            case "capabilities" when e.Element("host")?.Element("cpu") is { } c:
                cpus.Add(new CpuInput(CpuXmlReader.Read(c, CpuType.Host, file), file, SourcePosition.Of(c)));
                break;
            case "domainCapabilities":
                foreach (var mode in e.Element("cpu")?.Elements("mode") ?? Enumerable.Empty<XElement>())
                {
                    if ((string?)mode.Attribute("name") != "host-model" || (string?)mode.Attribute("supported") != "yes") continue;
                    var cpu = new XElement("cpu", mode.Elements());
                    cpus.Add(new CpuInput(CpuXmlReader.Read(cpu, CpuType.Guest, file), file, SourcePosition.Of(mode)));
                }
                break;
        }
    }
}
