using AutoDrive.Api.Common;
using AutoDrive.Api.S3.Routing;
using AutoDrive.Application.Listing;
using Microsoft.AspNetCore.Mvc;

namespace AutoDrive.Api.S3.Listing;

/// <summary>ListBuckets, ListObjects (V1) and ListObjectsV2 of the caller's own buckets.</summary>
public sealed class ListingController(ListingService listing) : S3ControllerBase
{
    [HttpGet]
    [S3Operation(S3Operation.ListBuckets)]
    public async Task<IActionResult> ListBuckets()
    {
        var request = ListingRequestReader.ReadBuckets(Request.Query, User.GetUserId());
        var result = await listing.ListBucketsAsync(request, HttpContext.RequestAborted);
        return new BucketListingResult(result, Owner());
    }

    [HttpGet]
    [S3Operation(S3Operation.ListObjectsV2)]
    public Task<IActionResult> ListObjectsV2() => ListObjectsAsync(ListingVersion.V2);

    [HttpGet]
    [S3Operation(S3Operation.ListObjectsV1)]
    public Task<IActionResult> ListObjectsV1() => ListObjectsAsync(ListingVersion.V1);

    private async Task<IActionResult> ListObjectsAsync(ListingVersion version)
    {
        var request = ListingRequestReader.ReadObjects(Request.Query, User.GetUserId(), S3.Target.Bucket!, version);
        var result = await listing.ListObjectsAsync(request, HttpContext.RequestAborted);
        return new ObjectListingResult(result, Owner());
    }

    private S3Owner Owner() => new(User.GetUserId().ToString(), User.GetUserName());
}
