using AutoDrive.Domain.Common;

namespace AutoDrive.Domain.Buckets;

/// <summary>
/// A bucket name: 1 to 63 characters of letters, digits, '.', '-' and '_', starting and ending with a
/// letter or digit. Looser than today's S3 rules (3 characters at least, lower case only): Auto Drive's
/// guide and users name buckets like <c>b1</c>, and older tools use upper case and '_' (S3's legacy
/// us-east-1 rules). Names are compared in byte order.
/// </summary>
public readonly record struct BucketName
{
    public const int MinLength = 1;
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

    public static RuleViolation? Check(string? value) =>
        IsValid(value)
            ? null
            : new RuleViolation(
                ErrorKind.InvalidBucketName,
                $"The specified bucket is not valid: {MinLength} to {MaxLength} letters, digits, '.', '-' or '_', starting and ending with a letter or digit.");

    public static BucketName Parse(string? value) =>
        Check(value) is { } violation ? throw violation.ToException() : new BucketName(value!);

    public override string ToString() => Value;
}
