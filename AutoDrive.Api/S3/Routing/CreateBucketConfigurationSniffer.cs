using System.Xml;

namespace AutoDrive.Api.S3.Routing;

/// <summary>
/// <c>PUT /b</c> with a body is a PutObject of <c>default/b</c> (the guide's single-segment rule), unless the body
/// is a <c>CreateBucketConfiguration</c> (SDKs send one outside us-east-1): then it is a CreateBucket. Only small
/// plain bodies are looked at, buffered in memory (at most <see cref="MaxLength"/> bytes) and rewound.
/// </summary>
internal static class CreateBucketConfigurationSniffer
{
    public const int MaxLength = 16 * 1024;

    public static async Task<bool> IsCreateBucketConfigurationAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength is not { } length || length is 0 or > MaxLength
            || request.Headers.ContainsKey("x-amz-decoded-content-length"))
        {
            return false;
        }

        request.EnableBuffering(MaxLength);
        var buffer = new byte[length];
        await request.Body.ReadExactlyAsync(buffer, cancellationToken);
        request.Body.Position = 0;
        return RootIsCreateBucketConfiguration(buffer);
    }

    private static bool RootIsCreateBucketConfiguration(byte[] body)
    {
        using var stream = new MemoryStream(body, writable: false);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        try
        {
            return reader.MoveToContent() == XmlNodeType.Element && reader.LocalName == "CreateBucketConfiguration";
        }
        catch (XmlException)
        {
            // Not XML: an ordinary object body.
            return false;
        }
    }
}
