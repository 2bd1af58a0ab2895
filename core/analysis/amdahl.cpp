// SPDX-License-Identifier: MIT
#include "analysis/amdahl.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace corescope {

double AmdahlFit::speedupAt(double workers) const
{
    const double n = processors > 0 ? std::min(workers, processors) : workers;
    return 1.0 / ((1.0 - parallelFraction) + parallelFraction / n);
}

AmdahlFit AmdahlFit::fit(const std::vector<SpeedupSample> &samples, double processors)
{
    const auto squaredError = [&](double p) {
        const AmdahlFit candidate{p, 0, processors};
        double sum = 0;
        for (const auto &s : samples) {
            if (s.workers >= 1) {
                const double d = s.speedup - candidate.speedupAt(s.workers);
                sum += d * d;
            }
        }
        return sum;
    };
    // The error is smooth in p and has one minimum on [0, 1]: golden-section search finds it
    // to 1e-9 in about 45 steps.
    const double inverseGolden = (std::sqrt(5.0) - 1) / 2;
    double low = 0;
    double high = 1;
    double a = high - inverseGolden * (high - low);
    double b = low + inverseGolden * (high - low);
    double errorA = squaredError(a);
    double errorB = squaredError(b);
    while (high - low > 1e-9) {
        if (errorA < errorB) {
            high = b;
            b = a;
            errorB = errorA;
            a = high - inverseGolden * (high - low);
            errorA = squaredError(a);
        } else {
            low = a;
            a = b;
            errorA = errorB;
            b = low + inverseGolden * (high - low);
            errorB = squaredError(b);
        }
    }
    double p = (low + high) / 2;
    // The ends of the interval are candidates too (speed-ups below 1 pull p to 0).
    for (double end : {0.0, 1.0}) {
        if (squaredError(end) < squaredError(p))
            p = end;
    }
    size_t used = 0;
    for (const auto &s : samples)
        used += s.workers >= 1 ? 1 : 0;
    return {p, used > 0 ? std::sqrt(squaredError(p) / double(used)) : 0.0, processors};
}

double karpFlatt(double speedup, double workers)
{
    if (workers <= 1 || speedup <= 0)
        return std::numeric_limits<double>::quiet_NaN();
    return (1.0 / speedup - 1.0 / workers) / (1.0 - 1.0 / workers);
}

} // namespace corescope
