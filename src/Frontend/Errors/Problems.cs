using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Parley.Frontend.Telemetry;
using Parley.Frontend.Wire;

namespace Parley.Frontend.Errors;

/// <summary>Maps Parley's error codes to HTTP: RFC 9457 problem+json with a <c>code</c> member.</summary>
public static class Problems
{
    public static int StatusOf(ParleyErrorCode code) => code switch
    {
        ParleyErrorCode.InvalidArgument or ParleyErrorCode.InvalidUsername or ParleyErrorCode.WeakPassword
            or ParleyErrorCode.InvalidRoomId or ParleyErrorCode.EmptyMessage or ParleyErrorCode.MessageTooLong => StatusCodes.Status400BadRequest,
        ParleyErrorCode.InvalidCredentials or ParleyErrorCode.Unauthorized => StatusCodes.Status401Unauthorized,
        ParleyErrorCode.Forbidden or ParleyErrorCode.LimitExceeded => StatusCodes.Status403Forbidden,
        ParleyErrorCode.NotFound => StatusCodes.Status404NotFound,
        ParleyErrorCode.UsernameTaken or ParleyErrorCode.RoomExists => StatusCodes.Status409Conflict,
        ParleyErrorCode.RateLimited => StatusCodes.Status429TooManyRequests,
        ParleyErrorCode.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ParleyErrorCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static ProblemDetails Create(ParleyErrorCode code, string detail)
    {
        var status = StatusOf(code);
        return new ProblemDetails
        {
            Status = status,
            Title = ReasonPhrases(status),
            Detail = detail,
            Extensions = { ["code"] = code.ToWireName() },
        };
    }

    public static IResult Result(ParleyErrorCode code, string detail) =>
        Results.Problem(Create(code, detail));

    public static Task Write(HttpContext context, ParleyErrorCode code, string detail) => Write(context, new Refusal(code, detail));

    /// <summary>Answers with the refusal as problem+json; a rate limit also says when to retry (<c>Retry-After</c>).</summary>
    public static async Task Write(HttpContext context, Refusal refusal)
    {
        var problem = Create(refusal.Code, refusal.Message);
        context.Response.StatusCode = problem.Status!.Value;
        if (refusal.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        context.RequestServices.GetRequiredService<ParleyMetrics>().Refused(refusal.Code, "rest");
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
