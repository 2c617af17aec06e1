namespace DomainCpu.Conformance.Support;

/// <summary>The <c>capabilities</c> column of xml2argv, xml2xml and xmlconf rows: the QEMU capabilities a libvirt test
/// ran with. <c>fake:FLAGS [OPTION…]</c> (FLAGS comma-separated, <c>none</c> for none) or
/// <c>real:ARCH-VERSION[+VARIANT] [OPTION…]</c> (VERSION a release or <c>latest</c>); an option is <c>key=value</c> or
/// a bare word (<c>caps_file=…</c>, <c>add=…</c>, <c>del=…</c>, <c>abi-update</c>, <c>skip-legacy-cpu-models</c>, …).</summary>
public sealed record CapabilitiesSpec(
    string Text,
    bool Real,
    IReadOnlyList<string> FakeFlags,
    string? Arch,
    string? Version,
    string? Variant,
    IReadOnlyDictionary<string, string> Options)
{
    /// <summary>The recorded probe file of a real run, when the row names it (libvirt 11.3: <c>caps_file=</c>).</summary>
    public string? CapsFile => Options.GetValueOrDefault("caps_file");

    /// <summary>Whether an option (bare or <c>key=value</c>) is given.</summary>
    public bool Has(string option) => Options.ContainsKey(option);

    /// <summary>The comma-separated values of a list option (<c>add=</c>, <c>del=</c>); empty when absent.</summary>
    public IReadOnlyList<string> List(string option) =>
        Options.TryGetValue(option, out var v) && v.Length > 0 ? v.Split(',') : [];

    public override string ToString() => Text;

    public static CapabilitiesSpec Parse(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) throw new FormatException("no capabilities");
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in words.Skip(1))
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? word : word[..eq];
            if (!options.TryAdd(key, eq < 0 ? "" : word[(eq + 1)..])) throw new FormatException($"capabilities option {key} given twice");
        }
        if (words[0].StartsWith("fake:", StringComparison.Ordinal))
        {
            var flags = words[0]["fake:".Length..];
            if (flags.Length == 0) throw new FormatException($"'{words[0]}' names no flags (none is written 'none')");
            return new CapabilitiesSpec(text, false, flags == "none" ? [] : flags.Split(','), null, null, null, options);
        }
        if (words[0].StartsWith("real:", StringComparison.Ordinal))
        {
            var run = words[0]["real:".Length..];
            var plus = run.IndexOf('+', StringComparison.Ordinal);
            var variant = plus < 0 ? null : run[(plus + 1)..];
            var archVersion = plus < 0 ? run : run[..plus];
            var dash = archVersion.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || dash == archVersion.Length - 1) throw new FormatException($"'{words[0]}' is not real:ARCH-VERSION");
            return new CapabilitiesSpec(text, true, [], archVersion[..dash], archVersion[(dash + 1)..], variant, options);
        }
        throw new FormatException($"capabilities '{text}' are neither fake: nor real:");
    }
}
