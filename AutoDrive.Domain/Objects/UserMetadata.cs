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

    public static UserMetadata From(IEnumerable<KeyValuePair<string, string>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var size = 0;
        foreach (var (name, value) in entries)
        {
            var key = name.ToLowerInvariant();
            if (key.Length == 0)
            {
                throw new DomainException(ErrorKind.InvalidArgument, "A metadata name must not be empty.");
            }

            if (map.TryGetValue(key, out var previous))
            {
                size -= Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(previous);
            }

            map[key] = value ?? string.Empty;
            size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(map[key]);
        }

        if (size > MaxBytes)
        {
            throw new DomainException(
                ErrorKind.MetadataTooLarge,
                $"Your metadata headers exceed the maximum allowed metadata size of {MaxBytes} bytes.");
        }

        return map.Count == 0 ? Empty : new UserMetadata(map);
    }

    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    public bool TryGetValue(string key, out string value) => _entries.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
