using System.Security.Cryptography;

namespace AutoDrive.Domain.Native;

/// <summary>
/// A content an owner has published: anyone may download it by the publication's id, without authentication, and any
/// authenticated user may find it (global search and roots) and read its summary. Unpublishing removes the publication.
/// </summary>
public sealed class Publication
{
    /// <summary>The id is 32 hex characters (128 random bits): not guessable, not the CID.</summary>
    public const int IdLength = 32;

    private Publication()
    {
        Id = string.Empty;
        Cid = string.Empty;
    }

    private Publication(string id, string cid, Guid userId, DateTimeOffset createdAt)
    {
        Id = id;
        Cid = cid;
        UserId = userId;
        CreatedAt = createdAt;
    }

    public string Id { get; private set; }

    public string Cid { get; private set; }

    /// <summary>The owner who published it.</summary>
    public Guid UserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static Publication Publish(Content.Cid cid, Guid userId, DateTimeOffset now) =>
        userId == Guid.Empty
            ? throw new ArgumentException("A publication has a publisher.", nameof(userId))
            : new Publication(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2)), cid.Value, userId, now);

    public static bool IsWellFormedId(string? id) =>
        id is { Length: IdLength } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
