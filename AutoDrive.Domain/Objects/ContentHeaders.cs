namespace AutoDrive.Domain.Objects;

/// <summary>The standard content headers S3 stores with an object and returns on GET and HEAD.</summary>
public sealed record ContentHeaders(
    string? ContentType = null,
    string? ContentEncoding = null,
    string? ContentDisposition = null,
    string? ContentLanguage = null,
    string? CacheControl = null,
    string? Expires = null)
{
    /// <summary>What S3 answers when no Content-Type was stored.</summary>
    public const string DefaultContentType = "binary/octet-stream";

    public static readonly ContentHeaders None = new();

    public string EffectiveContentType => string.IsNullOrEmpty(ContentType) ? DefaultContentType : ContentType;
}
