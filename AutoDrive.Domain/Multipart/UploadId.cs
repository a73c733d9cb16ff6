using System.Security.Cryptography;
using AutoDrive.Domain.Common;

namespace AutoDrive.Domain.Multipart;

/// <summary>
/// A multipart upload id: 32 random bytes, base64url (43 characters). Opaque to clients; anything else is an
/// unknown upload (404 NoSuchUpload, never 400).
/// </summary>
public readonly record struct UploadId
{
    public const int Length = 43;

    private UploadId(string value) => Value = value;

    public string Value { get; }

    public static UploadId New() =>
        new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'));

    public static bool TryParse(string? value, out UploadId id)
    {
        id = default;
        if (value is null || value.Length != Length || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        id = new UploadId(value);
        return true;
    }

    public static UploadId Parse(string? value) =>
        TryParse(value, out var id)
            ? id
            : throw new DomainException(ErrorKind.UploadNotFound, "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.");

    public override string ToString() => Value;
}
