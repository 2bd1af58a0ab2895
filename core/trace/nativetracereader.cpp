// SPDX-License-Identifier: MIT
#include "trace/nativetracereader.h"

#include "trace/bytereader.h"
#include "trace/crc32.h"
#include "trace/inputfile.h"
#include "trace/nativetraceformat.h"
#include "trace/tracebuilder.h"

#include <zstd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <future>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <system_error>

namespace corescope {
namespace {

using Format = NativeTraceFormat;
using Table = Format::Table;

constexpr uint64_t kUnset = std::numeric_limits<uint64_t>::max();
/// A segment reserves room for at most this many times its own rows for the rest of its owner's
/// column, so that a header's claim never allocates more than the data could fill.
constexpr uint64_t kReserveFactor = 64;
/// A run's header may declare this many cores, and this many more for each of its bytes.
constexpr uint64_t kCoresFree = 256;
constexpr uint64_t kCoresPerByte = 16;

std::string at(uint64_t offset)
{
    return "at byte " + std::to_string(offset);
}

/// Where the bytes come from: memory (tests, fuzzers) or a file read a chunk at a time.
class Source
{
public:
    virtual ~Source() = default;
    [[nodiscard]] virtual uint64_t size() const = 0;
    /// `size` bytes at `offset`, which the caller has checked lie within size().
    [[nodiscard]] virtual Result<const uint8_t *> fetch(uint64_t offset, size_t size) = 0;
};

class MemorySource final : public Source
{
public:
    explicit MemorySource(std::span<const uint8_t> bytes)
        : m_bytes(bytes)
    {
    }
    uint64_t size() const override { return m_bytes.size(); }
    Result<const uint8_t *> fetch(uint64_t offset, size_t) override
    {
        return m_bytes.data() + offset;
    }

private:
    std::span<const uint8_t> m_bytes;
};

class FileSource final : public Source
{
public:
    explicit FileSource(const InputFile &file)
        : m_file(file)
    {
    }
    uint64_t size() const override { return m_file.size(); }
    Result<const uint8_t *> fetch(uint64_t offset, size_t size) override
    {
        if (m_buffer.size() < size)
            m_buffer.resize(size);
        if (auto status = m_file.read(offset, m_buffer.data(), size, "chunk"); !status)
            return Error{status.error()};
        return m_buffer.data();
    }

private:
    const InputFile &m_file;
    std::vector<uint8_t> m_buffer;
};

constexpr Table kTables[] = {Table::Slices, Table::States,   Table::Spans,      Table::Markers,
                             Table::Waits,  Table::Counters, Table::BusySamples};

const char *tableName(Table table)
{
    switch (table) {
    case Table::Slices:
        return "slices";
    case Table::States:
        return "states";
    case Table::Spans:
        return "spans";
    case Table::Markers:
        return "markers";
    case Table::Waits:
        return "wait causes";
    case Table::Counters:
        return "counter values";
    case Table::BusySamples:
        return "busy samples";
    }
    return "?";
}

/// One run: its RUN chunk parsed, then its event blocks decoded into columns.
class RunDecoder
{
public:
    /// Parses a RUN chunk's contents; on failure, `error` says what is wrong.
    bool parseRun(const uint8_t *data, size_t size, std::string &error)
    {
        ByteReader r(data, size);
        const auto fail = [&](const char *what) {
            error = std::string("the run header is damaged: ") + what + " (byte "
                    + std::to_string(r.ok() ? r.offset() : r.failedAt()) + " of its contents)";
            return false;
        };
        const uint64_t stringCount = r.varint();
        if (!r.ok() || stringCount > r.remaining())
            return fail("string count");
        m_strings.reserve(size_t(stringCount));
        for (uint64_t i = 0; i < stringCount; ++i)
            m_strings.emplace_back(r.string());
        if (!r.ok())
            return fail("string table");

        bool badIndex = false;
        const auto str = [&]() -> std::string {
            const uint64_t index = r.varint();
            if (index >= m_strings.size()) {
                badIndex = true;
                return {};
            }
            return m_strings[size_t(index)];
        };
        TraceMetadata &m = m_builder.metadata();
        m.title = str();
        m.workload = str();
        m.model = str();
        m.workers = uint32_t(std::min<uint64_t>(r.varint(), UINT32_MAX));
        m.tasks = uint32_t(std::min<uint64_t>(r.varint(), UINT32_MAX));
        const uint64_t params = r.varint();
        if (!r.ok() || params > r.remaining() / 2)
            return fail("parameter count");
        for (uint64_t i = 0; i < params; ++i) {
            std::string key = str();
            m.params[std::move(key)] = str();
        }
        m.captureMethod = str();
        m.capturePrecisionNs = r.signedVarint();
        m.clock = str();
        m.machineCores = uint32_t(std::min<uint64_t>(r.varint(), UINT32_MAX));
        m.cpuModel = str();
        m.kernel = str();
        m.appVersion = str();
        m.startedUnixMs = r.signedVarint();
        m.wallNs = r.signedVarint();
        m.cancelled = r.u8() != 0;
        m.droppedEvents = r.varint();
        m.resultsOk = r.u8() != 0;
        m.tasksDone = uint32_t(std::min<uint64_t>(r.varint(), UINT32_MAX));
        const uint64_t problems = r.varint();
        if (!r.ok() || problems > r.remaining())
            return fail("problem count");
        for (uint64_t i = 0; i < problems; ++i)
            m.problems.push_back(str());
        if (badIndex)
            return fail("a string index is out of range");

        // A core costs the trace its columns even with nothing on it, and costs the file no
        // bytes: a run may have only as many as a few bytes of its header each could describe.
        const uint64_t cores = r.varint();
        if (!r.ok() || cores > uint64_t(std::numeric_limits<uint16_t>::max()) + 1
            || cores > kCoresFree + kCoresPerByte * uint64_t(size))
            return fail("core count");
        m_coreCount = size_t(cores);
        const uint64_t threads = r.varint();
        if (!r.ok() || threads > r.remaining() / 7)
            return fail("thread count");
        m_threadCount = size_t(threads);
        for (uint64_t i = 0; i < threads; ++i) {
            ThreadInfo info;
            const int64_t pid = r.signedVarint();
            const int64_t tid = r.signedVarint();
            if (pid < INT32_MIN || pid > INT32_MAX || tid < INT32_MIN || tid > INT32_MAX)
                return fail("a thread's pid or tid");
            info.pid = int32_t(pid);
            info.tid = int32_t(tid);
            info.name = str();
            const uint8_t role = r.u8();
            if (role >= uint8_t(ThreadRole::Count))
                return fail("a thread's role");
            info.role = ThreadRole(role);
            info.begin = r.signedVarint();
            info.end = r.signedVarint();
            info.kernelCpuNs = r.signedVarint();
            if (!r.ok() || badIndex)
                return fail("thread table");
            m_builder.addThread(std::move(info));
        }
        const uint64_t spanNames = r.varint();
        if (!r.ok() || spanNames > r.remaining())
            return fail("span name count");
        for (uint64_t i = 0; i < spanNames; ++i)
            m_builder.addSpanName(str());
        m_spanNameCount = size_t(spanNames);
        for (Table table : {Table::Slices, Table::States, Table::Spans, Table::Markers})
            m_declared[size_t(table)] = r.varint();
        if (!r.ok() || badIndex)
            return fail("event totals");
        if (r.remaining() > 0) // since 1.2
            m.monotonicOriginNs = r.signedVarint();
        if (!r.ok())
            return fail("clock origin");
        if (r.remaining() > 0 && !parseCausesAndCounters(r, str, badIndex, fail)) // since 1.3
            return false;
        if (r.remaining() > 0) { // since 1.4
            m.busySampling = str();
            m.busySampleIntervalNs = r.signedVarint();
            const uint64_t allowed = r.varint();
            if (!r.ok() || allowed > r.remaining())
                return fail("allowed core count");
            for (uint64_t i = 0; i < allowed; ++i) {
                const uint64_t core = r.varint();
                if (core > std::numeric_limits<uint16_t>::max())
                    return fail("an allowed core out of range");
                m.allowedCores.push_back(uint16_t(core));
            }
            m_declared[size_t(Table::BusySamples)] = r.varint();
            m.recorderCpuNs = r.signedVarint();
            if (!r.ok() || badIndex)
                return fail("busy sampling");
        }
        // Anything after this was added by a later minor version; this one ignores it.

        m_slices.resize(m_coreCount);
        m_states.resize(m_threadCount);
        m_spans.resize(m_threadCount);
        m_waits.resize(m_threadCount);
        m_busy.resize(m_coreCount);
        for (Table table : kTables) {
            m_expected[size_t(table)].assign(ownerCount(table), kUnset);
            m_counts[size_t(table)].assign(ownerCount(table), 0);
        }
        return true;
    }

