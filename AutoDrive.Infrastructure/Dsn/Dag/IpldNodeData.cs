namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>
/// The <c>IPLDNodeData</c> message of a node. proto3 rules: <c>type</c> and <c>linkDepth</c> are omitted at zero;
/// <c>size</c>, <c>name</c>, <c>data</c> and <c>uploadOptions</c> are written whenever present, even when empty.
/// </summary>
internal readonly ref struct IpldNodeData
{
    public DagNodeType Type { get; init; }

    public int LinkDepth { get; init; }

    public long? Size { get; init; }

    public bool HasName { get; init; }

    public ReadOnlySpan<byte> Name { get; init; }

    public bool HasData { get; init; }

    public ReadOnlySpan<byte> Data { get; init; }

    public bool HasUploadOptions { get; init; }

    /// <summary>The encoded <c>FileUploadOptions</c> message.</summary>
    public ReadOnlySpan<byte> UploadOptions { get; init; }

    public int EncodedLength =>
        (Type == DagNodeType.File ? 0 : Protobuf.VarintFieldLength((ulong)Type))
        + (LinkDepth == 0 ? 0 : Protobuf.VarintFieldLength(Protobuf.ToVarint(LinkDepth)))
        + (Size is { } size ? Protobuf.VarintFieldLength(Protobuf.ToVarint(size)) : 0)
        + (HasName ? Protobuf.LengthDelimitedFieldLength(Name.Length) : 0)
        + (HasData ? Protobuf.LengthDelimitedFieldLength(Data.Length) : 0)
        + (HasUploadOptions ? Protobuf.LengthDelimitedFieldLength(UploadOptions.Length) : 0);

    public void WriteTo(ref ProtobufWriter writer)
    {
        if (Type != DagNodeType.File)
        {
            writer.WriteVarintField(1, (ulong)Type);
        }

        if (LinkDepth != 0)
        {
            writer.WriteVarintField(2, Protobuf.ToVarint(LinkDepth));
        }

        if (Size is { } size)
        {
            writer.WriteVarintField(3, Protobuf.ToVarint(size));
        }

        if (HasName)
        {
            writer.WriteLengthDelimitedField(4, Name);
        }

        if (HasData)
        {
            writer.WriteLengthDelimitedField(5, Data);
        }

        if (HasUploadOptions)
        {
            writer.WriteLengthDelimitedField(6, UploadOptions);
        }
    }
}
