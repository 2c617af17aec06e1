using System.Buffers.Binary;
using System.Text;
using DomainCpu.Model;

namespace DomainCpu.Host;

/// <summary>The 12-character vendor string of CPUID leaf 0 (bytes 0–3 in ebx, 4–7 in edx, 8–11 in ecx).</summary>
internal static class CpuidVendor
{
    /// <summary>The vendor string of the data (such as <c>GenuineIntel</c>), or null when leaf 0 is absent or
    /// its vendor registers are all zero.</summary>
    public static string? Of(CpuidData data)
    {
        if (data.Find(0) is not { } leaf || (leaf.Ebx | leaf.Ecx | leaf.Edx) == 0) return null;
        var bytes = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0), leaf.Ebx);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), leaf.Edx);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), leaf.Ecx);
        return Encoding.Latin1.GetString(bytes);
    }

    /// <summary>Leaf 0 carrying a vendor string (eax, the highest basic leaf, left zero as libvirt does when it
    /// sets a vendor on CPU data).</summary>
    /// <exception cref="ArgumentException">The string is not 12 characters.</exception>
    public static CpuidLeaf Leaf(string vendor)
    {
        if (vendor.Length != 12) throw new ArgumentException($"a CPUID vendor string has 12 characters, not {vendor.Length}: '{vendor}'", nameof(vendor));
        var bytes = Encoding.Latin1.GetBytes(vendor);
        return new CpuidLeaf(0, 0, 0,
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(0)),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
    }

    /// <summary>The four bytes of a register, least significant first (the order CPUID strings use).</summary>
    internal static byte[] Bytes(uint register)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, register);
        return b;
    }
}
