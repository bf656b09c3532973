/// Busy for about half a second at -O; never inlined so it stays a frame of its own.
#[inline(never)]
fn alpha_bench_hot(rounds: u64) -> u64 {
    let mut x = 1u64;
    for i in 0..rounds {
        x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(i));
    }
    x
}

// harness = false: a plain main stands in for a benchmark framework.
fn main() {
    println!("{}", alpha_bench_hot(450_000_000));
}
