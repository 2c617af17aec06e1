namespace DomainCpu.Conformance.Support;

/// <summary>A line of a case file that does not read as a row of its kind, and why.</summary>
public sealed record UnreadRow(int Line, string Text, string Why)
{
    public override string ToString() => $"line {Line} ({Why}): {Text}";
}
