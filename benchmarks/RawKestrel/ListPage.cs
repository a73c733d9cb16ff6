namespace RawKestrel;

/// <summary>One page of a listing: keys and common prefixes in order, and whether more follow.</summary>
internal sealed record ListPage(List<(string Name, bool IsPrefix, long Size)> Entries, bool Truncated);
