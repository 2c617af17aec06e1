using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DomainCpu.CatalogGen;

/// <summary>One QEMU process driven over QMP on its standard input and output.</summary>
internal sealed class QmpSession : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _stderr = new();
    private int _nextId;

    private QmpSession(Process process) => _process = process;

    /// <summary>Starts <c>QEMU -machine M -nodefaults -nographic -accel tcg -S -qmp stdio</c> and enters command mode.</summary>
    /// <param name="qemu">The command that runs QEMU: the program, then any arguments that come before QEMU's own
    /// (a wrapper that runs QEMU elsewhere, such as in a chroot, is given this way).</param>
    /// <param name="machine">The machine type.</param>
    /// <param name="cpu">The <c>-cpu</c> option, if any.</param>
    public static QmpSession Start(IReadOnlyList<string> qemu, string machine, string? cpu = null)
    {
        var psi = new ProcessStartInfo(qemu[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in qemu.Skip(1).Concat(["-machine", machine, "-nodefaults", "-nographic", "-accel", "tcg", "-S", "-qmp", "stdio"]).Concat(cpu is null ? [] : ["-cpu", cpu]))
        {
            psi.ArgumentList.Add(a);
        }
        var p = Process.Start(psi) ?? throw new GeneratorException($"cannot start {qemu[0]}");
        var s = new QmpSession(p);
        p.ErrorDataReceived += (_, e) =>
        {
            lock (s._stderr) s._stderr.Append(e.Data).Append('\n');
        };
        p.BeginErrorReadLine();
        try
        {
            var greeting = s.ReadMessage();
            if (!greeting.TryGetProperty("QMP", out _)) throw new GeneratorException($"{string.Join(' ', qemu)}: no QMP greeting");
            s.Execute("qmp_capabilities");
            return s;
        }
        catch (Exception ex) when (ex is GeneratorException or IOException)
        {
            p.WaitForExit(5000);
            string said;
            lock (s._stderr) said = s._stderr.ToString().Trim();
            s.Dispose();
            throw new MachineRefusedException(machine, said.Length > 0 ? said : ex.Message);
        }
    }

    /// <summary>Runs one command; returns its <c>return</c> value or throws on an error reply.</summary>
    public JsonElement Execute(string command, JsonObject? arguments = null) =>
        ExecuteAll([(command, arguments)])[0] ?? throw new GeneratorException($"QMP {command} failed");

    /// <summary>Sends the commands in one go and returns their <c>return</c> values in order (null for an error reply).</summary>
    public IReadOnlyList<JsonElement?> ExecuteAll(IReadOnlyList<(string Command, JsonObject? Arguments)> commands)
    {
        var first = _nextId;
        foreach (var (command, arguments) in commands)
        {
            var msg = new JsonObject { ["execute"] = command, ["id"] = _nextId++ };
            if (arguments is not null) msg["arguments"] = arguments;
            _process.StandardInput.WriteLine(msg.ToJsonString());
        }
        _process.StandardInput.Flush();
        var results = new JsonElement?[commands.Count];
        for (var got = 0; got < commands.Count;)
        {
            var m = ReadMessage();
            if (!m.TryGetProperty("id", out var id)) continue; // an event
            var i = id.GetInt32() - first;
            results[i] = m.TryGetProperty("return", out var r) ? r.Clone() : null;
            got++;
        }
        return results;
    }

    private JsonElement ReadMessage()
    {
        var line = _process.StandardOutput.ReadLine() ?? throw new GeneratorException("QEMU closed its QMP channel");
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.Clone();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("{\"execute\":\"quit\"}");
                _process.StandardInput.Flush();
                if (!_process.WaitForExit(5000)) _process.Kill();
            }
        }
        catch (IOException)
        {
            // QEMU is already gone.
        }
        _process.Dispose();
    }
}

/// <summary>A failure of the generator (bad input, QEMU misbehaving, or data the catalog format cannot express).</summary>
internal class GeneratorException(string message) : Exception(message);

/// <summary>QEMU would not start with a machine type (e.g. one that needs an accelerator other than TCG and KVM).</summary>
/// <param name="machine">The machine type.</param>
/// <param name="reason">What QEMU said.</param>
internal sealed class MachineRefusedException(string machine, string reason) : GeneratorException($"QEMU does not start machine type {machine}: {reason}")
{
    /// <summary>The machine type.</summary>
    public string Machine { get; } = machine;

    /// <summary>What QEMU said.</summary>
    public string Reason { get; } = reason;
}
