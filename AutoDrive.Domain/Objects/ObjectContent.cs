using AutoDrive.Domain.Content;

namespace AutoDrive.Domain.Objects;

/// <summary>
/// What a mapping points at: stored content by CID, its size and the MD5 that makes its ETag
/// (<see cref="PartCount"/> set for a multipart object, whose MD5 is the MD5 of its part MD5s).
/// </summary>
public sealed record ObjectContent
{
    public ObjectContent(Cid cid, long size, Md5Digest? md5, int? partCount = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (partCount is not null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(partCount.Value, 1, nameof(partCount));
            if (md5 is null)
            {
                throw new ArgumentException("A multipart object has a composite MD5.", nameof(md5));
            }
        }

        Cid = cid;
        Size = size;
        Md5 = md5;
        PartCount = partCount;
    }

    public Cid Cid { get; }

    public long Size { get; }

    public Md5Digest? Md5 { get; }

    public int? PartCount { get; }
}
