using Microsoft.AspNetCore.Diagnostics;

namespace Parley.Frontend.Errors;

/// <summary>Answers every unhandled REST exception with problem+json and its error code.</summary>
internal sealed class ParleyExceptionHandler(ILogger<ParleyExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var refusal = ErrorTranslation.Translate(exception);
        if (refusal.Code == ParleyErrorCode.Internal)
        {
            logger.LogError(exception, "Request {Method} {Path} failed", httpContext.Request.Method, httpContext.Request.Path);
        }
        else if (refusal.Code == ParleyErrorCode.Unavailable)
        {
            // Expected while the cluster recovers; a stack trace per request would flood the log.
            logger.LogWarning("Request {Method} {Path} answered 503: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        }

        await Problems.Write(httpContext, refusal);
        return true;
    }
}
