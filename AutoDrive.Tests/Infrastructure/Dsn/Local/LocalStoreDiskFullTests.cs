using AutoDrive.Application.Content;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using AutoDrive.Infrastructure.Dsn.Local;
using AutoDrive.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AutoDrive.Tests.Infrastructure.Dsn.Local;

/// <summary>
/// The local store on a file system that really fills up (a 16 MiB tmpfs, filled to a chosen point): a content or a
/// part that does not fit fails with ServiceUnavailable saying the storage is full, leaves no temporary file and
/// stores nothing; what was stored before still reads back; once space is freed, writes succeed again.
/// </summary>
[NonParallelizable]
public class LocalStoreDiskFullTests
{
    private const int MiB = 1024 * 1024;

    private TmpfsMount _mount = null!;
    private LocalDsnStorage _storage = null!;
    private LocalMultipartStaging _staging = null!;

    [SetUp]
    public void SetUp()
    {
        _mount = TmpfsMount.MountOrIgnore(16 * MiB);
        var options = Options.Create(new LocalDsnStorageOptions { RootDirectory = Path.Combine(_mount.Path, "dsn") });
        _storage = new LocalDsnStorage(options, TimeProvider.System, NullLogger<LocalDsnStorage>.Instance);
        _staging = new LocalMultipartStaging(_storage, options);
    }

    [TearDown]
    public void TearDown() => _mount?.Dispose();

    [TestCase(0)]
    [TestCase(MiB / 2)]
    public async Task Write_WhenTheDiskFillsUp_ThrowsStorageFull_LeavesNoTempFile_StoresNothing(int leave)
    {
        var before = TestBytes.Random(2 * MiB, 1);
        var stored = await StoreAsync("before.bin", before);
        _mount.FillLeaving(leave);

        var error = await FailStoreAsync("big.bin", TestBytes.Random(3 * MiB, 2));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
        Assert.That(error.Message, Does.Contain("storage is full"));
        Assert.That(StoreTempFiles.In(Path.Combine(_mount.Path, "dsn")), Is.Empty, "the failed write's temporary file is removed");
        Assert.That(ContentFiles(), Has.Count.EqualTo(1), "nothing but the earlier content is stored");
        await using (var read = await _storage.OpenReadAsync(stored.Cid, 0, before.Length, CancellationToken.None))
        {
            Assert.That(await TestBytes.ReadAllAsync(read!), Is.EqualTo(before), "what was stored before still reads back");
        }

        _mount.FreeFiller();
        var after = await StoreAsync("big.bin", TestBytes.Random(3 * MiB, 2));
        Assert.That(await _storage.ExistsAsync(after.Cid, CancellationToken.None), Is.True, "writes succeed again once space is freed");
    }

    [Test]
    public async Task StagePart_WhenTheDiskFillsUp_ThrowsStorageFull_LeavesNoPartNorTempFile()
    {
        var id = UploadId.New();
        _mount.FillLeaving(MiB / 2);

        DomainException? error = null;
        try
        {
            await using var writer = await _staging.BeginPartAsync(id, 1, 0, CancellationToken.None);
            await writer.WriteAsync(TestBytes.Random(3 * MiB, 3), CancellationToken.None);
            await writer.CommitAsync(CancellationToken.None);
        }
        catch (DomainException exception)
        {
            error = exception;
        }

        Assert.That(error, Is.Not.Null, "the part did not fit");
        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ServiceUnavailable));
        Assert.That(error.Message, Does.Contain("storage is full"));
        Assert.That(StoreTempFiles.In(Path.Combine(_mount.Path, "dsn")), Is.Empty);
        var parts = Path.Combine(_mount.Path, "dsn", "staging", id.Value, "parts");
        Assert.That(Directory.Exists(parts) ? Directory.EnumerateFiles(parts) : [], Is.Empty, "no part is staged");
    }

    private async Task<DsnStoredContent> StoreAsync(string name, byte[] bytes)
    {
        await using var writer = await _storage.BeginWriteAsync(new ContentDescriptor(name, UploadOptions.None), CancellationToken.None);
        for (var offset = 0; offset < bytes.Length; offset += MiB)
        {
            await writer.WriteAsync(bytes.AsMemory(offset, Math.Min(MiB, bytes.Length - offset)), CancellationToken.None);
        }

        return await writer.CommitAsync(CancellationToken.None);
    }

    /// <summary>The error of a write that must fail, at a write or at the commit (where the file system reports it).</summary>
    private async Task<DomainException> FailStoreAsync(string name, byte[] bytes)
    {
        try
        {
            var stored = await StoreAsync(name, bytes);
            Assert.Fail($"The write was stored as {stored.Cid} on a full file system.");
        }
        catch (DomainException exception)
        {
            return exception;
        }

        throw new InvalidOperationException("unreachable");
    }

    private List<string> ContentFiles()
    {
        var content = Path.Combine(_mount.Path, "dsn", "content");
        return Directory.Exists(content)
            ? [.. Directory.EnumerateFiles(content, "*", SearchOption.AllDirectories).Where(f => Path.GetExtension(f).Length == 0)]
            : [];
    }
}
