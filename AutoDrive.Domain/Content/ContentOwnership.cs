namespace AutoDrive.Domain.Content;

/// <summary>A user owns a stored content: they uploaded it (through either API).</summary>
public sealed class ContentOwnership
{
    private ContentOwnership()
    {
        Cid = string.Empty;
    }

    private ContentOwnership(Cid cid, Guid userId, DateTimeOffset createdAt)
    {
        Cid = cid.Value;
        UserId = userId;
        CreatedAt = createdAt;
    }

    public string Cid { get; private set; }

    public Guid UserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static ContentOwnership Grant(Cid cid, Guid userId, DateTimeOffset now)
    {
        if (userId == Guid.Empty)
        {
            throw new ArgumentException("An owner is a user.", nameof(userId));
        }

        return new ContentOwnership(cid, userId, now);
    }
}
