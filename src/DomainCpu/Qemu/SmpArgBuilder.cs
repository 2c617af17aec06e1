using System.Globalization;
using System.Text;
using DomainCpu.Model;
using DomainCpu.Start;
using DomainCpu.Diagnostics;
using DomainCpu.Targets;

namespace DomainCpu.Qemu;

/// <summary>
/// Builds the <c>-smp</c> value as libvirt does (<c>qemuBuildSmpCommandLine</c>, SPEC §6.2):
/// <c>N[,maxcpus=M],sockets=S[,dies=D][,clusters=K],cores=C,threads=T</c>; <c>clusters=</c> where the release has
/// <see cref="LibvirtRules.ClustersInTopology"/> and QEMU takes it.
/// </summary>
internal static class SmpArgBuilder
{
    /// <summary>Builds the value.</summary>
    /// <exception cref="Diagnostics.DomainCpuException">dies or clusters other than 1 without QEMU support.</exception>
    public static string Build(ArgvDomain domain, CpuDefinition? cpu, QemuCapabilities caps, LibvirtProfile libvirt)
    {
        var max = domain.Info.MaxVcpus ?? 1;
        var n = domain.BootVcpus;
        var sb = new StringBuilder();
        sb.Append(n.ToString(CultureInfo.InvariantCulture));
        if (n != max) sb.Append(",maxcpus=").Append(max.ToString(CultureInfo.InvariantCulture));
        if (cpu?.Topology is { } t)
        {
            var clusters = libvirt.Has(LibvirtRules.ClustersInTopology) ? t.Clusters ?? 1 : (uint?)null;
            if (t.Dies != 1 && !caps.Has(QemuCapabilityFlags.SmpDies)) throw domain.Error("topology", Diagnoses.OneDiePerSocket());
            var smpClusters = caps.Has(QemuCapabilityFlags.SmpClusters);
            if (clusters is not (null or 1) && !smpClusters) throw domain.Error("topology", Diagnoses.OneClusterPerDie());
            sb.Append(",sockets=").Append(t.Sockets.ToString(CultureInfo.InvariantCulture));
            if (caps.Has(QemuCapabilityFlags.SmpDies)) sb.Append(",dies=").Append(t.Dies.ToString(CultureInfo.InvariantCulture));
            if (clusters is { } k && smpClusters) sb.Append(",clusters=").Append(k.ToString(CultureInfo.InvariantCulture));
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
