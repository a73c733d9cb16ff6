using System.Text;
using AutoDrive.Domain.Common;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace AutoDrive.Api.Native.Uploads;

/// <summary>
/// Reads a chunk upload's <c>multipart/form-data</c> as it streams, never buffering it: the <c>file</c> part is handed on
/// as a stream, the <c>index</c> field is read wherever it comes (the SDK sends it after the file). Other fields are
/// skipped.
/// </summary>
internal sealed class ChunkForm
{
    public const string FileField = "file";
    public const string IndexField = "index";
    private const int MaxFieldBytes = 64;

    private readonly MultipartReader _reader;

    private ChunkForm(MultipartReader reader) => _reader = reader;

    public static ChunkForm Open(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid("A chunk is sent as multipart/form-data with the fields 'file' and 'index'.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
        {
            throw Invalid("The multipart/form-data content type has no valid boundary.");
        }

        return new ChunkForm(new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 8 * 1024 });
    }

    /// <summary>Reads up to the <c>file</c> part: its body stream (null when there is none), and the index if it came first.</summary>
    public async Task<(Stream? File, string? IndexBefore)> ReadToFileAsync(CancellationToken cancellationToken)
    {
        string? index = null;
        while (await NextSectionAsync(cancellationToken) is { } section)
        {
            switch (FieldName(section))
            {
                case FileField:
                    return (new FormPartStream(section.Body), index);
                case IndexField:
                    index = await ReadFieldAsync(section, cancellationToken);
                    break;
                default:
                    await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                    break;
            }
        }

        return (null, index);
    }

    /// <summary>After the file part was read to its end: the <c>index</c> field, or null when the form ends without one.</summary>
    public async Task<string?> ReadIndexAfterFileAsync(CancellationToken cancellationToken)
    {
        string? index = null;
        while (await NextSectionAsync(cancellationToken) is { } section)
        {
            if (FieldName(section) == IndexField && index is null)
            {
                index = await ReadFieldAsync(section, cancellationToken);
            }
            else
            {
                await section.Body.CopyToAsync(Stream.Null, cancellationToken);
            }
        }

        return index;
    }

    /// <summary>The next part; a form that ends without its closing boundary is malformed (400), not a failure of ours.</summary>
    private async Task<MultipartSection?> NextSectionAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Malformed(e);
        }
    }

    internal static DomainException Malformed(Exception inner) =>
        new(ErrorKind.MalformedBody, "The multipart/form-data body ends before its closing boundary, or is not well formed.", inner);

    private static string? FieldName(MultipartSection section) =>
        ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            ? HeaderUtilities.RemoveQuotes(disposition.Name).Value
            : null;

    private static async Task<string> ReadFieldAsync(MultipartSection section, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        int length;
        try
        {
            length = await section.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Malformed(e);
        }

        if (length > MaxFieldBytes)
        {
            throw Invalid($"The field 'index' is at most {MaxFieldBytes} bytes.");
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static DomainException Invalid(string message) => new(ErrorKind.InvalidArgument, message);
}
