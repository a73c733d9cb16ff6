using AutoDrive.Domain.Common;
using AutoDrive.Domain.Native;

namespace AutoDrive.Tests.Domain.Native;

public class FolderTreeTests
{
    [Test]
    public void From_ValidTree_ListsItsFilesInTreeOrderWithTheirPaths()
    {
        var tree = FolderTree.From(Folder("photos",
            File("a.txt", "id-a"),
            Folder("sub", File("b.txt", "id-b"), Folder("deep", File("c.txt", "id-c"))),
            File("d.txt", "id-d")));

        Assert.That(tree.Name, Is.EqualTo("photos"));
        Assert.That(tree.Files.Select(f => (f.Id, f.Name, f.Path)), Is.EqualTo(new[]
        {
            ("id-a", "a.txt", "photos/a.txt"),
            ("id-b", "b.txt", "photos/sub/b.txt"),
            ("id-c", "c.txt", "photos/sub/deep/c.txt"),
            ("id-d", "d.txt", "photos/d.txt"),
        }));
    }

    [Test]
    public void FindFile_ByRelativeId_FindsTheFileOrNothing()
    {
        var tree = FolderTree.From(Folder("photos", Folder("sub", File("b.txt", "sub/b.txt"))));

        Assert.That(tree.FindFile("sub/b.txt")?.Path, Is.EqualTo("photos/sub/b.txt"));
        Assert.That(tree.FindFile("b.txt"), Is.Null);
        Assert.That(tree.FindFile("SUB/B.TXT"), Is.Null, "ids are compared ordinally");
    }

    [Test]
    public void From_EmptyFolder_HasNoFiles()
    {
        var tree = FolderTree.From(Folder("empty"));

        Assert.That(tree.Files, Is.Empty);
        Assert.That(tree.Root.Children, Is.Empty);
    }

    [Test]
    public void From_FileAsRoot_ThrowsInvalidArgument()
    {
        AssertRefused(File("a.txt", "a"), ErrorKind.InvalidArgument);
    }

    [Test]
    public void From_TwoSiblingsWithOneName_ThrowsInvalidArgument()
    {
        AssertRefused(Folder("photos", File("a.txt", "1"), File("a.txt", "2")), ErrorKind.InvalidArgument);
        AssertRefused(Folder("photos", File("x", "1"), Folder("x")), ErrorKind.InvalidArgument);
    }

    [Test]
    public void From_OneNameInDifferentFolders_IsAccepted()
    {
        var tree = FolderTree.From(Folder("photos", File("a.txt", "1"), Folder("sub", File("a.txt", "2"))));

        Assert.That(tree.Files.Select(f => f.Path), Is.EqualTo(new[] { "photos/a.txt", "photos/sub/a.txt" }));
    }

    [Test]
    public void From_NamesDifferingOnlyInCase_AreDistinct()
    {
        var tree = FolderTree.From(Folder("photos", File("a.txt", "1"), File("A.txt", "2")));

        Assert.That(tree.Files, Has.Count.EqualTo(2));
    }

    [Test]
    public void From_OneFileIdTwice_ThrowsInvalidArgument()
    {
        AssertRefused(Folder("photos", File("a.txt", "same"), Folder("sub", File("b.txt", "same"))), ErrorKind.InvalidArgument);
    }

    [TestCase("")]
    [TestCase(null)]
    public void From_FileWithoutId_ThrowsInvalidArgument(string? id)
    {
        AssertRefused(Folder("photos", new FolderTreeNode("a.txt", FolderTreeNodeType.File, id!, [])), ErrorKind.InvalidArgument);
    }

    [Test]
    public void From_FileIdLongerThanTheMaximum_ThrowsInvalidArgument()
    {
        Assert.That(FolderTree.From(Folder("photos", File("a.txt", new string('i', FolderTree.MaxIdLength)))).Files, Has.Count.EqualTo(1));
        AssertRefused(Folder("photos", File("a.txt", new string('i', FolderTree.MaxIdLength + 1))), ErrorKind.InvalidArgument);
    }

