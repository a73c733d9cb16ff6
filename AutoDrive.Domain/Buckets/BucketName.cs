using AutoDrive.Domain.Common;

namespace AutoDrive.Domain.Buckets;

/// <summary>
/// A bucket name: 3 to 63 characters of letters, digits, '.', '-' and '_', starting and ending with a
/// letter or digit. Upper case and '_' are accepted (S3's legacy us-east-1 rules, which older tools
/// still use); everything is compared in byte order.
/// </summary>
public readonly record struct BucketName
{
    public const int MinLength = 3;
    public const int MaxLength = 63;

    /// <summary>The bucket of single-segment paths (the guide's legacy rule).</summary>
    public static readonly BucketName Default = new("default");

    private BucketName(string value) => Value = value;

    public string Value { get; }

    public static bool IsValid(string? value)
    {
        if (value is null || value.Length is < MinLength or > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                return false;
            }
        }

        return char.IsAsciiLetterOrDigit(value[0]) && char.IsAsciiLetterOrDigit(value[^1]);
    }

    public static BucketName Parse(string? value) =>
        IsValid(value)
            ? new BucketName(value!)
            : throw new DomainException(
                ErrorKind.InvalidBucketName,
                $"The bucket name is not valid: {MinLength} to {MaxLength} letters, digits, '.', '-' or '_', starting and ending with a letter or digit.");

    public override string ToString() => Value;
}
