// Busy Rust functions for perf.data tests: a generic (monomorphized twice), a trait method and a
// closure, compiled with frame pointers so perf's -g call chains reach main.
use std::hint::black_box;

trait Step {
    fn step(&self, x: u64) -> u64;
}

struct Mix(u64);

impl Step for Mix {
    #[inline(never)]
    fn step(&self, x: u64) -> u64 {
        x.wrapping_mul(6364136223846793005).wrapping_add(self.0)
    }
}

#[inline(never)]
fn spin<T: Into<u64> + Copy>(seed: T, rounds: u64) -> u64 {
    let mix = Mix(black_box(1442695040888963407));
    let mut x: u64 = seed.into();
    for _ in 0..rounds {
        x = black_box(mix.step(x));
    }
    x
}

#[inline(never)]
fn with_closure(rounds: u64) -> u64 {
    let add = |a: u64, b: u64| black_box(a ^ (b << 1));
    (0..rounds).fold(0, add)
}

fn main() {
    let rounds: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000_000);
    let a = spin(7u32, rounds);
    let b = spin(9u64, rounds);
    let c = with_closure(rounds);
    println!("{}", a ^ b ^ c);
}
