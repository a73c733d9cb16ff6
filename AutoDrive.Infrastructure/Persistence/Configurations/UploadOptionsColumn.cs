using System.Text.Json;
using AutoDrive.Domain.Content;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AutoDrive.Infrastructure.Persistence.Configurations;

/// <summary>Upload options as one <c>jsonb</c> column: <c>{"Compression":{"Algorithm":0,"Level":9},"Encryption":null}</c>.</summary>
internal static class UploadOptionsColumn
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static readonly ValueConverter<UploadOptions, string> Converter = new(
        v => Serialize(v),
        v => Deserialize(v));

    public static readonly ValueComparer<UploadOptions> Comparer = new(
        (a, b) => Equals(a, b),
        v => v.GetHashCode(),
        v => v);

    public static string Serialize(UploadOptions options) => JsonSerializer.Serialize(options, Json);

    public static UploadOptions Deserialize(string json) =>
        string.IsNullOrEmpty(json) ? UploadOptions.None : JsonSerializer.Deserialize<UploadOptions>(json, Json) ?? UploadOptions.None;
}
