namespace AutoDrive.Application.Objects;

/// <summary>A resolved, satisfiable byte range of an object: <see cref="First"/> to <see cref="Last"/> inclusive.</summary>
public readonly record struct ByteRange(long First, long Last)
{
    public long Length => Last - First + 1;
}
