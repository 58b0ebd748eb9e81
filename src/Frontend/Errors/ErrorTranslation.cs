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
    /// <summary>What <c>unavailable</c> suggests when the failure does not say: recoveries take seconds.</summary>
    private static readonly TimeSpan RetryAfterUnavailable = TimeSpan.FromSeconds(1);

    public static Refusal Translate(Exception exception) => exception switch
    {
        ParleyException { Code: ParleyErrorCode.Unavailable } refusal => new(refusal.Code, refusal.Message, refusal.RetryAfter ?? RetryAfterUnavailable),
        ParleyException refusal => new(refusal.Code, refusal.Message, refusal.RetryAfter),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new(ParleyErrorCode.PayloadTooLarge, "the request body is too large"),
        BadHttpRequestException bad => new(ParleyErrorCode.InvalidArgument, bad.Message),
        _ when StorageFailure.IsIn(exception) => new(ParleyErrorCode.Unavailable, "the database is unreachable; retry", RetryAfterUnavailable),
        _ when IsTransient(exception) => new(ParleyErrorCode.Unavailable, "the cluster is busy or recovering; retry", RetryAfterUnavailable),
        _ => new(ParleyErrorCode.Internal, "internal error"),
    };

    /// <summary>
    /// Failures of the cluster's plumbing (a silo dying, a call timing out), which a front-end
    /// cures by retrying an idempotent call for a few seconds. Not a grain's own refusal, nor an
    /// unreachable database: those are answered at once, so the client hears of an outage in
    /// milliseconds and retries on its own schedule.
    /// </summary>
    public static bool IsWorthRetrying(Exception exception) =>
        exception is not ParleyException && !StorageFailure.IsIn(exception) && IsTransient(exception);

    /// <summary>Failures that a later retry of an idempotent call may cure.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        ParleyException refusal => refusal.Code == ParleyErrorCode.Unavailable,
        TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or InconsistentStateException => true,
        GatewayTooBusyException or Orleans.Runtime.Messaging.ConnectionFailedException => true,
        _ when StorageFailure.IsIn(exception) => true,
        _ => false,
    };
}
