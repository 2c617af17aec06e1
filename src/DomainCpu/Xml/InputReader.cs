using DomainCpu.Diagnostics;

namespace DomainCpu.Xml;

/// <summary>Reads a whole input stream, refusing more than the size limit without reading it all.</summary>
public static class InputReader
{
    /// <summary>Reads the stream to its end; more than <see cref="InputLimits.MaxDocumentBytes"/> is refused.</summary>
    /// <param name="stream">The input, read forward to its end; not closed.</param>
    /// <param name="file">The name findings give (<c>-</c> for standard input).</param>
    /// <param name="limits">The limits; null for the defaults.</param>
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
                throw TooLarge(file, limits);
            }
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }

    /// <summary>The refusal of an input larger than <see cref="InputLimits.MaxDocumentBytes"/>, for a reader that
    /// finds out by itself (one that streams the input, say).</summary>
    /// <param name="file">The name findings give.</param>
    /// <param name="limits">The limits; null for the defaults.</param>
    public static DomainCpuException TooLarge(string file, InputLimits? limits = null) =>
        DomainCpuException.At(file, new SourcePosition(1, 1), Diagnoses.InputOverByteLimit((limits ?? InputLimits.Default).MaxDocumentBytes));
}
