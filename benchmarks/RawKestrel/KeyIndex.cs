namespace RawKestrel;

/// <summary>
/// One bucket's keys in ordinal order, kept in memory for ListObjectsV2: sorted blocks of at most 1,024 keys (a
/// minimal B-tree with one level), so a PUT inserts in O(log n + block) and a page of k entries costs O(k × log n),
/// one seek per entry at worst (a common prefix is skipped with one seek, not by walking the keys under it). Sizes are
/// kept beside it. One lock guards both: a page is read under it, which at 1,000 entries is microseconds.
/// </summary>
internal sealed class KeyIndex
{
    private const int BlockSize = 1024;
    private readonly List<List<string>> _blocks = [[]];
    private readonly Dictionary<string, long> _sizes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Adds the key or updates its size.</summary>
    public void Set(string key, long size)
    {
        lock (_lock)
        {
            if (_sizes.TryAdd(key, size))
            {
                Insert(key);
            }
            else
            {
                _sizes[key] = size;
            }
        }
    }

    /// <summary>
    /// One ListObjectsV2 page: the keys under <paramref name="prefix"/> after <paramref name="after"/> (exclusive; empty
    /// for none), those with <paramref name="delimiter"/> past the prefix rolled up into common prefixes, at most
    /// <paramref name="maxKeys"/> entries, and whether more follow.
    /// </summary>
    public ListPage Page(string prefix, string delimiter, string after, int maxKeys)
    {
        var entries = new List<(string Name, bool IsPrefix, long Size)>(Math.Min(maxKeys, BlockSize));
        var truncated = false;
        lock (_lock)
        {
            var startAtAfter = after.Length > 0 && string.CompareOrdinal(after, prefix) >= 0;
            var (block, position) = Seek(startAtAfter ? after : prefix, inclusive: !startAtAfter);
            while (block < _blocks.Count)
            {
                if (position >= _blocks[block].Count)
                {
                    block++;
                    position = 0;
                    continue;
                }

                var key = _blocks[block][position];
                if (!key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    break;
                }

                var cut = delimiter.Length == 0 ? -1 : key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                var name = cut < 0 ? key : key[..(cut + delimiter.Length)];
                // A common prefix at or before the continuation point was on an earlier page (the token names it).
                if (cut < 0 || string.CompareOrdinal(name, after) > 0)
                {
                    if (entries.Count == maxKeys)
                    {
                        truncated = true;
                        break;
                    }

                    entries.Add((name, cut >= 0, cut < 0 ? _sizes[key] : 0));
                }

                if (cut < 0)
                {
                    position++;
                }
                else
                {
                    // Every key under the common prefix sorts before the prefix with its last char incremented.
                    (block, position) = Seek(Successor(name), inclusive: true);
                }
            }
        }

        return new ListPage(entries, truncated);
    }

    private static string Successor(string prefix) =>
        prefix[^1] == char.MaxValue ? prefix + char.MaxValue : prefix[..^1] + (char)(prefix[^1] + 1);

    /// <summary>The position of the first key ≥ (inclusive) or &gt; (exclusive) <paramref name="bound"/>.</summary>
    private (int Block, int Position) Seek(string bound, bool inclusive)
    {
        var block = BlockFor(bound);
        var keys = _blocks[block];
        var found = keys.BinarySearch(bound, StringComparer.Ordinal);
        var position = found >= 0 ? (inclusive ? found : found + 1) : ~found;
        return (block, position);
    }

    /// <summary>The last block whose first key is ≤ <paramref name="key"/> (the first block if none is).</summary>
    private int BlockFor(string key)
    {
        int low = 0, high = _blocks.Count - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (string.CompareOrdinal(_blocks[mid][0], key) <= 0)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }

    private void Insert(string key)
    {
        var block = BlockFor(key);
        var keys = _blocks[block];
        keys.Insert(~keys.BinarySearch(key, StringComparer.Ordinal), key);
        if (keys.Count > BlockSize)
        {
            var half = keys.Count / 2;
            _blocks.Insert(block + 1, keys.GetRange(half, keys.Count - half));
            keys.RemoveRange(half, keys.Count - half);
        }
    }
}
