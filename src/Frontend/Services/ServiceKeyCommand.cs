using System.CommandLine;

namespace Parley.Frontend.Services;

/// <summary>
/// <c>Parley.Frontend service-key &lt;name&gt; --scopes …</c>: makes a service key and prints it once,
/// with the two settings that admit it. Nothing is stored: configure the hash on every front-end.
/// </summary>
internal static class ServiceKeyCommand
{
    public const string Name = "service-key";

    public static int Run(string[] args)
    {
        var name = new Argument<string>("name") { Description = "The service's name, 1-32 of [a-z0-9-]; it signs its messages with it" };
        var scopes = new Option<string[]>("--scopes") { Description = $"What it may do: {string.Join(", ", ServiceScopes.All.Order())}", Required = true, AllowMultipleArgumentsPerToken = true };
        var command = new RootCommand("Makes a Parley service key") { name, scopes };
        command.SetAction(parsed =>
        {
            var service = parsed.GetValue(name)!;
            var granted = parsed.GetValue(scopes)!.SelectMany(scope => scope.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToArray();
            if (!ServiceKeyOptions.ServiceName().IsMatch(service) || granted.Length == 0 || granted.Any(scope => !ServiceScopes.All.Contains(scope)))
            {
                Console.Error.WriteLine($"Invalid name or scope. Names are 1-32 of [a-z0-9-]; scopes: {string.Join(", ", ServiceScopes.All.Order())}.");
                return 2;
            }

            var (key, hash) = ServiceKeyAuthenticationHandler.Create(service);
            Console.WriteLine($"Key (give it to the service; it is shown only now): {key}");
            Console.WriteLine("Settings for every front-end:");
            Console.WriteLine($"  Parley__ServiceKeys__{service}__SecretSha256={hash}");
            Console.WriteLine($"  Parley__ServiceKeys__{service}__Scopes=\"{string.Join(' ', granted)}\"");
            return 0;
        });
        return command.Parse(args).Invoke();
    }
}
