using AutoDrive.Application.Content;

namespace AutoDrive.Application.Multipart;

/// <summary>A part being staged. Disposing without <see cref="CommitAsync"/> discards it.</summary>
public interface IStagedPartWriter : IByteSink, IAsyncDisposable
{
    /// <summary>Makes the part durable where every gateway instance can read it; returns its staged name.</summary>
    Task<string> CommitAsync(CancellationToken cancellationToken);
}
