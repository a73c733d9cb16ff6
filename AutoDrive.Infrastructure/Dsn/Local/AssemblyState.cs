using System.Security.Cryptography;
using System.Text.Json;
using AutoDrive.Application.Multipart;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// How far an upload's assembly has got, saved beside it (<c>state.json</c>): which staged parts were hashed, in
/// order, for which file name and options, how many bytes, and how many chunk digests <c>chunks.bin</c> holds, with
/// the SHA-256 of those digests. It is a cache of work done, never the only copy of anything, so it is written
/// without fsync: a state whose digests do not check out (a crash lost some of them) is ignored and the assembly
/// starts over.
/// </summary>
internal sealed record AssemblyState(string Name, string Options, IReadOnlyList<StagedPartRef> Parts, long Size, int Chunks, string DigestsSha256)
{
    public const string FileName = "state.json";

    public static AssemblyState Empty(string name, string options) => new(name, options, [], 0, 0, HashOf([]));

    /// <summary>The saved state and its chunk digests, or null when there is none or it does not check out.</summary>
    public static (AssemblyState State, byte[] Digests)? Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var chunksPath = Path.Combine(directory, LocalMultipartStaging.ChunksFile);
        if (!File.Exists(path) || !File.Exists(chunksPath))
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<AssemblyState>(File.ReadAllBytes(path));
        if (state is null)
        {
            return null;
        }

        var digests = new byte[state.Chunks * 32L];
        using (var chunks = new FileStream(chunksPath, FileMode.Open, FileAccess.Read))
        {
            if (chunks.Length < digests.Length)
            {
                return null;
            }

            chunks.ReadExactly(digests);
        }

        return HashOf(digests) == state.DigestsSha256 ? (state, digests) : null;
    }

    public static string HashOf(ReadOnlySpan<byte> digests) => Convert.ToHexStringLower(SHA256.HashData(digests));

    public void Save(string directory)
    {
        var temp = Path.Combine(directory, FileName + ".tmp");
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(this));
        File.Move(temp, Path.Combine(directory, FileName), overwrite: true);
    }
}
