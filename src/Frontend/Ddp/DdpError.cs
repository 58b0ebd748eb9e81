using System.Globalization;
using System.Text.Json;
using Parley.Frontend.Errors;
using Parley.Frontend.Wire;

namespace Parley.Frontend.Ddp;

/// <summary>
/// A <c>Meteor.Error</c> as Meteor's server puts it on the wire:
/// <c>{isClientSafe, error, reason, message: "reason [error]", errorType: "Meteor.Error"}</c>.
/// Refusals carry Parley's shared error code (<c>invalid_credentials</c>, <c>forbidden</c>, …) in
/// <c>error</c>, like REST's <c>code</c>; only the protocol's own "no such method/subscription"
/// answers use Meteor's numeric 404, because that is what DDP clients test for.
/// </summary>
internal sealed class DdpError
{
    private readonly ParleyErrorCode? _code;
    private readonly int _number;

    private DdpError(ParleyErrorCode? code, int number, string reason)
    {
        _code = code;
        _number = number;
        Reason = reason;
    }

    public string Reason { get; }

    /// <summary>The server, not the request, is at fault: worth a log line.</summary>
    public bool IsServerFault => _code is ParleyErrorCode.Internal or ParleyErrorCode.Unavailable;

    /// <summary>What <c>error</c> holds, as text: the code, or the number.</summary>
    public string Error => _code?.ToWireName() ?? _number.ToString(CultureInfo.InvariantCulture);

    public static DdpError Of(ParleyErrorCode code, string reason) => new(code, 0, reason);

    /// <summary>Meteor's <c>new Meteor.Error(404, reason)</c>.</summary>
    public static DdpError NotFound(string reason) => new(null, 404, reason);

    public static DdpError From(Exception exception)
    {
        var (code, message) = ErrorTranslation.Translate(exception);
        return Of(code, message);
    }

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
            writer.WriteString("error", Error);
        }

        writer.WriteString("reason", Reason);
        writer.WriteString("message", $"{Reason} [{Error}]");
        writer.WriteString("errorType", "Meteor.Error");
        writer.WriteEndObject();
    }
}
