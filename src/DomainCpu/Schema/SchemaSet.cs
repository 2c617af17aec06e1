using System.Xml;
using System.Xml.Schema;
using DomainCpu.Xml;

namespace DomainCpu.Schema;

/// <summary>
/// The XSDs shipped with DomainCpu (embedded in the library, also in the repository's <c>schemas/</c>), compiled
/// once per document kind on first use. Compiled sets are read-only and safe to use from several threads.
/// </summary>
public static class SchemaSet
{
    private const string ResourcePrefix = "DomainCpu.Schemas.";

    private static readonly Lazy<XmlSchemaSet> Domain = new(() => Compile("domain.xsd"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<XmlSchemaSet> Capabilities = new(() => Compile("capabilities.xsd"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<XmlSchemaSet> DomainCapabilities = new(() => Compile("domaincaps.xsd"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<XmlSchemaSet> Cpu = new(() => Compile("cpu.xsd"), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The file names of the embedded XSDs (<c>domain.xsd</c>, <c>cpu-types.xsd</c>, …).</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        typeof(SchemaSet).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>The XSD file a document kind is validated with; null for kinds without a schema.</summary>
    public static string? FileNameFor(DocumentKind kind) => kind switch
    {
        DocumentKind.Domain => "domain.xsd",
        DocumentKind.Capabilities => "capabilities.xsd",
        DocumentKind.DomainCapabilities => "domaincaps.xsd",
        DocumentKind.Cpu => "cpu.xsd",
        _ => null,
    };

    /// <summary>The compiled schema set for a document kind; null for kinds without a schema.</summary>
    internal static XmlSchemaSet? For(DocumentKind kind) => kind switch
    {
        DocumentKind.Domain => Domain.Value,
        DocumentKind.Capabilities => Capabilities.Value,
        DocumentKind.DomainCapabilities => DomainCapabilities.Value,
        DocumentKind.Cpu => Cpu.Value,
        _ => null,
    };

    /// <summary>Opens an embedded XSD by file name (to save it as a plain file, for instance).</summary>
    /// <exception cref="FileNotFoundException">No embedded schema has that name.</exception>
    public static Stream Open(string fileName) =>
        typeof(SchemaSet).Assembly.GetManifestResourceStream(ResourcePrefix + fileName) ??
        throw new FileNotFoundException($"no embedded schema named '{fileName}'", fileName);

    private static XmlSchemaSet Compile(string fileName)
    {
        var resolver = new EmbeddedResolver();
        var set = new XmlSchemaSet { XmlResolver = resolver };
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var stream = Open(fileName);
        using var reader = XmlReader.Create(stream, settings, EmbeddedResolver.BaseUri + fileName);
        set.Add(null, reader);
        set.Compile();
        return set;
    }

    /// <summary>Resolves <c>xs:include</c>/<c>xs:import</c> locations to the embedded files, and nothing else.</summary>
    private sealed class EmbeddedResolver : XmlResolver
    {
        public const string BaseUri = "domaincpu-schema:///";

        public override Uri ResolveUri(Uri? baseUri, string? relativeUri) =>
            new(BaseUri + Path.GetFileName(relativeUri ?? ""));

        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn) =>
            Open(Path.GetFileName(absoluteUri.AbsolutePath));
    }
}
