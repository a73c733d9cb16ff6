using System.Buffers;
using System.Data;
using AutoDrive.Application.Content;
using AutoDrive.Application.Multipart;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace AutoDrive.Infrastructure.Multipart;

/// <summary>
/// Multipart staging in PostgreSQL, for gateways that share a database and no file system (the network adapter):
/// any gateway may receive any part of an upload, or any chunk of a native chunked upload, and any gateway may
/// complete it. A part is kept in <c>staged_part_blocks</c> as rows of 1 MiB under its staged name; at Finish the
/// parts are read back in order and streamed to the DSN as one content.
/// <para>
/// What it costs: every staged byte is written once into PostgreSQL (plus its WAL), read once at Finish, and
/// deleted when the upload ends (completed, aborted or expired), so the database needs room for all the uploads
/// in flight. Each part in flight holds one pooled connection for as long as its body streams in, and so does each
/// Finish; Npgsql's default pool has 100 connections (<c>Maximum Pool Size</c>), shared with everything else the
/// gateway does, so more parts at once than that wait for a connection.
/// </para>
/// </summary>
internal sealed class PostgresMultipartStaging(NpgsqlDataSource dataSource, IDsnStorage dsn, ILogger<PostgresMultipartStaging> logger)
    : IMultipartStaging
{
    private const string SelectPart = "SELECT data FROM staged_part_blocks WHERE upload_id = @u AND staged_name = @n ORDER BY seq";
    private const string DeleteUpload = "DELETE FROM staged_part_blocks WHERE upload_id = @u";

    /// <summary>
    /// Starts a part. <paramref name="assumedOffset"/> is ignored: it serves to hash a part's chunks while it streams
    /// in, for assembly ahead of Complete, and this staging does no assembly ahead (see <see cref="AdvanceAsync"/>).
    /// A re-uploaded part gets a new staged name; the caller records which one counts.
    /// </summary>
    public async Task<IStagedPartWriter> BeginPartAsync(UploadId uploadId, int partNumber, long? assumedOffset, CancellationToken cancellationToken) =>
        await PostgresStagedPartWriter.OpenAsync(dataSource, uploadId.Value, $"{partNumber}-{Guid.NewGuid():N}", logger, cancellationToken);

    /// <summary>
    /// Does nothing in this mode: the content is streamed to the DSN once, at Finish. Assembling ahead would mean
    /// keeping a remote upload open across requests, with its state shared by every gateway that may receive the
    /// next part or the Complete; a later change may add that if Complete of large uploads proves too slow.
    /// </summary>
    public Task AdvanceAsync(UploadId uploadId, ContentDescriptor descriptor, IReadOnlyList<StagedPartRef> parts, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>
    /// Streams <paramref name="parts"/> in order, block by block, into one DSN write and commits it. A part whose
    /// staged bytes do not add up to its recorded size fails the whole Finish before the commit, and nothing is
    /// stored. The parts stay staged until <see cref="DiscardAsync"/>, so a Complete retried after a failure finds them.
    /// </summary>
    public async Task<DsnStoredContent> FinishAsync(UploadId uploadId, ContentDescriptor descriptor, IReadOnlyList<StagedPartRef> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        await using var writer = await dsn.BeginWriteAsync(descriptor, cancellationToken);
        await CopyPartsAsync(uploadId, parts, writer, cancellationToken);
        return await writer.CommitAsync(cancellationToken);
    }

    public async Task<Md5Digest> ComputeMd5Async(UploadId uploadId, IReadOnlyList<StagedPartRef> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        using var md5 = new Md5Sink();
        await CopyPartsAsync(uploadId, parts, md5, cancellationToken);
        return md5.Digest();
    }

    public async Task DiscardAsync(UploadId uploadId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(DeleteUpload, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("u", NpgsqlDbType.Text) { TypedValue = uploadId.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The parts' bytes in order into <paramref name="sink"/>, one block of memory at a time, on one connection.</summary>
    private async Task CopyPartsAsync(UploadId uploadId, IReadOnlyList<StagedPartRef> parts, IByteSink sink, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(PostgresStagedPartWriter.BlockSize);
        try
        {
            foreach (var part in parts)
            {
                await CopyPartAsync(connection, uploadId, part, sink, buffer, cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Copies one part's rows into <paramref name="writer"/>. Sequential access streams each row's value instead of
    /// materialising it, so at most one block is in memory.
    /// </summary>
    private static async Task CopyPartAsync(
        NpgsqlConnection connection, UploadId uploadId, StagedPartRef part, IByteSink writer, byte[] buffer, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SelectPart, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("u", NpgsqlDbType.Text) { TypedValue = uploadId.Value });
        command.Parameters.Add(new NpgsqlParameter<string>("n", NpgsqlDbType.Text) { TypedValue = part.StagedName });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        long copied = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            await using var block = await reader.GetStreamAsync(0, cancellationToken);
            int read;
            while ((read = await block.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)) > 0)
            {
                copied += read;
                if (copied > part.Size)
                {
                    throw NotStaged(part, copied);
                }

                await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        if (copied != part.Size)
        {
            throw NotStaged(part, copied);
        }
    }

    /// <summary>
    /// The part's rows are missing or do not match its record (discarded meanwhile, or the database lost them):
    /// the upload cannot be assembled here, and retrying later is the only thing the client can do short of
    /// uploading the part again.
    /// </summary>
    private static DomainException NotStaged(StagedPartRef part, long found) =>
        new(
            ErrorKind.ServiceUnavailable,
            found > part.Size
                ? $"Part {part.Number} of this upload has more staged bytes than the {part.Size} it was uploaded with; the upload cannot be completed from them."
                : $"Part {part.Number} of this upload is not fully staged: {found} of its {part.Size} bytes were found; the upload cannot be completed from them.");
}
