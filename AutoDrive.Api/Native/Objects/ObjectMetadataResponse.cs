using System.Text.Json.Serialization;
using AutoDrive.Api.Native.Uploads;
using AutoDrive.Application.Native;
using AutoDrive.Domain.Content;

namespace AutoDrive.Api.Native.Objects;

/// <summary>
/// An object's metadata (Auto Drive's OffchainMetadata): a file's chunks and upload options, or a folder's children.
/// The SDK's <c>downloadFile</c> reads <c>uploadOptions</c> to undo what the client did to the bytes.
/// </summary>
public sealed record ObjectMetadataResponse
{
    /// <example>file</example>
    public required string Type { get; init; }

    /// <example>bafkr6ifm5dxoldkwezxmvjx5hrsepnvrvvxb4uof7ilvos7rhyrgiirtqu</example>
    public required string DataCid { get; init; }

    /// <example>test.txt</example>
    public required string Name { get; init; }

    /// <example>text/plain</example>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MimeType { get; init; }

    /// <example>13</example>
    public required long TotalSize { get; init; }

    /// <example>1</example>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? TotalChunks { get; init; }

    /// <summary>The file's data nodes in content order (produced while the answer streams).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IEnumerable<ChunkResponse>? Chunks { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? TotalFiles { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FolderChildResponse>? Children { get; init; }

    public required UploadOptionsDto UploadOptions { get; init; }

    public static ObjectMetadataResponse From(ObjectMetadataView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var row = view.Item;
        if (row.Kind == ContentKind.Folder)
        {
            var children = (view.Children ?? []).Select(FolderChildResponse.From).ToList();
            return new ObjectMetadataResponse
            {
                Type = "folder",
                DataCid = row.Cid,
                Name = row.Name,
                TotalSize = row.Size,
                TotalFiles = children.Count,
                Children = children,
                UploadOptions = UploadOptionsDto.From(row.Options),
            };
        }

        var file = view.File ?? throw new InvalidOperationException("A file's metadata has its layout.");
        return new ObjectMetadataResponse
        {
            Type = "file",
            DataCid = row.Cid,
            Name = row.Name,
            MimeType = row.MimeType,
            TotalSize = row.Size,
            TotalChunks = file.ChunkCount,
            Chunks = file.Chunks.Select(c => new ChunkResponse { Size = c.Size, Cid = c.Cid.Value }),
            UploadOptions = UploadOptionsDto.From(row.Options),
        };
    }
}
