namespace DomainCpu.Fuzz;

/// <summary>Values that tend to break parsers of numbers, enums and CPU lists.</summary>
internal static class InterestingValues
{
    public static readonly string[] Attribute =
    [
        "", " ", "0", "1", "-1", "+1", "-0", "0x10", "0X1f", "1e3", "1.5", " 7 ", "007", "4294967295", "4294967296",
        "1099511627776", "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
        "99999999999999999999999999", "2147483647", "2147483648", "65535", "65536", "NaN", "Infinity", "yes", "no",
        "on", "off", "true", "require", "disable", "force", "forbid", "optional", "policy", "host-model",
        "host-passthrough", "maximum", "custom", "exact", "minimum", "strict", "partial", "none", "full", "qemu",
        "kvm", "tcg", "x86_64", "i686", "aarch64", "ppc64", "s390x", "Skylake-Client", "Skylake-Client-v4",
        "qemu64", "host", "EPYC", "Haswell-noTSX", "Intel", "AMD", "0-3", "0-", "-", "^1", "0,2-", "1-0",
        "0-4294967295", "0-1099511627775", "0,,1", "é", "\u00a0", "KiB", "bytes", "GiB", "PiB", "emulate",
        "passthrough", "disabled", "enabled", "migratable", "pc", "q35", "pc-q35-7.2", "virt",
    ];

    /// <summary>A value far beyond any sane length.</summary>
    public static string Huge(Random rng) => rng.Next(4) switch
    {
        0 => new string('9', rng.Next(20, 400)),
        1 => new string('a', 70 * 1024),
        2 => string.Concat(Enumerable.Repeat("0-1,", rng.Next(100, 5000))),
        _ => new string('x', rng.Next(1000, 10000)),
    };
}
