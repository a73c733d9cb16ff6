using AutoDrive.Api.Native.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace AutoDrive.Api.Swagger;

/// <summary>
/// Puts each operation under the key it needs, so that Swagger UI's "Authorize" sends the right one: the admin key for
/// <c>/api/admin</c>, none for anonymous routes (published downloads, the 501 routes), the user's API key for everything else.
/// </summary>
internal sealed class SecurityOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        // Anonymous: [AllowAnonymous], or no [Authorize] at all (the routes AutoDrive does not serve answer 501 to anyone).
        if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
        {
            // No key, and so no 401 either (a controller-wide 401 does not apply to an anonymous action).
            operation.Security = [];
            operation.Responses?.Remove("401");
            return;
        }

        var admin = metadata.OfType<AuthorizeAttribute>().Any(a => a.AuthenticationSchemes == AdminAuthenticationHandler.SchemeName);
        var scheme = admin ? AdminAuthenticationHandler.SchemeName : ApiKeyAuthenticationDefaults.Scheme;
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] },
        ];
    }
}
