namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>Protocol Buffers wire-format sizes (field numbers below 16, so every tag is one byte).</summary>
internal static class Protobuf
{
    public const int WireVarint = 0;
    public const int WireLengthDelimited = 2;

    public static byte Tag(int field, int wireType) => (byte)((field << 3) | wireType);

    public static int VarintLength(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    /// <summary>An int32 or int64 on the wire: negative values are sign-extended to 64 bits (10 bytes).</summary>
    public static ulong ToVarint(long value) => unchecked((ulong)value);

    public static int VarintFieldLength(ulong value) => 1 + VarintLength(value);

    public static int LengthDelimitedFieldLength(int length) => 1 + VarintLength((ulong)length) + length;
}
