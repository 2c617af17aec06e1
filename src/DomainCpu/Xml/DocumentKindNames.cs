namespace DomainCpu.Xml;

/// <summary>Document kinds in words, for the refusal of a document of another kind.</summary>
internal static class DocumentKindNames
{
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
