namespace DomainCpu.Catalog;

/// <summary>A CPU vendor of the catalog.</summary>
/// <param name="Name">The libvirt name (<c>Intel</c>, <c>AMD</c>, <c>Hygon</c>).</param>
/// <param name="CpuidString">The 12-character CPUID vendor string (<c>GenuineIntel</c>).</param>
internal sealed record VendorInfo(string Name, string CpuidString)
{
    /// <summary>CPUID leaf 0 with the vendor string in ebx, edx, ecx (four bytes each, little-endian).</summary>
    public X86Data Data { get; } = X86Data.Of(X86Key.Cpuid(0), new X86Regs(0, Chunk(CpuidString, 0), Chunk(CpuidString, 8), Chunk(CpuidString, 4)));

    private static uint Chunk(string s, int at) =>
        (uint)s[at] | (uint)s[at + 1] << 8 | (uint)s[at + 2] << 16 | (uint)s[at + 3] << 24;
}
