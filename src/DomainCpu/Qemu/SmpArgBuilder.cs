using System.Globalization;
using System.Text;
using DomainCpu.Model;
using DomainCpu.Start;
using DomainCpu.Diagnostics;

namespace DomainCpu.Qemu;

/// <summary>
/// Builds the <c>-smp</c> value as libvirt 9.0 does (<c>qemuBuildSmpCommandLine</c>, SPEC §6.2):
/// <c>N[,maxcpus=M],sockets=S[,dies=D],cores=C,threads=T</c>.
/// </summary>
internal static class SmpArgBuilder
{
    /// <summary>Builds the value.</summary>
    /// <exception cref="Diagnostics.DomainCpuException">dies other than 1 without QEMU support.</exception>
    public static string Build(ArgvDomain domain, CpuDefinition? cpu, QemuCapabilities caps)
    {
        var max = domain.Info.MaxVcpus ?? 1;
        var n = domain.BootVcpus;
        var sb = new StringBuilder();
        sb.Append(n.ToString(CultureInfo.InvariantCulture));
        if (n != max) sb.Append(",maxcpus=").Append(max.ToString(CultureInfo.InvariantCulture));
        if (cpu?.Topology is { } t)
        {
            sb.Append(",sockets=").Append(t.Sockets.ToString(CultureInfo.InvariantCulture));
            if (caps.Has(QemuCapabilityFlags.SmpDies)) sb.Append(",dies=").Append(t.Dies.ToString(CultureInfo.InvariantCulture));
            else if (t.Dies != 1) throw domain.Error("topology", Diagnoses.OneDiePerSocket());
            sb.Append(",cores=").Append(t.Cores.ToString(CultureInfo.InvariantCulture));
            sb.Append(",threads=").Append(t.Threads.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append(",sockets=").Append(max.ToString(CultureInfo.InvariantCulture)).Append(",cores=1,threads=1");
        }
        return sb.ToString();
    }
}
