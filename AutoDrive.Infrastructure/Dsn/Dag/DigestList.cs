using System.Collections;
using AutoDrive.Domain.Content;

namespace AutoDrive.Infrastructure.Dsn.Dag;

/// <summary>
/// An append-only list of node digests, 32 bytes each, kept in segments of <see cref="DagLimits.MaxLinksPerNode"/>
/// digests (52,032 bytes, below the large object heap) so that segment <c>g</c> is exactly the links of parent
/// node <c>g</c>. Read as CIDs, it makes each CID on demand.
/// </summary>
internal sealed class DigestList : IReadOnlyList<Cid>
{
    private const int SegmentCapacity = DagLimits.MaxLinksPerNode;
    private const int SegmentBytes = SegmentCapacity * CidEncoding.DigestLength;
    private const int FirstSegmentBytes = 16 * CidEncoding.DigestLength;

    private readonly List<byte[]> _segments = [];

    public int Count { get; private set; }

    /// <summary>The number of parent nodes these digests fill, <see cref="DagLimits.MaxLinksPerNode"/> each.</summary>
    public int GroupCount => (Count + SegmentCapacity - 1) / SegmentCapacity;

    public Cid this[int index] => CidEncoding.ToCid(GetDigest(index));

    public void Add(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != CidEncoding.DigestLength)
        {
            throw new ArgumentException("A digest is 32 bytes.", nameof(digest));
        }

        var segmentIndex = Count / SegmentCapacity;
        var offset = Count % SegmentCapacity * CidEncoding.DigestLength;
        if (segmentIndex == _segments.Count)
        {
            _segments.Add(new byte[segmentIndex == 0 ? FirstSegmentBytes : SegmentBytes]);
        }

        var segment = _segments[segmentIndex];
        if (offset + CidEncoding.DigestLength > segment.Length)
        {
            Array.Resize(ref segment, Math.Min(SegmentBytes, segment.Length * 2));
            _segments[segmentIndex] = segment;
        }

        digest.CopyTo(segment.AsSpan(offset));
        Count++;
    }

    public ReadOnlySpan<byte> GetDigest(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _segments[index / SegmentCapacity].AsSpan(index % SegmentCapacity * CidEncoding.DigestLength, CidEncoding.DigestLength);
    }

    /// <summary>The concatenated digests of group <paramref name="group"/>: the links of one parent node.</summary>
    public ReadOnlySpan<byte> GetGroup(int group)
    {
        if (Count == 0 && group == 0)
        {
            return [];
        }

        ArgumentOutOfRangeException.ThrowIfNegative(group);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(group, GroupCount);
        var count = Math.Min(SegmentCapacity, Count - (group * SegmentCapacity));
        return _segments[group].AsSpan(0, count * CidEncoding.DigestLength);
    }

    public IEnumerator<Cid> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
