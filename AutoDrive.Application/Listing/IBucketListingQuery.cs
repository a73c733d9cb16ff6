namespace AutoDrive.Application.Listing;

/// <summary>The read port of bucket listings and of the bucket check that object listings start with.</summary>
public interface IBucketListingQuery
{
    /// <summary>Whether the owner has the bucket: created, or written to.</summary>
    Task<bool> ExistsAsync(Guid ownerId, string bucket, CancellationToken cancellationToken);

    Task<IReadOnlyList<BucketSummary>> ListAsync(BucketPageQuery query, CancellationToken cancellationToken);
}
