using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using AutoDrive.Domain.Common;

namespace AutoDrive.Domain.Objects;

/// <summary>
/// User metadata (<c>x-amz-meta-*</c>): names lower-cased, empty values kept, at most 2 KB counted as
/// S3 does (UTF-8 bytes of every name and value).
/// </summary>
[SuppressMessage("Naming", "CA1710", Justification = "S3 calls it user metadata.")]
public sealed class UserMetadata : IReadOnlyDictionary<string, string>
{
    public const int MaxBytes = 2048;

    public static readonly UserMetadata Empty = new(new SortedDictionary<string, string>(StringComparer.Ordinal));

    private readonly SortedDictionary<string, string> _entries;

    private UserMetadata(SortedDictionary<string, string> entries) => _entries = entries;

    public int Count => _entries.Count;

    public IEnumerable<string> Keys => _entries.Keys;

    public IEnumerable<string> Values => _entries.Values;

    public string this[string key] => _entries[key];

    /// <summary>Why these entries would not make valid metadata (an empty name, more than 2 KB), or null.</summary>
    public static RuleViolation? Check(IEnumerable<KeyValuePair<string, string>> entries) => Build(entries, out _);

    public static UserMetadata From(IEnumerable<KeyValuePair<string, string>> entries) =>
        Build(entries, out var map) is { } violation
            ? throw violation.ToException()
            : map.Count == 0 ? Empty : new UserMetadata(map);

    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => _entries.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static RuleViolation? Build(IEnumerable<KeyValuePair<string, string>> entries, out SortedDictionary<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(entries);
        map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in entries)
        {
            var key = name.ToLowerInvariant();
            if (key.Length == 0)
            {
                return new RuleViolation(ErrorKind.InvalidArgument, "A metadata name must not be empty.");
            }

            map[key] = value ?? string.Empty;
        }

        var size = map.Sum(e => Encoding.UTF8.GetByteCount(e.Key) + Encoding.UTF8.GetByteCount(e.Value));
        return size > MaxBytes
            ? new RuleViolation(
                ErrorKind.MetadataTooLarge,
                $"Your metadata headers exceed the maximum allowed metadata size of {MaxBytes} bytes.")
            : null;
    }
}
