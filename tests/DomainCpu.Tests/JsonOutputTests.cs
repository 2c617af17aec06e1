using System.Text;
using System.Text.Json;
using DomainCpu.Tests.Support;
using NUnit.Framework;

namespace DomainCpu.Tests;

/// <summary>Every command that prints a result prints JSON with <c>--json</c>, in the shape docs/json-output.md
/// documents: each test runs one command on a sample and parses its output back.</summary>
[TestFixture]
public class JsonOutputTests
{
    private static string Example(string name) => Path.Combine(Golden.Root, "examples", "ManageCpu", name);

    private static string Data(string transformation, string @case, string file) => Path.Combine(Golden.CaseDir(transformation, @case), file);

    private static JsonElement Json(CliHarness.Result r, int exitCode = 0)
    {
        Assert.That(r.ExitCode, Is.EqualTo(exitCode), r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        return doc.RootElement.Clone();
    }

    private static JsonElement Run(params string[] args) => Json(CliHarness.Run(args));

    /// <summary>The golden tests' CPU map, whose made-up models the compare, baseline and policy samples use.</summary>
    private static readonly string MiniMap = Path.Combine(Golden.Root, "testdata", "cpu-map-mini");

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>The names of a feature list, checking each item is <c>{"name", "policy"}</c> with the policy expected.</summary>
    private static string[] FeatureNames(JsonElement array, bool policyNull = true) => array.EnumerateArray().Select(e =>
    {
        Assert.That(e.ValueKind, Is.EqualTo(JsonValueKind.Object), e.ToString());
        Assert.That(e.GetProperty("policy").ValueKind == JsonValueKind.Null, Is.EqualTo(policyNull), e.ToString());
        return e.GetProperty("name").GetString()!;
    }).ToArray();

    [Test]
    public void Validate()
    {
        Assert.That(Run("validate", "--json", Example("domain.xml")).GetArrayLength(), Is.Zero);
        var r = CliHarness.RunWithInput(Encoding.UTF8.GetBytes("<domain type='kvm'><cpu mode='bogus'/></domain>"), "validate", "--json", "-");
        var finding = Json(r, exitCode: 1).EnumerateArray().First();
        Assert.That(finding.GetProperty("file").GetString(), Is.EqualTo("-"));
        Assert.That(finding.GetProperty("line").GetInt32(), Is.EqualTo(1));
        Assert.That(finding.GetProperty("severity").GetString(), Is.EqualTo("error"));
        Assert.That(finding.GetProperty("category").GetString(), Is.AnyOf("schema", "semantic"));
        Assert.That(finding.GetProperty("id").GetString(), Does.StartWith("DC"));
    }

    [Test]
    public void Format()
    {
        var root = Run("format", "--json", Example("domain.xml"));
        Assert.That(root.GetProperty("kind").GetString(), Is.EqualTo("domain"));
        var cpu = root.GetProperty("cpu");
        Assert.That(cpu.GetProperty("mode").GetString(), Is.EqualTo("host-model"));
        Assert.That(cpu.GetProperty("check").GetString(), Is.EqualTo("partial"));
        Assert.That(cpu.GetProperty("topology").GetProperty("sockets").GetUInt32(), Is.EqualTo(2));
        Assert.That(cpu.GetProperty("features")[0].GetProperty("name").GetString(), Is.EqualTo("vmx"));
        Assert.That(cpu.GetProperty("features")[0].GetProperty("policy").GetString(), Is.EqualTo("disable"));
        var plain = CliHarness.Run("format", Example("domain.xml"));
        Assert.That(root.GetProperty("document").GetString(), Is.EqualTo(plain.StdoutText), "the document member is what format prints without --json");
    }

    [Test]
    public void ExpandAndStrip()
    {
        var root = Run("expand", "--live", "--domcaps", Example("domcapabilities.xml"), "--json", Example("domain.xml"));
        var cpu = root.GetProperty("cpu");
        Assert.That(cpu.GetProperty("mode").GetString(), Is.EqualTo("custom"));
        Assert.That(cpu.GetProperty("model").GetProperty("name").GetString(), Is.EqualTo("Cascadelake-Server-noTSX"));
        Assert.That(cpu.GetProperty("model").GetProperty("fallback").GetString(), Is.EqualTo("forbid"));
        Assert.That(cpu.GetProperty("check").GetString(), Is.EqualTo("full"));
        Assert.That(cpu.GetProperty("vendor").GetString(), Is.EqualTo("Intel"));
        var live = root.GetProperty("document").GetString()!;

        var stripped = Json(CliHarness.RunWithInput(Encoding.UTF8.GetBytes(live), "strip", "--json", "-"));
        Assert.That(stripped.GetProperty("restored").GetBoolean(), Is.True);
        Assert.That(stripped.GetProperty("cpu").GetProperty("mode").GetString(), Is.EqualTo("host-model"));
        Assert.That(stripped.GetProperty("document").GetString(), Is.EqualTo(File.ReadAllText(Example("domain.xml"))));
    }

    [Test]
    public void Migratable()
    {
        var root = Run("migratable", "--json", Example("domain.xml"));
        Assert.That(root.GetProperty("file").GetString(), Is.EqualTo(Example("domain.xml")));
        Assert.That(root.GetProperty("cpu").GetProperty("mode").GetString(), Is.EqualTo("host-model"));
        Assert.That(root.GetProperty("document").GetString(), Does.Contain("<name>web-01</name>"));
    }

    [Test]
    public void Argv()
    {
        var live = CliHarness.Run("expand", "--live", "--domcaps", Example("domcapabilities.xml"), Example("domain.xml"));
        Assert.That(live.ExitCode, Is.EqualTo(0), live.Stderr);
        var root = Json(CliHarness.RunWithInput(live.Stdout, "argv", "--json", "-"));
        Assert.That(root.GetProperty("cpu").GetString(), Does.StartWith("Cascadelake-Server-noTSX,").And.Contain("vmx=off"));
        Assert.That(root.GetProperty("smp").GetString(), Is.EqualTo("4,sockets=2,dies=1,cores=2,threads=1"));
        Assert.That(root.GetProperty("taints").ValueKind, Is.EqualTo(JsonValueKind.Array));
        Assert.That(root.GetProperty("warnings").ValueKind, Is.EqualTo(JsonValueKind.Array));
    }

    [Test]
    public void Argv_expand_and_migratable_name_their_target()
    {
        var live = CliHarness.Run("expand", "--live", "--domcaps", Example("domcapabilities.xml"), Example("domain.xml"));
        Assert.That(live.ExitCode, Is.EqualTo(0), live.Stderr);
        var named = Json(CliHarness.RunWithInput(live.Stdout, "argv", "--libvirt", "11.3", "--qemu", "10.0", "--json", "-"));
        Assert.That(named.GetProperty("libvirt").GetString(), Is.EqualTo("11.3"));
        var target = named.GetProperty("target");
        Assert.That(target.GetProperty("libvirt").GetString(), Is.EqualTo("11.3"));
        Assert.That(target.GetProperty("libvirtOrigin").GetString(), Is.EqualTo("--libvirt"));
        Assert.That(target.GetProperty("modelsOrigin").GetString(), Is.EqualTo("the embedded models of libvirt 11.3's cpu_map"));
        Assert.That(target.GetProperty("qemu").GetString(), Is.EqualTo("10.0"));
        Assert.That(target.GetProperty("qemuOrigin").GetString(), Is.EqualTo("--qemu"));

        var expanded = Run("expand", "--live", "--domcaps", Example("domcapabilities.xml"), "--json", Example("domain.xml")).GetProperty("target");
        Assert.That(expanded.GetProperty("qemu").GetString(), Is.EqualTo("7.2"));
        Assert.That(expanded.GetProperty("qemuOrigin").GetString(), Is.EqualTo("the domain capabilities' machine type pc-q35-7.2"));

        var migratable = Run("migratable", "--libvirt", "12.8", "--json", Example("domain.xml"));
        Assert.That(migratable.GetProperty("target").GetProperty("libvirt").GetString(), Is.EqualTo(migratable.GetProperty("libvirt").GetString()));
        Assert.That(migratable.GetProperty("target").GetProperty("qemu").GetString(), Is.Not.Empty);
    }

    [Test]
    public void Compare()
    {
        var root = Run("compare", "--cpu-map", MiniMap, "--json", "--caps", Data("compare", "caps-and-domain", "host.xml"), Data("compare", "caps-and-domain", "cpu.xml"));
        Assert.That(root.GetProperty("result").GetString(), Is.AnyOf("identical", "superset"));
        Assert.That(root.GetProperty("missing").GetArrayLength(), Is.Zero);
        Assert.That(root.GetProperty("extra").ValueKind, Is.EqualTo(JsonValueKind.Array));
        Assert.That(root.GetProperty("reason").GetString(), Is.Not.Empty);
        var dir = Golden.CaseDir("compare", "require-missing");
        var missing = Json(CliHarness.Run("compare", "--cpu-map", MiniMap, "--json", "--caps", Path.Combine(dir, "host.xml"), Path.Combine(dir, "cpu.xml")), exitCode: 1);
        Assert.That(FeatureNames(missing.GetProperty("missing")), Is.EqualTo(new[] { "avx512f" }), "missing features are objects");
    }

    [Test]
    public void CompareWithManyHosts()
    {
        var dir = Golden.CaseDir("compare", "caps-and-domain");
        var root = Run("compare", "--cpu-map", MiniMap, "--json", "--hosts", Path.Combine(dir, "host.xml"), Path.Combine(dir, "cpu.xml"));
        Assert.That(root.GetProperty("cpu").GetString(), Is.EqualTo(Path.Combine(dir, "cpu.xml")));
        Assert.That((root.GetProperty("hosts").GetInt32(), root.GetProperty("canRun").GetInt32(), root.GetProperty("cannotRun").GetInt32()), Is.EqualTo((1, 1, 0)));
        var host = root.GetProperty("results")[0];
        Assert.That(host.GetProperty("host").GetString(), Is.EqualTo(Path.Combine(dir, "host.xml")));
        Assert.That(host.GetProperty("file").GetString(), Is.EqualTo(Path.Combine(dir, "host.xml")));
        Assert.That(host.GetProperty("line").GetInt32(), Is.GreaterThan(0));
        Assert.That(host.GetProperty("column").GetInt32(), Is.GreaterThan(0));
        Assert.That(host.GetProperty("result").GetString(), Is.AnyOf("identical", "superset"));
        Assert.That(host.GetProperty("canRun").GetBoolean(), Is.True);
        Assert.That(host.GetProperty("missing").GetArrayLength(), Is.Zero);
        Assert.That(host.GetProperty("extra").ValueKind, Is.EqualTo(JsonValueKind.Array));
        Assert.That(host.GetProperty("reason").GetString(), Is.Not.Empty);
    }

    [Test]
    public void Baseline()
    {
        var dir = Golden.CaseDir("baseline", "amd-older-and-newer");
        var root = Run("baseline", "--cpu-map", MiniMap, "--json", Path.Combine(dir, "input1.xml"), Path.Combine(dir, "input2.xml"));
        var cpu = root.GetProperty("cpu");
        Assert.That(cpu.GetProperty("mode").GetString(), Is.EqualTo("custom"));
        Assert.That(cpu.GetProperty("match").GetString(), Is.EqualTo("exact"));
        Assert.That(cpu.GetProperty("vendor").GetString(), Is.EqualTo("AMD"));
        var document = root.GetProperty("document").GetString()!;
        Assert.That(document, Does.StartWith("<cpu").And.Contain(cpu.GetProperty("model").GetProperty("name").GetString()));
        var plain = CliHarness.Run("baseline", "--cpu-map", MiniMap, Path.Combine(dir, "input1.xml"), Path.Combine(dir, "input2.xml"));
        Assert.That(document, Is.EqualTo(plain.StdoutText), "the document member is what baseline prints without --json");
    }

    [TestCase("max")]
    [TestCase("default")]
    public void PolicyMaxAndDefault(string policy)
    {
        var host = Data("policy", "audit-allowed", "host.xml");
        var r = CliHarness.Run("policy", policy, "--cpu-map", MiniMap, "--json", "--caps", host);
        var root = Json(r);
        Assert.That(root.GetProperty("policy").GetString(), Is.EqualTo(policy));
        Assert.That(FeatureNames(root.GetProperty("features")), Does.Contain("fpu"));
        Assert.That(FeatureNames(root.GetProperty("excluded")), Is.Not.Null);
        var viaFormat = CliHarness.Run("policy", policy, "--cpu-map", MiniMap, "--format", "json", "--caps", host);
        Assert.That(viaFormat.StdoutText, Is.EqualTo(r.StdoutText), "--json is --format json");
        var clash = CliHarness.Run("policy", policy, "--cpu-map", MiniMap, "--json", "--format", "xen", "--caps", host);
        Assert.That(clash.ExitCode, Is.EqualTo(2), "--json with another --format is a usage error");
    }

    [Test]
    public void PolicyAuditAndPool()
    {
        var dir = Golden.CaseDir("policy", "audit-allowed");
        var audit = Run("policy", "audit", "--cpu-map", MiniMap, "--json", "--caps", Path.Combine(dir, "host.xml"), Path.Combine(dir, "guest.xml"));
        Assert.That(audit.GetProperty("allowed").GetBoolean(), Is.True);
        Assert.That(audit.GetProperty("findings").ValueKind, Is.EqualTo(JsonValueKind.Array));
        var pool = Run("policy", "pool", "--cpu-map", MiniMap, "--json", Path.Combine(dir, "guest.xml"), Path.Combine(dir, "host.xml"));
        Assert.That(Strings(pool.GetProperty("runnable")), Is.EqualTo(new[] { Path.Combine(dir, "host.xml") }));
        var host = pool.GetProperty("hosts")[0];
        Assert.That(host.GetProperty("canRun").GetBoolean(), Is.True);
        Assert.That(host.GetProperty("result").GetString(), Is.AnyOf("identical", "superset"));
        Assert.That(pool.GetProperty("blocking").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void ModelsAndModelsShow()
    {
        var list = Run("models", "--json");
        var first = list.EnumerateArray().First(m => m.GetProperty("name").GetString() == "Cascadelake-Server");
        Assert.That(first.GetProperty("vendor").GetString(), Is.EqualTo("Intel"));
        Assert.That(first.GetProperty("version").GetString(), Is.EqualTo("v1"), "versions are spelled as the table spells them");
        var v2 = list.EnumerateArray().First(m => m.GetProperty("name").GetString() == "Cascadelake-Server-v2");
        Assert.That(v2.GetProperty("version").GetString(), Is.EqualTo("v2"));
        var show = Run("models", "show", "Cascadelake-Server", "--json");
        Assert.That(show.GetProperty("name").GetString(), Is.EqualTo("Cascadelake-Server"));
        Assert.That(show.GetProperty("resolved").GetString(), Does.StartWith("Cascadelake-Server"));
        Assert.That(show.GetProperty("resolved").GetString(), Does.EndWith("-" + show.GetProperty("version").GetString()));
        Assert.That(FeatureNames(show.GetProperty("features")), Does.Contain("avx512f"));
    }

    [Test]
    public void Capabilities()
    {
        var dir = Golden.CaseDir("capabilities", "json-output");
        var root = Run("capabilities", "--cpu-map", Path.Combine(Golden.Root, "testdata", "capabilities", "cpu_map"), "--json", "--cpuid", Path.Combine(dir, "cpuid.xml"));
        var host = root.GetProperty("host");
        Assert.That(host.GetProperty("arch").GetString(), Is.EqualTo("x86_64"));
        Assert.That(host.GetProperty("vendor").GetString(), Is.EqualTo("Intel"));
        Assert.That(host.GetProperty("model").GetString(), Is.Not.Empty);
        Assert.That(host.GetProperty("signature").GetProperty("family").GetUInt32(), Is.EqualTo(6));
        Assert.That(FeatureNames(host.GetProperty("features")), Does.Contain("vmx"), "host features are objects with policy null");
        Assert.That(root.GetProperty("hostModel").ValueKind, Is.EqualTo(JsonValueKind.Null), "no --qemu-host, no host-model");
    }

    [Test]
    public void Diff()
    {
        var dir = Golden.CaseDir("diff", "features-json");
        var changes = Run("diff", "--json", Path.Combine(dir, "a.xml"), Path.Combine(dir, "b.xml"));
        Assert.That(changes.GetArrayLength(), Is.GreaterThan(0));
        foreach (var c in changes.EnumerateArray())
        {
            Assert.That(c.GetProperty("kind").GetString(), Is.AnyOf("cpu-added", "cpu-removed", "attribute-changed", "model-changed",
                "model-version-changed", "part-changed", "feature-added", "feature-removed", "feature-policy-changed"));
            Assert.That(c.GetProperty("name").GetString(), Is.Not.Empty);
        }
    }
}
