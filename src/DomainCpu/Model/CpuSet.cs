using System.Globalization;
using System.Text;

namespace DomainCpu.Model;

/// <summary>libvirt's cpuset syntax (<c>0-3,8,^2</c>): parsing and the canonical form libvirt writes.</summary>
internal static class CpuSet
{
    /// <summary>The largest CPU id accepted (libvirt's bitmap limit is far above real vCPU counts).</summary>
    public const int MaxCpuId = 16383;

    /// <summary>Parses a cpuset into sorted, distinct ids; null when the syntax is wrong.</summary>
    public static SortedSet<int>? Parse(string text)
    {
        var set = new SortedSet<int>();
        var excluded = new List<(int, int)>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            if (part.Length == 0) return null;
            var neg = part[0] == '^';
            if (neg) part = part[1..];
            var dash = part.IndexOf('-');
            int lo, hi;
            if (dash < 0)
            {
                if (!TryId(part, out lo)) return null;
                hi = lo;
            }
            else
            {
                if (neg || !TryId(part[..dash], out lo) || !TryId(part[(dash + 1)..], out hi) || hi < lo) return null;
            }
            if (neg) excluded.Add((lo, hi));
            else for (var i = lo; i <= hi; i++) set.Add(i);
        }
        foreach (var (lo, hi) in excluded)
        {
            for (var i = lo; i <= hi; i++) set.Remove(i);
        }
        return set;
    }

    /// <summary>The canonical text of a set of ids: ascending ranges, <c>0-3,8</c>.</summary>
    public static string Format(IEnumerable<int> ids)
    {
        var sb = new StringBuilder();
        int? start = null, prev = null;
        foreach (var id in ids.Distinct().OrderBy(i => i))
        {
            if (prev is not null && id == prev + 1)
            {
                prev = id;
                continue;
            }
            Flush();
            start = prev = id;
        }
        Flush();
        return sb.ToString();

        void Flush()
        {
            if (start is null) return;
            if (sb.Length > 0) sb.Append(',');
            sb.Append(start.Value.ToString(CultureInfo.InvariantCulture));
            if (prev != start) sb.Append('-').Append(prev!.Value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static bool TryId(string s, out int id)
    {
        id = 0;
        s = s.Trim();
        return s.Length > 0 && s.All(char.IsAsciiDigit) &&
               int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id <= MaxCpuId;
    }
}
