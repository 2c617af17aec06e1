using System.Collections.Immutable;

namespace DomainCpu.Catalog.Qemu;

/// <summary>A CPU name expanded under a machine type (and optionally an accelerator): its features and its other
/// properties, as QEMU's static model expansion reports them, plus <c>level</c> and <c>xlevel</c>.</summary>
/// <param name="Resolution">What the name resolved to.</param>
/// <param name="Features">The enabled features.</param>
/// <param name="Props">The other properties by QEMU name (family, model, stepping, model-id, vendor, level, xlevel,
/// min-level, min-xlevel, and whatever the machine type or accelerator sets).</param>
internal sealed record QemuExpansion(QemuResolution Resolution, FeatureSet Features, ImmutableSortedDictionary<string, QemuPropValue> Props);
