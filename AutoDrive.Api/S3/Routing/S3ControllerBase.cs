using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Routing;

/// <summary>
/// Base of the S3 controllers: every path under <c>/s3</c>; the action is chosen by the resolved operation
/// (<see cref="S3OperationAttribute"/>), not by the template. No [ApiController]: its automatic 400 writes
/// JSON, and S3 clients read XML.
/// </summary>
[Route("s3")]
[Route("s3/{**s3path}")]
[Authorize(AuthenticationSchemes = Authentication.S3AuthenticationDefaults.Scheme)]
[ApiExplorerSettings(IgnoreApi = true)]
[TypeFilter(typeof(Protocol.S3WriteHeadersFilter))]
public abstract class S3ControllerBase : ControllerBase
{
    protected S3Request S3 => HttpContext.GetS3Request();
}
