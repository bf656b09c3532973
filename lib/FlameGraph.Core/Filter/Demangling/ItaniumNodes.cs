using System.Text;

namespace FlameGraph.Filter.Demangling;

// The demangled C++ name as a small tree. Declarator syntax is printed inside out (the
// pointer in `void (*)(int)` sits between the return type and the parameters), so each node
// prints a left part and a right part around whatever wraps it.

abstract class Node
{
    /// <summary>Whether a pointer to this type needs parentheses: `void (*)(int)`, `int (*) [3]`.</summary>
    public virtual bool IsFunctionOrArray => false;
    public virtual bool IsArray => false;
    public abstract void Left(StringBuilder o);
    public virtual void Right(StringBuilder o) { }
    /// <summary>Whether Right prints anything (function and array types do).</summary>
    public virtual bool HasRight => false;
    /// <summary>The innermost unqualified name, for constructors and destructors.</summary>
    public virtual string BaseName => ToString();
    public void Print(StringBuilder o) { Left(o); Right(o); }

    // Pack expansion (`Dp`): the pattern is printed once per element of the pack inside it.

    /// <summary>The first argument pack inside this type, if any.</summary>
    public virtual PackNode? FindPack() => null;

    /// <summary>This type with <paramref name="pack"/> replaced by one of its elements.</summary>
    public virtual Node Replace(PackNode pack, Node element) => this;

    protected static PackNode? FirstPack(params Node?[] children)
    {
        foreach (var child in children)
            if (child?.FindPack() is { } pack)
                return pack;
        return null;
    }

    protected static PackNode? FirstPack(List<Node> children)
    {
        foreach (var child in children)
            if (child.FindPack() is { } pack)
                return pack;
        return null;
    }

    protected static List<Node> ReplaceAll(List<Node> nodes, PackNode pack, Node element) =>
        [.. nodes.Select(n => n.Replace(pack, element))];
    /// <summary>
    /// Substitutions make the tree a graph that can print exponentially long; the bounded
    /// builder throws past 64 KiB and the symbol is then left mangled.
    /// </summary>
    public static StringBuilder NewBuilder() => new(64, MaxLength);

    public const int MaxLength = 1 << 16;

    public override string ToString() { var o = NewBuilder(); Print(o); return o.ToString(); }
}

sealed class NameNode(string text, string? baseName = null) : Node
{
    public string Text => text;
    public override void Left(StringBuilder o) => o.Append(text);
    /// <summary>Unnamed types and closures name their constructors after the enclosing class, as c++filt does.</summary>
    public override string BaseName => baseName ?? text;
}

sealed class QualifiedName(Node scope, Node name) : Node
{
    public override PackNode? FindPack() => FirstPack(scope, name);
    public override Node Replace(PackNode pack, Node element) => new QualifiedName(scope.Replace(pack, element), name.Replace(pack, element));
    public override void Left(StringBuilder o) { scope.Print(o); o.Append("::"); name.Print(o); }
    public override string BaseName => name.BaseName;
}

/// <summary>A std:: abbreviation: printed in full, with its own name for constructors.</summary>
sealed class ExpandedStdName(string full, string baseName) : Node
{
    public override void Left(StringBuilder o) => o.Append(full);
    public override string BaseName => baseName;
}

sealed class TemplateArgs(List<Node> args) : Node
{
    public override PackNode? FindPack() => FirstPack(args);
    public override Node Replace(PackNode pack, Node element) => new TemplateArgs(ReplaceAll(args, pack, element));
    public List<Node> Args => args;
    public override void Left(StringBuilder o)
    {
        o.Append('<');
        bool droppedSeparator = Join(o, args);
        // c++filt writes `>>` as `> >`, except right after a dropped separator (see Join),
        // whose space it still takes as the last character written.
        if (o[^1] == '>' && !droppedSeparator)
            o.Append(' ');
        o.Append('>');
    }

