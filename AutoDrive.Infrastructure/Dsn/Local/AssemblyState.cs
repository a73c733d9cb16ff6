using System.Text.Json;
using AutoDrive.Application.Multipart;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// How far an upload's assembly has got, saved beside it (<c>state.json</c>): which staged parts were hashed, in
/// order, for which file name and options, how many bytes, and how many chunk digests <c>chunks.bin</c> holds.
/// Saved after the digests it describes are on disk; a state that does not match them (a crash in between) is
/// ignored and the assembly starts over.
/// </summary>
internal sealed record AssemblyState(string Name, string Options, IReadOnlyList<StagedPartRef> Parts, long Size, int Chunks)
{
    public const string FileName = "state.json";

    public static AssemblyState Empty(string name, string options) => new(name, options, [], 0, 0);

    public static AssemblyState? Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<AssemblyState>(File.ReadAllBytes(path));
        return state is not null
            && new FileInfo(Path.Combine(directory, LocalMultipartStaging.ChunksFile)) is { Exists: true } chunks && chunks.Length >= state.Chunks * 32L
            ? state
            : null;
    }

    public void Save(string directory)
    {
        var temp = Path.Combine(directory, FileName + ".tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, this);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path.Combine(directory, FileName), overwrite: true);
        DirectorySync.Flush(directory);
    }
}
