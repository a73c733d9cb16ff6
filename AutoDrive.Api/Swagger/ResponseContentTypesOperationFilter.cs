using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace AutoDrive.Api.Swagger;

/// <summary>
/// Documents each response under the media types its <c>[ProducesResponseType]</c> names: errors as
/// <c>application/problem+json</c>, downloads as <c>application/octet-stream</c>. The API explorer gives every response
/// the controller's <c>[Produces]</c> types instead, which would promise ProblemDetails as <c>application/json</c> (or as
/// bytes, on a download). Responses are then listed by status code, successes first.
/// </summary>
internal sealed class ResponseContentTypesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (operation.Responses is not { Count: > 0 } responses)
        {
            return;
        }

        // Action attributes come after the controller's, so the last one for a status code is the action's.
        var declared = context.ApiDescription.ActionDescriptor.EndpointMetadata
            .OfType<ProducesResponseTypeAttribute>()
            .Select(attribute => (Status: attribute.StatusCode.ToString(CultureInfo.InvariantCulture), ContentTypes: ContentTypesOf(attribute)))
            .Where(entry => entry.ContentTypes.Count > 0)
            .GroupBy(entry => entry.Status)
            .Select(group => group.Last());
        foreach (var (status, contentTypes) in declared)
        {
            if (responses.TryGetValue(status, out var response)
                && response is OpenApiResponse { Content: { Count: > 0 } content } concrete)
            {
                var schema = content.Values.First().Schema;
                concrete.Content = contentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = schema });
            }
        }

        var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (status, response) in ordered)
        {
            responses.Add(status, response);
        }
    }

    private static List<string> ContentTypesOf(IApiResponseMetadataProvider attribute)
    {
        var types = new MediaTypeCollection();
        attribute.SetContentTypes(types);
        return [.. types];
    }
}
