using AutoDrive.Domain.Objects;

namespace AutoDrive.Domain.Multipart;

/// <summary>A staged part of a multipart upload: its size, MD5 (its ETag), checksum and where it is staged.</summary>
public sealed class UploadPart
{
    private UploadPart()
    {
        UploadId = string.Empty;
        Md5 = [];
        StagedName = string.Empty;
    }

    internal UploadPart(string uploadId, PartNumber number, long size, byte[] md5, ObjectChecksum? checksum, string stagedName, DateTimeOffset uploadedAt)
    {
        UploadId = uploadId;
        Number = number.Value;
        Size = size;
        Md5 = md5;
        ChecksumAlgorithm = checksum?.Algorithm;
        ChecksumValue = checksum?.Value;
        StagedName = stagedName;
        UploadedAt = uploadedAt;
    }

    public string UploadId { get; private set; }

    public int Number { get; private set; }

    public long Size { get; private set; }

    public byte[] Md5 { get; private set; }

    public ChecksumAlgorithm? ChecksumAlgorithm { get; private set; }

    public string? ChecksumValue { get; private set; }

    /// <summary>The staged file's name, unique per upload of this part (a re-upload gets a new one).</summary>
    public string StagedName { get; private set; }

    public DateTimeOffset UploadedAt { get; private set; }

    /// <summary>The part's unquoted ETag: the hex MD5 of its bytes.</summary>
    public string ETag => Convert.ToHexStringLower(Md5);

    public ObjectChecksum? Checksum => ChecksumAlgorithm is { } algorithm && ChecksumValue is { } value
        ? new ObjectChecksum(algorithm, value)
        : null;
}
