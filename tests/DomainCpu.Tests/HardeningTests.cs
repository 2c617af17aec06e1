using System.Text;
using DomainCpu.Tests.Support;
using NUnit.Framework;
using static DomainCpu.Tests.Support.HostileInput;

namespace DomainCpu.Tests;

/// <summary>The constructs DomainCpu refuses (docs/SECURITY.md) and the CLI's failure contract: exit 1 for a
/// finding, 2 for usage/I/O, one message with a position, no stack trace, nothing on stdout.</summary>
[TestFixture]
public class HardeningTests
{
    private const string Cpu = "    <model>qemu64</model>";

    [Test]
    public void InternalDtdIsRefused() =>
        AssertRefused(Utf8(Domain(Cpu, "<!DOCTYPE domain [<!ELEMENT domain ANY>]>\n")), "DC0007", "DTD", line: 2);

    [Test]
    public void ExternalDtdIsRefused() =>
        AssertRefused(Utf8(Domain(Cpu, "<!DOCTYPE domain SYSTEM \"http://example.invalid/domain.dtd\">\n")), "DC0007", "DTD");

    [Test]
    public void ExternalEntityIsRefused() =>
        AssertRefused(Utf8(Domain("    <model>&xxe;</model>", "<!DOCTYPE domain [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n")), "DC0007");

