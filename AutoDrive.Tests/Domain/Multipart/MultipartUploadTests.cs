using System.Security.Cryptography;
using AutoDrive.Domain.Buckets;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Multipart;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Tests.Domain.Multipart;

public class MultipartUploadTests
{
    private const long FiveMiB = MultipartUpload.MinPartSize;
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void RecordPart_ReturnsThePart_AndLeavesTheUploadUnchanged()
    {
        // Parallel parts of one upload never write its row: a part is a row of its own.
        var upload = Initiate();

        var part = upload.RecordPart(PartNumber.From(1), FiveMiB, Md5Of(1), null, "1-a", T0.AddSeconds(1));

        Assert.That(part.UploadId, Is.EqualTo(upload.Id));
        Assert.That(part.Number, Is.EqualTo(1));
        Assert.That(part.StagedName, Is.EqualTo("1-a"));
        Assert.That(part.ETag, Is.EqualTo(Md5Of(1).ToHex()));
        Assert.That(part.UploadedAt, Is.EqualTo(T0.AddSeconds(1)));
        Assert.That(upload.UpdatedAt, Is.EqualTo(T0));
    }

    [Test]
    public void RecordPart_LargerThan5GiB_IsEntityTooLarge()
    {
        var error = Assert.Throws<DomainException>(() =>
            Initiate().RecordPart(PartNumber.From(1), MultipartUpload.MaxPartSize + 1, Md5Of(1), null, "1", T0));
        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.ContentTooLarge));
    }

    [TestCase(0)]
    [TestCase(10_001)]
    public void PartNumber_OutOfRange_IsInvalidArgument(int number)
    {
        var error = Assert.Throws<DomainException>(() => PartNumber.From(number));
        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidArgument));
    }

    [Test]
    public void BeginCompletion_WithValidParts_FixesThemInOrder()
    {
        var (upload, recorded) = WithParts((1, FiveMiB), (2, FiveMiB), (3, 7));

        var parts = upload.BeginCompletion([Listed(recorded, 1), Listed(recorded, 2, quoted: true), Listed(recorded, 3, entity: true)], recorded, T0);

        Assert.That(parts.Select(p => p.Number), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(upload.State, Is.EqualTo(UploadState.Completing));
    }

    [Test]
    public void BeginCompletion_WithASubsetOfParts_UsesOnlyThose()
    {
        var (upload, recorded) = WithParts((1, FiveMiB), (2, FiveMiB), (3, 7));

        var parts = upload.BeginCompletion([Listed(recorded, 1), Listed(recorded, 3)], recorded, T0);

        Assert.That(parts.Select(p => p.Number), Is.EqualTo(new[] { 1, 3 }));
    }

    [Test]
    public void BeginCompletion_WithNoParts_IsMalformedXml()
    {
        AssertCompletionFails(WithParts((1, 7)), [], ErrorKind.MalformedBody);
    }

    [Test]
    public void BeginCompletion_WithMoreThan10000Parts_IsInvalidArgument()
    {
        var listed = Enumerable.Range(1, PartNumber.Max + 1).Select(n => new CompletedPart(n, Md5Of(n).ToHex())).ToArray();
        AssertCompletionFails(WithParts((1, 7)), listed, ErrorKind.InvalidArgument);
    }

    [Test]
    public void BeginCompletion_Beyond5TiB_IsEntityTooLarge()
    {
        // 1,025 parts of 5 GiB: 5 TiB and 5 GiB.
        var sizes = Enumerable.Range(1, 1025).Select(n => (n, MultipartUpload.MaxPartSize)).ToArray();
        var (upload, recorded) = WithParts(sizes);
        AssertCompletionFails((upload, recorded), recorded.Select(p => Listed(recorded, p.Number)).ToArray(), ErrorKind.ContentTooLarge);
        Assert.That(upload.State, Is.EqualTo(UploadState.Active), "a refused Complete leaves the upload open");
    }

    [Test]
    public void BeginCompletion_WithPartsOfAnotherUpload_IsAProgrammingError()
    {
        var (upload, _) = WithParts((1, 7));
        var (_, others) = WithParts((1, 7));
        Assert.Throws<ArgumentException>(() => upload.BeginCompletion([Listed(others, 1)], others, T0));
    }

    [Test]
    public void BeginCompletion_OutOfOrder_IsInvalidPartOrder()
    {
        var upload = WithParts((1, FiveMiB), (2, FiveMiB));
        AssertCompletionFails(upload, [Listed(upload.Parts, 2), Listed(upload.Parts, 1)], ErrorKind.PartsOutOfOrder);
    }

    [Test]
    public void BeginCompletion_WithARepeatedPart_IsInvalidPartOrder()
    {
        var upload = WithParts((1, FiveMiB), (2, FiveMiB));
        AssertCompletionFails(upload, [Listed(upload.Parts, 1), Listed(upload.Parts, 1)], ErrorKind.PartsOutOfOrder);
    }

    [Test]
    public void BeginCompletion_WithAnUnknownPart_IsInvalidPart()
    {
        var upload = WithParts((1, FiveMiB));
        AssertCompletionFails(upload, [Listed(upload.Parts, 1), new CompletedPart(2, Md5Of(9).ToHex())], ErrorKind.PartMismatch);
    }

    [Test]
    public void BeginCompletion_WithAWrongETag_IsInvalidPart()
    {
        var upload = WithParts((1, FiveMiB));
        AssertCompletionFails(upload, [new CompletedPart(1, Md5Of(99).ToHex())], ErrorKind.PartMismatch);
    }

    [Test]
    public void BeginCompletion_WithASmallPartBeforeTheLast_IsEntityTooSmall()
    {
        var upload = WithParts((1, FiveMiB - 1), (2, FiveMiB));
        AssertCompletionFails(upload, [Listed(upload.Parts, 1), Listed(upload.Parts, 2)], ErrorKind.PartTooSmall);
    }

    [Test]
    public void BeginCompletion_WithOneSmallPart_IsFine()
    {
        var (upload, recorded) = WithParts((1, 3));
        Assert.That(upload.BeginCompletion([Listed(recorded, 1)], recorded, T0), Has.Count.EqualTo(1));
    }

    [Test]
    public void Completed_RemembersItsPartsForARepeatedComplete()
    {
        var (upload, recorded) = WithParts((1, FiveMiB), (2, 3));
        var listed = new[] { Listed(recorded, 1), Listed(recorded, 2) };
        upload.BeginCompletion(listed, recorded, T0);
        upload.MarkCompleted(Cid.Parse("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu"), null, T0);

        Assert.That(upload.WasCompletedWith(listed), Is.True);
        Assert.That(upload.WasCompletedWith([Listed(recorded, 1)]), Is.False);
        AssertCompletionFails((upload, recorded), listed, ErrorKind.UploadNotFound);
        var error = Assert.Throws<DomainException>(() => upload.RecordPart(PartNumber.From(3), 1, Md5Of(3), null, "3", T0));
        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.UploadNotFound));
    }

    [Test]
    public void Abort_MakesTheUploadUnknown_AndCannotBeRepeated()
    {
        var (upload, _) = WithParts((1, 3));

        upload.Abort(T0);

        Assert.That(upload.State, Is.EqualTo(UploadState.Aborted));
        Assert.That(Assert.Throws<DomainException>(() => upload.Abort(T0))!.Kind, Is.EqualTo(ErrorKind.UploadNotFound));
        Assert.That(Assert.Throws<DomainException>(() => upload.RecordPart(PartNumber.From(2), 1, Md5Of(2), null, "2", T0))!.Kind,
            Is.EqualTo(ErrorKind.UploadNotFound));
    }

    [Test]
    public void IsExpired_WhenIdleLongerThanTheLimit()
    {
        var (upload, _) = WithParts((1, 3));

        Assert.That(upload.IsExpired(T0.AddHours(23), TimeSpan.FromDays(1), null), Is.False);
        Assert.That(upload.IsExpired(T0.AddHours(25), TimeSpan.FromDays(1), null), Is.True);
        Assert.That(upload.IsExpired(T0.AddHours(25), TimeSpan.FromDays(1), T0.AddHours(2)), Is.False, "a recent part is activity");
        Assert.That(upload.IsExpired(T0.AddHours(25), TimeSpan.FromDays(1), T0.AddHours(-2)), Is.True, "an older part is not");
        upload.Abort(T0);
        Assert.That(upload.IsExpired(T0.AddDays(9), TimeSpan.FromDays(1), null), Is.False, "an aborted upload is gone already");
    }

    [Test]
    public void CompositeETag_IsTheMd5OfThePartMd5s()
    {
        var (_, recorded) = WithParts((1, FiveMiB), (2, 3));

        var (md5, count) = MultipartUpload.CompositeETag(recorded);

        var expected = MD5.HashData(Md5Of(1).ToArray().Concat(Md5Of(2).ToArray()).ToArray());
        Assert.That(md5.ToHex(), Is.EqualTo(Convert.ToHexStringLower(expected)));
        Assert.That(count, Is.EqualTo(2));
    }

    [Test]
    public void RecordPart_WithAnotherChecksumThanDeclared_IsInvalidRequest()
    {
        var upload = MultipartUpload.Initiate(UploadId.New(), Guid.NewGuid(), BucketName.Parse("b1"), ObjectKey.Parse("k"),
            ContentHeaders.None, UserMetadata.Empty, ChecksumAlgorithm.Sha256, T0);

        var error = Assert.Throws<DomainException>(() =>
            upload.RecordPart(PartNumber.From(1), 1, Md5Of(1), new ObjectChecksum(ChecksumAlgorithm.Crc32, "AAAAAA=="), "1", T0));

        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.InvalidRequest));
    }

    [TestCase("")]
    [TestCase("not-an-upload-id")]
    [TestCase("../../etc/passwd")]
    public void UploadId_Malformed_IsNoSuchUpload(string value)
    {
        var error = Assert.Throws<DomainException>(() => UploadId.Parse(value));
        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.UploadNotFound));
    }

    private static void AssertCompletionFails((MultipartUpload Upload, List<UploadPart> Parts) upload, CompletedPart[] parts, ErrorKind kind)
    {
        var error = Assert.Throws<DomainException>(() => upload.Upload.BeginCompletion(parts, upload.Parts, T0));
        Assert.That(error!.Kind, Is.EqualTo(kind));
    }

    private static MultipartUpload Initiate() =>
        MultipartUpload.Initiate(UploadId.New(), Guid.NewGuid(), BucketName.Parse("b1"), ObjectKey.Parse("dir/big.bin"),
            ContentHeaders.None, UserMetadata.Empty, null, T0);

    /// <summary>An upload and the parts recorded for it (as the repository would store them: one per number).</summary>
    private static (MultipartUpload Upload, List<UploadPart> Parts) WithParts(params (int Number, long Size)[] parts)
    {
        var upload = Initiate();
        var recorded = parts.Select(p => upload.RecordPart(PartNumber.From(p.Number), p.Size, Md5Of(p.Number), null, $"{p.Number}-x", T0)).ToList();
        return (upload, recorded);
    }

    private static CompletedPart Listed(IEnumerable<UploadPart> recorded, int number, bool quoted = false, bool entity = false)
    {
        var etag = recorded.Single(p => p.Number == number).ETag;
        return new CompletedPart(number, entity ? $"&quot;{etag}&quot;" : quoted ? $"\"{etag}\"" : etag);
    }

    private static Md5Digest Md5Of(int seed) => Md5Digest.FromBytes(MD5.HashData(BitConverter.GetBytes(seed)));
}
