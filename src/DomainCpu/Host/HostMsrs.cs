using DomainCpu.Catalog;
using DomainCpu.Model;
using DomainCpu.Targets;

namespace DomainCpu.Host;

/// <summary>
/// Model-specific registers of this machine, read the way libvirt's host probe reads them. libvirt 9.0 reads only
/// IA32_ARCH_CAPABILITIES (0x10a), and only when CPUID says it exists (leaf 7 edx bit 29, <c>arch-capabilities</c>);
/// later releases read every MSR their cpu_map defines features with (<see cref="LibvirtRules.HostProbeReadsEveryMapMsr"/>).
/// Each is read from <c>/dev/cpu/0/msr</c> (root and the msr module) or, if that cannot be opened or read, as KVM's
/// feature MSR (<c>/dev/kvm</c>, what KVM would offer a guest). Without either the MSR is simply absent, and so are the
/// features it carries (<c>rdctl-no</c>, <c>mds-no</c>, vmx-* …) — as in libvirt.
/// </summary>
internal static class HostMsrs
{
    /// <summary>The IA32_ARCH_CAPABILITIES MSR index.</summary>
    public const uint ArchCapabilities = 0x10a;

    private const string MsrDevice = "/dev/cpu/0/msr";

    /// <summary>Adds the MSRs <paramref name="libvirt"/>'s host probe reads to probed CPUID data.</summary>
    /// <param name="data">The CPUID data of this machine.</param>
    /// <param name="libvirt">The release whose probe is reproduced.</param>
    /// <param name="catalog">The cpu_map whose MSR-defined features say which MSRs to read.</param>
    /// <param name="read">Reads an MSR (null when it cannot); <see cref="Read"/> on a real host.</param>
    public static CpuidData Probe(CpuidData data, LibvirtProfile libvirt, CpuCatalog catalog, Func<uint, ulong?> read) =>
        libvirt.Has(LibvirtRules.HostProbeReadsEveryMapMsr) ? WithMapMsrs(data, catalog, read) : WithArchCapabilities(data, read);

    /// <summary>Adds every MSR the catalog's features are defined with, in catalog order, each that can be read.</summary>
    public static CpuidData WithMapMsrs(CpuidData data, CpuCatalog catalog, Func<uint, ulong?> read)
    {
        var indices = catalog.Features.SelectMany(f => f.Data.Items).Where(i => i.Key.Kind == X86DataKind.Msr).Select(i => i.Key.Index).Distinct();
        var msrs = data.Msrs.ToBuilder();
        foreach (var index in indices)
        {
            if (read(index) is { } value) msrs.Add(new MsrValue(index, (uint)value, (uint)(value >> 32)));
        }
        return msrs.Count == data.Msrs.Length ? data : data with { Msrs = msrs.ToImmutable() };
    }

    /// <summary>Adds IA32_ARCH_CAPABILITIES to probed data when the CPU reports it and it can be read.</summary>
    /// <param name="data">The CPUID data of this machine.</param>
    /// <param name="read">Reads an MSR (null when it cannot); <see cref="Read"/> on a real host.</param>
    public static CpuidData WithArchCapabilities(CpuidData data, Func<uint, ulong?> read)
    {
        if (!data.HasBit(7, 0, CpuidRegister.Edx, 29)) return data;
        if (read(ArchCapabilities) is not { } value) return data;
        return data with { Msrs = data.Msrs.Add(new MsrValue(ArchCapabilities, (uint)value, (uint)(value >> 32))) };
    }

    /// <summary>Reads an MSR of CPU 0: the msr device first, then KVM's feature MSRs; null when neither answers.</summary>
    public static ulong? Read(uint index)
    {
        if (!OperatingSystem.IsLinux()) return null;
        switch (ReadDevice(index))
        {
            case { Unsupported: true }: return null;
            case { Value: { } v }: return v;
        }
        return LinuxKvm.FeatureMsr(index);
    }

    /// <summary>The msr device's answer: a value; unsupported (the CPU has no such MSR: no KVM fallback, as in
    /// libvirt); or neither (no device, no permission).</summary>
    private static (ulong? Value, bool Unsupported) ReadDevice(uint index)
    {
        try
        {
            using var handle = File.OpenHandle(MsrDevice, FileMode.Open, FileAccess.Read);
            Span<byte> buffer = stackalloc byte[8];
            var n = RandomAccess.Read(handle, buffer, index);
            return n == 8 ? (BitConverter.ToUInt64(buffer), false) : (null, false);
        }
        catch (IOException ex) when (ex.HResult == 5 || ex.Message.Contains("Input/output error", StringComparison.Ordinal))
        {
            return (null, true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return (null, false);
        }
    }
}