    [Test]
    public void EntityExpansionBombIsRefused()
    {
        var bomb = "<!DOCTYPE domain [<!ENTITY a \"aaaaaaaaaa\">" +
                   string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY {(char)('a' + i)} \"{string.Concat(Enumerable.Repeat($"&{(char)('a' + i - 1)};", 10))}\">")) +
                   "]>\n";
        AssertRefused(Utf8(Domain("    <model>&j;</model>", bomb)), "DC0007");
    }

    [Test]
    public void UndeclaredEntityReferenceIsRefused() =>
        AssertRefused(Utf8(Domain("    <model>&xxe;</model>")), "DC0006", "entity", line: 6);

    [Test]
    public void PredefinedAndCharacterReferencesAreAccepted()
    {
        var r = CliHarness.RunWithInput(Utf8(Domain(Cpu).Replace("<name>x</name>", "<name>a&amp;b&#x41;</name>")), "format", "-");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
    }

    [TestCase("http://www.w3.org/2001/XInclude")]
    [TestCase("http://www.w3.org/2003/XInclude")]
    public void XIncludeIsRefused(string ns) =>
        AssertRefused(Utf8(Domain($"    <xi:include xmlns:xi='{ns}' href='/etc/passwd' parse='text'/>")), "DC0005", "XInclude", line: 6);

    [Test]
    public void InvalidUtf8IsRefusedWithItsPosition()
    {
        var bytes = Utf8(Domain(Cpu)).ToList();
        var at = Encoding.ASCII.GetString(bytes.ToArray()).IndexOf("qemu64", StringComparison.Ordinal) + 2;
        bytes.Insert(at, 0xC3); // a lead byte without its continuation
        var r = AssertRefused(bytes.ToArray(), "DC0008", $"byte offset {at}", line: 6);
        Assert.That(r.Stderr, Does.StartWith("-:6:14:"));
    }

    [TestCase(new byte[] { 0xED, 0xA0, 0x80 })]        // an encoded surrogate
    [TestCase(new byte[] { 0xC0, 0xAF })]              // an overlong '/'
    [TestCase(new byte[] { 0xF8, 0x88, 0x80, 0x80 })]  // a 5-byte form
    [TestCase(new byte[] { 0x80 })]                    // a stray continuation byte
    public void EveryKindOfMalformedUtf8IsRefused(byte[] bad)
    {
        var text = Utf8(Domain(Cpu));
        AssertRefused([.. text[..10], .. bad, .. text[10..]], "DC0008", "invalid UTF-8", line: 1);
    }

    [Test]
    public void InvalidUtf16IsRefused()
    {
        var body = Encoding.Unicode.GetBytes(Domain(Cpu).Replace("UTF-8", "UTF-16"));
        byte[] lone = [0x00, 0xD8]; // a lone high surrogate, little endian
        AssertRefused([0xFF, 0xFE, .. body[..40], .. lone, .. body[40..]], "DC0008", "UTF-16");
    }

    [Test]
    public void Utf16WithByteOrderMarkIsAccepted()
    {
        var body = Encoding.Unicode.GetBytes(Domain(Cpu).Replace("UTF-8", "UTF-16"));
        var r = CliHarness.RunWithInput([0xFF, 0xFE, .. body], "format", "-");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
    }

    [Test]
    public void Utf16DeclaredWithoutByteOrderMarkIsRefused() =>
        AssertRefused(Utf8(Domain(Cpu).Replace("UTF-8", "UTF-16")), "DC0008", "byte order mark", line: 1);

    [TestCase("EBCDIC-US")]
    [TestCase("Shift_JIS")]
    [TestCase("bogus")]
    public void UnsupportedEncodingIsRefused(string encoding) =>
        AssertRefused(Utf8(Domain(Cpu).Replace("UTF-8", encoding)), "DC0008", encoding, line: 1);

    [TestCase("Shift_JIS", "unsupported encoding")]
    [TestCase("UTF-16", "no byte order mark")]
    [TestCase("", "empty")]
    public void AWrongEncodingDeclarationPointsAtTheDeclaredName(string encoding, string message)
    {
        // The name starts in column 31: <?xml version='1.0' encoding='NAME'?>
        var r = AssertRefused(Utf8(Domain(Cpu).Replace("UTF-8", encoding)), "DC0008", message);
        Assert.That(r.Stderr, Does.StartWith("-:1:31:"));
    }

    [Test]
    public void Latin1BytesUnderAUtf8DeclarationAreRefusedAtTheByte()
    {
        var text = Domain(Cpu).Replace("<name>x</name>", "<name>café</name>");
        var bytes = Encoding.Latin1.GetBytes(text);
        var at = Array.IndexOf(bytes, (byte)0xE9);
        var r = AssertRefused(bytes, "DC0008", $"invalid UTF-8 byte sequence at byte offset {at}");
        Assert.That(r.Stderr, Does.StartWith("-:3:12:"));
    }

    [Test]
    public void Utf8ByteOrderMarkWithAUtf16DeclarationIsRefused()
    {
        var r = AssertRefused([0xEF, 0xBB, 0xBF, .. Utf8(Domain(Cpu).Replace("UTF-8", "UTF-16"))], "DC0008",
            "declares encoding 'UTF-16' but starts with a UTF-8 byte order mark");
        Assert.That(r.Stderr, Does.StartWith("-:1:31:"));
    }

    [TestCase("ISO-8859-1")]
    [TestCase("US-ASCII")]
    public void Utf16ByteOrderMarkWithASingleByteDeclarationIsRefused(string encoding)
    {
        var body = Encoding.Unicode.GetBytes(Domain(Cpu).Replace("UTF-8", encoding));
        var r = AssertRefused([0xFF, 0xFE, .. body], "DC0008", $"declares encoding '{encoding}' but starts with a UTF-16 byte order mark");
        Assert.That(r.Stderr, Does.StartWith("-:1:31:"));
    }

    [Test]
    public void Utf16ByteOrderMarkWithAUtf8DeclarationIsAcceptedAsLibxml2Does()
    {
        var body = Encoding.BigEndianUnicode.GetBytes(Domain(Cpu));
        var r = CliHarness.RunWithInput([0xFE, 0xFF, .. body], "format", "-");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
    }

    [Test]
    public void EmptyEncodingDeclarationIsRefused() =>
        AssertRefused(Utf8(Domain(Cpu).Replace("UTF-8", "")), "DC0008", "empty", line: 1);

    [Test]
    public void AsciiDeclaredWithNonAsciiBytesIsRefusedAtTheByte()
    {
        var text = Domain(Cpu.Replace("qemu64", "qému64")).Replace("UTF-8", "US-ASCII");
        var r = AssertRefused(Utf8(text), "DC0008", "not ASCII", line: 6);
        Assert.That(r.Stderr, Does.StartWith("-:6:13:"));
    }

    [Test]
    public void Latin1DeclarationIsHonoured()
    {
        var text = Domain(Cpu).Replace("UTF-8", "ISO-8859-1").Replace("<name>x</name>", "<name>café</name>");
        var r = CliHarness.RunWithInput(Encoding.Latin1.GetBytes(text), "format", "-");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(Encoding.Latin1.GetString(r.Stdout), Does.Contain("café"));
    }

    [Test]
    public void MalformedXmlIsAFindingWithItsPosition() =>
        AssertRefused(Utf8(Domain(Cpu).Replace("</cpu>", "</cpux>")), "DC0001", "malformed XML", line: 7);

    [Test]
    public void TruncatedDocumentIsAFinding() =>
        AssertRefused(Utf8(Domain(Cpu)[..60]), "DC0001");

    [Test]
    public void EmptyInputIsAFinding() =>
        AssertRefused([], "DC0001");

    [Test]
    public void MissingFileIsUsageErrorWithoutStackTrace()
    {
        var r = CliHarness.Run("format", Path.Combine(TestContext.CurrentContext.WorkDirectory, "no-such-file.xml"));
        AssertUsage(r, "no such file");
    }

    [Test]
    public void DirectoryInsteadOfFileIsUsageError() =>
        AssertUsage(CliHarness.Run("format", TestContext.CurrentContext.WorkDirectory), "is a directory");

    [Test]
    public void UnknownOptionIsUsageError() =>
        AssertUsage(CliHarness.Run("format", "-", "--no-such-option"), "--no-such-option");

    [Test]
    public void UnknownCommandIsUsageError() =>
        AssertUsage(CliHarness.Run("no-such-command"), "no-such-command");

    [Test]
    public void InPlaceOnStandardInputIsUsageError() =>
        AssertUsage(CliHarness.RunWithInput(Utf8(Domain(Cpu)), "format", "--in-place", "-"), "--in-place");

    [Test]
    public void UnexpectedExceptionIsAnInternalErrorWithoutStackUnlessDebug()
    {
        // The catch-all of CliRunner: a bug is exit 2 with one line; --debug adds the stack.
        var quiet = RunFailing(debug: false);
        Assert.Multiple(() =>
        {
            Assert.That(quiet.Code, Is.EqualTo(2));
            Assert.That(quiet.Stderr, Does.StartWith("domaincpu: internal error: InvalidOperationException: boom"));
            Assert.That(quiet.Stderr, Does.Not.Contain("   at "));
            Assert.That(quiet.Stdout, Is.Empty);
            Assert.That(quiet.Unexpected, Is.InstanceOf<InvalidOperationException>(), "the original exception is kept for the fuzzer");
        });
        var debug = RunFailing(debug: true);
        Assert.That(debug.Stderr, Does.Contain("   at "), "--debug shows the stack");
        Assert.That(debug.Code, Is.EqualTo(2));
    }

    private static (int Code, string Stderr, byte[] Stdout, Exception? Unexpected) RunFailing(bool debug)
    {
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var ctx = new DomainCpu.Cli.CliContext(Stream.Null, stdout, stderr);
        var g = new DomainCpu.Cli.GlobalOptions();
        var root = new System.CommandLine.RootCommand();
        g.AddTo(root);
        var parse = root.Parse(debug ? ["--debug"] : []);
        var code = DomainCpu.Cli.CliRunner.Run(ctx, parse, g, () =>
        {
            ctx.WriteLine("partial output that must not appear");
            throw new InvalidOperationException("boom");
        });
        return (code, stderr.ToString(), stdout.ToArray(), ctx.Unexpected);
    }

    private static void AssertUsage(CliHarness.Result r, string messagePart)
    {
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.Stderr);
            Assert.That(r.Stdout, Is.Empty);
            Assert.That(r.Stderr, Does.Contain(messagePart));
            Assert.That(r.Stderr, Does.Not.Contain("   at "));
            Assert.That(r.Stderr, Does.Not.Contain("internal error"));
        });
    }
}
