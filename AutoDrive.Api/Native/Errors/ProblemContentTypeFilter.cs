using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AutoDrive.Api.Native.Errors;

/// <summary>
/// Every ProblemDetails answer of a controller is <c>application/problem+json</c>, including those MVC writes itself (a
/// body that does not bind, a query value of the wrong type, an unsupported media type). The native controllers'
/// <c>[Produces("application/json")]</c> would otherwise label them <c>application/json</c>: this filter runs after it,
/// and also after short-circuited requests.
/// </summary>
internal sealed class ProblemContentTypeFilter : IAlwaysRunResultFilter, IOrderedFilter
{
    public const string ContentType = "application/problem+json";

    public int Order => int.MaxValue;

    public void OnResultExecuting(ResultExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Result is ObjectResult { Value: ProblemDetails } problem)
        {
            problem.ContentTypes.Clear();
            problem.ContentTypes.Add(ContentType);
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
