/*
 * kernelheavy: spends most of its time in the kernel. A tight loop of one-byte write()s to
 * /dev/null and getppid() calls (a real system call each time, never cached by libc), so most
 * samples have kernel frames (the system call path) above a little user code.
 *
 * Build: gcc -O1 -fno-omit-frame-pointer -g -o kernelheavy kernelheavy.c
 * Run:   ./kernelheavy [N]  (N loop iterations, default 2000000)
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

__attribute__((noinline)) void write_bytes(int fd, unsigned long n)
{
    char byte = 'x';
    for (unsigned long i = 0; i < n; i++)
        if (write(fd, &byte, 1) != 1)
            exit(1);
}

__attribute__((noinline)) void ask_parent(unsigned long n)
{
    for (unsigned long i = 0; i < n; i++)
        (void)getppid();
}

int main(int argc, char **argv)
{
    unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000000UL;
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0)
        return 1;
    for (int round = 0; round < 10; round++) {
        write_bytes(fd, n / 10);
        ask_parent(n / 10);
    }
    close(fd);
    return 0;
}
