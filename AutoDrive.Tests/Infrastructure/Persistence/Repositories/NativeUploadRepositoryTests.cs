using System.Security.Cryptography;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Native;
using AutoDrive.Domain.Users;
using AutoDrive.Infrastructure.Persistence.Repositories;
using AutoDrive.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static AutoDrive.Tests.Infrastructure.Persistence.NativeSeed;

namespace AutoDrive.Tests.Infrastructure.Persistence.Repositories;

/// <summary>Native uploads against a real PostgreSQL: which are idle, and what deleting one takes with it.</summary>
public class NativeUploadRepositoryTests
{
    private static readonly DateTimeOffset Cutoff = Now;
    private static readonly DateTimeOffset Old = Now.AddHours(-2);
    private static readonly DateTimeOffset Recent = Now.AddMinutes(1);

    private MigratedDatabase _database = null!;
    private User _owner = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync()
    {
        _database = await MigratedDatabase.CreateAsync();
        _owner = await AddUserAsync(_database, "alice");
    }

    [Test]
    public async Task FindIdle_UploadsUntouchedSinceTheCutoff_AreIdle_MembersBeforeTheirFolder()
    {
        var idleFile = await AddAsync(File(Old));
        var idleWithOldChunk = await AddAsync(File(Old));
        await AddChunkAsync(idleWithOldChunk, Old);
        var idleFolder = await AddAsync(Folder(Old, "m"));
        var idleMember = await AddAsync(idleFolder.StartMember(UploadId.New(), "m", null, "m", UploadOptions.None, Old));

        var idle = await FindIdleAsync(Cutoff, 1000);

        var mine = Mine(idle, idleFile, idleWithOldChunk, idleFolder, idleMember);
        Assert.That(mine, Is.EquivalentTo(new[] { idleFile.Id, idleWithOldChunk.Id, idleFolder.Id, idleMember.Id }));
        Assert.That(mine.IndexOf(idleMember.Id), Is.LessThan(mine.IndexOf(idleFolder.Id)), "a folder's files come before it");
    }

    [Test]
    public async Task FindIdle_AFileWithARecentChunk_IsNotIdle()
    {
        var file = await AddAsync(File(Old));
        await AddChunkAsync(file, Recent);

        Assert.That(Mine(await FindIdleAsync(Cutoff, 1000), file), Is.Empty);
    }

    [Test]
    public async Task FindIdle_AFolderWhoseFileReceivedARecentChunk_IsNotIdle_NorIsTheFile()
    {
        var folder = await AddAsync(Folder(Old, "m"));
        var member = await AddAsync(folder.StartMember(UploadId.New(), "m", null, "m", UploadOptions.None, Old));
        await AddChunkAsync(member, Recent);

        Assert.That(Mine(await FindIdleAsync(Cutoff, 1000), folder, member), Is.Empty);
    }

    [Test]
    public async Task FindIdle_AFolderWithARecentlyStartedFile_IsNotIdle()
    {
        var folder = await AddAsync(Folder(Old, "m", "n"));
        var oldMember = await AddAsync(folder.StartMember(UploadId.New(), "m", null, "m", UploadOptions.None, Old));
        var newMember = await AddAsync(folder.StartMember(UploadId.New(), "n", null, "n", UploadOptions.None, Recent));

        var mine = Mine(await FindIdleAsync(Cutoff, 1000), folder, oldMember, newMember);

        Assert.That(mine, Is.EqualTo(new[] { oldMember.Id }), "only the file untouched since the cut-off is idle");
    }

    [Test]
    public async Task FindIdle_CompletedOrRecentUploads_AreNotIdle()
    {
        var completed = File(Old);
        completed.BeginCompletion(Old);
        completed.Complete(TestCids.Of("completed"), 1, Md5Digest.FromBytes(MD5.HashData(new byte[] { 1 })), Old);
        await AddAsync(completed);
        var recent = await AddAsync(File(Recent));

        Assert.That(Mine(await FindIdleAsync(Cutoff, 1000), completed, recent), Is.Empty);
    }

