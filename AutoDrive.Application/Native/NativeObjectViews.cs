using AutoDrive.Application.Content;
using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Native;

/// <summary>What the native API tells about an object: the object, the owners the caller may know of, its status, a folder's children.</summary>
public sealed record ObjectSummaryView(NativeObjectRow Item, IReadOnlyList<OwnerRow> Owners, DsnContentStatus Status, IReadOnlyList<FolderEntry>? Children);

/// <summary>An object's metadata: a file's chunks, or a folder's children.</summary>
public sealed record ObjectMetadataView(NativeObjectRow Item, DsnFileLayout? File, IReadOnlyList<FolderEntry>? Children);

/// <summary><c>GET /objects/{cid}</c>: the summary, the metadata and the caller's publication of it.</summary>
public sealed record ObjectInfoView(ObjectSummaryView Summary, ObjectMetadataView Metadata, string? PublicationId);
