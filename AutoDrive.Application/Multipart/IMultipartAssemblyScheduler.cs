using AutoDrive.Domain.Multipart;

namespace AutoDrive.Application.Multipart;

/// <summary>Asks for an upload's staged parts to be assembled ahead of Complete, in the background.</summary>
public interface IMultipartAssemblyScheduler
{
    void Schedule(UploadId uploadId);
}
