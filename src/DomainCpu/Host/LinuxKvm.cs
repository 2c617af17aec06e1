using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DomainCpu.Host;

/// <summary>
/// The few KVM ioctls libvirt's host probe uses on Linux: the TSC frequency of a throw-away vCPU, TSC scaling
/// support, and KVM's feature MSRs (what KVM would let a guest see of an MSR such as IA32_ARCH_CAPABILITIES).
/// Every call is best effort: without <c>/dev/kvm</c> or the right to open it the answer is null.
/// </summary>
internal static class LinuxKvm
{
    private const string Device = "/dev/kvm";

    // ioctl numbers of <linux/kvm.h> (KVMIO = 0xAE) on x86.
    private const nuint KvmCreateVm = 0xAE01;
    private const nuint KvmCheckExtension = 0xAE03;
    private const nuint KvmCreateVcpu = 0xAE41;
    private const nuint KvmGetTscKhz = 0xAEA3;
    private const nuint KvmGetMsrs = 0xC008AE88; // _IOWR(KVMIO, 0x88, struct kvm_msrs) with an 8-byte header
    private const nint KvmCapTscControl = 60;

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int Ioctl(int fd, nuint request, nint arg);

    /// <summary>The TSC frequency (Hz) and whether KVM can scale it, as libvirt reports in the host counter;
    /// null when KVM cannot be asked.</summary>
    public static (ulong FrequencyHz, bool Scaling)? TscInfo()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            using var kvm = File.OpenHandle(Device, FileMode.Open, FileAccess.Read);
            var kvmFd = (int)kvm.DangerousGetHandle();
            using var vm = Owned(Ioctl(kvmFd, KvmCreateVm, 0));
            if (vm is null) return null;
            using var vcpu = Owned(Ioctl((int)vm.DangerousGetHandle(), KvmCreateVcpu, 0));
            if (vcpu is null) return null;
            var khz = Ioctl((int)vcpu.DangerousGetHandle(), KvmGetTscKhz, 0);
            if (khz < 0) return null;
            var scaling = Ioctl(kvmFd, KvmCheckExtension, KvmCapTscControl);
            if (scaling < 0) return null;
            return ((ulong)khz * 1000, scaling > 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>KVM's value of a feature MSR; null when KVM cannot be asked.</summary>
    public static ulong? FeatureMsr(uint index)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            using var kvm = File.OpenHandle(Device, FileMode.Open, FileAccess.Read);
            // struct kvm_msrs { u32 nmsrs; u32 pad; struct kvm_msr_entry { u32 index; u32 reserved; u64 data; } entries[1]; }
            var buffer = Marshal.AllocHGlobal(24);
            try
            {
                Marshal.WriteInt64(buffer, 0, 1);
                Marshal.WriteInt64(buffer, 8, index);
                Marshal.WriteInt64(buffer, 16, 0);
                if (Ioctl((int)kvm.DangerousGetHandle(), KvmGetMsrs, buffer) < 0) return null;
                return unchecked((ulong)Marshal.ReadInt64(buffer, 16));
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static SafeFileHandle? Owned(int fd) => fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
}
