using System.Runtime.InteropServices;

namespace DomainCpu.Benchmarks;

/// <summary>The CPU time of the calling thread (Linux), for the quick mode: on a shared machine the wall clock
/// mostly measures waiting for a core, the thread's CPU time what the code costs.</summary>
internal static class ThreadClock
{
    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    /// <summary>Milliseconds of CPU time of this thread, or NaN off Linux.</summary>
    public static double Milliseconds()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(ClockThreadCpuTime, out var t) != 0) return double.NaN;
        return t.Seconds * 1e3 + t.Nanoseconds / 1e6;
    }
}
