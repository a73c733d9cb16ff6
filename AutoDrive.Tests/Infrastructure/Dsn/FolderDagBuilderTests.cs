using System.Text;
using AutoDrive.Domain.Content;
using AutoDrive.Infrastructure.Dsn.Dag;
using Blake3;

namespace AutoDrive.Tests.Infrastructure.Dsn;

/// <summary>
/// Folder CIDs against vectors of the reference implementation. Every vector was produced once with
/// <c>node AutoDrive.Tests/Compat/js/folder-cid.mjs &lt;name&gt; &lt;count&gt;</c> (@autonomys/auto-dag-data 1.6.10:
/// <c>processFolderToIPLDFormat(new MemoryBlockstore(), childCids, name, BigInt(Σ sizes))</c>, each child a real file CID
/// from <c>processFileToIPLDFormat</c>); the children here are the same files, child i named <c>file-&lt;i&gt;.txt</c> holding
/// <c>"content of file &lt;i&gt;\n"</c>, whose CIDs <see cref="FileDagBuilder"/> computes. The live comparison with the
/// oracle is <c>Compat/FolderCidOracleTests</c>.
/// </summary>
public class FolderDagBuilderTests
{
    [TestCase("photos", 0, "bafkr6ihhz2s7k6g24bqoxxo75ibpyjbgeo6rj5ydpuph66idyc2brvy7hu")]
    [TestCase("photos", 2, "bafkr6ihgjdkbqnju2bp7ggnf7aninoyxxzvrvi42frukc53ttug4s3s2nm")]
    [TestCase("héllo wörld", 3, "bafkr6ibljrqv4ntfspu7um7pffgtkxdih2rsntuktetisbishssnwq4j4i")]
    [TestCase("photos", 1627, "bafkr6idy353hmeioojmexjbtovhrqnr7dnash4uxvbobbu7unusq7q3oqu")]
    [TestCase("photos", 3300, "bafkr6iczobzqmzyx3kwltogftaaah62whb7djnskj3bsswdwpnmo73w2he")]
    public void Build_ReferenceVector_GivesTheReferenceCid(string name, int childCount, string expected)
    {
        var children = ChildFiles(childCount);

        var dag = FolderDagBuilder.Build(name, children.Sum(c => c.Size), children.Select(c => c.Cid).ToList());

        Assert.That(dag.RootCid.Value, Is.EqualTo(expected));
    }

    [Test]
    public void ChildFiles_FirstChild_IsTheReferenceFileCid()
    {
        // The oracle's file-0.txt: anchors the children the vectors above are built from.
        var child = ChildFiles(1).Single();

        Assert.That(child.Cid.Value, Is.EqualTo("bafkr6iezmzrd2bc4kzumamijfwoudxdwzttpiwrwdd3sdejmtu2f3a3zw4"));
        Assert.That(child.Size, Is.EqualTo(18));
    }

    [TestCase(0, 1)]
    [TestCase(2, 1)]
    [TestCase(DagLimits.MaxLinksPerNode, 1)]
    [TestCase(DagLimits.MaxLinksPerNode + 1, 3)]
    [TestCase(3300, 4)]
    public void Build_Nodes_AreTheInlinksThenTheRoot_EachHashingToItsLink(int childCount, int expectedNodes)
    {
        var children = ChildFiles(childCount);

        var dag = FolderDagBuilder.Build("photos", children.Sum(c => c.Size), children.Select(c => c.Cid).ToList());

        Assert.That(dag.NodeCount, Is.EqualTo(expectedNodes));
        Assert.That(CidOf(dag.Nodes[^1]), Is.EqualTo(dag.RootCid), "the last node is the root");
        var rootLinks = LinkedCids(dag.Nodes[^1]);
        Assert.That(rootLinks, Is.EqualTo(expectedNodes == 1 ? children.Select(c => c.Cid) : dag.Nodes.Take(expectedNodes - 1).Select(CidOf)));
        if (expectedNodes > 1)
        {
            Assert.That(dag.Nodes.Take(expectedNodes - 1).SelectMany(LinkedCids), Is.EqualTo(children.Select(c => c.Cid)), "the inlinks hold the children in order");
        }
    }

    [Test]
    public void Build_ChildThatIsNotAnAutonomysCid_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => FolderDagBuilder.Build("photos", 0, [Cid.Parse("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi")]));
    }

    /// <summary>The oracle's children: child i is <c>file-&lt;i&gt;.txt</c> holding <c>"content of file &lt;i&gt;\n"</c>.</summary>
    internal static List<(string Name, Cid Cid, long Size)> ChildFiles(int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var name = $"file-{i}.txt";
            var bytes = Encoding.UTF8.GetBytes($"content of file {i}\n");
            var builder = new FileDagBuilder(name, UploadOptions.None);
            builder.Append(bytes);
            return (name, builder.Finish().RootCid, (long)bytes.Length);
        }).ToList();

    private static Cid CidOf(byte[] node) => CidEncoding.ToCid(Hasher.Hash(node).AsSpan());

    /// <summary>The CIDs a dag-pb node links to: its field-2 links, each <c>12 26 0a 24 &lt;36-byte CID&gt;</c>.</summary>
    private static List<Cid> LinkedCids(byte[] node)
    {
        var links = new List<Cid>();
        for (var offset = 0; offset < node.Length && node[offset] == 0x12; offset += DagNodeEncoder.LinkLength)
        {
            links.Add(CidEncoding.ToCid(node.AsSpan(offset + 4 + CidEncoding.Prefix.Length, CidEncoding.DigestLength)));
        }

        return links;
    }
}
