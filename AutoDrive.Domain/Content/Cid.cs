using AutoDrive.Domain.Common;

namespace AutoDrive.Domain.Content;

/// <summary>
/// A content identifier as Auto Drive writes it: CIDv1, multibase base32 lower case ('b' prefix, no
/// padding). Only the textual form is checked here; Infrastructure computes CIDs.
/// </summary>
public readonly record struct Cid
{
    public const int MaxLength = 128;

    private Cid(string value) => Value = value;

    public string Value { get; }

    public static bool IsValid(string? value)
    {
        if (value is null || value.Length is < 8 or > MaxLength || value[0] != 'b')
        {
            return false;
        }

        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (!(c is >= 'a' and <= 'z' || c is >= '2' and <= '7'))
            {
                return false;
            }
        }

        return true;
    }

    public static Cid Parse(string? value) =>
        IsValid(value)
            ? new Cid(value!)
            : throw new DomainException(ErrorKind.InvalidArgument, "Not a valid CID (base32 CIDv1 expected).");

    public override string ToString() => Value;
}
