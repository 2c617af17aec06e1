namespace DomainCpu.Catalog;

/// <summary>
/// The catalog's name lookup (features, models): an open-addressing table whose hash reads only the length and
/// five characters. Compare and baseline look up every feature name of every CPU, and the names come from
/// parsed XML (each a fresh string), so this lookup is most of their cost; a fixed table of a few hundred names
/// at a quarter full keeps probe runs short without hashing every character.
/// </summary>
internal sealed class NameIndex<T> where T : class
{
    private readonly string?[] _names;
    private readonly T?[] _values;
    private readonly int _mask;

    /// <summary>An index of the items by name; names must be unique.</summary>
    public NameIndex(IEnumerable<T> items, Func<T, string> name)
    {
        var list = items.ToList();
        var size = 16;
        while (size < list.Count * 4) size <<= 1;
        _names = new string?[size];
        _values = new T?[size];
        _mask = size - 1;
        foreach (var item in list)
        {
            var n = name(item);
            var i = Hash(n) & _mask;
            while (_names[i] is { } taken)
            {
                if (taken == n) throw new ArgumentException($"duplicate name {n}", nameof(items));
                i = (i + 1) & _mask;
            }
            _names[i] = n;
            _values[i] = item;
        }
    }

    /// <summary>The item of that name, or null.</summary>
    public T? Find(string name)
    {
        var i = Hash(name) & _mask;
        while (_names[i] is { } n)
        {
            if (string.Equals(n, name)) return _values[i];
            i = (i + 1) & _mask;
        }
        return null;
    }

    private static int Hash(string s)
    {
        var n = s.Length;
        if (n == 0) return 0;
        var h = (uint)n * 0x9E3779B1u;
        h = (h ^ s[0]) * 0x85EBCA77u;
        h = (h ^ s[n >> 1]) * 0xC2B2AE3Du;
        h = (h ^ s[n - 1]) * 0x27D4EB2Fu;
        if (n > 2) h = (h ^ s[1] ^ (uint)s[n - 2] << 16) * 0x165667B1u;
        return (int)(h ^ h >> 15);
    }
}
