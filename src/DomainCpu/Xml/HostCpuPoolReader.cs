using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using DomainCpu.Diagnostics;
using DomainCpu.Model;

namespace DomainCpu.Xml;

/// <summary>
/// Reads the host CPUs of a pool as a stream, without building trees: files of many <c>&lt;cpu&gt;</c> elements (as
/// virsh cpu-baseline takes them, and as libvirt's CPU formatter writes host CPUs: model, vendor, microcode,
/// signature, counter, topology, cache, maxphysaddr, features, and anything else, which is skipped), whole host
/// capabilities documents (<c>virsh capabilities</c>; the host's <c>&lt;cpu&gt;</c> is read, the rest checked and
/// skipped), and streams of several such documents one after the other. Memory stays that of one element whatever
/// the size of the input, and a name repeated across the pool is one string.
/// <para>It reads what the general path reads (<see cref="CpuInput.ReadAll"/>): the same
/// CPUs, at the same positions. For anything it is not sure of, such as a construct outside plain ASCII XML, a CPU
/// the general path would refuse, or another root element, it gives up (<see cref="GaveUp"/>) before giving that
/// element's CPU, and the caller reads the input the general way; the CPUs given before it gave up are the first
/// ones of that reading.</para>
/// </summary>
public sealed class HostCpuPoolReader : IDisposable
{
    private readonly InputLimits _limits;
    private readonly PoolNames _names = new();
    private readonly List<PoolNames.Name> _features = new();
    private readonly HashSet<string> _unkeptFeatures = new(StringComparer.Ordinal);
    private readonly PlainXmlScanner _scanner;
    private bool _started;
    private int _cpus;
    private int _read;
    private bool _done;

    /// <summary>A reader; give it each input with <see cref="Start"/>. Names are shared across the inputs.</summary>
    /// <param name="limits">The limits; <see cref="InputLimits.MaxPoolBytes"/> bounds each input,
    /// <see cref="InputLimits.MaxDocumentBytes"/> each top-level element.</param>
    public HostCpuPoolReader(InputLimits? limits = null)
    {
        _limits = limits ?? InputLimits.Default;
        _scanner = new PlainXmlScanner(_limits, _limits.MaxPoolBytes);
    }

    /// <summary>Whether the reader gave up on the current input: the general path must read it (from its start,
    /// skipping the <see cref="CpusRead"/> CPUs already given). Also true for an input without any host CPU.</summary>
    public bool GaveUp { get; private set; }

    /// <summary>The number of CPUs given from the current input.</summary>
    public int CpusRead => _read;

    /// <summary>Starts reading another input (the previous one is dropped).</summary>
    /// <param name="stream">The input, read forward only; not closed.</param>
    public void Start(Stream stream)
    {
        _scanner.Reset(stream);
        _started = true;
        _read = 0;
        _done = false;
        GaveUp = false;
    }

    /// <summary>The next host CPU of the input, with the position of its <c>&lt;cpu&gt;</c>; false at the end of the
    /// input or when the reader gives up (see <see cref="GaveUp"/>).</summary>
    public bool Read([NotNullWhen(true)] out CpuDefinition? cpu, out SourcePosition position)
    {
        cpu = null;
        position = default;
        if (!_started) throw new InvalidOperationException("Start the reader on an input first");
        var s = _scanner;
        while (!_done)
        {
            switch (s.Next())
            {
                case PlainXmlToken.EndOfInput:
                    _done = true;
                    GaveUp = _read == 0;
                    return false;
                case PlainXmlToken.Comment:
                case PlainXmlToken.Declaration:
                case PlainXmlToken.Text when s.TextIsBlank:
                    continue;
                case PlainXmlToken.StartTag when s.Name.SequenceEqual("cpu"u8) && s.AttributeCount == 0:
                    var top = s.TokenOffset;
                    position = s.NamePosition;
                    cpu = ReadCpu(s);
                    if (cpu is null || !Fits(s, top)) return GiveUp();
                    _read++;
                    return true;
                case PlainXmlToken.StartTag when s.Name.SequenceEqual("capabilities"u8):
                    top = s.TokenOffset;
                    if (!ReadCapabilities(s, out cpu, out position) || !Fits(s, top)) return GiveUp();
                    if (cpu is null) continue;
                    _read++;
                    return true;
                default:
                    return GiveUp();
            }
        }
        return false;
    }

