namespace FlameGraph.Filter.Demangling;

// Types: builtins, qualifiers, pointers and references, functions, arrays, member pointers, packs.
sealed partial class ItaniumParser
{
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
