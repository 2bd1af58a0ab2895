// SPDX-License-Identifier: MIT
#include "timeline/countersummary.h"

#include <algorithm>
#include <cmath>

namespace corescope {
namespace {

using Extremes = CounterSummary::Extremes;

void widen(Extremes &e, const Extremes &by)
{
    e.low = std::min(e.low, by.low);
    e.high = std::max(e.high, by.high);
}

} // namespace

CounterSummary::CounterSummary(const CounterTrack &track, TimeNs until)
    : m_time(track.time)
    , m_value(track.value)
{
    const size_t n = m_time.size();
    if (n == 0 || m_value.size() != n) {
        m_time = {};
        m_value = {};
        return;
    }
    m_until = std::max(until, m_time[n - 1]);
    std::vector<Extremes> blocks((n + kBlock - 1) / kBlock);
    for (size_t i = 0; i < n; ++i) {
        const double v = m_value[i];
        Extremes &block = blocks[i / kBlock];
        block = i % kBlock == 0 ? Extremes{v, v}
                                : Extremes{std::min(block.low, v), std::max(block.high, v)};
    }
    m_levels.push_back(std::move(blocks));
    while (m_levels.back().size() > 1) {
        const std::vector<Extremes> &below = m_levels.back();
        std::vector<Extremes> level((below.size() + 1) / 2);
        for (size_t k = 0; k < level.size(); ++k) {
            level[k] = below[2 * k];
            if (2 * k + 1 < below.size())
                widen(level[k], below[2 * k + 1]);
        }
        m_levels.push_back(std::move(level));
    }
    m_all = m_levels.back().front();
}

std::optional<size_t> CounterSummary::indexAt(TimeNs time) const
{
    const auto after = std::upper_bound(m_time.begin(), m_time.end(), time);
    if (after == m_time.begin())
        return std::nullopt;
    return size_t(after - m_time.begin() - 1);
}

TimeNs CounterSummary::endOf(size_t index) const
{
    return index + 1 < m_time.size() ? m_time[index + 1] : m_until;
}

CounterSummary::Extremes CounterSummary::extremesOf(size_t first, size_t last) const
{
    Extremes e{m_value[first], m_value[first]};
    const auto scan = [&](size_t from, size_t to) {
        for (size_t i = from; i < to; ++i)
            widen(e, {m_value[i], m_value[i]});
    };
    // Whole blocks from the pyramid, the values at either end one by one (fewer than a block).
    size_t b0 = (first + kBlock - 1) / kBlock;
    size_t b1 = last / kBlock;
    if (b0 >= b1) {
        scan(first, last);
        return e;
    }
    scan(first, b0 * kBlock);
    scan(b1 * kBlock, last);
    for (size_t level = 0; b0 < b1; ++level, b0 /= 2, b1 /= 2) {
        const std::vector<Extremes> &blocks = m_levels[level];
        if (b0 % 2 == 1)
            widen(e, blocks[b0++]);
        if (b1 % 2 == 1)
            widen(e, blocks[--b1]);
    }
    return e;
}

std::optional<CounterSummary::Extremes> CounterSummary::extremes(TimeNs from, TimeNs to) const
{
    if (m_time.empty() || to <= from)
        return std::nullopt;
    const size_t first = indexAt(from).value_or(0);
    const auto last = size_t(std::lower_bound(m_time.begin(), m_time.end(), to) - m_time.begin());
    if (first >= last || endOf(first) <= from)
        return std::nullopt;
    return extremesOf(first, last);
}

void CounterSummary::query(const LodWindow &window, std::vector<Item> &out) const
{
    out.clear();
    if (m_time.empty() || !window.valid())
        return;
    const double nsPerPixel = window.nsPerPixel();
    // Column c covers [boundary(c), boundary(c + 1)); the one that holds `t` is found from its
    // estimate, set right where rounding put it a column off.
    const auto boundary = [&](double column) {
        return window.begin + TimeNs(std::ceil(column * nsPerPixel));
    };
    const auto columnEnd = [&](TimeNs t) {
        double column = std::floor(double(t - window.begin) / nsPerPixel);
        while (boundary(column + 1) <= t)
            ++column;
        while (column > 0 && boundary(column) > t)
            --column;
        return boundary(column + 1);
    };
    size_t i = indexAt(window.begin).value_or(0);
    TimeNs from = std::max(window.begin, m_time[i]);
    // Each item ends at or after the end of the column it begins in, so no two begin in one.
    while (i < m_time.size() && from < window.end) {
        const TimeNs change = endOf(i);
        if (change <= from) { // a value that ended where the last column did
            ++i;
            continue;
        }
        const TimeNs end = columnEnd(from);
        if (change >= end || i + 1 == m_time.size()) {
            out.push_back({from, change, m_value[i], m_value[i], 1});
            from = change;
            ++i;
            continue;
        }
        const auto next =
            size_t(std::lower_bound(m_time.begin() + std::ptrdiff_t(i) + 1, m_time.end(), end)
                   - m_time.begin());
        const Extremes e = extremesOf(i, next);
        out.push_back({from, end, e.low, e.high, uint32_t(next - i)});
        // The column's last value goes on holding after it.
        from = end;
        i = next - 1;
    }
}

} // namespace corescope
