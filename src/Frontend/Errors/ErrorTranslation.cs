using Orleans.Storage;

namespace Parley.Frontend.Errors;

/// <summary>A failure in the shared vocabulary, as every protocol reports it.</summary>
public sealed record Refusal(ParleyErrorCode Code, string Message, TimeSpan? RetryAfter = null);

/// <summary>
/// Turns any exception into the shared error vocabulary, once, for every protocol: refusals keep
/// their code, cluster hiccups become <c>unavailable</c> (retry), anything else <c>internal_error</c>.
/// </summary>
public static class ErrorTranslation
{
    public static Refusal Translate(Exception exception) => exception switch
    {
        ParleyException refusal => new(refusal.Code, refusal.Message, refusal.RetryAfter),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new(ParleyErrorCode.PayloadTooLarge, "the request body is too large"),
        BadHttpRequestException bad => new(ParleyErrorCode.InvalidArgument, bad.Message),
        _ when IsTransient(exception) => new(ParleyErrorCode.Unavailable, "the cluster is busy or recovering; retry"),
        _ => new(ParleyErrorCode.Internal, "internal error"),
    };

    /// <summary>Failures that a retry of an idempotent call may cure.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        ParleyException refusal => refusal.Code == ParleyErrorCode.Unavailable,
        TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or InconsistentStateException => true,
        GatewayTooBusyException or Orleans.Runtime.Messaging.ConnectionFailedException => true,
        _ => false,
    };
}
