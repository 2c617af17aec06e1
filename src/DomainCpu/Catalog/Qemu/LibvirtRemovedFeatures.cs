using System.Collections.Immutable;

namespace DomainCpu.Catalog.Qemu;

/// <summary>
/// The features libvirt 9.0's cpu_map marks as removed from a model (<c>removed='yes'</c>): the model once had
/// them, and libvirt lists them as disabled in every guest CPU of that model so the guest keeps the CPU it was
/// defined with. A catalog generated from QEMU cannot know them, so the embedded one takes them from here.
/// </summary>
internal static class LibvirtRemovedFeatures
{
    private static readonly ImmutableDictionary<string, ImmutableArray<string>> ByModel = new Dictionary<string, ImmutableArray<string>>
    {
        ["Icelake-Client"] = ["intel-pt"],
        ["Icelake-Client-noTSX"] = ["intel-pt"],
        ["Icelake-Server"] = ["intel-pt"],
        ["Icelake-Server-noTSX"] = ["intel-pt"],
        ["EPYC"] = ["monitor"],
        ["EPYC-IBPB"] = ["monitor"],
        ["Opteron_G3"] = ["monitor"],
        ["Dhyana"] = ["monitor"],
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>The removed features of a libvirt model name; empty for other names.</summary>
    public static ImmutableArray<string> Of(string model) => ByModel.GetValueOrDefault(model, ImmutableArray<string>.Empty);
}