    /// The fields 1.3 appended to a run's header: wait objects, counter tracks, their totals.
    template <typename Str, typename Fail>
    bool parseCausesAndCounters(ByteReader &r, const Str &str, const bool &badIndex,
                                const Fail &fail)
    {
        const uint64_t objects = r.varint();
        if (!r.ok() || objects > r.remaining() / 2)
            return fail("wait object count");
        for (uint64_t i = 0; i < objects; ++i) {
            const uint8_t kind = r.u8();
            if (kind >= uint8_t(WaitObjectKind::Count))
                return fail("a wait object's kind");
            m_builder.addWaitObject({WaitObjectKind(kind), str()});
        }
        m_waitObjectCount = m_builder.waitObjectCount();
        if (m_waitObjectCount != objects)
            return fail("a wait object named twice");
        const uint64_t counters = r.varint();
        if (!r.ok() || counters > r.remaining() / 3)
            return fail("counter track count");
        for (uint64_t i = 0; i < counters; ++i) {
            CounterTrack track;
            track.name = str();
            const uint8_t kind = r.u8();
            if (kind >= uint8_t(CounterKind::Count))
                return fail("a counter track's kind");
            track.kind = CounterKind(kind);
            const int64_t pid = r.signedVarint();
            if (pid < INT32_MIN || pid > INT32_MAX)
                return fail("a counter track's pid");
            track.pid = int32_t(pid);
            m_counterTracks.push_back(std::move(track));
        }
        for (Table table : {Table::Waits, Table::Counters})
            m_declared[size_t(table)] = r.varint();
        if (!r.ok() || badIndex)
            return fail("wait causes and counter tracks");
        return true;
    }

