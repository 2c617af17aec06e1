using DomainCpu.Diagnostics;
using DomainCpu.Xml;

namespace DomainCpu.Cli;

/// <summary>The kinds of document each command takes, and the refusal of any other kind, saying what was expected and
/// what was found (DC0710 where only a domain will do, DC1500 otherwise).</summary>
internal static class DocumentKinds
{
    /// <summary>A domain only (strip, hook).</summary>
    public static readonly DocumentKind[] Domain = [DocumentKind.Domain];

    /// <summary>A domain or a standalone &lt;cpu&gt; (expand, migratable).</summary>
    public static readonly DocumentKind[] GuestCpu = [DocumentKind.Domain, DocumentKind.Cpu];

    /// <summary>Any document with a &lt;cpu&gt; to format (format, diff).</summary>
    public static readonly DocumentKind[] AnyCpu = [DocumentKind.Domain, DocumentKind.Capabilities, DocumentKind.Cpu];

    /// <summary>The document, when it is of one of the kinds.</summary>
    /// <exception cref="DomainCpuException">It is of another kind.</exception>
    public static DomainDocument Require(DomainDocument doc, DocumentKind[] kinds)
    {
        if (kinds.Contains(doc.Kind)) return doc;
        var found = doc.Root.Name.LocalName;
        var finding = kinds is [DocumentKind.Domain]
            ? Diagnoses.NotADomain(found)
            : Diagnoses.DocumentKindUnexpected(Describe(kinds), found);
        throw DomainCpuException.At(doc.File, SourcePosition.Of(doc.Root), finding);
    }

    /// <summary>The kinds in words: "a domain (&lt;domain&gt;), host capabilities (&lt;capabilities&gt;) or a standalone &lt;cpu&gt;".</summary>
    public static string Describe(IReadOnlyList<DocumentKind> kinds)
    {
        var names = kinds.Select(Name).ToList();
        return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];
    }

    private static string Name(DocumentKind kind) => kind switch
    {
        DocumentKind.Domain => "a domain (<domain>)",
        DocumentKind.Capabilities => "host capabilities (<capabilities>)",
        DocumentKind.DomainCapabilities => "domain capabilities (<domainCapabilities>)",
        DocumentKind.Cpu => "a standalone <cpu>",
        DocumentKind.CpuTest => "a <cpuTest>",
        _ => "another document",
    };
}
