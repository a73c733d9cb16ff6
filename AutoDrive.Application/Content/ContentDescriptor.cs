using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Content;

/// <summary>What goes into a content's CID besides its bytes: the file name and the upload options.</summary>
public sealed record ContentDescriptor(string Name, UploadOptions Options);
