using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DomainCpu.CatalogGen;

/// <summary>One QEMU process driven over QMP on its standard input and output.</summary>
internal sealed class QmpSession : IDisposable
{
    private readonly Process _process;
    private int _nextId;

    private QmpSession(Process process) => _process = process;

    /// <summary>Starts <c>QEMU -machine M -nodefaults -nographic -accel tcg -S -qmp stdio</c> and enters command mode.</summary>
    public static QmpSession Start(string qemu, string machine)
    {
        var psi = new ProcessStartInfo(qemu)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-machine", machine, "-nodefaults", "-nographic", "-accel", "tcg", "-S", "-qmp", "stdio" })
        {
            psi.ArgumentList.Add(a);
        }
        var p = Process.Start(psi) ?? throw new GeneratorException($"cannot start {qemu}");
        p.ErrorDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        var s = new QmpSession(p);
        var greeting = s.ReadMessage();
        if (!greeting.TryGetProperty("QMP", out _)) throw new GeneratorException($"{qemu}: no QMP greeting");
        s.Execute("qmp_capabilities");
        return s;
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
internal sealed class GeneratorException(string message) : Exception(message);