    /// How many owners a table's segments may name: cores, threads, counter tracks, or one.
    size_t ownerCount(Table table) const
    {
        switch (table) {
        case Table::Slices:
        case Table::BusySamples:
            return m_coreCount;
        case Table::Markers:
            return 1;
        case Table::Counters:
            return m_counterTracks.size();
        case Table::States:
        case Table::Spans:
        case Table::Waits:
            break;
        }
        return m_threadCount;
    }

    /// A segment's header, read and range-checked.
    struct Segment
    {
        Table table = Table::Slices;
        size_t owner = 0;
        uint64_t rows = 0;
        uint64_t total = 0;
        size_t bytes = 0; ///< of its columns, which follow
    };

    /// Reads the header of the segment at `r`; on failure, `why` says what is wrong with it.
    bool readSegment(ByteReader &r, Segment &segment, std::string &why) const
    {
        const uint8_t tableByte = r.u8();
        const uint64_t owner = r.varint();
        segment.rows = r.varint();
        segment.total = r.varint();
        const uint64_t bytes = r.varint();
        if (!r.ok()) {
            why = "a segment header is cut short";
            return false;
        }
        if (tableByte < 1 || tableByte >= Format::kTableCount) {
            why = "unknown table " + std::to_string(tableByte);
            return false;
        }
        segment.table = Table(tableByte);
        const char *name = tableName(segment.table);
        const size_t ownerLimit = ownerCount(segment.table);
        if (owner >= ownerLimit) {
            why = std::string(name) + " of owner " + std::to_string(owner) + ", but there are only "
                  + std::to_string(ownerLimit);
            return false;
        }
        segment.owner = size_t(owner);
        if (bytes > r.remaining()) {
            why = "a segment of " + std::to_string(bytes) + " bytes, but only "
                  + std::to_string(r.remaining()) + " are left";
            return false;
        }
        segment.bytes = size_t(bytes);
        if (segment.rows == 0
            || segment.rows > segment.bytes / Format::minRowBytes(segment.table)) {
            why = std::to_string(segment.rows) + " rows of " + name + " cannot fit in "
                  + std::to_string(segment.bytes) + " bytes";
            return false;
        }
        if (segment.total < segment.rows || segment.total > m_declared[size_t(segment.table)]) {
            why = "total of " + std::to_string(segment.total) + " " + name
                  + " disagrees with the run's "
                  + std::to_string(m_declared[size_t(segment.table)]);
            return false;
        }
        return true;
    }

    /// Runs on the reading thread, for the block after the one being decoded: makes room for
    /// the columns of owners that no earlier block had, and touches it, so that the decoding
    /// thread does not also wait for the kernel to supply pages. Owners of earlier blocks may be
    /// growing on the other thread and are left alone; so is anything damaged (decodeBlock()
    /// will say what).
    void preallocate(const uint8_t *data, size_t size)
    {
        ByteReader r(data, size);
        Segment segment;
        std::string ignored;
        while (!r.atEnd() && readSegment(r, segment, ignored)) {
            r.skip(segment.bytes);
            auto &seen = m_preallocated[size_t(segment.table)];
            if (seen.empty())
                seen.assign(m_expected[size_t(segment.table)].size(), false);
            if (seen[segment.owner])
                continue;
            seen[segment.owner] = true;
            const auto rows = size_t(std::min(segment.total, segment.rows * kReserveFactor));
            switch (segment.table) {
            case Table::Slices: {
                CoreSlices &c = m_slices[segment.owner];
                c.begin.reserve(rows), c.end.reserve(rows), c.thread.reserve(rows);
                break;
            }
            case Table::States: {
                ThreadStates &c = m_states[segment.owner];
                c.begin.reserve(rows), c.end.reserve(rows), c.state.reserve(rows);
                c.core.reserve(rows);
                break;
            }
            case Table::Spans: {
                ThreadSpans &c = m_spans[segment.owner];
                c.begin.reserve(rows), c.end.reserve(rows), c.kind.reserve(rows);
                c.task.reserve(rows), c.result.reserve(rows);
                break;
            }
            case Table::Markers:
                m_markers.reserve(rows);
                break;
            case Table::Waits: {
                ThreadWaits &c = m_waits[segment.owner];
                c.begin.reserve(rows), c.end.reserve(rows), c.object.reserve(rows);
                c.endedBy.reserve(rows);
                break;
            }
            case Table::Counters: {
                CounterTrack &c = m_counterTracks[segment.owner];
                c.time.reserve(rows), c.value.reserve(rows);
                break;
            }
            case Table::BusySamples: {
                CoreBusySamples &c = m_busy[segment.owner];
                c.begin.reserve(rows), c.end.reserve(rows), c.busy.reserve(rows);
                break;
            }
            }
        }
    }

