namespace Parley.Grains.Abstractions;

/// <summary>
/// A refusal the caller can act on (bad input, missing rights). Thrown by grains and mapped by each
/// protocol to its own error form; anything else is an internal failure.
/// </summary>
[GenerateSerializer, Alias("parley-error")]
public sealed class ParleyException : Exception
{
    public ParleyException(ParleyErrorCode code, string message) : base(message) => Code = code;

    public ParleyException() : this(ParleyErrorCode.InvalidArgument, "invalid argument") { }

    public ParleyException(string message) : this(ParleyErrorCode.InvalidArgument, message) { }

    public ParleyException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>What went wrong, in the shared vocabulary.</summary>
    [Id(0)]
    public ParleyErrorCode Code { get; init; }

    /// <summary>For <see cref="ParleyErrorCode.RateLimited"/> and <see cref="ParleyErrorCode.Unavailable"/>: how long until a retry may succeed.</summary>
    [Id(1)]
    public TimeSpan? RetryAfter { get; init; }

    public static ParleyException RateLimited(string message, TimeSpan retryAfter) =>
        new(ParleyErrorCode.RateLimited, message) { RetryAfter = retryAfter };

    public static ParleyException Unavailable(string message, TimeSpan retryAfter) =>
        new(ParleyErrorCode.Unavailable, message) { RetryAfter = retryAfter };
}
