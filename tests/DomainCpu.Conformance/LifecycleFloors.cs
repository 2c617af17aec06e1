namespace DomainCpu.Conformance;

/// <summary>The lifecycle pass-rate floors (they only go up) and the reason for every case we miss.</summary>
public static class LifecycleFloors
{
    public static readonly IReadOnlyDictionary<string, double> Floors = new Dictionary<string, double>
    {
        ["live"] = 1.0,
        ["stopped"] = 1.0,
        ["start-error"] = 1.0,
        ["define-error"] = 1.0,
    };

    public static readonly IReadOnlyDictionary<string, double> Xml2XmlFloors = new Dictionary<string, double>
    {
        ["xml2xml-expand"] = 1.0,
        ["xml2xml-strip"] = 1.0,
    };

    /// <summary>kind/case → why we miss it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Explanations = Group();

    private static Dictionary<string, string> Group(params (string Why, string[] Cases)[] groups) =>
        groups.SelectMany(g => g.Cases.Select(c => (c, g.Why))).ToDictionary(x => x.c, x => x.Why);
}
