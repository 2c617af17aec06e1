namespace DomainCpu.Conformance.Support;

/// <summary>A row of a pass-rate table: the kind of case and the lowest pass rate it may have, in percent. Floors only
/// ever go up. A floor below 100 carries <see cref="Why"/>: the reason its misses are known and accepted (they are
/// still counted and listed).</summary>
public sealed record KindFloor(string Kind, double Percent, string? Why = null);