    [Test]
    public async Task FindIdle_Limit_BoundsTheAnswer()
    {
        await AddAsync(File(Old));
        await AddAsync(File(Old));

        Assert.That(await FindIdleAsync(Cutoff, 1), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Delete_AFolder_DeletesItsFilesAndTheirChunks()
    {
        var folder = await AddAsync(Folder(Old, "m"));
        var member = await AddAsync(folder.StartMember(UploadId.New(), "m", null, "m", UploadOptions.None, Old));
        await AddChunkAsync(member, Old);

        await using (var db = _database.CreateContext())
        {
            await new NativeUploadRepository(db).DeleteAsync(UploadId.Parse(folder.Id), CancellationToken.None);
        }

        await using var reader = _database.CreateContext();
        Assert.That(await reader.NativeUploads.CountAsync(u => u.Id == folder.Id || u.Id == member.Id), Is.Zero);
        Assert.That(await reader.UploadChunks.CountAsync(c => c.UploadId == member.Id), Is.Zero);
    }

    [Test]
    public async Task ListCompletedMembers_ListsOnlyTheFolderFilesThatCompleted()
    {
        var folder = await AddAsync(Folder(Old, "m", "n"));
        var done = folder.StartMember(UploadId.New(), "m", null, "m", UploadOptions.None, Old);
        done.BeginCompletion(Old);
        done.Complete(TestCids.Of("m"), 1, Md5Digest.FromBytes(MD5.HashData(new byte[] { 1 })), Old);
        await AddAsync(done);
        await AddAsync(folder.StartMember(UploadId.New(), "n", null, "n", UploadOptions.None, Old));
        await AddAsync(File(Old));

        await using var db = _database.CreateContext();
        var members = await new NativeUploadRepository(db).ListCompletedMembersAsync(UploadId.Parse(folder.Id), CancellationToken.None);

        Assert.That(members.Select(m => (m.Id, m.RelativeId, m.Cid)), Is.EqualTo(new[] { (done.Id, (string?)"m", (string?)TestCids.Of("m").Value) }));
        Assert.That(members[0].Md5, Is.EqualTo(done.Md5));
    }

    [Test]
    public async Task Find_AFolder_ReadsItsTreeBack()
    {
        var folder = await AddAsync(Folder(Old, "m", "n"));

        await using var db = _database.CreateContext();
        var found = await new NativeUploadRepository(db).FindAsync(UploadId.Parse(folder.Id), CancellationToken.None);

        Assert.That(found!.Tree!.Files.Select(f => (f.Id, f.Path)), Is.EqualTo(new[] { ("m", "photos/m"), ("n", "photos/n") }));
    }

    private static List<string> Mine(IReadOnlyList<UploadId> idle, params NativeUpload[] mine) =>
        idle.Select(i => i.Value).Where(id => mine.Any(u => u.Id == id)).ToList();

    private NativeUpload File(DateTimeOffset at) => NativeUpload.StartFile(UploadId.New(), _owner.Id, "a.bin", null, UploadOptions.None, at);

    private NativeUpload Folder(DateTimeOffset at, params string[] files) =>
        NativeUpload.StartFolder(
            UploadId.New(), _owner.Id, FolderTree.From(FolderTreeNode.Folder("photos", "root", files.Select(f => FolderTreeNode.File(f, f)).ToList())),
            UploadOptions.None, at);

    private async Task<NativeUpload> AddAsync(NativeUpload upload)
    {
        await using var db = _database.CreateContext();
        new NativeUploadRepository(db).Add(upload);
        await db.SaveChangesAsync();
        return upload;
    }

    private async Task AddChunkAsync(NativeUpload upload, DateTimeOffset receivedAt)
    {
        await using var db = _database.CreateContext();
        var receipt = await new UploadChunkRepository(db).TryAddAsync(
            UploadChunk.Receive(upload, 0, 1, Md5Digest.FromBytes(MD5.HashData(new byte[] { 1 })), "0-a", receivedAt), CancellationToken.None);
        Assert.That(receipt.Added, Is.True);
    }

    private async Task<IReadOnlyList<UploadId>> FindIdleAsync(DateTimeOffset idleBefore, int limit)
    {
        await using var db = _database.CreateContext();
        return await new NativeUploadRepository(db).FindIdleAsync(idleBefore, limit, CancellationToken.None);
    }
}
