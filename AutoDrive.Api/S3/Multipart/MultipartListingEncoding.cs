using AutoDrive.Api.S3.Listing;
using AutoDrive.Application.Listing;
using AutoDrive.Domain.Common;

namespace AutoDrive.Api.S3.Multipart;

/// <summary>
/// <c>encoding-type</c> of ListMultipartUploads and ListParts, as for object listings: with <c>url</c> the keys,
/// prefixes, delimiter and key markers are percent-encoded (and <c>EncodingType</c> says so); without it, a page
/// that holds a character XML 1.0 cannot carry is refused with 400 asking for <c>encoding-type=url</c>, never
/// written as a broken document. Listing parameters with NUL are refused (PostgreSQL text cannot hold it).
/// </summary>
internal static class MultipartListingEncoding
{
    private static readonly string[] Parameters = ["prefix", "delimiter", "key-marker", "upload-id-marker", "encoding-type"];

    /// <summary>Whether the listing is to be URL-encoded; 400 for an encoding S3 does not have, or NUL in a parameter.</summary>
    public static bool Read(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (Parameters.Any(p => query[p].ToString().Contains('\0', StringComparison.Ordinal)))
        {
            throw new DomainException(ErrorKind.InvalidArgument, "Listing parameters must not contain the NUL character.");
        }

        var encoding = query["encoding-type"].ToString();
        return ListingEncoding.IsSupported(encoding)
            ? ListingEncoding.IsUrl(encoding)
            : throw new DomainException(ErrorKind.InvalidArgument, "Invalid Encoding Method specified in Request: only encoding-type=url exists.");
    }

    /// <summary>Refuses (400) a page without URL encoding whose strings XML cannot carry.</summary>
    public static void EnsureShowable(bool urlEncoded, params IEnumerable<string?> values)
    {
        if (!urlEncoded && !values.All(XmlCharacters.AreLegal))
        {
            throw new DomainException(
                ErrorKind.InvalidArgument,
                "The listing contains characters that XML cannot carry; list with encoding-type=url.");
        }
    }

    public static string? Encode(bool urlEncoded, string? value) =>
        value is not null && urlEncoded ? S3UrlEncoding.Encode(value) : value;
}
