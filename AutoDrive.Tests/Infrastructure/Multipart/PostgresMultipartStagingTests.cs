using System.Globalization;
using AutoDrive.Application.Content;
using AutoDrive.Application.Multipart;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using AutoDrive.Infrastructure.Dsn.Dag;
using AutoDrive.Infrastructure.Dsn.Local;
using AutoDrive.Infrastructure.Multipart;
using AutoDrive.Tests.Infrastructure.Persistence;
using AutoDrive.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AutoDrive.Tests.Infrastructure.Multipart;

/// <summary>
/// Staging in PostgreSQL, as gateways that share only the database use it: parts are COPYed in 1 MiB rows and
/// streamed to a real local DSN store at Finish, which must store exactly what one write of the listed parts' bytes
/// stores.
/// </summary>
public class PostgresMultipartStagingTests
{
    private const int MiB = 1024 * 1024;
    private static readonly ContentDescriptor Descriptor = new("staged.bin", UploadOptions.None);

    private MigratedDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;
    private TemporaryDirectory _directory = null!;
    private LocalDsnStorage _dsn = null!;
    private PostgresMultipartStaging _staging = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync()
    {
        _database = await MigratedDatabase.CreateAsync();
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
    }

    [OneTimeTearDown]
    public async Task DisposeDataSourceAsync() => await _dataSource.DisposeAsync();

    [SetUp]
    public void SetUp()
    {
        _directory = TemporaryDirectory.Create("autodrive-pg-staging");
        var options = Options.Create(new LocalDsnStorageOptions { RootDirectory = _directory.Path });
        _dsn = new LocalDsnStorage(options, TimeProvider.System, NullLogger<LocalDsnStorage>.Instance);
        _staging = new PostgresMultipartStaging(_dataSource, _dsn, NullLogger<PostgresMultipartStaging>.Instance);
    }

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task ComputeMd5_OfTheGivenParts_IsTheMd5OfTheirBytesInOrder()
    {
        var id = UploadId.New();
        var parts = new[] { Bytes((2 * 1024 * 1024) + 17, 11), Bytes(0, 12), Bytes(65_067, 13) };
        var stale = await StageAsync(id, 2, Bytes(99, 14));
        var refs = new List<StagedPartRef>();
        for (var i = 0; i < parts.Length; i++)
        {
            refs.Add(await StageAsync(id, i + 1, parts[i]));
        }

        var md5 = await _staging.ComputeMd5Async(id, refs, CancellationToken.None);

        Assert.That(md5, Is.EqualTo(Md5Digest.FromBytes(System.Security.Cryptography.MD5.HashData(Concat(parts)))));
        Assert.That(stale.StagedName, Is.Not.EqualTo(refs[1].StagedName), "the part uploaded again is a new staged name, and the one given counts");
    }

    [Test]
    public async Task Finish_PartsOfOddSizes_StoresWhatASingleWriteOfTheirBytesStores()
    {
        // 5 MiB + 17 bytes ends 17 bytes into a sixth row and mid-way through a CID chunk; 3 MiB and 1 byte follow it,
        // so neither rows nor CID chunks line up with the parts.
        var id = UploadId.New();
        var parts = new[] { Bytes((5 * MiB) + 17, 1), Bytes(3 * MiB, 2), Bytes(1, 3) };
        var refs = new List<StagedPartRef>();
        for (var i = 0; i < parts.Length; i++)
        {
            refs.Add(await StageAsync(id, i + 1, parts[i], writeSize: DagLimits.ChunkSize + 7));
        }

        var stored = await _staging.FinishAsync(id, Descriptor, refs, CancellationToken.None);

        await AssertSameAsSingleWriteAsync(stored, Concat(parts));
        Assert.That(await RowsAsync(id, refs[0].StagedName), Is.EqualTo(6), "5 MiB + 17 bytes are five full rows and one of 17 bytes");
        Assert.That(await RowsAsync(id, refs[1].StagedName), Is.EqualTo(3));
        Assert.That(await LargestRowAsync(id), Is.EqualTo(MiB), "no row is larger than a block");
    }

