using System.Collections.Immutable;

namespace DomainCpu.Catalog.Qemu;

/// <summary>The defaults an accelerator sets on every named CPU model (TCG turns <c>vme</c> off; KVM turns its
/// paravirtual features on), kept apart from the model definitions.</summary>
/// <param name="Name">tcg or kvm.</param>
/// <param name="Probed">True when the catalog was generated under this accelerator (its defaults are then already
/// reflected in the model definitions, which cannot show the values they replaced).</param>
/// <param name="Defaults">The properties set.</param>
internal sealed record QemuAccelerator(string Name, bool Probed, ImmutableArray<QemuPropOverride> Defaults)
{
    /// <summary>The MSR-based features (QEMU names) the accelerator supports when a CPU asks for them. QEMU's own
    /// host CPU (<c>max</c>) does not show them all: it never turns IA32_ARCH_CAPABILITIES' bits on by itself, yet
    /// TCG in QEMU 10.0 and 11.1 lets a model keep most of them. Probed by the generator under the accelerator it
    /// ran under; empty for the other.</summary>
    public ImmutableArray<string> Offers { get; init; } = [];
}
