using System.Globalization;

namespace DomainCpu.Expansion;

/// <summary>
/// The concrete version QEMU 7.2 runs for an unversioned x86 model name on a machine type: machine types from
/// 4.1 on (and the <c>pc</c>/<c>q35</c> aliases) resolve every model to <c>-v1</c>; <c>microvm</c> to the latest
/// version; older machine types run the legacy unversioned definition, which has no versioned name.
/// </summary>
public static class ModelVersions
{
    /// <summary>Each versioned base model with the version microvm resolves it to (QEMU 7.2).</summary>
    private static readonly Dictionary<string, string> MicrovmVersion = new(StringComparer.Ordinal)
    {
        ["486"] = "486-v1",
        ["athlon"] = "athlon-v1",
        ["Broadwell"] = "Broadwell-v4",
        ["Cascadelake-Server"] = "Cascadelake-Server-v5",
        ["Conroe"] = "Conroe-v1",
        ["Cooperlake"] = "Cooperlake-v2",
        ["core2duo"] = "core2duo-v1",
        ["coreduo"] = "coreduo-v1",
        ["Denverton"] = "Denverton-v3",
        ["Dhyana"] = "Dhyana-v2",
        ["EPYC"] = "EPYC-v3",
        ["EPYC-Milan"] = "EPYC-Milan-v1",
        ["EPYC-Rome"] = "EPYC-Rome-v2",
        ["Haswell"] = "Haswell-v4",
        ["Icelake-Server"] = "Icelake-Server-v6",
        ["IvyBridge"] = "IvyBridge-v2",
        ["KnightsMill"] = "KnightsMill-v1",
        ["kvm32"] = "kvm32-v1",
        ["kvm64"] = "kvm64-v1",
        ["n270"] = "n270-v1",
        ["Nehalem"] = "Nehalem-v2",
        ["Opteron_G1"] = "Opteron_G1-v1",
        ["Opteron_G2"] = "Opteron_G2-v1",
        ["Opteron_G3"] = "Opteron_G3-v1",
        ["Opteron_G4"] = "Opteron_G4-v1",
        ["Opteron_G5"] = "Opteron_G5-v1",
        ["Penryn"] = "Penryn-v1",
        ["pentium"] = "pentium-v1",
        ["pentium2"] = "pentium2-v1",
        ["pentium3"] = "pentium3-v1",
        ["phenom"] = "phenom-v1",
        ["qemu32"] = "qemu32-v1",
        ["qemu64"] = "qemu64-v1",
        ["SandyBridge"] = "SandyBridge-v2",
        ["Skylake-Client"] = "Skylake-Client-v4",
        ["Skylake-Server"] = "Skylake-Server-v5",
        ["Snowridge"] = "Snowridge-v4",
        ["Westmere"] = "Westmere-v2",
    };

    /// <summary>Whether QEMU knows versions of this (unversioned) model.</summary>
    public static bool IsVersioned(string model) => MicrovmVersion.ContainsKey(model);

    /// <summary>The concrete version an unversioned model runs as on the machine type, or null when there is
    /// nothing to pin (already versioned, an alias, not a QEMU model, or a pre-4.1 machine type).</summary>
    /// <param name="model">The model name as written in the domain.</param>
    /// <param name="machine">The machine type; null means QEMU's default machine type.</param>
    public static string? Pin(string model, string? machine)
    {
        if (!MicrovmVersion.TryGetValue(model, out var latest)) return null;
        return ResolvesToFirstVersion(machine) switch
        {
            true => model + "-v1",
            false when machine == "microvm" => latest,
            _ => null,
        };
    }

    private static bool? ResolvesToFirstVersion(string? machine)
    {
        if (machine is null or "pc" or "q35" or "none") return true;
        if (machine == "microvm") return false;
        foreach (var prefix in new[] { "pc-i440fx-", "pc-q35-" })
        {
            if (!machine.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var parts = machine[prefix.Length..].Split('.');
            if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) ||
                !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
            {
                return null;
            }
            return major > 4 || major == 4 && minor >= 1 ? true : null;
        }
        return null;
    }
}
