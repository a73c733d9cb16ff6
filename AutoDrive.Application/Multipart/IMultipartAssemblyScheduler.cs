using AutoDrive.Domain.Multipart;

namespace AutoDrive.Application.Multipart;

/// <summary>
/// Asks for an upload's staged parts (a multipart upload's parts, or a native upload's chunks) to be assembled ahead of
/// its completion, in the background. An upload already waiting for assembly is not queued twice: one pass assembles
/// everything staged by then.
/// </summary>
public interface IMultipartAssemblyScheduler
{
    void Schedule(UploadId uploadId, StagedUploadKind kind = StagedUploadKind.Multipart);
}

/// <summary>Which service assembles a staged upload.</summary>
public enum StagedUploadKind
{
    Multipart,
    NativeFile,
}
