using System.Xml.Linq;
using DomainCpu.Diagnostics;

namespace DomainCpu.Schema;

/// <summary>Collects findings for one file; each finding's id, category and severity come from its factory.</summary>
internal sealed class Findings(string file)
{
    public string File { get; } = file;

    public List<Diagnostic> Items { get; } = [];

    public void Add(XObject? at, Diagnostic finding) => Add(SourcePosition.Of(at), finding);

    public void Add(SourcePosition pos, Diagnostic finding) => Items.Add(finding.At(File, pos));
}
