// SPDX-License-Identifier: MIT
#include "engine/workloads/pipelineworkload.h"

#include "engine/boundedqueue.h"
#include "engine/taskcontext.h"
#include "engine/workloads/cpuburst.h"

#include <atomic>
#include <string>

namespace corescope {
namespace {

constexpr const char *kProducers = "producers";
constexpr const char *kConsumers = "consumers";
constexpr const char *kItems = "items";
constexpr const char *kMaxsize = "maxsize";
constexpr const char *kProduceMs = "produce_ms";
constexpr const char *kConsumeMs = "consume_ms";

struct Stages
{
    uint32_t producers;
    uint32_t consumers;
    [[nodiscard]] uint32_t count() const { return producers + consumers; }
};

Stages stagesOf(const ParamSet &params)
{
    return {uint32_t(params.integer(kProducers)), uint32_t(params.integer(kConsumers))};
}

/// An item's value, which the producer of item `item` computes and its consumer works on.
uint64_t seedOf(uint32_t item)
{
    return uint64_t(item) + 1;
}

class PreparedPipeline final : public PreparedWorkload
{
public:
    PreparedPipeline(Stages stages, uint32_t items, size_t maxsize, int64_t produceNs,
                     int64_t consumeNs)
        : m_stages(stages)
        , m_items(items)
        , m_produceNs(produceNs)
        , m_consumeNs(consumeNs)
        , m_queue(PipelineWorkload::kQueueId, maxsize)
        , m_unclaimed(int64_t(items))
    {
    }

    uint64_t runTask(TaskContext &ctx, uint32_t task) override
    {
        return task < m_stages.producers ? produce(ctx, task) : consume(ctx);
    }

    bool verify(uint32_t task, uint64_t result) const override
    {
        // A producer's items are known; what each consumer got is up to the scheduler, so the
        // consumers are checked together (sharedStateProblem).
        return task < m_stages.producers ? result == producedBy(task) : result <= m_items;
    }

    std::optional<std::string> sharedStateProblem(uint32_t tasksDone) const override
    {
        if (tasksDone < m_stages.count())
            return std::nullopt; // a cancelled run: items may be left in the queue
        uint64_t expected = 0;
        for (uint32_t item = 0; item < m_items; ++item)
            expected += computedValue(computedValue(seedOf(item)));
        if (m_consumed.load() == expected)
            return std::nullopt;
        return "the consumers' work adds up to " + std::to_string(m_consumed.load())
               + " instead of " + std::to_string(expected)
               + ": an item was lost or taken twice between the queue's put and get";
    }

private:
    uint64_t producedBy(uint32_t producer) const
    {
        uint64_t sum = 0;
        for (uint32_t item = producer; item < m_items; item += m_stages.producers)
            sum += computedValue(seedOf(item));
        return sum;
    }

    uint64_t produce(TaskContext &ctx, uint32_t producer)
    {
        uint64_t sum = 0;
        for (uint32_t item = producer; item < m_items; item += m_stages.producers) {
            const uint64_t value = computeFor(ctx, seedOf(item), m_produceNs);
            m_queue.put(ctx, value);
            sum += value;
        }
        return sum;
    }

    /// Gets items until every one is claimed; claiming first means no consumer waits for an
    /// item that will never come.
    uint64_t consume(TaskContext &ctx)
    {
        uint64_t got = 0;
        while (m_unclaimed.fetch_sub(1) > 0) {
            const uint64_t value = m_queue.get(ctx);
            m_consumed += computeFor(ctx, value, m_consumeNs);
            ++got;
        }
        return got;
    }

    const Stages m_stages;
    const uint32_t m_items;
    const int64_t m_produceNs;
    const int64_t m_consumeNs;
    BoundedQueue m_queue;
    std::atomic<int64_t> m_unclaimed;
    std::atomic<uint64_t> m_consumed{0};
};

} // namespace

std::string_view PipelineWorkload::summary() const
{
    return "Producer threads put items into a bounded queue and consumer threads get them: a "
           "full queue makes producers wait, an empty one consumers.";
}

std::vector<ParamSpec> PipelineWorkload::params() const
{
    return {
        ParamSpec{kProducers, ParamSpec::Type::Integer, "1", 1, 64, "threads",
                  "Threads that make items and put them into the queue."},
        ParamSpec{kConsumers, ParamSpec::Type::Integer, "1", 1, 64, "threads",
                  "Threads that get items from the queue and work on them."},
        ParamSpec{kItems, ParamSpec::Type::Integer, "20", 1, 100'000, "items",
                  "Items that pass through the queue in all."},
        ParamSpec{kMaxsize, ParamSpec::Type::Integer, "1", 1, 100'000, "items",
                  "How many items the queue holds before a put waits (queue.Queue(maxsize))."},
        ParamSpec{kProduceMs, ParamSpec::Type::Real, "5", 0, 10'000, "ms",
                  "CPU time a producer spends making each item."},
        ParamSpec{kConsumeMs, ParamSpec::Type::Real, "10", 0, 10'000, "ms",
                  "CPU time a consumer spends on each item."},
    };
}

uint32_t PipelineWorkload::defaultTasks(const ParamSet &params) const
{
    return stagesOf(params).count();
}

std::optional<std::string> PipelineWorkload::checkWorkers(const ParamSet &params, uint32_t tasks,
                                                          uint32_t workers) const
{
    const Stages stages = stagesOf(params);
    const auto count = [](uint32_t n, const char *what) {
        return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
    };
    const std::string named = "the pipeline's " + count(stages.count(), "stage") + " ("
                              + count(stages.producers, "producer") + ", "
                              + count(stages.consumers, "consumer") + ")";
    if (tasks != stages.count())
        return "tasks: its tasks are " + named + ", not " + std::to_string(tasks);
    if (workers < tasks)
        return "workers: " + named + " run at once and need " + count(tasks, "worker") + ", not "
               + std::to_string(workers);
    return std::nullopt;
}

Result<std::unique_ptr<PreparedWorkload>>
PipelineWorkload::prepare(const ParamSet &params, uint32_t /*tasks*/, bool /*inChild*/) const
{
    const auto ns = [&](const char *name) { return int64_t(params.real(name) * 1e6); };
    return std::unique_ptr<PreparedWorkload>(std::make_unique<PreparedPipeline>(
        stagesOf(params), uint32_t(params.integer(kItems)), size_t(params.integer(kMaxsize)),
        ns(kProduceMs), ns(kConsumeMs)));
}

} // namespace corescope
