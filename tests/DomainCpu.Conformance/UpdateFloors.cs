namespace DomainCpu.Conformance;

/// <summary>The cputest update pass-rate floors (they only go up) and the reason for every case we miss.</summary>
public static class UpdateFloors
{
    public static readonly IReadOnlyDictionary<string, double> Floors = new Dictionary<string, double>
    {
        ["update"] = 1.0,
        ["guestcpu"] = 1.0,
        ["cpuid-updatelive"] = 1.0,
    };

    /// <summary>kind/case (or kind/* for a whole kind) → why we miss it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Explanations = new Dictionary<string, string>
    {
    };
}
