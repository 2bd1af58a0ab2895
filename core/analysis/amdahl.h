// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

namespace corescope {

/// One measured speed-up: `speedup` with `workers` workers.
struct SpeedupSample
{
    double workers = 1;
    double speedup = 1;
};

/// Amdahl's law fitted to measured speed-ups: S(n) = 1 / ((1 - p) + p / n).
struct AmdahlFit
{
    double parallelFraction = 0; ///< p, in [0, 1]
    double residual = 0;         ///< root mean square of S_measured - S(n)
    /// Processors the work can use at once (the cores, for CPU-bound work); 0 for no limit.
    /// Workers beyond it only take turns, so n counts as min(n, processors).
    double processors = 0;

    [[nodiscard]] double serialFraction() const { return 1 - parallelFraction; }
    [[nodiscard]] double speedupAt(double workers) const;

    /// The p that minimises the squared error of the speed-ups themselves (not of their
    /// inverses, which would overweight the slow points). Samples with fewer than 1 worker are
    /// ignored; with none left, p is 0.
    [[nodiscard]] static AmdahlFit fit(const std::vector<SpeedupSample> &samples,
                                       double processors = 0);
};

/// The Karp–Flatt metric: the serial fraction that one measured speed-up implies,
/// e = (1/S − 1/n) / (1 − 1/n); undefined (NaN) for one worker.
[[nodiscard]] double karpFlatt(double speedup, double workers);

} // namespace corescope
