namespace AutoDrive.Domain.Buckets;

/// <summary>A bucket of one user: created explicitly or by the first write into it.</summary>
public sealed class Bucket
{
    private Bucket()
    {
        Name = string.Empty;
    }

    private Bucket(Guid ownerId, BucketName name, DateTimeOffset createdAt)
    {
        Id = Guid.NewGuid();
        OwnerId = ownerId;
        Name = name.Value;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid OwnerId { get; private set; }

    public string Name { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static Bucket Create(Guid ownerId, BucketName name, DateTimeOffset now)
    {
        if (ownerId == Guid.Empty)
        {
            throw new ArgumentException("A bucket has an owner.", nameof(ownerId));
        }

        return new Bucket(ownerId, name, now);
    }
}
