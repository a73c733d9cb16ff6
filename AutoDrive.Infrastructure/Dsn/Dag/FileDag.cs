using AutoDrive.Domain.Content;

namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>
/// The DAG of one file as Auto Drive builds it: the root CID and every node CID, in order. Shapes: empty
/// content is a File root without links (link depth 1); content of one chunk is a single File node carrying
/// the bytes (link depth 0); longer content is FileChunk nodes of <see cref="DagLimits.ChunkSize"/> bytes, levels
/// of FileInlink nodes while more than <see cref="DagLimits.MaxLinksPerNode"/> CIDs remain, and a File root.
/// </summary>
public sealed class FileDag
{
    private readonly byte[] _rootDigest;
    private readonly DigestList[] _levels;

    internal FileDag(
        string name,
        UploadOptions options,
        long size,
        int rootLinkDepth,
        ReadOnlySpan<byte> rootDigest,
        DigestList chunks,
        DigestList[] inlinkLevels)
    {
        Name = name;
        NameUtf8 = DagName.Encode(name);
        Options = options;
        EncodedOptions = UploadOptionsEncoder.Encode(options);
        Size = size;
        RootLinkDepth = rootLinkDepth;
        _rootDigest = rootDigest.ToArray();
        RootCid = CidEncoding.ToCid(rootDigest);
        Chunks = chunks;
        _levels = inlinkLevels;
        NodeCount = 1L + chunks.Count + inlinkLevels.Sum(level => (long)level.Count);
    }

    /// <summary>The file name, part of the root node.</summary>
    public string Name { get; }

    /// <summary>The upload options, part of the root node.</summary>
    public UploadOptions Options { get; }

    /// <summary>The content length in bytes.</summary>
    public long Size { get; }

    public Cid RootCid { get; }

    /// <summary>The root's <c>linkDepth</c>: 0 for a single node, otherwise the number of inlink levels plus one.</summary>
    public int RootLinkDepth { get; }

    /// <summary>Every node of the DAG, counted by position (identical chunks count once each).</summary>
    public long NodeCount { get; }

    /// <summary>The root carries the content itself (1 to <see cref="DagLimits.ChunkSize"/> bytes).</summary>
    public bool IsSingleNode => RootLinkDepth == 0;

    /// <summary>The FileChunk CIDs in content order; chunk <c>i</c> holds bytes from <c>i × 65,066</c>. Empty for a
    /// single node or empty content.</summary>
    public IReadOnlyList<Cid> ChunkCids => Chunks;

    /// <summary>The FileInlink CIDs per level: element 0 is link depth 1 (linking chunks), and so on up.</summary>
    public IReadOnlyList<IReadOnlyList<Cid>> InlinkLevels => _levels;

    internal ReadOnlySpan<byte> RootDigest => _rootDigest;

    internal byte[] NameUtf8 { get; }

    internal byte[] EncodedOptions { get; }

    internal DigestList Chunks { get; }

    internal IReadOnlyList<DigestList> Levels => _levels;

    /// <summary>The digests that nodes at <paramref name="linkDepth"/> link to: chunks below depth 1.</summary>
    internal DigestList GetLinkTargets(int linkDepth) => linkDepth == 1 ? Chunks : _levels[linkDepth - 2];

    /// <summary>The root node of empty or chunked content, from the manifest alone.</summary>
    internal byte[] EncodeChunkedRoot()
    {
        if (IsSingleNode)
        {
            throw new InvalidOperationException("A single-node root carries the content: it is read, not rebuilt.");
        }

        var links = GetLinkTargets(RootLinkDepth).GetGroup(0);
        return DagNodeEncoder.EncodeRoot(links, RootLinkDepth, Size, NameUtf8, EncodedOptions);
    }
}
