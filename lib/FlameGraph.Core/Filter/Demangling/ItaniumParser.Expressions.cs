namespace FlameGraph.Filter.Demangling;

// Template arguments that are not types: literals, packs and the expressions covered.
sealed partial class ItaniumParser
{
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
}
