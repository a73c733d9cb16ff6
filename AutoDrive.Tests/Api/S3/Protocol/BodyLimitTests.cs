using System.Net.Sockets;
using System.Text;
using AutoDrive.Api.Native.Common;
using AutoDrive.Api.S3.Protocol;
using AutoDrive.Domain.Multipart;
using AutoDrive.Tests.TestSupport;

namespace AutoDrive.Tests.Api.S3.Protocol;

/// <summary>
/// Request body limits per operation, by raw requests that declare a body and send none of it: the answer comes from the
/// declared length alone (so nothing past the limit is read), EntityTooLarge on the S3 routes and 413 on the native API.
/// </summary>
public class BodyLimitTests
{
    private AutoDriveServer _server = null!;
    private string _bucket = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await SharedServer.GetAsync();
        _bucket = SharedServer.UniqueBucket("lim");
    }

    [Test]
    public async Task PutObject_DeclaringMoreThan5GiB_IsEntityTooLarge_BeforeTheBody()
    {
        var response = await SendHeadersOnlyAsync("PUT", $"/s3/{_bucket}/big.bin", MultipartUpload.MaxPartSize + 1);

        AssertS3Error(response, 400, "EntityTooLarge");
    }

    [Test]
    public async Task PutObject_AwsChunkedDecodingToMoreThan5GiB_IsEntityTooLarge_BeforeTheBody()
    {
        var response = await SendHeadersOnlyAsync(
            "PUT", $"/s3/{_bucket}/chunked.bin", MultipartUpload.MaxPartSize,
            ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
            ("Content-Encoding", "aws-chunked"),
            ("x-amz-decoded-content-length", (MultipartUpload.MaxPartSize + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        AssertS3Error(response, 400, "EntityTooLarge");
    }

    [Test]
    public async Task PutObject_DeclaringMoreThanTheAwsChunkedWireAllows_IsEntityTooLarge()
    {
        var response = await SendHeadersOnlyAsync("PUT", $"/s3/{_bucket}/wire.bin", S3BodyLimits.UploadWire + 1);

        AssertS3Error(response, 400, "EntityTooLarge");
    }

    [Test]
    public async Task UploadPart_DeclaringMoreThan5GiB_IsEntityTooLarge()
    {
        var response = await SendHeadersOnlyAsync(
            "PUT", $"/s3/{_bucket}/part.bin?partNumber=1&uploadId={UploadId.New().Value}", MultipartUpload.MaxPartSize + 1);

        AssertS3Error(response, 400, "EntityTooLarge");
    }

    [Test]
    public async Task Complete_DeclaringMoreThan10000PartsCanNeed_IsEntityTooLarge()
    {
        var response = await SendHeadersOnlyAsync("POST", $"/s3/{_bucket}/mp.bin?uploadId={UploadId.New().Value}", S3BodyLimits.CompleteXml + 1);

        AssertS3Error(response, 400, "EntityTooLarge");
    }

    [Test]
    public async Task DeleteObjects_DeclaringABigBody_IsEntityTooLarge()
    {
        var response = await SendHeadersOnlyAsync("POST", $"/s3/{_bucket}?delete", S3BodyLimits.DeleteObjectsXml + 1);

        AssertS3Error(response, 400, "EntityTooLarge");
    }

    [Test]
    public async Task OtherS3Operations_DeclaringMoreThanASmallXmlBody_AreEntityTooLarge()
    {
        var response = await SendHeadersOnlyAsync("POST", $"/s3/{_bucket}/k?uploads", S3BodyLimits.SmallXml + 1);

        AssertS3Error(response, 400, "EntityTooLarge");
    }

    [Test]
    public void TenThousandPartsWithChecksums_FitTheCompleteLimit()
    {
        // The limit is computed, not guessed: the largest Complete a client writes, pretty-printed, fits.
        var body = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\n");
        for (var n = 1; n <= PartNumber.Max; n++)
        {
            body.Append("    <Part>\n        <PartNumber>").Append(n).Append("</PartNumber>\n        <ETag>&quot;")
                .Append(new string('a', 32)).Append("&quot;</ETag>\n        <ChecksumSHA256>").Append(new string('A', 43)).Append("=</ChecksumSHA256>\n    </Part>\n");
        }

        body.Append("</CompleteMultipartUpload>\n");
        Assert.That(Encoding.UTF8.GetByteCount(body.ToString()), Is.LessThan(S3BodyLimits.CompleteXml));
    }

    [Test]
    public async Task NativeJson_LargerThanTheJsonLimit_Is413()
    {
        var response = await SendHeadersOnlyAsync(
            "POST", "/api/uploads/file", NativeBodyLimits.Json + 1, ("Content-Type", "application/json"), ("Authorization", $"Bearer {_server.AliceKey}"));

        Assert.That(response.Status, Is.EqualTo(413), response.Text);
        Assert.That(response.Text, Does.Contain("application/problem+json"));
    }

    private static void AssertS3Error((int Status, string Text) response, int status, string code)
    {
        Assert.That(response.Status, Is.EqualTo(status), response.Text);
        Assert.That(response.Text, Does.Contain($"<Code>{code}</Code>"));
    }

    /// <summary>
    /// Sends the request line and headers, announcing <paramref name="contentLength"/> bytes that never follow, and reads
    /// the answer (status and everything up to its declared end). A server that waited for the body would hang here; the
    /// hang guard fails the test instead.
    /// </summary>
    private async Task<(int Status, string Text)> SendHeadersOnlyAsync(string method, string target, long contentLength, params (string Name, string Value)[] headers)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.BaseAddress.Host, _server.BaseAddress.Port, guard.Token);
        await using var stream = tcp.GetStream();
        var request = new StringBuilder()
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(_server.BaseAddress.Authority).Append("\r\n")
            .Append("Content-Length: ").Append(contentLength).Append("\r\n");
        if (!headers.Any(h => h.Name == "Authorization"))
        {
            request.Append("Authorization: AWS4-HMAC-SHA256 Credential=").Append(_server.AliceKey)
                .Append("/20261125/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00\r\n");
        }

        foreach (var (name, value) in headers)
        {
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()), guard.Token);

        var received = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, guard.Token);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            var text = Encoding.UTF8.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0 && IsComplete(text, end))
            {
                break;
            }
        }

        var answer = Encoding.UTF8.GetString(received.ToArray());
        var status = int.Parse(answer.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, answer);
    }

    private static bool IsComplete(string text, int headerEnd)
    {
        var head = text[..headerEnd];
        var length = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (length is not null)
        {
            return Encoding.UTF8.GetByteCount(text[(headerEnd + 4)..]) >= int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        // Chunked: the last chunk.
        return text.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
    }
}
