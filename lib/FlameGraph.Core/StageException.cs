namespace FlameGraph;

/// <summary>
/// A stage could not do its work: bad input (named with its file and line or byte offset), a file
/// that cannot be opened, a helper program that failed. The message is one line for the user.
/// </summary>
public class StageException(string message) : Exception(message);

/// <summary>The options given to a stage break one of its rules (a usage error at the command line).</summary>
public sealed class OptionsException(string message) : StageException(message);
