namespace FlameGraph.Svg;

/// <summary>
/// flamegraph.pl's palettes (plus inferno's rust and python): a semantic palette picks a basic
/// one from the frame's name, and a basic palette turns three values in [0,1) into a colour.
/// Unknown palette names give black, as flamegraph.pl does.
/// </summary>
public static class Palette
{
    public static readonly string[] Names =
        ["hot", "mem", "io", "wakeup", "chain", "java", "js", "perl", "python", "rust",
         "red", "green", "blue", "aqua", "yellow", "purple", "orange"];

    /// <summary>The background gradient's two stops for a --bgcolors value, or null when it is not valid.</summary>
    public static (string Top, string Bottom)? Background(string? bgcolors, string palette)
    {
        bgcolors ??= palette switch
        {
            "mem" => "green",
            "io" or "wakeup" or "chain" => "blue",
            "red" or "green" or "blue" or "aqua" or "yellow" or "purple" or "orange" => "grey",
            _ => "yellow",
        };
        return bgcolors switch
        {
            "yellow" => ("#eeeeee", "#eeeeb0"),
            "blue" => ("#eeeeee", "#e0e0ff"),
            "green" => ("#eef2ee", "#e0ffe0"),
            "grey" => ("#f8f8f8", "#e8e8e8"),
            // flamegraph.pl only checks for '#' and six more characters.
            _ when bgcolors.Length == 7 && bgcolors[0] == '#' => (bgcolors, bgcolors),
            _ => null,
        };
    }

    public static (int R, int G, int B) Color(string palette, ReadOnlySpan<byte> name, double v1, double v2, double v3)
    {
        switch (palette)
        {
            case "hot": return (205 + (int)(50 * v3), (int)(230 * v1), (int)(55 * v2));
            case "mem": return (0, 190 + (int)(50 * v2), (int)(210 * v1));
            case "io":
                int grey = 80 + (int)(60 * v1);
                return (grey, grey, 190 + (int)(55 * v2));
        }
        return Basic(Semantic(palette, name), v1);
    }

    /// <summary>The basic palette a semantic palette chooses for this name; a basic palette is itself.</summary>
    static string Semantic(string palette, ReadOnlySpan<byte> name) => palette switch
    {
        "java" => Java(name),
        "perl" => Perl(name),
        "js" => JavaScript(name),
        "wakeup" => "aqua",
        "chain" => name.IndexOf("_[w]"u8) >= 0 ? "aqua" : "blue",
        "python" => Python(name),
        "rust" => Rust(name),
        _ => palette,
    };

    static string Java(ReadOnlySpan<byte> name)
    {
        if (name.EndsWith("_[j]"u8)) return "green";   // JIT-compiled
        if (name.EndsWith("_[i]"u8)) return "aqua";    // inlined
        if (StartsWithJavaPackage(name)) return "green";
        if (name.IndexOf(":::"u8) >= 0) return "green"; // perf-map-agent method separator
        if (name.IndexOf("::"u8) >= 0) return "yellow"; // C++
        if (name.EndsWith("_[k]"u8)) return "orange";  // kernel
        return "red";
    }

    static bool StartsWithJavaPackage(ReadOnlySpan<byte> name)
    {
        if (name.Length > 0 && name[0] == 'L')
            name = name[1..];
        int slash = name.IndexOf((byte)'/');
        if (slash < 0)
            return false;
        var package = name[..slash];
        return package.SequenceEqual("java"u8) || package.SequenceEqual("javax"u8) || package.SequenceEqual("jdk"u8)
            || package.SequenceEqual("net"u8) || package.SequenceEqual("org"u8) || package.SequenceEqual("com"u8)
            || package.SequenceEqual("io"u8) || package.SequenceEqual("sun"u8);
    }

    static string Perl(ReadOnlySpan<byte> name)
    {
        if (name.IndexOf("::"u8) >= 0) return "yellow";
        if (name.IndexOf("Perl"u8) >= 0 || name.IndexOf(".pl"u8) >= 0) return "green";
        if (name.EndsWith("_[k]"u8)) return "orange";
        return "red";
    }

