/*
 * threads: three pthreads, each burning CPU in its own named function (spin_alpha,
 * spin_beta, spin_gamma), the same amount of work each. The main thread only waits.
 *
 * Build: gcc -O1 -fno-omit-frame-pointer -g -pthread -o threads threads.c
 * Run:   ./threads [N]     (N iterations per thread, default 100000000)
 */
#include <pthread.h>
#include <stdlib.h>

static unsigned long iterations = 100000000UL;
static volatile unsigned long sinks[3];

static inline unsigned long step(unsigned long x)
{
    return x * 6364136223846793005UL + 1442695040888963407UL;
}

/* Each thread has its own copy of the loop, so each hot function is a leaf of its own. */
__attribute__((noinline)) void spin_alpha(void)
{
    unsigned long x = sinks[0];
    for (unsigned long i = 0; i < iterations; i++)
        x = step(x);
    sinks[0] = x;
}

__attribute__((noinline)) void spin_beta(void)
{
    unsigned long x = sinks[1];
    for (unsigned long i = 0; i < iterations; i++)
        x = step(x);
    sinks[1] = x;
}

__attribute__((noinline)) void spin_gamma(void)
{
    unsigned long x = sinks[2];
    for (unsigned long i = 0; i < iterations; i++)
        x = step(x);
    sinks[2] = x;
}

static void *alpha_main(void *arg) { (void)arg; spin_alpha(); return NULL; }
static void *beta_main(void *arg) { (void)arg; spin_beta(); return NULL; }
static void *gamma_main(void *arg) { (void)arg; spin_gamma(); return NULL; }

int main(int argc, char **argv)
{
    if (argc > 1)
        iterations = strtoul(argv[1], NULL, 10);
    pthread_t threads[3];
    void *(*bodies[3])(void *) = { alpha_main, beta_main, gamma_main };
    for (int i = 0; i < 3; i++)
        if (pthread_create(&threads[i], NULL, bodies[i], NULL) != 0)
            return 1;
    for (int i = 0; i < 3; i++)
        pthread_join(threads[i], NULL);
    return 0;
}
