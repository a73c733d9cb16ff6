namespace AutoDrive.Domain.Content;

/// <summary>
/// Content stored on the DSN, once per CID whoever uploaded it. Owners are recorded apart
/// (<see cref="ContentOwnership"/>): one content, many owners.
/// </summary>
public sealed class StoredContent
{
    private StoredContent()
    {
        Cid = string.Empty;
    }

    private StoredContent(Cid cid, long size, long nodeCount, DateTimeOffset createdAt)
    {
        Cid = cid.Value;
        Size = size;
        NodeCount = nodeCount;
        CreatedAt = createdAt;
    }

    public string Cid { get; private set; }

    public long Size { get; private set; }

    public long NodeCount { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static StoredContent Record(Cid cid, long size, long nodeCount, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 1);
        return new StoredContent(cid, size, nodeCount, now);
    }
}
