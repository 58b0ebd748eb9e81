using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Parley.Frontend.Auth;

/// <summary>
/// Authenticates the operator: the configured <see cref="OperatorOptions.Token"/> (compared in
/// constant time), or, when none is configured, any request from the loopback address. Asks
/// browsers for it with HTTP Basic.
/// </summary>
internal sealed class OperatorAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<OperatorOptions> operatorOptions) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ParleyOperator";
    public const string Policy = "operator";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = operatorOptions.Value.Token;
        var allowed = string.IsNullOrEmpty(token)
            ? Context.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address)
            : PresentedSecret() is { } presented && Matches(presented, token);
        return Task.FromResult(allowed
            ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], SchemeName)), SchemeName))
            : AuthenticateResult.NoResult());
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Basic realm=\"Parley operator\", charset=\"UTF-8\"";
        return base.HandleChallengeAsync(properties);
    }

    /// <summary>The secret of a Bearer header, or the password of a Basic one.</summary>
    private string? PresentedSecret()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header) || header.Parameter is not { } parameter)
        {
            return null;
        }

        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return parameter;
        }

        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            return decoded.IndexOf(':', StringComparison.Ordinal) is >= 0 and var colon ? decoded[(colon + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
