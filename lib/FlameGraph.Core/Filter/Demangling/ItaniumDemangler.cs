namespace FlameGraph.Filter.Demangling;

/// <summary>
/// Demangles C++ names of the Itanium ABI (`_Z...`, as GCC and Clang emit them) into the text
/// binutils' c++filt prints. Covered: nested and local names, templates and template
/// parameters, substitutions and the std:: abbreviations, operators, constructors and
/// destructors, lambdas and unnamed types, ABI tags, cv- and ref-qualified member functions,
/// pointers, references, arrays, function and member pointers, integer and bool template
/// literals, special names (vtables, typeinfo, guards, thunks) and `.clone` suffixes.
/// Template-argument expressions: template parameters, literals and `sr` names only.
/// Not covered (the symbol is left as it is): other expressions, decltype, floating-point
/// literals, vendor qualifiers on functions, modules.
/// </summary>
public static class ItaniumDemangler
{
    /// <summary>The demangled name, or null when the symbol is not one this demangler reads.</summary>
    public static string? Demangle(string symbol)
    {
        int start = symbol.StartsWith("_Z", StringComparison.Ordinal) ? 2 : symbol.StartsWith("__Z", StringComparison.Ordinal) ? 3 : -1;
        if (start < 0 || symbol.Length > 4096)
            return null;
        try
        {
            return new ItaniumParser(symbol, start).ParseMangledName();
        }
        catch (Exception e) when (e is NotDemangled or IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            // A symbol this parser cannot read is left as it is; a damaged one must never stop the tool.
            return null;
        }
    }
}

sealed class NotDemangled : Exception;

/// <summary>What a name tells the function encoding around it.</summary>
struct NameInfo
{
    public bool EndsWithTemplateArgs;
    public bool IsCtorDtorOrConversion;
    public string Qualifiers;   // cv- and ref-qualifiers of a member function
}

sealed partial class ItaniumParser(string text, int pos)
{
    readonly List<Node> _substitutions = [];
    List<Node>? _templateParams;
    int _depth;
    int _templateArgDepth;

    static readonly Dictionary<char, string> Builtins = new()
    {
        ['v'] = "void",
        ['w'] = "wchar_t",
        ['b'] = "bool",
        ['c'] = "char",
        ['a'] = "signed char",
        ['h'] = "unsigned char",
        ['s'] = "short",
        ['t'] = "unsigned short",
        ['i'] = "int",
        ['j'] = "unsigned int",
        ['l'] = "long",
        ['m'] = "unsigned long",
        ['x'] = "long long",
        ['y'] = "unsigned long long",
        ['n'] = "__int128",
        ['o'] = "unsigned __int128",
        ['f'] = "float",
        ['d'] = "double",
        ['e'] = "long double",
        ['g'] = "__float128",
        ['z'] = "...",
    };

    static readonly Dictionary<char, string> DBuiltins = new()
    {
        ['d'] = "decimal64",
        ['e'] = "decimal128",
        ['f'] = "decimal32",
        ['h'] = "half",
        ['i'] = "char32_t",
        ['s'] = "char16_t",
        ['u'] = "char8_t",
        ['a'] = "auto",
        ['c'] = "decltype(auto)",
        ['n'] = "decltype(nullptr)",
    };

    static readonly Dictionary<string, string> Operators = new()
    {
        ["nw"] = "new",
        ["na"] = "new[]",
        ["dl"] = "delete",
        ["da"] = "delete[]",
        ["ps"] = "+",
        ["ng"] = "-",
        ["ad"] = "&",
        ["de"] = "*",
        ["co"] = "~",
        ["pl"] = "+",
        ["mi"] = "-",
        ["ml"] = "*",
        ["dv"] = "/",
        ["rm"] = "%",
        ["an"] = "&",
        ["or"] = "|",
        ["eo"] = "^",
        ["aS"] = "=",
        ["pL"] = "+=",
        ["mI"] = "-=",
        ["mL"] = "*=",
        ["dV"] = "/=",
        ["rM"] = "%=",
        ["aN"] = "&=",
        ["oR"] = "|=",
        ["eO"] = "^=",
        ["ls"] = "<<",
        ["rs"] = ">>",
        ["lS"] = "<<=",
        ["rS"] = ">>=",
        ["eq"] = "==",
        ["ne"] = "!=",
        ["lt"] = "<",
        ["gt"] = ">",
        ["le"] = "<=",
        ["ge"] = ">=",
        ["ss"] = "<=>",
        ["nt"] = "!",
        ["aa"] = "&&",
        ["oo"] = "||",
        ["pp"] = "++",
        ["mm"] = "--",
        ["cm"] = ",",
        ["pm"] = "->*",
        ["pt"] = "->",
        ["cl"] = "()",
        ["ix"] = "[]",
        ["qu"] = "?",
        ["aw"] = "co_await",
    };

    char Peek(int ahead = 0) => pos + ahead < text.Length ? text[pos + ahead] : '\0';

    char Next() => pos < text.Length ? text[pos++] : throw Fail();

    bool Eat(char c)
    {
        if (Peek() != c)
            return false;
        pos++;
        return true;
    }

    void Expect(char c)
    {
        if (!Eat(c))
            throw new NotDemangled();
    }

    static NotDemangled Fail() => new();

    void Enter()
    {
        if (++_depth > 200)
            throw Fail();
    }

    public string ParseMangledName()
    {
        var encoding = ParseEncoding();
        var result = Node.NewBuilder();
        encoding.Print(result);
        // GCC's clone suffixes: `.cold`, `.constprop.0`, `.isra.0`, `.part.1`, `.123`.
        while (Peek() == '.' && (char.IsAsciiLetterLower(Peek(1)) || Peek(1) == '_' || char.IsAsciiDigit(Peek(1))))
        {
            int start = pos++;
            while (char.IsAsciiLetterLower(Peek()) || Peek() == '_')
                pos++;
            while (Peek() == '.' && char.IsAsciiDigit(Peek(1)))
            {
                pos++;
                while (char.IsAsciiDigit(Peek()))
                    pos++;
            }
            result.Append(" [clone ").Append(text, start, pos - start).Append(']');
        }
        if (pos != text.Length)
            throw Fail();
        return result.ToString();
    }
}
