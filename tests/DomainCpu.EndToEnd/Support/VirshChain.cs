using System.Text;

namespace DomainCpu.EndToEnd.Support;

/// <summary>A chain of virsh commands, each behind a marker line (<c>@@@ GUEST STEP</c>), and its output cut back into
/// one piece per step.</summary>
internal sealed class VirshChain
{
    private const string Marker = "@@@ ";
    private readonly StringBuilder _chain = new();

    /// <summary>Adds a step: a virsh command whose output belongs to <paramref name="guest"/>'s <paramref name="step"/>.</summary>
    public VirshChain Step(string guest, string step, string command)
    {
        _chain.Append("echo ").Append(Marker).Append(guest).Append(' ').Append(step).Append("; ").Append(command).Append("; ");
        return this;
    }

    public override string ToString() => _chain.ToString();

    /// <summary>The output of every step, by guest and step.</summary>
    public static IReadOnlyDictionary<(string Guest, string Step), string> Split(string output)
    {
        var steps = new Dictionary<(string, string), string>();
        (string, string)? current = null;
        var text = new StringBuilder();
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith(Marker, StringComparison.Ordinal))
            {
                if (current is { } done) steps[done] = text.ToString();
                var parts = line[Marker.Length..].Trim().Split(' ', 2);
                current = (parts[0], parts.Length > 1 ? parts[1] : "");
                text.Clear();
                continue;
            }
            text.Append(line).Append('\n');
        }
        if (current is { } last) steps[last] = text.ToString();
        return steps;
    }
}
