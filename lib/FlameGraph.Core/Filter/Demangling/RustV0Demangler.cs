using System.Globalization;
using System.Text;

namespace FlameGraph.Filter.Demangling;

/// <summary>
/// Rust's v0 mangling (`_R...`, RFC 2603), printed as rustc-demangle's alternate form (`{:#}`):
/// crate hashes hidden, constants without a type suffix. Covered: paths (crate roots, nested
/// names, closures and shims, inherent and trait impls, generic arguments), every basic type,
/// references, pointers, arrays, slices, tuples, fn pointers, `dyn` bounds with associated
/// types, lifetimes and binders, integer/bool/char constants, punycode (non-ASCII)
/// identifiers and backreferences. Not covered (left as it is): structured constants (`str`,
/// arrays, structs as const generics).
/// </summary>
public static class RustV0Demangler
{
    public static string? Demangle(string symbol)
    {
        int start = symbol.StartsWith("_R", StringComparison.Ordinal) ? 2 : symbol.StartsWith("__R", StringComparison.Ordinal) ? 3 : -1;
        if (start < 0 || start >= symbol.Length || !char.IsAsciiLetterUpper(symbol[start]) || symbol.Length > 4096)
            return null;
        try
        {
            var printer = new RustV0Printer(symbol, start);
            printer.PrintPath(inValue: true);
            // An optional instantiating crate follows; it is not printed.
            if (printer.Position < symbol.Length && char.IsAsciiLetterUpper(symbol[printer.Position]))
                printer.SkipPath();
            string suffix = symbol[printer.Position..];
            if (suffix.Length > 0 && suffix[0] != '.')
                return null;
            return printer.Output + suffix;
        }
        catch (Exception e) when (e is NotDemangled or IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            // A symbol this parser cannot read is left as it is; a damaged one must never stop the tool.
            return null;
        }
    }
}

sealed class RustV0Printer(string text, int start)
{
    readonly int _start = start;
    int pos = start;
    // Backreferences can make the output exponentially long: past 64 KiB the builder throws
    // and the symbol is left mangled.
    readonly StringBuilder _out = new(64, 1 << 16);
    int _depth;
    int _skipping;          // > 0 while reading a part that is not printed (impl paths)
    int _boundLifetimes;    // lifetimes bound by the enclosing binders

    public int Position => pos;
    public string Output => _out.ToString();

    char Peek() => pos < text.Length ? text[pos] : '\0';

    bool Eat(char c)
    {
        if (Peek() != c)
            return false;
        pos++;
        return true;
    }

    char Next() => pos < text.Length ? text[pos++] : throw new NotDemangled();

    void Write(string s)
    {
        if (_skipping == 0)
            _out.Append(s);
    }

    void Write(char c)
    {
        if (_skipping == 0)
            _out.Append(c);
    }

    void Enter()
    {
        if (++_depth > 300)
            throw new NotDemangled();
    }

    public void SkipPath()
    {
        _skipping++;
        PrintPath(inValue: false);
        _skipping--;
    }

    /// <summary>`_` is 0, `&lt;base 62&gt;_` is the value plus one.</summary>
    long Base62()
    {
        if (Eat('_'))
            return 0;
        long value = 0;
        while (true)
        {
            char c = Next();
            if (c == '_')
                return value + 1;
            int digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetterLower(c) ? c - 'a' + 10 : char.IsAsciiLetterUpper(c) ? c - 'A' + 36 : throw new NotDemangled();
            // Crate disambiguators are 64-bit hashes: let them wrap; only small values are used.
            value = unchecked(value * 62 + digit);
        }
    }

    /// <summary>An optional `s &lt;base 62&gt;`: 0 when absent.</summary>
    long Disambiguator() => Eat('s') ? Base62() + 1 : 0;

    long Decimal()
    {
        if (!char.IsAsciiDigit(Peek()))
            throw new NotDemangled();
        if (Peek() == '0')
        {
            pos++;
            return 0;
        }
        long value = 0;
        while (char.IsAsciiDigit(Peek()))
        {
            value = value * 10 + (text[pos++] - '0');
            if (value > text.Length)
                throw new NotDemangled();
        }
        return value;
    }

    string Identifier()
    {
        bool punycode = Eat('u');
        long length = Decimal();
        Eat('_');
        if (pos + length > text.Length)
            throw new NotDemangled();
        string name = text.Substring(pos, (int)length);
        pos += (int)length;
        if (!punycode)
            return name;
        // `ascii_encoded`: the last '_' separates the ASCII characters from the punycode digits.
        int split = name.LastIndexOf('_');
        return (split < 0 ? Punycode.Decode("", name) : Punycode.Decode(name[..split], name[(split + 1)..]))
            ?? throw new NotDemangled();
    }

