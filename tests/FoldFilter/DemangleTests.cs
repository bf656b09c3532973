using System.Diagnostics;
using FlameGraph.Filter;
using FlameGraph.Filter.Demangling;
using FlameGraph.Tests.Support;

namespace FlameGraph.Tests.FoldFilter;

/// <summary>--demangle: C++ (checked by hand and against c++filt), Rust legacy and v0, perf's half-demangled Rust.</summary>
public class DemangleTests
{
    /// <summary>C++ names with the text the Itanium ABI gives them, written out by hand.</summary>
    public static TheoryData<string, string> CppByHand() => new()
    {
        { "_Z3foov", "foo()" },
        { "_ZN3foo3barEv", "foo::bar()" },
        { "_Z1fPKc", "f(char const*)" },
        { "_Z1fRKi", "f(int const&)" },
        { "_ZN1A1fEOS_", "A::f(A&&)" },
        { "_ZNK3Foo3getEv", "Foo::get() const" },
        { "_ZNKR1A1fEv", "A::f() const &" },
        { "_ZN3FooC2Ev", "Foo::Foo()" },
        { "_ZN3FooD0Ev", "Foo::~Foo()" },
        { "_ZN12_GLOBAL__N_13fooEv", "(anonymous namespace)::foo()" },
        { "_Z1fIiEvT_", "void f<int>(int)" },
        { "_Z1fSt6vectorIiSaIiEE", "f(std::vector<int, std::allocator<int> >)" },
        { "_Z1fSs", "f(std::basic_string<char, std::char_traits<char>, std::allocator<char> >)" },
        { "_ZplRK1AS1_", "operator+(A const&, A const&)" },
        { "_ZN3FoocviEv", "Foo::operator int()" },
        { "_ZN3FooclEv", "Foo::operator()()" },
        { "_ZZ4mainENKUliE_clEi", "main::{lambda(int)#1}::operator()(int) const" },
        { "_ZZ4mainENKUlvE0_clEv", "main::{lambda()#2}::operator()() const" },
        { "_Z1fPFviE", "f(void (*)(int))" },
        { "_Z1fPA10_i", "f(int (*) [10])" },
        { "_Z1fM3FooFviE", "f(void (Foo::*)(int))" },
        { "_ZTV3Foo", "vtable for Foo" },
        { "_ZGVZ1fvE1x", "guard variable for f()::x" },
        { "_Z3foov.cold", "foo() [clone .cold]" },
        { "_Z1fB5cxx11v", "f[abi:cxx11]()" },
        { "_Z1fILi5EEvv", "void f<5>()" },
        { "_Z1fILb1EEvv", "void f<true>()" },
        { "_Z1fIJidEEvDpT_", "void f<int, double>(int, double)" },
        { "_Z1fIJidEEvDpN1AIT_E4typeE", "void f<int, double>(A<int>::type, A<double>::type)" },
        { "_Z1fIJEEvDpN1AIT_E4typeE", "void f<>()" },
    };

    [Theory]
    [MemberData(nameof(CppByHand))]
    public void Cpp_names_demangle_as_written_by_hand(string mangled, string expected) =>
        Assert.Equal(expected, ItaniumDemangler.Demangle(mangled));

