using System.Collections.Frozen;

namespace DomainCpu.Catalog.Qemu;

/// <summary>One resolver between the spellings of a feature: libvirt's (<c>lahf_lm</c>, <c>pclmuldq</c>,
/// <c>sse4.1</c>, <c>tsc_adjust</c>), QEMU's canonical property and its aliases (<c>lahf-lm</c>,
/// <c>pclmulqdq</c>, <c>sse4-1</c>/<c>sse4_1</c>, <c>tsc-adjust</c>) and Linux's (<c>cqm</c>). Built from the
/// catalog's data: the QEMU aliases are those QEMU itself reports, the others come from libvirt's feature table.</summary>
internal sealed class FeatureNameResolver
{
    private readonly FrozenDictionary<string, QemuFeature> _any;
    private readonly FrozenDictionary<string, QemuFeature> _qemu;

    /// <summary>Indexes the features. Where spellings collide, libvirt names win over QEMU names, which win over
    /// QEMU aliases, which win over Linux names.</summary>
    public FeatureNameResolver(IEnumerable<QemuFeature> features)
    {
        var list = features.ToList();
        var any = new Dictionary<string, QemuFeature>(StringComparer.Ordinal);
        var qemu = new Dictionary<string, QemuFeature>(StringComparer.Ordinal);
        foreach (var f in list) any.TryAdd(f.Name, f);
        foreach (var f in list.Where(f => f.QemuName is not null))
        {
            any.TryAdd(f.QemuName!, f);
            qemu.TryAdd(f.QemuName!, f);
        }
        foreach (var f in list)
        {
            foreach (var a in f.QemuAliases)
            {
                any.TryAdd(a, f);
                qemu.TryAdd(a, f);
            }
        }
        foreach (var f in list)
        {
            foreach (var a in f.LinuxAliases) any.TryAdd(a, f);
        }
        _any = any.ToFrozenDictionary(StringComparer.Ordinal);
        _qemu = qemu.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The feature spelled this way in libvirt, QEMU or Linux, or null.</summary>
    public QemuFeature? Find(string spelling) => _any.GetValueOrDefault(spelling);

    /// <summary>The feature of a QEMU property name (canonical or alias), or null.</summary>
    public QemuFeature? FindQemu(string propName) => _qemu.GetValueOrDefault(propName);

    /// <summary>libvirt's spelling of a feature given in any spelling, or null when unknown.</summary>
    public string? ToLibvirt(string spelling) => Find(spelling)?.Name;

    /// <summary>QEMU's canonical property name of a feature given in any spelling, or null when unknown (or unknown to QEMU).</summary>
    public string? ToQemu(string spelling) => Find(spelling)?.QemuName;
}
