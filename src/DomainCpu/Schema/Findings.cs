using System.Xml.Linq;
using DomainCpu.Diagnostics;

namespace DomainCpu.Schema;

/// <summary>Collects findings for one file; severity and category come from the rule.</summary>
internal sealed class Findings(string file)
{
    public string File { get; } = file;

    public List<Diagnostic> Items { get; } = [];

    public void Add(XObject? at, string id, string message) => Add(SourcePosition.Of(at), id, message);

    public void Add(SourcePosition pos, string id, string message)
    {
        var rule = ValidationRules.Get(id);
        Items.Add(new Diagnostic(File, pos.Line, pos.Column, rule.Severity, rule.Category, id, message));
    }
}
