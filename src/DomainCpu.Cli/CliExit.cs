namespace DomainCpu.Cli;

/// <summary>The exit codes of the CLI contract.</summary>
internal static class CliExit
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>The input is invalid or incompatible: a finding, not a crash.</summary>
    public const int Finding = 1;
    /// <summary>Usage or I/O error.</summary>
    public const int Usage = 2;
}

/// <summary>A usage or I/O problem the CLI reports in one line with exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
