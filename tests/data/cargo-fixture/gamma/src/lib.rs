/// What the library offers.
pub fn gamma_value() -> u64 {
    7
}

/// Busy for about half a second at -O; never inlined so it stays a frame of its own.
#[cfg(test)]
#[inline(never)]
fn gamma_unit_bench_hot(rounds: u64) -> u64 {
    let mut x = 1u64;
    for i in 0..rounds {
        x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(i));
    }
    x
}

/// The harness-less test and benchmark program: it benchmarks when given --bench (as
/// `cargo bench` and `cargo flamegraph --unit-bench` run it) and only checks quickly otherwise.
#[cfg(test)]
fn main() {
    if std::env::args().any(|a| a == "--bench") {
        println!("{}", gamma_unit_bench_hot(450_000_000));
    } else {
        assert_eq!(gamma_value(), 7);
    }
}
