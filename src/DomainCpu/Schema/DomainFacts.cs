using System.Xml.Linq;

namespace DomainCpu.Schema;

/// <summary>The facts of a domain the semantic rules depend on, read leniently (a malformed value is null).</summary>
internal sealed record DomainFacts(string? VirtType, string? Arch, string? Machine, ulong? MaxVcpus, ulong? CurrentVcpus)
{
    public static DomainFacts Read(XElement domain)
    {
        var type = domain.Element("os")?.Element("type");
        var vcpu = domain.Element("vcpu");
        return new DomainFacts(
            domain.Attribute("type")?.Value,
            type?.Attribute("arch")?.Value.Trim(),
            type?.Attribute("machine")?.Value.Trim(),
            vcpu is null ? null : XmlChecks.Number(vcpu.Value),
            vcpu?.Attribute("current") is { } c ? XmlChecks.Number(c.Value) : null);
    }

    public static bool IsX86(string arch) => arch is "x86_64" or "i686";

    /// <summary>Whether libvirt's QEMU driver gives a custom CPU without model the machine's default model
    /// (SPEC §1.6): x86, s390x and ppc64 always, other architectures with a CPU driver under TCG. Without
    /// an architecture the host's is used, which is x86 on the hosts DomainCpu runs on.</summary>
    public bool DriverAddsDefaultModel =>
        Arch is null || IsX86(Arch) || Arch is "s390x" or "ppc64" or "ppc64le" ||
        (VirtType == "qemu" && Arch is "aarch64" or "armv7l");
}
