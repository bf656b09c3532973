/// What the beta_tool binary prints.
pub fn greeting() -> &'static str {
    "beta"
}

#[cfg(test)]
mod tests {
    /// Busy for about half a second at -O; never inlined so it stays a frame of its own.
    #[inline(never)]
    fn beta_unit_hot(rounds: u64) -> u64 {
        let mut x = 1u64;
        for i in 0..rounds {
            x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(i));
        }
        x
    }

    #[test]
    fn unit_hot_runs() {
        assert_ne!(beta_unit_hot(450_000_000), 0);
    }
}
