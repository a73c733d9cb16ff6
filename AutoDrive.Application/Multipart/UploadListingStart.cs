using AutoDrive.Application.Listing;

namespace AutoDrive.Application.Multipart;

/// <summary>
/// Where a ListMultipartUploads page starts: after <see cref="Key"/> (a key, or past a whole common prefix), and, with
/// <see cref="UploadId"/>, after that upload of the key instead of after every upload of it.
/// </summary>
public sealed record UploadListingStart(ListingStart Key, string? UploadId)
{
    /// <summary>
    /// The start the markers name. S3: without an upload-id-marker the listing continues after every upload of the
    /// key-marker; with one, after that upload of it. A key-marker under a common prefix of this listing (a
    /// <c>NextKeyMarker</c> that was a common prefix, or any key inside one) continues past the whole prefix, by the
    /// rule object listings use (<see cref="ListingStart.FromMarker"/>).
    /// </summary>
    public static UploadListingStart? FromMarkers(string? keyMarker, string? uploadIdMarker, string prefix, string? delimiter)
    {
        if (string.IsNullOrEmpty(keyMarker))
        {
            return null;
        }

        var start = ListingStart.FromMarker(keyMarker, prefix, delimiter);
        return start.Kind == ListingBoundKind.PastPrefix || string.IsNullOrEmpty(uploadIdMarker)
            ? new UploadListingStart(start, null)
            : new UploadListingStart(start, uploadIdMarker);
    }
}
