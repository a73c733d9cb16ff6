using AutoDrive.Domain.Common;

namespace AutoDrive.Application.Objects;

/// <summary>
/// A requested range: <c>bytes=a-b</c> (both set), <c>bytes=a-</c> (<see cref="Last"/> null) or the suffix
/// <c>bytes=-n</c> (<see cref="First"/> null, <see cref="Last"/> = n).
/// </summary>
public sealed record RangeRequest(long? First, long? Last)
{
    /// <summary>The bytes to send for an object of <paramref name="size"/> bytes, or 416 InvalidRange.</summary>
    public ByteRange Resolve(long size) =>
        TryResolve(size, out var range)
            ? range
            : throw new DomainException(ErrorKind.RangeNotSatisfiable, "The requested range is not satisfiable.");

    /// <summary>The bytes to send for an object of <paramref name="size"/> bytes; false when the range is not satisfiable.</summary>
    public bool TryResolve(long size, out ByteRange range)
    {
        range = default;
        if (First is null)
        {
            var suffix = Last ?? 0;
            if (suffix <= 0 || size == 0)
            {
                return false;
            }

            range = new ByteRange(Math.Max(0, size - suffix), size - 1);
            return true;
        }

        if (First.Value >= size)
        {
            return false;
        }

        range = new ByteRange(First.Value, Last is null ? size - 1 : Math.Min(Last.Value, size - 1));
        return true;
    }
}