    /// Decodes one event block; on failure, `error` says what and where within the block.
    bool decodeBlock(const uint8_t *data, size_t size, std::string &error)
    {
        ByteReader r(data, size);
        while (!r.atEnd()) {
            const size_t segmentStart = r.offset();
            m_error.clear();
            const auto fail = [&](const std::string &what) {
                error = "event block is damaged: " + what + " (segment at byte "
                        + std::to_string(segmentStart) + " of its contents)";
                return false;
            };
            Segment segment;
            std::string why;
            if (!readSegment(r, segment, why))
                return fail(why);
            const size_t t = size_t(segment.table);
            const char *name = tableName(segment.table);
            uint64_t &expected = m_expected[t][segment.owner];
            uint64_t &count = m_counts[t][segment.owner];
            if (expected == kUnset)
                expected = segment.total;
            else if (expected != segment.total)
                return fail("the owner's total changed from " + std::to_string(expected) + " to "
                            + std::to_string(segment.total));
            if (count + segment.rows > expected)
                return fail("more rows than the owner's total of " + std::to_string(expected));
            const auto n = size_t(segment.rows);
            const auto reserve = size_t(std::min(expected - count, segment.rows * kReserveFactor));
            ByteReader columns(r.current(), segment.bytes);
            r.skip(segment.bytes);
            bool ok = false;
            switch (segment.table) {
            case Table::Slices:
                ok = slices(columns, m_slices[segment.owner], n, reserve);
                break;
            case Table::States:
                ok = states(columns, m_states[segment.owner], n, reserve);
                break;
            case Table::Spans:
                ok = spans(columns, m_spans[segment.owner], n, reserve);
                break;
            case Table::Markers:
                ok = markers(columns, m_markers, n, reserve);
                break;
            case Table::Waits:
                ok = waits(columns, m_waits[segment.owner], n, reserve);
                break;
            case Table::Counters:
                ok = counterValues(columns, m_counterTracks[segment.owner], n, reserve);
                break;
            case Table::BusySamples:
                ok = busySamples(columns, m_busy[segment.owner], n, reserve);
                break;
            }
            if (!ok || !columns.ok())
                return fail(m_error.empty()
                                ? std::string(name) + " are cut short or hold a malformed number"
                                : m_error);
            if (!columns.atEnd())
                return fail(std::string(name) + " end " + std::to_string(columns.remaining())
                            + " bytes before their segment does");
            count += segment.rows;
            m_decoded[t] += segment.rows;
        }
        return true;
    }

    /// Checks that every column arrived in full and builds the Trace.
    std::optional<Trace> finish(std::string &error)
    {
        for (Table table : kTables) {
            const size_t t = size_t(table);
            if (m_decoded[t] != m_declared[t]) {
                error = "the run declares " + std::to_string(m_declared[t]) + " " + tableName(table)
                        + " but its blocks hold " + std::to_string(m_decoded[t]);
                return std::nullopt;
            }
            for (size_t owner = 0; owner < m_expected[t].size(); ++owner) {
                if (m_expected[t][owner] != kUnset && m_counts[t][owner] != m_expected[t][owner]) {
                    error = std::string(tableName(table)) + " of owner " + std::to_string(owner)
                            + " are incomplete: " + std::to_string(m_counts[t][owner]) + " of "
                            + std::to_string(m_expected[t][owner]);
                    return std::nullopt;
                }
            }
        }
        for (size_t c = 0; c < m_slices.size(); ++c)
            m_builder.addSlices(uint16_t(c), std::move(m_slices[c]));
        for (size_t t = 0; t < m_threadCount; ++t) {
            m_builder.addStates(uint32_t(t), std::move(m_states[t]));
            m_builder.addSpans(uint32_t(t), std::move(m_spans[t]));
        }
        m_builder.addMarkers(std::move(m_markers));
        for (size_t t = 0; t < m_threadCount; ++t)
            m_builder.addWaits(uint32_t(t), std::move(m_waits[t]));
        for (CounterTrack &track : m_counterTracks)
            m_builder.addCounter(std::move(track));
        for (size_t c = 0; c < m_busy.size(); ++c)
            m_builder.addBusySamples(uint16_t(c), std::move(m_busy[c]));
        return m_builder.build();
    }

private:
    /// Makes room for `rows` more, once per owner where the header's total allows: room for what
    /// it promises, within what this segment's bytes can vouch for.
    template <typename T>
    static void prepare(Column<T> &column, size_t rows, size_t reserve)
    {
        if (column.capacity() < column.size() + rows)
            column.reserve(column.size() + std::max(rows, reserve));
    }

    bool bad(const std::string &what, size_t row)
    {
        m_error = what + " in row " + std::to_string(row);
        return false;
    }

    /// Begins and ends from a column of gaps (each begin after the previous end) and one of
    /// durations; the gaps wait in m_times until the durations arrive.
    bool gapsAndDurations(ByteReader &r, Column<TimeNs> &begin, Column<TimeNs> &end, size_t n)
    {
        m_times.resize(n);
        for (size_t i = 0; i < n; ++i)
            m_times[i] = r.signedVarint();
        Column<TimeNs>::Appender begins(begin);
        Column<TimeNs>::Appender ends(end);
        TimeNs previousEnd = 0;
        for (size_t i = 0; i < n; ++i) {
            const uint64_t duration = r.varint();
            TimeNs b = 0;
            TimeNs e = 0;
            if (__builtin_add_overflow(previousEnd, m_times[i], &b)
                || duration > uint64_t(INT64_MAX)
                || __builtin_add_overflow(b, int64_t(duration), &e))
                return bad("time out of range", i);
            begins.push(b);
            ends.push(e);
            previousEnd = e;
        }
        return true;
    }

