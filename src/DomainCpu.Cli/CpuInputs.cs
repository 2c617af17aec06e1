using System.Xml.Linq;
using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.Xml;
using DomainCpu.Diagnostics;

namespace DomainCpu.Cli;

/// <summary>One CPU read from an input file, with where it came from (for findings).</summary>
internal sealed record CpuInput(CpuDefinition Cpu, string File, SourcePosition Position)
{
    /// <summary>A finding about this CPU, e.g. a refused compare or baseline.</summary>
    public DomainCpuException Finding(DomainCpuException ex) => DomainCpuException.At(File, Position, ex.Diagnostic);
}

/// <summary>
/// Finds the CPUs of an input file the way virsh does: top-level <c>&lt;cpu&gt;</c> elements (several may
/// follow each other), a domain's CPU, the host CPU of capabilities, the host-model CPU of domain capabilities,
/// and (as libvirt's tests write them) the CPUs of a <c>&lt;cpuTest&gt;</c> wrapper.
/// </summary>
internal static class CpuInputs
{
    public static IReadOnlyList<CpuInput> Read(CliContext ctx, string path)
    {
        var bytes = path == "-" ? InputReader.ReadAll(ctx.Stdin, "-") : InputFiles.ReadBytes(path);
        // A pool of plain host CPUs (the big input of baseline) is read without building trees.
        if (HostCpuPoolReader.TryRead(bytes) is { Count: > 1 } pool) return pool.Select(p => new CpuInput(p.Cpu, path, p.Position)).ToList();
        List<XElement> tops;
        DomainCpuException? refused = null;
        try
        {
            tops = new List<XElement> { DomainDocument.Load(bytes, path).Root };
        }
        catch (DomainCpuException ex)
        {
            refused = ex;
            tops = Elements(bytes, path)?.ToList() ?? new List<XElement>();
        }
        if (refused is not null && tops.Count == 0) throw new DomainCpuException(refused.Diagnostic);
        var cpus = new List<CpuInput>();
        foreach (var e in tops) Collect(e, path, cpus);
        if (cpus.Count == 0)
        {
            throw DomainCpuException.At(path, SourcePosition.Of(tops.FirstOrDefault()), Diagnoses.NoCpuInFile(path));
        }
        return cpus;
    }

    /// <summary>Several top-level elements (a pool of host CPUs): each parsed on its own, in one streaming pass.</summary>
    private static IReadOnlyList<XElement>? Elements(byte[] bytes, string path)
    {
        try
        {
            return XmlSafety.LoadElements(bytes, path);
        }
        catch (DomainCpuException)
        {
            return null;
        }
    }

    private static void Collect(XElement e, string file, List<CpuInput> cpus)
    {
        switch (e.Name.LocalName)
        {
            case "cpu":
                cpus.Add(new CpuInput(CpuXmlReader.Read(e, null, file), file, SourcePosition.Of(e)));
                break;
            case "cpuTest":
                foreach (var c in e.Elements("cpu")) cpus.Add(new CpuInput(CpuXmlReader.Read(c, null, file), file, SourcePosition.Of(c)));
                break;
            case "domain" when e.Element("cpu") is { } c:
                cpus.Add(new CpuInput(CpuXmlReader.Read(c, CpuType.Guest, file), file, SourcePosition.Of(c)));
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
