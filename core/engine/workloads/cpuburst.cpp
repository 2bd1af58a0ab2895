// SPDX-License-Identifier: MIT
#include "engine/workloads/cpuburst.h"

#include "engine/capture/cpuclockcapture.h"
#include "engine/taskcontext.h"

namespace corescope {
namespace {

// One piece is kStepsPerPiece steps of a 64-bit linear congruential generator.
constexpr uint64_t kLcgMultiplier = 6364136223846793005u;
constexpr uint64_t kLcgIncrement = 1442695040888963407u;
constexpr uint64_t kStepsPerPiece = 4096; // a few microseconds: one checkpoint per piece
// Reading the thread's CPU clock is a system call; doing it every few pieces keeps its cost
// small while overshooting the burst by only some tens of microseconds.
constexpr int kPiecesPerClockRead = 4;

// The generator after `steps` steps from `seed`, by composing the affine step x ↦ a·x + c with
// itself (square and multiply): O(log steps) instead of stepping.
uint64_t jumpAhead(uint64_t seed, uint64_t steps)
{
    uint64_t totalMultiplier = 1;
    uint64_t totalIncrement = 0;
    uint64_t multiplier = kLcgMultiplier;
    uint64_t increment = kLcgIncrement;
    for (; steps > 0; steps >>= 1) {
        if (steps & 1) {
            totalMultiplier *= multiplier;
            totalIncrement = totalIncrement * multiplier + increment;
        }
        increment = (multiplier + 1) * increment;
        multiplier *= multiplier;
    }
    return totalMultiplier * seed + totalIncrement;
}

} // namespace

uint64_t computeFor(TaskContext &ctx, uint64_t seed, int64_t cpuNs)
{
    const int64_t start = threadCpuNs();
    uint64_t value = 0;
    do {
        for (int piece = 0; piece < kPiecesPerClockRead; ++piece) {
            uint64_t x = seed;
            for (uint64_t step = 0; step < kStepsPerPiece; ++step) {
                x = x * kLcgMultiplier + kLcgIncrement;
                // Every step must really run: the compiler may not merge or skip them.
                asm volatile("" : "+r"(x));
            }
            value = x;
            ctx.checkpoint();
        }
    } while (threadCpuNs() - start < cpuNs);
    return value;
}

uint64_t computedValue(uint64_t seed)
{
    return jumpAhead(seed, kStepsPerPiece);
}

} // namespace corescope
