using AutoDrive.Api.Native.Common;
using AutoDrive.Api.Common;
using AutoDrive.Api.Native.Authentication;
using AutoDrive.Application.Native;
using AutoDrive.Domain.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.Native.Uploads;

/// <summary>
/// Uploads as the official SDK sends them: a file in chunks (create, chunks by index in any order, complete), or a
/// folder (its tree, then each file as an upload of its own, then complete). A completed file appears in S3 in bucket
/// <c>default</c> under its name; a folder's files under <c>default/&lt;folder&gt;/&lt;path&gt;</c>.
/// </summary>
[ApiController]
[Route("api/uploads")]
[Authorize(AuthenticationSchemes = ApiKeyAuthenticationDefaults.Scheme)]
[Produces("application/json")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
public sealed class UploadsController(NativeUploadService uploads) : ControllerBase
{
    /// <summary>Starts a file upload.</summary>
    [HttpPost("file")]
    [ProducesResponseType<UploadResponse>(StatusCodes.Status200OK)]
    public async Task<UploadResponse> CreateFile(CreateFileUploadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var upload = await uploads.CreateFileAsync(
            new CreateFileUploadCommand(User.GetUserId(), request.Filename, request.MimeType, UploadOptionsDto.ToDomain(request.UploadOptions)),
            HttpContext.RequestAborted);
        return UploadResponse.From(upload);
    }

    /// <summary>Starts a folder upload from its tree; its files are then uploaded with <c>POST /api/uploads/folder/{uploadId}/file</c>.</summary>
    [HttpPost("folder")]
    [RequestSizeLimit(NativeBodyLimits.FolderTree)]
    [ProducesResponseType<UploadResponse>(StatusCodes.Status200OK)]
    public async Task<UploadResponse> CreateFolder(CreateFolderUploadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var upload = await uploads.CreateFolderAsync(
            new CreateFolderUploadCommand(User.GetUserId(), request.FileTree?.ToDomain(), UploadOptionsDto.ToDomain(request.UploadOptions)),
            HttpContext.RequestAborted);
        return UploadResponse.From(upload);
    }

    /// <summary>Starts the upload of one file of a folder upload (named by its id in the tree).</summary>
    [HttpPost("folder/{uploadId}/file")]
    [ProducesResponseType<UploadResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<UploadResponse> CreateFolderFile(string uploadId, CreateFolderFileRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var upload = await uploads.CreateFolderFileAsync(
            new CreateFolderFileCommand(User.GetUserId(), uploadId, request.Name, request.MimeType, request.RelativeId, UploadOptionsDto.ToDomain(request.UploadOptions)),
            HttpContext.RequestAborted);
        return UploadResponse.From(upload);
    }

    /// <summary>
    /// Sends one chunk: <c>multipart/form-data</c> with the part <c>file</c> (the bytes) and the field <c>index</c> (from 0).
    /// Chunks may come in any order; the same bytes may be sent again for an index; other bytes for a taken index: 400.
    /// </summary>
    [HttpPost("file/{uploadId}/chunk")]
    [RequestSizeLimit(NativeBodyLimits.Chunk)]
    [Consumes("multipart/form-data")]
    [StreamingForm]
    [ProducesResponseType<ChunkUploadedResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<ChunkUploadedResponse> UploadChunk(string uploadId)
    {
        var form = ChunkForm.Open(Request);
        var (file, indexBefore) = await form.ReadToFileAsync(HttpContext.RequestAborted);
        if (file is null)
        {
            throw new DomainException(ErrorKind.InvalidArgument, "A chunk needs its bytes (a form part 'file').");
        }

        await uploads.UploadChunkAsync(
            new UploadChunkCommand(User.GetUserId(), uploadId, file, indexBefore, form.ReadIndexAfterFileAsync),
            HttpContext.RequestAborted);
        return new ChunkUploadedResponse();
    }

    /// <summary>Completes a file or folder upload; answers its CID (the same CID when completed again).</summary>
    [HttpPost("{uploadId}/complete")]
    [ProducesResponseType<CompleteUploadResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<CompleteUploadResponse> Complete(string uploadId)
    {
        var caller = User.GetCaller();
        var cid = await uploads.CompleteAsync(new CompleteUploadCommand(caller.Id, uploadId, caller.PendingUploadCredits), HttpContext.RequestAborted);
        return new CompleteUploadResponse { Cid = cid.Value };
    }
}
