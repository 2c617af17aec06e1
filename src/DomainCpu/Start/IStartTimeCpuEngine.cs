using DomainCpu.Model;

namespace DomainCpu.Start;

/// <summary>
/// The x86 CPU algorithms the start-time update needs (SPEC §5.1 step 3f, §7.5, §7.6). The command-line
/// builder takes a CPU that already went through them; the full engine lives with the CPU catalog.
/// Each method throws <see cref="Diagnostics.DomainCpuException"/> with libvirt's reason when libvirt would refuse.
/// </summary>
public interface IStartTimeCpuEngine
{
    /// <summary>Whether a feature name is in the CPU map (null: no map to ask, every name passes).</summary>
    bool? IsKnownFeature(string name);

    /// <summary>check='partial': the guest must be compatible with the full host CPU (S5).</summary>
    void CheckPartial(CpuDefinition guest, CpuDefinition? fullHost);

    /// <summary>virCPUUpdate: optional features resolved, host-model and match='minimum' expanded against the
    /// migratable host CPU, the model's removed features added as disabled.</summary>
    CpuDefinition Update(CpuDefinition guest, CpuDefinition? migratableHost);

    /// <summary>virCPUTranslate: a custom CPU whose model QEMU lacks, re-expressed with a model it has.</summary>
    CpuDefinition Translate(CpuDefinition guest, IReadOnlyCollection<string> qemuModels);
}
