using Orleans.Storage;

namespace Parley.Frontend.Errors;

/// <summary>
/// Turns any exception into the shared error vocabulary, once, for every protocol: refusals keep
/// their code, cluster hiccups become <c>unavailable</c> (retry), anything else <c>internal_error</c>.
/// </summary>
public static class ErrorTranslation
{
    public static (ParleyErrorCode Code, string Message) Translate(Exception exception) => exception switch
    {
        ParleyException refusal => (refusal.Code, refusal.Message),
        BadHttpRequestException bad => (ParleyErrorCode.InvalidArgument, bad.Message),
        _ when IsTransient(exception) => (ParleyErrorCode.Unavailable, "the cluster is busy or recovering; retry"),
        _ => (ParleyErrorCode.Internal, "internal error"),
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
