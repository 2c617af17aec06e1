// A management application's view of a guest CPU, with the DomainCpu package:
// read a domain, change its CPU, expand it against the host's domain capabilities, print the -cpu argument
// QEMU would get, and write the live XML.
//
//   ManageCpu DOMAIN.xml DOMCAPS.xml LIVE.xml
using DomainCpu;
using DomainCpu.Model;
using DomainCpu.Qemu;
using DomainCpu.Diagnostics;
using DomainCpu.Xml;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: ManageCpu DOMAIN.xml DOMCAPS.xml LIVE.xml");
    return 2;
}

try
{
    // Load: from a file here; DomainDocument.Parse(string) and DomainDocument.Load(Stream) work the same way.
    var domain = DomainDocument.LoadFile(args[0]);
    var domcaps = DomainDocument.LoadFile(args[1]);

    // Validate: findings are data (file, line, column, severity, rule id, message).
    IReadOnlyList<Diagnostic> findings = LibvirtCpu.Validate(domain);
    foreach (var finding in findings) Console.Error.WriteLine(finding);
    if (LibvirtCpu.HasErrors(findings)) return 1;

    // Read and change the CPU through immutable records; WithCpu rewrites only the <cpu> element.
    CpuDefinition cpu = domain.ReadCpu() ?? new CpuDefinition { Mode = CpuMode.HostModel };
    Console.WriteLine($"configured: mode={CpuNames.Of(cpu.Mode)}, {cpu.Features.Length} feature(s)");
    domain = domain.WithCpu(cpu.WithFeature("pcid", FeaturePolicy.Require) with { Check = CpuCheck.Partial });

    // Expand: the live XML, as libvirt writes it when the guest starts on this host.
    DomainDocument live = LibvirtCpu.Expand(domain, domcaps);
    CpuDefinition liveCpu = live.ReadCpu()!;
    Console.WriteLine($"live: model={liveCpu.ModelName}, vendor={liveCpu.Vendor}, check={CpuNames.Of(liveCpu.Check ?? CpuCheck.Full)}");

    // Arguments: what libvirt passes to QEMU for the live definition (QEMU 7.2's facts unless a StartContext
    // with libvirt's record of the binary is given).
    ArgvResult argv = LibvirtCpu.BuildArgv(live);
    Console.WriteLine($"-cpu {argv.Cpu}");
    Console.WriteLine($"-smp {argv.Smp}");

    // Write the live XML; strip gives the configured document back, byte for byte.
    File.WriteAllBytes(args[2], live.ToBytes());
    var restored = LibvirtCpu.Strip(live);
    Console.WriteLine(restored.Text == domain.Text ? "strip: configured XML restored" : "strip: differs");
    return 0;
}
catch (DomainCpuException ex)
{
    // A refused input: the diagnostic says where and why (FILE:LINE:COL: error: [ID] message).
    Console.Error.WriteLine(ex.Diagnostic);
    return 1;
}
catch (IOException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
