using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace AutoDrive.Api.Swagger;

/// <summary>
/// Documents the S3 API in Swagger. S3 operations share paths and are told apart by query keys, which
/// OpenAPI cannot express as separate operations, so they are described here by hand.
/// </summary>
internal sealed class S3OperationsDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(swaggerDoc);
        var tag = new OpenApiTagReference("S3", swaggerDoc);
        swaggerDoc.Tags ??= new HashSet<OpenApiTag>();
        swaggerDoc.Tags.Add(new OpenApiTag
        {
            Name = "S3",
            Description = "The S3-compatible API (path style, under /s3). Use an S3 client: the API key is the access key id, "
                + "any secret works. Storage is permanent: deletes answer 403. The S3 routes also accept the key as "
                + "`Authorization: Bearer <key>`, so after \"Authorize\" (ApiKey) the read operations can be tried here.",
        });

        var bucket = PathParameter("bucket", "The bucket (the first path segment).");
        var key = PathParameter("key", "The object key, byte-exact (may contain '/').");
        swaggerDoc.Paths.Add("/s3/{bucket}/{key}", new OpenApiPathItem
        {
            Parameters = [bucket, key],
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Put] = Operation(tag, "PutObject",
                    "Stores the body under (bucket, key). Answers the quoted MD5 ETag and the CID in x-amz-meta-cid. "
                    + "Plain and aws-chunked bodies; `x-amz-meta-*` metadata (2 KB); 5 GiB at most. With `x-amz-copy-source`: "
                    + "CopyObject. With ?partNumber=N&uploadId=U: UploadPart."),
                [HttpMethod.Get] = Operation(tag, "GetObject",
                    "Streams the object. Range: bytes=a-b, a-, -n (206 with Content-Range; 416 when unsatisfiable); conditional "
                    + "headers (304/412); response-* overrides. With ?uploadId=U: ListParts."),
                [HttpMethod.Head] = Operation(tag, "HeadObject", "The object's headers (ETag, x-amz-meta-cid, Content-Length, ...)."),
                [HttpMethod.Post] = Operation(tag, "Multipart",
                    "?uploads: CreateMultipartUpload. ?uploadId=U with a CompleteMultipartUpload body: CompleteMultipartUpload "
                    + "(composite ETag `\"<md5 of part md5s>-N\"`; the CID equals a single PUT of the same bytes)."),
                [HttpMethod.Delete] = Operation(tag, "DeleteObject",
                    "Refused by design: 403 AccessDenied, storage is permanent. With ?uploadId=U: AbortMultipartUpload (204)."),
            },
        });
        swaggerDoc.Paths.Add("/s3/{bucket}", new OpenApiPathItem
        {
            Parameters = [bucket],
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = Operation(tag, "ListObjects",
                    "?list-type=2: ListObjectsV2; other listing parameters: ListObjects (V1); ?uploads: ListMultipartUploads; "
                    + "?location, ?versioning, ?object-lock: read-only configuration. Without a query: GetObject of default/{bucket}."),
                [HttpMethod.Put] = Operation(tag, "CreateBucket", "Idempotent 200. A non-empty body other than CreateBucketConfiguration: PutObject of default/{bucket}."),
                [HttpMethod.Head] = Operation(tag, "HeadBucket", "200 when the caller has the bucket."),
            },
        });
        swaggerDoc.Paths.Add("/s3", new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = Operation(tag, "ListBuckets", "The caller's buckets."),
            },
        });
    }

    private static OpenApiParameter PathParameter(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Path,
        Required = true,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static OpenApiOperation Operation(OpenApiTagReference tag, string name, string description) => new()
    {
        OperationId = "S3" + name,
        Summary = name,
        Description = description,
        Tags = new HashSet<OpenApiTagReference> { tag },
        Responses = new OpenApiResponses
        {
            ["200"] = new OpenApiResponse { Description = "Success (S3 XML or object bytes)." },
            ["4XX"] = new OpenApiResponse { Description = "An S3 XML `<Error>` document with its `<Code>` and `<Message>`." },
        },
        Extensions = new Dictionary<string, IOpenApiExtension>
        {
            ["x-s3-operation"] = new JsonNodeExtension(JsonValue.Create(name)),
        },
    };
}