    /// <summary>Runs <paramref name="print"/> at the position a backreference points to.</summary>
    void AtBackref(Action print)
    {
        int tagAt = pos - 1;
        long offset = Base62();
        // Backreferences point strictly backwards (the offset counts from after "_R").
        if (offset < 0 || offset >= tagAt - _start)
            throw new NotDemangled();
        int target = _start + (int)offset;
        if (target >= tagAt)
            throw new NotDemangled();
        int saved = pos;
        pos = target;
        print();
        pos = saved;
    }

    public void PrintPath(bool inValue)
    {
        Enter();
        char tag = Next();
        switch (tag)
        {
            case 'C':
                Disambiguator();
                Write(Identifier());
                break;
            case 'N':
                {
                    char ns = Next();
                    if (!char.IsAsciiLetter(ns))
                        throw new NotDemangled();
                    PrintPath(inValue);
                    long dis = Disambiguator();
                    string name = Identifier();
                    if (char.IsAsciiLetterUpper(ns))
                    {
                        Write("::{");
                        Write(ns switch { 'C' => "closure", 'S' => "shim", _ => ns.ToString() });
                        if (name.Length > 0)
                            Write(":" + name);
                        Write("#" + dis.ToString(CultureInfo.InvariantCulture) + "}");
                    }
                    else if (name.Length > 0)
                    {
                        Write("::" + name);
                    }
                    break;
                }
            case 'M':
                Disambiguator();
                SkipPath();
                Write('<');
                PrintType();
                Write('>');
                break;
            case 'X':
                Disambiguator();
                SkipPath();
                Write('<');
                PrintType();
                Write(" as ");
                PrintPath(inValue: false);
                Write('>');
                break;
            case 'Y':
                Write('<');
                PrintType();
                Write(" as ");
                PrintPath(inValue: false);
                Write('>');
                break;
            case 'I':
                PrintPath(inValue);
                Write(inValue ? "::<" : "<");
                PrintGenericArgs();
                Write('>');
                break;
            case 'B':
                AtBackref(() => PrintPath(inValue));
                break;
            default:
                throw new NotDemangled();
        }
        _depth--;
    }

    /// <summary>Generic arguments up to `E`, comma separated.</summary>
    void PrintGenericArgs()
    {
        for (int i = 0; !Eat('E'); i++)
        {
            if (i > 0)
                Write(", ");
            PrintGenericArg();
        }
    }

    void PrintGenericArg()
    {
        if (Eat('L'))
            PrintLifetime(Base62());
        else if (Eat('K'))
            PrintConst();
        else
            PrintType();
    }

