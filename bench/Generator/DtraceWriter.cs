namespace FlameGraph.Bench;

/// <summary>
/// Writes DTrace aggregation text (`dtrace -n 'profile-997 { @[stack(), ustack()] = count(); }'`):
/// a header, then one block per distinct stack, frames leaf first as "module`function+0xoff",
/// then the count. JIT and unknown frames print as bare addresses, as ustack() shows them.
/// </summary>
sealed class DtraceWriter(SystemModel system)
{
    const string Indent = "              ";

    public long Blocks { get; private set; }

    public void Write(TextOutput output, long targetBytes, Rng rng)
    {
        output.Write("CPU     ID                    FUNCTION:NAME\n  0  64091                        :tick-60s \n\n\n"u8);
        var programs = system.Processes;
        var pools = programs.Select(p => new StackPool(p, system.Kernel)).ToArray();
        var modules = new Dictionary<string, byte[]>();
        while (output.BytesWritten < targetBytes)
        {
            int program = rng.Next(programs.Count);
            pools[program].Grow(rng);
            var stack = pools[program].Stacks[^1];
            for (int i = stack.Frames.Length - 1; i >= 0; i--)
            {
                var function = system.Functions[stack.Frames[i]];
                ulong offset = (ulong)rng.Next(function.Size);
                output.Write(Indent);
                if (function.Kind is FrameKind.Jit or FrameKind.Unknown)
                {
                    output.Write("0x"u8);
                    output.WriteHex(function.Address + offset);
                }
                else
                {
                    output.Write(Module(function, modules));
                    output.Write((byte)'`');
                    output.Write(function.NameBytes);
                    output.Write("+0x"u8);
                    output.WriteHex(offset);
                }
                output.Write((byte)'\n');
            }
            output.Write("                "u8);
            output.WriteNumber((long)Math.Min(100_000, Math.Pow(1 - rng.NextDouble(), -1.2)));
            output.Write("\n\n"u8);
            Blocks++;
        }
    }

    static byte[] Module(Function function, Dictionary<string, byte[]> modules)
    {
        if (!modules.TryGetValue(function.Dso, out byte[]? name))
        {
            string module = function.Kind == FrameKind.Kernel ? "genunix" : Path.GetFileName(function.Dso);
            modules[function.Dso] = name = System.Text.Encoding.UTF8.GetBytes(module);
        }
        return name;
    }
}