    // Each column is read in one pass; deltas restart from zero in every segment.
    bool slices(ByteReader &r, CoreSlices &s, size_t n, size_t reserve)
    {
        prepare(s.begin, n, reserve);
        prepare(s.end, n, reserve);
        prepare(s.thread, n, reserve);
        if (!gapsAndDurations(r, s.begin, s.end, n))
            return false;
        Column<uint32_t>::Appender threads(s.thread);
        for (size_t i = 0; i < n; ++i) {
            const uint64_t t = r.varint();
            if (t >= m_threadCount)
                return bad("thread " + std::to_string(t) + " out of range", i);
            threads.push(uint32_t(t));
        }
        return r.ok();
    }

    bool states(ByteReader &r, ThreadStates &s, size_t n, size_t reserve)
    {
        prepare(s.begin, n, reserve);
        prepare(s.end, n, reserve);
        prepare(s.state, n, reserve);
        prepare(s.core, n, reserve);
        if (!gapsAndDurations(r, s.begin, s.end, n))
            return false;
        Column<ThreadState>::Appender states(s.state);
        for (size_t i = 0; i < n; ++i) {
            const uint8_t value = r.u8();
            if (value >= uint8_t(ThreadState::Count))
                return bad("unknown thread state " + std::to_string(value), i);
            states.push(ThreadState(value));
        }
        Column<uint16_t>::Appender cores(s.core);
        for (size_t i = 0; i < n; ++i) {
            const uint64_t value = r.varint();
            if (value > std::numeric_limits<uint16_t>::max())
                return bad("core " + std::to_string(value) + " out of range", i);
            cores.push(uint16_t(value));
        }
        return r.ok();
    }

    bool spans(ByteReader &r, ThreadSpans &s, size_t n, size_t reserve)
    {
        prepare(s.begin, n, reserve);
        prepare(s.end, n, reserve);
        prepare(s.kind, n, reserve);
        prepare(s.task, n, reserve);
        prepare(s.result, n, reserve);
        // The begins wait in m_times for the durations that make the ends.
        m_times.resize(n);
        TimeNs previous = 0;
        for (size_t i = 0; i < n; ++i) {
            if (__builtin_add_overflow(previous, r.signedVarint(), &m_times[i]))
                return bad("time out of range", i);
            previous = m_times[i];
        }
        Column<TimeNs>::Appender begins(s.begin);
        Column<TimeNs>::Appender ends(s.end);
        for (size_t i = 0; i < n; ++i) {
            const uint64_t duration = r.varint();
            TimeNs end = 0;
            if (duration > uint64_t(INT64_MAX)
                || __builtin_add_overflow(m_times[i], int64_t(duration), &end))
                return bad("time out of range", i);
            begins.push(m_times[i]);
            ends.push(end);
        }
        const size_t base = s.kind.size();
        {
            Column<SpanKind>::Appender kinds(s.kind);
            for (size_t i = 0; i < n; ++i) {
                const uint8_t value = r.u8();
                if (value >= uint8_t(SpanKind::Count))
                    return bad("unknown span kind " + std::to_string(value), i);
                kinds.push(SpanKind(value));
            }
        }
        Column<uint32_t>::Appender tasks(s.task);
        for (size_t i = 0; i < n; ++i) {
            const uint64_t value = r.varint();
            if (value > UINT32_MAX
                || (s.kind[base + i] == SpanKind::Named && value >= m_spanNameCount))
                return bad("task or name " + std::to_string(value) + " out of range", i);
            tasks.push(uint32_t(value));
        }
        Column<uint64_t>::Appender results(s.result);
        for (size_t i = 0; i < n; ++i)
            results.push(r.varint());
        return r.ok();
    }

    /// A Marker is a struct whose fields arrive one column at a time: the rows are put together
    /// in m_markerRows, then appended.
    bool markers(ByteReader &r, Column<Marker> &m, size_t n, size_t reserve)
    {
        prepare(m, n, reserve);
        m_markerRows.resize(n);
        Marker *marker = m_markerRows.data();
        TimeNs previous = 0;
        for (size_t i = 0; i < n; ++i) {
            if (__builtin_add_overflow(previous, r.signedVarint(), &marker[i].time))
                return bad("time out of range", i);
            previous = marker[i].time;
        }
        for (size_t i = 0; i < n; ++i) {
            const uint8_t value = r.u8();
            if (value >= uint8_t(MarkerKind::Count))
                return bad("unknown marker kind " + std::to_string(value), i);
            marker[i].kind = MarkerKind(value);
        }
        for (uint32_t Marker::*field : {&Marker::thread, &Marker::otherThread}) {
            for (size_t i = 0; i < n; ++i) {
                const uint64_t value = r.varint();
                if (value >= m_threadCount)
                    return bad("thread " + std::to_string(value) + " out of range", i);
                marker[i].*field = uint32_t(value);
            }
        }
        for (uint16_t Marker::*field : {&Marker::core, &Marker::fromCore}) {
            for (size_t i = 0; i < n; ++i) {
                const uint64_t value = r.varint();
                if (value > std::numeric_limits<uint16_t>::max())
                    return bad("core " + std::to_string(value) + " out of range", i);
                marker[i].*field = uint16_t(value);
            }
        }
        // Since 1.3 a column of transits follows; a segment of 1.2 ends here.
        const bool transits = r.ok() && !r.atEnd();
        for (size_t i = 0; i < n; ++i) {
            marker[i].transit = transits ? r.signedVarint() : 0;
            if (marker[i].transit < 0)
                return bad("negative transit", i);
        }
        m.append(m_markerRows);
        return r.ok();
    }