    /// <summary>A broad list: templates, substitutions, std:: abbreviations, operators, qualifiers, lambdas.</summary>
    static readonly string[] CppBroadList =
    [
        "_Z1fM3Fooi", "_Z1fDn", "_ZNSsC1Ev", "_ZN3FooC2Ev", "_Z3foov.constprop.0", "_Z3foov.isra.0.cold",
        "_ZNKSt6vectorIiSaIiEE4sizeEv", "_ZZ1fvE1x", "_Z1fILc97EEvv", "_ZTI3Foo", "_ZTS3Foo", "_Z1fPVKi",
        "_Z1fRA3_i", "_Z1fPFPFivEvE", "_ZThn8_N1D1fEv", "_ZTv0_n24_N1D1fEv", "_Z1fN1A1BE",
        "_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_createERmm", "_Z1fDv4_f", "_Z1fU8__vectori",
        "_ZN5Outer5InnerIiE3getEv", "_ZZN1A1fEvENUt_E", "_Z1fILm5EEvv", "_Z1fILln3EEvv",
        "_ZNSt6vectorIiSaIiEE9push_backERKi", "_ZNSt6vectorIiSaIiEEixEm",
        "_ZSt4endlIcSt11char_traitsIcEERSt13basic_ostreamIT_T0_ES6_", "_ZNSo9_M_insertIdEERSoT_",
        "_ZStlsISt11char_traitsIcEERSt13basic_ostreamIcT_ES5_PKc", "_ZNSt8ios_base4InitC1Ev",
        "_ZN9__gnu_cxx13new_allocatorIcE8allocateEmPKv", "_ZdlPv", "_Znwm", "_ZdaPv", "_Znam",
        "_ZNSt10unique_ptrI3FooSt14default_deleteIS0_EED2Ev", "_ZNSt3mapIiSsSt4lessIiESaISt4pairIKiSsEEEixERS3_",
        "_ZN3foo3barIiEET_S1_", "_ZZZ4mainENKUlvE_clEvENKUliE_clEi", "_ZNSt8functionIFviEEclEi",
        "_ZNSt17_Function_handlerIFviEZ4mainEUliE_E9_M_invokeERKSt9_Any_dataOi", "_ZN1AaSERKS_", "_ZNK1AltERKS_",
        "_ZN1AptEv", "_ZN1AppEi", "_ZN1AcvPKcEv", "_Zli3_kmy", "_ZN2ns1AIiE1fIdEET_S3_", "_Z1fA5_A6_i",
        "_Z1fPA5_A6_i", "_Z1fM1AKFivE", "_Z1fM1AFivRE", "_Z1fPM1AFvvE", "_Z1fIiEvPFT_vE", "_Z1fSaIcE",
        "_Z1fSbIcSt11char_traitsIcESaIcEE", "_Z1fSi", "_Z1fSo", "_Z1fSd", "_Z1fwbchastijlmxyno", "_Z1ffdeg",
        "_Z1fiz", "_Z1fDi", "_Z1fDs", "_Z1fDu", "_Z1fCd", "_Z3fooIJEEvv", "_ZL3foov", "_ZN1AL3fooEv", "_ZTT1A",
        "_ZTC1B0_1A", "_ZTH1x", "_ZTW1x", "_ZTcv0_n12_h8_N1B1fEv", "_ZN1A1fB5cxx11Ev", "_ZN12_GLOBAL__N_11AC2Ev",
        "_ZNK12_GLOBAL__N_11A1fEv", "_ZN5boost6detail12shared_countC2IN4asio6detail10io_serviceEEEPT_",
        "_ZNSt6thread11_State_implINS_8_InvokerISt5tupleIJZ4mainEUlvE_EEEEE6_M_runEv", "_Z1fIiJEEvv",
        "_Z5applyIRFviEJiEEvOT_DpOT0_", "_ZNSt5dequeIiSaIiEE16_M_push_back_auxIJRKiEEEvDpOT_", "_Z1fPPFvvE",
        "_ZNSt6vectorIiSaIiEE12emplace_backIJiEEERiDpOT_", "_ZN3fooltIiEEbv", "_Z2f1IRiEvOT_",
        "_ZGTtNKSt11logic_error4whatEv", "_ZNSt8ios_base7failureB5cxx11C1EPKcRKSt10error_code",
        "_ZZ1fIiEvvENKUlvE_clEv", "_Z1gIZ1fIiEvvEUlvE_EvT_",
        // From real libraries: sr names, qualified member function types, trailing empty packs,
        // enum literals, arrays through template parameters, packs with qualifiers.
        "_ZN4llvm10hash_valueIjEENSt9enable_ifIXsr19is_integral_or_enumIT_EE5valueENS_9hash_codeEE4typeES2_",
        "_ZN4llvm10checkedAddIiEENSt9enable_ifIXsr3std9is_signedIT_EE5valueENS_8OptionalIS2_EEE4typeES2_S2_",
        "_ZSt9__find_ifIPKSt10unique_ptrIN4llvm24ScheduleHazardRecognizerESt14default_deleteIS2_EEN9__gnu_cxx5__ops10_Iter_predISt7_Mem_fnIMS2_KFbvEEEEET_SG_SG_T0_St26random_access_iterator_tag",
        "_ZN4llvm11PassManagerINS_6ModuleENS_15AnalysisManagerIS1_JEEEJEE3runERS1_RS3_",
        "_ZN4llvm20getBestSimplifyQueryINS_8FunctionEJEEEKNS_13SimplifyQueryERNS_15AnalysisManagerIT_JDpT0_EEERS1_",
        "_ZNK4llvm6object7ELFFileINS0_7ELFTypeILNS_7support10endiannessE1ELb1EEEE4isLEEv",
        "_ZN4llvm2cl5applyINS0_3optIbLb0ENS0_6parserIbEEEEA14_cJNS0_4descENS0_12OptionHiddenEEEEvPT_RKT0_DpRKT1_",
        "_ZN4llvm12hash_combineIJNS_5APIntEPNS_8MDStringEEEENS_9hash_codeEDpRKT_",
        "_ZN4llvm22containsIrreducibleCFGIPKNS_10BasicBlockEKNS_25ReversePostOrderTraversalIPKNS_8FunctionENS_11GraphTraitsIS7_EEEEKNS_8LoopInfoENS8_IS3_EEEEbRT0_RKT1_",
        "_ZN4llvm25ComputeMappedEditDistanceIcZNS_19ComputeEditDistanceIcEEjNS_8ArrayRefIT_EES4_bjEUlRKcE_EEjS4_S4_T0_bj",
        "_ZNSaIcEC1ERKS_",
        // Pack expansions of patterns that hold a pack, empty packs first in a list, unnamed types' constructors.
        "_Z1fIJidEEvDpN1AIT_E4typeE", "_Z1fIJEEvDpN1AIT_E4typeE", "_Z1fIJidEEvDpPFT_vE",
        "_ZN4absl7debian36HashOfIJEJNS0_11string_viewEEEEmDpRKT0_", "_ZN6icu_726number4impl10MicroPropsUt_D1Ev",
        "_ZN6icu_728numparse4impl16NumberParserImplUt_C2Ev",
    ];

