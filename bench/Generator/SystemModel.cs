namespace FlameGraph.Bench;

/// <summary>One thread (or single-threaded process) of a synthetic program.</summary>
sealed record ThreadModel(string Comm, int Tid, int[] RootChain, CallGraph? OwnBody = null);

/// <summary>A synthetic program: its threads, the code they run and how perf prints its samples.</summary>
sealed class ProcessModel
{
    public required string Name { get; init; }
    public required int Pid { get; init; }
    /// <summary>true: event lines say "comm PID/TID"; false: perf's default "comm TID".</summary>
    public required bool PidTidForm { get; init; }
    public required List<ThreadModel> Threads { get; init; }
    public required CallGraph Body { get; init; }
    /// <summary>Library leaf frames (memcpy, malloc, ...) that samples often end in.</summary>
    public required int[] Leaves { get; init; }
    public double LeafChance { get; init; } = 0.3;
    public double KernelChance { get; init; } = 0.3;
    public int MaxDepth { get; init; } = 120;
    public long Period { get; init; } = 10101010;
    /// <summary>Share of all samples.</summary>
    public required double Weight { get; init; }
}

/// <summary>The kernel: a call graph and the ways into it (system call, interrupt, page fault).</summary>
sealed class KernelModel
{
    public required CallGraph Graph { get; init; }
    public required int[][] EntryChains { get; init; }
    public required int[] IdleChain { get; init; }

    /// <summary>Appends a kernel path below a user stack: an entry chain, then a short walk.</summary>
    public void AppendTail(List<int> frames, int room, Rng rng)
    {
        int[] entry = rng.Pick(EntryChains);
        int length = Math.Min(room, entry.Length + rng.Next(2, 11));
        if (length <= 0)
            return;
        for (int i = 0; i < entry.Length && length > 0; i++, length--)
            frames.Add(entry[i]);
        int position = Graph.EntryPosition(rng);
        for (; length > 0; length--)
        {
            frames.Add(Graph.FunctionAt(position));
            position = Graph.NextPosition(position, rng);
        }
    }
}

/// <summary>
/// The machine being profiled: a JVM service, two C++ servers, a Rust service, nginx and
/// postgres worker processes, a Node.js app and the idle kernel, each with its own threads,
/// code and call graph, drawn from a few thousand functions.
/// </summary>
sealed class SystemModel
{
    public FunctionTable Functions { get; } = new();
    public KernelModel Kernel { get; }
    public List<ProcessModel> Processes { get; } = [];

