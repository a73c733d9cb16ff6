using AutoDrive.Domain.Content;
using Blake3;

namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>
/// Builds a folder's DAG exactly as auto-dag-data 1.6.10 <c>processFolderToIPLDFormat</c> does: the children's CIDs in
/// order; while there are more than <see cref="DagLimits.MaxLinksPerNode"/>, they are grouped in order into FolderInlink
/// nodes <c>{type: FolderInlink, linkDepth}</c> (depth counted from 0, so the first level writes no depth); the root is a
/// Folder node <c>{type: Folder, linkDepth, size, name, uploadOptions}</c> linking what remains. The size is the sum of the
/// children's sizes; the upload options are always the empty message (a folder's own options are never applied).
/// </summary>
public static class FolderDagBuilder
{
    public static FolderDag Build(string name, long size, IReadOnlyList<Cid> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var nameUtf8 = DagName.Encode(name);
        var nodes = new List<byte[]>();
        var current = new DigestList();
        Span<byte> digest = stackalloc byte[CidEncoding.DigestLength];
        foreach (var child in children)
        {
            if (!CidEncoding.TryGetDigest(child, digest))
            {
                throw new ArgumentException($"{child} is not an Autonomys CID.", nameof(children));
            }

            current.Add(digest);
        }

        var depth = 0;
        while (current.Count > DagLimits.MaxLinksPerNode)
        {
            var next = new DigestList();
            for (var group = 0; group < current.GroupCount; group++)
            {
                var node = DagNodeEncoder.Encode(current.GetGroup(group), new IpldNodeData { Type = DagNodeType.FolderInlink, LinkDepth = depth });
                Hasher.Hash(node, digest);
                next.Add(digest);
                nodes.Add(node);
            }

            current = next;
            depth++;
        }

        var links = current.Count == 0 ? ReadOnlySpan<byte>.Empty : current.GetGroup(0);
        var root = DagNodeEncoder.Encode(links, new IpldNodeData
        {
            Type = DagNodeType.Folder,
            LinkDepth = depth,
            Size = size,
            HasName = true,
            Name = nameUtf8,
            HasUploadOptions = true,
            UploadOptions = [],
        });
        Hasher.Hash(root, digest);
        nodes.Add(root);
        return new FolderDag(CidEncoding.ToCid(digest), nodes);
    }
}
