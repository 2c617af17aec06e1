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

    /// <summary>The document, when it is of one of the kinds (<see cref="DomainDocument.RequireKind"/>).</summary>
    /// <exception cref="DomainCpuException">It is of another kind.</exception>
    public static DomainDocument Require(DomainDocument doc, DocumentKind[] kinds) => doc.RequireKind(kinds);
}