    bool waits(ByteReader &r, ThreadWaits &w, size_t n, size_t reserve)
    {
        prepare(w.begin, n, reserve);
        prepare(w.end, n, reserve);
        prepare(w.object, n, reserve);
        prepare(w.endedBy, n, reserve);
        if (!gapsAndDurations(r, w.begin, w.end, n))
            return false;
        Column<uint32_t>::Appender objects(w.object);
        for (size_t i = 0; i < n; ++i) {
            const uint64_t value = r.varint();
            if (value >= m_waitObjectCount)
                return bad("wait object " + std::to_string(value) + " out of range", i);
            objects.push(uint32_t(value));
        }
        Column<uint32_t>::Appender endedBy(w.endedBy);
        for (size_t i = 0; i < n; ++i) {
            const uint64_t value = r.varint();
            if (value > m_threadCount)
                return bad("thread " + std::to_string(value - 1) + " out of range", i);
            endedBy.push(value == 0 ? kNoThread : uint32_t(value - 1));
        }
        return r.ok();
    }

    bool busySamples(ByteReader &r, CoreBusySamples &s, size_t n, size_t reserve)
    {
        prepare(s.begin, n, reserve);
        prepare(s.end, n, reserve);
        prepare(s.busy, n, reserve);
        if (!gapsAndDurations(r, s.begin, s.end, n))
            return false;
        Column<TimeNs>::Appender busy(s.busy);
        for (size_t i = 0; i < n; ++i) {
            const uint64_t value = r.varint();
            if (value > uint64_t(s.end[s.end.size() - n + i] - s.begin[s.begin.size() - n + i]))
                return bad("busy longer than its interval", i);
            busy.push(TimeNs(value));
        }
        return r.ok();
    }

    bool counterValues(ByteReader &r, CounterTrack &c, size_t n, size_t reserve)
    {
        prepare(c.time, n, reserve);
        prepare(c.value, n, reserve);
        Column<TimeNs>::Appender times(c.time);
        TimeNs previous = 0;
        for (size_t i = 0; i < n; ++i) {
            TimeNs t = 0;
            if (__builtin_add_overflow(previous, r.signedVarint(), &t))
                return bad("time out of range", i);
            times.push(t);
            previous = t;
        }
        Column<double>::Appender values(c.value);
        for (size_t i = 0; i < n; ++i) {
            double value = 0;
            if (!Format::decodeCounterValue(r, value))
                return bad("malformed counter value", i);
            values.push(value);
        }
        return r.ok();
    }

    TraceBuilder m_builder;
    std::vector<std::string> m_strings;
    size_t m_coreCount = 0;
    size_t m_threadCount = 0;
    size_t m_spanNameCount = 0;
    size_t m_waitObjectCount = 0;
    uint64_t m_declared[Format::kTableCount] = {};
    uint64_t m_decoded[Format::kTableCount] = {};
    std::vector<uint64_t> m_expected[Format::kTableCount];
    std::vector<uint64_t> m_counts[Format::kTableCount];
    std::vector<CoreSlices> m_slices;
    std::vector<ThreadStates> m_states;
    std::vector<ThreadSpans> m_spans;
    std::vector<ThreadWaits> m_waits;
    std::vector<CounterTrack> m_counterTracks;
    std::vector<CoreBusySamples> m_busy;
    Column<Marker> m_markers;
    std::vector<TimeNs> m_times;      ///< decoding thread only: one segment's times
    std::vector<Marker> m_markerRows; ///< decoding thread only: one segment's markers
    std::vector<bool> m_preallocated[Format::kTableCount]; ///< reading thread only: owners it
                                                           ///< made room for
    std::string m_error;
};

/// The event block that another thread decodes while the reader reads, checks and unpacks the
/// next chunk: a load then takes about as long as the slower of the two halves.
class PendingBlock
{
public:
    PendingBlock() = default;
    /// Waits for the block in flight: it writes into m_error, which must outlive it.
    ~PendingBlock()
    {
        if (m_done.valid())
            m_done.wait();
    }
    PendingBlock(const PendingBlock &) = delete;
    PendingBlock &operator=(const PendingBlock &) = delete;

