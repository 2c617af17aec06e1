using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DomainCpu.Tests.Support;
using Json.Schema;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>docs/json/ has a JSON Schema per command result (docs/json-output.md): every command run with <c>--json</c>,
/// on success and on failure, prints what its schema allows (a failure: the error object, except validate's array and
/// the results printed with exit 1), every command that takes <c>--json</c> has a schema and a sample here, and the
/// schemas refuse the shapes the commands printed before (features as strings, baseline's <c>xml</c>, numeric versions).</summary>
[TestFixture]
public class JsonSchemaTests
{
    private static readonly string SchemaDir = Path.Combine(Golden.Root, "docs", "json");

    private static string Example(string name) => Path.Combine(Golden.Root, "examples", "ManageCpu", name);

    private static string Data(string transformation, string @case, string file) => Path.Combine(Golden.CaseDir(transformation, @case), file);

    private static readonly string MiniMap = Path.Combine(Golden.Root, "testdata", "cpu-map-mini");

    private static readonly string CapsMap = Path.Combine(Golden.Root, "testdata", "capabilities", "cpu_map");

    private const string Error = "error";

    /// <summary>One run: the schema its stdout must satisfy (<see cref="Error"/> for the error object), the exit code,
    /// the arguments and what standard input holds (null: the live XML of the example domain).</summary>
    public sealed record Sample(string Name, string Schema, int Exit, string[] Args, string? Stdin = "")
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<Sample> Samples()
    {
        string[] Compare(string c, string file) => [Data("compare", c, file)];
        var pool = Golden.CaseDir("policy", "pool-forbidden-feature");
        var audit = Golden.CaseDir("policy", "audit-allowed");
        var denied = Golden.CaseDir("policy", "audit-denied");
        var baseline = Golden.CaseDir("baseline", "amd-older-and-newer");
        var diff = Golden.CaseDir("diff", "features-json");
        var qemuHost = Golden.CaseDir("capabilities", "qemu-host-models");
        const string Bogus = "<domain type='kvm'><cpu mode='bogus'/></domain>";
        const string Missing = "no-such-file.xml";

        yield return new("validate valid", "validate", 0, ["validate", "--json", Example("domain.xml")]);
        yield return new("validate finding", "validate", 1, ["validate", "--json", "-"], Bogus);
        yield return new("validate unreadable", "validate", 2, ["validate", "--json", Example("domain.xml"), Missing]);
        yield return new("format", "format", 0, ["format", "--json", Example("domain.xml")]);
        yield return new("format libvirt 12.8", "format", 0, ["format", "--libvirt", "12.8", "--json", Example("domain.xml")]);
        yield return new("format not a domain", Error, 1, ["format", "--json", "-"], "<network/>");
        yield return new("expand", "expand", 0, ["expand", "--live", "--domcaps", Example("domcapabilities.xml"), "--json", Example("domain.xml")]);
        yield return new("expand no domcaps file", Error, 2, ["expand", "--live", "--domcaps", Missing, "--json", Example("domain.xml")]);
        yield return new("strip", "strip", 0, ["strip", "--json", "-"], null);
        yield return new("strip not a domain", Error, 1, ["strip", "--json", "-"], "<network/>");
        yield return new("migratable", "migratable", 0, ["migratable", "--json", Example("domain.xml")]);
        yield return new("migratable missing file", Error, 2, ["migratable", "--json", Missing]);
        yield return new("argv", "argv", 0, ["argv", "--json", "-"], null);
        yield return new("argv bad domain", Error, 1, ["argv", "--json", "-"], Bogus);
        yield return new("compare superset", "compare", 0, ["compare", "--cpu-map", MiniMap, "--json", "--caps", .. Compare("caps-and-domain", "host.xml"), .. Compare("caps-and-domain", "cpu.xml")]);
        yield return new("compare incompatible", "compare", 1, ["compare", "--cpu-map", MiniMap, "--json", "--caps", .. Compare("require-missing", "host.xml"), .. Compare("require-missing", "cpu.xml")]);
        yield return new("compare unknown model", Error, 1, ["compare", "--cpu-map", MiniMap, "--json", "--caps", .. Compare("unknown-model", "host.xml"), .. Compare("unknown-model", "cpu.xml")]);
        yield return new("compare hosts", "compare", 1, ["compare", "--cpu-map", MiniMap, "--json", "--hosts", .. Compare("require-missing", "host.xml"),
            "--hosts", .. Compare("caps-and-domain", "host.xml"), .. Compare("require-missing", "cpu.xml")]);
        yield return new("compare missing file", Error, 2, ["compare", "--cpu-map", MiniMap, "--json", "--caps", Missing, Missing]);
        yield return new("baseline", "baseline", 0, ["baseline", "--cpu-map", MiniMap, "--json", Path.Combine(baseline, "input1.xml"), Path.Combine(baseline, "input2.xml")]);
        yield return new("baseline not a cpu", Error, 1, ["baseline", "--cpu-map", MiniMap, "--json", "-"], "<network/>");
        yield return new("diff", "diff", 0, ["diff", "--json", Path.Combine(diff, "a.xml"), Path.Combine(diff, "b.xml")]);
        yield return new("diff missing file", Error, 2, ["diff", "--json", Path.Combine(diff, "a.xml"), Missing]);
        yield return new("policy max", "policy-max", 0, ["policy", "max", "--cpu-map", MiniMap, "--json", "--caps", Path.Combine(audit, "host.xml")]);
        yield return new("policy default", "policy-default", 0, ["policy", "default", "--cpu-map", MiniMap, "--json", "--caps", Path.Combine(audit, "host.xml")]);
        yield return new("policy max without caps", Error, 2, ["policy", "max", "--cpu-map", MiniMap, "--json"]);
        yield return new("policy default without caps", Error, 2, ["policy", "default", "--cpu-map", MiniMap, "--json"]);
        yield return new("policy audit allowed", "policy-audit", 0, ["policy", "audit", "--cpu-map", MiniMap, "--json", "--caps", Path.Combine(audit, "host.xml"), Path.Combine(audit, "guest.xml")]);
        yield return new("policy audit denied", "policy-audit", 1, ["policy", "audit", "--cpu-map", MiniMap, "--json", "--caps", Path.Combine(denied, "host.xml"), Path.Combine(denied, "guest.xml")]);
        yield return new("policy pool", "policy-pool", 0, ["policy", "pool", "--cpu-map", MiniMap, "--json", Path.Combine(pool, "guest.xml"), Path.Combine(pool, "a.xml"), Path.Combine(pool, "b.xml")]);
        yield return new("policy pool none can run", "policy-pool", 1, ["policy", "pool", "--cpu-map", MiniMap, "--json", Path.Combine(pool, "guest.xml"), Path.Combine(pool, "a.xml")]);
        yield return new("models", "models", 0, ["models", "--json", "--no-host"]);
        yield return new("models with a host", "models", 0, ["models", "--json", "--cpuid", Data("capabilities", "json-output", "cpuid.xml")]);
        yield return new("models show", "models-show", 0, ["models", "show", "Cascadelake-Server-v2", "--json"]);
        yield return new("models show unknown", Error, 2, ["models", "show", "No-Such-Model", "--json"]);
        yield return new("capabilities", "capabilities", 0, ["capabilities", "--cpu-map", CapsMap, "--json", "--cpuid", Data("capabilities", "json-output", "cpuid.xml")]);
        yield return new("capabilities host-model", "capabilities", 0, ["capabilities", "--cpu-map", CapsMap, "--json",
            "--cpuid", Path.Combine(qemuHost, "cpuid.xml"), "--qemu-host", Path.Combine(qemuHost, "qemu-host.json")]);
        yield return new("capabilities usage", Error, 2, ["capabilities", "--json", "--dump-cpuid"]);
        yield return new("schemas", "schemas", 0, ["schemas", "--json"]);
        yield return new("schemas out is a file", Error, 2, ["schemas", "--json", "--out", Example("domain.xml")]);
    }

