using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ActionConstraints;

namespace AutoDrive.Api.S3.Routing;

/// <summary>Selects the action that serves the request's resolved S3 operation(s).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class S3OperationAttribute(params S3Operation[] operations) : ActionMethodSelectorAttribute
{
    public IReadOnlyList<S3Operation> Operations { get; } = operations;

    public override bool IsValidForRequest(RouteContext routeContext, ActionDescriptor action)
    {
        ArgumentNullException.ThrowIfNull(routeContext);
        return Operations.Contains(routeContext.HttpContext.GetS3Request().Operation);
    }
}
