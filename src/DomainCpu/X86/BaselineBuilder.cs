using System.Collections.Immutable;
using DomainCpu.Catalog;
using DomainCpu.Diagnostics;
using DomainCpu.Model;

namespace DomainCpu.X86;

/// <summary>
/// libvirt's x86 baseline (SPEC §3.3, §7.4) over CPUs given one at a time, so a pool of any size is baselined in
/// the memory of one CPU's bits: <see cref="Add"/> each CPU in order, then <see cref="Build"/>.
/// <para>The refusal reported is the one libvirt reports: it first checks that every CPU has a model (so a CPU
/// without one refuses the pool even after a CPU that would fail later), then runs its x86 pass, which stops at
/// the first unknown model, feature or vendor, or vendor mismatch.</para>
/// </summary>
internal sealed class BaselineBuilder
{
    private readonly CpuCatalog _catalog;
    private readonly BaselineOptions _options;
    private readonly ulong[] _common;
    private readonly ulong[] _scratch;
    private readonly bool[] _seenModels;
    private readonly List<string> _names = new();
    private VendorInfo? _vendor;
    private bool _outputVendor = true;
    private int _count;
    private DomainCpuException? _noModel;
    private DomainCpuException? _refusal;

    /// <summary>A builder over <paramref name="catalog"/>.</summary>
    public BaselineBuilder(CpuCatalog catalog, BaselineOptions? options = null)
    {
        _catalog = catalog;
        _options = options ?? new BaselineOptions();
        _common = new ulong[catalog.Bits.Layout.Words];
        _scratch = new ulong[catalog.Bits.Layout.Words];
        _seenModels = new bool[catalog.Models.Length];
    }

    /// <summary>The number of CPUs added.</summary>
    public int Count => _count;

    /// <summary>Adds the next CPU.</summary>
    /// <returns>The refusal this CPU is the subject of, when it is the first CPU without a model or the CPU where
    /// the x86 pass stops (the caller may note where the CPU came from); null otherwise. Whether it is reported
    /// is decided by <see cref="Build"/>.</returns>
    public DomainCpuException? Add(CpuDefinition cpu)
    {
        var index = _count++;
        if (cpu.ModelName is null)
        {
            if (_noModel is not null) return null;
            return _noModel = new DomainCpuException(Diagnoses.BaselineCpuWithoutModel(index));
        }
        // A refusal is certain: libvirt's x86 pass stopped there, or never runs.
        if (_refusal is not null || _noModel is not null) return null;
        try
        {
            if (index == 0) First(cpu);
            else Next(cpu);
            return null;
        }
        catch (DomainCpuException ex)
        {
            return _refusal = ex;
        }
    }

    /// <summary>The baseline CPU: <c>mode='custom' match='exact'</c>, required features only.</summary>
    /// <exception cref="DomainCpuException">No CPUs, a CPU without model, vendors that differ, CPUs with no
    /// feature in common, or an unknown model, feature or vendor (the first refusal libvirt would report).</exception>
    public CpuDefinition Build()
    {
        if (_count == 0) throw new DomainCpuException(Diagnoses.BaselineNoCpus());
        if (_noModel is not null) throw _noModel;
        if (_refusal is not null) throw _refusal;
        var bits = _catalog.Bits;
        var common = (ulong[])_common.Clone();
        if (_options.AllowedFeatures is { } allowedFeatures)
        {
            var allowed = new ulong[common.Length];
            foreach (var name in allowedFeatures)
            {
                if (_catalog.FindFeature(name) is { } f) bits.Feature(f).SetIn(allowed);
            }
            X86BitLayout.And(common, allowed);
        }
        if (X86BitLayout.IsEmpty(common)) throw new DomainCpuException(Diagnoses.BaselineNothingInCommon());
        var baseData = bits.Layout.ToData(common);
        if (_vendor is not null) baseData = baseData.Union(_vendor.Data);

        var decoded = X86Decoder.Decode(_catalog, baseData,
            new DecodeRequest(CpuType.Guest, _options.AllowedModels, _names, _options.Migratable));
        var forbid = _names.Count == 1 && decoded.ModelName == _names[0];
        var result = new CpuDefinition
        {
            Type = CpuType.Guest,
            Mode = CpuMode.Custom,
            Match = CpuMatch.Exact,
            Model = new CpuModelName(decoded.ModelName, forbid ? CpuFallback.Forbid : CpuFallback.Allow),
            Vendor = _outputVendor ? decoded.Vendor : null,
            Features = decoded.Features,
        };
        if (_options.QemuFilter)
        {
            result = result with { Features = result.Features.Where(f => !FeaturesNeverPassedToQemu.Names.Contains(f.Name)).ToImmutableArray() };
        }
        return _options.ExpandFeatures ? X86ExpandFeatures.Expand(_catalog, result) : result;
    }

    /// <summary>The first CPU: its data is the start of the intersection, its vendor (if it declares one) the
    /// vendor every other CPU must have.</summary>
    private void First(CpuDefinition cpu)
    {
        var model = X86ModelData.AllInto(_catalog, cpu, _common)!;
        _outputVendor = cpu.Vendor is not null;
        if (cpu.Vendor is { } v) _vendor = _catalog.FindVendor(v) ?? throw UnknownVendor(v);
        _names.Add(cpu.ModelName!);
        _seenModels[model.Index] = true;
    }

    private void Next(CpuDefinition cpu)
    {
        // AllInto throws for an unknown model.
        var model = X86ModelData.AllInto(_catalog, cpu, _scratch)!;
        if (!_seenModels[model.Index])
        {
            _seenModels[model.Index] = true;
            _names.Add(cpu.ModelName!);
        }
        if (cpu.Vendor is { } declared && model.Vendor is { } mv && mv.Name != declared)
        {
            throw new DomainCpuException(Diagnoses.BaselineModelVendor(mv.Name, model.Name, declared));
        }
        var vn = cpu.Vendor;
        if (vn is null)
        {
            _outputVendor = false;
            vn = model.Vendor?.Name;
        }
        if (vn is not null)
        {
            if (_vendor is null) _vendor = _catalog.FindVendor(vn) ?? throw UnknownVendor(vn);
            else if (_vendor.Name != vn) throw new DomainCpuException(Diagnoses.BaselineVendorsDiffer());
        }
        X86BitLayout.And(_common, _scratch);
    }

    private static DomainCpuException UnknownVendor(string name) => new(Diagnoses.UnknownVendor(name));
}
