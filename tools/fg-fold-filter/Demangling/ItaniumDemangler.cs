using System.Text;

namespace FlameGraph.FoldFilter.Demangling;

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

sealed class ItaniumParser(string text, int pos)
{
    readonly List<Node> _substitutions = [];
    List<Node>? _templateParams;
    int _depth;
    int _templateArgDepth;

    static readonly Dictionary<char, string> Builtins = new()
    {
        ['v'] = "void", ['w'] = "wchar_t", ['b'] = "bool", ['c'] = "char", ['a'] = "signed char",
        ['h'] = "unsigned char", ['s'] = "short", ['t'] = "unsigned short", ['i'] = "int",
        ['j'] = "unsigned int", ['l'] = "long", ['m'] = "unsigned long", ['x'] = "long long",
        ['y'] = "unsigned long long", ['n'] = "__int128", ['o'] = "unsigned __int128",
        ['f'] = "float", ['d'] = "double", ['e'] = "long double", ['g'] = "__float128", ['z'] = "...",
    };

    static readonly Dictionary<char, string> DBuiltins = new()
    {
        ['d'] = "decimal64", ['e'] = "decimal128", ['f'] = "decimal32", ['h'] = "half",
        ['i'] = "char32_t", ['s'] = "char16_t", ['u'] = "char8_t", ['a'] = "auto",
        ['c'] = "decltype(auto)", ['n'] = "decltype(nullptr)",
    };

