namespace DomainCpu.Conformance;

/// <summary>The cputest update pass-rate floors (they only go up) and the reason for every case we miss.</summary>
public static class UpdateFloors
{
    public static readonly IReadOnlyDictionary<string, double> Floors = new Dictionary<string, double>
    {
        ["update"] = 4.0 / 5,
        ["guestcpu"] = 3.0 / 10,
        ["cpuid-updatelive"] = 0.0,
    };

    private const string OptionalNeedsModel =
        "an optional feature the host lacks but does not list as disabled: deciding needs the host model's features from the x86 catalog";

    private const string ModelList =
        "the guestcpu model list (translation to an allowed model, SPEC §7.6) needs the x86 catalog";

    /// <summary>kind/case (or kind/* for a whole kind) → why we miss it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Explanations = new Dictionary<string, string>
    {
        ["update/x86_64-host.xml+x86_64-guest.xml"] = OptionalNeedsModel,
        ["guestcpu/x86_64-host.xml+x86_64-guest.xml models=(none)"] = OptionalNeedsModel,
        ["guestcpu/x86_64-host-worse.xml+x86_64-guest.xml models=(none)"] = OptionalNeedsModel,
        ["guestcpu/x86_64-host.xml+x86_64-guest.xml models=486"] = ModelList,
        ["guestcpu/x86_64-host.xml+x86_64-guest.xml models=qemu64,core2duo,Nehalem"] = ModelList,
        ["guestcpu/x86_64-host.xml+x86_64-guest.xml models=nomodel"] = ModelList,
        ["guestcpu/x86_64-host.xml+x86_64-guest-nofallback.xml models=qemu64,core2duo,Nehalem"] = ModelList,
        ["guestcpu/x86_64-host-Haswell-noTSX.xml+x86_64-Haswell.xml models=SandyBridge,Haswell"] = ModelList,
        ["cpuid-updatelive/*"] = "--qemu-cpu reads raw CPUID data, which needs the x86 catalog's CPUID bits (and the comparison its feature expansion)",
    };
}
