using DomainCpu.Cli;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>testdata/fuzz-regressions/&lt;case&gt;/: inputs that once crashed or broke the CLI contract, as the fuzzer
/// saves them (<c>--out</c>): <c>args</c> (one per line, empty lines too, {case} = the folder), optional <c>stdin</c>; expected
/// <c>exit</c> (the code) and <c>stderr</c>. No case may end in an unexpected exception.</summary>
[TestFixture]
public class FuzzRegressionTests
{
    public static IEnumerable<TestCaseData> Cases() => Golden.Cases("fuzz-regressions");

    [TestCaseSource(nameof(Cases))]
    public void Regression(string name)
    {
        var dir = Golden.CaseDir("fuzz-regressions", name);
        // Every line is an argument, an empty one too (the file ends with a newline).
        var args = File.ReadAllLines(Path.Combine(dir, "args"))
            .Select(l => l.Replace("{case}", dir, StringComparison.Ordinal)).ToArray();
        var stdinFile = Path.Combine(dir, "stdin");
        using var stdin = new MemoryStream(File.Exists(stdinFile) ? File.ReadAllBytes(stdinFile) : []);
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var ctx = new CliContext(stdin, stdout, stderr);
        var code = Program.Run(args, ctx);
        Assert.That(ctx.Unexpected, Is.Null, () => ctx.Unexpected!.ToString());
        Assert.That(code, Is.AnyOf(0, 1, 2));
        if (code != 0) Assert.That(stdout.Length, Is.Zero, "stdout stays empty on failure");
        Golden.AssertMatches(Path.Combine(dir, "exit"), code + "\n");
        Golden.AssertMatches(Path.Combine(dir, "stderr"), stderr.ToString().Replace(dir, "{case}", StringComparison.Ordinal));
    }
}
