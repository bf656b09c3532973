/*
 * twohot: two functions burn CPU in a known ratio, 3:1 by loop count.
 * hot_three() runs 3 * N iterations and hot_one() N iterations of the same loop body, so a
 * profile should give hot_three about three times the samples of hot_one. Each is a leaf
 * (it calls nothing), so its samples are its own.
 *
 * Build: gcc -O1 -fno-omit-frame-pointer -g -o twohot twohot.c
 * Run:   ./twohot [N]      (N defaults to 50000000)
 */
#include <stdlib.h>

static volatile unsigned long sink;

/* The shared loop body: a multiply-add chain the compiler cannot shorten. */
static inline unsigned long step(unsigned long x)
{
    return x * 6364136223846793005UL + 1442695040888963407UL;
}

__attribute__((noinline)) void hot_three(unsigned long n)
{
    unsigned long x = sink;
    for (unsigned long i = 0; i < 3 * n; i++)
        x = step(x);
    sink = x;
}

__attribute__((noinline)) void hot_one(unsigned long n)
{
    unsigned long x = sink;
    for (unsigned long i = 0; i < n; i++)
        x = step(x);
    sink = x;
}

/* Interleaves the two in slices, so a slow start or a busy neighbour hits both alike. */
__attribute__((noinline)) void work(unsigned long n)
{
    const unsigned long slices = 100;
    for (unsigned long s = 0; s < slices; s++) {
        hot_three(n / slices);
        hot_one(n / slices);
    }
}

int main(int argc, char **argv)
{
    unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 50000000UL;
    work(n);
    return 0;
}
