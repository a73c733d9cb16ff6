namespace AutoDrive.Domain.Content;

/// <summary>
/// A user's hold on a stored content: the native view of an object. An uploader is an <see cref="OwnerRole.Admin"/>;
/// a user it was shared with a <see cref="OwnerRole.Viewer"/>. A root is what the user uploaded (or was given) as a
/// whole; a file uploaded inside a folder is held too, but is not one of the user's roots. A trashed hold hides the
/// content from that user's lists and S3 view until it is restored; nothing is ever erased.
/// </summary>
public sealed class ContentOwnership
{
    private ContentOwnership()
    {
        Cid = string.Empty;
    }

    private ContentOwnership(Cid cid, Guid userId, OwnerRole role, bool isRoot, Guid? grantedBy, DateTimeOffset createdAt)
    {
        if (userId == Guid.Empty)
        {
            throw new ArgumentException("An owner is a user.", nameof(userId));
        }

        Cid = cid.Value;
        UserId = userId;
        Role = role;
        IsRoot = isRoot;
        GrantedBy = grantedBy;
        CreatedAt = createdAt;
    }

    public string Cid { get; private set; }

    public Guid UserId { get; private set; }

    public OwnerRole Role { get; private set; }

    /// <summary>Whether this is one of the user's roots (listed in their files), not only a member of a folder they hold.</summary>
    public bool IsRoot { get; private set; }

    /// <summary>The owner who shared the content with this user (viewers only).</summary>
    public Guid? GrantedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? TrashedAt { get; private set; }

    public bool IsTrashed => TrashedAt is not null;

    /// <summary>The user uploaded the content as a whole (an S3 write or a native file or folder upload).</summary>
    public static ContentOwnership Grant(Cid cid, Guid userId, DateTimeOffset now) => new(cid, userId, OwnerRole.Admin, isRoot: true, null, now);

    /// <summary>The user uploaded the content as a member of a folder.</summary>
    public static ContentOwnership GrantMember(Cid cid, Guid userId, DateTimeOffset now) => new(cid, userId, OwnerRole.Admin, isRoot: false, null, now);

    /// <summary>An owner shares the content (a root, or a member of a shared folder) with another user.</summary>
    public static ContentOwnership Share(Cid cid, Guid userId, Guid sharedBy, bool isRoot, DateTimeOffset now) =>
        sharedBy == userId
            ? throw new ArgumentException("A user does not share with themselves.", nameof(sharedBy))
            : new ContentOwnership(cid, userId, OwnerRole.Viewer, isRoot, sharedBy, now);
}
