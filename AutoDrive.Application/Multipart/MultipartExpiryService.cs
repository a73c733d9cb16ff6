using AutoDrive.Application.Common;
using Microsoft.Extensions.Options;

namespace AutoDrive.Application.Multipart;

/// <summary>
/// Expiry of multipart uploads, run by the expiry worker: aborts uploads idle longer than
/// <see cref="MultipartOptions.IdleExpiry"/> (no change and no part for that long), freeing their staging, and forgets
/// finished uploads after <see cref="MultipartOptions.FinishedRetention"/>. An upload a Complete or Abort holds is left
/// for the next sweep.
/// </summary>
public sealed class MultipartExpiryService(
    IMultipartUploadRepository uploads,
    IMultipartStaging staging,
    IUploadLocks locks,
    IUnitOfWork unitOfWork,
    IOptions<MultipartOptions> options,
    TimeProvider time)
{
    /// <summary>How many idle uploads one sweep looks at; the next sweep takes the rest.</summary>
    public const int SweepBatch = 1000;

    /// <summary>Aborts idle uploads and forgets finished ones; returns how many were aborted.</summary>
    public async Task<int> ExpireAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var expired = 0;
        foreach (var id in await uploads.FindIdleAsync(now - settings.IdleExpiry, SweepBatch, cancellationToken))
        {
            await using var completion = await locks.TryAcquireCompletionAsync(id, cancellationToken);
            if (completion is null)
            {
                continue;
            }

            var aborted = await unitOfWork.ExecuteAsync(
                async ct =>
                {
                    // Locked first: a part being recorded finishes before the check, and none can be recorded after it.
                    var current = await uploads.FindLockedAsync(id, ct);
                    if (current is null || !current.IsExpired(time.GetUtcNow(), settings.IdleExpiry, await uploads.FindLastPartAtAsync(id, ct)))
                    {
                        return false;
                    }

                    current.Abort(time.GetUtcNow());
                    return true;
                },
                cancellationToken);
            if (aborted)
            {
                await using (await locks.AcquireAssemblyAsync(id, cancellationToken))
                {
                    await staging.DiscardAsync(id, cancellationToken);
                }

                expired++;
            }
        }

        await uploads.DeleteFinishedAsync(now - settings.FinishedRetention, cancellationToken);
        return expired;
    }
}
