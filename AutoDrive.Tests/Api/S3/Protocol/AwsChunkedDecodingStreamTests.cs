using AutoDrive.Api.S3.Protocol;
using AutoDrive.Application.Content.Checksums;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Objects;
using static AutoDrive.Tests.Api.S3.Protocol.AwsChunkedBodies;

namespace AutoDrive.Tests.Api.S3.Protocol;

public class AwsChunkedDecodingStreamTests
{
    private const string Crc32Trailer = "x-amz-checksum-crc32";

    // Client framings.

    [Test]
    public async Task ReadAsync_BotocoreUnsignedTrailerFrames_YieldsPayloadAndCrc32Trailer()
    {
        var payload = Payload((5 * 1024 * 1024 / 2) + 123);
        var crc32 = IncrementalChecksum.ComputeBase64(ChecksumAlgorithm.Crc32, payload);
        var body = Botocore(payload, Crc32Trailer, crc32);

        var (decoded, trailers) = await DecodeAsync(body, payload.Length);

        Assert.That(decoded, Is.EqualTo(payload));
        Assert.That(trailers, Is.EquivalentTo(new Dictionary<string, string> { [Crc32Trailer] = crc32 }));
    }

    [Test]
    public async Task ReadAsync_DotNetSdkSignedTrailerFrames_YieldsPayloadAndTrailers()
    {
        var payload = Payload((81920 * 3) + 4567);
        var crc32 = IncrementalChecksum.ComputeBase64(ChecksumAlgorithm.Crc32, payload);
        var body = DotNetSdkSigned(payload, new Dictionary<string, string> { [Crc32Trailer] = crc32 });

        var (decoded, trailers) = await DecodeAsync(body, payload.Length);

        Assert.That(decoded, Is.EqualTo(payload));
        Assert.That(trailers.Keys, Is.EquivalentTo(new[] { Crc32Trailer, "x-amz-trailer-signature" }));
        Assert.That(trailers[Crc32Trailer], Is.EqualTo(crc32));
        Assert.That(trailers["x-amz-trailer-signature"], Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public async Task ReadAsync_DotNetSdkSignedTrailerFramesOfExactChunkMultiple_YieldsPayload()
    {
        var payload = Payload(81920 * 2, seed: 7);
        var body = DotNetSdkSigned(payload, new Dictionary<string, string> { [Crc32Trailer] = "AAAAAA==" });

        var (decoded, _) = await DecodeAsync(body, payload.Length);

        Assert.That(decoded, Is.EqualTo(payload));
    }

    [Test]
    public async Task ReadAsync_JsSdkUnsignedTrailerFrames_YieldsPayloadAndTrailer()
    {
        var payload = Payload((65536 * 4) + 99);
        var crc32c = IncrementalChecksum.ComputeBase64(ChecksumAlgorithm.Crc32C, payload);
        var body = JsSdk(payload, 65536, "x-amz-checksum-crc32c", crc32c);

        var (decoded, trailers) = await DecodeAsync(body, payload.Length);

        Assert.That(decoded, Is.EqualTo(payload));
        Assert.That(trailers, Is.EquivalentTo(new Dictionary<string, string> { ["x-amz-checksum-crc32c"] = crc32c }));
    }

    [Test]
    public async Task ReadAsync_JsSdkFramesWithoutChecksum_ToleratesMissingFinalEmptyLine()
    {
        var payload = Payload(100_000);
        var body = JsSdk(payload, 16384, trailerName: null, trailerValue: null);
        Assert.That(body[^5..], Is.EqualTo(Ascii("\r\n0\r\n")), "the body ends right after the last chunk");

        var (decoded, trailers) = await DecodeAsync(body, payload.Length);

        Assert.That(decoded, Is.EqualTo(payload));
        Assert.That(trailers, Is.Empty);
    }

    [Test]
    public async Task ReadAsync_SignedFramesWithoutTrailer_YieldsPayloadAndNoTrailers()
    {
        var payload = Payload((65536 * 2) + 1);
        var body = SignedWithoutTrailer(payload, 65536);

        var (decoded, trailers) = await DecodeAsync(body, payload.Length);

        Assert.That(decoded, Is.EqualTo(payload));
        Assert.That(trailers, Is.Empty);
    }

    [Test]
    public async Task ReadAsync_BotocoreEmptyPayload_ReturnsNoBytesAndTheTrailer()
    {
        var body = Botocore([], Crc32Trailer, "AAAAAA==");
        Assert.That(body, Is.EqualTo(Ascii("0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n")));

        var (decoded, trailers) = await DecodeAsync(body, 0);

        Assert.That(decoded, Is.Empty);
        Assert.That(trailers[Crc32Trailer], Is.EqualTo("AAAAAA=="));
    }

    [Test]
    public async Task ReadAsync_SignedEmptyPayloadWithoutTrailer_ReturnsNoBytes()
    {
        var (decoded, trailers) = await DecodeAsync(SignedWithoutTrailer([], 65536), 0);

        Assert.That(decoded, Is.Empty);
        Assert.That(trailers, Is.Empty);
    }

    // Caller and inner stream behaviour.

    [Test]
    public async Task ReadAsync_OneByteCallerBuffer_YieldsPayloadAndTrailers()
    {
        var payload = Payload(200_000, seed: 3);
        var body = DotNetSdkSigned(payload, new Dictionary<string, string> { [Crc32Trailer] = "AAAAAA==" });

        var (decoded, trailers) = await DecodeAsync(body, payload.Length, callerBuffer: 1);

        Assert.That(decoded, Is.EqualTo(payload));
        Assert.That(trailers, Contains.Key(Crc32Trailer));
    }

    [Test]
    public void Read_OneByteCallerBuffer_YieldsPayloadAndTrailers()
    {
        var payload = Payload(200_000, seed: 4);
        var body = Botocore(payload, Crc32Trailer, "AAAAAA==");

        var (decoded, trailers) = Decode(body, payload.Length, callerBuffer: 1);

        Assert.That(decoded, Is.EqualTo(payload));
        Assert.That(trailers, Contains.Key(Crc32Trailer));
    }

    [Test]
    public async Task ReadAsync_HugeCallerBuffer_YieldsPayload()
    {
        var payload = Payload((3 * 1024 * 1024) + 17, seed: 5);
        var body = Botocore(payload, Crc32Trailer, "AAAAAA==");

        var (decoded, _) = await DecodeAsync(body, payload.Length, callerBuffer: 16 * 1024 * 1024);

        Assert.That(decoded, Is.EqualTo(payload));
    }

    [Test]
    public async Task ReadAsync_InnerStreamReturnsOneBytePerRead_YieldsPayloadAndTrailers()
    {
        var payload = Payload(81920 + 300, seed: 6);
        var body = DotNetSdkSigned(payload, new Dictionary<string, string> { [Crc32Trailer] = "AAAAAA==" });

        var (decoded, trailers) = await DecodeAsync(body, payload.Length, innerMaxPerRead: 1);

        Assert.That(decoded, Is.EqualTo(payload));
        Assert.That(trailers.Keys, Is.EquivalentTo(new[] { Crc32Trailer, "x-amz-trailer-signature" }));
    }

    [Test]
    public void Read_InnerStreamReturnsOneBytePerRead_YieldsPayloadAndTrailers()
    {
        var payload = Payload(70_000, seed: 8);
        var body = JsSdk(payload, 65536, Crc32Trailer, "AAAAAA==");

        var (decoded, trailers) = Decode(body, payload.Length, innerMaxPerRead: 1);

        Assert.That(decoded, Is.EqualTo(payload));
        Assert.That(trailers, Contains.Key(Crc32Trailer));
    }

    [Test]
    public async Task ReadAsync_LargeCallerBuffer_ReadsPayloadStraightFromInnerStream()
    {
        var payload = Payload(1024 * 1024, seed: 9);
        var inner = new TrickleStream(Botocore(payload, Crc32Trailer, "AAAAAA=="));
        using var stream = new AwsChunkedDecodingStream(inner, payload.Length);

        var output = new MemoryStream();
        await stream.CopyToAsync(output, 1024 * 1024);

        Assert.That(output.ToArray(), Is.EqualTo(payload));
        Assert.That(inner.LargestReadRequested, Is.GreaterThan(512 * 1024), "payload is read into the caller's buffer");
    }

    [Test]
    public async Task ReadAsync_ChunkLargerThanCallerBuffer_NeverReturnsMoreThanAsked()
    {
        var payload = Payload(300_000, seed: 10);
        var body = Ascii("493E0\r\n").Concat(payload).Concat(Ascii("\r\n0\r\n\r\n")).ToArray();
        using var stream = new AwsChunkedDecodingStream(new TrickleStream(body), payload.Length);
        var buffer = new byte[10_000];
        var reads = new List<int>();

        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            reads.Add(read);
        }

        Assert.That(reads.Sum(), Is.EqualTo(payload.Length));
        Assert.That(reads, Has.All.LessThanOrEqualTo(buffer.Length));
    }

    [Test]
    public async Task ReadAsync_AfterEnd_KeepsReturningZero()
    {
        using var stream = new AwsChunkedDecodingStream(new TrickleStream(Ascii("3\r\nabc\r\n0\r\n\r\n")), 3);
        var buffer = new byte[16];
        while (await stream.ReadAsync(buffer) > 0)
        {
        }

        Assert.That(await stream.ReadAsync(buffer), Is.Zero);
        Assert.That(stream.IsCompleted, Is.True);
        Assert.That(stream.DecodedLength, Is.EqualTo(3));
    }

    // Tolerated variations.

    [TestCase("A\r\n0123456789\r\n0\r\n\r\n")]
    [TestCase("a\r\n0123456789\r\n0\r\n\r\n")]
    [TestCase("0000a\r\n0123456789\r\n0\r\n\r\n")]
    [TestCase("5;chunk-signature=ab\r\n01234\r\n5 \r\n56789\r\n0;\r\n\r\n")]
    public async Task ReadAsync_HexSizeVariants_YieldsPayload(string body)
    {
        var (decoded, _) = await DecodeAsync(Ascii(body), 10);

        Assert.That(decoded, Is.EqualTo(Ascii("0123456789")));
    }

    [Test]
    public async Task ReadAsync_SigV4aPaddedChunkSignatures_YieldsPayload()
    {
        var signature = new string('a', 140) + "****";
        var body = Ascii($"3;chunk-signature={signature}\r\nabc\r\n0;chunk-signature={signature}\r\n\r\n");

        var (decoded, _) = await DecodeAsync(body, 3);

        Assert.That(decoded, Is.EqualTo(Ascii("abc")));
    }

    [Test]
    public async Task ReadAsync_WhitespaceAroundColonInTrailer_TrimsNameAndValueAndLowerCasesName()
    {
        var body = Ascii("3\r\nabc\r\n0\r\nX-Amz-Checksum-CRC32 : \tNSRBwg== \r\nx-amz-trailer-signature:  abc\r\n\r\n");

        var (_, trailers) = await DecodeAsync(body, 3);

        Assert.That(trailers, Is.EquivalentTo(new Dictionary<string, string>
        {
            [Crc32Trailer] = "NSRBwg==",
            ["x-amz-trailer-signature"] = "abc",
        }));
    }

    [TestCase("3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n", TestName = "ReadAsync_MissingFinalEmptyLineAfterTrailers_Accepts")]
    [TestCase("3\r\nabc\r\n0\r\n\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n", TestName = "ReadAsync_EmptyLineBetweenLastChunkAndTrailers_Accepts")]
    [TestCase("3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\n\r\n\r\n", TestName = "ReadAsync_MinioGoTrailerLineEndings_Accepts")]
    public async Task ReadAsync_TrailerBlockVariant_Accepts(string body)
    {
        var (decoded, trailers) = await DecodeAsync(Ascii(body), 3);

        Assert.That(decoded, Is.EqualTo(Ascii("abc")));
        Assert.That(trailers, Is.EquivalentTo(new Dictionary<string, string> { [Crc32Trailer] = "NSRBwg==" }));
    }

    [Test]
    public async Task ReadAsync_NoExpectedLength_DecodesWithoutLengthCheck()
    {
        var (decoded, _) = await DecodeAsync(Ascii("3\r\nabc\r\n0\r\n\r\n"), expected: null);

        Assert.That(decoded, Is.EqualTo(Ascii("abc")));
    }

    [Test]
    public async Task ReadAsync_HeaderLineAtLimit_Accepts()
    {
        var extension = new string('x', AwsChunkedDecodingStream.MaxLineLength - "3;".Length);
        var body = Ascii($"3;{extension}\r\nabc\r\n0\r\n\r\n");

        var (decoded, _) = await DecodeAsync(body, 3, innerMaxPerRead: 1000);

        Assert.That(decoded, Is.EqualTo(Ascii("abc")));
    }

    [Test]
    public void Trailers_BeforeEnd_ThrowsInvalidOperation()
    {
        using var stream = new AwsChunkedDecodingStream(new TrickleStream(Ascii("3\r\nabc\r\n0\r\n\r\n")), 3);

        Assert.That(() => stream.Trailers, Throws.InvalidOperationException);
    }

    // Errors.

    [TestCase("", TestName = "ReadAsync_EmptyBody_ThrowsIncompleteBody")]
    [TestCase("3\r\nabc\r\n", TestName = "ReadAsync_BodyEndsBeforeFinalChunk_ThrowsIncompleteBody")]
    [TestCase("a\r\nabc", TestName = "ReadAsync_BodyEndsInsideChunk_ThrowsIncompleteBody")]
    [TestCase("3\r\nabc", TestName = "ReadAsync_BodyEndsBeforeChunkCrlf_ThrowsIncompleteBody")]
    [TestCase("3\r\nabc\r\n0", TestName = "ReadAsync_BodyEndsInsideFinalChunkHeader_ThrowsIncompleteBody")]
    [TestCase("3;chunk-sig", TestName = "ReadAsync_BodyEndsInsideChunkHeader_ThrowsIncompleteBody")]
    [TestCase("3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSR", TestName = "ReadAsync_BodyEndsInsideTrailerLine_ThrowsIncompleteBody")]
    public async Task ReadAsync_TruncatedBody_ThrowsIncompleteBody(string body)
    {
        await AssertDecodeFailsAsync(Ascii(body), expected: null, ErrorKind.IncompleteBody);
    }

    [Test]
    public async Task ReadAsync_DecodedLengthBelowExpected_ThrowsIncompleteBody()
    {
        var payload = Payload(1000);

        await AssertDecodeFailsAsync(Botocore(payload, Crc32Trailer, "AAAAAA=="), 1001, ErrorKind.IncompleteBody);
    }

    [Test]
    public async Task ReadAsync_DecodedLengthAboveExpected_ThrowsIncompleteBodyBeforeReadingTheExcess()
    {
        var payload = Payload(81920 * 2);
        var body = DotNetSdkSigned(payload, new Dictionary<string, string>());
        using var stream = new AwsChunkedDecodingStream(new TrickleStream(body), 81920);
        var buffer = new byte[81920];

        var error = await Assert.ThrowsAsync<DomainException>(async () =>
        {
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        });

        Assert.That(error?.Kind, Is.EqualTo(ErrorKind.IncompleteBody));
        Assert.That(stream.DecodedLength, Is.EqualTo(81920));
    }

    [TestCase("xyz\r\nabc\r\n0\r\n\r\n", TestName = "ReadAsync_NonHexChunkSize_ThrowsInvalidRequest")]
    [TestCase("3g\r\nabc\r\n0\r\n\r\n", TestName = "ReadAsync_HexSizeFollowedByGarbage_ThrowsInvalidRequest")]
    [TestCase("-3\r\nabc\r\n0\r\n\r\n", TestName = "ReadAsync_NegativeChunkSize_ThrowsInvalidRequest")]
    [TestCase(";chunk-signature=ab\r\nabc\r\n0\r\n\r\n", TestName = "ReadAsync_MissingChunkSize_ThrowsInvalidRequest")]
    [TestCase("\r\n3\r\nabc\r\n0\r\n\r\n", TestName = "ReadAsync_EmptyChunkHeaderLine_ThrowsInvalidRequest")]
    [TestCase("3\r\nabcd\r\n0\r\n\r\n", TestName = "ReadAsync_ChunkLongerThanItsSize_ThrowsInvalidRequest")]
    [TestCase("3\nabc\r\n0\r\n\r\n", TestName = "ReadAsync_ChunkHeaderEndingInBareLf_ThrowsInvalidRequest")]
    [TestCase("3\r\nabc\n0\r\n\r\n", TestName = "ReadAsync_ChunkDataFollowedByBareLf_ThrowsInvalidRequest")]
    [TestCase("1000000000000\r\nabc\r\n0\r\n\r\n", TestName = "ReadAsync_ChunkSizeAboveMaximum_ThrowsInvalidRequest")]
    [TestCase("3\r\nabc\r\n0\r\nno-colon-here\r\n\r\n", TestName = "ReadAsync_TrailerLineWithoutColon_ThrowsInvalidRequest")]
    [TestCase("3\r\nabc\r\n0\r\n :value\r\n\r\n", TestName = "ReadAsync_TrailerWithEmptyName_ThrowsInvalidRequest")]
    [TestCase("3\r\nabc\r\n0\r\na:1\r\nA:2\r\n\r\n", TestName = "ReadAsync_DuplicateTrailer_ThrowsInvalidRequest")]
    [TestCase("3\r\nabc\r\n0\r\na:1\r\n\r\nextra", TestName = "ReadAsync_BytesAfterTrailerBlock_ThrowsInvalidRequest")]
    [TestCase("3\r\nabc\r\n0\r\n\r\n\r\n\r\n", TestName = "ReadAsync_ExtraEmptyLinesAfterTrailerBlock_ThrowsInvalidRequest")]
    [TestCase("3\r\nabc\r\n0\r\n\r\n3\r\nabc\r\n0\r\n\r\n", TestName = "ReadAsync_ChunksAfterFinalChunk_ThrowsInvalidRequest")]
    public async Task ReadAsync_MalformedFraming_ThrowsInvalidRequest(string body)
    {
        await AssertDecodeFailsAsync(Ascii(body), expected: null, ErrorKind.InvalidRequest);
    }

    [Test]
    public async Task ReadAsync_OverlongHeaderLine_ThrowsInvalidRequest()
    {
        var extension = new string('x', AwsChunkedDecodingStream.MaxLineLength - "3;".Length + 1);

        await AssertDecodeFailsAsync(Ascii($"3;{extension}\r\nabc\r\n0\r\n\r\n"), 3, ErrorKind.InvalidRequest);
    }

    [Test]
    public async Task ReadAsync_EndlessHeaderLineWithoutCrlf_ThrowsInvalidRequest()
    {
        var body = Ascii("3;" + new string('x', 1024 * 1024));

        await AssertDecodeFailsAsync(body, 3, ErrorKind.InvalidRequest);
    }

    [Test]
    public async Task ReadAsync_OverlongTrailerLine_ThrowsInvalidRequest()
    {
        var value = new string('v', AwsChunkedDecodingStream.MaxLineLength);

        await AssertDecodeFailsAsync(Ascii($"3\r\nabc\r\n0\r\nx-amz-meta:{value}\r\n\r\n"), 3, ErrorKind.InvalidRequest);
    }

    [Test]
    public async Task ReadAsync_OversizedTrailerBlock_ThrowsInvalidRequest()
    {
        var lines = Enumerable.Range(0, 5).Select(i => $"x-amz-meta-{i}:{new string('v', 4000)}\r\n");

        await AssertDecodeFailsAsync(Ascii("3\r\nabc\r\n0\r\n" + string.Concat(lines) + "\r\n"), 3, ErrorKind.InvalidRequest);
    }

    [Test]
    public async Task ReadAsync_TrailerBlockJustUnderLimit_Accepts()
    {
        // Four 4,001-byte lines and the final empty line: 16,006 bytes of the 16,384 allowed.
        var lines = Enumerable.Range(0, 4).Select(i => $"x-amz-meta-{i}:{new string('v', 4000 - 14)}\r\n");

        var (_, trailers) = await DecodeAsync(Ascii("3\r\nabc\r\n0\r\n" + string.Concat(lines) + "\r\n"), 3);

        Assert.That(trailers, Has.Count.EqualTo(4));
    }

    [Test]
    public void Read_SynchronousMalformedFraming_ThrowsInvalidRequest()
    {
        var error = Assert.Throws<DomainException>(() => Decode(Ascii("zz\r\n"), null));

        Assert.That(error.Kind, Is.EqualTo(ErrorKind.InvalidRequest));
    }

    private static async Task AssertDecodeFailsAsync(byte[] body, long? expected, ErrorKind kind)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => DecodeAsync(body, expected));

        Assert.That(error?.Kind, Is.EqualTo(kind), error?.Message);
    }

    private static async Task<(byte[] Payload, IReadOnlyDictionary<string, string> Trailers)> DecodeAsync(
        byte[] body, long? expected, int callerBuffer = 81920, int innerMaxPerRead = int.MaxValue)
    {
        using var stream = new AwsChunkedDecodingStream(new TrickleStream(body, innerMaxPerRead), expected);
        var output = new MemoryStream();
        var buffer = new byte[callerBuffer];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return (output.ToArray(), stream.Trailers);
    }

    private static (byte[] Payload, IReadOnlyDictionary<string, string> Trailers) Decode(
        byte[] body, long? expected, int callerBuffer = 81920, int innerMaxPerRead = int.MaxValue)
    {
        using var stream = new AwsChunkedDecodingStream(new TrickleStream(body, innerMaxPerRead), expected);
        var output = new MemoryStream();
        var buffer = new byte[callerBuffer];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return (output.ToArray(), stream.Trailers);
    }
}
