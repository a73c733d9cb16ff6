using System.Security.Cryptography;
using AutoDrive.Application.Content;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Dsn.Dag;

namespace AutoDrive.Tests.Infrastructure.Dsn.Contract;

/// <summary>
/// What every DSN adapter (<see cref="IDsnStorage"/>) must do, whatever it stores on: one suite, run by a fixture per
/// adapter. Contents are random bytes from a seed printed at the start of each test (set <c>DSN_CONTRACT_SEED</c> to
/// replay one), written in spans of random sizes so that no adapter's own chunking lines up with the writes. The expected
/// CID is the local CID engine's (<see cref="FileDagBuilder"/>, itself proven against the published CID vectors), so an
/// adapter that stores on a remote is held to the same CIDs as the local store.
/// </summary>
public abstract class DsnStorageContract
{
    /// <summary>A DAG chunk: the content bytes of one FileChunk node.</summary>
    protected const int Chunk = DagLimits.ChunkSize;

    protected const int MiB = 1024 * 1024;

    private const string SeedVariable = "DSN_CONTRACT_SEED";

    private Random _random = null!;

    /// <summary>The adapter under test, new for each test.</summary>
    protected IDsnStorage Storage { get; private set; } = null!;

    /// <summary>The seed of this test's contents.</summary>
    protected int Seed { get; private set; }

    /// <summary>Sizes around the shapes of a file DAG: empty, one byte, exactly one chunk, one byte more (two chunks),
    /// and several 1 MiB upload chunks (the last a single byte past a mebibyte).</summary>
    private static int[] Sizes => [0, 1, Chunk, Chunk + 1, (3 * MiB) + 12_345, (5 * MiB) + 1];

    [SetUp]
    public async Task SetUpStorageAsync()
    {
        Seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } replay
            ? int.Parse(replay, System.Globalization.CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        _random = new Random(Seed);
        await TestContext.Out.WriteLineAsync($"Content seed {Seed} (replay with {SeedVariable}={Seed}).");
        Storage = await CreateStorageAsync();
    }

