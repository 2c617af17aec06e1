using System.Collections.Immutable;

namespace DomainCpu.Catalog.Qemu;

/// <summary>
/// Turns the QEMU-generated catalog into the <see cref="CpuCatalog"/> the x86 algorithms (decode, compare,
/// baseline, update) work on, so every command has a catalog without a libvirt cpu_map directory.
/// Models are QEMU's versions (<c>Haswell-v2</c>), then its named aliases (<c>Haswell-noTSX</c>), then the
/// unversioned names as the given machine type resolves them; later entries win decoding ties, so the
/// familiar names are preferred. Models named as in libvirt's cpu_map carry libvirt's removed features.
/// </summary>
internal static class QemuCatalogAdapter
{
    /// <summary>Builds the x86 catalog of a QEMU catalog for a machine type (the default machine type when null).</summary>
    public static CpuCatalog ToCpuCatalog(QemuCatalog qemu, QemuMachineType? machine = null)
    {
        machine ??= qemu.DefaultMachine;
        var vendors = qemu.Vendors.Select(v => new VendorInfo(v.Name, v.CpuidString)).ToImmutableArray();
        var byCpuid = vendors.ToDictionary(v => v.CpuidString, StringComparer.Ordinal);

        var features = ImmutableArray.CreateBuilder<FeatureInfo>();
        var indexOf = new Dictionary<int, int>();
        foreach (var f in qemu.Features)
        {
            if (f.Bit is not { } bit) continue;
            indexOf[f.Index] = features.Count;
            features.Add(new FeatureInfo(f.Name, features.Count, DataOf(bit), f.Migratable));
        }

        var models = ImmutableArray.CreateBuilder<CpuModel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string name, QemuModelVersion v)
        {
            if (!seen.Add(name)) return;
            var set = FeatureSet.Of(v.Features.Indices().Where(indexOf.ContainsKey).Select(i => indexOf[i]));
            var data = set.Indices().Aggregate(X86Data.Empty, (d, i) => d.Union(features[i].Data));
            byCpuid.TryGetValue(v.Vendor, out var vendor);
            var signature = new ModelSignature((uint)v.Family, (uint)v.ModelNumber, null);
            models.Add(new CpuModel(name, models.Count, true, true, vendor, ImmutableArray.Create(signature), data, set,
                LibvirtRemovedFeatures.Of(name)));
        }
        foreach (var m in qemu.Models)
        {
            foreach (var v in m.Versions) Add(v.Name, v);
        }
        foreach (var m in qemu.Models)
        {
            foreach (var (alias, number) in m.Aliases) Add(alias, m.Version(number)!);
        }
        foreach (var m in qemu.Models)
        {
            if (qemu.Resolve(m.Name, machine) is { } r) Add(m.Name, r.Version);
        }
        return new CpuCatalog(vendors, features.ToImmutable(), models.ToImmutable());
    }

    internal static X86Data DataOf(QemuFeatureBit bit)
    {
        var mask = 1u << bit.Bit;
        var regs = bit.Register switch
        {
            CpuidRegister.Eax => new X86Regs(mask, 0, 0, 0),
            CpuidRegister.Ebx => new X86Regs(0, mask, 0, 0),
            CpuidRegister.Ecx => new X86Regs(0, 0, mask, 0),
            _ => new X86Regs(0, 0, 0, mask),
        };
        var key = bit.IsMsr ? X86Key.Msr(bit.Leaf) : X86Key.Cpuid(bit.Leaf, bit.Subleaf);
        return X86Data.Of(key, regs);
    }
}
