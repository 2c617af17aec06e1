using System.Text.Json.Serialization;

namespace DomainCpu.Cli;

/// <summary>Source-generated JSON for the CLI's outputs (trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(List<CpuChangeJson>))]
[JsonSerializable(typeof(List<SchemaFileJson>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
