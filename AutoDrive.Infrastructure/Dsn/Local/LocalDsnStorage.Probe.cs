using AutoDrive.Infrastructure.Configuration;

namespace AutoDrive.Infrastructure.Dsn.Local;

public sealed partial class LocalDsnStorage
{
    /// <summary>
    /// Proves the store can take a new content now: writes a few bytes to a new file in <c>tmp/</c> (where uploads
    /// are written, on the same file system as <c>content/</c>), flushes them to stable storage, and deletes the file.
    /// A read-only, full or failing disk throws here as an upload would.
    /// </summary>
    /// <exception cref="IOException">The directory cannot be written or flushed.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable by this process.</exception>
    internal void ProbeWritable()
    {
        PrepareDirectories();
        // The ".part" extension makes a probe left behind by a crash one more stale temporary file, removed at start.
        var probePath = Path.Combine(_tempRoot, "health-" + Guid.NewGuid().ToString("N") + ".part");
        var file = new FileStream(probePath, PrivateFiles.NewFile(bufferSize: 0));
        try
        {
            using (file)
            {
                file.Write("autodrive health probe\n"u8);
                file.Flush(flushToDisk: true);
            }

            DirectorySync.Flush(_tempRoot);
        }
        finally
        {
            File.Delete(probePath);
        }
    }
}
