using System.Xml.Linq;
using DomainCpu.Catalog;
using DomainCpu.Diagnostics;
using DomainCpu.Model;
using DomainCpu.Xml;

namespace DomainCpu.Schema;

/// <summary>
/// What every start of an x86 guest refuses for the target's CPU models although libvirt defines the domain (SPEC §4
/// S1, S6; §11 item 12): a feature name the CPU map does not know (<c>virCPUValidateFeatures</c>) and a custom model it
/// does not know. Validation reports them at the offending element, with the ids the start gives them.
/// </summary>
internal static class CpuMapRules
{
    public static void Check(XElement root, DocumentKind kind, CpuCatalog models, Findings f)
    {
        switch (kind)
        {
            case DocumentKind.Domain when root.Name == "domain":
                var arch = DomainFacts.Read(root).Arch;
                if (root.Element("cpu") is { } cpu && (arch is null || DomainFacts.IsX86(arch))) GuestCpu(cpu, models, f);
                break;
            case DocumentKind.Cpu when root.Name == "cpu" && root.Element("arch") is null:
                GuestCpu(root, models, f);
                break;
        }
    }

    private static void GuestCpu(XElement cpu, CpuCatalog models, Findings f)
    {
        var mode = CpuNames.ParseMode(cpu.Attribute("mode")?.Value.Trim() ?? "custom");
        if (mode == CpuMode.Custom && cpu.Element("model") is { } model && model.Value.Length > 0 && models.FindModel(model.Value) is null)
        {
            f.Add(model, Diagnoses.UnknownModel(model.Value));
        }
        foreach (var feature in cpu.Elements("feature"))
        {
            // A name that is no feature name at all is reported as such (DC0113).
            if (feature.Attribute("name")?.Value.Trim() is { } name && XmlChecks.IsFeatureName(name) && models.FindFeature(name) is null)
            {
                f.Add(feature, Diagnoses.FeatureUnknownToCpuMap(name));
            }
        }
    }
}