    /// <summary>The host CPUs of a whole input held in memory, each with the position of its start tag; null when
    /// the reader gives up on it.</summary>
    internal static IReadOnlyList<(CpuDefinition Cpu, SourcePosition Position)>? TryRead(byte[] bytes, InputLimits? limits = null)
    {
        using var reader = new HostCpuPoolReader(limits);
        reader.Start(new MemoryStream(bytes, writable: false));
        var cpus = new List<(CpuDefinition, SourcePosition)>();
        while (reader.Read(out var cpu, out var position)) cpus.Add((cpu, position));
        return reader.GaveUp ? null : cpus;
    }

    /// <summary>Returns the reader's buffer.</summary>
    public void Dispose() => _scanner.Dispose();

    private bool GiveUp()
    {
        _done = true;
        GaveUp = true;
        return false;
    }

    private bool Fits(PlainXmlScanner s, long top) => s.TokenEnd - top <= _limits.MaxDocumentBytes;

    /// <summary>Reads a <c>&lt;capabilities&gt;</c> element to its end: the first <c>&lt;cpu&gt;</c> of its first
    /// <c>&lt;host&gt;</c> (null when there is none). False to give up.</summary>
    private bool ReadCapabilities(PlainXmlScanner s, out CpuDefinition? cpu, out SourcePosition position)
    {
        cpu = null;
        position = default;
        var hostSeen = false;
        while (true)
        {
            var t = s.Next();
            if (t == PlainXmlToken.EndTag && s.Depth == 0) return true;
            if (t is PlainXmlToken.Text or PlainXmlToken.Comment or PlainXmlToken.CData) continue;
            if (t == PlainXmlToken.EmptyTag)
            {
                hostSeen |= s.Name.SequenceEqual("host"u8);
                continue;
            }
            if (t != PlainXmlToken.StartTag) return false;
            if (hostSeen || !s.Name.SequenceEqual("host"u8))
            {
                if (!Skip(s)) return false;
                continue;
            }
            hostSeen = true;
            while ((t = s.Next()) != PlainXmlToken.EndTag || s.Depth != 1)
            {
                if (t is PlainXmlToken.Text or PlainXmlToken.Comment or PlainXmlToken.CData || t == PlainXmlToken.EmptyTag && cpu is not null) continue;
                if (t == PlainXmlToken.EmptyTag && s.Name.SequenceEqual("cpu"u8)) return false;
                if (t == PlainXmlToken.EmptyTag) continue;
                if (t != PlainXmlToken.StartTag) return false;
                if (cpu is null && s.Name.SequenceEqual("cpu"u8))
                {
                    if (s.AttributeCount != 0) return false;
                    position = s.NamePosition;
                    cpu = ReadCpu(s);
                    if (cpu is null) return false;
                }
                else if (!Skip(s)) return false;
            }
        }
    }

