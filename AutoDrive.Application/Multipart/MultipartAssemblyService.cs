using AutoDrive.Application.Content;
using AutoDrive.Application.Objects;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Application.Multipart;

/// <summary>
/// Background assembly of multipart uploads ahead of their Complete: appends and hashes the contiguous parts staged so
/// far (1, 2, ...), so that Complete costs little more than its last part. Purely an optimisation: Complete assembles
/// whatever is left. Runs when the assembly worker picks an upload its parts scheduled.
/// </summary>
public sealed class MultipartAssemblyService(IMultipartUploadRepository uploads, IMultipartStaging staging, IUploadLocks locks)
{
    /// <summary>Assembles the upload's contiguous parts; skips when another assembler is at work or the upload is not active.</summary>
    public async Task AdvanceAssemblyAsync(UploadId id, CancellationToken cancellationToken)
    {
        await using var assembly = await locks.TryAcquireAssemblyAsync(id, cancellationToken);
        if (assembly is null)
        {
            return;
        }

        var upload = await uploads.FindAsync(id, cancellationToken);
        if (upload is null || upload.State != UploadState.Active)
        {
            return;
        }

        var contiguous = (await uploads.ListPartsAsync(id, cancellationToken))
            .OrderBy(p => p.Number)
            .TakeWhile((p, i) => p.Number == i + 1)
            .Select(p => new StagedPartRef(p.Number, p.StagedName, p.Size))
            .ToList();
        if (contiguous.Count > 0)
        {
            var metadata = UserMetadata.From(upload.Metadata);
            var descriptor = new ContentDescriptor(ObjectKey.Parse(upload.Key).FileName, UploadOptionsReader.FromMetadata(metadata));
            await staging.AdvanceAsync(id, descriptor, contiguous, cancellationToken);
        }
    }
}
