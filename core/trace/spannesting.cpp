// SPDX-License-Identifier: MIT
#include "trace/spannesting.h"

#include <algorithm>
#include <queue>

namespace corescope {
namespace {

/// Earlier first; of two that start together the longer one, so that it becomes the parent.
bool before(const SpanNesting::Piece &a, const SpanNesting::Piece &b)
{
    if (a.begin != b.begin)
        return a.begin < b.begin;
    if (a.end != b.end)
        return a.end > b.end;
    return a.span < b.span;
}

} // namespace

std::vector<SpanNesting::Piece> SpanNesting::pieces(const ThreadSpans &spans)
{
    std::vector<Piece> order(spans.size());
    for (size_t i = 0; i < spans.size(); ++i)
        order[i] = {spans.begin[i], spans.end[i], uint32_t(i), false};
    std::sort(order.begin(), order.end(), before);

    // Remainders of cut spans wait here until their time comes.
    const auto later = [](const Piece &a, const Piece &b) { return before(b, a); };
    std::priority_queue<Piece, std::vector<Piece>, decltype(later)> waiting(later);
    std::vector<TimeNs> open; // ends of the pieces that enclose the current time
    std::vector<Piece> out;
    out.reserve(spans.size());
    size_t next = 0;
    while (next < order.size() || !waiting.empty()) {
        Piece piece;
        if (waiting.empty() || (next < order.size() && before(order[next], waiting.top()))) {
            piece = order[next++];
        } else {
            piece = waiting.top();
            waiting.pop();
        }
        while (!open.empty() && open.back() <= piece.begin && open.back() < piece.end)
            open.pop_back();
        if (!open.empty() && piece.end > open.back()) {
            waiting.push({open.back(), piece.end, piece.span, true});
            piece.end = open.back();
        }
        out.push_back(piece);
        open.push_back(piece.end);
    }
    return out;
}

} // namespace corescope
