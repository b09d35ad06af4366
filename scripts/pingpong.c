/* The floor for an RPC round trip on this host: two threads ping-pong 16 bytes
 * over a Unix stream socket pair with blocking write(2) and read(2), no
 * framing, no protobuf. Each round trip is two wake-ups through the kernel,
 * as a ttrpc call between two processes is at the least.
 *
 *   cc -O2 -pthread -o pingpong scripts/pingpong.c
 *   ./pingpong [SECONDS (5)] [WARMUP_SECONDS (1)]
 *
 * Prints one JSON object: {"calls":..,"seconds":..,"calls_per_sec":..,"p50_us":..,"p99_us":..}
 * (calls are round trips). scripts/bench runs it and prints ours ÷ this floor. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int read_full(int fd, char *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        got += (size_t)r;
    }
    return 0;
}

static void *echo(void *arg) {
    int fd = *(int *)arg;
    char buf[16];
    while (read_full(fd, buf, sizeof buf) == 0)
        if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) break;
    return NULL;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 5, warmup = argc > 2 ? atof(argv[2]) : 1;
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) { perror("socketpair"); return 1; }
    pthread_t thread;
    if (pthread_create(&thread, NULL, echo, &fds[1]) != 0) { perror("pthread_create"); return 1; }
    char buf[16] = "ping-pong-16-byt";
    size_t cap = 1 << 20, n = 0;
    double *lat = malloc(cap * sizeof *lat);
    double start = now(), until = start + warmup, measured = 0;
    for (int phase = 0; phase < 2; phase++) {
        if (phase == 1) { start = now(); until = start + seconds; n = 0; }
        for (;;) {
            double began = now();
            if (began >= until) break;
            if (write(fds[0], buf, sizeof buf) != (ssize_t)sizeof buf || read_full(fds[0], buf, sizeof buf) != 0) {
                perror("ping-pong");
                return 1;
            }
            if (phase == 1) {
                if (n == cap) { cap *= 2; lat = realloc(lat, cap * sizeof *lat); }
                lat[n++] = (now() - began) * 1e6;
            }
        }
        measured = now() - start;
    }
    qsort(lat, n, sizeof *lat, cmp);
    double p50 = n ? lat[(size_t)(n * 0.50 + 0.999999) - 1] : 0, p99 = n ? lat[(size_t)(n * 0.99 + 0.999999) - 1] : 0;
    printf("{\"calls\":%zu,\"seconds\":%.3f,\"calls_per_sec\":%.1f,\"p50_us\":%.1f,\"p99_us\":%.1f}\n", n, measured,
           n / measured, p50, p99);
    return 0;
}
