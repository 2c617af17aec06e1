namespace DomainCpu.Conformance.Support;

/// <summary>A row of a corpus case file: one case, named for the test list.</summary>
public interface ICaseRow
{
    /// <summary>The 1-based line of the row in its file.</summary>
    int Line { get; }

    /// <summary>The case's name in the test list and the pass-rate table's failure list.</summary>
    string Name { get; }
}
