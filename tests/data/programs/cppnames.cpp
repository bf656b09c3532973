// cppnames: C++ names perf demangles (namespaces, templates, a method, an operator, a lambda).
// Build: g++ -O1 -g -fno-omit-frame-pointer -o cppnames cppnames.cpp   Run: ./cppnames [ROUNDS]
#include <cstdlib>
#include <vector>
namespace work {
volatile unsigned long sink;
template <typename T> struct Accumulator {
    T total{};
    __attribute__((noinline)) void add(T value) { for (int i = 0; i < 200; i++) total += value * i; sink = total; }
    __attribute__((noinline)) Accumulator& operator+=(T value) { add(value); return *this; }
};
template <typename T> __attribute__((noinline)) T spin(long rounds) {
    Accumulator<T> acc;
    for (long r = 0; r < rounds; r++) acc += static_cast<T>(r);
    return acc.total;
}
}
int main(int argc, char** argv) {
    long rounds = argc > 1 ? std::atol(argv[1]) : 200000;
    auto run = [rounds]() __attribute__((noinline)) { return work::spin<unsigned long>(rounds) + (unsigned long)work::spin<double>(rounds); };
    std::vector<unsigned long> results;
    results.push_back(run());
    return results[0] == 42;
}