    /// <summary>
    /// Writes the nodes separated by ", " the way c++filt does: the separator goes out before an
    /// element and is taken back when the element prints nothing (an empty pack), so an empty
    /// pack first in the list still leaves `&lt;, int&gt;`. Returns whether the last separator was
    /// taken back.
    /// </summary>
    public static bool Join(StringBuilder o, List<Node> nodes)
    {
        bool dropped = false;
        for (int i = 0; i < nodes.Count; i++)
        {
            if (i == 0)
            {
                nodes[i].Print(o);
                continue;
            }
            int mark = o.Length;
            o.Append(", ");
            nodes[i].Print(o);
            dropped = o.Length == mark + 2;
            if (dropped)
                o.Length = mark;
        }
        return dropped;
    }
}

sealed class NameWithTemplateArgs(Node name, TemplateArgs args) : Node
{
    public override PackNode? FindPack() => FirstPack(name, args);
    public override Node Replace(PackNode pack, Node element) =>
        new NameWithTemplateArgs(name.Replace(pack, element), (TemplateArgs)args.Replace(pack, element));
    public override void Left(StringBuilder o)
    {
        name.Print(o);
        // `operator<` followed by `<int>` is written `operator< <int>`.
        if (o.Length > 0 && o[^1] == '<')
            o.Append(' ');
        args.Print(o);
    }
    public override string BaseName => name.BaseName;
}

/// <summary>A template argument pack (`J...E`), expanded in place.</summary>
sealed class PackNode(List<Node> items) : Node
{
    public override PackNode? FindPack() => this;
    public override Node Replace(PackNode pack, Node element) => ReferenceEquals(this, pack) ? element : this;
    // A pack inside a pack (a `Dp` expansion in a `J...E` list) is the same list of elements.
    public List<Node> Items { get; } = [.. items.SelectMany(i => i is PackNode inner ? inner.Items : [i])];

    public override void Left(StringBuilder o) => TemplateArgs.Join(o, Items);

}

sealed class QualifiedType(Node inner, string qualifiers) : Node
{
    public override PackNode? FindPack() => inner.FindPack();
    public override Node Replace(PackNode pack, Node element) => new QualifiedType(inner.Replace(pack, element), qualifiers);
    public Node Inner => inner;
    public string Qualifiers => qualifiers;

    public override void Left(StringBuilder o) { inner.Left(o); o.Append(qualifiers); }
    public override void Right(StringBuilder o) => inner.Right(o);
    public override bool HasRight => inner.HasRight;
    public override bool IsFunctionOrArray => inner.IsFunctionOrArray;
    public override bool IsArray => inner.IsArray;
}

/// <summary>Pointer, lvalue or rvalue reference (`*`, `&amp;`, `&amp;&amp;`).</summary>
sealed class PointerNode(Node pointee, string symbol) : Node
{
    public override PackNode? FindPack() => pointee.FindPack();
    public override Node Replace(PackNode pack, Node element) => new PointerNode(pointee.Replace(pack, element), symbol);
    public Node Pointee => pointee;
    public string Symbol => symbol;

    public override void Left(StringBuilder o)
    {
        pointee.Left(o);
        if (pointee.IsFunctionOrArray)
            o.Append(pointee.IsArray ? " (" : "(");
        o.Append(symbol);
    }

    public override void Right(StringBuilder o)
    {
        if (pointee.IsFunctionOrArray)
            o.Append(')');
        pointee.Right(o);
    }

    public override bool HasRight => pointee.HasRight;
}

sealed class FunctionType(Node returns, List<Node> parameters, string qualifiers) : Node
{
    public override PackNode? FindPack() => returns.FindPack() ?? FirstPack(parameters);
    public override Node Replace(PackNode pack, Node element) =>
        new FunctionType(returns.Replace(pack, element), ReplaceAll(parameters, pack, element), qualifiers);
    public FunctionType WithQualifiers(string more) => new(returns, parameters, more + qualifiers);

