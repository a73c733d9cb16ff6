using AutoDrive.Application.Content.Checksums;
using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Api.S3.Protocol;

/// <summary>
/// The integrity claims of an upload request (PutObject, UploadPart), read from its headers: the
/// <c>Content-MD5</c>, an <c>x-amz-checksum-*</c> value sent as a header, or one announced as an aws-chunked
/// trailer, and so the one algorithm to compute while the body streams.
/// </summary>
/// <remarks>
/// Malformed claims fail before any byte is read: Content-MD5 → InvalidDigest (checked even when an
/// <c>x-amz-checksum-*</c> is also sent), a checksum header value → BadDigest, an unknown algorithm name or
/// more than one checksum → InvalidRequest. A trailer claim is known only once the body has been read:
/// <see cref="GetClaim"/> then reads it from the decoder's trailers.
/// </remarks>
internal sealed class S3ChecksumRequest
{
    public const string ContentMd5Header = "Content-MD5";
    public const string SdkChecksumAlgorithmHeader = "x-amz-sdk-checksum-algorithm";
    public const string ChecksumAlgorithmHeader = "x-amz-checksum-algorithm";

    private S3ChecksumRequest(
        Md5Digest? contentMd5, ObjectChecksum? headerClaim, ChecksumAlgorithm? trailerAlgorithm, ChecksumAlgorithm? algorithm)
    {
        ContentMd5 = contentMd5;
        HeaderClaim = headerClaim;
        TrailerAlgorithm = trailerAlgorithm;
        Algorithm = algorithm;
    }

    /// <summary>The claimed MD5 when a Content-MD5 header was sent.</summary>
    public Md5Digest? ContentMd5 { get; }

    /// <summary>The checksum claimed in an <c>x-amz-checksum-*</c> request header.</summary>
    public ObjectChecksum? HeaderClaim { get; }

    /// <summary>The algorithm of an <c>x-amz-checksum-*</c> trailer announced in <c>x-amz-trailer</c>.</summary>
    public ChecksumAlgorithm? TrailerAlgorithm { get; }

    /// <summary>The algorithm to compute over the payload: the claimed one, else the one named in
    /// <c>x-amz-sdk-checksum-algorithm</c> / <c>x-amz-checksum-algorithm</c>; null when none is asked for.</summary>
    public ChecksumAlgorithm? Algorithm { get; }

    /// <exception cref="DomainException">InvalidDigest, BadDigest or InvalidRequest, as described on the type.</exception>
    public static S3ChecksumRequest FromHeaders(IHeaderDictionary headers, S3BodyFraming framing)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(framing);

        Md5Digest? contentMd5 = headers.TryGetValue(ContentMd5Header, out var md5)
            ? Application.Content.Checksums.ContentMd5.Parse(md5.ToString())
            : null;

        ObjectChecksum? headerClaim = null;
        foreach (var candidate in ChecksumAlgorithms.All)
        {
            if (headers.TryGetValue(ChecksumAlgorithms.GetHeaderName(candidate), out var value))
            {
                headerClaim = headerClaim is null
                    ? ChecksumClaim.Parse(candidate, value.ToString())
                    : throw MoreThanOneChecksum();
            }
        }

        ChecksumAlgorithm? trailerAlgorithm = null;
        foreach (var trailer in framing.DeclaredTrailers)
        {
            if (ChecksumAlgorithms.TryParseHeaderName(trailer, out var candidate))
            {
                trailerAlgorithm = trailerAlgorithm is null && headerClaim is null ? candidate : throw MoreThanOneChecksum();
            }
        }

        if (trailerAlgorithm is not null && !framing.IsAwsChunked)
        {
            throw new DomainException(
                ErrorKind.InvalidRequest, "A checksum trailer is announced but the body is not aws-chunked.");
        }

        var named = headers.TryGetValue(SdkChecksumAlgorithmHeader, out var sdkName)
            || headers.TryGetValue(ChecksumAlgorithmHeader, out sdkName)
            ? ChecksumAlgorithms.ParseName(sdkName.ToString())
            : (ChecksumAlgorithm?)null;
        var claimed = headerClaim?.Algorithm ?? trailerAlgorithm;
        if (named is not null && claimed is not null && named != claimed)
        {
            throw new DomainException(
                ErrorKind.InvalidRequest, "The checksum algorithm named does not match the checksum sent.");
        }

        return new S3ChecksumRequest(contentMd5, headerClaim, trailerAlgorithm, claimed ?? named);
    }

    /// <summary>A new incremental checksum for <see cref="Algorithm"/>, or null when none is asked for.</summary>
    public IncrementalChecksum? CreateChecksum() => Algorithm is { } algorithm ? IncrementalChecksum.Create(algorithm) : null;

    /// <summary>
    /// The claimed <c>x-amz-checksum-*</c>, once the body has been read: the header claim, or the trailer claim
    /// read from <paramref name="trailers"/> (the <see cref="AwsChunkedDecodingStream.Trailers"/>); null when the
    /// client claimed none.
    /// </summary>
    /// <exception cref="DomainException">BadDigest when the trailer value is malformed; IncompleteBody when the
    /// announced trailer did not come.</exception>
    public ObjectChecksum? GetClaim(IReadOnlyDictionary<string, string>? trailers)
    {
        if (HeaderClaim is not null || TrailerAlgorithm is not { } algorithm)
        {
            return HeaderClaim;
        }

        var name = ChecksumAlgorithms.GetHeaderName(algorithm);
        return trailers is not null && trailers.TryGetValue(name, out var value)
            ? ChecksumClaim.Parse(algorithm, value)
            : throw new DomainException(ErrorKind.IncompleteBody, $"The announced {name} trailer was not sent.");
    }

    private static DomainException MoreThanOneChecksum() =>
        new(ErrorKind.InvalidRequest, "Expecting a single x-amz-checksum- header or trailer; several were sent.");
}
