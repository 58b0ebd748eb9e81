namespace Parley.Frontend.Ddp;

/// <summary>
/// Publications a Meteor client subscribes to by itself, on every connection. Parley has neither
/// login services to configure nor a client bundle to update, so each is answered ready and empty
/// instead of with a 404 that Meteor's client would log.
/// </summary>
internal static class MeteorPublications
{
    private static readonly string[] Empty = ["meteor.loginServiceConfiguration", "meteor_autoupdate_clientVersions"];

    public static bool IsEmptyOne(string name) => Empty.Contains(name, StringComparer.Ordinal);
}
