using System.Text;
using AutoDrive.Domain.Common;

namespace AutoDrive.Domain.Content;

/// <summary>
/// The name that goes into a content's CID: at most 255 bytes of UTF-8, no NUL, no lone surrogate. For S3 it is the last
/// segment of the key (empty for a key ending in '/', such as a folder marker); for the native API, the uploaded file or
/// folder name, which must not be empty.
/// </summary>
public static class ContentName
{
    public const int MaxBytes = 255;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static RuleViolation? Check(string? name, bool allowEmpty = false)
    {
        if (string.IsNullOrEmpty(name))
        {
            return allowEmpty && name is not null ? null : new RuleViolation(ErrorKind.InvalidArgument, "A name must not be empty.");
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            return new RuleViolation(ErrorKind.InvalidArgument, "A name must not contain the NUL character.");
        }

        int bytes;
        try
        {
            bytes = StrictUtf8.GetByteCount(name);
        }
        catch (EncoderFallbackException)
        {
            return new RuleViolation(ErrorKind.InvalidArgument, "A name must be valid Unicode.");
        }

        return bytes > MaxBytes
            ? new RuleViolation(ErrorKind.KeyTooLong, $"A name is at most {MaxBytes} bytes of UTF-8.")
            : null;
    }

    public static string Validate(string? name, bool allowEmpty = false) =>
        Check(name, allowEmpty) is { } violation ? throw violation.ToException() : name!;
}
