/*
 * A workload for fg-record's tests: two hot functions that burn CPU in a 3:1 ratio, so a
 * profile must show hot_three with about three times the samples of hot_one.
 *
 *   record-hot [SECONDS] [EXIT_STATUS]
 *
 * Runs for about SECONDS (default 1) of CPU time, then exits with EXIT_STATUS (default 0).
 * SECONDS = 0 runs until killed.
 */
#include <stdlib.h>
#include <time.h>

static volatile unsigned long sink;

/* Inlined into each hot function, so the samples land in hot_three and hot_one themselves
   (a call to a shared helper would be a tail call, and the hot frame would vanish). */
__attribute__((always_inline)) static inline void spin(unsigned long n)
{
    unsigned long x = sink;
    for (unsigned long i = 0; i < n; i++)
        x = x * 6364136223846793005UL + 1442695040888963407UL;
    sink = x;
}

__attribute__((noinline)) void hot_three(void) { spin(3000000); }

__attribute__((noinline)) void hot_one(void) { spin(1000000); }

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    int status = argc > 2 ? atoi(argv[2]) : 0;
    while (seconds <= 0 || cpu_seconds() < seconds) {
        hot_three();
        hot_one();
    }
    return status;
}
