using System.Collections.Immutable;
using System.Xml;
using DomainCpu.Catalog.Qemu;

namespace DomainCpu.CatalogGen;

/// <summary>QEMU's command-line options in the catalog file: one <c>&lt;options&gt;</c> after <c>&lt;releases&gt;</c> with
/// those every release has alike, and in each <c>&lt;qemu&gt;</c> one with that release's others.</summary>
internal static class QemuOptionsXml
{
    /// <summary>The options every release has, each taking an argument in all or in none.</summary>
    public static ImmutableSortedDictionary<string, bool> Shared(IReadOnlyList<QemuCatalog> releases) =>
        releases[0].Options.Options
            .Where(o => releases.All(c => c.Options.TakesArgument(o.Key) == o.Value))
            .ToImmutableSortedDictionary(StringComparer.Ordinal);

    /// <summary>Writes <c>&lt;options with-argument="…" without-argument="…"/&gt;</c>, names in ordinal order.</summary>
    public static void Write(XmlWriter w, IEnumerable<KeyValuePair<string, bool>> options)
    {
        var sorted = options.OrderBy(o => o.Key, StringComparer.Ordinal).ToList();
        w.WriteStartElement("options");
        w.WriteAttributeString("with-argument", string.Join(' ', sorted.Where(o => o.Value).Select(o => o.Key)));
        w.WriteAttributeString("without-argument", string.Join(' ', sorted.Where(o => !o.Value).Select(o => o.Key)));
        w.WriteEndElement();
    }
}
