using System.Globalization;
using System.Text.Json;
using Parley.Frontend.Errors;
using Parley.Frontend.Wire;

namespace Parley.Frontend.Ddp;

/// <summary>
/// A <c>Meteor.Error</c> as Meteor's server puts it on the wire:
/// <c>{isClientSafe, error, reason, message: "reason [error]", details?, errorType: "Meteor.Error"}</c>.
/// Parley's own methods answer with Parley's shared code in <c>error</c> (<c>forbidden</c>,
/// <c>not_found</c>, …), like REST's <c>code</c>. Where Meteor itself defines the answer (no such
/// method or subscription, its accounts methods, its rate limiter) the error is Meteor's, because
/// that is what Meteor clients test for.
/// </summary>
internal sealed class DdpError
{
    private readonly string? _code;
    private readonly int _number;

    private DdpError(string? code, int number, string reason, ParleyErrorCode? parleyCode = null, TimeSpan? timeToReset = null)
    {
        _code = code;
        _number = number;
        Reason = reason;
        ParleyCode = parleyCode;
        TimeToReset = timeToReset;
    }

    public string Reason { get; }

    /// <summary>The shared code this error stands for, when it stands for one.</summary>
    public ParleyErrorCode? ParleyCode { get; }

    /// <summary>For a rate limit: how long until a retry may succeed (Meteor's <c>details.timeToReset</c>).</summary>
    public TimeSpan? TimeToReset { get; }

    /// <summary>The server, not the request, is at fault: worth a log line.</summary>
    public bool IsServerFault => ParleyCode is ParleyErrorCode.Internal or ParleyErrorCode.Unavailable;

    /// <summary>What <c>error</c> holds, as text: the code, or the number.</summary>
    public string Error => _code ?? _number.ToString(CultureInfo.InvariantCulture);

    public static DdpError Of(ParleyErrorCode code, string reason, TimeSpan? timeToReset = null) =>
        new(code.ToWireName(), 0, reason, code, timeToReset);

    /// <summary>Meteor's <c>new Meteor.Error(number, reason)</c>: 403 from its accounts methods, 404 for what does not exist.</summary>
    public static DdpError Numeric(int number, string reason, ParleyErrorCode? stands = null) => new(null, number, reason, stands);

    public static DdpError NotFound(string reason) => Numeric(404, reason);

    /// <summary>What Meteor's <c>DDPRateLimiter</c> answers.</summary>
    public static DdpError TooManyRequests(TimeSpan timeToReset) => new(
        "too-many-requests",
        0,
        $"Error, too many requests. Please slow down. You must wait {Math.Max(1, (int)Math.Ceiling(timeToReset.TotalSeconds))} seconds before trying again.",
        ParleyErrorCode.RateLimited,
        timeToReset);

    public static DdpError From(Exception exception) => From(ErrorTranslation.Translate(exception));

    public static DdpError From(Refusal refusal) => Of(refusal.Code, refusal.Message, refusal.RetryAfter);

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("isClientSafe", true);
        if (_code is null)
        {
            writer.WriteNumber("error", _number);
        }
        else
        {
            writer.WriteString("error", _code);
        }

        writer.WriteString("reason", Reason);
        writer.WriteString("message", $"{Reason} [{Error}]");
        if (TimeToReset is { } timeToReset)
        {
            writer.WriteStartObject("details");
            writer.WriteNumber("timeToReset", (long)Math.Ceiling(timeToReset.TotalMilliseconds));
            writer.WriteEndObject();
        }

        writer.WriteString("errorType", "Meteor.Error");
        writer.WriteEndObject();
    }
}
