namespace DomainCpu.Diagnostics;

/// <summary>One validation rule: its stable id, category, severity and what it checks.</summary>
/// <param name="Id">The stable id (such as DC0103).</param>
/// <param name="Category"><c>schema</c> (what libvirt's RELAX NG decides, including the "at most once" counts
/// the XSD cannot express) or <c>semantic</c> (what libvirt's parser and QEMU driver reject beyond it).</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Summary">What the rule checks, in one sentence.</param>
public sealed record ValidationRule(string Id, string Category, DiagnosticSeverity Severity, string Summary);
