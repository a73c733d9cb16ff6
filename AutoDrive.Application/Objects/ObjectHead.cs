namespace AutoDrive.Application.Objects;

/// <summary>HeadObject's answer: the object's description, the range a Range header asked for, and the outcome.</summary>
public sealed record ObjectHead(ObjectDescription Description, ByteRange? Range, ReadOutcome Outcome);