    [Test]
    public async Task Stage_WhenTheCallerReusesItsBufferAfterEachWrite_KeepsTheBytesAsTheyWere()
    {
        var id = UploadId.New();
        var part = Bytes((2 * MiB) + 1000, 4);
        const int Slice = 300_000;
        string name;
        await using (var writer = await _staging.BeginPartAsync(id, 1, null, CancellationToken.None))
        {
            var buffer = new byte[Slice];
            for (var offset = 0; offset < part.Length; offset += Slice)
            {
                var length = Math.Min(Slice, part.Length - offset);
                part.AsSpan(offset, length).CopyTo(buffer);
                await writer.WriteAsync(buffer.AsMemory(0, length), CancellationToken.None);
                Array.Fill(buffer, (byte)0xEE);
            }

            name = await writer.CommitAsync(CancellationToken.None);
        }

        var stored = await _staging.FinishAsync(id, Descriptor, [new StagedPartRef(1, name, part.Length)], CancellationToken.None);

        await AssertSameAsSingleWriteAsync(stored, part);
    }

    [Test]
    public async Task Finish_AfterAPartWasUploadedAgain_UsesTheStagedNameItIsGiven()
    {
        var id = UploadId.New();
        var first = Bytes(MiB + 5, 10);
        var secondBefore = Bytes(700_000, 11);
        var secondAfter = Bytes(800_001, 12);
        var one = await StageAsync(id, 1, first);
        var twoBefore = await StageAsync(id, 2, secondBefore);
        var twoAfter = await StageAsync(id, 2, secondAfter);

        var withAfter = await _staging.FinishAsync(id, Descriptor, [one, twoAfter], CancellationToken.None);
        var withBefore = await _staging.FinishAsync(id, Descriptor, [one, twoBefore], CancellationToken.None);

        Assert.That(twoAfter.StagedName, Is.Not.EqualTo(twoBefore.StagedName));
        Assert.That(twoAfter.StagedName, Does.StartWith("2-"));
        await AssertSameAsSingleWriteAsync(withAfter, Concat([first, secondAfter]));
        await AssertSameAsSingleWriteAsync(withBefore, Concat([first, secondBefore]));
    }

    [Test]
    public async Task Stage_32PartsAtOnce_AllCommitAndFinishInOrder()
    {
        // Every writer is open (its connection, transaction and COPY begun) before any writes, and every one has
        // written its first half before any writes the rest: 32 COPYs into the table really are in flight together.
        const int Count = 32;
        var id = UploadId.New();
        var parts = Enumerable.Range(0, Count).Select(i => Bytes(MiB + 1 + (i * 977), 100 + i)).ToArray();
        var allOpen = new Gate(Count);
        var allHalfway = new Gate(Count);

        var refs = await Task.WhenAll(parts.Select(async (bytes, i) =>
        {
            await using var writer = await _staging.BeginPartAsync(id, i + 1, null, CancellationToken.None);
            await allOpen.ArriveAndWaitAsync();
            var half = bytes.Length / 2;
            await writer.WriteAsync(bytes.AsMemory(0, half), CancellationToken.None);
            await allHalfway.ArriveAndWaitAsync();
            await writer.WriteAsync(bytes.AsMemory(half), CancellationToken.None);
            return new StagedPartRef(i + 1, await writer.CommitAsync(CancellationToken.None), bytes.Length);
        }));

        var stored = await _staging.FinishAsync(id, Descriptor, refs, CancellationToken.None);

        await AssertSameAsSingleWriteAsync(stored, Concat(parts));
        Assert.That(await RowsAsync(id), Is.EqualTo(Count * 2), "each part of 1 MiB and some bytes is two rows");
    }

    [Test]
    public async Task Stage_DisposedWithoutCommit_LeavesNoRows()
    {
        var id = UploadId.New();
        await using (var writer = await _staging.BeginPartAsync(id, 1, null, CancellationToken.None))
        {
            // Two full rows have gone to PostgreSQL through the COPY; a third is still in the block.
            await writer.WriteAsync(Bytes((2 * MiB) + 500, 20), CancellationToken.None);
        }

        Assert.That(await RowsAsync(id), Is.Zero);
    }

    [Test]
    public async Task Stage_UncommittedRows_AreNotVisibleToOthers_ThenCommitMakesThemSo()
    {
        var id = UploadId.New();
        await using var writer = await _staging.BeginPartAsync(id, 1, null, CancellationToken.None);
        await writer.WriteAsync(Bytes((3 * MiB) + 1, 21), CancellationToken.None);

        var before = await RowsAsync(id);
        var name = await writer.CommitAsync(CancellationToken.None);

        Assert.That(before, Is.Zero, "the part is one transaction: nothing of it counts before it is acknowledged");
        Assert.That(await RowsAsync(id, name), Is.EqualTo(4));
    }

