using AutoDrive.Application.Content;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Dsn.Dag;
using AutoDrive.Infrastructure.Dsn.Local;
using AutoDrive.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AutoDrive.Tests.Infrastructure.Dsn;

public class LocalDsnStorageTests
{
    private const string Mod251Cid = "bafkr6igpo7jyi373g7xqhlraxxm6f6ofdzdzi4cz3e77nlaztbvh7u473a";
    private const string PatternCid = "bafkr6ihgcyffu3dw3xy43szz2d3qk53ief3bz6frydnwkb5j2zwjgpbgsm";

    private string _root = null!;
    private FakeTimeProvider _time = null!;
    private LocalDsnStorage _storage = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "autodrive-dsn-tests-" + Guid.NewGuid().ToString("N"));
        _time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _storage = CreateStorage();
    }

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    public async Task CommitAsync_Mod251_ReturnsSpecCidSizeAndNodeCount()
    {
        var stored = await StoreAsync("mod251.bin", TestContent.Mod251(1_000_000, DagVector.OneMebibyte));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored.Cid.Value, Is.EqualTo(Mod251Cid));
            Assert.That(stored.Size, Is.EqualTo(1_000_000));
            Assert.That(stored.NodeCount, Is.EqualTo(16 + 1));
            Assert.That(stored.WasAlreadyStored, Is.False);
        }
    }

    [Test]
    public async Task OpenReadAsync_WholeContent_ReturnsExactBytes()
    {
        var content = TestContent.Mod251Array(1_000_000);
        var stored = await StoreAsync("mod251.bin", TestContent.Split(content, 100_000));

        await using var stream = await _storage.OpenReadAsync(stored.Cid, 0, content.Length, CancellationToken.None);

        Assert.That(stream, Is.Not.Null);
        Assert.That(await TestBytes.ReadAllAsync(stream!), Is.EqualTo(content));
    }

    [TestCase(0, 0)]
    [TestCase(0, 1)]
    [TestCase(1, 100)]
    [TestCase(65_000, 200)]
    [TestCase(999_999, 1)]
    [TestCase(1_000_000, 0)]
    [TestCase(123_456, 876_544)]
    public async Task OpenReadAsync_RangeWithinContent_ReturnsExactlyThoseBytes(int offset, int length)
    {
        var content = TestContent.Mod251Array(1_000_000);
        var stored = await StoreAsync("mod251.bin", TestContent.Split(content, DagVector.OneMebibyte));

        await using var stream = await _storage.OpenReadAsync(stored.Cid, offset, length, CancellationToken.None);

        Assert.That(stream, Is.Not.Null);
        Assert.That(stream!.Length, Is.EqualTo(length));
        Assert.That(await TestBytes.ReadAllAsync(stream), Is.EqualTo(content.AsSpan(offset, length).ToArray()));
    }

    [TestCase(-1, 1)]
    [TestCase(0, -1)]
    public async Task OpenReadAsync_RangeOutsideContent_ThrowsArgumentOutOfRange(long offset, long length)
    {
        var stored = await StoreAsync("mod251.bin", TestContent.Mod251(1_000_000, DagVector.OneMebibyte));

        Assert.That(
            async () => await _storage.OpenReadAsync(stored.Cid, offset, length, CancellationToken.None),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    /// <summary>
    /// Callers ask only within the size recorded for the object, so a range past the end of the file means it was
    /// truncated on disk: answered as unavailable (503), never as fewer bytes.
    /// </summary>
    [TestCase(1_000_001, 0)]
    [TestCase(999_999, 2)]
    [TestCase(0, 1_000_001)]
    public async Task OpenReadAsync_RangePastTheEndOfTheFile_ThrowsServiceUnavailableNamingTheDamage(long offset, long length)
    {
        var stored = await StoreAsync("mod251.bin", TestContent.Mod251(1_000_000, DagVector.OneMebibyte));

        var error = await Assert.ThrowsAsync<DomainException>(async () => await _storage.OpenReadAsync(stored.Cid, offset, length, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
        Assert.That(error.Message, Does.Contain("damaged"));
    }

    [Test]
    public async Task OpenReadAsync_TruncatedContentFile_ThrowsServiceUnavailable()
    {
        var stored = await StoreAsync("mod251.bin", TestContent.Mod251(1_000_000, DagVector.OneMebibyte));
        await using (var file = new FileStream(ContentFiles().Single(), FileMode.Open, FileAccess.Write))
        {
            file.SetLength(999_000);
        }

        var error = await Assert.ThrowsAsync<DomainException>(async () => await _storage.OpenReadAsync(stored.Cid, 0, 1_000_000, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
    }

    [Test]
    public async Task OpenReadAsync_CidNotStored_ReturnsNull()
    {
        await StoreAsync("mod251.bin", TestContent.Mod251(1_000_000, DagVector.OneMebibyte));

        var stream = await _storage.OpenReadAsync(Cid.Parse(PatternCid), 0, 0, CancellationToken.None);

        Assert.That(stream, Is.Null);
    }

    [Test]
    public async Task ExistsAsync_BeforeAndAfterCommit_ReflectsStore()
    {
        var cid = Cid.Parse(Mod251Cid);
        Assert.That(await _storage.ExistsAsync(cid, CancellationToken.None), Is.False);

        await StoreAsync("mod251.bin", TestContent.Mod251(1_000_000, DagVector.OneMebibyte));

        Assert.That(await _storage.ExistsAsync(cid, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task CommitAsync_SameContentTwice_StoresOneCopyAndReportsSecondAsAlreadyStored()
    {
        var first = await StoreAsync("mod251.bin", TestContent.Mod251(1_000_000, DagVector.OneMebibyte));
        var second = await StoreAsync("mod251.bin", TestContent.Mod251(1_000_000, 65_067));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Cid, Is.EqualTo(first.Cid));
            Assert.That(first.WasAlreadyStored, Is.False);
            Assert.That(second.WasAlreadyStored, Is.True);
            Assert.That(ContentFiles(), Has.Count.EqualTo(1));
            Assert.That(TempFiles(), Is.Empty);
        }
    }

    [Test]
    public async Task CommitAsync_SameBytesOtherName_StoresAnotherContent()
    {
        var first = await StoreAsync("a.bin", TestContent.Mod251(1000, 1000));
        var second = await StoreAsync("b.bin", TestContent.Mod251(1000, 1000));

        Assert.That(second.Cid, Is.Not.EqualTo(first.Cid));
        Assert.That(ContentFiles(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task DisposeAsync_WithoutCommit_LeavesNoTempFileAndStoresNothing()
    {
        await using (var writer = await _storage.BeginWriteAsync(Descriptor("mod251.bin"), CancellationToken.None))
        {
            foreach (var span in TestContent.Mod251(1_000_000, DagVector.OneMebibyte))
            {
                await writer.WriteAsync(span, CancellationToken.None);
            }

            Assert.That(TempFiles(), Has.Count.EqualTo(1));
        }

        Assert.That(TempFiles(), Is.Empty);
        Assert.That(ContentFiles(), Is.Empty);
        Assert.That(await _storage.ExistsAsync(Cid.Parse(Mod251Cid), CancellationToken.None), Is.False);
    }

    [Test]
    public async Task WriteAsync_AfterCommit_ThrowsInvalidOperation()
    {
        await using var writer = await _storage.BeginWriteAsync(Descriptor("a.txt"), CancellationToken.None);
        await writer.WriteAsync("abc"u8.ToArray(), CancellationToken.None);
        await writer.CommitAsync(CancellationToken.None);

        Assert.That(async () => await writer.WriteAsync("d"u8.ToArray(), CancellationToken.None), Throws.InvalidOperationException);
    }

    [Test]
    public async Task BytesWritten_AfterWrites_CountsEveryByte()
    {
        await using var writer = await _storage.BeginWriteAsync(Descriptor("a.bin"), CancellationToken.None);
        foreach (var span in TestContent.Mod251(150_000, 7_000))
        {
            await writer.WriteAsync(span, CancellationToken.None);
        }

        Assert.That(writer.BytesWritten, Is.EqualTo(150_000));
    }

    [Test]
    public void BeginWriteAsync_NameOver255Bytes_ThrowsArgumentExceptionAndCreatesNoFile()
    {
        Assert.That(
            async () => await _storage.BeginWriteAsync(Descriptor(new string('n', 256)), CancellationToken.None),
            Throws.ArgumentException);
        Assert.That(TempFiles(), Is.Empty);
    }

    [Test]
    public async Task RemoveInterruptedWrites_LooseTempFiles_RemovesOnlyThoseUntouchedForAnHour()
    {
        var temp = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(temp);
        var stale = Path.Combine(temp, "stale.part");
        var recent = Path.Combine(temp, "recent.part");
        await File.WriteAllTextAsync(stale, "crashed upload");
        await File.WriteAllTextAsync(recent, "upload in progress");
        File.SetLastWriteTimeUtc(stale, _time.GetUtcNow().UtcDateTime.AddMinutes(-61));
        File.SetLastWriteTimeUtc(recent, _time.GetUtcNow().UtcDateTime.AddMinutes(-59));

        var removed = _storage.RemoveInterruptedWrites();

        Assert.That(File.Exists(stale), Is.False);
        Assert.That(File.Exists(recent), Is.True);
        Assert.That(removed, Is.EqualTo((1, (long)"crashed upload".Length)));
    }

    /// <summary>
    /// A server's temporary directory holds a lock while it runs: a second store on the same root (as another server
    /// sharing the data directory) removes a dead server's directory (its lock is free) and never a live one's: neither
    /// its own, nor one whose lock is held (another server: the test holds the lock as that server would). The dead
    /// server is a directory whose lock file nobody holds, as after kill -9.
    /// </summary>
    [Test]
    public async Task RemoveInterruptedWrites_TempDirectoryOfADeadServer_IsRemoved_ALiveOnesIsKept()
    {
        await using (var writer = await _storage.BeginWriteAsync(Descriptor("live.bin"), CancellationToken.None))
        {
            await writer.WriteAsync(new byte[1000], CancellationToken.None);
            var dead = Path.Combine(_root, "tmp", "0123456789abcdef0123456789abcdef");
            Directory.CreateDirectory(dead);
            await File.WriteAllBytesAsync(Path.Combine(dead, LocalDsnStorage.OwnerLockFile), []);
            await File.WriteAllBytesAsync(Path.Combine(dead, "interrupted.part"), new byte[4096]);
            Directory.CreateDirectory(Path.Combine(dead, "x.parts"));
            await File.WriteAllBytesAsync(Path.Combine(dead, "x.parts", "00000"), new byte[10]);
            var other = Path.Combine(_root, "tmp", "fedcba9876543210fedcba9876543210");
            Directory.CreateDirectory(other);
            await File.WriteAllBytesAsync(Path.Combine(other, "in-progress.part"), new byte[100]);
            await using var otherLock = new FileStream(Path.Combine(other, LocalDsnStorage.OwnerLockFile), FileMode.Create, FileAccess.Write, FileShare.None);

            var removed = CreateStorage().RemoveInterruptedWrites();

            Assert.That(Directory.Exists(dead), Is.False);
            Assert.That(File.Exists(Path.Combine(other, "in-progress.part")), Is.True, "a held lock keeps another server's files");
            Assert.That(removed, Is.EqualTo((2, 4106L)));
            Assert.That(TempFiles(), Has.Count.EqualTo(2), "the live write's temporary file is kept, and the other server's");
            await writer.CommitAsync(CancellationToken.None);
        }

        Assert.That(ContentFiles(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ReadNodeAsync_EveryNodeOfTwoLevelContent_HashesToItsCid()
    {
        var stored = await StoreAsync("pattern.bin", TestContent.Mod251(110_000_000, DagVector.OneMebibyte));
        Assert.That(stored.Cid.Value, Is.EqualTo(PatternCid));

        await using var reader = await _storage.OpenDagAsync(stored.Cid, CancellationToken.None);

        Assert.That(reader, Is.Not.Null);
        var dag = reader!.Dag;
        var nodes = dag.ChunkCids.Concat(dag.InlinkLevels.SelectMany(level => level)).Append(dag.RootCid).ToList();
        Assert.That(nodes, Has.Count.EqualTo(stored.NodeCount));
        foreach (var cid in nodes)
        {
            var node = await reader.ReadNodeAsync(cid, CancellationToken.None);

            Assert.That(node, Is.Not.Null, cid.Value);
            Assert.That(CidOf(node!), Is.EqualTo(cid));
        }
    }

    [Test]
    public async Task ReadNodeAsync_Chunk_IsPrefixAndContentBytesAtItsOffset()
    {
        var content = TestContent.Mod251Array(200_000);
        var stored = await StoreAsync("c.bin", TestContent.Split(content, DagVector.OneMebibyte));
        await using var reader = await _storage.OpenDagAsync(stored.Cid, CancellationToken.None);

        var node = await reader!.ReadNodeAsync(DagNodeLocation.Chunk(3), CancellationToken.None);

        var expected = DagNodeEncoder.EncodeFileChunk(content.AsSpan(3 * 65_066));
        Assert.That(node, Is.EqualTo(expected));
        Assert.That(CidOf(node), Is.EqualTo(reader.Dag.ChunkCids[3]));
    }

    [TestCase("test.txt", "Hello, world!", "0a1d180d2208746573742e7478742a0d48656c6c6f2c20776f726c64213200")]
    [TestCase("test.txt", "", "0a10100118002208746573742e7478743200")]
    public async Task ReadNodeAsync_SpecRoot_EqualsSpecEncodedRoot(string name, string text, string hex)
    {
        var stored = await StoreAsync(name, [System.Text.Encoding.UTF8.GetBytes(text)]);
        await using var reader = await _storage.OpenDagAsync(stored.Cid, CancellationToken.None);

        var root = await reader!.ReadNodeAsync(stored.Cid, CancellationToken.None);

        Assert.That(Convert.ToHexStringLower(root!), Is.EqualTo(hex));
    }

    [Test]
    public async Task ReadNodeAsync_SingleNodeWithOptions_HashesToSpecCid()
    {
        var options = new UploadOptions(new CompressionOptions(CompressionAlgorithm.Zlib), null);
        var stored = await StoreAsync("hello.txt", ["hello"u8.ToArray()], options);
        await using var reader = await _storage.OpenDagAsync(stored.Cid, CancellationToken.None);

        var root = await reader!.ReadNodeAsync(stored.Cid, CancellationToken.None);

        Assert.That(stored.Cid.Value, Is.EqualTo("bafkr6ic6rif5ghyeyec54lwtgchngh7to4g2r2aiuevbmdk3mkgykafypy"));
        Assert.That(CidOf(root!), Is.EqualTo(stored.Cid));
        Assert.That(reader.Dag.Options, Is.EqualTo(options));
    }

    [Test]
    public async Task ReadNodeAsync_CidOfAnotherContent_ReturnsNull()
    {
        var stored = await StoreAsync("mod251.bin", TestContent.Mod251(1_000_000, DagVector.OneMebibyte));
        await using var reader = await _storage.OpenDagAsync(stored.Cid, CancellationToken.None);

        var node = await reader!.ReadNodeAsync(Cid.Parse(PatternCid), CancellationToken.None);

        Assert.That(node, Is.Null);
    }

    [Test]
    public async Task GetDagAsync_StoredWithOptions_RestoresNameOptionsAndCids()
    {
        var options = new UploadOptions(
            new CompressionOptions(CompressionAlgorithm.Zlib, -1, 4096),
            new EncryptionOptions(EncryptionAlgorithm.Aes256Gcm, 1024));
        var stored = await StoreAsync("é.bin", TestContent.Mod251(300_000, DagVector.OneMebibyte), options);
        var built = FileDagBuilderTests.Build(new DagVector("é.bin", "mod251", 300_000, options, string.Empty), 4096);

        var dag = await _storage.GetDagAsync(stored.Cid, CancellationToken.None);

        Assert.That(dag, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(dag!.RootCid, Is.EqualTo(built.RootCid));
            Assert.That(dag.Name, Is.EqualTo("é.bin"));
            Assert.That(dag.Options, Is.EqualTo(options));
            Assert.That(dag.Size, Is.EqualTo(300_000));
            Assert.That(dag.ChunkCids, Is.EqualTo(built.ChunkCids));
        }
    }

    [Test]
    public async Task GetDagAsync_CorruptManifest_ThrowsInvalidData()
    {
        var stored = await StoreAsync("mod251.bin", TestContent.Mod251(1_000_000, DagVector.OneMebibyte));
        var manifest = ContentFiles(".dag").Single();
        var bytes = await File.ReadAllBytesAsync(manifest);
        bytes[100] ^= 1;
        await File.WriteAllBytesAsync(manifest, bytes);

        Assert.That(
            async () => await _storage.GetDagAsync(stored.Cid, CancellationToken.None),
            Throws.InstanceOf<InvalidDataException>());
    }

    [Test]
    public async Task ReadNodeAsync_CorruptContent_ThrowsInvalidData()
    {
        var stored = await StoreAsync("mod251.bin", TestContent.Mod251(1_000_000, DagVector.OneMebibyte));
        var content = ContentFiles().Single();
        await using (var file = new FileStream(content, FileMode.Open, FileAccess.Write))
        {
            file.Position = 70_000;
            file.WriteByte(0xff);
        }

        await using var reader = await _storage.OpenDagAsync(stored.Cid, CancellationToken.None);

        Assert.That(
            async () => await reader!.ReadNodeAsync(DagNodeLocation.Chunk(1), CancellationToken.None),
            Throws.InstanceOf<InvalidDataException>());
        Assert.That(await reader!.ReadNodeAsync(DagNodeLocation.Chunk(0), CancellationToken.None), Is.Not.Empty);
    }

    [Test]
    public async Task CommitAsync_StoredContentWithLostManifest_RewritesManifest()
    {
        var stored = await StoreAsync("mod251.bin", TestContent.Mod251(1_000_000, DagVector.OneMebibyte));
        File.Delete(ContentFiles(".dag").Single());

        var again = await StoreAsync("mod251.bin", TestContent.Mod251(1_000_000, DagVector.OneMebibyte));
        var dag = await _storage.GetDagAsync(stored.Cid, CancellationToken.None);

        Assert.That(again.WasAlreadyStored, Is.True);
        Assert.That(dag!.ChunkCids, Has.Count.EqualTo(16));
    }

    [Test]
    public async Task OpenDagAsync_CidNotStored_ReturnsNull()
    {
        var reader = await _storage.OpenDagAsync(Cid.Parse(Mod251Cid), CancellationToken.None);

        Assert.That(reader, Is.Null);
    }

    [Test]
    public async Task CommitAsync_ByAnotherInstanceOnSameRoot_IsFoundAsAlreadyStored()
    {
        await StoreAsync("mod251.bin", TestContent.Mod251(1_000_000, DagVector.OneMebibyte));
        _storage = CreateStorage();

        var again = await StoreAsync("mod251.bin", TestContent.Mod251(1_000_000, DagVector.OneMebibyte));

        Assert.That(again.WasAlreadyStored, Is.True);
    }

    private static ContentDescriptor Descriptor(string name, UploadOptions? options = null) => new(name, options ?? UploadOptions.None);

    private static Cid CidOf(byte[] node) => CidEncoding.ToCid(Blake3.Hasher.Hash(node).AsSpan());

    private LocalDsnStorage CreateStorage() =>
        new(Options.Create(new LocalDsnStorageOptions { RootDirectory = _root }), _time, NullLogger<LocalDsnStorage>.Instance);

    private async Task<DsnStoredContent> StoreAsync(string name, IEnumerable<ReadOnlyMemory<byte>> spans, UploadOptions? options = null)
    {
        await using var writer = await _storage.BeginWriteAsync(Descriptor(name, options), CancellationToken.None);
        foreach (var span in spans)
        {
            await writer.WriteAsync(span, CancellationToken.None);
        }

        return await writer.CommitAsync(CancellationToken.None);
    }

    private List<string> TempFiles() => StoreTempFiles.In(_root);

    private List<string> ContentFiles(string? extension = null)
    {
        var content = Path.Combine(_root, "content");
        if (!Directory.Exists(content))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(content, "*", SearchOption.AllDirectories)
            .Where(path => extension is null ? Path.GetExtension(path).Length == 0 : path.EndsWith(extension, StringComparison.Ordinal))];
    }
}
