using System.Text;

namespace FlameGraph.Bench;

/// <summary>
/// Makes the function names of the synthetic programs from fixed word lists and a seeded
/// generator: kernel symbols, C, C++ (namespaces, templates, parameter lists, anonymous
/// namespaces, lambdas), legacy-mangled-looking Rust paths with ::h&lt;16 hex&gt; hashes,
/// Java JIT methods (Lcom/foo/Bar;::baz, inlined chains joined by ->) and JavaScript.
/// Every list it returns holds distinct names.
/// </summary>
sealed class NameFactory(Rng rng)
{
    static readonly string[] KernelSubsystems =
    [
        "tcp", "udp", "ip", "ipv6", "sock", "skb", "netif", "napi", "ext4", "xfs", "btrfs", "blk_mq", "bio",
        "page", "folio", "mm", "vma", "filemap", "shmem", "kmem_cache", "slab", "sched", "task", "futex",
        "epoll", "pipe", "vfs", "dentry", "inode", "rcu", "hrtimer", "timer", "irq", "softirq", "mutex",
        "rwsem", "percpu", "cgroup", "perf_event", "seccomp", "audit", "nf_conntrack", "nft", "veth", "virtio_net",
    ];
    static readonly string[] KernelVerbs =
    [
        "alloc", "free", "read", "write", "sendmsg", "recvmsg", "lock", "unlock", "wake_up", "wait", "poll",
        "submit", "complete", "flush", "update", "insert", "lookup", "queue", "dispatch", "handle", "map",
        "unmap", "charge", "uncharge", "copy", "fault", "open", "release", "rcv", "xmit", "enqueue", "dequeue",
    ];
    static readonly string[] KernelSuffixes = ["", "", "", "_locked", "_irqsave", "_common", "_slowpath", "_finish", "_iter", "_one", "_nocheck", ".isra.0", ".constprop.0"];

