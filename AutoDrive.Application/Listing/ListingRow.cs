namespace AutoDrive.Application.Listing;

/// <summary>
/// One entry of a page as the listing index gives it. With <see cref="CommonPrefix"/> set, the entry stands for
/// every key under that prefix (<see cref="Key"/> is the first of them, the rest were skipped, never read);
/// otherwise it is the object <see cref="Key"/> with the size and digest stored on its mapping row.
/// </summary>
public sealed record ListingRow(
    string Key,
    string? CommonPrefix,
    long Size,
    byte[]? Md5,
    int? PartCount,
    string Cid,
    DateTimeOffset UpdatedAt);
