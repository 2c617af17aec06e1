using System.Text;

namespace DomainCpu.Cli;

/// <summary>A unified diff of two short texts (longest common subsequence of lines; CPU elements are small).</summary>
internal static class TextDiff
{
    public static string Unified(string a, string b, string nameA, string nameB, int context = 3)
    {
        var x = Split(a);
        var y = Split(b);
        var ops = Ops(x, y);
        if (ops.All(o => o.Kind == ' ')) return "";
        var sb = new StringBuilder();
        sb.Append("--- ").Append(nameA).Append('\n').Append("+++ ").Append(nameB).Append('\n');
        var i = 0;
        while (i < ops.Count)
        {
            if (ops[i].Kind == ' ')
            {
                i++;
                continue;
            }
            var start = Math.Max(0, i - context);
            var end = i;
            var lastChange = i;
            while (end < ops.Count && (ops[end].Kind != ' ' || end - lastChange <= 2 * context))
            {
                if (ops[end].Kind != ' ') lastChange = end;
                end++;
            }
            end = Math.Min(ops.Count, lastChange + context + 1);
            var aStart = ops[start].A;
            var bStart = ops[start].B;
            var aCount = ops.Skip(start).Take(end - start).Count(o => o.Kind != '+');
            var bCount = ops.Skip(start).Take(end - start).Count(o => o.Kind != '-');
            sb.Append($"@@ -{aStart + 1},{aCount} +{bStart + 1},{bCount} @@\n");
            for (var k = start; k < end; k++) sb.Append(ops[k].Kind).Append(ops[k].Text).Append('\n');
            i = end;
        }
        return sb.ToString();
    }

    private readonly record struct Op(char Kind, string Text, int A, int B);

    private static string[] Split(string s) => s.Length == 0 ? Array.Empty<string>() : s.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');

    private static List<Op> Ops(string[] x, string[] y)
    {
        var lcs = new int[x.Length + 1, y.Length + 1];
        for (var i = x.Length - 1; i >= 0; i--)
        {
            for (var j = y.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = x[i] == y[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var ops = new List<Op>();
        int p = 0, q = 0;
        while (p < x.Length || q < y.Length)
        {
            if (p < x.Length && q < y.Length && x[p] == y[q])
            {
                ops.Add(new Op(' ', x[p], p, q));
                p++;
                q++;
            }
            else if (q < y.Length && (p == x.Length || lcs[p, q + 1] > lcs[p + 1, q]))
            {
                ops.Add(new Op('+', y[q], p, q));
                q++;
            }
            else
            {
                ops.Add(new Op('-', x[p], p, q));
                p++;
            }
        }
        return ops;
    }
}
