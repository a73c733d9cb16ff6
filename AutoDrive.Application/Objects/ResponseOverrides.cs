namespace AutoDrive.Application.Objects;

/// <summary>
/// The <c>response-*</c> query parameters of a GET or HEAD: headers to answer instead of the stored ones
/// (nothing stored changes).
/// </summary>
public sealed record ResponseOverrides(
    string? ContentType = null,
    string? ContentLanguage = null,
    string? Expires = null,
    string? CacheControl = null,
    string? ContentDisposition = null,
    string? ContentEncoding = null)
{
    public static readonly ResponseOverrides None = new();
}
