namespace AutoDrive.Application.Listing;

/// <summary>The two ListObjects dialects: V1 pages by <c>marker</c>, V2 by an opaque continuation token.</summary>
public enum ListingVersion
{
    V1,
    V2,
}
