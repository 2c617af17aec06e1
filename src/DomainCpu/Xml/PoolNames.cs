using DomainCpu.Model;

namespace DomainCpu.Xml;

/// <summary>
/// The names a pool of host CPUs repeats (architectures, models, vendors, features), each kept once as a string
/// (and, for features, as one host <see cref="CpuFeature"/>), so that reading the ten thousandth CPU of a pool
/// allocates no string. Bounded: past <see cref="Capacity"/> distinct names, a name is made afresh each time.
/// </summary>
internal sealed class PoolNames
{
    /// <summary>The most distinct names kept.</summary>
    public const int Capacity = 4096;

    private readonly Name?[] _table = new Name?[Capacity * 2];
    private int _count;

    /// <summary>One name.</summary>
    /// <param name="text">The name.</param>
    /// <param name="kept">Whether the name is kept (so each distinct name has one <see cref="Name"/>).</param>
    public sealed class Name(string text, bool kept)
    {
        private CpuFeature? _feature;
        private CpuModelName? _model;

        public string Text { get; } = text;

        public bool Kept { get; } = kept;

        /// <summary>The last CPU (by the caller's count) that listed this name as a feature.</summary>
        public int SeenIn { get; set; } = -1;

        /// <summary>A host feature of this name.</summary>
        public CpuFeature Feature => _feature ??= new CpuFeature(Text, null);

        /// <summary>A host model of this name.</summary>
        public CpuModelName Model => _model ??= new CpuModelName(Text);
    }

    /// <summary>The name these ASCII bytes spell.</summary>
    public Name Get(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes) hash = (hash ^ b) * 16777619u;
        var mask = _table.Length - 1;
        var i = (int)(hash ^ hash >> 15) & mask;
        while (_table[i] is { } n)
        {
            if (n.Text.Length == bytes.Length && Matches(n.Text, bytes)) return n;
            i = (i + 1) & mask;
        }
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        if (_count == Capacity) return new Name(text, false);
        _count++;
        return _table[i] = new Name(text, true);
    }

    private static bool Matches(string text, ReadOnlySpan<byte> bytes)
    {
        for (var k = 0; k < bytes.Length; k++)
        {
            if (text[k] != bytes[k]) return false;
        }
        return true;
    }
}
