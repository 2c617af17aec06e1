namespace DomainCpu.Catalog;

/// <summary>Which x86 register source an item of CPU data describes.</summary>
internal enum X86DataKind
{
    /// <summary>A CPUID leaf (sorts before MSRs).</summary>
    Cpuid = 1,
    /// <summary>A model-specific register.</summary>
    Msr = 2,
}

/// <summary>The key of one item of x86 CPU data: a CPUID leaf and subleaf, or an MSR index.
/// Items sort by kind, then leaf (or index), then subleaf, as libvirt keeps them.</summary>
/// <param name="Kind">CPUID or MSR.</param>
/// <param name="Index">The CPUID leaf (eax input) or the MSR index.</param>
/// <param name="SubIndex">The CPUID subleaf (ecx input); 0 for an MSR.</param>
internal readonly record struct X86Key(X86DataKind Kind, uint Index, uint SubIndex) : IComparable<X86Key>
{
    /// <summary>A CPUID leaf key.</summary>
    public static X86Key Cpuid(uint leaf, uint subleaf = 0) => new(X86DataKind.Cpuid, leaf, subleaf);

    /// <summary>An MSR key.</summary>
    public static X86Key Msr(uint index) => new(X86DataKind.Msr, index, 0);

    /// <inheritdoc />
    public int CompareTo(X86Key other)
    {
        var c = Kind.CompareTo(other.Kind);
        if (c != 0) return c;
        c = Index.CompareTo(other.Index);
        return c != 0 ? c : SubIndex.CompareTo(other.SubIndex);
    }
}

/// <summary>The output registers of one item (an MSR uses only <see cref="Eax"/> and <see cref="Edx"/>).</summary>
/// <param name="Eax">eax (MSR: low 32 bits).</param>
/// <param name="Ebx">ebx.</param>
/// <param name="Ecx">ecx.</param>
/// <param name="Edx">edx (MSR: high 32 bits).</param>
internal readonly record struct X86Regs(uint Eax, uint Ebx, uint Ecx, uint Edx)
{
    /// <summary>Whether no bit is set.</summary>
    public bool IsZero => (Eax | Ebx | Ecx | Edx) == 0;

    /// <summary>Bitwise or.</summary>
    public X86Regs Or(X86Regs o) => new(Eax | o.Eax, Ebx | o.Ebx, Ecx | o.Ecx, Edx | o.Edx);

    /// <summary>Bitwise and.</summary>
    public X86Regs And(X86Regs o) => new(Eax & o.Eax, Ebx & o.Ebx, Ecx & o.Ecx, Edx & o.Edx);

    /// <summary>The bits of this value not set in <paramref name="o"/>.</summary>
    public X86Regs AndNot(X86Regs o) => new(Eax & ~o.Eax, Ebx & ~o.Ebx, Ecx & ~o.Ecx, Edx & ~o.Edx);

    /// <summary>Whether every bit of <paramref name="mask"/> is set here.</summary>
    public bool Covers(X86Regs mask) => And(mask) == mask;
}

/// <summary>One item of x86 CPU data.</summary>
/// <param name="Key">The leaf or MSR.</param>
/// <param name="Regs">The register bits.</param>
internal readonly record struct X86Item(X86Key Key, X86Regs Regs);
