namespace FlameGraph.Filter.Demangling;

// The name of a top-level function without its parameters: libiberty's DMGL_NO_OPTS form.
sealed partial class ItaniumParser
{
    /// <summary>Standard substitutions in their short form (std::string), as without DMGL_VERBOSE.</summary>
    bool _simpleStdNames;

    /// <summary>
    /// The symbol as libiberty's cplus_demangle prints it without DMGL_PARAMS (what perf shows):
    /// a function's name without its return type, parameters, qualifiers or clone suffix
    /// (nothing after the name is read); special names (vtables, thunks) in full.
    /// </summary>
    public string ParseMangledNameWithoutParameters()
    {
        _simpleStdNames = true;
        var result = Node.NewBuilder();
        if (Peek() == 'T' || (Peek() == 'G' && Peek(1) is 'V' or 'T'))
        {
            ParseSpecialName().Print(result);
            return result.ToString();
        }
        var info = new NameInfo { Qualifiers = "" };
        ParseName(ref info, recordTemplateParams: true).Print(result);
        return result.ToString();
    }
}
