using System.Security.Cryptography;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Native;

namespace AutoDrive.Tests.Domain.Native;

public class UploadChunkTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(UploadChunk.MaxChunks - 1)]
    public void Receive_IndexInRange_RecordsTheChunk(int index)
    {
        var upload = File();

        var chunk = UploadChunk.Receive(upload, index, 3, Md5Of(1, 2, 3), "staged", T0);

        Assert.That((chunk.UploadId, chunk.Index, chunk.Size, chunk.StagedName, chunk.ReceivedAt), Is.EqualTo((upload.Id, index, 3L, "staged", T0)));
        Assert.That(chunk.Md5, Is.EqualTo(Md5Of(1, 2, 3)));
    }

    [TestCase(-1)]
    [TestCase(UploadChunk.MaxChunks)]
    [TestCase(int.MaxValue)]
    [TestCase(int.MinValue)]
    public void Receive_IndexOutOfRange_ThrowsInvalidArgument(int index)
    {
        var error = Assert.Throws<DomainException>(() => UploadChunk.Receive(File(), index, 3, Md5Of(1), "staged", T0));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [Test]
    public void Receive_ForAFolder_ThrowsInvalidRequest()
    {
        var folder = NativeUpload.StartFolder(
            UploadId.New(), Guid.NewGuid(), FolderTree.From(FolderTreeNode.Folder("f", "f", [FolderTreeNode.File("a", "a")])), UploadOptions.None, T0);

        var error = Assert.Throws<DomainException>(() => UploadChunk.Receive(folder, 0, 3, Md5Of(1), "staged", T0));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidRequest));
    }

    [Test]
    public void Receive_ForAFileBeingCompleted_ThrowsInvalidRequest()
    {
        var upload = File();
        upload.BeginCompletion(T0);

        var error = Assert.Throws<DomainException>(() => UploadChunk.Receive(upload, 0, 3, Md5Of(1), "staged", T0));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidRequest));
    }

    [Test]
    public void IsSameAs_SameSizeAndMd5_IsTrue()
    {
        var chunk = UploadChunk.Receive(File(), 0, 3, Md5Of(1, 2, 3), "staged", T0);

        Assert.That(chunk.IsSameAs(3, Md5Of(1, 2, 3)), Is.True);
    }

    [Test]
    public void IsSameAs_OtherBytesOrSize_IsFalse()
    {
        var chunk = UploadChunk.Receive(File(), 0, 3, Md5Of(1, 2, 3), "staged", T0);

        Assert.That(chunk.IsSameAs(3, Md5Of(1, 2, 4)), Is.False);
        Assert.That(chunk.IsSameAs(4, Md5Of(1, 2, 3)), Is.False);
    }

    private static NativeUpload File() => NativeUpload.StartFile(UploadId.New(), Guid.NewGuid(), "a.bin", null, UploadOptions.None, T0);

    private static Md5Digest Md5Of(params byte[] bytes) => Md5Digest.FromBytes(MD5.HashData(bytes));
}