    static readonly string[] CppNamespaces =
    [
        "mysql", "rocksdb", "Envoy::Http", "Envoy::Network", "absl::lts_20230802", "boost::asio::detail",
        "v8::internal", "folly", "grpc_core", "google::protobuf::internal", "leveldb", "tensorflow", "clang::Sema",
        "llvm", "duckdb", "arrow::compute", "seastar", "ceph::buffer::v15_2_0",
    ];
    static readonly string[] CamelWords =
    [
        "Connection", "Manager", "Buffer", "Stream", "Codec", "Filter", "Table", "Block", "Cache", "Index",
        "Reader", "Writer", "Handler", "Session", "Pool", "Thread", "Task", "Queue", "Request", "Response",
        "Router", "Cluster", "Socket", "Event", "Timer", "Allocator", "Arena", "Compaction", "Iterator",
        "Version", "Log", "Transaction", "Lock", "Hash", "Map", "Schema", "Record", "Batch", "Channel",
        "Listener", "Parser", "Builder", "Visitor", "Executor", "Scheduler", "Registry", "Context", "Frame",
    ];
    static readonly string[] CppMethods =
    [
        "onData", "decodeHeaders", "encodeData", "flush", "run", "process", "dispatch", "append", "get", "put",
        "seek", "next", "compact", "write", "read", "lookup", "insert", "erase", "reserve", "resize", "parse",
        "serialize", "visit", "execute", "schedule", "onEvent", "handleRequest", "finalize", "merge", "apply",
    ];
    static readonly string[] CppParameterTypes =
    [
        "int", "unsigned long", "char const*", "void*", "bool", "double", "std::string const&",
        "std::basic_string<char, std::char_traits<char>, std::allocator<char> > const&",
        "std::vector<unsigned char, std::allocator<unsigned char> >&", "absl::string_view",
        "std::unique_ptr<Buffer::Instance, std::default_delete<Buffer::Instance> >",
        "std::function<void (int)> const&", "Slice const&", "Status*", "unsigned int", "long",
        "std::shared_ptr<Context>", "std::map<std::string, int, std::less<std::string>, std::allocator<std::pair<std::string const, int> > > const&",
    ];
    static readonly string[] RustCrates =
    [
        "std", "core", "alloc", "tokio", "hyper", "serde_json", "regex", "vector", "rayon_core", "hashbrown",
        "mio", "bytes", "h2", "tracing", "futures_util", "tower", "prost", "ripgrep", "rustc_middle",
    ];
    static readonly string[] RustModules =
    [
        "runtime", "raw", "map", "de", "ser", "io", "net", "task", "sync", "exec", "pool", "codec", "proto",
        "scheduler", "worker", "harness", "buf", "stream", "sink", "ty", "query", "dfa", "pikevm",
    ];
    static readonly string[] RustTypes =
    [
        "Harness<T,S>", "Worker", "Parser", "Deserializer<R>", "RawTable<T,A>", "Inner", "Registry", "Pool<T>",
        "Stream", "Context", "Core", "Connection<T,B>", "Dispatcher<D,Bs,I,T>", "Vec<T,A>", "BytesMut",
        "Receiver<T>", "Sender<T>", "Map<St,F>", "Instrumented<T>", "Searcher", "TyCtxt",
    ];
    static readonly string[] RustMethods =
    [
        "poll", "run", "next", "from_str", "deserialize_any", "insert", "reserve_rehash", "find", "call_once",
        "drop_in_place", "fmt", "run_task", "poll_read", "poll_write", "encode", "decode", "try_fold", "extend",
        "search", "shallow_search", "block_on", "park", "clone", "with_capacity",
    ];
    static readonly string[] RustTraits =
    [
        "core::future::future::Future", "core::ops::drop::Drop", "core::iter::traits::iterator::Iterator",
        "core::fmt::Display", "futures_core::stream::Stream", "tokio::io::AsyncRead", "core::clone::Clone",
    ];
    static readonly string[] JavaPackages =
    [
        "io/netty/channel/nio", "io/netty/buffer", "io/netty/handler/codec/http", "io/vertx/core/http/impl",
        "java/util", "java/util/concurrent", "java/lang", "java/io", "java/nio/charset", "sun/nio/cs",
        "com/fasterxml/jackson/databind/ser", "com/fasterxml/jackson/core/json", "org/apache/kafka/clients/producer",
        "org/springframework/web/servlet", "com/foo/orders/service", "com/foo/orders/repository", "org/h2/command",
    ];
    static readonly string[] JavaMethods =
    [
        "run", "read", "write", "process", "handle", "invoke", "apply", "accept", "get", "put", "getNode",
        "hashCode", "equals", "toString", "encode", "decode", "serialize", "flush", "channelRead", "fireChannelRead",
        "doFilter", "service", "executeQuery", "send", "poll", "offer", "compareTo", "<init>", "lambda$run$0",
    ];
    static readonly string[] CPrefixes =
    [
        "ngx_http_", "ngx_event_", "ngx_", "Exec", "heap_", "_bt_", "pg_", "XLog", "LWLock", "hash_search_",
        "slot_", "redis", "dict", "zset", "sqlite3Vdbe", "sqlite3Btree", "lua_", "luaV_", "curl_", "SSL_", "EVP_",
    ];
    static readonly string[] CWords =
    [
        "process_request", "read_request_header", "parse_header_line", "output_filter", "write_filter",
        "handler", "Scan", "getnext", "insert", "search", "Acquire", "Release", "Insert", "Flush", "Find",
        "Execute", "Step", "Next", "MovetoUnpacked", "call", "gettable", "execute", "perform", "read", "write",
        "DigestUpdate", "getsomeattrs", "hash_bytes", "Expand", "lookup",
    ];
    static readonly string[] JsNames =
    [
        "handleRequest", "parseBody", "renderTemplate", "query", "emit", "onData", "processTicksAndRejections",
        "listOnTimeout", "validate", "serialize", "JSON.parse", "Array.prototype.map", "compile", "resolve",
    ];

    readonly HashSet<string> _taken = [];

    /// <summary>Names that are not generated: the well-known frames every program of a kind shares.</summary>
    public static readonly string[] LibcFunctions =
    [
        "__memmove_avx_unaligned_erms", "__memset_avx2_unaligned_erms", "malloc", "_int_malloc", "free",
        "_int_free", "pthread_mutex_lock", "__pthread_mutex_unlock_usercnt", "__GI___libc_write", "__libc_recv",
        "__libc_sendmsg", "epoll_wait", "__poll", "__strlen_avx2", "__memcmp_avx2_movbe", "pthread_cond_wait@@GLIBC_2.3.2",
        "__lll_lock_wait", "syscall", "__GI___clock_gettime", "operator new(unsigned long)", "operator delete(void*)",
    ];

