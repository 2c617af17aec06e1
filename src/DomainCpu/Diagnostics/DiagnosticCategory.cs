namespace DomainCpu.Diagnostics;

/// <summary>What kind of problem a finding is. JSON output prints the lower-case name (<c>xml</c>, <c>schema</c>, …).</summary>
public enum DiagnosticCategory
{
    /// <summary>The input is not well-formed, or breaks an input limit or a refused construct (DTD, entity, XInclude).</summary>
    Xml,
    /// <summary>What libvirt's RELAX NG schemas decide (including the "at most once" counts the XSD cannot express).</summary>
    Schema,
    /// <summary>What libvirt's parser, CPU driver and QEMU driver refuse beyond the schema, judged from the documents given.</summary>
    Semantic,
    /// <summary>What libvirt refuses when it starts the domain on this host and hypervisor (mode, model or features the host
    /// cannot give).</summary>
    Host,
    /// <summary>A line of the hook's configuration file.</summary>
    Config,
    /// <summary>QEMU's QMP replies (a JSON host report) are not well-formed.</summary>
    Json,
}