    /// <summary>Reads a host <c>&lt;cpu&gt;</c> from its start tag to its end tag as <see cref="CpuXmlReader"/> reads a
    /// host CPU; null for anything it would refuse or that is not plainly written (the caller gives up).</summary>
    private CpuDefinition? ReadCpu(PlainXmlScanner s)
    {
        var depth = s.Depth;
        string? arch = null, vendor = null;
        PoolNames.Name? model = null;
        ulong? microcode = null;
        CpuSignature? signature = null;
        CpuCounter? counter = null;
        CpuTopology? topology = null;
        CpuCache? cache = null;
        MaxPhysAddr? maxPhysAddr = null;
        var seen = 0;
        var cpuIndex = ++_cpus;
        _features.Clear();
        _unkeptFeatures.Clear();
        while (true)
        {
            var t = s.Next();
            if (t == PlainXmlToken.EndTag && s.Depth == depth) break;
            if (t is PlainXmlToken.Text or PlainXmlToken.Comment or PlainXmlToken.CData) continue;
            if (t is not (PlainXmlToken.StartTag or PlainXmlToken.EmptyTag)) return null;
            var which = ChildOf(s.Name);
            // The general reader takes the first of each (and refuses a second cache); a second one is not worth the care.
            if (which is not (Child.Feature or Child.Other))
            {
                if ((seen & 1 << (int)which) != 0) return null;
                seen |= 1 << (int)which;
            }
            bool ok;
            switch (which)
            {
                case Child.Arch:
                    ok = TextOf(s, out var a) && a is not null && CpuXmlReader.KnownArchitectures.Contains(arch = a.Text);
                    break;
                case Child.Model:
                    ok = TextOf(s, out model) && model is not null;
                    break;
                case Child.Vendor:
                    ok = TextOf(s, out var v);
                    vendor = v?.Text;
                    break;
                case Child.Microcode:
                    ok = Number(s, "version"u8, ulong.MaxValue, true, false, out microcode);
                    break;
                case Child.Signature:
                    ok = Number(s, "family"u8, uint.MaxValue, true, true, out var family) &
                        Number(s, "model"u8, uint.MaxValue, true, false, out var sigModel) &
                        Number(s, "stepping"u8, uint.MaxValue, true, false, out var stepping);
                    if (ok) signature = new CpuSignature((uint)family!.Value, (uint)sigModel!.Value, (uint)stepping!.Value);
                    break;
                case Child.Counter:
                    ok = Counter(s, out counter);
                    break;
                case Child.Topology:
                    ok = Topology(s, out topology);
                    break;
                case Child.Cache:
                    ok = Cache(s, out cache);
                    break;
                case Child.MaxPhysAddr:
                    ok = MaxPhysAddrOf(s, out maxPhysAddr);
                    break;
                case Child.Feature:
                    ok = Feature(s, cpuIndex);
                    break;
                default:
                    ok = true;
                    break;
            }
            // Elements whose text is read have been read to their end; for the others, what is inside is skipped.
            if (!ok || which is not (Child.Arch or Child.Model or Child.Vendor) && t == PlainXmlToken.StartTag && !Skip(s)) return null;
        }
        if (arch is null || model is null) return null;
        var features = ImmutableArray.CreateBuilder<CpuFeature>(_features.Count);
        foreach (var f in _features) features.Add(f.Feature);
        return new CpuDefinition
        {
            Type = CpuType.Host,
            Arch = arch,
            Model = model.Model,
            Vendor = string.IsNullOrEmpty(vendor) ? null : vendor,
            Microcode = microcode,
            Signature = signature,
            Counter = counter,
            Topology = topology,
            Cache = cache,
            MaxPhysAddr = maxPhysAddr,
            Features = features.MoveToImmutable(),
        };
    }

    /// <summary>The children of a host <c>&lt;cpu&gt;</c> the general reader reads; any other is skipped.</summary>
    private enum Child { Feature, Arch, Model, Vendor, Microcode, Signature, Counter, Topology, Cache, MaxPhysAddr, Other }

    private static Child ChildOf(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("feature"u8) => Child.Feature,
        _ when name.SequenceEqual("arch"u8) => Child.Arch,
        _ when name.SequenceEqual("model"u8) => Child.Model,
        _ when name.SequenceEqual("vendor"u8) => Child.Vendor,
        _ when name.SequenceEqual("microcode"u8) => Child.Microcode,
        _ when name.SequenceEqual("signature"u8) => Child.Signature,
        _ when name.SequenceEqual("counter"u8) => Child.Counter,
        _ when name.SequenceEqual("topology"u8) => Child.Topology,
        _ when name.SequenceEqual("cache"u8) => Child.Cache,
        _ when name.SequenceEqual("maxphysaddr"u8) => Child.MaxPhysAddr,
        _ => Child.Other,
    };

    /// <summary>The text of an element that holds nothing but plain text (or nothing: an empty name); false for
    /// any other content. The element is read to its end.</summary>
    private bool TextOf(PlainXmlScanner s, out PoolNames.Name? text)
    {
        text = null;
        if (s.Token == PlainXmlToken.EmptyTag) return Empty(out text);
        var depth = s.Depth;
        var t = s.Next();
        if (t == PlainXmlToken.EndTag && s.Depth == depth) return Empty(out text);
        if (t != PlainXmlToken.Text || !s.TextIsPlain) return false;
        var name = s.Text.IsEmpty ? null : _names.Get(s.Text);
        if (s.Next() != PlainXmlToken.EndTag || s.Depth != depth) return false;
        text = name;
        return true;
    }

    /// <summary>An element without text: arch and model are then missing (refused), a vendor absent.</summary>
    private static bool Empty(out PoolNames.Name? text)
    {
        text = null;
        return true;
    }

    private bool Feature(PlainXmlScanner s, int cpuIndex)
    {
        if (!s.TryGetAttribute("name"u8, out var value, out var plain) || !plain || value.IsEmpty) return false;
        if (_features.Count == _limits.MaxFeatures) return false;
        var name = _names.Get(value);
        if (name.Kept)
        {
            if (name.SeenIn == cpuIndex) return false;
            name.SeenIn = cpuIndex;
        }
        else if (!_unkeptFeatures.Add(name.Text)) return false;
        _features.Add(name);
        return true;
    }

