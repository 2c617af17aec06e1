using System.CommandLine;

namespace DomainCpu.Cli;

/// <summary>Options every command accepts (DESIGN.md, CLI contract).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> CpuMap { get; } = new("--cpu-map")
    {
        Description = "Use a libvirt cpu_map directory instead of the embedded catalog",
        Recursive = true,
    };

    public Option<string?> Libvirt { get; } = new("--libvirt")
    {
        Description = "Answer as this libvirt release does (9.0, 11.3, 12.8; others take the rules introduced up to them)",
        HelpName = "VERSION",
        Recursive = true,
    };

    public Option<string?> Qemu { get; } = new("--qemu")
    {
        Description = "Answer for this QEMU release's CPU models (default: from --qemu-caps, else the one libvirt's distribution ships)",
        HelpName = "VERSION",
        Recursive = true,
    };

    public Option<string?> Caps { get; } = new("--caps")
    {
        Description = "Host capabilities XML (or a standalone host <cpu>)",
        Recursive = true,
    };

    public Option<string?> DomCaps { get; } = new("--domcaps")
    {
        Description = "Domain capabilities XML",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Say on standard error which target (libvirt release, CPU models, QEMU) answers, and why",
        Recursive = true,
    };

    public Option<bool> Debug { get; } = new("--debug")
    {
        Description = "Show a stack trace when a command fails unexpectedly",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Libvirt);
        root.Options.Add(Qemu);
        root.Options.Add(CpuMap);
        root.Options.Add(Caps);
        root.Options.Add(DomCaps);
        root.Options.Add(Verbose);
        root.Options.Add(Debug);
    }
}
