using Parley.Frontend.Errors;

namespace Parley.Frontend.Ddp;

/// <summary>
/// How Meteor's own accounts methods (<c>login</c>, <c>createUser</c>) fail, so that Meteor clients
/// recognise the errors: 403 with accounts-password's reasons (its ambiguous one for bad
/// credentials, so that nobody learns whether a name exists), <c>too-many-requests</c> from its
/// rate limiter. Server faults keep Parley's codes.
/// </summary>
internal static class MeteorAccountsErrors
{
    public const string BadCredentials = "Login failure. Please check your login credentials.";
    public const string UsernameExists = "Username already exists.";
    public const string LoggedOut = "You've been logged out by the server. Please log in again.";
    public const string Unrecognized = "Unrecognized options for login request";

    public static DdpError From(Exception exception)
    {
        var refusal = ErrorTranslation.Translate(exception);
        return refusal.Code switch
        {
            ParleyErrorCode.RateLimited => DdpError.TooManyRequests(refusal.RetryAfter ?? TimeSpan.FromSeconds(1)),
            ParleyErrorCode.InvalidCredentials => DdpError.Numeric(403, BadCredentials, refusal.Code),
            ParleyErrorCode.UsernameTaken => DdpError.Numeric(403, UsernameExists, refusal.Code),
            ParleyErrorCode.Unauthorized => DdpError.Numeric(403, LoggedOut, refusal.Code),
            ParleyErrorCode.InvalidArgument => DdpError.Numeric(400, refusal.Message, refusal.Code),
            ParleyErrorCode.Internal or ParleyErrorCode.Unavailable => DdpError.From(refusal),
            _ => DdpError.Numeric(403, refusal.Message, refusal.Code),
        };
    }
}