    public SystemModel(Rng rng)
    {
        var names = new NameFactory(rng);
        var f = Functions;
        const string Kallsyms = "[kernel.kallsyms]";
        const string Libc = "/usr/lib/x86_64-linux-gnu/libc.so.6";
        const string Libjvm = "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so";

        // Entry chains share their first frames: one function per name, so equal names are equal frames.
        var kernelEntries = new Dictionary<string, int>();
        int K(string name)
        {
            if (!kernelEntries.TryGetValue(name, out int id))
                kernelEntries[name] = id = f.Add(name, Kallsyms, FrameKind.Kernel, rng);
            return id;
        }
        int[] kernelBody = f.AddAll(names.Kernel(450), Kallsyms, FrameKind.Kernel, rng);
        Kernel = new KernelModel
        {
            Graph = new CallGraph(kernelBody, rng),
            EntryChains =
            [
                [K("entry_SYSCALL_64_after_hwframe"), K("do_syscall_64"), K("__x64_sys_write"), K("ksys_write"), K("vfs_write")],
                [K("entry_SYSCALL_64_after_hwframe"), K("do_syscall_64"), K("__x64_sys_futex"), K("do_futex")],
                [K("entry_SYSCALL_64_after_hwframe"), K("do_syscall_64"), K("__x64_sys_epoll_wait"), K("do_epoll_wait")],
                [K("entry_SYSCALL_64_after_hwframe"), K("do_syscall_64"), K("__x64_sys_recvfrom"), K("__sys_recvfrom"), K("sock_recvmsg")],
                [K("asm_sysvec_apic_timer_interrupt"), K("sysvec_apic_timer_interrupt"), K("__sysvec_apic_timer_interrupt"), K("hrtimer_interrupt")],
                [K("asm_exc_page_fault"), K("exc_page_fault"), K("do_user_addr_fault"), K("handle_mm_fault"), K("__handle_mm_fault")],
                [K("asm_common_interrupt"), K("common_interrupt"), K("__common_interrupt"), K("handle_edge_irq")],
            ],
            IdleChain = [K("secondary_startup_64_no_verify"), K("start_secondary"), K("cpu_startup_entry"), K("do_idle")],
        };

        int[] libc = f.AddAll(NameFactory.LibcFunctions, Libc, FrameKind.User, rng);
        int startThread = f.Add("start_thread", Libc, FrameKind.User, rng);
        int clone3 = f.Add("clone3", Libc, FrameKind.User, rng);
        int libcStartMain = f.Add("__libc_start_main", Libc, FrameKind.User, rng);
        int unknownRoot = f.Add("[unknown]", "[unknown]", FrameKind.Unknown, rng);

        // A JVM: JIT-compiled Java (perf-map-agent names in /tmp/perf-PID.map), the interpreter, HotSpot's own C++.
        {
            const int Pid = 4021;
            string map = $"/tmp/perf-{Pid}.map";
            var jit = f.AddAll(names.JavaJit(700), map, FrameKind.Jit, rng).ToList();
            int interpreter = f.Add("Interpreter", map, FrameKind.Jit, rng);
            for (int i = 0; i < 40; i++)
                jit.Insert(rng.Next(jit.Count), interpreter);
            int[] hotspot = f.AddAll(names.Cpp(220), Libjvm, FrameKind.User, rng);
            int[] javaRoot =
            [
                clone3, startThread,
                f.Add("thread_native_entry(Thread*)", Libjvm, FrameKind.User, rng),
                f.Add("Thread::call_run()", Libjvm, FrameKind.User, rng),
                f.Add("JavaThread::thread_main_inner()", Libjvm, FrameKind.User, rng),
                f.Add("JavaCalls::call_helper(JavaValue*, methodHandle const&, JavaCallArguments*, JavaThread*)", Libjvm, FrameKind.User, rng),
                f.Add("call_stub", map, FrameKind.Jit, rng),
            ];
            int[] vmRoot = [clone3, startThread, javaRoot[2], javaRoot[3]];
            var hotspotGraph = new CallGraph(hotspot, rng);
            var threads = new List<ThreadModel> { new("java", Pid + 1, javaRoot) };
            threads.Add(new("VM Thread", Pid + 9, vmRoot, hotspotGraph));
            threads.Add(new("C2 CompilerThre", Pid + 12, vmRoot, hotspotGraph));
            threads.Add(new("C1 CompilerThre", Pid + 13, vmRoot, hotspotGraph));
            for (int i = 0; i < 4; i++)
                threads.Add(new($"GC Thread#{i}", Pid + 4 + i, vmRoot, hotspotGraph));
            for (int i = 0; i < 4; i++)
                threads.Add(new("vert.x-eventloo", Pid + 80 + i, javaRoot));
            for (int i = 0; i < 8; i++)
                threads.Add(new($"pool-2-thread-{i + 1}", Pid + 100 + i, javaRoot));
            int[] leaves = [.. libc, f.Add("[unknown]", Libjvm, FrameKind.Unknown, rng), hotspot[0], hotspot[1]];
            Processes.Add(new ProcessModel
            {
                Name = "java", Pid = Pid, PidTidForm = true, Threads = threads, Body = new CallGraph([.. jit], rng),
                Leaves = leaves, Weight = 0.30,
            });
        }

        // C++ servers: long template names, anonymous namespaces, parameter lists.
        Processes.Add(CppServer("envoy", 1880, "/usr/local/bin/envoy", 700, ["envoy", .. Repeat("wrk:worker_", 6)], 0.20));
        Processes.Add(CppServer("mysqld", 2210, "/usr/sbin/mysqld", 600, ["mysqld", .. Repeat("connection", 8), "ib_io_wr-1", "ib_pg_flush_co"], 0.15));

        // A Rust service: legacy-mangled paths with ::h<hash>.
        {
            const int Pid = 3100;
            const string Exe = "/usr/bin/vector";
            int[] body = f.AddAll(names.Rust(600), Exe, FrameKind.User, rng);
            int[] root = [clone3, startThread, f.Add("std::sys::unix::thread::Thread::new::thread_start::h3c1d0f5a9e2b7c41", Exe, FrameKind.User, rng)];
            var threads = new List<ThreadModel>();
            for (int i = 0; i < 6; i++)
                threads.Add(new("vector-worker", Pid + 10 + i, root));
            threads.Add(new("tokio-runtime-w", Pid + 30, root));
            Processes.Add(new ProcessModel
            {
                Name = "vector", Pid = Pid, PidTidForm = true, Threads = threads, Body = new CallGraph(body, rng),
                Leaves = libc, Weight = 0.12,
            });
        }

        // Single-threaded C worker processes, printed in perf's default "comm TID" form.
        Processes.Add(CWorkers("nginx", 900, 8, "/usr/sbin/nginx", 250, "ngx_worker_process_cycle", 0.08));
        Processes.Add(CWorkers("postgres", 5000, 12, "/usr/lib/postgresql/16/bin/postgres", 250, "PostgresMain", 0.07));

        // Node.js: V8 JIT frames in /tmp/perf-PID.map, under an [unknown] root.
        {
            const int Pid = 7539;
            const string Node = "/usr/bin/node";
            int[] body = f.AddAll(names.JavaScript(300), $"/tmp/perf-{Pid}.map", FrameKind.Jit, rng);
            int[] root =
            [
                unknownRoot, libcStartMain,
                f.Add("node::Start(int, char**)", Node, FrameKind.User, rng),
                f.Add("uv_run", Node, FrameKind.User, rng),
                f.Add("v8::internal::Execution::Call(v8::internal::Isolate*, v8::internal::Handle<v8::internal::Object>, v8::internal::Handle<v8::internal::Object>, int, v8::internal::Handle<v8::internal::Object>*)", Node, FrameKind.User, rng),
                f.Add("Builtins_JSEntry", Node, FrameKind.User, rng),
            ];
            Processes.Add(new ProcessModel
            {
                Name = "node", Pid = Pid, PidTidForm = false, Threads = [new("node", Pid, root)], Body = new CallGraph(body, rng),
                Leaves = libc, Weight = 0.05,
            });
        }

        // The idle loop: kernel only.
        Processes.Add(new ProcessModel
        {
            Name = "swapper", Pid = 0, PidTidForm = false, Threads = [new("swapper", 0, Kernel.IdleChain)], Body = Kernel.Graph,
            Leaves = [], LeafChance = 0, KernelChance = 0.4, MaxDepth = 24, Weight = 0.03,
        });

        ProcessModel CppServer(string comm, int pid, string exe, int functions, string[] threadNames, double weight)
        {
            int[] body = f.AddAll(names.Cpp(functions), exe, FrameKind.User, rng);
            int[] root = [clone3, startThread, body[0]];
            var threads = threadNames.Select((name, i) => new ThreadModel(name, pid + i, i == 0 ? [libcStartMain, body[1]] : root)).ToList();
            return new ProcessModel { Name = comm, Pid = pid, PidTidForm = true, Threads = threads, Body = new CallGraph(body, rng), Leaves = libc, Weight = weight };
        }

        ProcessModel CWorkers(string comm, int firstPid, int count, string exe, int functions, string cycle, double weight)
        {
            int[] body = f.AddAll(names.C(functions), exe, FrameKind.User, rng);
            int[] root = [f.Add("_start", exe, FrameKind.User, rng), libcStartMain, f.Add("main", exe, FrameKind.User, rng), f.Add(cycle, exe, FrameKind.User, rng)];
            var threads = Enumerable.Range(firstPid, count).Select(pid => new ThreadModel(comm, pid, root)).ToList();
            return new ProcessModel { Name = comm, Pid = firstPid, PidTidForm = false, Threads = threads, Body = new CallGraph(body, rng), Leaves = libc, Weight = weight };
        }
    }

    static string[] Repeat(string prefix, int count) => Enumerable.Range(0, count).Select(i => prefix.EndsWith('_') ? prefix + i : prefix).ToArray();
}
