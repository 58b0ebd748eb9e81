using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Parley.Hostile.Tests;

/// <summary>The cases of <c>Corpus/*.txt</c> (see its README), expanded into the bytes to send.</summary>
internal static partial class BadInput
{
    /// <summary>The error codes a well-behaved answer may carry; <c>internal_error</c> is not among them.</summary>
    public static readonly string[] Codes =
    [
        "invalid_argument", "invalid_username", "weak_password", "username_taken", "invalid_credentials", "unauthorized",
        "rate_limited", "limit_exceeded", "invalid_room_id", "room_exists", "forbidden", "not_found", "empty_message",
        "message_too_long", "payload_too_large", "unavailable",
    ];

    /// <summary>The cases of one corpus file: line number and text, with templates still in place.</summary>
    public static TheoryData<int, string> Cases(string file)
    {
        var data = new TheoryData<int, string>();
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Corpus", file));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > 0 && !lines[i].StartsWith('#'))
            {
                data.Add(i + 1, lines[i]);
            }
        }

        return data;
    }

    /// <summary>A case's text with its templates expanded: <c>&lt;&lt;x*N&gt;&gt;</c>, <c>&lt;&lt;hex:..&gt;&gt;</c>, <c>&lt;&lt;token&gt;&gt;</c>.</summary>
    public static byte[] Expand(string text, string token = "")
    {
        var bytes = new List<byte>();
        var at = 0;
        foreach (Match template in Template().Matches(text))
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(text[at..template.Index]));
            var body = template.Groups[1].Value;
            if (body.StartsWith("hex:", StringComparison.Ordinal))
            {
                bytes.AddRange(body[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(hex => byte.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }
            else if (body == "token")
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(token));
            }
            else
            {
                var star = body.LastIndexOf('*');
                bytes.AddRange(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(body[..star], int.Parse(body[(star + 1)..], CultureInfo.InvariantCulture)))));
            }

            at = template.Index + template.Length;
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(text[at..]));
        return [.. bytes];
    }

    /// <summary>Whether a SignalR or DDP error message starts with one of <see cref="Codes"/>.</summary>
    public static bool StartsWithCode(string? message) => message is not null && Codes.Any(code => message.StartsWith(code + ":", StringComparison.Ordinal));

    [GeneratedRegex("<<(.*?)>>")]
    private static partial Regex Template();
}
