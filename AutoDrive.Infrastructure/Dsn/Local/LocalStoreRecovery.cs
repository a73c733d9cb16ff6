using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Native;
using AutoDrive.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutoDrive.Infrastructure.Dsn.Local;

/// <summary>
/// At start (after the database is migrated, before requests are served), removes what writes interrupted by a crash
/// (kill -9, power loss) left in the local store, and logs one line with how many files and bytes: the temporary
/// files of servers no longer running (<see cref="LocalDsnStorage.RemoveInterruptedWrites"/>), and the staging of
/// multipart and native uploads that are no longer open in the database (completed, aborted, expired or never
/// recorded). The staging of an open upload is kept whole: an unfinished upload can still be completed after a
/// restart. Nothing a running server sharing the data directory still needs is touched: its temporary directory is
/// locked, and an upload whose staging exists was recorded before its first part was staged (the directories are
/// listed before the database is asked).
/// </summary>
internal sealed partial class LocalStoreRecovery(
    LocalDsnStorage storage,
    LocalMultipartStaging staging,
    IServiceScopeFactory scopes,
    IOptions<DsnOptions> dsn,
    ILogger<LocalStoreRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (dsn.Value.Kind != DsnKind.Local)
        {
            return;
        }

        var (files, bytes) = storage.RemoveInterruptedWrites();
        var staged = staging.StagedUploadIds();
        if (staged.Count > 0)
        {
            var open = await FindOpenAsync(staged, cancellationToken);
            var (stagingFiles, stagingBytes) = staging.RemoveStaging(staged.Where(id => !open.Contains(id)));
            files += stagingFiles;
            bytes += stagingBytes;
        }

        LogRecovered(files, bytes, staged.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Which of <paramref name="ids"/> are multipart or native uploads still open (their staging is needed).</summary>
    private async Task<HashSet<string>> FindOpenAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AutoDriveDbContext>();
        var multipart = await db.MultipartUploads
            .Where(u => ids.Contains(u.Id) && (u.State == UploadState.Active || u.State == UploadState.Completing))
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);
        var native = await db.NativeUploads
            .Where(u => ids.Contains(u.Id) && (u.Status == NativeUploadStatus.Pending || u.Status == NativeUploadStatus.Completing))
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);
        return [.. multipart, .. native];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local store checked at start: removed {Files} files ({Bytes} bytes) left by interrupted writes; {Staged} uploads had staging.")]
    private partial void LogRecovered(int files, long bytes, int staged);
}
