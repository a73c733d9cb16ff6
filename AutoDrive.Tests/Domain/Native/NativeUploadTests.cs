using System.Security.Cryptography;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Native;

namespace AutoDrive.Tests.Domain.Native;

public class NativeUploadTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Owner = Guid.NewGuid();
    private static readonly Cid SomeCid = Cid.Parse("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu");
    private static readonly Md5Digest SomeMd5 = Md5Digest.FromBytes(MD5.HashData("Hello, world!"u8));

    [Test]
    public void StartFile_IsAPendingFileOfItsOwnWithItsNameAndType()
    {
        var options = new UploadOptions(new CompressionOptions(CompressionAlgorithm.Zlib, 9), null);
        var upload = NativeUpload.StartFile(UploadId.New(), Owner, "report.pdf", " application/pdf ", options, T0);

        Assert.That(upload.Kind, Is.EqualTo(NativeUploadKind.File));
        Assert.That(upload.Status, Is.EqualTo(NativeUploadStatus.Pending));
        Assert.That(upload.Name, Is.EqualTo("report.pdf"));
        Assert.That(upload.MimeType, Is.EqualTo("application/pdf"));
        Assert.That(upload.Options, Is.EqualTo(options));
        Assert.That(upload.OwnerId, Is.EqualTo(Owner));
        Assert.That(upload.FolderId, Is.Null);
        Assert.That(upload.RootId, Is.EqualTo(upload.Id));
        Assert.That(upload.Tree, Is.Null);
        Assert.That((upload.Cid, upload.Size, upload.Md5), Is.EqualTo(((string?)null, (long?)null, (Md5Digest?)null)));
        Assert.That((upload.CreatedAt, upload.UpdatedAt), Is.EqualTo((T0, T0)));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void StartFile_WithoutMimeType_HasNone(string? mimeType)
    {
        Assert.That(NativeUpload.StartFile(UploadId.New(), Owner, "a.bin", mimeType, UploadOptions.None, T0).MimeType, Is.Null);
    }

    [Test]
    public void StartFile_WithAnInvalidName_IsRefused()
    {
        Assert.That(Assert.Throws<DomainException>(() => NativeUpload.StartFile(UploadId.New(), Owner, "", null, UploadOptions.None, T0))!.Kind,
            Is.EqualTo(ErrorKind.InvalidArgument));
        Assert.That(Assert.Throws<DomainException>(() => NativeUpload.StartFile(UploadId.New(), Owner, "a\0b", null, UploadOptions.None, T0))!.Kind,
            Is.EqualTo(ErrorKind.InvalidArgument));
        Assert.That(Assert.Throws<DomainException>(() => NativeUpload.StartFile(UploadId.New(), Owner, new string('x', 256), null, UploadOptions.None, T0))!.Kind,
            Is.EqualTo(ErrorKind.KeyTooLong));
    }

    [Test]
    public void StartFile_WithoutAnOwner_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => NativeUpload.StartFile(UploadId.New(), Guid.Empty, "a.bin", null, UploadOptions.None, T0));
    }

    [Test]
    public void StartFolder_IsAPendingFolderNamedAfterItsTree()
    {
        var tree = Tree();

        var folder = NativeUpload.StartFolder(UploadId.New(), Owner, tree, UploadOptions.None, T0);

        Assert.That(folder.Kind, Is.EqualTo(NativeUploadKind.Folder));
        Assert.That(folder.Status, Is.EqualTo(NativeUploadStatus.Pending));
        Assert.That(folder.Name, Is.EqualTo("photos"));
        Assert.That(folder.Tree, Is.SameAs(tree));
        Assert.That(folder.MimeType, Is.Null);
        Assert.That(folder.RootId, Is.EqualTo(folder.Id));
    }

    [Test]
    public void StartMember_OfAPendingFolder_IsAFileOfThatFolder()
    {
        var folder = Folder();

        var member = folder.StartMember(UploadId.New(), "b.txt", "text/plain", "sub/b.txt", UploadOptions.None, T0.AddSeconds(1));

        Assert.That(member.Kind, Is.EqualTo(NativeUploadKind.File));
        Assert.That(member.Status, Is.EqualTo(NativeUploadStatus.Pending));
        Assert.That(member.FolderId, Is.EqualTo(folder.Id));
        Assert.That(member.RootId, Is.EqualTo(folder.Id));
        Assert.That(member.RelativeId, Is.EqualTo("sub/b.txt"));
        Assert.That(member.OwnerId, Is.EqualTo(folder.OwnerId));
        Assert.That(member.Name, Is.EqualTo("b.txt"));
        Assert.That(member.MimeType, Is.EqualTo("text/plain"));
    }

    [Test]
    public void StartMember_OfAFileUpload_ThrowsInvalidRequest()
    {
        var file = NativeUpload.StartFile(UploadId.New(), Owner, "a.txt", null, UploadOptions.None, T0);

        var error = Assert.Throws<DomainException>(() => file.StartMember(UploadId.New(), "a.txt", null, "a.txt", UploadOptions.None, T0));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidRequest));
    }

    [Test]
    public void StartMember_OfAFolderBeingCompletedOrCompleted_ThrowsInvalidRequest()
    {
        var completing = Folder();
        completing.BeginCompletion(T0);
        var completed = Folder();
        completed.BeginCompletion(T0);
        completed.Complete(SomeCid, 0, null, T0);

        foreach (var folder in new[] { completing, completed })
        {
            var error = Assert.Throws<DomainException>(() => folder.StartMember(UploadId.New(), "a.txt", null, "a.txt", UploadOptions.None, T0));
            Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidRequest));
        }
    }

    [Test]
    public void StartMember_WithARelativeIdNotInTheTree_ThrowsInvalidArgument()
    {
        var error = Assert.Throws<DomainException>(() => Folder().StartMember(UploadId.New(), "a.txt", null, "nope", UploadOptions.None, T0));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [Test]
    public void StartMember_WithARelativeIdOfAFolder_ThrowsInvalidArgument()
    {
        // Folder ids are not file ids: only files are uploads of their own.
        var error = Assert.Throws<DomainException>(() => Folder().StartMember(UploadId.New(), "sub", null, "sub-id", UploadOptions.None, T0));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [TestCase("c.txt")]
    [TestCase("B.txt")]
    [TestCase("sub/b.txt")]
    public void StartMember_UnderAnotherNameThanTheTreeGivesIt_ThrowsInvalidArgument(string name)
    {
        var error = Assert.Throws<DomainException>(() => Folder().StartMember(UploadId.New(), name, null, "sub/b.txt", UploadOptions.None, T0));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [Test]
    public void EnsureAcceptsChunks_PendingFile_Accepts()
    {
        Assert.DoesNotThrow(() => File().EnsureAcceptsChunks());
    }

    [Test]
    public void EnsureAcceptsChunks_Folder_ThrowsInvalidRequest()
    {
        Assert.That(Assert.Throws<DomainException>(() => Folder().EnsureAcceptsChunks())!.Kind, Is.EqualTo(ErrorKind.InvalidRequest));
    }

    [Test]
    public void EnsureAcceptsChunks_FileBeingCompletedOrCompleted_ThrowsInvalidRequest()
    {
        var completing = File();
        completing.BeginCompletion(T0);
        var completed = File();
        completed.BeginCompletion(T0);
        completed.Complete(SomeCid, 13, SomeMd5, T0);

        Assert.That(Assert.Throws<DomainException>(() => completing.EnsureAcceptsChunks())!.Kind, Is.EqualTo(ErrorKind.InvalidRequest));
        Assert.That(Assert.Throws<DomainException>(() => completed.EnsureAcceptsChunks())!.Kind, Is.EqualTo(ErrorKind.InvalidRequest));
    }

    [Test]
    public void BeginCompletion_OfAPendingUpload_MakesItCompleting()
    {
        var upload = File();

        upload.BeginCompletion(T0.AddMinutes(1));

        Assert.That(upload.Status, Is.EqualTo(NativeUploadStatus.Completing));
        Assert.That(upload.UpdatedAt, Is.EqualTo(T0.AddMinutes(1)));
    }

    [Test]
    public void BeginCompletion_Again_RestartsAnInterruptedCompletion()
    {
        var upload = File();
        upload.BeginCompletion(T0.AddMinutes(1));

        upload.BeginCompletion(T0.AddMinutes(2));

        Assert.That(upload.Status, Is.EqualTo(NativeUploadStatus.Completing));
        Assert.That(upload.UpdatedAt, Is.EqualTo(T0.AddMinutes(2)));
    }

    [Test]
    public void BeginCompletion_OfACompletedUpload_ThrowsInvalidOperation()
    {
        var upload = File();
        upload.BeginCompletion(T0);
        upload.Complete(SomeCid, 13, SomeMd5, T0);

        Assert.Throws<InvalidOperationException>(() => upload.BeginCompletion(T0));
        Assert.That(upload.Status, Is.EqualTo(NativeUploadStatus.Completed));
    }

    [Test]
    public void Reopen_ACompletingUpload_MakesItPendingAgain_AndItAcceptsChunks()
    {
        var upload = File();
        upload.BeginCompletion(T0.AddMinutes(1));

        upload.Reopen(T0.AddMinutes(2));

        Assert.That(upload.Status, Is.EqualTo(NativeUploadStatus.Pending));
        Assert.That(upload.UpdatedAt, Is.EqualTo(T0.AddMinutes(2)));
        Assert.DoesNotThrow(() => upload.EnsureAcceptsChunks());
    }

    [Test]
    public void Reopen_APendingOrCompletedUpload_ChangesNothing()
    {
        var pending = File();
        var completed = File();
        completed.BeginCompletion(T0);
        completed.Complete(SomeCid, 13, SomeMd5, T0.AddMinutes(1));

        pending.Reopen(T0.AddMinutes(5));
        completed.Reopen(T0.AddMinutes(5));

        Assert.That((pending.Status, pending.UpdatedAt), Is.EqualTo((NativeUploadStatus.Pending, T0)));
        Assert.That((completed.Status, completed.UpdatedAt), Is.EqualTo((NativeUploadStatus.Completed, T0.AddMinutes(1))));
        Assert.That(completed.Cid, Is.EqualTo(SomeCid.Value));
    }

    [Test]
    public void Complete_AFileBeingCompleted_RecordsItsCidSizeAndMd5()
    {
        var upload = File();
        upload.BeginCompletion(T0);

        upload.Complete(SomeCid, 13, SomeMd5, T0.AddMinutes(3));

        Assert.That(upload.Status, Is.EqualTo(NativeUploadStatus.Completed));
        Assert.That(upload.Cid, Is.EqualTo(SomeCid.Value));
        Assert.That(upload.Size, Is.EqualTo(13));
        Assert.That(upload.Md5, Is.EqualTo(SomeMd5));
        Assert.That(upload.UpdatedAt, Is.EqualTo(T0.AddMinutes(3)));
    }

    [Test]
    public void Complete_AFolder_NeedsNoMd5()
    {
        var folder = Folder();
        folder.BeginCompletion(T0);

        folder.Complete(SomeCid, 36, null, T0);

        Assert.That((folder.Status, folder.Size, folder.Md5), Is.EqualTo((NativeUploadStatus.Completed, (long?)36, (Md5Digest?)null)));
    }

    [Test]
    public void Complete_AFileWithoutMd5_ThrowsArgumentException()
    {
        var upload = File();
        upload.BeginCompletion(T0);

        Assert.Throws<ArgumentException>(() => upload.Complete(SomeCid, 13, null, T0));
        Assert.That(upload.Status, Is.EqualTo(NativeUploadStatus.Completing));
    }

    [Test]
    public void Complete_WithoutBeginCompletion_ThrowsInvalidOperation()
    {
        var upload = File();

        Assert.Throws<InvalidOperationException>(() => upload.Complete(SomeCid, 13, SomeMd5, T0));
        Assert.That(upload.Status, Is.EqualTo(NativeUploadStatus.Pending));
    }

    [Test]
    public void Complete_WithANegativeSize_ThrowsArgumentOutOfRange()
    {
        var upload = File();
        upload.BeginCompletion(T0);

        Assert.Throws<ArgumentOutOfRangeException>(() => upload.Complete(SomeCid, -1, SomeMd5, T0));
    }

    [Test]
    public void Transitions_WithAClockBeforeTheCreation_NeverSetUpdatedAtBeforeCreatedAt()
    {
        var upload = File();

        upload.BeginCompletion(T0.AddMinutes(-5));

        Assert.That(upload.UpdatedAt, Is.EqualTo(upload.CreatedAt));
    }

    private static FolderTree Tree() => FolderTree.From(FolderTreeNode.Folder("photos", "root", [
        FolderTreeNode.File("a.txt", "a.txt"),
        FolderTreeNode.Folder("sub", "sub-id", [FolderTreeNode.File("b.txt", "sub/b.txt")]),
    ]));

    private static NativeUpload File() => NativeUpload.StartFile(UploadId.New(), Owner, "a.txt", null, UploadOptions.None, T0);

    private static NativeUpload Folder() => NativeUpload.StartFolder(UploadId.New(), Owner, Tree(), UploadOptions.None, T0);
}