    static string JavaScript(ReadOnlySpan<byte> name)
    {
        if (name.EndsWith("_[j]"u8)) return name.IndexOf((byte)'/') >= 0 ? "green" : "aqua";
        if (name.IndexOf("::"u8) >= 0) return "yellow";
        int slash = name.IndexOf((byte)'/');
        if (slash >= 0 && name[(slash + 1)..].IndexOf(".js"u8) >= 0) return "green";
        if (name.IndexOf((byte)':') >= 0) return "aqua";
        if (name.SequenceEqual(" "u8)) return "green";   // missing symbol
        if (name.IndexOf("_[k]"u8) >= 0) return "orange";
        return "red";
    }

    static string Python(ReadOnlySpan<byte> name)
    {
        foreach (var part in PathParts(name))
        {
            if (part.SequenceEqual("site-packages"u8))
                return "aqua";
        }
        foreach (var part in PathParts(name))
        {
            if (IsPythonVersionDir(part))
                return "yellow";
        }
        if (name.StartsWith("<built-in"u8) || name.StartsWith("<method"u8) || name.StartsWith("<frozen"u8))
            return "yellow";
        return "red";
    }

    static List<byte[]> PathParts(ReadOnlySpan<byte> name)
    {
        var parts = new List<byte[]>();
        foreach (var range in name.SplitAny("/\\"u8))
            parts.Add(name[range].ToArray());
        return parts;
    }

    /// <summary>python3.11, Python3.9: the standard library's directory.</summary>
    static bool IsPythonVersionDir(ReadOnlySpan<byte> part)
    {
        if (!part.StartsWith("python"u8) && !part.StartsWith("Python"u8))
            return false;
        var version = part[6..];
        int dot = version.IndexOf((byte)'.');
        if (dot <= 0 || dot == version.Length - 1)
            return false;
        foreach (byte b in version)
            if (b != '.' && (b < '0' || b > '9'))
                return false;
        return true;
    }

    static string Rust(ReadOnlySpan<byte> name)
    {
        int tick = name.IndexOf((byte)'`');
        if (tick >= 0)
            name = name[(tick + 1)..];
        if (name.StartsWith("core::"u8) || name.StartsWith("std::"u8) || name.StartsWith("alloc::"u8)
            || (name.StartsWith("<core::"u8) && !name.StartsWith("<core::future::from_generator::GenFuture<"u8))
            || name.StartsWith("<std::"u8) || name.StartsWith("<alloc::"u8))
            return "orange";
        if (name.IndexOf("::"u8) >= 0)
            return "aqua";
        return "yellow";
    }

    static (int, int, int) Basic(string palette, double v1)
    {
        switch (palette)
        {
            case "red": { int x = 50 + (int)(80 * v1); return (200 + (int)(55 * v1), x, x); }
            case "green": { int x = 50 + (int)(60 * v1); return (x, 200 + (int)(55 * v1), x); }
            case "blue": { int x = 80 + (int)(60 * v1); return (x, x, 205 + (int)(50 * v1)); }
            case "yellow": { int x = 175 + (int)(55 * v1); return (x, x, 50 + (int)(20 * v1)); }
            case "purple": { int x = 190 + (int)(65 * v1); return (x, 80 + (int)(60 * v1), x); }
            case "aqua": return (50 + (int)(60 * v1), 165 + (int)(55 * v1), 165 + (int)(55 * v1));
            case "orange": return (190 + (int)(65 * v1), 90 + (int)(65 * v1), 0);
            default: return (0, 0, 0);
        }
    }

    /// <summary>flamegraph.pl's differential colour: red for more, blue for less, white for no change.</summary>
    public static (int R, int G, int B) Differential(double delta, double maxDelta, bool negate)
    {
        if (negate)
            delta = -delta;
        if (delta > 0)
        {
            int c = (int)(210 * (maxDelta - delta) / maxDelta);
            return (255, c, c);
        }
        if (delta < 0)
        {
            int c = (int)(210 * (maxDelta + delta) / maxDelta);
            return (c, c, 255);
        }
        return (255, 255, 255);
    }
}
