namespace Parley.Grains.Abstractions;

/// <summary>Rules for a message's text: 1–4000 characters, not only white space.</summary>
public static class MessageText
{
    public const int MaxLength = 4000;

    public static void Validate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ParleyException(ParleyErrorCode.EmptyMessage, "message text is empty");
        }

        if (text.Length > MaxLength)
        {
            throw new ParleyException(ParleyErrorCode.MessageTooLong, $"message text is longer than {MaxLength} characters");
        }
    }
}