    void PrintLifetime(long index)
    {
        if (index == 0)
        {
            Write("'_");
            return;
        }
        long depth = _boundLifetimes - index;
        if (depth < 0)
            throw new NotDemangled();
        Write(depth < 26 ? "'" + (char)('a' + depth) : "'_" + depth.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>`G &lt;n&gt;` binds n+1 lifetimes: printed `for&lt;'a, 'b&gt; `.</summary>
    long PrintBinder()
    {
        if (!Eat('G'))
            return 0;
        long count = Base62() + 1;
        if (count is <= 0 or > 64)
            throw new NotDemangled();
        Write("for<");
        for (long i = 0; i < count; i++)
        {
            if (i > 0)
                Write(", ");
            _boundLifetimes++;
            PrintLifetime(1);
        }
        Write("> ");
        return count;
    }

    static string? BasicType(char c) => c switch
    {
        'a' => "i8",
        'b' => "bool",
        'c' => "char",
        'd' => "f64",
        'e' => "str",
        'f' => "f32",
        'h' => "u8",
        'i' => "isize",
        'j' => "usize",
        'l' => "i32",
        'm' => "u32",
        'n' => "i128",
        'o' => "u128",
        's' => "i16",
        't' => "u16",
        'u' => "()",
        'v' => "...",
        'x' => "i64",
        'y' => "u64",
        'z' => "!",
        'p' => "_",
        _ => null,
    };

    void PrintType()
    {
        Enter();
        char tag = Peek();
        if (BasicType(tag) is { } basic)
        {
            pos++;
            Write(basic);
            _depth--;
            return;
        }
        pos++;
        switch (tag)
        {
            case 'R' or 'Q':
                Write(tag == 'R' ? "&" : "&mut ");
                if (Eat('L'))
                {
                    long lifetime = Base62();
                    if (lifetime != 0)
                    {
                        // `&'a mut T`: the lifetime goes between `&` and `mut`.
                        if (tag == 'Q')
                            _out.Length -= _skipping == 0 ? 4 : 0;
                        PrintLifetime(lifetime);
                        Write(tag == 'Q' ? " mut " : " ");
                    }
                }
                PrintType();
                break;
            case 'P': Write("*const "); PrintType(); break;
            case 'O': Write("*mut "); PrintType(); break;
            case 'A':
                Write('[');
                PrintType();
                Write("; ");
                PrintConst();
                Write(']');
                break;
            case 'S':
                Write('[');
                PrintType();
                Write(']');
                break;
            case 'T':
                {
                    Write('(');
                    int count = 0;
                    for (; !Eat('E'); count++)
                    {
                        if (count > 0)
                            Write(", ");
                        PrintType();
                    }
                    if (count == 1)
                        Write(',');
                    Write(')');
                    break;
                }
            case 'F':
                {
                    long bound = PrintBinder();
                    if (Eat('U'))
                        Write("unsafe ");
                    if (Eat('K'))
                    {
                        string abi = Eat('C') ? "C" : Identifier().Replace('_', '-');
                        Write("extern \"" + abi + "\" ");
                    }
                    Write("fn(");
                    for (int i = 0; !Eat('E'); i++)
                    {
                        if (i > 0)
                            Write(", ");
                        PrintType();
                    }
                    Write(')');
                    if (Eat('u'))
                    {
                        // returns (): nothing printed
                    }
                    else
                    {
                        Write(" -> ");
                        PrintType();
                    }
                    _boundLifetimes -= (int)bound;
                    break;
                }
            case 'D':
                {
                    Write("dyn ");
                    long bound = PrintBinder();
                    for (int i = 0; !Eat('E'); i++)
                    {
                        if (i > 0)
                            Write(" + ");
                        PrintDynTrait();
                    }
                    _boundLifetimes -= (int)bound;
                    if (!Eat('L'))
                        throw new NotDemangled();
                    long lifetime = Base62();
                    if (lifetime != 0)
                    {
                        Write(" + ");
                        PrintLifetime(lifetime);
                    }
                    break;
                }
            case 'B':
                AtBackref(PrintType);
                break;
            default:
                pos--;
                PrintPath(inValue: false);
                break;
        }
        _depth--;
    }

    /// <summary>A trait in `dyn` bounds, with `Name = Type` bindings inside its generic brackets.</summary>
    void PrintDynTrait()
    {
        bool open = PrintPathMaybeOpenGenerics();
        while (Eat('p'))
        {
            Write(open ? ", " : "<");
            open = true;
            Write(Identifier());
            Write(" = ");
            PrintType();
        }
        if (open)
            Write('>');
    }

    /// <summary>Prints a path; generic arguments at its end are left open (no `&gt;`). Returns whether they were.</summary>
    bool PrintPathMaybeOpenGenerics()
    {
        if (Eat('I'))
        {
            PrintPath(inValue: false);
            Write('<');
            PrintGenericArgs();
            return true;
        }
        if (Peek() == 'B')
        {
            pos++;
            bool open = false;
            AtBackref(() => open = PrintPathMaybeOpenGenerics());
            return open;
        }
        PrintPath(inValue: false);
        return false;
    }

    void PrintConst()
    {
        Enter();
        if (Eat('p'))
        {
            Write('_');
        }
        else if (Eat('B'))
        {
            AtBackref(PrintConst);
        }
        else
        {
            char type = Next();
            bool negative = Eat('n');
            int start = pos;
            while (char.IsAsciiHexDigit(Peek()) && !char.IsAsciiLetterUpper(Peek()))
                pos++;
            string hex = text[start..pos];
            if (!Eat('_'))
                throw new NotDemangled();
            if (hex.Length > 32)
                throw new NotDemangled();
            UInt128 value = hex.Length == 0 ? 0 : UInt128.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            switch (type)
            {
                case 'a' or 's' or 'l' or 'x' or 'n' or 'i' or 'h' or 't' or 'm' or 'y' or 'o' or 'j':
                    Write((negative ? "-" : "") + value.ToString(CultureInfo.InvariantCulture));
                    break;
                case 'b' when !negative && value <= 1:
                    Write(value == 1 ? "true" : "false");
                    break;
                case 'c' when !negative && value <= 0x10FFFF && (value < 0xD800 || value > 0xDFFF):
                    Write(CharLiteral((int)value));
                    break;
                default:
                    throw new NotDemangled();
            }
        }
        _depth--;
    }

    static string CharLiteral(int scalar) => scalar switch
    {
        '\'' => "'\\''",
        '\\' => "'\\\\'",
        '\n' => "'\\n'",
        '\r' => "'\\r'",
        '\t' => "'\\t'",
        '\0' => "'\\0'",
        < 0x20 or 0x7F => "'\\u{" + scalar.ToString("x", CultureInfo.InvariantCulture) + "}'",
        _ => "'" + char.ConvertFromUtf32(scalar) + "'",
    };
}
