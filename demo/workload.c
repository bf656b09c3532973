/*
 * The demo workload: three hot functions whose shares of the CPU time are known from their
 * loop counts, 50% / 30% / 20%, so a flame graph of it can be checked by eye or by a test.
 *   workload [SECONDS] [EXIT_STATUS] [THREADS]
 * SECONDS (default 2) is roughly how long it burns CPU; EXIT_STATUS (default 0) is what it
 * returns; THREADS (default 1) runs that many copies of the work, each in its own thread.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

static volatile unsigned long sink;

/*
 * A call makes each hot function a non-leaf, so gcc gives it a frame pointer even at -O1 (gcc 12
 * drops it in leaves whatever -mno-omit-leaf-frame-pointer says) and perf's fp unwinder sees its
 * caller.
 */
__attribute__((noinline)) static void not_a_leaf(void) { __asm__ volatile(""); }

/* The same arithmetic in each, so a share of iterations is a share of time. */
#define SPIN(n) do { not_a_leaf(); unsigned long x = sink; for (unsigned long i = 0; i < (n); i++) x = x * 6364136223846793005UL + 1442695040888963407UL; sink = x; } while (0)

__attribute__((noinline)) void hot_fifty(unsigned long units) { SPIN(units * 50); }
__attribute__((noinline)) void hot_thirty(unsigned long units) { SPIN(units * 30); }
__attribute__((noinline)) void hot_twenty(unsigned long units) { SPIN(units * 20); }

static double seconds;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

__attribute__((noinline)) static void *work(void *unused)
{
    (void)unused;
    double end = now() + seconds;
    while (now() < end) {
        hot_fifty(20000);
        hot_thirty(20000);
        hot_twenty(20000);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    seconds = argc > 1 ? atof(argv[1]) : 2;
    int status = argc > 2 ? atoi(argv[2]) : 0;
    int threads = argc > 3 ? atoi(argv[3]) : 1;
    if (threads <= 1) {
        work(NULL);
        return status;
    }
    pthread_t ids[64];
    if (threads > 64)
        threads = 64;
    for (int i = 0; i < threads; i++)
        pthread_create(&ids[i], NULL, work, NULL);
    for (int i = 0; i < threads; i++)
        pthread_join(ids[i], NULL);
    return status;
}
