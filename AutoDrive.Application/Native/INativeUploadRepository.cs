using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Native;

namespace AutoDrive.Application.Native;

public interface INativeUploadRepository
{
    /// <summary>The upload, tracked for update (its chunks are not loaded).</summary>
    Task<NativeUpload?> FindAsync(UploadId id, CancellationToken cancellationToken);

    void Add(NativeUpload upload);

    /// <summary>The completed file uploads of a folder upload, by their relative id.</summary>
    Task<IReadOnlyList<NativeUpload>> ListCompletedMembersAsync(UploadId folderId, CancellationToken cancellationToken);

    /// <summary>Uploads not completed and idle since before <paramref name="idleBefore"/> (oldest first).</summary>
    Task<IReadOnlyList<UploadId>> FindIdleAsync(DateTimeOffset idleBefore, int limit, CancellationToken cancellationToken);

    /// <summary>Forgets an upload that was never completed, with its chunks (their staged bytes are freed apart).</summary>
    Task DeleteAsync(UploadId id, CancellationToken cancellationToken);
}
