using System.Text;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Dsn.Dag;

namespace AutoDrive.Tests.Infrastructure.Dsn;

public class FileDagBuilderTests
{
    [TestCaseSource(typeof(DagVector), nameof(DagVector.Spec))]
    public void Finish_SpecVector_GivesAutoDriveCid(DagVector vector)
    {
        var dag = Build(vector, DagVector.OneMebibyte);

        Assert.That(dag.RootCid.Value, Is.EqualTo(vector.Cid));
        Assert.That(dag.Size, Is.EqualTo(vector.Spans(DagVector.OneMebibyte).Sum(span => (long)span.Length)));
    }

    [TestCaseSource(typeof(DagVector), nameof(DagVector.Oracle))]
    public void Finish_OracleVector_GivesAutoDriveCid(DagVector vector)
    {
        var dag = Build(vector, DagVector.OneMebibyte);

        Assert.That(dag.RootCid.Value, Is.EqualTo(vector.Cid));
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(4096)]
    [TestCase(65_065)]
    [TestCase(65_066)]
    [TestCase(65_067)]
    [TestCase(130_132)]
    [TestCase(999_999)]
    public void Finish_Mod251InOddSpans_GivesSameCidAsSpec(int spanSize)
    {
        var vector = new DagVector("mod251.bin", "mod251", 1_000_000, UploadOptions.None, "bafkr6igpo7jyi373g7xqhlraxxm6f6ofdzdzi4cz3e77nlaztbvh7u473a");

        var dag = Build(vector, spanSize);

        Assert.That(dag.RootCid.Value, Is.EqualTo(vector.Cid));
    }

    [TestCase(65_066, 1, "bafkr6ig6w2q2arrfi6f5wgc6bbfxzljvs7x2dkf5mu6fmxeee65sbcgrzy")]
    [TestCase(65_066, 65_065, "bafkr6ig6w2q2arrfi6f5wgc6bbfxzljvs7x2dkf5mu6fmxeee65sbcgrzy")]
    [TestCase(65_067, 1, "bafkr6igesbqd7ansthekaeqeok6td4fcqykkqhkkubtt2b3ijpampiejwm")]
    [TestCase(65_067, 65_066, "bafkr6igesbqd7ansthekaeqeok6td4fcqykkqhkkubtt2b3ijpampiejwm")]
    [TestCase(200_000, 7, "bafkr6idnwaolxm4h3z2kr564tgszytp4ygpyz47oeagz3tefob5fngsymu")]
    [TestCase(200_000, 65_067, "bafkr6idnwaolxm4h3z2kr564tgszytp4ygpyz47oeagz3tefob5fngsymu")]
    public void Finish_ChunkBoundaryContentInOddSpans_GivesSameCidAsSpec(int length, int spanSize, string cid)
    {
        var vector = new DagVector("big.bin", "A", length, UploadOptions.None, cid);

        var dag = Build(vector, spanSize);

        Assert.That(dag.RootCid.Value, Is.EqualTo(cid));
    }

    [Test]
    public void Finish_EmptySpansBetweenData_AreIgnored()
    {
        var builder = new FileDagBuilder("test.txt", UploadOptions.None);

        builder.Append([]);
        builder.Append("Hello, "u8);
        builder.Append([]);
        builder.Append("world!"u8);
        var dag = builder.Finish();

        Assert.That(dag.RootCid.Value, Is.EqualTo("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu"));
    }

