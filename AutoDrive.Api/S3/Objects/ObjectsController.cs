using AutoDrive.Api.Common;
using AutoDrive.Api.S3.Protocol;
using AutoDrive.Api.S3.Routing;
using AutoDrive.Application.Objects;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Objects;

/// <summary>PutObject, GetObject and HeadObject.</summary>
public sealed class ObjectsController(ObjectService objects) : S3ControllerBase
{
    [HttpPut]
    [S3Operation(S3Operation.PutObject)]
    public async Task<IActionResult> PutObject()
    {
        var target = S3.Target;
        var command = PutObjectRequestReader.Read(HttpContext, User.GetUserId(), target.Bucket!, target.Key!);
        var result = await objects.PutObjectAsync(command, HttpContext.RequestAborted);
        return new PutObjectResponse(result);
    }

    [HttpGet]
    [S3Operation(S3Operation.GetObject)]
    public async Task<IActionResult> GetObject()
    {
        var download = await objects.GetObjectAsync(Query(), HttpContext.RequestAborted);
        return new ObjectStreamResult(download);
    }

    [HttpHead]
    [S3Operation(S3Operation.HeadObject)]
    public async Task<IActionResult> HeadObject()
    {
        var description = await objects.HeadObjectAsync(Query(), HttpContext.RequestAborted);
        return new ObjectHeadResult(description);
    }

    private GetObjectQuery Query() =>
        new(User.GetUserId(), S3.Target.Bucket!, S3.Target.Key!, RangeHeaderParser.Parse(Request.Headers.Range));
}
