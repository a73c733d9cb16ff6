using System.Text;
using AutoDrive.Domain.Common;

namespace AutoDrive.Domain.Objects;

/// <summary>
/// An object key: 1 to 1024 bytes of UTF-8, kept byte-exact (slashes, spaces, '+', '%', unicode) and
/// compared in byte order. NUL is refused because PostgreSQL text cannot hold it.
/// </summary>
public readonly record struct ObjectKey
{
    public const int MaxBytes = 1024;

    /// <summary>The longest file name (the key's last segment) that goes into a CID.</summary>
    public const int MaxNameBytes = Content.ContentName.MaxBytes;

    private ObjectKey(string value) => Value = value;

    public string Value { get; }

    /// <summary>The last segment of the key: the file name used for the CID and the native API.</summary>
    public string FileName
    {
        get
        {
            var slash = Value.LastIndexOf('/');
            return slash < 0 ? Value : Value[(slash + 1)..];
        }
    }

    public static RuleViolation? Check(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return new RuleViolation(ErrorKind.InvalidArgument, "An object key must not be empty.");
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return new RuleViolation(ErrorKind.InvalidArgument, "An object key must not contain the NUL character.");
        }

        int bytes;
        try
        {
            bytes = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            return new RuleViolation(ErrorKind.InvalidArgument, "An object key must be valid UTF-8.");
        }

        if (bytes > MaxBytes)
        {
            return new RuleViolation(ErrorKind.KeyTooLong, $"Your key is too long: at most {MaxBytes} bytes of UTF-8.");
        }

        if (Encoding.UTF8.GetByteCount(new ObjectKey(value).FileName) > MaxNameBytes)
        {
            return new RuleViolation(
                ErrorKind.KeyTooLong,
                $"The key's last segment (the file name stored on the DSN) is longer than {MaxNameBytes} bytes.");
        }

        return null;
    }

    public static ObjectKey Parse(string? value) =>
        Check(value) is { } violation ? throw violation.ToException() : new ObjectKey(value!);

    public override string ToString() => Value;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
