namespace DomainCpu.Catalog;

/// <summary>A mutable accumulator of x86 data for the hot loops (model data, feature lists), so that adding
/// and removing many small feature bit sets does not allocate a new <see cref="X86Data"/> each time.</summary>
internal sealed class X86DataBuilder
{
    private readonly List<X86Item> _items;

    public X86DataBuilder(X86Data start) => _items = new List<X86Item>(start.Items);

    private int IndexOf(X86Key key) => X86Data.Search(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_items), key);

    public void Or(X86Data data)
    {
        foreach (var it in data.Items)
        {
            var i = IndexOf(it.Key);
            if (i >= 0) _items[i] = new X86Item(it.Key, _items[i].Regs.Or(it.Regs));
            else _items.Insert(~i, it);
        }
    }

    public void AndNot(X86Data data)
    {
        foreach (var it in data.Items)
        {
            var i = IndexOf(it.Key);
            if (i >= 0) _items[i] = new X86Item(it.Key, _items[i].Regs.AndNot(it.Regs));
        }
    }

    public bool Contains(X86Data subset)
    {
        foreach (var it in subset.Items)
        {
            var i = IndexOf(it.Key);
            if (i < 0 || !_items[i].Regs.Covers(it.Regs)) return false;
        }
        return true;
    }

    public X86Data ToData() => X86Data.Of(_items);
}
