using DomainCpu.Xml;

namespace DomainCpu.Compat;

/// <summary>
/// Names the hosts of a pool for reports: a file that holds one host CPU (one capabilities document, one host
/// <c>&lt;cpu&gt;</c>) names its host; the CPUs of a file that holds several are named <c>FILE:LINE:COL</c>, where
/// their <c>&lt;cpu&gt;</c> starts. The CPUs of one file are told by their <see cref="CpuInput.Source"/>; one CPU is
/// held back at a time, so a pool is named as it streams.
/// </summary>
internal static class PoolHostNames
{
    public static IEnumerable<(string Name, CpuInput Cpu)> Of(IEnumerable<CpuInput> cpus)
    {
        CpuInput? held = null;
        var source = -1;
        foreach (var cpu in cpus)
        {
            if (cpu.Source != source)
            {
                if (held is not null) yield return (held.File, held);
                source = cpu.Source;
                held = cpu;
                continue;
            }
            if (held is not null)
            {
                yield return (At(held), held);
                held = null;
            }
            yield return (At(cpu), cpu);
        }
        if (held is not null) yield return (held.File, held);
    }

    private static string At(CpuInput cpu) => $"{cpu.File}:{cpu.Position.Line}:{cpu.Position.Column}";
}
