namespace AutoDrive.Application.Listing;

/// <summary>The <c>encoding-type</c> parameter: absent or empty means none; <c>url</c> is the only encoding S3 has.</summary>
public static class ListingEncoding
{
    public const string Url = "url";

    public static bool IsSupported(string? value) => string.IsNullOrEmpty(value) || IsUrl(value);

    public static bool IsUrl(string? value) => string.Equals(value, Url, StringComparison.OrdinalIgnoreCase);
}
