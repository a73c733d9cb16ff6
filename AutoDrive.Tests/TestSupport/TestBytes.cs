namespace AutoDrive.Tests.TestSupport;

/// <summary>Test content: reproducible random bytes, and a stream read to its end.</summary>
internal static class TestBytes
{
    /// <summary><paramref name="size"/> pseudo-random bytes, the same for the same <paramref name="seed"/>.</summary>
    public static byte[] Random(int size, int seed)
    {
        var bytes = new byte[size];
        new System.Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Everything <paramref name="stream"/> still holds (test content is small).</summary>
    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