    [TestCase("a/b", ErrorKind.InvalidArgument)]
    [TestCase("/", ErrorKind.InvalidArgument)]
    [TestCase(".", ErrorKind.InvalidArgument)]
    [TestCase("..", ErrorKind.InvalidArgument)]
    [TestCase("a\0b", ErrorKind.InvalidArgument)]
    [TestCase("a\tb", ErrorKind.InvalidArgument)]
    [TestCase("a\nb", ErrorKind.InvalidArgument)]
    [TestCase("a\u0001b", ErrorKind.InvalidArgument)]
    [TestCase("a\u007fb", ErrorKind.InvalidArgument)]
    [TestCase("", ErrorKind.InvalidArgument)]
    public void From_InvalidName_IsRefusedForAFileAFolderAndTheRoot(string name, ErrorKind kind)
    {
        AssertRefused(Folder("photos", File(name, "1")), kind);
        AssertRefused(Folder("photos", Folder(name)), kind);
        AssertRefused(Folder(name, File("a.txt", "1")), kind);
    }

    [Test]
    public void From_NameWithALoneSurrogate_ThrowsInvalidArgument()
    {
        AssertRefused(Folder("photos", File("a\ud800b", "1")), ErrorKind.InvalidArgument);
    }

    [Test]
    public void From_NameOf256Bytes_ThrowsKeyTooLong_AndOf255BytesIsAccepted()
    {
        var longest = new string('é', 127) + "x"; // 255 bytes of UTF-8
        var tooLong = new string('é', 128); // 256 bytes

        Assert.That(FolderTree.From(Folder("photos", File(longest, "1"))).Files.Single().Name, Is.EqualTo(longest));
        AssertRefused(Folder("photos", File(tooLong, "1")), ErrorKind.KeyTooLong);
        AssertRefused(Folder(tooLong), ErrorKind.KeyTooLong);
    }

    [TestCase("...")]
    [TestCase(".hidden")]
    [TestCase("a b+c%d")]
    [TestCase("héllo 😀")]
    public void From_UnusualButValidName_IsAccepted(string name)
    {
        Assert.That(FolderTree.From(Folder("photos", File(name, "1"))).Files.Single().Path, Is.EqualTo("photos/" + name));
    }

    [Test]
    public void From_FileAtTheMaximumDepth_IsAccepted_AndOneLevelDeeperIsRefused()
    {
        Assert.That(FolderTree.From(Chain(FolderTree.MaxDepth - 1)).Files, Has.Count.EqualTo(1));
        AssertRefused(Chain(FolderTree.MaxDepth), ErrorKind.InvalidArgument);

        // The root, then `folders` nested folders, then a file in the deepest: the file is at depth folders + 1.
        static FolderTreeNode Chain(int folders)
        {
            var node = File("f", "f");
            for (var i = 0; i < folders; i++)
            {
                node = Folder("d", node);
            }

            return Folder("r", node);
        }
    }

    [Test]
    public void From_TheMaximumOfEntries_IsAccepted_AndOneMoreIsRefused()
    {
        // The root counts as an entry.
        var most = Enumerable.Range(0, FolderTree.MaxEntries - 1).Select(i => File($"f{i}", $"f{i}")).ToArray();
        var tooMany = Enumerable.Range(0, FolderTree.MaxEntries).Select(i => File($"f{i}", $"f{i}")).ToArray();

        Assert.That(FolderTree.From(Folder("photos", most)).Files, Has.Count.EqualTo(FolderTree.MaxEntries - 1));
        AssertRefused(Folder("photos", tooMany), ErrorKind.InvalidArgument);
        AssertRefused(Folder("photos", Folder("only-folders", Enumerable.Range(0, FolderTree.MaxEntries).Select(i => Folder($"d{i}")).ToArray())), ErrorKind.InvalidArgument);
    }

    [Test]
    public void From_PathOver1024Bytes_ThrowsKeyTooLong()
    {
        // Every name fits (200 bytes), but the file's path has 6 × 200 + 5 = 1,205 bytes: it cannot be its S3 key.
        var name = new string('n', 200);
        var deepFile = Folder(name, Folder(name, Folder(name, Folder(name, Folder(name, File(name, "1"))))));
        var shallowFile = Folder(name, Folder(name, Folder(name, Folder(name, File(name, "1")))));

        AssertRefused(deepFile, ErrorKind.KeyTooLong);
        Assert.That(FolderTree.From(shallowFile).Files.Single().Path, Has.Length.EqualTo((5 * 200) + 4));
    }

    private static void AssertRefused(FolderTreeNode root, ErrorKind kind)
    {
        var error = Assert.Throws<DomainException>(() => FolderTree.From(root));
        Assert.That(error!.Kind, Is.EqualTo(kind), error.Message);
    }

    private static FolderTreeNode File(string name, string id) => FolderTreeNode.File(name, id);

    private static FolderTreeNode Folder(string name, params FolderTreeNode[] children) => FolderTreeNode.Folder(name, name, children);
}