    public List<string> Kernel(int count) => Distinct(count, () =>
    {
        string prefix = rng.Chance(0.25) ? "__" : "";
        return prefix + rng.Pick(KernelSubsystems) + "_" + rng.Pick(KernelVerbs) + rng.Pick(KernelSuffixes);
    });

    public List<string> Cpp(int count) => Distinct(count, () =>
    {
        var name = new StringBuilder();
        double shape = rng.NextDouble();
        string ns = rng.Pick(CppNamespaces);
        string type = rng.Pick(CamelWords) + rng.Pick(CamelWords);
        if (shape < 0.12)
            name.Append(ns).Append("::(anonymous namespace)::").Append(type).Append("::").Append(rng.Pick(CppMethods));
        else if (shape < 0.30)
            name.Append(ns).Append("::").Append(type).Append('<').Append(ns).Append("::").Append(rng.Pick(CamelWords))
                .Append(", std::allocator<").Append(rng.Pick(CamelWords)).Append(">>::").Append(rng.Pick(CppMethods));
        else if (shape < 0.40)
            name.Append("std::_Function_handler<void (), ").Append(ns).Append("::").Append(type).Append("::")
                .Append(rng.Pick(CppMethods)).Append("()::{lambda()#").Append(rng.Next(1, 4)).Append("}>::_M_invoke");
        else
            name.Append(ns).Append("::").Append(type).Append("::").Append(rng.Pick(CppMethods));
        name.Append('(');
        int parameters = rng.Next(4);
        for (int i = 0; i < parameters; i++)
            name.Append(i > 0 ? ", " : "").Append(rng.Pick(CppParameterTypes));
        name.Append(')');
        if (rng.Chance(0.3))
            name.Append(" const");
        return name.ToString();
    });

    public List<string> Rust(int count) => Distinct(count, () =>
    {
        string hash = "::h" + rng.NextU64().ToString("x16");
        string path = rng.Pick(RustCrates) + "::" + rng.Pick(RustModules) + "::" + rng.Pick(RustTypes);
        return rng.NextDouble() switch
        {
            < 0.2 => "<" + path + " as " + rng.Pick(RustTraits) + ">::" + rng.Pick(RustMethods) + hash,
            < 0.27 => "core::ops::function::FnOnce::call_once{{vtable.shim}}" + hash,
            < 0.35 => path + "::" + rng.Pick(RustMethods) + "::{{closure}}" + hash,
            _ => path + "::" + rng.Pick(RustMethods) + hash,
        };
    });

    /// <summary>Java methods as perf-map-agent writes them; a quarter are chains of inlined methods.</summary>
    public List<string> JavaJit(int count) => Distinct(count, () =>
    {
        int inlined = rng.Chance(0.25) ? rng.Next(2, 5) : 1;
        var name = new StringBuilder();
        for (int i = 0; i < inlined; i++)
            name.Append(i > 0 ? "->" : "").Append('L').Append(rng.Pick(JavaPackages)).Append('/')
                .Append(rng.Pick(CamelWords)).Append(rng.Pick(CamelWords)).Append(";::").Append(rng.Pick(JavaMethods));
        return name.ToString();
    });

    public List<string> C(int count) => Distinct(count, () => rng.Pick(CPrefixes) + rng.Pick(CWords) + (rng.Chance(0.3) ? "_" + rng.Pick(CWords) : ""));

    public List<string> JavaScript(int count) => Distinct(count, () =>
        (rng.Chance(0.7) ? "LazyCompile:~" : "LazyCompile:*") + rng.Pick(JsNames) + " /srv/app/" + rng.Pick(CamelWords).ToLowerInvariant()
        + "/" + rng.Pick(JsNames).Replace('.', '_') + ".js:" + rng.Next(1, 900));

    List<string> Distinct(int count, Func<string> make)
    {
        var names = new List<string>(count);
        for (int attempts = 0; names.Count < count && attempts < count * 50; attempts++)
        {
            string name = make();
            if (_taken.Add(name))
                names.Add(name);
        }
        return names;
    }
}
