using System.Collections.Frozen;

namespace DomainCpu.Xml;

/// <summary>A part of the guest CPU XML that later libvirt releases added.</summary>
public enum CpuXmlAddition
{
    /// <summary><c>&lt;topology clusters='N'&gt;</c>; a release with it writes <c>clusters='1'</c> on every topology.</summary>
    TopologyClusters,

    /// <summary><c>&lt;maxphysaddr limit='N'&gt;</c>.</summary>
    MaxPhysAddrLimit,

    /// <summary><c>&lt;cpu deprecated_features='on|off'&gt;</c>.</summary>
    DeprecatedFeatures,
}

/// <summary>
/// The CPU XML one libvirt release reads and writes: which <see cref="CpuXmlAddition"/>s it lacks, each with the
/// release that added it. The reader refuses what the release lacks (a finding that names the release to use), the
/// writer leaves it out. A target's libvirt profile gives the grammar of its release; <see cref="Newest"/> lacks
/// nothing.
/// </summary>
public sealed class CpuXmlGrammar
{
    private readonly FrozenDictionary<CpuXmlAddition, string> _lacking;

    /// <summary>A release's grammar.</summary>
    /// <param name="release">The release, as messages name it (<c>9.0</c>).</param>
    /// <param name="lacking">Each addition the release lacks, with the release that added it (<c>10.1</c>).</param>
    public CpuXmlGrammar(string release, IReadOnlyDictionary<CpuXmlAddition, string> lacking)
    {
        Release = release;
        _lacking = lacking.ToFrozenDictionary();
    }

    /// <summary>The grammar of the newest release DomainCpu knows: every addition.</summary>
    public static CpuXmlGrammar Newest { get; } = new("newest", new Dictionary<CpuXmlAddition, string>());

    /// <summary>The release (<c>9.0</c>).</summary>
    public string Release { get; }

    /// <summary>Whether the release has the addition.</summary>
    public bool Has(CpuXmlAddition addition) => !_lacking.ContainsKey(addition);

    /// <summary>The release that added what this release lacks; null when this release has it.</summary>
    public string? AddedIn(CpuXmlAddition addition) => _lacking.GetValueOrDefault(addition);
}