    private bool Counter(PlainXmlScanner s, out CpuCounter? counter)
    {
        counter = null;
        if (!s.TryGetAttribute("name"u8, out var name, out var plain) || !plain) return false;
        if (!Number(s, "frequency"u8, ulong.MaxValue, true, false, out var frequency)) return false;
        bool? scaling = null;
        if (s.TryGetAttribute("scaling"u8, out var sc, out plain))
        {
            if (!plain) return false;
            if (sc.SequenceEqual("yes"u8)) scaling = true;
            else if (sc.SequenceEqual("no"u8)) scaling = false;
            else return false;
        }
        counter = new CpuCounter(_names.Get(name).Text, frequency!.Value, scaling);
        return true;
    }

    private static bool Topology(PlainXmlScanner s, out CpuTopology? topology)
    {
        topology = null;
        if (!Number(s, "sockets"u8, uint.MaxValue, true, true, out var sockets) ||
            !Number(s, "dies"u8, uint.MaxValue, false, true, out var dies) ||
            !Number(s, "clusters"u8, uint.MaxValue, false, true, out var clusters) ||
            !Number(s, "cores"u8, uint.MaxValue, true, true, out var cores) ||
            !Number(s, "threads"u8, uint.MaxValue, true, true, out var threads)) return false;
        // As the general reader reads it with the newest grammar: clusters default to 1.
        var t = new CpuTopology((uint)sockets!.Value, (uint)(dies ?? 1), (uint)(clusters ?? 1), (uint)cores!.Value, (uint)threads!.Value);
        if (t.LogicalCpus > uint.MaxValue) return false;
        topology = t;
        return true;
    }

    private static bool Cache(PlainXmlScanner s, out CpuCache? cache)
    {
        cache = null;
        if (!Number(s, "level"u8, uint.MaxValue, false, false, out var level) || level is < 1 or > 3) return false;
        if (!s.TryGetAttribute("mode"u8, out var mode, out var plain) || !plain) return false;
        CacheMode? m = mode switch
        {
            _ when mode.SequenceEqual("emulate"u8) => CacheMode.Emulate,
            _ when mode.SequenceEqual("passthrough"u8) => CacheMode.Passthrough,
            _ when mode.SequenceEqual("disable"u8) => CacheMode.Disable,
            _ => null,
        };
        if (m is null) return false;
        cache = new CpuCache((uint?)level, m.Value);
        return true;
    }

    private static bool MaxPhysAddrOf(PlainXmlScanner s, out MaxPhysAddr? maxPhysAddr)
    {
        maxPhysAddr = null;
        if (!s.TryGetAttribute("mode"u8, out var mode, out var plain) || !plain) return false;
        MaxPhysAddrMode? m = mode switch
        {
            _ when mode.SequenceEqual("emulate"u8) => MaxPhysAddrMode.Emulate,
            _ when mode.SequenceEqual("passthrough"u8) => MaxPhysAddrMode.Passthrough,
            _ => null,
        };
        if (m is null ||
            !Number(s, "bits"u8, uint.MaxValue, false, false, out var bits) ||
            !Number(s, "limit"u8, uint.MaxValue, false, false, out var limit)) return false;
        maxPhysAddr = new MaxPhysAddr(m.Value, (uint?)bits, (uint?)limit);
        return true;
    }

    /// <summary>A number attribute written as plain decimal digits within <paramref name="max"/>, as
    /// <see cref="XmlValues"/> reads it; false when it would refuse it or it is written otherwise (blanks,
    /// references).</summary>
    private static bool Number(PlainXmlScanner s, ReadOnlySpan<byte> name, ulong max, bool required, bool nonZero, out ulong? value)
    {
        value = null;
        if (!s.TryGetAttribute(name, out var text, out var plain)) return !required;
        if (!plain || text.IsEmpty || text.Length > 20) return false;
        ulong v = 0;
        foreach (var c in text)
        {
            var d = (uint)(c - '0');
            if (d > 9 || v > (ulong.MaxValue - d) / 10) return false;
            v = v * 10 + d;
        }
        if (v > max || nonZero && v == 0) return false;
        value = v;
        return true;
    }

    /// <summary>Skips the inside of the element whose start tag is current, to its end tag.</summary>
    private static bool Skip(PlainXmlScanner s) => s.SkipElement();
}
