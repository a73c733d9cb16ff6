namespace AutoDrive.Api.S3.Routing;

/// <summary>
/// The S3 routing table in one place (docs/s3-wire.md, routing): by method, then sub-resource query keys, then the shape
/// of the path. A single path segment names an object in bucket <c>default</c> unless the table makes it a
/// bucket operation.
/// </summary>
public static class S3OperationResolver
{
    /// <summary>Query keys that never change the operation.</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "x-id" };

    private static readonly HashSet<string> ListingParameters = new(StringComparer.Ordinal)
    {
        "prefix", "delimiter", "marker", "max-keys", "encoding-type", "list-type", "start-after",
        "continuation-token", "fetch-owner", "allow-unordered", "optional-object-attributes",
    };

    /// <summary>Query keys a GetObject or HeadObject may carry.</summary>
    private static readonly HashSet<string> ObjectReadParameters = new(StringComparer.Ordinal)
    {
        "response-content-type", "response-content-language", "response-expires", "response-cache-control",
        "response-content-disposition", "response-content-encoding", "partNumber", "versionId",
    };

    public static S3Request Resolve(string method, S3Target target, IQueryCollection query, IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(headers);

        var keys = query.Keys
            .Where(k => !Ignored.Contains(k) && !(k == "versionId" && query[k] == "null"))
            .ToHashSet(StringComparer.Ordinal);

        if (target.Bucket is null)
        {
            return new S3Request(HttpMethods.IsGet(method) ? S3Operation.ListBuckets : S3Operation.NotImplemented, target);
        }

        return target.Key switch
        {
            null => ResolveSingleSegment(method, target, keys, headers),
            "" => new S3Request(ResolveBucket(method, keys, trailingSlash: true), target),
            _ => new S3Request(ResolveObject(method, keys, headers), target),
        };
    }

    private static S3Request ResolveSingleSegment(string method, S3Target target, HashSet<string> keys, IHeaderDictionary headers)
    {
        var asObject = target.AsDefaultBucketObject();
        if (HttpMethods.IsGet(method))
        {
            return keys.Count == 0 || keys.All(ObjectReadParameters.Contains) || keys.Contains("uploadId")
                ? new S3Request(ResolveObject(method, keys, headers), asObject)
                : new S3Request(ResolveBucket(method, keys, trailingSlash: false), target);
        }

        if (HttpMethods.IsPut(method))
        {
            if (keys.Contains("partNumber") || keys.Contains("uploadId") || headers.ContainsKey("x-amz-copy-source"))
            {
                return new S3Request(ResolveObject(method, keys, headers), asObject);
            }

            return keys.Count == 0 && HasBody(headers)
                ? new S3Request(S3Operation.PutObject, asObject)
                : new S3Request(ResolveBucket(method, keys, trailingSlash: false), target);
        }

        if (HttpMethods.IsPost(method) && (keys.Contains("uploads") || keys.Contains("uploadId")))
        {
            return new S3Request(ResolveObject(method, keys, headers), asObject);
        }

        if (HttpMethods.IsDelete(method) && keys.Contains("uploadId"))
        {
            return new S3Request(S3Operation.AbortMultipartUpload, asObject);
        }

        return new S3Request(ResolveBucket(method, keys, trailingSlash: false), target);
    }

    private static S3Operation ResolveBucket(string method, HashSet<string> keys, bool trailingSlash)
    {
        if (HttpMethods.IsGet(method))
        {
            if (keys.Contains("location"))
            {
                return S3Operation.GetBucketLocation;
            }

            if (keys.Contains("versioning"))
            {
                return S3Operation.GetBucketVersioning;
            }

            if (keys.Contains("uploads"))
            {
                return S3Operation.ListMultipartUploads;
            }

            if (keys.Contains("object-lock"))
            {
                return S3Operation.GetObjectLockConfiguration;
            }

            if (keys.Count > 0 && !keys.All(ListingParameters.Contains))
            {
                return S3Operation.NotImplemented;
            }

            return keys.Contains("list-type")
                ? S3Operation.ListObjectsV2
                : keys.Count > 0 || trailingSlash ? S3Operation.ListObjectsV1 : S3Operation.GetObject;
        }

        if (HttpMethods.IsHead(method))
        {
            return keys.Count == 0 ? S3Operation.HeadBucket : S3Operation.NotImplemented;
        }

        if (HttpMethods.IsPut(method))
        {
            return keys.Count == 0 ? S3Operation.CreateBucket : S3Operation.NotImplemented;
        }

        if (HttpMethods.IsPost(method))
        {
            return keys.Contains("delete") ? S3Operation.DeleteObjects : S3Operation.NotImplemented;
        }

        if (HttpMethods.IsDelete(method))
        {
            return keys.Count == 0 ? S3Operation.DeleteBucket : S3Operation.NotImplemented;
        }

        return S3Operation.NotImplemented;
    }

    private static S3Operation ResolveObject(string method, HashSet<string> keys, IHeaderDictionary headers)
    {
        if (HttpMethods.IsGet(method))
        {
            if (keys.Contains("uploadId"))
            {
                return S3Operation.ListParts;
            }

            if (keys.Contains("retention"))
            {
                return S3Operation.GetObjectRetention;
            }

            if (keys.Contains("legal-hold"))
            {
                return S3Operation.GetObjectLegalHold;
            }

            return keys.All(ObjectReadParameters.Contains) ? S3Operation.GetObject : S3Operation.NotImplemented;
        }

        if (HttpMethods.IsHead(method))
        {
            return keys.All(ObjectReadParameters.Contains) ? S3Operation.HeadObject : S3Operation.NotImplemented;
        }

        if (HttpMethods.IsPut(method))
        {
            if (keys.Contains("partNumber") && keys.Contains("uploadId"))
            {
                // UploadPartCopy is not implemented.
                return headers.ContainsKey("x-amz-copy-source") ? S3Operation.NotImplemented : S3Operation.UploadPart;
            }

            if (keys.Count > 0)
            {
                return S3Operation.NotImplemented;
            }

            return headers.ContainsKey("x-amz-copy-source") ? S3Operation.CopyObject : S3Operation.PutObject;
        }

        if (HttpMethods.IsPost(method))
        {
            return keys.Contains("uploads") ? S3Operation.CreateMultipartUpload
                : keys.Contains("uploadId") ? S3Operation.CompleteMultipartUpload
                : S3Operation.NotImplemented;
        }

        if (HttpMethods.IsDelete(method))
        {
            return keys.Contains("uploadId") ? S3Operation.AbortMultipartUpload
                : keys.Count == 0 ? S3Operation.DeleteObject
                : S3Operation.NotImplemented;
        }

        return S3Operation.NotImplemented;
    }

    /// <summary>Whether the request announces a non-empty body.</summary>
    private static bool HasBody(IHeaderDictionary headers)
    {
        if (long.TryParse(headers["x-amz-decoded-content-length"], out var decoded))
        {
            return decoded > 0;
        }

        if (headers.ContentLength is { } length)
        {
            return length > 0;
        }

        return headers.TransferEncoding.Count > 0;
    }
}
