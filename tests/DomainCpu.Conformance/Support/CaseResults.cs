namespace DomainCpu.Conformance.Support;

/// <summary>What one row's check found, per kind: a row counts at most once under each kind, and fails a kind when
/// any of its results there failed.</summary>
public sealed class CaseResults
{
    private readonly Dictionary<string, string?> _byKind = new(StringComparer.Ordinal);

    /// <summary>Counts the row under <paramref name="kind"/>: passed when <paramref name="failure"/> is null.</summary>
    public void Count(string kind, string? failure)
    {
        if (_byKind.TryGetValue(kind, out var earlier) && earlier is not null)
        {
            failure = failure is null ? earlier : earlier + "\n" + failure;
        }
        _byKind[kind] = failure;
    }

    public IReadOnlyDictionary<string, string?> ByKind => _byKind;
}
