using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;

namespace AutoDrive.Domain.Native;

/// <summary>
/// One chunk of a native file upload, staged durably: its index (0-based), its size and MD5, and where it is staged.
/// The same index may be sent again with the same bytes (a retry); other bytes for an index already taken are refused.
/// </summary>
public sealed class UploadChunk
{
    /// <summary>The most chunks of one file (indexes 0 to 99,999): 100 GB in the SDK's 1 MiB chunks.</summary>
    public const int MaxChunks = 100_000;

    private byte[] _md5;

    private UploadChunk()
    {
        UploadId = string.Empty;
        StagedName = string.Empty;
        _md5 = [];
    }

    private UploadChunk(string uploadId, int index, long size, Md5Digest md5, string stagedName, DateTimeOffset now)
    {
        UploadId = uploadId;
        Index = index;
        Size = size;
        _md5 = md5.ToArray();
        StagedName = stagedName;
        ReceivedAt = now;
    }

    public string UploadId { get; private set; }

    public int Index { get; private set; }

    public long Size { get; private set; }

    public Md5Digest Md5 => Md5Digest.FromBytes(_md5);

    public string StagedName { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public static UploadChunk Receive(NativeUpload upload, int index, long size, Md5Digest md5, string stagedName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(upload);
        CheckIndex(index);
        upload.EnsureAcceptsChunks();
        return new UploadChunk(upload.Id, index, size, md5, stagedName, now);
    }

    /// <summary>A chunk index is an integer from 0 to <see cref="MaxChunks"/> - 1.</summary>
    public static void CheckIndex(int index)
    {
        if (index is < 0 or >= MaxChunks)
        {
            throw new DomainException(ErrorKind.InvalidArgument, $"A chunk index is an integer from 0 to {MaxChunks - 1}.");
        }
    }

    /// <summary>Whether another receipt of this index carries the same bytes (a retried chunk).</summary>
    public bool IsSameAs(long size, Md5Digest md5) => Size == size && Md5.Equals(md5);
}