    void start(RunDecoder &run, const uint8_t *raw, size_t size, const std::string &chunkName)
    {
        m_chunkName = chunkName;
        const auto decode = [&run, raw, size, this] { return run.decodeBlock(raw, size, m_error); };
        try {
            m_done = std::async(std::launch::async, decode);
        } catch (const std::system_error &) {
            // No thread to be had: decode here and now.
            std::promise<bool> now;
            now.set_value(decode());
            m_done = now.get_future();
        }
    }
    /// Waits for the block in flight, if any; false (with `why`) when it was damaged.
    bool settle(std::string &why)
    {
        if (!m_done.valid() || m_done.get())
            return true;
        why = m_error + " in " + m_chunkName;
        return false;
    }

private:
    std::future<bool> m_done;
    std::string m_error;
    std::string m_chunkName;
};

class Decoding
{
public:
    Decoding(Source &source, const std::string &name, const NativeTraceReader::Progress &progress)
        : m_source(source)
        , m_name(name)
        , m_progress(progress)
    {
    }
    ~Decoding() { ZSTD_freeDCtx(m_context); }
    Decoding(const Decoding &) = delete;
    Decoding &operator=(const Decoding &) = delete;

    Result<NativeTraceContents> run()
    {
        try {
            return decode();
        } catch (const std::bad_alloc &) {
            return error("not enough memory to load it");
        }
    }

private:
    Error error(const std::string &what) const { return Error{m_name + ": " + what}; }

    Result<NativeTraceContents> decode()
    {
        const uint64_t size = m_source.size();
        if (size == 0)
            return error("the file is empty");
        const size_t headerBytes = size_t(std::min<uint64_t>(size, Format::kFileHeaderSize));
        auto header = m_source.fetch(0, headerBytes);
        if (!header)
            return Error{header.error()};
        uint8_t h[Format::kFileHeaderSize] = {};
        std::memcpy(h, header.value(), headerBytes); // the source reuses its buffer
        if (std::memcmp(h, Format::kMagic.data(), std::min(headerBytes, Format::kMagic.size()))
            != 0)
            return error("not a CoreScope trace file (it starts with "
                         + InputFile::hexPreview(h, headerBytes) + ", not the .cstrace signature)");
        if (headerBytes < Format::kFileHeaderSize)
            return error("truncated: the file ends at byte " + std::to_string(size)
                         + " inside the 16-byte file header");
        uint32_t headerCrc = 0;
        std::memcpy(&headerCrc, h + 12, 4);
        if (headerCrc != Crc32::of(h, 12))
            return error("file header checksum mismatch at byte 12 (the file is damaged)");
        uint16_t major = 0;
        std::memcpy(&major, h + 8, 2);
        if (major > Format::kMajorVersion)
            return error("made by a newer CoreScope (format " + std::to_string(major)
                         + "); this version reads format " + std::to_string(Format::kMajorVersion)
                         + " and older");
        if (major == 0)
            return error("unknown format version 0 at byte 8");

        std::vector<Trace> runs;
        std::optional<SweepLayout> sweep;
        std::optional<RunDecoder> run;
        PendingBlock pending; // after `run`, so that it finishes with it before `run` goes
        uint64_t offset = Format::kFileHeaderSize;
        for (;;) {
            if (offset == size)
                return error("truncated: the file ends at byte " + std::to_string(size)
                             + " without its end marker");
            if (size - offset < Format::kChunkHeaderSize)
                return error("truncated: the file ends at byte " + std::to_string(size)
                             + " inside the chunk header that starts at byte "
                             + std::to_string(offset));
            auto headerBytesAt = m_source.fetch(offset, Format::kChunkHeaderSize);
            if (!headerBytesAt)
                return Error{headerBytesAt.error()};
            Format::ChunkHeader chunk;
            std::string why;
            if (!Format::decode(headerBytesAt.value(), chunk, why))
                return error(why + " " + at(offset) + " (the file is damaged)");
            const std::string chunkName =
                "the " + Format::tagName(chunk.tag) + " chunk " + at(offset);
            const uint64_t payloadAt = offset + Format::kChunkHeaderSize;
            if (chunk.storedSize > size - payloadAt)
                return error("truncated: the file ends at byte " + std::to_string(size) + " inside "
                             + chunkName + ", which needs "
                             + std::to_string(payloadAt + chunk.storedSize - size) + " more bytes");
            auto payload = m_source.fetch(payloadAt, chunk.storedSize);
            if (!payload)
                return Error{payload.error()};
            if (Crc32::of(payload.value(), chunk.storedSize) != chunk.payloadCrc)
                return error("checksum mismatch in " + chunkName + " (the file is damaged)");
            // Two buffers: this chunk unpacks into one while the previous block, in the other,
            // may still be decoding.
            std::vector<uint8_t> &buffer = m_raw[m_nextBuffer];
            m_nextBuffer ^= 1;
            if (buffer.size() < chunk.rawSize)
                buffer.resize(chunk.rawSize);
            if (chunk.flags & Format::kCompressed) {
                if (auto status = unpack(payload.value(), chunk, buffer); !status)
                    return error("cannot unpack " + chunkName + ": " + status.error());
            } else if (chunk.storedSize > 0) {
                std::memcpy(buffer.data(), payload.value(), chunk.storedSize);
            }
            const uint8_t *raw = buffer.data();
            offset = payloadAt + chunk.storedSize;
            if (chunk.tag == Format::kEventsTag && run)
                run->preallocate(raw, chunk.rawSize);

            if (!pending.settle(why))
                return error(why);
            if (chunk.tag == Format::kRunTag) {
                if (run && !finishRun(*run, runs, why))
                    return error(why);
                run.emplace();
                if (!run->parseRun(raw, chunk.rawSize, why))
                    return error(why + " in " + chunkName);
            } else if (chunk.tag == Format::kEventsTag) {
                if (!run)
                    return error(chunkName + " comes before any run");
                pending.start(*run, raw, chunk.rawSize, chunkName);
            } else if (chunk.tag == Format::kSweepTag) {
                if (run && !finishRun(*run, runs, why))
                    return error(why);
                run.reset();
                sweep = parseSweep(raw, chunk.rawSize, why);
                if (!sweep)
                    return error(why + " in " + chunkName);
            } else if (chunk.tag == Format::kEndTag) {
                if (run && !finishRun(*run, runs, why))
                    return error(why);
                ByteReader r(raw, chunk.rawSize);
                const uint64_t count = r.varint();
                if (!r.ok() || count != runs.size())
                    return error("the end marker " + at(payloadAt - Format::kChunkHeaderSize)
                                 + " counts " + std::to_string(count) + " runs, but the file holds "
                                 + std::to_string(runs.size()));
                if (offset != size)
                    return error("unexpected bytes after the end marker, " + at(offset));
                if (sweep) {
                    if (auto fits = sweep->check(runs.size()); !fits)
                        return error(fits.error());
                }
                report(offset);
                return NativeTraceContents{std::move(runs), std::move(sweep)};
            } else if (chunk.flags & Format::kRequired) {
                return error(chunkName + " needs a newer CoreScope (format " + std::to_string(major)
                             + "." + std::to_string(minorOf(h)) + "+)");
            }
            if (!report(offset))
                return error("loading cancelled");
        }
    }

