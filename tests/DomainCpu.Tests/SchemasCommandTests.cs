using System.Xml;
using System.Xml.Schema;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary><c>domaincpu schemas</c>: the embedded XSDs, listed and written out for editors.</summary>
[TestFixture]
public class SchemasCommandTests
{
    private static string Repo(string name) => Path.Combine(Golden.Root, "schemas", name);

    [Test]
    public void ListsEverySchemaWithTheDocumentItValidates()
    {
        var r = CliHarness.Run("schemas");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var lines = r.StdoutText.TrimEnd('\n').Split('\n');
        var shipped = Directory.GetFiles(Path.Combine(Golden.Root, "schemas"), "*.xsd").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.That(lines.Select(l => l.Split('\t')[0]), Is.EqualTo(shipped));
        Assert.That(lines, Does.Contain("domain.xsd\tdomain"));
        Assert.That(lines, Does.Contain("cpu.xsd\tcpu"));
    }

    [Test]
    public void WritesTheSchemasSoThatTheyWorkFromTheFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"domaincpu-schemas-{Environment.ProcessId}", "nested");
        try
        {
            var r = CliHarness.Run("schemas", "--out", dir);
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
            foreach (var path in r.StdoutText.TrimEnd('\n').Split('\n'))
            {
                Assert.That(File.ReadAllBytes(path), Is.EqualTo(File.ReadAllBytes(Repo(Path.GetFileName(path)))), path);
            }
            // An editor resolves xs:include next to the file: the written folder must validate on its own.
            var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
            set.Add(null, Path.Combine(dir, "domain.xsd"));
            set.Compile();
            var sample = Path.Combine(Golden.Root, "samples", "domain.xml");
            var errors = new List<string>();
            var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = set, DtdProcessing = DtdProcessing.Prohibit };
            settings.ValidationEventHandler += (_, e) => errors.Add(e.Message);
            using (var reader = XmlReader.Create(sample, settings))
            {
                while (reader.Read())
                {
                }
            }
            Assert.That(errors, Is.Empty);
            // Again, over the files already there: replaced, still the same.
            Assert.That(CliHarness.Run("schemas", "--out", dir).ExitCode, Is.EqualTo(0));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true);
        }
    }

    [Test]
    public void AFileWhereTheFolderShouldBeIsAUsageError()
    {
        var file = Path.GetTempFileName();
        try
        {
            var r = CliHarness.Run("schemas", "--out", file);
            Assert.That(r.ExitCode, Is.EqualTo(2));
            Assert.That(r.Stdout, Is.Empty);
            Assert.That(r.Stderr, Does.Contain("is a file"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void JsonNamesFileKindAndPath()
    {
        var r = CliHarness.Run("schemas", "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        var domain = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("file").GetString() == "domain.xsd");
        Assert.That(domain.GetProperty("kind").GetString(), Is.EqualTo("domain"));
        Assert.That(domain.GetProperty("path").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
    }
}
