namespace Parley.Frontend.Auth;

/// <summary>Who may see the operator endpoints (the Orleans Dashboard; <c>/metrics</c> if protected). Section <c>Parley:Operator</c>.</summary>
public sealed class OperatorOptions
{
    public const string Section = "Parley:Operator";

    /// <summary>
    /// The operator's secret, sent as <c>Authorization: Bearer</c> or as the password of HTTP
    /// Basic (browsers ask for it). Unset: operator endpoints answer only requests from this
    /// machine's loopback address. Never logged.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>Serve <c>/metrics</c> to operators only (default: to anyone who reaches the front-end).</summary>
    public bool ProtectMetrics { get; set; }
}
