// SPDX-License-Identifier: MIT
#include "engine/workloads/matmulworkload.h"

#include "engine/taskcontext.h"

#include <algorithm>
#include <new>
#include <string>

namespace corescope {
namespace {

// Multiply-adds between checkpoints: a few microseconds.
constexpr uint64_t kWorkPerCheckpoint = 8192;

// Small integers from the indices: the inputs are the same in every process, and the products
// stay exact in 64 bits, so the checksum is reproducible bit for bit.
uint64_t elementA(uint64_t row, uint64_t column)
{
    return (row * 7 + column * 3) % 11;
}

uint64_t elementB(uint64_t row, uint64_t column)
{
    return (row * 5 + column * 2) % 13;
}

class PreparedMatmul final : public PreparedWorkload
{
public:
    PreparedMatmul(uint64_t size, uint32_t tasks, std::vector<uint32_t> a, std::vector<uint32_t> b)
        : m_size(size)
        , m_tasks(std::max<uint32_t>(1, tasks))
        , m_a(std::move(a))
        , m_b(std::move(b))
    {
    }

    uint64_t runTask(TaskContext &ctx, uint32_t task) override
    {
        const uint64_t n = m_size;
        const auto [firstRow, endRow] = rows(task);
        std::vector<uint64_t> row(n);
        const uint64_t innerPerCheckpoint = std::max<uint64_t>(1, kWorkPerCheckpoint / n);
        uint64_t sinceCheckpoint = 0;
        uint64_t checksum = 0;
        for (uint64_t i = firstRow; i < endRow; ++i) {
            std::fill(row.begin(), row.end(), 0);
            const uint32_t *a = m_a.data() + i * n;
            // i-k-j order walks B row by row, so the inner loop streams through memory.
            for (uint64_t k = 0; k < n; ++k) {
                const uint64_t aik = a[k];
                const uint32_t *b = m_b.data() + k * n;
                for (uint64_t j = 0; j < n; ++j)
                    row[j] += aik * b[j];
                if (++sinceCheckpoint == innerPerCheckpoint) {
                    sinceCheckpoint = 0;
                    ctx.checkpoint();
                }
            }
            for (const uint64_t value : row)
                checksum += value;
        }
        return checksum;
    }

    bool verify(uint32_t task, uint64_t result) const override
    {
        // The block's sum is Σ_i Σ_k A[i][k]·(Σ_j B[k][j]): O(n²) instead of O(n³), and built
        // from the formulas rather than the matrices runTask() read.
        const uint64_t n = m_size;
        std::vector<uint64_t> rowSumB(n, 0);
        for (uint64_t k = 0; k < n; ++k)
            for (uint64_t j = 0; j < n; ++j)
                rowSumB[k] += elementB(k, j);
        const auto [firstRow, endRow] = rows(task);
        uint64_t expected = 0;
        for (uint64_t i = firstRow; i < endRow; ++i)
            for (uint64_t k = 0; k < n; ++k)
                expected += elementA(i, k) * rowSumB[k];
        return result == expected;
    }

private:
    // Task t computes rows [t·n/T, (t+1)·n/T): blocks differ by at most one row.
    [[nodiscard]] std::pair<uint64_t, uint64_t> rows(uint32_t task) const
    {
        const uint64_t t = std::min<uint64_t>(task, m_tasks);
        return {t * m_size / m_tasks, std::min<uint64_t>(m_tasks, t + 1) * m_size / m_tasks};
    }

    uint64_t m_size;
    uint32_t m_tasks;
    // Stored narrow (every element is below 13) so that a process's copy of B stays in cache;
    // products and sums are exact 64-bit integers.
    std::vector<uint32_t> m_a;
    std::vector<uint32_t> m_b;
};

} // namespace

std::string_view MatmulWorkload::summary() const
{
    return "Multiplies two square integer matrices, each task computing its own block of rows.";
}

std::vector<ParamSpec> MatmulWorkload::params() const
{
    return {
        ParamSpec{.name = "size",
                  .type = ParamSpec::Type::Integer,
                  .defaultValue = std::to_string(kDefaultSize),
                  .minimum = 1,
                  .maximum = double(kMaxSize),
                  .unit = "rows",
                  .description = "Rows (and columns) of each square matrix; the work grows with "
                                 "the cube of this."},
    };
}

Result<std::unique_ptr<PreparedWorkload>>
MatmulWorkload::prepare(const ParamSet &params, uint32_t tasks, bool /*inChild*/) const
{
    const int64_t size = params.integer("size");
    if (size < 1 || size > kMaxSize)
        return Error{"matmul: parameter 'size': " + std::to_string(size) + " is out of range (1 to "
                     + std::to_string(kMaxSize) + ")"};
    const auto n = uint64_t(size);
    std::vector<uint32_t> a;
    std::vector<uint32_t> b;
    try {
        a.resize(n * n);
        b.resize(n * n);
    } catch (const std::bad_alloc &) {
        return Error{"matmul: not enough memory for two " + std::to_string(n) + " × "
                     + std::to_string(n) + " matrices"};
    }
    for (uint64_t i = 0; i < n; ++i) {
        for (uint64_t j = 0; j < n; ++j) {
            a[i * n + j] = uint32_t(elementA(i, j));
            b[i * n + j] = uint32_t(elementB(i, j));
        }
    }
    return std::unique_ptr<PreparedWorkload>(
        std::make_unique<PreparedMatmul>(n, tasks, std::move(a), std::move(b)));
}

} // namespace corescope
