namespace Parley.LoadGen;

/// <summary>Progress goes to stderr; stdout carries only the JSON result.</summary>
internal static class Log
{
    public static void Write(string line) => Console.Error.WriteLine($"[loadgen {DateTime.Now:HH:mm:ss}] {line}");
}
