namespace Parley.Grains;

/// <summary>The one named grain storage provider every Parley grain persists to.</summary>
public static class StorageNames
{
    public const string Parley = "parley";
}
