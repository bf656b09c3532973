/// Busy for about half a second at -O; never inlined so it stays a frame of its own.
#[inline(never)]
fn alpha_main_hot(rounds: u64) -> u64 {
    let mut x = 1u64;
    for i in 0..rounds {
        x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(i));
    }
    x
}

/// Only built with the extra-hot feature.
#[cfg(feature = "extra-hot")]
#[inline(never)]
fn alpha_feature_hot(rounds: u64) -> u64 {
    let mut x = 3u64;
    for i in 0..rounds {
        x = std::hint::black_box(x.wrapping_mul(2862933555777941757).wrapping_add(i));
    }
    x
}

fn main() {
    let rounds = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(450_000_000);
    println!("{}", alpha_main_hot(rounds));
    #[cfg(feature = "extra-hot")]
    println!("{}", alpha_feature_hot(rounds));
}