    [Test]
    public void Finish_TwoLevelPattern_ListsEveryNodeInOrder()
    {
        var vector = new DagVector("pattern.bin", "mod251", 110_000_000, UploadOptions.None, "bafkr6ihgcyffu3dw3xy43szz2d3qk53ief3bz6frydnwkb5j2zwjgpbgsm");

        var dag = Build(vector, DagVector.OneMebibyte);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(dag.ChunkCids, Has.Count.EqualTo(1691));
            Assert.That(dag.InlinkLevels, Has.Count.EqualTo(1));
            Assert.That(dag.InlinkLevels[0], Has.Count.EqualTo(2));
            Assert.That(dag.RootLinkDepth, Is.EqualTo(2));
            Assert.That(dag.NodeCount, Is.EqualTo(1691 + 2 + 1));
            Assert.That(dag.IsSingleNode, Is.False);
            // The pattern repeats every 251 chunks (65,066 × 251 is a multiple of 251).
            Assert.That(dag.ChunkCids[251], Is.EqualTo(dag.ChunkCids[0]));
            Assert.That(dag.ChunkCids[1], Is.Not.EqualTo(dag.ChunkCids[0]));
        }
    }

    [Test]
    public void Finish_ThreeChunks_ListsChunksAndNoInlinks()
    {
        var dag = Build(new DagVector("big.bin", "A", 200_000, UploadOptions.None, string.Empty), DagVector.OneMebibyte);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(dag.ChunkCids, Has.Count.EqualTo(4));
            Assert.That(dag.InlinkLevels, Is.Empty);
            Assert.That(dag.RootLinkDepth, Is.EqualTo(1));
            Assert.That(dag.NodeCount, Is.EqualTo(5));
        }
    }

    [Test]
    public void Finish_OneChunk_IsSingleNodeWithoutChunks()
    {
        var dag = Build(new DagVector("big.bin", "A", 65_066, UploadOptions.None, string.Empty), 1000);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(dag.IsSingleNode, Is.True);
            Assert.That(dag.RootLinkDepth, Is.Zero);
            Assert.That(dag.ChunkCids, Is.Empty);
            Assert.That(dag.NodeCount, Is.EqualTo(1));
        }
    }

    [Test]
    public void Finish_Empty_IsRootWithoutLinksAtDepthOne()
    {
        var builder = new FileDagBuilder("test.txt", UploadOptions.None);

        var dag = builder.Finish();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(dag.IsSingleNode, Is.False);
            Assert.That(dag.RootLinkDepth, Is.EqualTo(1));
            Assert.That(dag.ChunkCids, Is.Empty);
            Assert.That(dag.NodeCount, Is.EqualTo(1));
            Assert.That(dag.Size, Is.Zero);
        }
    }

    [Test]
    public void Constructor_NameOf255Utf8Bytes_IsAccepted()
    {
        var builder = new FileDagBuilder(new string('é', 127) + "x", UploadOptions.None);

        builder.Append("hello"u8);

        Assert.That(builder.Finish().Name, Has.Length.EqualTo(128));
    }

    [TestCase(256, 'x')]
    [TestCase(128, 'é')]
    public void Constructor_NameOver255Utf8Bytes_ThrowsArgumentException(int count, char character)
    {
        var name = new string(character, count);
        Assert.That(Encoding.UTF8.GetByteCount(name), Is.EqualTo(256));

        Assert.That(() => new FileDagBuilder(name, UploadOptions.None), Throws.ArgumentException);
    }

    [Test]
    public void Append_AfterFinish_ThrowsInvalidOperation()
    {
        var builder = new FileDagBuilder("a", UploadOptions.None);
        builder.Finish();

        Assert.That(() => builder.Append("x"u8), Throws.InvalidOperationException);
    }

    [Test]
    public void BytesAppended_AfterSpans_CountsEveryByte()
    {
        var builder = new FileDagBuilder("a", UploadOptions.None);

        foreach (var span in TestContent.Mod251(300_001, 65_067))
        {
            builder.Append(span.Span);
        }

        Assert.That(builder.BytesAppended, Is.EqualTo(300_001));
    }

    internal static FileDag Build(DagVector vector, int spanSize)
    {
        var builder = new FileDagBuilder(vector.Name, vector.Options);
        foreach (var span in vector.Spans(spanSize))
        {
            builder.Append(span.Span);
        }

        return builder.Finish();
    }
}
