using System.IO.Compression;
using System.Net;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.Native.Uploads;

/// <summary>
/// Folder uploads as the SDK sends them: the tree (<c>POST /api/uploads/folder</c>), each file as an upload of its own
/// (<c>POST /api/uploads/folder/{id}/file</c>, chunks, complete), then the folder's completion, which answers its CID.
/// The folder is a root with its children in its metadata; its files are S3 keys <c>default/&lt;folder&gt;/&lt;path&gt;</c>.
/// </summary>
public class FolderUploadTests : NativeApiFixture
{
    private static readonly byte[] A = Utf8("the first file");
    private static readonly byte[] B = Utf8("the second file, in a subfolder");

    [Test]
    public async Task CompleteFolder_AfterItsFiles_AnswersTheFolderCidWithChildrenAndS3Keys()
    {
        using var user = await NewUserAsync();
        var folder = UniqueName("album", string.Empty);

        var (folderId, folderCid, aCid, bCid) = await UploadFolderAsync(user.Api, folder);
        var metadata = await user.Api.GetJsonAsync($"/api/objects/{folderCid}/metadata");
        var children = metadata.GetProperty("children").EnumerateArray().ToList();
        var sub = await user.Api.GetJsonAsync($"/api/objects/{children[1].GetProperty("cid").GetString()}/metadata");

        Assert.That(folderId, Is.Not.Empty);
        Assert.That(metadata.GetProperty("type").GetString(), Is.EqualTo("folder"));
        Assert.That(metadata.GetProperty("dataCid").GetString(), Is.EqualTo(folderCid));
        Assert.That(metadata.GetProperty("name").GetString(), Is.EqualTo(folder));
        Assert.That(metadata.GetProperty("totalSize").GetInt64(), Is.EqualTo(A.Length + B.Length));
        Assert.That(children.Select(c => (c.GetProperty("type").GetString(), c.GetProperty("name").GetString())), Is.EqualTo(new[] { ("file", "a.txt"), ("folder", "sub") }));
        Assert.That(children[0].GetProperty("cid").GetString(), Is.EqualTo(aCid));
        Assert.That(children[0].GetProperty("totalSize").GetInt64(), Is.EqualTo(A.Length));
        Assert.That(children[1].GetProperty("totalSize").GetInt64(), Is.EqualTo(B.Length));
        Assert.That(sub.GetProperty("children").EnumerateArray().Single().GetProperty("cid").GetString(), Is.EqualTo(bCid));
        Assert.That(await ReadS3Async(user, $"{folder}/a.txt"), Is.EqualTo(A));
        Assert.That(await ReadS3Async(user, $"{folder}/sub/b.txt"), Is.EqualTo(B));
        var roots = await user.Api.RootCidsAsync();
        Assert.That(roots, Does.Contain(folderCid));
        Assert.That(roots, Does.Not.Contain(aCid));
    }

    [Test]
    public async Task CompleteFolder_OfTheSameTreeByAnotherUser_AnswersTheSameCid()
    {
        using var first = await NewUserAsync();
        using var second = await NewUserAsync();
        var folder = UniqueName("same-tree", string.Empty);

        var (_, firstCid, _, _) = await UploadFolderAsync(first.Api, folder);
        var (_, secondCid, _, _) = await UploadFolderAsync(second.Api, folder);

        Assert.That(secondCid, Is.EqualTo(firstCid));
    }

    [Test]
    public async Task Download_OfAFolder_AnswersAZipOfItsFiles()
    {
        using var user = await NewUserAsync();
        var (_, folderCid, _, _) = await UploadFolderAsync(user.Api, UniqueName("zipped", string.Empty));

        using var response = await user.Api.GetAsync($"/api/downloads/{folderCid}");
        await NativeApiClient.AssertStatusAsync(response, HttpStatusCode.OK);
        await using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/zip"));
        Assert.That(zip.Entries.Select(e => e.FullName), Is.EqualTo(new[] { "a.txt", "sub/b.txt" }));
        Assert.That(await ReadEntryAsync(zip.GetEntry("sub/b.txt")!), Is.EqualTo(B));
    }

