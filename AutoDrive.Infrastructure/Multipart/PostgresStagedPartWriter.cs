using System.Buffers;
using AutoDrive.Application.Multipart;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace AutoDrive.Infrastructure.Multipart;

/// <summary>
/// A part being staged in PostgreSQL: one connection, one transaction and one binary COPY into
/// <c>staged_part_blocks</c>, a row per <see cref="BlockSize"/> bytes. The incoming writes fill one pooled block;
/// a full block becomes a row. <see cref="CommitAsync"/> ends the COPY and commits, which is what makes an
/// acknowledged part durable; disposing without commit cancels the COPY and rolls back, so nothing remains.
/// </summary>
internal sealed partial class PostgresStagedPartWriter : IStagedPartWriter
{
    /// <summary>The bytes of one row: large enough that the per-row cost vanishes, small enough to pool.</summary>
    public const int BlockSize = 1024 * 1024;

    private const string CopyCommand = "COPY staged_part_blocks (upload_id, staged_name, seq, data) FROM STDIN (FORMAT BINARY)";

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly NpgsqlBinaryImporter _importer;
    private readonly string _uploadId;
    private readonly string _stagedName;
    private readonly ILogger _logger;
    private byte[]? _block;
    private int _filled;
    private int _seq;
    private bool _failed;
    private bool _committed;
    private bool _disposed;

    private PostgresStagedPartWriter(
        NpgsqlConnection connection, NpgsqlTransaction transaction, NpgsqlBinaryImporter importer, string uploadId, string stagedName, ILogger logger)
    {
        _connection = connection;
        _transaction = transaction;
        _importer = importer;
        _uploadId = uploadId;
        _stagedName = stagedName;
        _logger = logger;
        _block = ArrayPool<byte>.Shared.Rent(BlockSize);
    }

    /// <summary>Opens the connection, the transaction and the COPY of a part staged as <paramref name="stagedName"/>.</summary>
    public static async Task<PostgresStagedPartWriter> OpenAsync(
        NpgsqlDataSource dataSource, string uploadId, string stagedName, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var importer = await connection.BeginBinaryImportAsync(CopyCommand, cancellationToken);
            return new PostgresStagedPartWriter(connection, transaction, importer, uploadId, stagedName, logger);
        }
        catch
        {
            // Closing the connection ends whatever was begun on it: PostgreSQL rolls back an open transaction.
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        EnsureWritable();
        try
        {
            // The caller reuses its buffer once this returns, so every byte is copied into the block (or sent) first.
            while (!data.IsEmpty)
            {
                var take = Math.Min(BlockSize - _filled, data.Length);
                data.Span[..take].CopyTo(_block.AsSpan(_filled));
                _filled += take;
                data = data[take..];
                if (_filled == BlockSize)
                {
                    await WriteBlockAsync(cancellationToken);
                }
            }
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    public async Task<string> CommitAsync(CancellationToken cancellationToken)
    {
        EnsureWritable();
        try
        {
            if (_filled > 0)
            {
                await WriteBlockAsync(cancellationToken);
            }

            await _importer.CompleteAsync(cancellationToken);
            await _importer.DisposeAsync();
            await _transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            _failed = true;
            throw;
        }

        _committed = true;
        return _stagedName;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_committed)
            {
                await AbortAsync();
            }
        }
        finally
        {
            await _connection.DisposeAsync();
            ArrayPool<byte>.Shared.Return(_block!);
            _block = null;
        }
    }

    private async Task WriteBlockAsync(CancellationToken cancellationToken)
    {
        await _importer.StartRowAsync(cancellationToken);
        await _importer.WriteAsync(_uploadId, NpgsqlDbType.Text, cancellationToken);
        await _importer.WriteAsync(_stagedName, NpgsqlDbType.Text, cancellationToken);
        await _importer.WriteAsync(_seq, NpgsqlDbType.Integer, cancellationToken);
        await _importer.WriteAsync(new ReadOnlyMemory<byte>(_block, 0, _filled), NpgsqlDbType.Bytea, cancellationToken);
        _seq++;
        _filled = 0;
    }

    /// <summary>
    /// Cancels the COPY and rolls back: disposing the transaction does both (and Npgsql logs rather than throws
    /// when the connection is broken, which is often why a part is abandoned); the importer is then only released.
    /// Should that fail, closing the connection is enough: PostgreSQL rolls back the transaction of a connection
    /// that ends, and the pool drops a broken connection. The failure is logged, not thrown, so that it does not
    /// hide the error that made the caller give the part up.
    /// </summary>
    private async Task AbortAsync()
    {
        try
        {
            await _transaction.DisposeAsync();
            await _importer.DisposeAsync();
        }
        catch (NpgsqlException exception)
        {
            LogAbortFailed(exception, _stagedName, _uploadId);
        }
    }

    private void EnsureWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failed)
        {
            throw new InvalidOperationException("A write of this staged part failed: the part can only be discarded.");
        }

        if (_committed)
        {
            throw new InvalidOperationException("The staged part is already committed.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rolling back staged part {StagedName} of upload {UploadId} failed; closing its connection discards it.")]
    private partial void LogAbortFailed(Exception exception, string stagedName, string uploadId);
}
