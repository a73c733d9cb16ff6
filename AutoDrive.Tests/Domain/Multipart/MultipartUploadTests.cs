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
    public void RecordPart_Again_ReplacesThePart()
    {
        var upload = Initiate();
        upload.RecordPart(PartNumber.From(1), FiveMiB, Md5Of(1), null, "1-a", T0);
        upload.RecordPart(PartNumber.From(1), 10, Md5Of(2), null, "1-b", T0.AddSeconds(1));

        Assert.That(upload.Parts, Has.Count.EqualTo(1));
        Assert.That(upload.Parts[0].StagedName, Is.EqualTo("1-b"));
        Assert.That(upload.Parts[0].ETag, Is.EqualTo(Md5Of(2).ToHex()));
        Assert.That(upload.UpdatedAt, Is.EqualTo(T0.AddSeconds(1)));
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
        var upload = WithParts((1, FiveMiB), (2, FiveMiB), (3, 7));

        var parts = upload.BeginCompletion([Listed(upload, 1), Listed(upload, 2, quoted: true), Listed(upload, 3, entity: true)], T0);

        Assert.That(parts.Select(p => p.Number), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(upload.State, Is.EqualTo(UploadState.Completing));
    }

    [Test]
    public void BeginCompletion_WithASubsetOfParts_UsesOnlyThose()
    {
        var upload = WithParts((1, FiveMiB), (2, FiveMiB), (3, 7));

        var parts = upload.BeginCompletion([Listed(upload, 1), Listed(upload, 3)], T0);

        Assert.That(parts.Select(p => p.Number), Is.EqualTo(new[] { 1, 3 }));
    }

    [Test]
    public void BeginCompletion_WithNoParts_IsMalformedXml()
    {
        AssertCompletionFails(WithParts((1, 7)), [], ErrorKind.MalformedBody);
    }

    [Test]
    public void BeginCompletion_OutOfOrder_IsInvalidPartOrder()
    {
        var upload = WithParts((1, FiveMiB), (2, FiveMiB));
        AssertCompletionFails(upload, [Listed(upload, 2), Listed(upload, 1)], ErrorKind.PartsOutOfOrder);
    }

    [Test]
    public void BeginCompletion_WithARepeatedPart_IsInvalidPartOrder()
    {
        var upload = WithParts((1, FiveMiB), (2, FiveMiB));
        AssertCompletionFails(upload, [Listed(upload, 1), Listed(upload, 1)], ErrorKind.PartsOutOfOrder);
    }

    [Test]
    public void BeginCompletion_WithAnUnknownPart_IsInvalidPart()
    {
        var upload = WithParts((1, FiveMiB));
        AssertCompletionFails(upload, [Listed(upload, 1), new CompletedPart(2, Md5Of(9).ToHex())], ErrorKind.PartMismatch);
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
        AssertCompletionFails(upload, [Listed(upload, 1), Listed(upload, 2)], ErrorKind.PartTooSmall);
    }

    [Test]
    public void BeginCompletion_WithOneSmallPart_IsFine()
    {
        var upload = WithParts((1, 3));
        Assert.That(upload.BeginCompletion([Listed(upload, 1)], T0), Has.Count.EqualTo(1));
    }

    [Test]
    public void Completed_RemembersItsPartsForARepeatedComplete()
    {
        var upload = WithParts((1, FiveMiB), (2, 3));
        var listed = new[] { Listed(upload, 1), Listed(upload, 2) };
        upload.BeginCompletion(listed, T0);
        upload.MarkCompleted(Cid.Parse("bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu"), null, T0);

        Assert.That(upload.WasCompletedWith(listed), Is.True);
        Assert.That(upload.WasCompletedWith([Listed(upload, 1)]), Is.False);
        AssertCompletionFails(upload, listed, ErrorKind.UploadNotFound);
        var error = Assert.Throws<DomainException>(() => upload.RecordPart(PartNumber.From(3), 1, Md5Of(3), null, "3", T0));
        Assert.That(error!.Kind, Is.EqualTo(ErrorKind.UploadNotFound));
    }

    [Test]
    public void Abort_MakesTheUploadUnknown_AndCannotBeRepeated()
    {
        var upload = WithParts((1, 3));

        upload.Abort(T0);

        Assert.That(upload.State, Is.EqualTo(UploadState.Aborted));
        Assert.That(Assert.Throws<DomainException>(() => upload.Abort(T0))!.Kind, Is.EqualTo(ErrorKind.UploadNotFound));
        Assert.That(Assert.Throws<DomainException>(() => upload.RecordPart(PartNumber.From(2), 1, Md5Of(2), null, "2", T0))!.Kind,
            Is.EqualTo(ErrorKind.UploadNotFound));
    }

    [Test]
    public void IsExpired_WhenIdleLongerThanTheLimit()
    {
        var upload = WithParts((1, 3));

        Assert.That(upload.IsExpired(T0.AddHours(23), TimeSpan.FromDays(1)), Is.False);
        Assert.That(upload.IsExpired(T0.AddHours(25), TimeSpan.FromDays(1)), Is.True);
        upload.Abort(T0);
        Assert.That(upload.IsExpired(T0.AddDays(9), TimeSpan.FromDays(1)), Is.False, "an aborted upload is gone already");
    }

    [Test]
    public void CompositeETag_IsTheMd5OfThePartMd5s()
    {
        var upload = WithParts((1, FiveMiB), (2, 3));

        var (md5, count) = MultipartUpload.CompositeETag(upload.Parts);

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

    private static void AssertCompletionFails(MultipartUpload upload, CompletedPart[] parts, ErrorKind kind)
    {
        var error = Assert.Throws<DomainException>(() => upload.BeginCompletion(parts, T0));
        Assert.That(error!.Kind, Is.EqualTo(kind));
    }

    private static MultipartUpload Initiate() =>
        MultipartUpload.Initiate(UploadId.New(), Guid.NewGuid(), BucketName.Parse("b1"), ObjectKey.Parse("dir/big.bin"),
            ContentHeaders.None, UserMetadata.Empty, null, T0);

    private static MultipartUpload WithParts(params (int Number, long Size)[] parts)
    {
        var upload = Initiate();
        foreach (var (number, size) in parts)
        {
            upload.RecordPart(PartNumber.From(number), size, Md5Of(number), null, $"{number}-x", T0);
        }

        return upload;
    }

    private static CompletedPart Listed(MultipartUpload upload, int number, bool quoted = false, bool entity = false)
    {
        var etag = upload.Parts.Single(p => p.Number == number).ETag;
        return new CompletedPart(number, entity ? $"&quot;{etag}&quot;" : quoted ? $"\"{etag}\"" : etag);
    }

    private static Md5Digest Md5Of(int seed) => Md5Digest.FromBytes(MD5.HashData(BitConverter.GetBytes(seed)));
}
