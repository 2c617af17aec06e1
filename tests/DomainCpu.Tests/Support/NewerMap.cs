using System.Text;
using DomainCpu.Catalog;
using DomainCpu.Catalog.Libvirt;

namespace DomainCpu.Tests.Support;

/// <summary>A small cpu_map in libvirt 10.x–12.x's format (a model group, MSR-defined vmx features, a compat-mode
/// model with an added feature, a model without the compat marker), for the x86 rules that differ between releases.</summary>
public static class NewerMap
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["index.xml"] = "<cpus><arch name='x86'><include filename='v.xml'/><include filename='f.xml'/>" +
                        "<group name='models'><include filename='m.xml'/></group></arch></cpus>",
        ["v.xml"] = "<cpus><vendor name='Intel' string='GenuineIntel'/></cpus>",
        ["f.xml"] = """
            <cpus>
              <feature name='fpu'><cpuid eax_in='0x01' edx='0x00000001'/></feature>
              <feature name='sse4.2'><cpuid eax_in='0x01' ecx='0x00100000'/></feature>
              <feature name='avx'><cpuid eax_in='0x01' ecx='0x10000000'/></feature>
              <feature name='vmx-a'><msr index='0x480' edx='0' eax='0x1'/></feature>
              <feature name='vmx-b'><msr index='0x480' edx='0' eax='0x2'/></feature>
              <feature name='vmx-c'><msr index='0x48b' edx='0x1' eax='0'/></feature>
            </cpus>
            """,
        ["m.xml"] = """
            <cpus>
              <model name='Old'><check partial='compat'/><decode host='on' guest='on'/><vendor name='Intel'/>
                <feature name='fpu'/><feature name='sse4.2'/><feature name='vmx-a' added='yes'/></model>
              <model name='Old-v1'><decode host='on' guest='off'/><model name='Old'/></model>
              <model name='New'><decode host='on' guest='on'/><vendor name='Intel'/><feature name='fpu'/><feature name='avx'/></model>
            </cpus>
            """,
    };

    /// <summary>The map.</summary>
    public static CpuCatalog Catalog { get; } = LibvirtCpuMap.Load(name => Files.TryGetValue(name, out var t) ? Encoding.UTF8.GetBytes(t) : null);

    /// <summary>Data made of the named features of <see cref="Catalog"/>.</summary>
    internal static X86Data Data(params string[] features) =>
        features.Aggregate(X86Data.Empty, (d, f) => d.Union(Catalog.FindFeature(f)!.Data));
}