    [TestCaseSource(nameof(Sizes))]
    public async Task CommitAsync_Stream_ReturnsTheLocalEngineCidSizeAndNodeCountAndReadsBackTheSameBytes(int size)
    {
        var content = RandomBytes(size);
        var descriptor = Descriptor("contract.bin");
        var expected = ExpectedDag(descriptor, content);

        var stored = await StoreAsync(descriptor, content);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored.Cid, Is.EqualTo(expected.RootCid), SeedNote);
            Assert.That(stored.Size, Is.EqualTo(size));
            Assert.That(stored.NodeCount, Is.EqualTo(expected.NodeCount));
        }

        await using var stream = await Storage.OpenReadAsync(stored.Cid, 0, size, CancellationToken.None);
        Assert.That(stream, Is.Not.Null);
        Assert.That(Convert.ToHexString(await MD5.HashDataAsync(stream!)), Is.EqualTo(Convert.ToHexString(MD5.HashData(content))), SeedNote);
    }

    [Test]
    public async Task CommitAsync_WithUploadOptions_ReturnsTheLocalEngineCidOfThoseOptions()
    {
        var content = RandomBytes((2 * Chunk) + 7);
        var options = new UploadOptions(
            new CompressionOptions(CompressionAlgorithm.Zlib, 9),
            new EncryptionOptions(EncryptionAlgorithm.Aes256Gcm));
        var descriptor = Descriptor("options.bin", options);

        var stored = await StoreAsync(descriptor, content);

        Assert.That(stored.Cid, Is.EqualTo(ExpectedDag(descriptor, content).RootCid), SeedNote);
        Assert.That(stored.Cid, Is.Not.EqualTo(ExpectedDag(Descriptor("options.bin"), content).RootCid));
        Assert.That(await ReadAsync(stored.Cid, 0, content.Length), Is.EqualTo(content));
    }

    /// <summary>Ranges of a content of a little over three chunks (boundaries at 65,066, 130,132 and 195,198).</summary>
    [TestCase(0, 1000, TestName = "{m}(start)")]
    [TestCase(100_000, 20_000, TestName = "{m}(middle)")]
    [TestCase(199_000, 1000, TestName = "{m}(end)")]
    [TestCase(Chunk - 100, 200, TestName = "{m}(across a chunk boundary)")]
    [TestCase(130_000, 70_000, TestName = "{m}(across two boundaries to the end)")]
    [TestCase(100_000, 0, TestName = "{m}(zero length)")]
    [TestCase(0, 200_000, TestName = "{m}(whole)")]
    public async Task OpenReadAsync_Range_ReturnsExactlyThoseBytes(int offset, int length)
    {
        var content = RandomBytes(200_000);
        var stored = await StoreAsync(Descriptor("ranges.bin"), content);

        var read = await ReadAsync(stored.Cid, offset, length);

        Assert.That(read, Is.EqualTo(content.AsSpan(offset, length).ToArray()), SeedNote);
    }

    [Test]
    public async Task ExistsAsync_AfterCommit_IsTrue()
    {
        var stored = await StoreAsync(Descriptor("exists.bin"), RandomBytes(1000));

        Assert.That(await Storage.ExistsAsync(stored.Cid, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task ExistsAsync_CidNeverStored_IsFalse()
    {
        await StoreAsync(Descriptor("stored.bin"), RandomBytes(1000));

        Assert.That(await Storage.ExistsAsync(NeverStoredCid(), CancellationToken.None), Is.False);
    }

    [TestCase(0)]
    [TestCase(1000)]
    public async Task OpenReadAsync_CidNeverStored_ReturnsNull(int length)
    {
        await StoreAsync(Descriptor("stored.bin"), RandomBytes(1000));

        var stream = await Storage.OpenReadAsync(NeverStoredCid(), 0, length, CancellationToken.None);

        Assert.That(stream, Is.Null);
    }

    [Test]
    public async Task CommitAsync_SameBytesNameAndOptionsTwice_GivesTheSameCidAndBothRead()
    {
        var content = RandomBytes((2 * MiB) + 3);
        var descriptor = Descriptor("dedup.bin");

        var first = await StoreAsync(descriptor, content);
        var firstRead = await ReadAsync(first.Cid, 0, content.Length);
        var second = await StoreAsync(descriptor, content);
        var secondRead = await ReadAsync(second.Cid, 0, content.Length);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Cid, Is.EqualTo(first.Cid));
            Assert.That(second.Size, Is.EqualTo(first.Size));
            Assert.That(second.NodeCount, Is.EqualTo(first.NodeCount));
            Assert.That(firstRead, Is.EqualTo(content), SeedNote);
            Assert.That(secondRead, Is.EqualTo(content), SeedNote);
        }
    }

    [Test]
    public async Task DisposeAsync_WithoutCommit_StoresNothingAndTheAdapterStillWorks()
    {
        var content = RandomBytes((2 * MiB) + 500);
        var descriptor = Descriptor(UniqueName("discarded"));

        await using (var writer = await Storage.BeginWriteAsync(descriptor, CancellationToken.None))
        {
            foreach (var span in Spans(content))
            {
                await writer.WriteAsync(span, CancellationToken.None);
            }
        }

        await AssertNotStoredAsync(ExpectedDag(descriptor, content).RootCid);
        await AssertStillWorksAsync();
    }

    [Test]
    public async Task WriteAsync_CancelledBetweenWrites_StoresNothingAndTheAdapterStillWorks()
    {
        var content = RandomBytes((3 * MiB) + 500);
        var descriptor = Descriptor(UniqueName("cancelled"));
        var spans = Spans(content).ToList();
        using var cancellation = new CancellationTokenSource();

        await using (var writer = await Storage.BeginWriteAsync(descriptor, cancellation.Token))
        {
            foreach (var span in spans.Take(spans.Count / 2))
            {
                await writer.WriteAsync(span, cancellation.Token);
            }

            await cancellation.CancelAsync();

            // Once its token is cancelled, a write never completes: the rest of it or its commit gives up.
            Assert.That(
                async () =>
                {
                    foreach (var span in spans.Skip(spans.Count / 2))
                    {
                        await writer.WriteAsync(span, cancellation.Token);
                    }

                    await writer.CommitAsync(cancellation.Token);
                },
                Throws.InstanceOf<OperationCanceledException>());
        }

        await AssertNotStoredAsync(ExpectedDag(descriptor, content).RootCid);
        await AssertStillWorksAsync();
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(Chunk)]
    [TestCase((3 * Chunk) + 10)]
    public async Task DescribeFileAsync_StoredFile_ListsItsDataChunksAsTheLocalEngineBuildsThem(int size)
    {
        var content = RandomBytes(size);
        var descriptor = Descriptor("layout.bin");
        var stored = await StoreAsync(descriptor, content);
        var dag = ExpectedDag(descriptor, content);
        var expected = dag.IsSingleNode
            ? [(dag.RootCid, (long)size)]
            : dag.ChunkCids.Select((cid, i) => (cid, Math.Min(Chunk, size - ((long)i * Chunk)))).ToList();

        var layout = await Storage.DescribeFileAsync(stored.Cid, CancellationToken.None);

        Assert.That(layout, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(layout!.NodeCount, Is.EqualTo(dag.NodeCount));
            Assert.That(layout.ChunkCount, Is.EqualTo(expected.Count));
            Assert.That(layout.Chunks.Select(c => (c.Cid, c.Size)), Is.EqualTo(expected));
        }
    }

    [Test]
    public async Task GetStatusAsync_StoredFile_CountsEveryNodeOfItsDag()
    {
        var content = RandomBytes((2 * Chunk) + 10);
        var descriptor = Descriptor("status.bin");
        var stored = await StoreAsync(descriptor, content);

        var status = await Storage.GetStatusAsync(stored.Cid, CancellationToken.None);

        Assert.That(status, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(status!.TotalNodes, Is.EqualTo(ExpectedDag(descriptor, content).NodeCount));
            Assert.That(status.UploadedNodes, Is.InRange(0, status.TotalNodes));
            Assert.That(status.ArchivedNodes, Is.InRange(0, status.UploadedNodes));
        }
    }

    [Test]
    public async Task DescribeFileAndGetStatus_CidNeverStored_ReturnNull()
    {
        var cid = NeverStoredCid();

        Assert.That(await Storage.DescribeFileAsync(cid, CancellationToken.None), Is.Null);
        Assert.That(await Storage.GetStatusAsync(cid, CancellationToken.None), Is.Null);
    }

    /// <summary>A new adapter, on a store the test may fill.</summary>
    protected abstract Task<IDsnStorage> CreateStorageAsync();

    /// <summary>
    /// Releases what <see cref="CreateStorageAsync"/> made, after each test. Overrides carry [TearDown] too, so that the
    /// NUnit analyzer sees where their fields are disposed; NUnit runs an overridden teardown once.
    /// </summary>
    [TearDown]
    public abstract Task DisposeStorageAsync();

    /// <summary>Checks what an adapter may leave behind after a discarded write (the local store: no temporary file).</summary>
    protected virtual Task AssertNoTraceOfDiscardedWritesAsync() => Task.CompletedTask;

    protected static ContentDescriptor Descriptor(string name, UploadOptions? options = null) =>
        new(name, options ?? UploadOptions.None);

    /// <summary>The DAG the local CID engine builds for these bytes, name and options.</summary>
    protected static FileDag ExpectedDag(ContentDescriptor descriptor, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var builder = new FileDagBuilder(descriptor.Name, descriptor.Options);
        builder.Append(content);
        return builder.Finish();
    }

    /// <summary>A name no other test of any run uses, for contents that must not be found stored.</summary>
    protected static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}.bin";

    protected static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>A note for assertions on content: the seed that reproduces it.</summary>
    protected string SeedNote => $"content seed {Seed}";

    protected byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>The content in spans of random sizes (1 byte to 300,000), in order.</summary>
    protected IEnumerable<ReadOnlyMemory<byte>> Spans(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var spanSizes = new Random(Seed ^ content.Length);
        for (var position = 0; position < content.Length;)
        {
            var length = Math.Min(spanSizes.Next(1, 300_001), content.Length - position);
            yield return content.AsMemory(position, length);
            position += length;
        }
    }

    protected async Task<DsnStoredContent> StoreAsync(ContentDescriptor descriptor, byte[] content)
    {
        await using var writer = await Storage.BeginWriteAsync(descriptor, CancellationToken.None);
        foreach (var span in Spans(content))
        {
            await writer.WriteAsync(span, CancellationToken.None);
        }

        Assert.That(writer.BytesWritten, Is.EqualTo(content.Length));
        return await writer.CommitAsync(CancellationToken.None);
    }

    protected async Task<byte[]> ReadAsync(Cid cid, long offset, long length)
    {
        await using var stream = await Storage.OpenReadAsync(cid, offset, length, CancellationToken.None);
        Assert.That(stream, Is.Not.Null, $"{cid} is not stored");
        return await ReadAllAsync(stream!);
    }

    /// <summary>The CID of random bytes under a name never used: a valid CID that names nothing stored.</summary>
    private Cid NeverStoredCid() => ExpectedDag(Descriptor(UniqueName("never-stored")), RandomBytes(1000)).RootCid;

    private async Task AssertNotStoredAsync(Cid cid)
    {
        Assert.That(await Storage.ExistsAsync(cid, CancellationToken.None), Is.False, $"{cid} was stored");
        Assert.That(await Storage.OpenReadAsync(cid, 0, 1, CancellationToken.None), Is.Null);
        await AssertNoTraceOfDiscardedWritesAsync();
    }

    /// <summary>A write and a read after the discarded one, through the same adapter.</summary>
    private async Task AssertStillWorksAsync()
    {
        var content = RandomBytes(Chunk + 2);
        var descriptor = Descriptor("after.bin");
        var stored = await StoreAsync(descriptor, content);

        Assert.That(stored.Cid, Is.EqualTo(ExpectedDag(descriptor, content).RootCid));
        Assert.That(await ReadAsync(stored.Cid, 0, content.Length), Is.EqualTo(content), SeedNote);
    }
}