    private static readonly Lazy<EvaluationOptions> Options = new(() =>
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List };
        foreach (var file in Directory.GetFiles(SchemaDir, "*.schema.json")) options.SchemaRegistry.Register(JsonSchema.FromFile(file));
        return options;
    });

    private static JsonSchema Schema(string name) => JsonSchema.FromFile(Path.Combine(SchemaDir, name + ".schema.json"));

    private static string Problems(EvaluationResults results) => string.Join("\n", results.Details
        .Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}")));

    private static EvaluationResults Evaluate(string schema, JsonNode? value) => Schema(schema).Evaluate(value, Options.Value);

    private static byte[] LiveDomain()
    {
        var live = CliHarness.Run("expand", "--live", "--domcaps", Example("domcapabilities.xml"), Example("domain.xml"));
        Assert.That(live.ExitCode, Is.EqualTo(0), live.Stderr);
        return live.Stdout;
    }

    private static CliHarness.Result Run(Sample s) =>
        CliHarness.RunWithInput(s.Stdin is null ? LiveDomain() : Encoding.UTF8.GetBytes(s.Stdin), s.Args);

    [TestCaseSource(nameof(Samples))]
    public void OutputFollowsItsSchema(Sample sample)
    {
        var r = Run(sample);
        Assert.That(r.ExitCode, Is.EqualTo(sample.Exit), r.Stderr);
        var value = JsonNode.Parse(r.Stdout);
        var results = Evaluate(sample.Schema, value);
        Assert.That(results.IsValid, Is.True, $"{sample.Schema}.schema.json refuses:\n{Problems(results)}\n{r.StdoutText}");
        if (sample.Schema != Error)
        {
            Assert.That(Evaluate(Error, value).IsValid, Is.False, "a result is not an error object");
        }
    }

    /// <summary>One writer for every command: the output is its own indented form (compare --hosts excepted: it prints a
    /// host a line, inside the same indented object).</summary>
    public static IEnumerable<Sample> IndentedSamples() => Samples().Where(s => !s.Args.Contains("--hosts"));

    [TestCaseSource(nameof(IndentedSamples))]
    public void OutputIsIndentedAlike(Sample sample)
    {
        var r = Run(sample);
        using var doc = JsonDocument.Parse(r.Stdout);
        var again = JsonSerializer.Serialize(doc.RootElement, new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n";
        Assert.That(r.StdoutText, Is.EqualTo(again));
    }

    /// <summary>Command paths (<c>policy max</c>) that take <c>--json</c>, from the CLI's own command tree.</summary>
    private static List<string> CommandsWithJson()
    {
        var root = DomainCpu.Cli.Program.BuildRoot(new DomainCpu.Cli.CliContext(Stream.Null, Stream.Null, TextWriter.Null));
        var found = new List<string>();
        // A recursive --json (models) is taken by the subcommands too.
        void Walk(Command c, string path, bool inherited)
        {
            var own = c.Options.FirstOrDefault(o => o.Name == "--json");
            if (own is not null || inherited) found.Add(path);
            foreach (var sub in c.Subcommands) Walk(sub, $"{path} {sub.Name}", inherited || own is { Recursive: true });
        }
        foreach (var c in root.Subcommands) Walk(c, c.Name, false);
        return found;
    }

    [Test]
    public void EveryCommandThatTakesJsonHasASchemaAndSamples()
    {
        var commands = CommandsWithJson();
        Assert.That(commands, Does.Contain("policy max").And.Contain("models show").And.Contain("validate"), "the walk finds nested commands");
        foreach (var command in commands)
        {
            var name = command.Replace(' ', '-');
            Assert.That(File.Exists(Path.Combine(SchemaDir, name + ".schema.json")), Is.True, $"{command} takes --json: docs/json/{name}.schema.json describes its result");
            Assert.That(Samples().Any(s => s.Schema == name), Is.True, $"{command} --json has a sample here");
            Assert.That(Samples().Any(s => s.Exit != 0 && string.Join(' ', s.Args).StartsWith(command + " ", StringComparison.Ordinal)), Is.True,
                $"{command} --json has a failing sample here");
        }
        var linked = File.ReadAllText(Path.Combine(Golden.Root, "docs", "json-output.md"));
        foreach (var file in Directory.GetFiles(SchemaDir).Select(Path.GetFileName))
        {
            Assert.That(linked, Does.Contain($"(json/{file})"), $"docs/json-output.md links {file}");
        }
    }

    [Test]
    public void SchemasAreValidJsonSchemas()
    {
        var meta = new EvaluationOptions { OutputFormat = OutputFormat.List };
        foreach (var file in Directory.GetFiles(SchemaDir, "*.schema.json"))
        {
            var node = JsonNode.Parse(File.ReadAllText(file))!;
            Assert.That(node["$schema"]!.GetValue<string>(), Is.EqualTo("https://json-schema.org/draft/2020-12/schema"), file);
            var results = MetaSchemas.Draft202012.Evaluate(node, meta);
            Assert.That(results.IsValid, Is.True, $"{file}:\n{Problems(results)}");
        }
    }

    private static JsonNode Output(string name)
    {
        var sample = Samples().Single(s => s.Name == name);
        var r = Run(sample);
        Assert.That(r.ExitCode, Is.EqualTo(sample.Exit), r.Stderr);
        return JsonNode.Parse(r.Stdout)!;
    }

    /// <summary>Each change of this vocabulary, undone on a real output, is refused by the schema.</summary>
    [Test]
    public void TheOldShapesAreRefused()
    {
        var baseline = Output("baseline");
        baseline.AsObject()["xml"] = baseline["document"]!.DeepClone();
        baseline.AsObject().Remove("document");
        Assert.That(Evaluate("baseline", baseline).IsValid, Is.False, "baseline's xml member is now document");

        var policy = Output("policy max");
        policy["features"] = new JsonArray(policy["features"]!.AsArray().Select(f => (JsonNode?)JsonValue.Create(f!["name"]!.GetValue<string>())).ToArray());
        Assert.That(Evaluate("policy-max", policy).IsValid, Is.False, "features are objects, not strings");

        var caps = Output("capabilities");
        caps["host"]!["features"] = new JsonArray(JsonValue.Create("vmx"));
        Assert.That(Evaluate("capabilities", caps).IsValid, Is.False, "host features are objects");

        var compare = Output("compare incompatible");
        compare["missing"] = new JsonArray(JsonValue.Create("avx512f"));
        Assert.That(Evaluate("compare", compare).IsValid, Is.False, "missing features are objects");

        var models = Output("models");
        models[0]!["version"] = 1;
        Assert.That(Evaluate("models", models).IsValid, Is.False, "a version is spelled v1");

        var show = Output("models show");
        show["features"] = new JsonArray(JsonValue.Create("fpu"));
        Assert.That(Evaluate("models-show", show).IsValid, Is.False, "a model's features are objects");

        var error = Output("format not a domain");
        error["error"]!.AsObject().Remove("id");
        Assert.That(Evaluate(Error, error).IsValid, Is.False, "the error object has an id, null for usage errors");
    }
}
