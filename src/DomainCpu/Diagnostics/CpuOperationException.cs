namespace DomainCpu.Diagnostics;

/// <summary>A CPU operation (compare, decode, baseline, update, …) that libvirt would refuse, such as an
/// unknown model or feature, or CPUs of different vendors. The message is libvirt's.</summary>
public sealed class CpuOperationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="id">The stable rule id (DC1xxx).</param>
    /// <param name="message">The finding in libvirt's words.</param>
    public CpuOperationException(string id, string message) : base(message) => Id = id;

    /// <summary>The stable rule id.</summary>
    public string Id { get; }

    internal static CpuOperationException UnknownModel(string name) => new("DC1001", $"Unknown CPU model {name}");

    internal static CpuOperationException UnknownFeature(string name) => new("DC1002", $"Unknown CPU feature {name}");
}