    /// A `SWEP` payload. A count is checked against the bytes left before anything is reserved
    /// (each item takes at least one byte).
    static std::optional<SweepLayout> parseSweep(const uint8_t *raw, size_t size, std::string &why)
    {
        ByteReader r(raw, size);
        const auto count = [&](const char *what) -> std::optional<uint64_t> {
            const size_t at = r.offset();
            const uint64_t n = r.varint();
            if (r.ok() && n <= r.remaining())
                return n;
            why = "the sweep's " + std::string(what) + " count at byte " + std::to_string(at)
                  + " does not fit in the chunk";
            return std::nullopt;
        };
        SweepLayout sweep;
        sweep.workload = std::string(r.string());
        sweep.parallelismLimit = uint32_t(std::min<uint64_t>(r.varint(), UINT32_MAX));
        sweep.cancelled = r.u8() != 0;
        const auto points = count("point");
        if (!points)
            return std::nullopt;
        for (uint64_t p = 0; p < *points; ++p) {
            SweepLayout::Point &point = sweep.points.emplace_back();
            point.model = std::string(r.string());
            point.workers = uint32_t(std::min<uint64_t>(r.varint(), UINT32_MAX));
            const auto repeats = count("run");
            if (!repeats)
                return std::nullopt;
            for (uint64_t i = 0; i < *repeats; ++i)
                point.runs.push_back(uint32_t(std::min<uint64_t>(r.varint(), UINT32_MAX)));
        }
        if (!r.ok()) {
            why = "the sweep's layout is cut short at byte " + std::to_string(r.failedAt());
            return std::nullopt;
        }
        return sweep;
    }

    static uint16_t minorOf(const uint8_t *header)
    {
        uint16_t minor = 0;
        std::memcpy(&minor, header + 10, 2);
        return minor;
    }

    bool finishRun(RunDecoder &run, std::vector<Trace> &runs, std::string &why)
    {
        auto trace = run.finish(why);
        if (!trace) {
            why = "run " + std::to_string(runs.size() + 1) + ": " + why;
            return false;
        }
        runs.push_back(std::move(*trace));
        return true;
    }

    Status unpack(const uint8_t *payload, const Format::ChunkHeader &chunk,
                  std::vector<uint8_t> &into)
    {
        if (!m_context)
            m_context = ZSTD_createDCtx();
        const size_t size =
            ZSTD_decompressDCtx(m_context, into.data(), chunk.rawSize, payload, chunk.storedSize);
        if (ZSTD_isError(size))
            return Error{std::string("zstd: ") + ZSTD_getErrorName(size)};
        if (size != chunk.rawSize)
            return Error{"it holds " + std::to_string(size) + " bytes, not the "
                         + std::to_string(chunk.rawSize) + " its header promises"};
        return {};
    }

    bool report(uint64_t done) const { return !m_progress || m_progress(done, m_source.size()); }

    Source &m_source;
    const std::string &m_name;
    const NativeTraceReader::Progress &m_progress;
    ZSTD_DCtx *m_context = nullptr;
    std::vector<uint8_t> m_raw[2];
    int m_nextBuffer = 0;
};

} // namespace

Result<NativeTraceContents> NativeTraceReader::read(const InputFile &file, const Progress &progress)
{
    FileSource source(file);
    return Decoding(source, file.path(), progress).run();
}

Result<NativeTraceContents> NativeTraceReader::decode(std::span<const uint8_t> bytes,
                                                      const std::string &name,
                                                      const Progress &progress)
{
    MemorySource source(bytes);
    return Decoding(source, name, progress).run();
}

} // namespace corescope
