using DomainCpu.Diagnostics;

namespace DomainCpu.Xml;

/// <summary>Reads a whole input stream, refusing more than the size limit without reading it all.</summary>
internal static class InputReader
{
    /// <summary>Reads the stream to its end; more than <see cref="InputLimits.MaxDocumentBytes"/> is refused.</summary>
    /// <exception cref="DomainCpuException">The input is larger than the limit.</exception>
    public static byte[] ReadAll(Stream stream, string file, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (ms.Length + n > limits.MaxDocumentBytes)
            {
                throw DomainCpuException.At(file, new SourcePosition(1, 1), Diagnoses.InputOverByteLimit(limits.MaxDocumentBytes));
            }
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }
}
