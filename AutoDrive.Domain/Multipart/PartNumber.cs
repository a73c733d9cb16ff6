using AutoDrive.Domain.Common;

namespace AutoDrive.Domain.Multipart;

/// <summary>A part number: 1 to 10,000.</summary>
public readonly record struct PartNumber
{
    public const int Min = 1;
    public const int Max = 10_000;

    private PartNumber(int value) => Value = value;

    public int Value { get; }

    public static PartNumber From(int value) =>
        value is >= Min and <= Max
            ? new PartNumber(value)
            : throw new DomainException(ErrorKind.InvalidArgument, $"Part number must be an integer between {Min} and {Max}, inclusive.");

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
