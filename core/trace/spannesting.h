// SPDX-License-Identifier: MIT
#pragma once

#include "trace/trace.h"

#include <cstdint>
#include <vector>

namespace corescope {

/// Cuts one thread's spans into pieces that nest properly, as `X` slices on one track must: a
/// span that outlasts the span it started in (a GIL hold that goes on into the next task) ends
/// there and continues in a second piece. Importers join the pieces again, so nothing is lost.
class SpanNesting
{
public:
    struct Piece
    {
        TimeNs begin = 0;
        TimeNs end = 0;
        uint32_t span = 0;      ///< index into the thread's spans
        bool continued = false; ///< not the span's first piece
    };
    /// Pieces in the order a viewer wants them: by begin, enclosing pieces first.
    [[nodiscard]] static std::vector<Piece> pieces(const ThreadSpans &spans);
};

} // namespace corescope
