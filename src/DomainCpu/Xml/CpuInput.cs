using DomainCpu.Diagnostics;
using DomainCpu.Model;

namespace DomainCpu.Xml;

/// <summary>One CPU read from an input file, with where it came from, so that a finding about it (a refused compare or
/// baseline) names the file, line and column of its <c>&lt;cpu&gt;</c>.</summary>
/// <param name="Cpu">The CPU.</param>
/// <param name="File">The file name as the user gave it (<c>-</c> for standard input).</param>
/// <param name="Position">Where its <c>&lt;cpu&gt;</c> starts (for domain capabilities, its host-model <c>&lt;mode&gt;</c>).</param>
public sealed record CpuInput(CpuDefinition Cpu, string File, SourcePosition Position)
{
    /// <summary>Which input of a pool the CPU came from (its index among the files read).</summary>
    public int Source { get; init; }

    /// <summary>What the CPU is when it is a guest's (a domain's, or a standalone &lt;cpu&gt; without &lt;arch&gt;);
    /// null for a host CPU, domain capabilities' host-model included.</summary>
    public string? GuestOrigin { get; init; }

    /// <summary>This CPU, refused where a host CPU is expected (a pool's hosts) when it is a guest's.</summary>
    /// <exception cref="DomainCpuException">It is a guest CPU (DC1501).</exception>
    public CpuInput AsHost() => GuestOrigin is { } what ? throw DomainCpuException.At(File, Position, Diagnoses.GuestCpuAsHost(what)) : this;

    /// <summary>A refusal about this CPU placed at it (an operation on CPUs refuses without a position).</summary>
    /// <param name="refusal">The refusal.</param>
    public DomainCpuException Placed(DomainCpuException refusal) => DomainCpuException.At(File, Position, refusal.Diagnostic);

    /// <summary>
    /// The CPUs of an input the way virsh finds them: top-level <c>&lt;cpu&gt;</c> elements (several may follow each
    /// other), a domain's CPU, the host CPU of host capabilities, the host-model CPU of domain capabilities, and (as
    /// libvirt's tests write them) the CPUs of a <c>&lt;cpuTest&gt;</c> wrapper. A pool of plain host CPUs is read
    /// without building trees.
    /// </summary>
    /// <param name="xml">The input's bytes.</param>
    /// <param name="file">The name findings give.</param>
    /// <returns>At least one CPU, in input order.</returns>
    /// <exception cref="DomainCpuException">The input is refused, or holds no CPU (DC1020).</exception>
    public static IReadOnlyList<CpuInput> ReadAll(byte[] xml, string file)
    {
        if (HostCpuPoolReader.TryRead(xml) is { Count: > 1 } pool) return pool.Select(p => new CpuInput(p.Cpu, file, p.Position)).ToList();
        return CpuInputReader.Read(xml, file);
    }
}
