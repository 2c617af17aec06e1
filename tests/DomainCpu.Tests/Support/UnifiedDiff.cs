using System.Text;
using DiffPlex;
using DiffPlex.Model;

namespace DomainCpu.Tests.Support;

/// <summary>A unified diff built from DiffPlex's line diff (DiffPlex 1.4.4 has no unified renderer).</summary>
public static class UnifiedDiff
{
    public static string Create(string expected, string actual, string expectedName = "expected", string actualName = "actual", int context = 3)
    {
        var result = new Differ().CreateLineDiffs(expected, actual, ignoreWhitespace: false, ignoreCase: false);
        var a = result.PiecesOld.ToArray();
        var b = result.PiecesNew.ToArray();
        var sb = new StringBuilder();
        sb.Append("--- ").AppendLine(expectedName).Append("+++ ").AppendLine(actualName);
        var blocks = result.DiffBlocks;
        var i = 0;
        while (i < blocks.Count)
        {
            // Merge blocks whose context windows touch into one hunk.
            var first = blocks[i];
            var last = first;
            var j = i + 1;
            while (j < blocks.Count && blocks[j].DeleteStartA - (last.DeleteStartA + last.DeleteCountA) <= 2 * context)
            {
                last = blocks[j];
                j++;
            }
            var startA = Math.Max(0, first.DeleteStartA - context);
            var startB = Math.Max(0, first.InsertStartB - context);
            var endA = Math.Min(a.Length, last.DeleteStartA + last.DeleteCountA + context);
            var endB = Math.Min(b.Length, last.InsertStartB + last.InsertCountB + context);
            sb.Append($"@@ -{startA + 1},{endA - startA} +{startB + 1},{endB - startB} @@\n");
            var posA = startA;
            for (var k = i; k < j; k++)
            {
                var blk = blocks[k];
                for (; posA < blk.DeleteStartA; posA++) sb.Append(' ').AppendLine(a[posA]);
                for (var d = 0; d < blk.DeleteCountA; d++) sb.Append('-').AppendLine(a[blk.DeleteStartA + d]);
                for (var n = 0; n < blk.InsertCountB; n++) sb.Append('+').AppendLine(b[blk.InsertStartB + n]);
                posA = blk.DeleteStartA + blk.DeleteCountA;
            }
            for (; posA < endA; posA++) sb.Append(' ').AppendLine(a[posA]);
            i = j;
        }
        return sb.ToString();
    }
}
