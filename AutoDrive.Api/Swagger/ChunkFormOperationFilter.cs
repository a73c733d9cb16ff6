using System.Text.Json.Nodes;
using AutoDrive.Api.Native.Uploads;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace AutoDrive.Api.Swagger;

/// <summary>
/// Documents the form of a chunk upload (<c>[StreamingForm]</c>): the action reads its <c>multipart/form-data</c> body
/// itself, as it streams, so it declares no parameters the API explorer could describe. The form has the chunk's bytes
/// in the part <c>file</c> and its position (from 0) in the field <c>index</c>, in either order.
/// </summary>
internal sealed class ChunkFormOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (!context.MethodInfo.IsDefined(typeof(StreamingFormAttribute), inherit: true))
        {
            return;
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { ChunkForm.IndexField, ChunkForm.FileField },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            [ChunkForm.IndexField] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Integer,
                                Format = "int32",
                                Minimum = "0",
                                Example = JsonValue.Create(0),
                                Description = "The chunk's position in the file, from 0.",
                            },
                            [ChunkForm.FileField] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.String,
                                Format = "binary",
                                Description = "The chunk's bytes.",
                            },
                        },
                    },
                },
            },
        };
    }
}
