using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Dsn.Dag;

namespace AutoDrive.Tests.Infrastructure.Dsn;

public class DagNodeReaderTests
{
    [Test]
    public async Task ReadNodeAsync_RepeatedChunks_EveryNodeHashesToItsCid()
    {
        var content = new byte[200_000];
        Array.Fill(content, (byte)'A');
        var dag = Build("big.bin", content);
        await using var reader = new DagNodeReader(dag, new MemoryStream(content));

        foreach (var cid in dag.ChunkCids.Append(dag.RootCid))
        {
            var node = await reader.ReadNodeAsync(cid, CancellationToken.None);

            Assert.That(node, Is.Not.Null);
            Assert.That(CidEncoding.ToCid(Blake3.Hasher.Hash(node!).AsSpan()), Is.EqualTo(cid));
        }

        Assert.That(dag.RootCid.Value, Is.EqualTo("bafkr6idnwaolxm4h3z2kr564tgszytp4ygpyz47oeagz3tefob5fngsymu"));
    }

    [Test]
    public void Locate_ChunkCids_FindsChunkPositions()
    {
        var content = TestContent.Mod251Array(300_000);
        var dag = Build("m.bin", content);
        using var reader = new DagNodeReader(dag, new MemoryStream(content));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.Locate(dag.RootCid), Is.EqualTo(DagNodeLocation.Root));
            Assert.That(reader.Locate(dag.ChunkCids[0]), Is.EqualTo(DagNodeLocation.Chunk(0)));
            Assert.That(reader.Locate(dag.ChunkCids[4]), Is.EqualTo(DagNodeLocation.Chunk(4)));
            Assert.That(reader.Locate(Cid.Parse("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu")), Is.Null);
        }
    }

    [Test]
    public async Task ReadNodeAsync_LocationOutsideDag_ThrowsArgumentOutOfRange()
    {
        var content = TestContent.Mod251Array(300_000);
        var dag = Build("m.bin", content);
        await using var reader = new DagNodeReader(dag, new MemoryStream(content));

        Assert.That(
            async () => await reader.ReadNodeAsync(DagNodeLocation.Chunk(5), CancellationToken.None),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(
            async () => await reader.ReadNodeAsync(DagNodeLocation.Inlink(1, 0), CancellationToken.None),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task ReadNodeAsync_ContentDiffersFromDag_ThrowsInvalidData()
    {
        var content = TestContent.Mod251Array(300_000);
        var dag = Build("m.bin", content);
        content[0] ^= 1;
        await using var reader = new DagNodeReader(dag, new MemoryStream(content));

        Assert.That(
            async () => await reader.ReadNodeAsync(dag.ChunkCids[0], CancellationToken.None),
            Throws.InstanceOf<InvalidDataException>());
    }

    private static FileDag Build(string name, byte[] content)
    {
        var builder = new FileDagBuilder(name, UploadOptions.None);
        builder.Append(content);
        return builder.Finish();
    }
}
