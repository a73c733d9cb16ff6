using AutoDrive.Domain.Content;

namespace AutoDrive.Application.Content;

/// <summary>The result of a committed write: the CID, the byte size and the number of DAG nodes.</summary>
public sealed record DsnStoredContent(Cid Cid, long Size, long NodeCount, bool WasAlreadyStored);