    [Fact]
    public void Cpp_names_match_cxxfilt_when_it_is_installed()
    {
        string? cxxfilt = FindOnPath("c++filt");
        Assert.SkipWhen(cxxfilt is null, "c++filt (binutils) is not installed");
        var start = new ProcessStartInfo(cxxfilt!) { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(string.Join('\n', CppBroadList) + "\n");
        process.StandardInput.Close();
        var expected = process.StandardOutput.ReadToEnd().Split('\n')[..CppBroadList.Length];
        process.WaitForExit();

        var mismatches = CppBroadList.Select((name, i) => (name, ours: ItaniumDemangler.Demangle(name) ?? name, theirs: expected[i]))
            .Where(x => x.ours != x.theirs)
            .Select(x => $"{x.name}\n  ours:    {x.ours}\n  c++filt: {x.theirs}")
            .ToList();
        // The list must exercise the demangler, not compare unchanged names with c++filt's failures:
        // c++filt demangles every one of them (so ours, equal to it, did too).
        Assert.All(CppBroadList.Zip(expected), pair => Assert.NotEqual(pair.First, pair.Second));
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    [Theory]
    [InlineData("_Z")]
    [InlineData("_Z3fo")]
    [InlineData("_ZN3fooE3")]
    [InlineData("_Z1fT_")]
    [InlineData("_Z1fS5_")]
    [InlineData("_ZNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN")]
    [InlineData("_Z1fIXadL_Z1gvEEEvv")]
    [InlineData("_RNvC3foo")]
    [InlineData("_RB_")]
    [InlineData("_R")]
    public void Names_that_cannot_be_demangled_are_left_alone(string symbol) =>
        Assert.Equal(symbol, StackDemangler.DemangleFrame(symbol));

    [Fact]
    public void Deep_nesting_does_not_crash()
    {
        string deep = "_Z1f" + new string('P', 100000) + "i";
        Assert.Equal(deep, StackDemangler.DemangleFrame(deep));
    }

    [Theory]
    [InlineData("_ZN4core3fmt5write17h0123456789abcdefE", "core::fmt::write")]
    [InlineData("_ZN3std2rt10lang_start17h1a2b3c4d5e6f7a8bE", "std::rt::lang_start")]
    [InlineData("_ZN4core3ptr46drop_in_place$LT$alloc..vec..Vec$LT$u8$GT$$GT$17h0000000000000000E",
        "core::ptr::drop_in_place<alloc::vec::Vec<u8>>")]
    [InlineData("_ZN70_$LT$alloc..vec..Vec$LT$T$C$A$GT$$u20$as$u20$core..ops..drop..Drop$GT$4drop17hffffffffffffffffE",
        "<alloc::vec::Vec<T,A> as core::ops::drop::Drop>::drop")]
    [InlineData("_ZN3foo3bar17h0123456789abcdefE.llvm.1234ABCD", "foo::bar")]
    // rustc-demangle decodes any `$u<hex>$`, not only the few the partial fix below knows.
    [InlineData("_ZN3foo7a$u3c$b17h0123456789abcdefE", "foo::a<b")]
    public void Rust_legacy_names_drop_the_hash(string mangled, string expected) =>
        Assert.Equal(expected, StackDemangler.DemangleFrame(mangled));

    [Theory]
    [InlineData("_RNvNtCs1234_7mycrate3foo3bar", "mycrate::foo::bar")]
    [InlineData("_RNvC6_123foo3bar", "123foo::bar")]
    [InlineData("_RINvNtC3std3mem8align_ofjE", "std::mem::align_of::<usize>")]
    [InlineData("_RNCNCNgCs6DXkGYLi8lr_2cc5spawn00B5_", "cc::spawn::{closure#0}::{closure#0}")]
    [InlineData("_RMC0INtC8arrayvec8ArrayVechKj7b_E", "<arrayvec::ArrayVec<u8, 123>>")]
    [InlineData("_RNvNvMCs4fqI2P2rA04_13const_genericINtB4_3FooKpE3foo3FOO", "<const_generic::Foo<_>>::foo::FOO")]
    [InlineData("_RINbNbCskIICzLVDPPb_5alloc5alloc8box_freeDINbNiB4_5boxed5FnBoxuEp6OutputuEL_ECs1iopQbuBiw2_3std",
        "alloc::alloc::box_free::<dyn alloc::boxed::FnBox<(), Output = ()>>")]
    [InlineData("_RINvC1a1fTRShOuEE", "a::f::<(&[u8], *mut ())>")]
    [InlineData("_RNvXC1aNtC1a1SNtC1b1T1f", "<a::S as b::T>::f")]
    [InlineData("_RINvC1a1fFEuE", "a::f::<fn()>")]
    [InlineData("_RINvC1a1fFUKCjEmE", "a::f::<unsafe extern \"C\" fn(usize) -> u32>")]
    [InlineData("_RINvC1a1fKb1_Kc4b_Kln5_E", "a::f::<true, 'K', -5>")]
    // Punycode: the encoded part is what RFC 3492 (Python's "punycode" codec) makes of the name.
    [InlineData("_RNqCs4fqI2P2rA04_11utf8_identsu30____7hkackfecea1cbdathfdh9hlq6y", "utf8_idents::საჭმელად_გემრიელი_სადილი")]
    [InlineData("_RNvC1au9bcher_kva", "a::bücher")]
    public void Rust_v0_names_demangle(string mangled, string expected) =>
        Assert.Equal(expected, StackDemangler.DemangleFrame(mangled));

    [Theory]
    [InlineData("std::rt::lang_start::h0123456789abcdef", "std::rt::lang_start")]
    [InlineData("_$LT$grep_searcher..searcher..glue..ReadByLine$LT$$u27$s$C$$u20$M$C$$u20$R$C$$u20$S$GT$$GT$::run::h30ecedc997ad7e32",
        "<grep_searcher::searcher::glue::ReadByLine<'s, M, R, S>>::run")]
    [InlineData("core..ptr..drop_in_place$LT$foo$GT$::h0123456789abcdef", "core::ptr::drop_in_place<foo>")]
    [InlineData("a$XY$b::h0123456789abcdef", "a$XY$b")]
    // inferno knows a fixed list of `$u..$` escapes; at any other it stops and keeps the rest.
    [InlineData("x..y$u3c$z..w::h0123456789abcdef", "x::y$u3c$z..w")]
    [InlineData("plain_function", "plain_function")]
    [InlineData("almost::h0123456789abcde", "almost::h0123456789abcde")]
    public void Partly_demangled_rust_names_are_fixed_like_inferno(string frame, string expected) =>
        Assert.Equal(expected, StackDemangler.DemangleFrame(frame));

    [Fact]
    public void Symbols_inside_a_frame_are_demangled_and_the_rest_is_kept()
    {
        var result = FoldFilterRun.Filter(
            "prog;_ZN3foo3barEv_[k];[_Z3bazi];call _Z3quxv+0x10;not_Zmangled 3\n", DemangleOnly);
        FoldFilterRun.AssertOutput(result, "prog;foo::bar()_[k];[baz(int)];call qux()+0x10;not_Zmangled 3\n");
    }

    [Fact]
    public void Demangled_stacks_that_become_equal_are_merged()
    {
        var result = FoldFilterRun.Filter(
            "main;_ZN4core3fmt5write17h0123456789abcdefE 1\nmain;core::fmt::write::hfedcba9876543210 2\n", DemangleOnly);
        FoldFilterRun.AssertOutput(result, "main;core::fmt::write 3\n");
    }

    [Fact]
    public void A_semicolon_produced_by_demangling_does_not_split_the_frame()
    {
        // `$u3b$` is ';' in a partly demangled Rust name; the collapsers write ';' inside a frame as ':'.
        var result = FoldFilterRun.Filter("main;a$u3b$b::h0123456789abcdef 1\n", DemangleOnly);
        FoldFilterRun.AssertOutput(result, "main;a:b 1\n");
    }

    [Fact]
    public void Bytes_that_are_not_utf8_in_other_frames_pass_through_unchanged()
    {
        byte[] input = [.. "main;caf"u8, 0xE9, .. ";_Z3foov 2\n"u8];
        byte[] expected = [.. "main;caf"u8, 0xE9, .. ";foo() 2\n"u8];
        var result = StageRun.Run(new global::FlameGraph.Filter.FoldFilter(DemangleOnly).Run, ("-", input));
        Assert.Equal(expected, result.Output);
    }

    static readonly FoldFilterOptions DemangleOnly = new() { Demangle = true };

    static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}

/// <summary>Damaged symbols never escape as exceptions: every prefix and every one-character change.</summary>
public class DemangleRobustnessTests
{
    [Fact]
    public void Truncated_and_altered_symbols_are_demangled_or_left_alone_without_throwing()
    {
        string[] seeds =
        [
            "_ZNSt6vectorIiSaIiEE12emplace_backIJiEEERiDpOT_", "_ZZ4mainENKUliE_clEi", "_ZTcv0_n12_h8_N1B1fEv",
            "_ZN4llvm10hash_valueIjEENSt9enable_ifIXsr19is_integral_or_enumIT_EE5valueENS_9hash_codeEE4typeES2_",
            "_Z1fPFPFivEvE", "_ZTC1B0_1A", "_ZGVZ1fvE1x", "_Z1fILln3EEvv", "_Z1fDv4_f",
            "_ZN4core3ptr46drop_in_place$LT$alloc..vec..Vec$LT$u8$GT$$GT$17h0000000000000000E",
            "_RINbNbCskIICzLVDPPb_5alloc5alloc8box_freeDINbNiB4_5boxed5FnBoxuEp6OutputuEL_ECs1iopQbuBiw2_3std",
            "_RINvC1a1fFUKCjEmE", "_RINvC1a1fKb1_Kc4b_Kln5_E", "_RNqCs4fqI2P2rA04_11utf8_identsu30____7hkackfecea1cbdathfdh9hlq6y",
        ];
        const string alphabet = "_0123456789ABCDEFGIJKLMNOPRSTUVXYZabcdefghijklmnopqrstuvwxyz$.";
        var outcomes = new int[2]; // [left alone, demangled]
        foreach (string seed in seeds)
        {
            for (int cut = 1; cut <= seed.Length; cut++)
                outcomes[Survives(seed[..cut]) ? 1 : 0]++;
            for (int at = 2; at < seed.Length; at++)
            {
                foreach (char c in alphabet)
                {
                    outcomes[Survives(seed[..at] + c + seed[(at + 1)..]) ? 1 : 0]++;
                    outcomes[Survives(seed[..at] + c + seed[at..]) ? 1 : 0]++;
                }
            }
        }
        // Not throwing proves little if the parsers refused every damaged name at its first
        // character, or read anything at all: a cut or a changed character must often still
        // leave a name that demangles, and often not.
        int total = outcomes[0] + outcomes[1];
        Assert.True(outcomes[1] > total / 10, $"only {outcomes[1]} of {total} damaged names demangled");
        Assert.True(outcomes[0] > total / 10, $"only {outcomes[0]} of {total} damaged names left alone");
    }

    [Fact]
    public void Substitutions_that_double_at_every_level_do_not_run_away()
    {
        // Parameters X, A<X, X>, then A<previous, previous>: level n prints 2^n copies of X.
        Assert.Equal("f(X, A<X, X>, A<A<X, X>, A<X, X> >, A<A<A<X, X>, A<X, X> >, A<A<X, X>, A<X, X> > >)",
            StackDemangler.DemangleFrame(DoublingCpp(2)));
        string huge = DoublingCpp(40);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(huge, StackDemangler.DemangleFrame(huge));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Rust_backreferences_that_double_at_every_level_do_not_run_away()
    {
        Assert.Equal("a::f::<(i32,), ((i32,), (i32,)), (((i32,), (i32,)), ((i32,), (i32,)))>",
            StackDemangler.DemangleFrame(DoublingRust(2)));
        string huge = DoublingRust(40);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(huge, StackDemangler.DemangleFrame(huge));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    /// <summary>`_Z1f1X1AIS_S_E` then `S0_IS&lt;n&gt;_S&lt;n&gt;_E`: S0_ is A, S&lt;n&gt;_ the previous parameter.</summary>
    static string DoublingCpp(int levels)
    {
        var symbol = new System.Text.StringBuilder("_Z1f1X1AIS_S_E");
        for (int level = 1; level <= levels; level++)
            symbol.Append("S0_IS").Append(Digits(level, 36, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")).Append("_S")
                .Append(Digits(level, 36, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")).Append("_E");
        return symbol.ToString();
    }

    /// <summary>Generic arguments `(i32,)`, then tuples of two backreferences to the argument before.</summary>
    static string DoublingRust(int levels)
    {
        var symbol = new System.Text.StringBuilder("_RINvC1a1fTlE");
        int previous = 8;   // offset after "_R" of the first tuple
        for (int level = 0; level < levels; level++)
        {
            int here = symbol.Length - 2;
            // B_ is offset 0; offset n is written n-1 in base 62, then '_'.
            string reference = "B" + Digits(previous - 1, 62, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") + "_";
            symbol.Append('T').Append(reference).Append(reference).Append('E');
            previous = here;
        }
        return symbol.Append('E').ToString();
    }

    static string Digits(int value, int radix, string digits)
    {
        string text = "";
        do
        {
            text = digits[value % radix] + text;
            value /= radix;
        }
        while (value > 0);
        return text;
    }

    /// <summary>Demangles without throwing; true when the frame came back changed (demangled).</summary>
    static bool Survives(string symbol)
    {
        try
        {
            return StackDemangler.DemangleFrame(symbol) != symbol;
        }
        catch (Exception e)
        {
            Assert.Fail($"{symbol}: {e.GetType().Name}: {e.Message}");
            return false;
        }
    }
}
