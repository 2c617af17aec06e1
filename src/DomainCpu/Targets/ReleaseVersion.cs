using System.Globalization;

namespace DomainCpu.Targets;

/// <summary>A release number <c>MAJOR.MINOR[.MICRO]</c> of libvirt or QEMU, ordered numerically (11.3 after 9.0).</summary>
/// <param name="Major">The major number.</param>
/// <param name="Minor">The minor number.</param>
/// <param name="Micro">The micro number (0 when not given).</param>
public readonly record struct ReleaseVersion(int Major, int Minor, int Micro = 0) : IComparable<ReleaseVersion>
{
    /// <summary>Reads <c>11.3</c>, <c>11.3.0</c> or libvirt's packed form (<c>11003000</c>, as in <c>&lt;selfvers&gt;</c> and
    /// <c>&lt;version&gt;</c> of a QEMU capabilities record); null when the text is neither.</summary>
    public static ReleaseVersion? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        if (!text.Contains('.'))
        {
            return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var packed) && packed is >= 1000 and < 1_000_000_000
                ? FromPacked(packed)
                : null;
        }
        var parts = text.Split('.');
        if (parts.Length is < 2 or > 3) return null;
        var numbers = new int[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]) || numbers[i] > 999) return null;
        }
        return new ReleaseVersion(numbers[0], numbers[1], numbers[2]);
    }

    /// <summary>The version of a packed number: major × 1,000,000 + minor × 1,000 + micro.</summary>
    public static ReleaseVersion FromPacked(ulong packed) =>
        new((int)(packed / 1_000_000), (int)(packed / 1_000 % 1_000), (int)(packed % 1_000));

    /// <summary>The packed number (11.3.0 → 11003000).</summary>
    public ulong Packed => (ulong)Major * 1_000_000 + (ulong)Minor * 1_000 + (ulong)Micro;

    /// <inheritdoc />
    public int CompareTo(ReleaseVersion other) => Packed.CompareTo(other.Packed);

    /// <summary>Whether <paramref name="left"/> is <paramref name="right"/> or later.</summary>
    public static bool operator >=(ReleaseVersion left, ReleaseVersion right) => left.CompareTo(right) >= 0;

    /// <summary>Whether <paramref name="left"/> is <paramref name="right"/> or earlier.</summary>
    public static bool operator <=(ReleaseVersion left, ReleaseVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> is later than <paramref name="right"/>.</summary>
    public static bool operator >(ReleaseVersion left, ReleaseVersion right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> is earlier than <paramref name="right"/>.</summary>
    public static bool operator <(ReleaseVersion left, ReleaseVersion right) => left.CompareTo(right) < 0;

    /// <summary><c>11.3</c>, or <c>11.3.1</c> when the micro number is not 0.</summary>
    public override string ToString() => Micro == 0 ? $"{Major}.{Minor}" : $"{Major}.{Minor}.{Micro}";
}
