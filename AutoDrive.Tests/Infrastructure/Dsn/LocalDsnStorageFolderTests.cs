using AutoDrive.Application.Content;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Dsn.Dag;
using AutoDrive.Infrastructure.Dsn.Local;
using AutoDrive.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AutoDrive.Tests.Infrastructure.Dsn;

/// <summary>Folders and file layouts in the local store (folder CIDs themselves: <see cref="FolderDagBuilderTests"/>).</summary>
public class LocalDsnStorageFolderTests
{
    private string _root = null!;
    private LocalDsnStorage _storage = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "autodrive-dsn-folder-tests-" + Guid.NewGuid().ToString("N"));
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
    public async Task StoreFolder_GivesTheFoldersCidSizeAndNodeCount()
    {
        var children = await StoreChildrenAsync(2);

        var stored = await _storage.StoreFolderAsync(Folder("photos", children), CancellationToken.None);

        // The reference CID of this folder (see FolderDagBuilderTests).
        Assert.That(stored.Cid.Value, Is.EqualTo("bafkr6ihgjdkbqnju2bp7ggnf7aninoyxxzvrvi42frukc53ttug4s3s2nm"));
        Assert.That((stored.Size, stored.NodeCount, stored.WasAlreadyStored), Is.EqualTo((36L, 1L, false)));
    }

    [Test]
    public async Task StoreFolder_IsDurable_ANewStoreOnTheSameDirectoryFindsIt()
    {
        var children = await StoreChildrenAsync(3);
        var stored = await _storage.StoreFolderAsync(Folder("photos", children), CancellationToken.None);
        var nodes = await _storage.ReadFolderNodesAsync(stored.Cid, CancellationToken.None);

        var reopened = CreateStorage();

        Assert.That(await reopened.ExistsAsync(stored.Cid, CancellationToken.None), Is.True);
        Assert.That(await reopened.ReadFolderNodesAsync(stored.Cid, CancellationToken.None), Is.EqualTo(nodes));
        Assert.That(StoreTempFiles.In(_root), Is.Empty, "no temporary file is left behind");
    }

    [Test]
    public async Task StoreFolder_Again_IsANoOpThatAnswersTheSame()
    {
        var children = await StoreChildrenAsync(DagLimits.MaxLinksPerNode + 1);
        var first = await _storage.StoreFolderAsync(Folder("photos", children), CancellationToken.None);
        var path = Directory.EnumerateFiles(Path.Combine(_root, "content"), first.Cid.Value + ".folder", SearchOption.AllDirectories).Single();
        var written = File.GetLastWriteTimeUtc(path);
        var bytes = await File.ReadAllBytesAsync(path);

        var second = await _storage.StoreFolderAsync(Folder("photos", children), CancellationToken.None);

        Assert.That((second.Cid, second.Size, second.NodeCount), Is.EqualTo((first.Cid, first.Size, first.NodeCount)));
        Assert.That((first.WasAlreadyStored, second.WasAlreadyStored), Is.EqualTo((false, true)));
        Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(written), "the stored folder is not rewritten");
        Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(bytes));
    }

    [Test]
    public async Task ExistsAsync_Folder_IsTrueOnceStored()
    {
        var children = await StoreChildrenAsync(2);
        var expected = FolderDagBuilder.Build("photos", children.Sum(c => c.Size), children.Select(c => c.Cid).ToList()).RootCid;

        var before = await _storage.ExistsAsync(expected, CancellationToken.None);
        await _storage.StoreFolderAsync(Folder("photos", children), CancellationToken.None);

        Assert.That((before, await _storage.ExistsAsync(expected, CancellationToken.None)), Is.EqualTo((false, true)));
    }

    [TestCase(0, 1)]
    [TestCase(2, 1)]
    [TestCase(DagLimits.MaxLinksPerNode + 1, 3)]
    public async Task GetStatusAsync_Folder_CountsItsNodes_AllArchived(int childCount, int nodes)
    {
        var stored = await _storage.StoreFolderAsync(Folder("photos", await StoreChildrenAsync(childCount)), CancellationToken.None);

        var status = await _storage.GetStatusAsync(stored.Cid, CancellationToken.None);

        Assert.That(status, Is.EqualTo(new DsnContentStatus(nodes, nodes, nodes)));
        Assert.That(stored.NodeCount, Is.EqualTo(nodes));
    }

    [Test]
    public async Task ReadFolderNodesAsync_NodesHashToTheirCids_TheLastBeingTheRoot()
    {
        var children = await StoreChildrenAsync(DagLimits.MaxLinksPerNode + 1);
        var stored = await _storage.StoreFolderAsync(Folder("photos", children), CancellationToken.None);

        var nodes = await _storage.ReadFolderNodesAsync(stored.Cid, CancellationToken.None);

        Assert.That(nodes, Has.Count.EqualTo(3));
        var cids = nodes!.Select(n => CidEncoding.ToCid(Blake3.Hasher.Hash(n).AsSpan())).ToList();
        Assert.That(cids[^1], Is.EqualTo(stored.Cid));
        var expected = FolderDagBuilder.Build("photos", children.Sum(c => c.Size), children.Select(c => c.Cid).ToList());
        Assert.That(nodes, Is.EqualTo(expected.Nodes));
    }

    [Test]
    public async Task ReadFolderNodesAsync_NotAFolder_IsNull()
    {
        var file = (await StoreChildrenAsync(1)).Single();

        Assert.That(await _storage.ReadFolderNodesAsync(file.Cid, CancellationToken.None), Is.Null);
        Assert.That(await _storage.ReadFolderNodesAsync(TestSupport.TestCids.Of("nothing"), CancellationToken.None), Is.Null);
        Assert.That(await _storage.GetStatusAsync(TestSupport.TestCids.Of("nothing"), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task DescribeFileAsync_SingleNodeFile_IsOneChunk_ItsRoot()
    {
        var stored = await StoreAsync("test.txt", "Hello, world!"u8.ToArray());

        var layout = await _storage.DescribeFileAsync(stored.Cid, CancellationToken.None);

        Assert.That((layout!.NodeCount, layout.ChunkCount), Is.EqualTo((1L, 1)));
        Assert.That(layout.Chunks, Is.EqualTo(new[] { new DsnChunk(stored.Cid, 13) }));
        Assert.That(stored.Cid.Value, Is.EqualTo("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu"));
    }

    [Test]
    public async Task DescribeFileAsync_MultiChunkFile_ListsItsChunksInOrderWithTheirSizes()
    {
        var content = TestContent.Mod251Array(200_000);
        var stored = await StoreAsync("mod251.bin", content);
        var dag = (await _storage.GetDagAsync(stored.Cid, CancellationToken.None))!;

        var layout = await _storage.DescribeFileAsync(stored.Cid, CancellationToken.None);

        Assert.That((layout!.NodeCount, layout.ChunkCount), Is.EqualTo((5L, 4)));
        Assert.That(layout.Chunks.Select(c => c.Size), Is.EqualTo(new long[] { DagLimits.ChunkSize, DagLimits.ChunkSize, DagLimits.ChunkSize, 200_000 - (3 * DagLimits.ChunkSize) }));
        Assert.That(layout.Chunks.Select(c => c.Cid), Is.EqualTo(dag.ChunkCids));
        // Each chunk CID is the FileChunk node of those bytes.
        var second = DagNodeEncoder.EncodeFileChunk(content.AsSpan(DagLimits.ChunkSize, DagLimits.ChunkSize));
        Assert.That(layout.Chunks.ElementAt(1).Cid, Is.EqualTo(CidEncoding.ToCid(Blake3.Hasher.Hash(second).AsSpan())));
    }

    [Test]
    public async Task DescribeFileAsync_EmptyFile_HasNoDataChunk()
    {
        var stored = await StoreAsync("test.txt", []);

        var layout = await _storage.DescribeFileAsync(stored.Cid, CancellationToken.None);

        Assert.That(stored.Cid.Value, Is.EqualTo("bafkr6igpomk3x2fxfu7kt56ocoww722cw2xwfbronza626y4fcom4u3qse"));
        Assert.That((layout!.NodeCount, layout.ChunkCount, layout.Chunks.Count()), Is.EqualTo((1L, 0, 0)));
    }

    [Test]
    public async Task DescribeFileAsync_Folder_IsNull()
    {
        var stored = await _storage.StoreFolderAsync(Folder("photos", await StoreChildrenAsync(1)), CancellationToken.None);

        Assert.That(await _storage.DescribeFileAsync(stored.Cid, CancellationToken.None), Is.Null);
    }

    private LocalDsnStorage CreateStorage() =>
        new(Options.Create(new LocalDsnStorageOptions { RootDirectory = _root }), new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<LocalDsnStorage>.Instance);

    /// <summary>Stores the reference folders' children (see <see cref="FolderDagBuilderTests.ChildFiles"/>).</summary>
    private async Task<List<FolderChild>> StoreChildrenAsync(int count)
    {
        var children = new List<FolderChild>();
        for (var i = 0; i < count; i++)
        {
            var stored = await StoreAsync($"file-{i}.txt", System.Text.Encoding.UTF8.GetBytes($"content of file {i}\n"));
            children.Add(new FolderChild(stored.Cid, stored.Size));
        }

        return children;
    }

    private async Task<DsnStoredContent> StoreAsync(string name, byte[] content)
    {
        await using var writer = await _storage.BeginWriteAsync(new ContentDescriptor(name, UploadOptions.None), CancellationToken.None);
        await writer.WriteAsync(content, CancellationToken.None);
        return await writer.CommitAsync(CancellationToken.None);
    }

    private static FolderDescriptor Folder(string name, List<FolderChild> children) => new(name, children);
}
