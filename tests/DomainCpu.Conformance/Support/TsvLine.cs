namespace DomainCpu.Conformance.Support;

/// <summary>One row of a tab-separated case file. A column that does not read as its file's format says throws
/// <see cref="FormatException"/>: the row is then unread, which fails, and never silently dropped.</summary>
public sealed class TsvLine
{
    private readonly string[] _columns;

    public TsvLine(int number, string text)
    {
        Number = number;
        Text = text;
        _columns = text.Split('\t');
    }

    /// <summary>The 1-based line number in the file.</summary>
    public int Number { get; }

    public string Text { get; }

    /// <summary>Requires between <paramref name="min"/> and <paramref name="max"/> columns.</summary>
    public void RequireColumns(int min, int max)
    {
        if (_columns.Length < min || _columns.Length > max)
        {
            throw new FormatException(min == max
                ? $"{_columns.Length} columns, expected {min}"
                : $"{_columns.Length} columns, expected {min} to {max}");
        }
    }

    /// <summary>A column that must not be empty.</summary>
    public string Column(int index)
    {
        var value = Field(index);
        if (value.Length == 0) throw new FormatException($"column {index + 1} is empty");
        return value;
    }

    /// <summary>A column that may be empty (or absent at the end of the line).</summary>
    public string Field(int index) => index < _columns.Length ? _columns[index] : "";

    /// <summary>A column where <c>-</c> means none.</summary>
    public string? Optional(int index)
    {
        var value = Column(index);
        return value == "-" ? null : value;
    }

    /// <summary>A <c>key=value</c> column: the value.</summary>
    public string Keyed(int index, string key)
    {
        var value = Column(index);
        if (!value.StartsWith(key + "=", StringComparison.Ordinal)) throw new FormatException($"column {index + 1} '{value}' is not {key}=…");
        return value[(key.Length + 1)..];
    }

    /// <summary>A column holding one of a fixed set of words.</summary>
    public string OneOf(int index, params string[] values)
    {
        var value = Column(index);
        if (!values.Contains(value, StringComparer.Ordinal))
        {
            throw new FormatException($"column {index + 1} '{value}' is none of {string.Join(", ", values)}");
        }
        return value;
    }
}
