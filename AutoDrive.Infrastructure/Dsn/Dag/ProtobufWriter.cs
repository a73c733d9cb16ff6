namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>Writes Protocol Buffers fields into a span sized beforehand.</summary>
internal ref struct ProtobufWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public ProtobufWriter(Span<byte> buffer)
    {
        _buffer = buffer;
    }

    public readonly int Position => _position;

    public void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer[_position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_position++] = (byte)value;
    }

    public void WriteRaw(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[_position..]);
        _position += bytes.Length;
    }

    public void WriteVarintField(int field, ulong value)
    {
        _buffer[_position++] = Protobuf.Tag(field, Protobuf.WireVarint);
        WriteVarint(value);
    }

    /// <summary>The tag and length of a length-delimited field whose bytes the caller writes next.</summary>
    public void WriteLengthDelimitedHeader(int field, int length)
    {
        _buffer[_position++] = Protobuf.Tag(field, Protobuf.WireLengthDelimited);
        WriteVarint((ulong)length);
    }

    public void WriteLengthDelimitedField(int field, scoped ReadOnlySpan<byte> value)
    {
        WriteLengthDelimitedHeader(field, value.Length);
        WriteRaw(value);
    }
}