    [Test]
    public async Task Stage_AfterACancelledWrite_DisposesCleanlyAndLeavesNoRows()
    {
        var id = UploadId.New();
        using var cancellation = new CancellationTokenSource();
        await using (var writer = await _staging.BeginPartAsync(id, 1, null, CancellationToken.None))
        {
            await writer.WriteAsync(Bytes(MiB + 10, 22), CancellationToken.None);
            await cancellation.CancelAsync();

            await Assert.ThatAsync(
                async () => await writer.WriteAsync(Bytes(MiB, 23), cancellation.Token),
                Throws.InstanceOf<OperationCanceledException>());
            await Assert.ThatAsync(
                () => writer.CommitAsync(CancellationToken.None),
                Throws.InvalidOperationException, "a part whose write failed can only be discarded");
        }

        Assert.That(await RowsAsync(id), Is.Zero);
    }

    [TestCase(MissingRows.AllOfThePart, 0)]
    [TestCase(MissingRows.TheLastRow, 0)]
    [TestCase(MissingRows.None, 1)]
    [TestCase(MissingRows.None, -1)]
    public async Task Finish_WhenAPartsRowsDoNotAddUpToItsSize_ThrowsServiceUnavailable_AndStoresNothing(MissingRows missing, int sizeError)
    {
        var id = UploadId.New();
        var parts = new[] { Bytes(MiB + 3, 30), Bytes((2 * MiB) + 9, 31), Bytes(50_000, 32) };
        var refs = new List<StagedPartRef>();
        for (var i = 0; i < parts.Length; i++)
        {
            refs.Add(await StageAsync(id, i + 1, parts[i]));
        }

        if (missing != MissingRows.None)
        {
            await DeleteRowsAsync(refs[1].StagedName, fromSeq: missing == MissingRows.AllOfThePart ? 0 : 2);
        }

        refs[1] = refs[1] with { Size = refs[1].Size + sizeError };

        var error = await Assert.ThrowsAsync<DomainException>(() => _staging.FinishAsync(id, Descriptor, refs, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
        Assert.That(error.Message, Does.StartWith("Part 2 of this upload"));
        Assert.That(await _dsn.ExistsAsync(CidOf(Concat(parts)), CancellationToken.None), Is.False);
        Assert.That(StoreTempFiles.In(_directory.Path), Is.Empty, "the DSN write was discarded");
        Assert.That(await RowsAsync(id, refs[0].StagedName), Is.EqualTo(2), "the parts stay staged for a retried Complete");
    }

    [Test]
    public async Task Discard_RemovesEveryRowOfThatUpload_AndNoneOfAnother()
    {
        var discarded = UploadId.New();
        var kept = UploadId.New();
        await StageAsync(discarded, 1, Bytes(MiB + 1, 40));
        await StageAsync(discarded, 2, Bytes(10, 41));
        var keptPart = await StageAsync(kept, 1, Bytes(MiB + 2, 42));

        await _staging.DiscardAsync(discarded, CancellationToken.None);

        Assert.That(await RowsAsync(discarded), Is.Zero);
        Assert.That(await RowsAsync(kept, keptPart.StagedName), Is.EqualTo(2));
    }

    [Test]
    public async Task Advance_DoesNothing_FinishStillStreamsEverything()
    {
        var id = UploadId.New();
        var parts = new[] { Bytes(200_000, 50), Bytes(300_000, 51) };
        var refs = new[] { await StageAsync(id, 1, parts[0]), await StageAsync(id, 2, parts[1]) };

        await _staging.AdvanceAsync(id, Descriptor, refs, CancellationToken.None);
        var stored = await _staging.FinishAsync(id, Descriptor, refs, CancellationToken.None);

        await AssertSameAsSingleWriteAsync(stored, Concat(parts));
    }

    [Test]
    public async Task Migration_CreatesBothTables_WithTheBlocksStoredOutOfLineUncompressed()
    {
        var columns = await QueryAsync(
            """
            SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable
            FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name IN ('staged_part_blocks', 'dsn_folder_nodes')
            ORDER BY table_name, ordinal_position
            """);
        var storage = await QueryAsync(
            "SELECT attstorage::text FROM pg_attribute WHERE attrelid = 'staged_part_blocks'::regclass AND attname = 'data'");
        var keys = await QueryAsync(
            """
            SELECT tc.table_name || ':' || string_agg(k.column_name, ',' ORDER BY k.ordinal_position)
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name
            WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_name IN ('staged_part_blocks', 'dsn_folder_nodes')
            GROUP BY tc.table_name ORDER BY tc.table_name
            """);

        Assert.That(columns, Is.EqualTo(new[]
        {
            "dsn_folder_nodes.cid:text:NO",
            "dsn_folder_nodes.nodes:bytea:NO",
            "dsn_folder_nodes.node_count:integer:NO",
            "dsn_folder_nodes.created_at:timestamp with time zone:NO",
            "staged_part_blocks.upload_id:text:NO",
            "staged_part_blocks.staged_name:text:NO",
            "staged_part_blocks.seq:integer:NO",
            "staged_part_blocks.data:bytea:NO",
        }));
        Assert.That(storage, Is.EqualTo(new[] { "e" }));
        Assert.That(keys, Is.EqualTo(new[] { "dsn_folder_nodes:cid", "staged_part_blocks:upload_id,staged_name,seq" }));
    }

    [Test]
    public async Task Migration_Down_DropsBothTables()
    {
        var database = await MigratedDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            await db.GetService<IMigrator>().MigrateAsync("20261207181256_NativeApi");
        }

        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('staged_part_blocks', 'dsn_folder_nodes')");

        Assert.That(await command.ExecuteScalarAsync(), Is.Zero);
        await using var check = database.CreateContext();
        Assert.That(await check.Database.GetPendingMigrationsAsync(), Has.One.EndsWith("_SharedStaging"));
    }

    public enum MissingRows
    {
        None,
        AllOfThePart,
        TheLastRow,
    }

    private async Task<StagedPartRef> StageAsync(UploadId id, int number, byte[] bytes, int writeSize = 64 * 1024)
    {
        await using var writer = await _staging.BeginPartAsync(id, number, null, CancellationToken.None);
        for (var offset = 0; offset < bytes.Length; offset += writeSize)
        {
            await writer.WriteAsync(bytes.AsMemory(offset, Math.Min(writeSize, bytes.Length - offset)), CancellationToken.None);
        }

        return new StagedPartRef(number, await writer.CommitAsync(CancellationToken.None), bytes.Length);
    }

    /// <summary>
    /// The staged content has the CID, size and node count of one write of the same bytes into another store, and
    /// reads back as those bytes.
    /// </summary>
    private async Task AssertSameAsSingleWriteAsync(DsnStoredContent stored, byte[] expected)
    {
        using var other = TemporaryDirectory.Create("autodrive-pg-staging-single");
        var single = new LocalDsnStorage(
            Options.Create(new LocalDsnStorageOptions { RootDirectory = other.Path }), TimeProvider.System, NullLogger<LocalDsnStorage>.Instance);
        DsnStoredContent reference;
        await using (var writer = await single.BeginWriteAsync(Descriptor, CancellationToken.None))
        {
            await writer.WriteAsync(expected, CancellationToken.None);
            reference = await writer.CommitAsync(CancellationToken.None);
        }

        Assert.That((stored.Cid, stored.Size, stored.NodeCount), Is.EqualTo((reference.Cid, reference.Size, reference.NodeCount)));
        await using var read = await _dsn.OpenReadAsync(stored.Cid, 0, expected.Length, CancellationToken.None);
        Assert.That(read, Is.Not.Null);
        using var copy = new MemoryStream();
        await read!.CopyToAsync(copy);
        Assert.That(copy.ToArray(), Is.EqualTo(expected));
    }

    private static Cid CidOf(byte[] bytes)
    {
        var builder = new FileDagBuilder(Descriptor.Name, Descriptor.Options);
        builder.Append(bytes);
        return builder.Finish().RootCid;
    }

    private async Task<long> RowsAsync(UploadId id, string? stagedName = null)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT count(*) FROM staged_part_blocks WHERE upload_id = $1 AND ($2::text IS NULL OR staged_name = $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = id.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)stagedName ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private async Task<int> LargestRowAsync(UploadId id)
    {
        await using var command = _dataSource.CreateCommand("SELECT max(length(data)) FROM staged_part_blocks WHERE upload_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id.Value });
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private async Task DeleteRowsAsync(string stagedName, int fromSeq)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM staged_part_blocks WHERE staged_name = $1 AND seq >= $2");
        command.Parameters.Add(new NpgsqlParameter { Value = stagedName });
        command.Parameters.Add(new NpgsqlParameter { Value = fromSeq });
        Assert.That(await command.ExecuteNonQueryAsync(), Is.Positive, "the test removed rows");
    }

    private async Task<List<string>> QueryAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static byte[] Bytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Concat(byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Releases its waiters once <c>count</c> of them have arrived.</summary>
    private sealed class Gate(int count)
    {
        /// <summary>A hang guard, not a measurement.</summary>
        private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public Task ArriveAndWaitAsync()
        {
            if (Interlocked.Increment(ref _arrived) == count)
            {
                _open.SetResult();
            }

            return _open.Task.WaitAsync(HangGuard);
        }
    }
}
