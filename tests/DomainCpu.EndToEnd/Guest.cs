using System.Xml.Linq;
using DomainCpu.EndToEnd.Support;

namespace DomainCpu.EndToEnd;

/// <summary>A guest of the suite's table (<c>testdata/e2e/NAME.xml</c>): a TCG domain (<c>type='qemu'</c>) named
/// <c>e2e-NAME</c>, the case in the comment at its top.</summary>
/// <param name="Name">The domain's name.</param>
/// <param name="File">The domain XML file.</param>
/// <param name="Case">What the guest tries.</param>
internal sealed record Guest(string Name, string File, string Case)
{
    /// <summary>The table, in file order.</summary>
    /// <exception cref="InvalidOperationException">The table is missing or empty, or a file does not follow its rules.</exception>
    public static IReadOnlyList<Guest> Table()
    {
        var dir = Path.Combine(Repository.Root, "testdata", "e2e");
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"the end-to-end guest table is missing: {dir}");
        var guests = Directory.GetFiles(dir, "*.xml").Order(StringComparer.Ordinal).Select(Read).ToList();
        if (guests.Count == 0) throw new InvalidOperationException($"{dir} holds no guest");
        return guests;
    }

    private static Guest Read(string file)
    {
        var doc = XDocument.Load(file);
        var name = doc.Root?.Element("name")?.Value;
        var expected = "e2e-" + Path.GetFileNameWithoutExtension(file);
        if (name != expected) throw new InvalidOperationException($"{file}: the domain must be named {expected}, not {name}");
        if (doc.Root!.Attribute("type")?.Value != "qemu") throw new InvalidOperationException($"{file}: the suite's guests run under TCG (type='qemu')");
        var comment = doc.Nodes().OfType<XComment>().FirstOrDefault()?.Value.Trim()
            ?? throw new InvalidOperationException($"{file}: no comment says what the guest tries");
        return new Guest(name, file, comment);
    }

    public override string ToString() => Name;
}
