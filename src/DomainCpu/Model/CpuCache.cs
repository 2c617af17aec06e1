namespace DomainCpu.Model;

/// <summary>The <c>&lt;cache&gt;</c> element of a guest CPU.</summary>
/// <param name="Level">The cache level (1 to 3); null when not given.</param>
/// <param name="Mode">How the cache information is provided.</param>
public sealed record CpuCache(uint? Level, CacheMode Mode);
