using AutoDrive.Api.Common;
using AutoDrive.Api.Native.Authentication;
using AutoDrive.Api.Native.Downloads;
using AutoDrive.Api.S3.Protocol;
using AutoDrive.Application.Native;
using AutoDrive.Domain.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.Native.Objects;

/// <summary>
/// Objects: every S3 object is a native object of its owner (name = the key's last segment, MIME type = its
/// Content-Type), and every native upload is an S3 object in bucket <c>default</c>. Owners (uploaders, and users an
/// object was shared with) read their objects; anyone authenticated reads a published object; to everyone else an
/// object does not exist (404).
/// </summary>
[ApiController]
[Route("api/objects")]
[Authorize(AuthenticationSchemes = ApiKeyAuthenticationDefaults.Scheme)]
[Produces("application/json")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
public sealed class NativeObjectsController(NativeObjectService objects, NativeDownloadService downloads) : ControllerBase
{
    /// <summary>
    /// Roots, most recent first: <c>scope=user</c> (the default) the caller's own (S3 objects included), <c>scope=global</c>
    /// the objects their owners published, from every user.
    /// </summary>
    [HttpGet("roots")]
    [ProducesResponseType<ObjectPageResponse>(StatusCodes.Status200OK)]
    public async Task<ObjectPageResponse> Roots(string? scope = "user", int? limit = null, int? offset = null) =>
        ObjectPageResponse.From(await objects.ListRootsAsync(
            User.GetUserId(), IsGlobal(scope) ? RootsView.Published : RootsView.Mine, limit, offset, HttpContext.RequestAborted));

    /// <summary>Roots other users shared with the caller.</summary>
    [HttpGet("roots/shared")]
    [ProducesResponseType<ObjectPageResponse>(StatusCodes.Status200OK)]
    public async Task<ObjectPageResponse> Shared(int? limit = null, int? offset = null) =>
        ObjectPageResponse.From(await objects.ListRootsAsync(User.GetUserId(), RootsView.Shared, limit, offset, HttpContext.RequestAborted));

    /// <summary>The caller's trash.</summary>
    [HttpGet("roots/deleted")]
    [ProducesResponseType<ObjectPageResponse>(StatusCodes.Status200OK)]
    public async Task<ObjectPageResponse> Deleted(int? limit = null, int? offset = null) =>
        ObjectPageResponse.From(await objects.ListRootsAsync(User.GetUserId(), RootsView.Trashed, limit, offset, HttpContext.RequestAborted));

    /// <summary>
    /// Search by a name fragment (case-insensitive) or a CID, given in <c>cid</c>: among the caller's objects
    /// (<c>scope=user</c>) or published ones (<c>scope=global</c>, the default). At most <c>limit</c> hits (default 5).
    /// </summary>
    [HttpGet("search")]
    [ProducesResponseType<IReadOnlyList<SearchHitResponse>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<SearchHitResponse>> Search(string? cid, string? scope = "global", int? limit = null)
    {
        var hits = await objects.SearchAsync(User.GetUserId(), cid, IsGlobal(scope), limit, HttpContext.RequestAborted);
        return hits.Select(h => new SearchHitResponse { Cid = h.Cid, Name = h.Name }).ToList();
    }

    /// <summary>The object's information: its metadata, status, owners and the caller's publication.</summary>
    [HttpGet("{cid}")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ObjectInfoResponse>(StatusCodes.Status200OK)]
    public async Task<ObjectInfoResponse> Get(string cid) =>
        ObjectInfoResponse.From(await objects.GetObjectAsync(User.GetUserId(), cid, HttpContext.RequestAborted));

    /// <summary>The object as lists show it, with its owners, status and (a folder) children.</summary>
    [HttpGet("{cid}/summary")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ObjectSummaryResponse>(StatusCodes.Status200OK)]
    public async Task<ObjectSummaryResponse> Summary(string cid) =>
        ObjectSummaryResponse.From(await objects.GetSummaryAsync(User.GetUserId(), cid, HttpContext.RequestAborted));

    /// <summary>A file's chunks (CIDs and sizes) and upload options, or a folder's children.</summary>
    [HttpGet("{cid}/metadata")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ObjectMetadataResponse>(StatusCodes.Status200OK)]
    public async Task<ObjectMetadataResponse> Metadata(string cid) =>
        ObjectMetadataResponse.From(await objects.GetMetadataAsync(User.GetUserId(), cid, HttpContext.RequestAborted));

    /// <summary>How far the object is on the DSN: its node counts and the status derived from them.</summary>
    [HttpGet("{cid}/status")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<UploadStateResponse>(StatusCodes.Status200OK)]
    public async Task<UploadStateResponse> Status(string cid) =>
        UploadStateResponse.From(await objects.GetStatusAsync(User.GetUserId(), cid, HttpContext.RequestAborted));

    /// <summary>The owners the caller may know of: themselves, whom they shared it with, who shared it with them.</summary>
    [HttpGet("{cid}/owners")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<IReadOnlyList<OwnerResponse>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<OwnerResponse>> Owners(string cid) =>
        ObjectSummaryResponse.From(await objects.GetSummaryAsync(User.GetUserId(), cid, HttpContext.RequestAborted)).Owners;

    /// <summary>Shares the object (a folder with all it holds) with another user, by their public id; they can then read and download it.</summary>
    [HttpPost("{cid}/share")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<EmptyResponse>(StatusCodes.Status200OK)]
    public async Task<EmptyResponse> Share(string cid, ShareRequest? request)
    {
        await objects.ShareAsync(User.GetUserId(), cid, request?.PublicId, HttpContext.RequestAborted);
        return EmptyResponse.Instance;
    }

    /// <summary>Publishes the object: <c>GET /api/objects/{result}/public</c> then downloads it without authentication.</summary>
    [HttpPost("{cid}/publish")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<PublishResponse>(StatusCodes.Status200OK)]
    public async Task<PublishResponse> Publish(string cid) =>
        new() { Result = await objects.PublishAsync(User.GetUserId(), cid, HttpContext.RequestAborted) };

    /// <summary>Withdraws the caller's publication: its public id downloads no more (404).</summary>
    [HttpPost("{cid}/unpublish")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Unpublish(string cid)
    {
        await objects.UnpublishAsync(User.GetUserId(), cid, HttpContext.RequestAborted);
        return NoContent();
    }

    /// <summary>
    /// Moves the object to the caller's trash: hidden from their lists, S3 listings, S3 GET and HEAD until restored.
    /// Nothing is erased; other owners are unaffected.
    /// </summary>
    [HttpPost("{cid}/delete")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<EmptyResponse>(StatusCodes.Status200OK)]
    public async Task<EmptyResponse> Delete(string cid)
    {
        await objects.TrashAsync(User.GetUserId(), cid, HttpContext.RequestAborted);
        return EmptyResponse.Instance;
    }

    /// <summary>Takes the object out of the caller's trash.</summary>
    [HttpPost("{cid}/restore")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<EmptyResponse>(StatusCodes.Status200OK)]
    public async Task<EmptyResponse> Restore(string cid)
    {
        await objects.RestoreAsync(User.GetUserId(), cid, HttpContext.RequestAborted);
        return EmptyResponse.Instance;
    }

    /// <summary>Downloads a published object by its publication id, without authentication (Range honoured).</summary>
    [HttpGet("{id}/public")]
    [AllowAnonymous]
    [Produces("application/octet-stream")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status200OK, "application/octet-stream")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Public(string id, bool ignoreEncoding = false)
    {
        var download = await downloads.DownloadPublishedAsync(id, RangeHeaderParser.Parse(Request.Headers.Range), HttpContext.RequestAborted);
        return new NativeDownloadResult(download, ignoreEncoding);
    }

    private static bool IsGlobal(string? scope) =>
        scope?.Trim().ToLowerInvariant() switch
        {
            null or "" or "user" => false,
            "global" => true,
            _ => throw new DomainException(ErrorKind.InvalidArgument, "'scope' is 'user' or 'global'."),
        };
}
