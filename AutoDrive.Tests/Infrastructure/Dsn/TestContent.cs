namespace AutoDrive.Tests.Infrastructure.Dsn;

/// <summary>Test contents generated span by span, never materialised whole.</summary>
internal static class TestContent
{
    public const int Mod = 251;

    /// <summary>Bytes <c>i mod 251</c> for i in [0, total), cut into spans of <paramref name="spanSize"/>. The
    /// spans are views of one buffer: consume each before asking for the next.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Mod251(long total, int spanSize)
    {
        var pattern = new byte[spanSize + Mod];
        for (var i = 0; i < pattern.Length; i++)
        {
            pattern[i] = (byte)(i % Mod);
        }

        for (long position = 0; position < total; position += spanSize)
        {
            var length = (int)Math.Min(spanSize, total - position);
            yield return pattern.AsMemory((int)(position % Mod), length);
        }
    }

    /// <summary><paramref name="total"/> copies of <paramref name="value"/>, in spans of <paramref name="spanSize"/>.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Repeat(byte value, long total, int spanSize)
    {
        var buffer = new byte[spanSize];
        Array.Fill(buffer, value);
        for (long position = 0; position < total; position += spanSize)
        {
            yield return buffer.AsMemory(0, (int)Math.Min(spanSize, total - position));
        }
    }

    /// <summary>The same bytes as <see cref="Mod251(long, int)"/>, in one array (for small contents).</summary>
    public static byte[] Mod251Array(int total)
    {
        var bytes = new byte[total];
        for (var i = 0; i < total; i++)
        {
            bytes[i] = (byte)(i % Mod);
        }

        return bytes;
    }

    public static IEnumerable<ReadOnlyMemory<byte>> Split(byte[] content, int spanSize)
    {
        for (var position = 0; position < content.Length; position += spanSize)
        {
            yield return content.AsMemory(position, Math.Min(spanSize, content.Length - position));
        }
    }
}
