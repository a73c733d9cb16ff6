using AutoDrive.Api.S3.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AutoDrive.Tests.TestSupport;

/// <summary>
/// Puts a counting middleware in front of the whole pipeline of a test gateway: after the response is decided, it
/// records its status and the S3 operation the gateway resolved (if any). An exception that escapes every handler is
/// what Kestrel answers 500 for, and is counted as a 500.
/// </summary>
public sealed class ResponseCountingStartupFilter(ResponseCounter counter) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            try
            {
                await nextMiddleware(context);
            }
            catch
            {
                counter.Record(Operation(context), StatusCodes.Status500InternalServerError);
                throw;
            }

            counter.Record(Operation(context), context.Response.StatusCode);
        });
        next(app);
    };

    private static S3Operation? Operation(HttpContext context) => context.Features.Get<S3RequestFeature>()?.Request.Operation;
}
