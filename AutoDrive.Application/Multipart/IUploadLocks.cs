using AutoDrive.Domain.Multipart;

namespace AutoDrive.Application.Multipart;

/// <summary>
/// Locks on an upload held across every gateway instance (and released if an instance dies): one Complete or
/// Abort at a time, and one assembler at a time.
/// </summary>
public interface IUploadLocks
{
    /// <summary>The right to complete or abort the upload, or null when another Complete/Abort holds it.</summary>
    Task<IAsyncDisposable?> TryAcquireCompletionAsync(UploadId uploadId, CancellationToken cancellationToken);

    /// <summary>The right to assemble the upload's parts, waiting for a running assembler.</summary>
    Task<IAsyncDisposable> AcquireAssemblyAsync(UploadId uploadId, CancellationToken cancellationToken);

    /// <summary>The right to assemble, or null when an assembler is already at work.</summary>
    Task<IAsyncDisposable?> TryAcquireAssemblyAsync(UploadId uploadId, CancellationToken cancellationToken);
}
