using System.Collections.Immutable;
using DomainCpu.Xml;

namespace DomainCpu.Targets;

/// <summary>
/// What one libvirt release does: its version and the rules (<see cref="LibvirtRules"/>) it has. DomainCpu verifies
/// its answers against the <see cref="Supported"/> releases (9.0, 11.3, 12.8); any other version gets the rules
/// introduced up to it (<see cref="For"/>), so libvirt 10.x answers as 9.0 plus what 10.x already shares with 11.3.
/// </summary>
public sealed class LibvirtProfile
{
    private LibvirtProfile(ReleaseVersion version, bool verified, ReleaseVersion companionQemu)
    {
        Version = version;
        Verified = verified;
        CompanionQemu = companionQemu;
        Rules = LibvirtRules.All.Where(r => r.Since <= version).ToImmutableHashSet();
        CpuXml = new CpuXmlGrammar(version.ToString(),
            CpuXmlAdditions.Where(a => !Rules.Contains(a.Rule)).ToDictionary(a => a.Addition, a => a.Rule.Since.ToString()));
    }

    /// <summary>The rule that brought each addition to the CPU XML.</summary>
    private static readonly (CpuXmlAddition Addition, LibvirtRule Rule)[] CpuXmlAdditions =
    [
        (CpuXmlAddition.TopologyClusters, LibvirtRules.ClustersInTopology),
        (CpuXmlAddition.MaxPhysAddrLimit, LibvirtRules.MaxPhysAddrLimit),
        (CpuXmlAddition.DeprecatedFeatures, LibvirtRules.DeprecatedCpuFeatures),
    ];

    /// <summary>The libvirt release.</summary>
    public ReleaseVersion Version { get; }

    /// <summary>Whether this release is one DomainCpu's conformance suite checks (9.0, 11.3, 12.8).</summary>
    public bool Verified { get; }

    /// <summary>The QEMU release the distribution of this libvirt ships (Debian 12: 7.2, Debian 13: 10.0, sid: 11.1):
    /// the QEMU a target assumes when nothing names one.</summary>
    public ReleaseVersion CompanionQemu { get; }

    /// <summary>The rules this release has.</summary>
    public ImmutableHashSet<LibvirtRule> Rules { get; }

    /// <summary>The CPU XML this release reads and writes.</summary>
    public CpuXmlGrammar CpuXml { get; }

    /// <summary>Whether this release has <paramref name="rule"/>.</summary>
    public bool Has(LibvirtRule rule) => Rules.Contains(rule);

    /// <summary>libvirt 9.0 (Debian 12).</summary>
    public static LibvirtProfile Libvirt90 { get; } = new(new(9, 0), verified: true, companionQemu: new(7, 2));

    /// <summary>libvirt 11.3 (Debian 13).</summary>
    public static LibvirtProfile Libvirt113 { get; } = new(new(11, 3), verified: true, companionQemu: new(10, 0));

    /// <summary>libvirt 12.8 (Debian sid).</summary>
    public static LibvirtProfile Libvirt128 { get; } = new(new(12, 8), verified: true, companionQemu: new(11, 1));

    /// <summary>The releases the conformance suite checks, oldest first.</summary>
    public static IReadOnlyList<LibvirtProfile> Supported { get; } = [Libvirt90, Libvirt113, Libvirt128];

    /// <summary>The newest supported release: the answer when nothing names one.</summary>
    public static LibvirtProfile Newest => Supported[^1];

    /// <summary>The profile of any libvirt release: a supported one itself, any other with the rules introduced up
    /// to it. Releases before 9.0 and after the newest supported one are refused.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The release is older than 9.0 or newer than the newest supported one's major
    /// release.</exception>
    public static LibvirtProfile For(ReleaseVersion version)
    {
        var exact = Supported.FirstOrDefault(p => p.Version.Major == version.Major && p.Version.Minor == version.Minor);
        if (exact is not null) return exact;
        if (version < Libvirt90.Version || version.Major > Newest.Version.Major)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version,
                $"libvirt {version} is not supported: DomainCpu answers as libvirt {Libvirt90.Version} to {Newest.Version.Major}.x");
        }
        var older = Supported.Last(p => p.Version <= version);
        return new LibvirtProfile(new ReleaseVersion(version.Major, version.Minor), verified: false, older.CompanionQemu);
    }

    /// <summary>Profiles are equal when they are of the same release.</summary>
    public override bool Equals(object? obj) => obj is LibvirtProfile p && p.Version == Version;

    /// <inheritdoc />
    public override int GetHashCode() => Version.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => $"libvirt {Version}";
}
