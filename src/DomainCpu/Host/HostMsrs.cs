using DomainCpu.Model;

namespace DomainCpu.Host;

/// <summary>
/// Model-specific registers of this machine, read the way libvirt's host probe reads them. Only
/// IA32_ARCH_CAPABILITIES (0x10a) is read, and only when CPUID says it exists (leaf 7 edx bit 29,
/// <c>arch-capabilities</c>). First <c>/dev/cpu/0/msr</c> (root and the msr module); if that cannot be opened
/// or read, KVM's feature MSR (<c>/dev/kvm</c>, what KVM would offer a guest). Without either the MSR is simply
/// absent, and so are the features it carries (<c>rdctl-no</c>, <c>mds-no</c>, …) — as in libvirt.
/// </summary>
public static class HostMsrs
{
    /// <summary>The IA32_ARCH_CAPABILITIES MSR index.</summary>
    public const uint ArchCapabilities = 0x10a;

    private const string MsrDevice = "/dev/cpu/0/msr";

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
