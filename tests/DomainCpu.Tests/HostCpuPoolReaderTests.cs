using System.Text;
using DomainCpu.Cli;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Tests.Support;
using DomainCpu.Xml;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>The streaming reader of host CPU pools gives exactly what the general path gives (a tree per document or
/// element, <see cref="CpuXmlReader"/>: the CPUs and their positions), in one read or in pieces of any size, and gives
/// up on everything the general path refuses.</summary>
[TestFixture]
public class HostCpuPoolReaderTests
{
    private const string Plain = "<cpu>\n  <arch>x86_64</arch>\n  <model>Skylake-Client-IBRS</model>\n  <vendor>Intel</vendor>\n" +
        "  <topology sockets='1' dies='1' cores='4' threads='2'/>\n  <feature name='ds'/>\n  <feature name='vmx'/>\n</cpu>\n";

    /// <summary>The fast reading of a whole input: the CPUs, or null when the reader gave up.</summary>
    private static List<(CpuDefinition Cpu, SourcePosition Position)>? Fast(byte[] bytes, int chunk = int.MaxValue)
    {
        using var reader = new HostCpuPoolReader();
        reader.Start(new ChunkedStream(bytes, chunk));
        var cpus = new List<(CpuDefinition, SourcePosition)>();
        while (reader.Read(out var cpu, out var position)) cpus.Add((cpu, position));
        return reader.GaveUp ? null : cpus;
    }

    private static List<(CpuDefinition Cpu, SourcePosition Position)>? Fast(string text) => Fast(Encoding.UTF8.GetBytes(text));

    /// <summary>The general reading: the CPUs, or null when it refuses the input.</summary>
    private static List<(CpuDefinition Cpu, SourcePosition Position)>? General(byte[] bytes)
    {
        try
        {
            return CpuInputReader.Read(bytes, "pool.xml").Select(i => (i.Cpu, i.Position)).ToList();
        }
        catch (DomainCpuException)
        {
            return null;
        }
    }

    /// <summary>Whatever the fast reader gives for <paramref name="bytes"/> is what the general path gives; returns
    /// whether the fast reader read it.</summary>
    private static bool AssertAgrees(byte[] bytes, string what)
    {
        var fast = Fast(bytes);
        if (fast is null) return false;
        var general = General(bytes);
        Assert.That(general, Is.Not.Null, $"{what}: the fast reader accepted what the general path refuses:\n{Encoding.UTF8.GetString(bytes)}");
        Assert.That(fast.Select(x => x.Cpu), Is.EqualTo(general!.Select(x => x.Cpu)), $"{what}: CPUs differ");
        Assert.That(fast.Select(x => x.Position), Is.EqualTo(general!.Select(x => x.Position)), $"{what}: positions differ");
        return true;
    }

    [TestCase("", "\n", TestName = "pool of host CPUs with every element")]
    [TestCase("<?xml version='1.0' encoding='UTF-8'?>\n", "\r\n", TestName = "pool with a declaration and CR LF line ends")]
    [TestCase("<!-- hosts -->", "\r", TestName = "pool with comments and CR line ends")]
    public void PoolsReadAsTheGeneralPathReadsThem(string head, string newline)
    {
        var rng = new Random(7);
        var pool = new StringBuilder(head);
        for (var i = 0; i < 200; i++) pool.Append(RandomHostCpu(rng, 0)).Append(rng.Next(4) == 0 ? "<!-- between -->" : "");
        var bytes = Encoding.UTF8.GetBytes(pool.ToString().Replace("\n", newline));
        Assert.That(AssertAgrees(bytes, "pool"), Is.True, "the fast reader gave up on a plain pool");
        Assert.That(Fast(bytes)!, Has.Count.EqualTo(200));
        foreach (var chunk in new[] { 1, 2, 7, 4093 })
        {
            Assert.That(Fast(bytes, chunk), Is.EqualTo(Fast(bytes)), $"read in pieces of {chunk} bytes");
        }
    }

    [Test]
    public void CapabilitiesDocumentsOneAfterTheOtherReadAsTheGeneralPathReadsThem()
    {
        var rng = new Random(11);
        var docs = new StringBuilder();
        for (var i = 0; i < 50; i++) docs.Append(CapabilitiesOf(RandomHostCpu(rng, 4)));
        var bytes = Encoding.UTF8.GetBytes(docs.ToString());
        Assert.That(AssertAgrees(bytes, "capabilities stream"), Is.True, "the fast reader gave up on capabilities documents");
        Assert.That(Fast(bytes)!, Has.Count.EqualTo(50));
        Assert.That(Fast(bytes, 3), Is.EqualTo(Fast(bytes)));
    }

    /// <summary>Every capabilities and CPU document of testdata (and of the corpus, when DOMAINCPU_CORPUS is set):
    /// the fast reader agrees with the general path, and reads the plain ones itself.</summary>
    [Test]
    public void RealDocumentsReadAsTheGeneralPathReadsThem()
    {
        var roots = new List<string> { Path.Combine(Golden.Root, "testdata") };
        if (Environment.GetEnvironmentVariable("DOMAINCPU_CORPUS") is { Length: > 0 } corpus) roots.Add(corpus);
        int files = 0, fast = 0, generalOnly = 0;
        foreach (var file in roots.SelectMany(r => Directory.EnumerateFiles(r, "*.xml", SearchOption.AllDirectories)).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(file);
            var text = Encoding.UTF8.GetString(bytes).TrimStart();
            if (!text.StartsWith("<capabilities", StringComparison.Ordinal) && !text.StartsWith("<cpu>", StringComparison.Ordinal)) continue;
            files++;
            if (AssertAgrees(bytes, file)) fast++;
            else if (General(bytes) is not null) generalOnly++;
        }
        TestContext.Out.WriteLine($"{files} documents: {fast} read by the fast reader, {generalOnly} only by the general path");
        Assert.That(fast, Is.GreaterThan(100), "the fast reader read too few real documents");
        Assert.That(generalOnly, Is.LessThan(fast / 10), "the fast reader gave up on too many documents the general path reads");
    }

    /// <summary>Random edits of valid pools (odd constructs inserted, bytes deleted or changed, lines doubled): the
    /// fast reader gives what the general path gives, or gives up; never something else, never more.</summary>
    [Test]
    public void EditedPoolsReadAsTheGeneralPathReadsThemOrAreLeftToIt()
    {
        var rng = new Random(20261);
        int read = 0, refused = 0;
        for (var i = 0; i < 3000; i++)
        {
            var text = i % 3 == 0 ? CapabilitiesOf(RandomHostCpu(rng, 4)) : RandomHostCpu(rng, 0) + RandomHostCpu(rng, 0);
            text = Edit(rng, text);
            var bytes = Encoding.UTF8.GetBytes(text);
            if (AssertAgrees(bytes, $"edit {i}"))
            {
                read++;
                Assert.That(Fast(bytes, 1 + rng.Next(16)), Is.EqualTo(Fast(bytes)), $"edit {i} read in pieces");
            }
            if (General(bytes) is null) refused++;
        }
        TestContext.Out.WriteLine($"3000 edited pools: {read} read by the fast reader, {refused} refused by the general path");
        Assert.That(read, Is.GreaterThan(600), "too few edits left the fast reader a pool to read");
        Assert.That(refused, Is.GreaterThan(600), "too few edits made a pool the general path refuses");
    }

    /// <summary>A reader skips an element whose bytes it has checked before without checking it again: edits of a
    /// document it has read (one reader for them all, so each edited document meets what it kept of the original)
    /// are read as the general path reads them, or given up; an edit inside a skipped part is never taken for the
    /// original.</summary>
    [Test]
    public void EditsOfADocumentAlreadyReadAreReadAsTheGeneralPathReadsThem()
    {
        var rng = new Random(20262);
        var original = Encoding.UTF8.GetBytes(CapabilitiesOf(RandomHostCpu(rng, 4)));
        var skippedFrom = Encoding.UTF8.GetString(original).IndexOf("</cpu>", StringComparison.Ordinal);
        using var reader = new HostCpuPoolReader();
        Assert.That(ReadWith(reader, original, int.MaxValue), Has.Count.EqualTo(1));
        int refusedInSkipped = 0, readInSkipped = 0;
        for (var i = 0; i < 2000; i++)
        {
            var text = Edit(rng, Encoding.UTF8.GetString(original));
            var bytes = Encoding.UTF8.GetBytes(text);
            var fast = ReadWith(reader, bytes, rng.Next(4) == 0 ? 1 + rng.Next(64) : int.MaxValue);
            var general = General(bytes);
            var inSkipped = FirstDifference(text, Encoding.UTF8.GetString(original)) > skippedFrom;
            if (fast is null)
            {
                if (inSkipped && general is null) refusedInSkipped++;
                continue;
            }
            Assert.That(general, Is.Not.Null, $"edit {i}: the fast reader accepted what the general path refuses:\n{text}");
            Assert.That(fast, Is.EqualTo(general), $"edit {i}");
            if (inSkipped) readInSkipped++;
        }
        TestContext.Out.WriteLine($"2000 edits: {readInSkipped} inside the skipped parts read, {refusedInSkipped} refused");
        Assert.That(refusedInSkipped, Is.GreaterThan(200), "too few edits broke a skipped part");
        Assert.That(readInSkipped, Is.GreaterThan(100), "too few edits left a skipped part readable");
    }

    /// <summary>The same element is not the same check at another depth: the depth limit may be passed in one place
    /// and not in the other.</summary>
    [Test]
    public void AnElementCheckedAtOneDepthIsCheckedAgainAtAnother()
    {
        const string guest = "<guest><a><b/></a></guest>";
        var cpu = "<cpu><arch>x86_64</arch><model>M</model></cpu>";
        var shallow = Encoding.UTF8.GetBytes($"<capabilities><host>{cpu}</host>{guest}</capabilities>");
        var deep = Encoding.UTF8.GetBytes($"<capabilities><host>{cpu}{guest}</host></capabilities>");
        var limits = InputLimits.Default with { MaxDepth = 4 };
        Assert.That(HostCpuPoolReader.TryRead(deep, limits), Is.Null, "<b/> is one level too deep");
        using var reader = new HostCpuPoolReader(limits);
        Assert.That(ReadWith(reader, shallow, int.MaxValue), Has.Count.EqualTo(1));
        Assert.That(ReadWith(reader, deep, int.MaxValue), Is.Null, "after the same element at a shallower depth");
        Assert.That(ReadWith(reader, shallow, int.MaxValue), Has.Count.EqualTo(1));
    }

    private static List<(CpuDefinition Cpu, SourcePosition Position)>? ReadWith(HostCpuPoolReader reader, byte[] bytes, int chunk)
    {
        reader.Start(new ChunkedStream(bytes, chunk));
        var cpus = new List<(CpuDefinition, SourcePosition)>();
        while (reader.Read(out var cpu, out var position)) cpus.Add((cpu, position));
        return reader.GaveUp ? null : cpus;
    }

    private static int FirstDifference(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i]) return i;
        }
        return n;
    }

    [TestCase("<cpu><arch>x86_64</arch><model>M</model><feature name='a'/><feature name='a'/></cpu>", TestName = "duplicate feature")]
    [TestCase("<cpu><arch>vax</arch><model>M</model></cpu>", TestName = "unknown arch")]
    [TestCase("<cpu><arch>x86_64</arch></cpu>", TestName = "no model")]
    [TestCase("<cpu><arch>x86_64</arch><model></model></cpu>", TestName = "empty model")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><topology sockets='0' cores='1' threads='1'/></cpu>", TestName = "zero sockets")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><topology sockets='-1' cores='1' threads='1'/></cpu>", TestName = "negative sockets")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><topology sockets='65536' cores='65536' threads='2'/></cpu>", TestName = "too many logical CPUs")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><microcode version='18446744073709551616'/></cpu>", TestName = "microcode out of range")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><signature family='0' model='1' stepping='1'/></cpu>", TestName = "family zero")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><counter frequency='1'/></cpu>", TestName = "counter without name")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><counter name='tsc' frequency='1' scaling='maybe'/></cpu>", TestName = "counter scaling")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><cache level='4' mode='emulate'/></cpu>", TestName = "cache level")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><cache mode='emulate'/><cache mode='disable'/></cpu>", TestName = "two caches")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><maxphysaddr mode='host'/></cpu>", TestName = "maxphysaddr mode")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><feature/></cpu>", TestName = "feature without name")]
    [TestCase("<cpu mode='host-model'><arch>x86_64</arch><model>M</model></cpu>", TestName = "mode on a host CPU")]
    [TestCase("<cpu><arch>x86_64</arch><model>M&unknown;</model></cpu>", TestName = "undeclared entity")]
    [TestCase("<!DOCTYPE cpu><cpu><arch>x86_64</arch><model>M</model></cpu>", TestName = "DTD")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model></cpu><cpu>", TestName = "unclosed element")]
    [TestCase("<cpu><arch>x86_64</arch><model a='1' a='2'>M</model></cpu>", TestName = "duplicate attribute")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</modle></cpu>", TestName = "mismatched end tag")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><!-- a -- b --></cpu>", TestName = "double hyphen in a comment")]
    [TestCase("<cpu><arch>x86_64</arch><model>M]]></model></cpu>", TestName = "CDATA end in text")]
    [TestCase("<capabilities><host><cpu><model>M</model></cpu></host></capabilities>", TestName = "capabilities CPU without arch")]
    [TestCase("<capabilities><host><cpu/></host></capabilities>", TestName = "empty capabilities CPU")]
    public void WhatTheGeneralPathRefusesIsLeftToIt(string refused)
    {
        var bytes = Encoding.UTF8.GetBytes(Plain + refused);
        Assert.That(General(bytes), Is.Null, "the general path should refuse this input");
        Assert.That(Fast(bytes), Is.Null);
    }

    [TestCase("<cpu><arch>x86_64</arch><model><![CDATA[M]]></model></cpu>", TestName = "CDATA")]
    [TestCase("<cpu><arch>x86_64</arch><!-- c --><model>M</model></cpu>", TestName = "comment")]
    [TestCase("<cpu><arch>x86_64</arch><model>M&amp;N</model></cpu>", TestName = "reference in text")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><vendor> </vendor></cpu>", TestName = "blank vendor")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><vendor/></cpu>", TestName = "empty vendor")]
    [TestCase("<cpu><arch>x86_64</arch><model fallback='forbid'>M</model><feature policy='disable' name='a'/></cpu>", TestName = "guest attributes on a host CPU")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><topology sockets='01' cores='1' threads='1'/></cpu>", TestName = "leading zero")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><topology sockets='1' clusters='2' cores='1' threads='1'/></cpu>", TestName = "clusters")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><numa><cell cpus='0' memory='1'/></numa><pages size='4'/></cpu>", TestName = "elements a host CPU does not read")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><feature name='a'>text<b/></feature></cpu>", TestName = "feature with content")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><cache mode='passthrough'/><maxphysaddr mode='passthrough' limit='39'/></cpu>", TestName = "cache and maxphysaddr")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model><feature name='a&#x62;'/></cpu>", TestName = "character reference in a name")]
    [TestCase("<cpu><arch>x86_64</arch><model>M</model></cpu><domain><cpu><model>N</model></cpu></domain>", TestName = "domain after the pool")]
    [TestCase("<cpuTest><cpu><arch>x86_64</arch><model>M</model></cpu></cpuTest>", TestName = "cpuTest wrapper")]
    [TestCase("text", TestName = "text between elements")]
    [TestCase("<capabilities><host/><host><cpu><arch>x86_64</arch><model>N</model></cpu></host></capabilities>", TestName = "capabilities whose first host has no CPU")]
    public void OtherShapesReadAsTheGeneralPathReadsThemOrAreLeftToIt(string odd)
    {
        var bytes = Encoding.UTF8.GetBytes(Plain + odd + Plain);
        Assert.That(General(bytes), Is.Not.Null, "the general path should accept this input");
        AssertAgrees(bytes, odd);
    }

    [TestCase("")]
    [TestCase(" \n<!-- nothing -->\n")]
    [TestCase("<capabilities><host/></capabilities>")]
    public void AnInputWithoutHostCpusIsLeftToTheGeneralPath(string text) => Assert.That(Fast(text), Is.Null);

    [Test]
    public void ThePlainHostElementsAreReadWithoutGivingUp()
    {
        var cpu = "<cpu>\n  <arch>x86_64</arch>\n  <model>Haswell-noTSX</model>\n  <vendor>Intel</vendor>\n  <microcode version='45'/>\n" +
            "  <signature family='6' model='63' stepping='2'/>\n  <counter name='tsc' frequency='2596991000' scaling='no'/>\n" +
            "  <topology sockets='1' dies='1' cores='8' threads='1'/>\n  <cache level='3' mode='emulate'/>\n" +
            "  <maxphysaddr mode='emulate' bits='39'/>\n  <feature name='vme'/>\n  <pages unit='KiB' size='4'/>\n</cpu>\n";
        var fast = Fast(cpu + CapabilitiesOf(cpu))!;
        Assert.That(fast, Is.Not.Null);
        Assert.That(fast.Select(x => x.Position), Is.EqualTo(new[] { new SourcePosition(1, 2), new SourcePosition(18, 2) }));
        var c = fast[0].Cpu;
        Assert.That((c.Microcode, c.Signature, c.Counter, c.Topology, c.Cache, c.MaxPhysAddr), Is.EqualTo((
            (ulong?)45, new CpuSignature(6, 63, 2), new CpuCounter("tsc", 2596991000, false), new CpuTopology(1, 1, 1, 8, 1),
            new CpuCache(3, CacheMode.Emulate), new MaxPhysAddr(MaxPhysAddrMode.Emulate, 39))));
    }

    /// <summary>A pool larger than the document size limit is read, as a stream, element by element.</summary>
    [Test]
    public void APoolLargerThanADocumentIsStreamed()
    {
        var one = Encoding.UTF8.GetBytes(Plain);
        var count = (int)(InputLimits.Default.MaxDocumentBytes / one.Length) + 1000;
        using var reader = new HostCpuPoolReader();
        reader.Start(new RepeatingStream(one, count));
        var read = 0;
        while (reader.Read(out _, out var position))
        {
            if (read++ == count - 1) Assert.That(position, Is.EqualTo(new SourcePosition(8 * (count - 1) + 1, 2)));
        }
        Assert.That((reader.GaveUp, read), Is.EqualTo((false, count)));
    }

    /// <summary>A host CPU as libvirt writes one, with elements drawn at random (order, presence, values, blanks).</summary>
    private static string RandomHostCpu(Random rng, int indent)
    {
        var pad = new string(' ', indent);
        var lines = new List<string>
        {
            $"<arch>{(rng.Next(4) == 0 ? "i686" : "x86_64")}</arch>",
            $"<model>{new[] { "Haswell", "Skylake-Client-IBRS", "EPYC", "M0", "kvm64" }[rng.Next(5)]}</model>",
        };
        if (rng.Next(3) > 0) lines.Add($"<vendor>{(rng.Next(2) == 0 ? "Intel" : "AMD")}</vendor>");
        if (rng.Next(2) == 0) lines.Add($"<microcode version='{rng.NextInt64()}'/>");
        if (rng.Next(2) == 0) lines.Add($"<signature family='{1 + rng.Next(25)}' model='{rng.Next(200)}' stepping='{rng.Next(16)}'/>");
        if (rng.Next(2) == 0) lines.Add($"<counter name='tsc' frequency='{rng.NextInt64(1, long.MaxValue)}'{(rng.Next(2) == 0 ? " scaling='no'" : "")}/>");
        if (rng.Next(2) == 0) lines.Add($"<topology sockets='{1 + rng.Next(4)}'{(rng.Next(2) == 0 ? " dies='1'" : "")} cores='{1 + rng.Next(64)}' threads='{1 + rng.Next(2)}'/>");
        if (rng.Next(4) == 0) lines.Add($"<cache{(rng.Next(2) == 0 ? $" level='{1 + rng.Next(3)}'" : "")} mode='{new[] { "emulate", "passthrough", "disable" }[rng.Next(3)]}'/>");
        if (rng.Next(2) == 0) lines.Add($"<maxphysaddr mode='{(rng.Next(2) == 0 ? "emulate" : "passthrough")}' bits=\"{36 + rng.Next(16)}\"/>");
        lines = lines.OrderBy(_ => rng.Next()).ToList();
        foreach (var f in Enumerable.Range(0, 60).Where(_ => rng.Next(3) == 0)) lines.Add($"<feature name='f{f}'/>");
        if (rng.Next(2) == 0) lines.Add("<pages unit='KiB' size='4'/>");
        return $"{pad}<cpu>\n" + string.Concat(lines.Select(l => $"{pad}  {l}\n")) + $"{pad}</cpu>\n";
    }

    private static string CapabilitiesOf(string cpu) =>
        "<capabilities>\n\n  <host>\n    <uuid>00000000-0000-0000-0000-000000000000</uuid>\n" + cpu +
        "    <power_management/>\n    <topology>\n      <cells num='1'>\n        <cell id='0'>\n          <cpus num='1'>\n" +
        "            <cpu id='0' socket_id='0' die_id='0' core_id='0' siblings='0'/>\n          </cpus>\n        </cell>\n" +
        "      </cells>\n    </topology>\n    <secmodel>\n      <model>none</model>\n      <doi>0</doi>\n    </secmodel>\n  </host>\n\n" +
        "  <guest>\n    <os_type>hvm</os_type>\n    <arch name='x86_64'>\n      <emulator>/usr/bin/qemu-system-x86_64</emulator>\n" +
        "      <domain type='qemu'/>\n    </arch>\n    <features>\n      <acpi default='on' toggle='yes'/>\n    </features>\n  </guest>\n\n" +
        "</capabilities>\n";

    private static readonly string[] Snippets =
    {
        "<!--c-->", "&amp;", "&#65;", "&#x41;", "&#0;", "&bogus;", "<![CDATA[x]]>", "\r\n", "\r", "\t", "<?pi x?>", "<!DOCTYPE x>",
        "\u00e9", "\u0001", " a='1'", " a='1' a='2'", " xmlns='u'", "x:y", "</x>", "<x>", "<x/>", "]]>", "<", ">", "'", "\"", "&", " ",
        "\n", "0", "-1", "<feature name='vmx'/>", "<feature name='f1'/>", "<arch>i686</arch>", "<model/>", "<vendor/>",
        "<topology sockets='0' cores='1' threads='1'/>", "<cache mode='emulate'/>", "<cache level='4' mode='emulate'/>",
        "<maxphysaddr mode='passthrough' limit='40'/>", "<counter name='tsc' frequency='x'/>", "<signature family='0' model='1' stepping='1'/>",
        "<microcode version='99999999999999999999999'/>", "<cpu>", "</cpu>", "<host>", "</host>", "<capabilities>", "<?xml version='1.0'?>",
    };

    /// <summary>One edit: a snippet inserted (mostly between two pieces of markup), a few bytes or a line deleted, a
    /// byte changed, or a line doubled.</summary>
    private static string Edit(Random rng, string text)
    {
        var at = rng.Next(text.Length + 1);
        var lines = text.Split('\n').ToList();
        var line = rng.Next(lines.Count);
        switch (rng.Next(8))
        {
            case 0:
            case 1:
            case 2:
                var gap = text.IndexOf('>', Math.Min(at, text.Length - 1));
                return text.Insert(gap < 0 ? at : gap + 1, Snippets[rng.Next(Snippets.Length)]);
            case 3:
                return text.Insert(at, Snippets[rng.Next(Snippets.Length)]);
            case 4:
                return at == text.Length ? text : text.Remove(at, Math.Min(text.Length - at, 1 + rng.Next(4)));
            case 5:
                return at == text.Length ? text : text.Remove(at, 1).Insert(at, ((char)(' ' + rng.Next(95))).ToString());
            case 6:
                lines.RemoveAt(line);
                return string.Join('\n', lines);
            default:
                lines.Insert(line, lines[line]);
                return string.Join('\n', lines);
        }
    }

    /// <summary>A stream that hands out at most <c>chunk</c> bytes per read.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : MemoryStream(bytes, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
    }

    /// <summary>The same bytes <c>count</c> times over, made as they are read.</summary>
    private sealed class RepeatingStream(byte[] one, int count) : Stream
    {
        private long _position;

        public override int Read(byte[] buffer, int offset, int length)
        {
            var total = (long)one.Length * count;
            var n = (int)Math.Min(length, total - _position);
            for (var i = 0; i < n; i++) buffer[offset + i] = one[(_position + i) % one.Length];
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
