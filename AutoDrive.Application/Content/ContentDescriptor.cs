using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Content;

/// <summary>
/// What goes into a content's CID besides its bytes: the file name and the upload options; and its MIME type, which is
/// not part of the CID but which the network records beside it (null: unknown).
/// </summary>
public sealed record ContentDescriptor(string Name, UploadOptions Options, string? MimeType = null);