    static readonly Dictionary<string, string> Operators = new()
    {
        ["nw"] = "new", ["na"] = "new[]", ["dl"] = "delete", ["da"] = "delete[]", ["ps"] = "+", ["ng"] = "-",
        ["ad"] = "&", ["de"] = "*", ["co"] = "~", ["pl"] = "+", ["mi"] = "-", ["ml"] = "*", ["dv"] = "/",
        ["rm"] = "%", ["an"] = "&", ["or"] = "|", ["eo"] = "^", ["aS"] = "=", ["pL"] = "+=", ["mI"] = "-=",
        ["mL"] = "*=", ["dV"] = "/=", ["rM"] = "%=", ["aN"] = "&=", ["oR"] = "|=", ["eO"] = "^=",
        ["ls"] = "<<", ["rs"] = ">>", ["lS"] = "<<=", ["rS"] = ">>=", ["eq"] = "==", ["ne"] = "!=",
        ["lt"] = "<", ["gt"] = ">", ["le"] = "<=", ["ge"] = ">=", ["ss"] = "<=>", ["nt"] = "!",
        ["aa"] = "&&", ["oo"] = "||", ["pp"] = "++", ["mm"] = "--", ["cm"] = ",", ["pm"] = "->*",
        ["pt"] = "->", ["cl"] = "()", ["ix"] = "[]", ["qu"] = "?", ["aw"] = "co_await",
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

    Node ParseEncoding()
    {
        Enter();
        try
        {
            if (Peek() == 'T' || (Peek() == 'G' && Peek(1) is 'V' or 'T'))
                return ParseSpecialName();
            var info = new NameInfo { Qualifiers = "" };
            var name = ParseName(ref info, recordTemplateParams: true);
            if (pos >= text.Length || Peek() == 'E' || Peek() == '.')
                return name;
            Node? returns = null;
            if (info.EndsWithTemplateArgs && !info.IsCtorDtorOrConversion)
                returns = ParseType();
            var parameters = new List<Node>();
            do
                parameters.Add(ParseType());
            while (pos < text.Length && Peek() != 'E' && Peek() != '.');
            return new FunctionEncoding(returns, name, parameters, info.Qualifiers);
        }
        finally
        {
            _depth--;
        }
    }

    Node ParseSpecialName()
    {
        if (Eat('G'))
        {
            if (Peek() == 'T' && Peek(1) is 't' or 'n')
            {
                bool transactional = text[pos + 1] == 't';
                pos += 2;
                return new PrefixedNode(transactional ? "transaction clone for " : "non-transaction clone for ", ParseEncoding());
            }
            Expect('V');
            return new PrefixedNode("guard variable for ", ParseNameOnly());
        }
        Expect('T');
        char kind = Next();
        switch (kind)
        {
            case 'V': return new PrefixedNode("vtable for ", ParseType());
            case 'T': return new PrefixedNode("VTT for ", ParseType());
            case 'I': return new PrefixedNode("typeinfo for ", ParseType());
            case 'S': return new PrefixedNode("typeinfo name for ", ParseType());
            case 'H': return new PrefixedNode("TLS init function for ", ParseNameOnly());
            case 'W': return new PrefixedNode("TLS wrapper function for ", ParseNameOnly());
            case 'h':
                ParseCallOffset('h');
                return new PrefixedNode("non-virtual thunk to ", ParseEncoding());
            case 'v':
                ParseCallOffset('v');
                return new PrefixedNode("virtual thunk to ", ParseEncoding());
            case 'c':
                ParseCallOffset(Next());
                ParseCallOffset(Next());
                return new PrefixedNode("covariant return thunk to ", ParseEncoding());
            case 'C':
            {
                var derived = ParseType();
                ParseNumber();
                Expect('_');
                var from = ParseType();
                return new PrefixedNode("construction vtable for ", new NameNode(from + "-in-" + derived));
            }
            default:
                throw Fail();
        }
    }

    void ParseCallOffset(char kind)
    {
        ParseNumber();
        Expect('_');
        if (kind == 'v')
        {
            ParseNumber();
            Expect('_');
        }
        else if (kind != 'h')
        {
            throw Fail();
        }
    }

    Node ParseNameOnly()
    {
        var info = new NameInfo { Qualifiers = "" };
        return ParseName(ref info, recordTemplateParams: false);
    }

    Node ParseName(ref NameInfo info, bool recordTemplateParams)
    {
        Enter();
        try
        {
            if (Peek() == 'N')
                return ParseNestedName(ref info, recordTemplateParams);
            if (Peek() == 'Z')
                return ParseLocalName(ref info);

            Node name;
            if (Peek() == 'S' && Peek(1) != 't')
            {
                name = ParseSubstitution();
                if (Peek() != 'I')
                    throw Fail();   // a substitution alone is not a name here
            }
            else
            {
                bool std = Peek() == 'S' && Peek(1) == 't';
                if (std)
                    pos += 2;
                var unqualified = ParseUnqualifiedName(null, ref info);
                name = std ? new QualifiedName(new NameNode("std"), unqualified) : unqualified;
                if (Peek() == 'I')
                    _substitutions.Add(name);
            }
            if (Peek() == 'I')
            {
                name = new NameWithTemplateArgs(name, ParseTemplateArgs(recordTemplateParams));
                info.EndsWithTemplateArgs = true;
            }
            return name;
        }
        finally
        {
            _depth--;
        }
    }

    Node ParseNestedName(ref NameInfo info, bool recordTemplateParams)
    {
        Expect('N');
        info.Qualifiers = ParseCvQualifiers();
        if (Eat('R'))
            info.Qualifiers += " &";
        else if (Eat('O'))
            info.Qualifiers += " &&";

        Node? soFar = null;
        bool pushedAny = false;
        while (!Eat('E'))
        {
            info.EndsWithTemplateArgs = false;
            if (Peek() != 'I')
                info.IsCtorDtorOrConversion = false;
            if (Peek() == 'S' && Peek(1) == 't')
            {
                pos += 2;
                if (soFar is not null)
                    throw Fail();
                soFar = new NameNode("std");
                continue;
            }
            if (Peek() == 'S')
            {
                if (soFar is not null)
                    throw Fail();
                soFar = ParseSubstitution();
                continue;
            }
            if (Peek() == 'I')
            {
                if (soFar is null)
                    throw Fail();
                soFar = new NameWithTemplateArgs(soFar, ParseTemplateArgs(recordTemplateParams));
                info.EndsWithTemplateArgs = true;
            }
            else if (Peek() == 'T')
            {
                if (soFar is not null)
                    throw Fail();
                soFar = ParseTemplateParam();
            }
            else if (Peek() == 'C' || (Peek() == 'D' && char.IsAsciiDigit(Peek(1))))
            {
                if (soFar is null)
                    throw Fail();
                soFar = new QualifiedName(soFar, new NameNode(ParseCtorDtorName(soFar)));
                info.IsCtorDtorOrConversion = true;
            }
            else
            {
                var unqualified = ParseUnqualifiedName(soFar, ref info);
                soFar = soFar is null ? unqualified : new QualifiedName(soFar, unqualified);
            }
            _substitutions.Add(soFar);
            pushedAny = true;
            Eat('M');
        }
        if (soFar is null || !pushedAny)
            throw Fail();
        // The whole name is not a substitution candidate of its own (a type that uses it adds it).
        _substitutions.RemoveAt(_substitutions.Count - 1);
        return soFar;
    }

    string ParseCtorDtorName(Node scope)
    {
        string name = scope.BaseName;
        if (Eat('C'))
        {
            bool inheriting = Eat('I');
            if (Peek() is not ('1' or '2' or '3' or '4' or '5'))
                throw Fail();
            pos++;
            if (inheriting)
                ParseType();
            return name;
        }
        Expect('D');
        if (Peek() is not ('0' or '1' or '2' or '4' or '5'))
            throw Fail();
        pos++;
        return "~" + name;
    }

    Node ParseLocalName(ref NameInfo info)
    {
        Expect('Z');
        // A local name inside template arguments has its own template parameters; the
        // enclosing function's must be back in place once it is read.
        var enclosingParams = _templateParams;
        bool nested = _templateArgDepth > 0;
        var function = ParseEncoding();
        if (function is FunctionEncoding encoding)
            function = encoding.WithoutReturnType();
        Expect('E');
        Node entity;
        if (Eat('s'))
        {
            entity = new NameNode("string literal");
        }
        else
        {
            info = new NameInfo { Qualifiers = "" };
            entity = ParseName(ref info, recordTemplateParams: true);
        }
        // Discriminator: `_ <digit>` or `__ <number> _`; not printed.
        if (Peek() == '_' && char.IsAsciiDigit(Peek(1)))
        {
            pos += 2;
        }
        else if (Peek() == '_' && Peek(1) == '_' && char.IsAsciiDigit(Peek(2)))
        {
            pos += 2;
            ParseNumber();
            Expect('_');
        }
        if (nested)
            _templateParams = enclosingParams;
        return new LocalName(function, entity);
    }

    Node ParseUnqualifiedName(Node? scope, ref NameInfo info)
    {
        Eat('L');   // internal linkage (GCC): not printed
        Node name;
        char c = Peek();
        if (char.IsAsciiDigit(c))
        {
            string source = ParseSourceName();
            name = new NameNode(source.StartsWith("_GLOBAL__N", StringComparison.Ordinal) ? "(anonymous namespace)" : source);
        }
        else if (c == 'U' && Peek(1) == 't')
        {
            pos += 2;
            name = new NameNode("{unnamed type#" + ParseClosureNumber() + "}", scope?.BaseName);
        }
        else if (c == 'U' && Peek(1) == 'l')
        {
            pos += 2;
            var parameters = new List<Node>();
            while (!Eat('E'))
                parameters.Add(ParseType());
            var o = Node.NewBuilder().Append("{lambda");
            FunctionType.Parameters(o, parameters);
            o.Append('#').Append(ParseClosureNumber()).Append('}');
            name = new NameNode(o.ToString(), scope?.BaseName);
        }
        else if (char.IsAsciiLetterLower(c))
        {
            name = ParseOperatorName(ref info);
        }
        else
        {
            throw Fail();
        }
        if (Peek() != 'B')
            return name;
        var tags = new StringBuilder();
        while (Eat('B'))
            tags.Append("[abi:").Append(ParseSourceName()).Append(']');
        return new TaggedName(name, tags.ToString());
    }

    /// <summary>`[number] _`: absent is #1, n is #(n+2).</summary>
    long ParseClosureNumber()
    {
        long n = char.IsAsciiDigit(Peek()) ? ParseNumber() + 2 : 1;
        Expect('_');
        return n;
    }

    Node ParseOperatorName(ref NameInfo info)
    {
        if (Peek() == 'c' && Peek(1) == 'v')
        {
            pos += 2;
            info.IsCtorDtorOrConversion = true;
            return new NameNode("operator " + ParseType());
        }
        if (Peek() == 'l' && Peek(1) == 'i')
        {
            pos += 2;
            return new NameNode("operator\"\" " + ParseSourceName());
        }
        if (Peek() == 'v' && char.IsAsciiDigit(Peek(1)))
        {
            pos += 2;
            return new NameNode("operator " + ParseSourceName());
        }
        if (pos + 2 > text.Length || !Operators.TryGetValue(text.Substring(pos, 2), out var op))
            throw Fail();
        pos += 2;
        return new NameNode(char.IsAsciiLetter(op[0]) ? "operator " + op : "operator" + op);
    }

    string ParseSourceName()
    {
        long length = ParseNumber();
        if (length <= 0 || pos + length > text.Length)
            throw Fail();
        string name = text.Substring(pos, (int)length);
        pos += (int)length;
        return name;
    }

    long ParseNumber()
    {
        bool negative = Eat('n');
        if (!char.IsAsciiDigit(Peek()))
            throw Fail();
        long n = 0;
        while (char.IsAsciiDigit(Peek()))
        {
            n = n * 10 + (text[pos++] - '0');
            if (n > int.MaxValue)
                throw Fail();
        }
        return negative ? -n : n;
    }

    static string MergeQualifiers(string a, string b)
    {
        string both = a + b;
        return (both.Contains(" const") ? " const" : "") + (both.Contains(" volatile") ? " volatile" : "")
            + (both.Contains(" restrict") ? " restrict" : "");
    }

    string ParseCvQualifiers()
    {
        bool restrict = Eat('r'), isVolatile = Eat('V'), isConst = Eat('K');
        return (isConst ? " const" : "") + (isVolatile ? " volatile" : "") + (restrict ? " restrict" : "");
    }

    Node ParseSubstitution()
    {
        Expect('S');
        char c = Peek();
        switch (c)
        {
            case 'a': pos++; return new ExpandedStdName("std::allocator", "allocator");
            case 'b': pos++; return new ExpandedStdName("std::basic_string", "basic_string");
            case 's':
                pos++;
                return new ExpandedStdName("std::basic_string<char, std::char_traits<char>, std::allocator<char> >", "basic_string");
            case 'i':
                pos++;
                return new ExpandedStdName("std::basic_istream<char, std::char_traits<char> >", "basic_istream");
            case 'o':
                pos++;
                return new ExpandedStdName("std::basic_ostream<char, std::char_traits<char> >", "basic_ostream");
            case 'd':
                pos++;
                return new ExpandedStdName("std::basic_iostream<char, std::char_traits<char> >", "basic_iostream");
        }
        long index = 0;
        if (!Eat('_'))
        {
            long seq = 0;
            while (char.IsAsciiDigit(Peek()) || char.IsAsciiLetterUpper(Peek()))
            {
                char d = text[pos++];
                seq = seq * 36 + (char.IsAsciiDigit(d) ? d - '0' : d - 'A' + 10);
                if (seq > int.MaxValue)
                    throw Fail();
            }
            Expect('_');
            index = seq + 1;
        }
        if (index >= _substitutions.Count)
            throw Fail();
        return _substitutions[(int)index];
    }

    Node ParseTemplateParam()
    {
        Expect('T');
        long index = 0;
        if (!Eat('_'))
        {
            index = ParseNumber() + 1;
            Expect('_');
        }
        if (_templateParams is null || index >= _templateParams.Count)
            throw Fail();
        return _templateParams[(int)index];
    }

    TemplateArgs ParseTemplateArgs(bool record)
    {
        Expect('I');
        var args = new List<Node>();
        _templateArgDepth++;
        while (!Eat('E'))
            args.Add(ParseTemplateArg());
        _templateArgDepth--;
        if (args.Count == 0)
            throw Fail();
        if (record)
            _templateParams = args;
        return new TemplateArgs(args);
    }

    Node ParseTemplateArg()
    {
        Enter();
        try
        {
            switch (Peek())
            {
                case 'L':
                    return ParseLiteral();
                case 'J':
                {
                    pos++;
                    var items = new List<Node>();
                    while (!Eat('E'))
                        items.Add(ParseTemplateArg());
                    return new PackNode(items);
                }
                case 'X':
                {
                    pos++;
                    var value = ParseExpression();
                    Expect('E');
                    return value;
                }
                default:
                    return ParseType();
            }
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>The expressions template arguments use most: parameters, literals, `A::b` names.</summary>
    Node ParseExpression()
    {
        if (Peek() == 'T')
            return ParseTemplateParam();
        if (Peek() == 'L')
            return ParseLiteral();
        bool global = Peek() == 'g' && Peek(1) == 's';
        if (global)
            pos += 2;
        if (Peek() == 's' && Peek(1) == 'r')
        {
            pos += 2;
            var name = ParseUnresolvedName();
            return global ? new PrefixedNode("::", name) : name;
        }
        if (global)
            return new PrefixedNode("::", ParseBaseUnresolvedName());
        throw Fail();
    }

    /// <summary>After `sr`: `T_::x`, `std::is_signed&lt;T&gt;::value` and the like.</summary>
    Node ParseUnresolvedName()
    {
        Node scope;
        if (Eat('N'))
        {
            scope = ParseUnresolvedType();
            while (!Eat('E'))
                scope = new QualifiedName(scope, ParseSimpleId());
        }
        else if (char.IsAsciiDigit(Peek()))
        {
            scope = ParseSimpleId();
            while (!Eat('E'))
                scope = new QualifiedName(scope, ParseSimpleId());
        }
        else
        {
            scope = ParseUnresolvedType();
        }
        return new QualifiedName(scope, ParseBaseUnresolvedName());
    }

    Node ParseUnresolvedType()
    {
        Node type;
        if (Peek() == 'T')
        {
            type = ParseTemplateParam();
            _substitutions.Add(type);
        }
        else if (Peek() == 'S')
        {
            type = ParseSubstitution();
        }
        else
        {
            throw Fail();
        }
        if (Peek() == 'I')
            type = new NameWithTemplateArgs(type, ParseTemplateArgs(record: false));
        return type;
    }

    Node ParseSimpleId()
    {
        Node name = new NameNode(ParseSourceName());
        if (Peek() == 'I')
            name = new NameWithTemplateArgs(name, ParseTemplateArgs(record: false));
        return name;
    }

    Node ParseBaseUnresolvedName()
    {
        if (Peek() == 'o' && Peek(1) == 'n')
        {
            pos += 2;
            var info = new NameInfo { Qualifiers = "" };
            Node op = ParseOperatorName(ref info);
            return Peek() == 'I' ? new NameWithTemplateArgs(op, ParseTemplateArgs(record: false)) : op;
        }
        if (Peek() == 'd' && Peek(1) == 'n')
        {
            pos += 2;
            return new PrefixedNode("~", char.IsAsciiDigit(Peek()) ? ParseSimpleId() : ParseUnresolvedType());
        }
        return ParseSimpleId();
    }

    Node ParseLiteral()
    {
        Expect('L');
        if (Peek() == '_' && Peek(1) == 'Z')
        {
            pos += 2;
            var entity = ParseEncoding();
            Expect('E');
            return entity;
        }
        char type = Peek();
        string typeName;
        if (Builtins.TryGetValue(type, out var builtin))
        {
            if (type is 'f' or 'd' or 'e' or 'g' or 'v' or 'z')
                throw Fail();
            typeName = builtin;
            pos++;
        }
        else
        {
            // An enumeration (or other named type) value: `(ns::Kind)1`.
            type = '\0';
            typeName = ParseType().ToString();
        }
        bool negative = Eat('n');
        int start = pos;
        while (char.IsAsciiDigit(Peek()))
            pos++;
        if (pos == start)
            throw Fail();
        string digits = (negative ? "-" : "") + text[start..pos];
        Expect('E');
        return new NameNode(type switch
        {
            'b' => digits == "0" ? "false" : digits == "1" ? "true" : "(bool)" + digits,
            'i' => digits,
            'j' => digits + "u",
            'l' => digits + "l",
            'm' => digits + "ul",
            'x' => digits + "ll",
            'y' => digits + "ull",
            _ => "(" + typeName + ")" + digits,
        });
    }

    bool IsQualifiedFunctionType()
    {
        int ahead = 0;
        while (Peek(ahead) is 'r' or 'V' or 'K')
            ahead++;
        return Peek(ahead) == 'F';
    }

    /// <summary>After `F`: `[Y] return-type parameter-types [R|O] E`.</summary>
    FunctionType ParseFunctionType()
    {
        Eat('Y');
        var returns = ParseType();
        var parameters = new List<Node>();
        string refQualifier = "";
        while (!Eat('E'))
        {
            if (Peek() == 'R' && Peek(1) == 'E') { pos++; refQualifier = " &"; continue; }
            if (Peek() == 'O' && Peek(1) == 'E') { pos++; refQualifier = " &&"; continue; }
            parameters.Add(ParseType());
        }
        return new FunctionType(returns, parameters, refQualifier);
    }

    /// <summary>References to references collapse: `&amp;` wins, `&amp;&amp; &amp;&amp;` stays `&amp;&amp;`.</summary>
    static Node Reference(Node referred, string symbol)
    {
        // A pack expands element by element: `DpOT_` with T_ = {int&amp;} is `int&amp;`.
        if (referred is PackNode pack)
            return new PackNode([.. pack.Items.Select(item => Reference(item, symbol))]);
        while (referred is PointerNode { Symbol: "&" or "&&" } inner)
        {
            if (inner.Symbol == "&")
                symbol = "&";
            referred = inner.Pointee;
        }
        return new PointerNode(referred, symbol);
    }

    static Node Pointer(Node pointee) => EachInPack(pointee, p => new PointerNode(p, "*"));

    /// <summary>A type built on a pack expands element by element: `DpRKT_` with T_ = {int, long}.</summary>
    static Node EachInPack(Node inner, Func<Node, Node> build) =>
        inner is PackNode pack ? new PackNode([.. pack.Items.Select(item => EachInPack(item, build))]) : build(inner);

    Node ParseType()
    {
        Enter();
        try
        {
            return ParseTypeInner();
        }
        finally
        {
            _depth--;
        }
    }

    Node ParseTypeInner()
    {
        char c = Peek();
        if (Builtins.TryGetValue(c, out var builtin))
        {
            pos++;
            return new NameNode(builtin);
        }
        Node type;
        switch (c)
        {
            case 'D':
            {
                char d = Peek(1);
                if (DBuiltins.TryGetValue(d, out var named))
                {
                    pos += 2;
                    return new NameNode(named);
                }
                if (d == 'F')
                {
                    pos += 2;
                    long bits = ParseNumber();
                    Expect('_');
                    return new NameNode("_Float" + bits);
                }
                if (d == 'p')
                {
                    // A pack expansion: the pattern once per element of the pack it holds.
                    pos += 2;
                    var pattern = ParseType();
                    var pack = pattern.FindPack();
                    type = pack is null ? pattern : new PackNode([.. pack.Items.Select(item => pattern.Replace(pack, item))]);
                    break;
                }
                if (d == 'v')
                {
                    pos += 2;
                    long size = ParseNumber();
                    Expect('_');
                    type = new PostfixType(ParseType(), " __vector(" + size + ")");
                    break;
                }
                throw Fail();
            }
            case 'u':
                pos++;
                type = new NameNode(ParseSourceName());
                break;
            case 'r' or 'V' or 'K' when IsQualifiedFunctionType():
            {
                // A cv-qualified function type is one type (and one substitution), not two.
                string qualifiers = ParseCvQualifiers();
                Expect('F');
                type = ParseFunctionType().WithQualifiers(qualifiers);
                break;
            }
            case 'r' or 'V' or 'K':
            {
                string qualifiers = ParseCvQualifiers();
                type = EachInPack(ParseType(), inner => inner switch
                {
                    FunctionType function => function.WithQualifiers(qualifiers),
                    // `const T` with T = `int const` is `int const`, once.
                    QualifiedType qualified => new QualifiedType(qualified.Inner, MergeQualifiers(qualified.Qualifiers, qualifiers)),
                    _ => new QualifiedType(inner, qualifiers),
                });
                break;
            }
            case 'P': pos++; type = Pointer(ParseType()); break;
            case 'R': pos++; type = Reference(ParseType(), "&"); break;
            case 'O': pos++; type = Reference(ParseType(), "&&"); break;
            case 'U' when Peek(1) is not ('t' or 'l'):
            {
                // A vendor qualifier, printed after the type: `int __vector`.
                pos++;
                string qualifier = ParseSourceName();
                type = new PostfixType(ParseType(), " " + qualifier);
                break;
            }
            case 'C': pos++; type = new PostfixType(ParseType(), " _Complex"); break;
            case 'G': pos++; type = new PostfixType(ParseType(), " _Imaginary"); break;
            case 'F':
                pos++;
                type = ParseFunctionType();
                break;
            case 'A':
            {
                pos++;
                string dimension = "";
                if (char.IsAsciiDigit(Peek()))
                    dimension = ParseNumber().ToString(System.Globalization.CultureInfo.InvariantCulture);
                Expect('_');
                type = new ArrayNode(ParseType(), dimension);
                break;
            }
            case 'M':
            {
                pos++;
                var owner = ParseType();
                type = new MemberPointer(owner, ParseType());
                break;
            }
            case 'T':
            {
                type = ParseTemplateParam();
                if (Peek() == 'I')
                {
                    _substitutions.Add(type);
                    type = new NameWithTemplateArgs(type, ParseTemplateArgs(record: false));
                }
                break;
            }
            case 'S' when Peek(1) != 't':
            {
                type = ParseSubstitution();
                if (Peek() != 'I')
                    return type;    // a substitution is not a new candidate
                type = new NameWithTemplateArgs(type, ParseTemplateArgs(record: false));
                break;
            }
            default:
                if (c is 'N' or 'Z' or 'S' || char.IsAsciiDigit(c) || (c == 'U' && Peek(1) is 't' or 'l'))
                {
                    type = ParseNameOnly();
                    break;
                }
                throw Fail();
        }
        _substitutions.Add(type);
        return type;
    }
}
