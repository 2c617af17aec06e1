using System.Text.Json.Serialization;

namespace DomainCpu.Cli;

/// <summary>Source-generated JSON for the CLI's outputs (trim- and AOT-safe); <see cref="JsonOut"/> gives the writer.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(List<CpuChangeJson>))]
[JsonSerializable(typeof(List<SchemaFileJson>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
