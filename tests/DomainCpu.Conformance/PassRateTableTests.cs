using DomainCpu.Conformance.Support;
using NUnit.Framework;

namespace DomainCpu.Conformance;

/// <summary>The pass-rate table and the row case source fail on what would otherwise pass vacuously.</summary>
[TestFixture]
public class PassRateTableTests
{
    private static (string Text, IReadOnlyList<string> Problems) Print(PassRateTable table)
    {
        using var w = new StringWriter();
        var problems = table.Print(w);
        return (w.ToString(), problems);
    }

    [Test]
    public void Prints_a_kind_per_line_in_percent()
    {
        var table = new PassRateTable("title", new KindFloor("compare", 50), new KindFloor("update", 100));
        table.Count("compare", "a", null);
        table.Count("compare", "b", "got X, expected Y");
        table.Count("compare", "c", null);
        table.Count("update", "d", null);
        var (text, problems) = Print(table);
        Assert.Multiple(() =>
        {
            Assert.That(problems, Is.Empty);
            Assert.That(text, Does.Contain("pass rates: title"));
            Assert.That(text, Does.Match(@"\n  compare +2/3 +66\.7% +50\.0%\n"));
            Assert.That(text, Does.Match(@"\n  update +1/1 +100\.0% +100\.0%\n"));
            Assert.That(text, Does.Contain("FAIL compare b: got X, expected Y"));
        });
    }

    [Test]
    public void A_kind_without_cases_fails()
    {
        var table = new PassRateTable("title", new KindFloor("compare", 100), new KindFloor("update", 100));
        table.Count("compare", "a", null);
        var (text, problems) = Print(table);
        Assert.That(problems, Is.EqualTo(new[] { "update: no cases (an empty case set never passes)" }));
        Assert.That(text, Does.Match(@"\n  update +0/0 +- +100\.0%\n"));
    }

    [Test]
    public void A_rate_below_its_floor_fails_and_one_at_it_passes()
    {
        var table = new PassRateTable("title", new KindFloor("at", 50), new KindFloor("below", 50));
        table.Count("at", "a", null);
        table.Count("at", "b", "miss");
        table.Count("below", "a", null);
        table.Count("below", "b", "miss");
        table.Count("below", "c", "miss");
        Assert.That(Print(table).Problems, Is.EqualTo(new[] { "below: pass rate 33.3% below its floor 50.0%" }));
    }

    [Test]
    public void A_case_of_an_undeclared_kind_fails()
    {
        var table = new PassRateTable("title", new KindFloor("compare", 100));
        table.Count("compare", "a", null);
        table.Count("frobnicate", "b", null);
        Assert.That(Print(table).Problems, Is.EqualTo(new[] { "frobnicate: cases counted under a kind the table does not declare" }));
    }

    [Test]
    public void A_broken_case_set_fails_even_when_every_kind_passes()
    {
        var table = new PassRateTable("title", new KindFloor("compare", 100));
        table.Count("compare", "a", null);
        table.Broken("CASES.tsv: line 7 (3 columns, expected 6): …");
        var (text, problems) = Print(table);
        Assert.That(problems, Is.EqualTo(new[] { "CASES.tsv: line 7 (3 columns, expected 6): …" }));
        Assert.That(text, Does.Contain("BROKEN CASES.tsv: line 7"));
    }

    [Test]
    public void A_row_check_of_a_missing_release_folder_yields_one_failing_case()
    {
        var check = new RowCheck<CputestRow>("title", "no-such-release", CputestRow.Read, _ => true, r => r.Test,
            (r, results) => results.Count(r.Test, null), new KindFloor("compare", 100));
        var cases = check.Cases().ToList();
        Assert.That(cases, Has.Count.EqualTo(1));
        var c = (CorpusCase<CputestRow>)cases[0].Arguments[0]!;
        Assert.That(() => check.AssertCase(c), Throws.TypeOf<AssertionException>().With.Message.Contains("no-such-release").Or.Message.Contains("DOMAINCPU_CORPUS"));
    }
}
