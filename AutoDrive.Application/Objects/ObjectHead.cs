namespace AutoDrive.Application.Objects;

/// <summary>HeadObject's answer: the object's description, or that it was not modified (304).</summary>
public sealed record ObjectHead(ObjectDescription Description, bool NotModified);