    public override void Left(StringBuilder o)
    {
        returns.Left(o);
        if (!returns.HasRight)
            o.Append(' ');
    }
    public override void Right(StringBuilder o)
    {
        Parameters(o, parameters);
        returns.Right(o);
        o.Append(qualifiers);
    }

    public override bool HasRight => true;
    public override bool IsFunctionOrArray => true;

    public static void Parameters(StringBuilder o, List<Node> parameters)
    {
        o.Append('(');
        if (!(parameters.Count == 1 && parameters[0] is NameNode { Text: "void" }))
            TemplateArgs.Join(o, parameters);
        o.Append(')');
    }
}

sealed class ArrayNode(Node element, string dimension) : Node
{
    public override PackNode? FindPack() => element.FindPack();
    public override Node Replace(PackNode pack, Node replacement) => new ArrayNode(element.Replace(pack, replacement), dimension);
    public override void Left(StringBuilder o) => element.Left(o);
    public override void Right(StringBuilder o)
    {
        if (o.Length > 0 && o[^1] != ']')
            o.Append(' ');
        o.Append('[').Append(dimension).Append(']');
        element.Right(o);
    }

    public override bool HasRight => true;
    public override bool IsFunctionOrArray => true;
    public override bool IsArray => true;
}

sealed class MemberPointer(Node owner, Node member) : Node
{
    public override PackNode? FindPack() => FirstPack(owner, member);
    public override Node Replace(PackNode pack, Node element) => new MemberPointer(owner.Replace(pack, element), member.Replace(pack, element));
    public override void Left(StringBuilder o)
    {
        member.Left(o);
        o.Append(member.IsFunctionOrArray ? "(" : " ");
        owner.Print(o);
        o.Append("::*");
    }

    public override void Right(StringBuilder o)
    {
        if (member.IsFunctionOrArray)
            o.Append(')');
        member.Right(o);
    }

    public override bool HasRight => member.HasRight;
}

/// <summary>A type with a postfix word: `float __vector(4)`, `int __vector`.</summary>
sealed class PostfixType(Node inner, string suffix) : Node
{
    public override PackNode? FindPack() => inner.FindPack();
    public override Node Replace(PackNode pack, Node element) => new PostfixType(inner.Replace(pack, element), suffix);
    public override void Left(StringBuilder o) { inner.Print(o); o.Append(suffix); }
}

/// <summary>A function: `[return ]name(params)[ const][ &amp;]`.</summary>
sealed class FunctionEncoding(Node? returns, Node name, List<Node> parameters, string qualifiers) : Node
{
    /// <summary>The function as the scope of a local name, which c++filt prints without its return type.</summary>
    public FunctionEncoding WithoutReturnType() => new(null, name, parameters, qualifiers);

    public override void Left(StringBuilder o)
    {
        if (returns is not null)
        {
            returns.Left(o);
            if (!returns.HasRight)
                o.Append(' ');
        }
        name.Print(o);
    }

    public override void Right(StringBuilder o)
    {
        FunctionType.Parameters(o, parameters);
        returns?.Right(o);
        o.Append(qualifiers);
    }

    public override bool HasRight => true;
}

/// <summary>An entity local to a function: `f()::x`.</summary>
sealed class LocalName(Node function, Node entity) : Node
{
    public override void Left(StringBuilder o) { function.Print(o); o.Append("::"); entity.Print(o); }
    public override string BaseName => entity.BaseName;
}

sealed class PrefixedNode(string prefix, Node inner) : Node
{
    public override void Left(StringBuilder o) { o.Append(prefix); inner.Print(o); }
}

/// <summary>A name with ABI tags, `failure[abi:cxx11]`; constructors repeat the bare name.</summary>
sealed class TaggedName(Node name, string tags) : Node
{
    public override void Left(StringBuilder o) { name.Print(o); o.Append(tags); }
    public override string BaseName => name.BaseName;
}