    [Test]
    public async Task CompleteFolder_BeforeItsFiles_Answers400AndTheFolderStaysOpen()
    {
        using var user = await NewUserAsync();
        var folder = UniqueName("early", string.Empty);
        var folderId = await CreateFolderAsync(user.Api, folder);
        await UploadMemberAsync(user.Api, folderId, "a.txt", "a.txt", A);

        using var early = await user.Api.CompleteAsync(folderId);
        await NativeApiClient.AssertProblemAsync(early, HttpStatusCode.BadRequest);
        await UploadMemberAsync(user.Api, folderId, "b.txt", "sub/b.txt", B);
        var cid = await user.Api.CompleteOkAsync(folderId);

        Assert.That(await user.Api.RootCidsAsync(), Does.Contain(cid));
    }

    [Test]
    public async Task CreateFolderFile_WithARelativeIdNotInTheTree_Answers400()
    {
        using var user = await NewUserAsync();
        var folderId = await CreateFolderAsync(user.Api, UniqueName("strict", string.Empty));

        using var response = await user.Api.PostJsonAsync(
            $"/api/uploads/folder/{folderId}/file", new { name = "z.txt", mimeType = "text/plain", relativeId = "nowhere/z.txt", uploadOptions = new { } });

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [TestCase("""{"uploadOptions":{}}""")]
    [TestCase("""{"fileTree":{"name":"f","type":"file","id":"f"}}""")]
    [TestCase("""{"fileTree":{"name":"f","type":"folder","id":"f","children":[{"name":"x","type":"link","id":"x"}]}}""")]
    [TestCase("""{"fileTree":{"name":"f","type":"folder","id":"f","children":[{"name":"x","type":"file","id":"x"},{"name":"x","type":"file","id":"y"}]}}""")]
    [TestCase("""{"fileTree":{"name":"f","type":"folder","id":"f","children":[{"name":"../x","type":"file","id":"x"}]}}""")]
    public async Task CreateFolder_WithABadTree_Answers400(string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await Alice.Http.PostAsync("/api/uploads/folder", content);

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task CreateFolderFile_InSomeoneElsesFolder_Answers404()
    {
        var folderId = await CreateFolderAsync(Alice, UniqueName("alices-folder", string.Empty));

        using var response = await Bob.PostJsonAsync(
            $"/api/uploads/folder/{folderId}/file", new { name = "a.txt", mimeType = "text/plain", relativeId = "a.txt", uploadOptions = new { } });

        await NativeApiClient.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    private static async Task<(string FolderId, string FolderCid, string ACid, string BCid)> UploadFolderAsync(NativeApiClient api, string folder)
    {
        var folderId = await CreateFolderAsync(api, folder);
        var aCid = await UploadMemberAsync(api, folderId, "a.txt", "a.txt", A);
        var bCid = await UploadMemberAsync(api, folderId, "b.txt", "sub/b.txt", B);
        return (folderId, await api.CompleteOkAsync(folderId), aCid, bCid);
    }

    private static async Task<string> CreateFolderAsync(NativeApiClient api, string folder)
    {
        var upload = await api.PostJsonOkAsync("/api/uploads/folder", new
        {
            fileTree = new
            {
                name = folder,
                type = "folder",
                id = folder,
                children = new object[]
                {
                    new { name = "a.txt", type = "file", id = "a.txt" },
                    new { name = "sub", type = "folder", id = "sub", children = new object[] { new { name = "b.txt", type = "file", id = "sub/b.txt" } } },
                },
            },
            uploadOptions = new { },
        });
        Assert.That(upload.GetProperty("type").GetString(), Is.EqualTo("folder"));
        return upload.GetProperty("id").GetString()!;
    }

    private static async Task<string> UploadMemberAsync(NativeApiClient api, string folderId, string name, string relativeId, byte[] bytes)
    {
        var upload = await api.PostJsonOkAsync(
            $"/api/uploads/folder/{folderId}/file", new { name, mimeType = "text/plain", relativeId, uploadOptions = new { } });
        var id = upload.GetProperty("id").GetString()!;
        await api.SendChunkOkAsync(id, bytes, 0);
        return await api.CompleteOkAsync(id);
    }

    private static async Task<byte[]> ReadS3Async(NativeTestUser user, string key)
    {
        using var got = await user.S3.GetObjectAsync("default", key);
        using var copy = new MemoryStream();
        await got.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static async Task<byte[]> ReadEntryAsync(ZipArchiveEntry entry)
    {
        await using var stream = await entry.OpenAsync();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
