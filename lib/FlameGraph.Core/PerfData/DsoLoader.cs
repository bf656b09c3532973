namespace FlameGraph.PerfData;

/// <summary>
/// Finds a dso's symbols where perf finds them. For a file: the first candidate with a
/// .symtab gives the symbols and the first with a .dynsym the load segments and PLT, trying
/// in perf's order the .gnu_debuglink file, perf's build-id cache (~/.debug), the distribution's
/// debug directories (/usr/lib/debug, by path and by build-id), then the file itself; a
/// candidate whose build-id differs from the recorded one is skipped.
/// </summary>
static class DsoLoader
{
    public static SymbolTable Load(Dso dso, SymbolDemangler? demangler)
    {
        try
        {
            return dso.Kind switch
            {
                DsoKind.Kernel => Kallsyms.Load(dso.BuildId),
                DsoKind.PerfMap => PerfMap.Load(dso.Path),
                DsoKind.Vdso => LoadVdso(dso, demangler),
                DsoKind.File => LoadFile(dso, demangler),
                _ => SymbolTable.Empty,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return SymbolTable.Empty;
        }
    }

    static string BuildIdDirectory =>
        Environment.GetEnvironmentVariable("PERF_BUILDID_DIR") is { Length: > 0 } dir ? dir
            : Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/", ".debug");

    /// <summary>~/.debug/.build-id/ab/cdef.../NAME: perf's build-id cache entry for a build-id.</summary>
    public static string CachePath(string buildId, string name) =>
        Path.Combine(BuildIdDirectory, ".build-id", buildId[..2], buildId[2..], name);

    static SymbolTable LoadFile(Dso dso, SymbolDemangler? demangler)
    {
        string? buildId = dso.BuildId;
        if (buildId is null)
        {
            using var own = ElfFile.Open(dso.Path);
            buildId = own?.BuildId();
        }
        return LoadFrom(Candidates(dso.Path, buildId, "elf"), buildId, demangler);
    }

    static SymbolTable LoadVdso(Dso dso, SymbolDemangler? demangler)
    {
        var candidates = new List<string>();
        if (dso.BuildId is { Length: > 2 } id)
            candidates.Add(CachePath(id, "vdso"));
        var table = LoadFrom(candidates, dso.BuildId, demangler);
        if (table.Count > 0)
            return table;
        // perf falls back to its own process's vdso: the same kernel gives the same vdso
        return Vdso.OwnPath() is { } own ? LoadFrom([own], null, demangler) : SymbolTable.Empty;
    }

    static IEnumerable<string> Candidates(string path, string? buildId, string cacheName)
    {
        string dir = Path.GetDirectoryName(path) ?? "/";
        using (var elf = ElfFile.Open(path))
        {
            if (elf?.DebugLink() is { } link)
            {
                foreach (string candidate in (ReadOnlySpan<string>)[link, Path.Combine(dir, link), Path.Combine(dir, ".debug", link), "/usr/lib/debug" + dir + "/" + link])
                {
                    if (File.Exists(candidate))
                    {
                        yield return candidate;
                        break;
                    }
                }
            }
        }
        if (buildId is { Length: > 2 })
        {
            yield return CachePath(buildId, cacheName);
            yield return CachePath(buildId, "debug");
        }
        yield return "/usr/lib/debug" + path + ".debug";
        yield return "/usr/lib/debug" + path;
        if (buildId is { Length: > 2 })
            yield return $"/usr/lib/debug/.build-id/{buildId[..2]}/{buildId[2..]}.debug";
        yield return path;
        yield return Path.Combine(dir, ".debug", Path.GetFileName(path));
    }

    static SymbolTable LoadFrom(IEnumerable<string> candidates, string? buildId, SymbolDemangler? demangler)
    {
        ElfFile? symbols = null, runtime = null;
        var opened = new List<ElfFile>();
        try
        {
            foreach (string candidate in candidates)
            {
                var elf = ElfFile.Open(candidate);
                if (elf is null)
                    continue;
                opened.Add(elf);
                if (buildId is not null && elf.BuildId() != buildId)
                    continue;
                bool hasSymtab = elf.Sections.Exists(s => s.Name == ".symtab" && s.Type == ElfFile.ShtSymtab);
                bool hasDynsym = elf.Sections.Exists(s => s.Name == ".dynsym" && s.Type == ElfFile.ShtDynsym);
                if (symbols is null && hasSymtab)
                    symbols = elf;
                if (runtime is null && hasDynsym)
                    runtime = elf;
                if (symbols is not null && runtime is not null)
                    break;
            }
            symbols ??= runtime;
            runtime ??= symbols;
            return symbols is null ? SymbolTable.Empty : ElfSymbols.Load(symbols, runtime!, demangler);
        }
        finally
        {
            foreach (var elf in opened)
                elf.Dispose();
        }
    }
}
