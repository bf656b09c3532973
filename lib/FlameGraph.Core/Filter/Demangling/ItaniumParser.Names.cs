using System.Text;

namespace FlameGraph.Filter.Demangling;

// Names: encodings, special names, nested and local names, operators, substitutions, template arguments.
sealed partial class ItaniumParser
{
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

    /// <summary>
    /// Ss, Si, So, Sd: c++filt (DMGL_VERBOSE) writes them in full; without it (perf) libiberty
    /// writes the short typedef name, except before a constructor or destructor of the class.
    /// </summary>
    ExpandedStdName StdName(string simple, string full, string baseName) =>
        new(_simpleStdNames && Peek() is not ('C' or 'D') ? simple : full, baseName);

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
                return StdName("std::string", "std::basic_string<char, std::char_traits<char>, std::allocator<char> >", "basic_string");
            case 'i':
                pos++;
                return StdName("std::istream", "std::basic_istream<char, std::char_traits<char> >", "basic_istream");
            case 'o':
                pos++;
                return StdName("std::ostream", "std::basic_ostream<char, std::char_traits<char> >", "basic_ostream");
            case 'd':
                pos++;
                return StdName("std::iostream", "std::basic_iostream<char, std::char_traits<char> >", "basic_iostream");
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
}
