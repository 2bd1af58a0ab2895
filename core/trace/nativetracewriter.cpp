// SPDX-License-Identifier: MIT
#include "trace/nativetracewriter.h"

#include "trace/bytewriter.h"
#include "trace/crc32.h"
#include "trace/nativetraceformat.h"

#include <zstd.h>

#include <algorithm>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

namespace corescope {
namespace {

using Format = NativeTraceFormat;
using Table = Format::Table;

/// Rows per segment: a long column splits into segments so that blocks stay near kBlockBytes.
constexpr size_t kRowsPerSegment = 65536;
/// A block is compressed and written once its raw bytes reach this.
constexpr size_t kBlockBytes = size_t(1) << 20;

/// The run's strings, each stored once and referenced by index.
class StringTable
{
public:
    uint64_t index(std::string_view text)
    {
        const auto found = m_index.find(text);
        if (found != m_index.end())
            return found->second;
        m_strings.emplace_back(text);
        const uint64_t index = m_strings.size() - 1;
        m_index.emplace(m_strings.back(), index);
        return index;
    }
    void writeTo(ByteWriter &out) const
    {
        out.varint(m_strings.size());
        for (const auto &s : m_strings)
            out.string(s);
    }

private:
    std::deque<std::string> m_strings; // stable addresses for the views in m_index
    std::unordered_map<std::string_view, uint64_t> m_index;
};

} // namespace

struct NativeTraceWriter::Impl
{
    Options options;
    ZSTD_CCtx *context = nullptr;
    ByteWriter block;
    ByteWriter columns; ///< one segment's columns, before its header is known
    std::vector<uint8_t> compressed;
    const std::function<void(std::string_view)> *out = nullptr;

    ~Impl() { ZSTD_freeCCtx(context); }

    void emit(const void *data, size_t size)
    {
        (*out)(std::string_view(static_cast<const char *>(data), size));
    }

    void emitChunk(uint32_t tag, const std::vector<uint8_t> &raw)
    {
        Format::ChunkHeader header;
        header.tag = tag;
        header.flags = Format::kRequired;
        header.rawSize = uint32_t(raw.size());
        const uint8_t *payload = raw.data();
        size_t stored = raw.size();
        if (options.compress && !raw.empty()) {
            if (!context)
                context = ZSTD_createCCtx();
            compressed.resize(ZSTD_compressBound(raw.size()));
            const size_t size = ZSTD_compressCCtx(context, compressed.data(), compressed.size(),
                                                  raw.data(), raw.size(), options.compressionLevel);
            // Kept raw when zstd does not help, or packs so tightly that a reader would take the
            // header for damage (see kMaxCompressionRatio).
            if (!ZSTD_isError(size) && size < raw.size()
                && raw.size() <= size * Format::kMaxCompressionRatio) {
                header.flags |= Format::kCompressed;
                payload = compressed.data();
                stored = size;
            }
        }
        header.storedSize = uint32_t(stored);
        header.payloadCrc = Crc32::of(payload, stored);
        const auto bytes = Format::encode(header);
        emit(bytes.data(), bytes.size());
        emit(payload, stored);
    }

    void flushBlock()
    {
        if (block.size() == 0)
            return;
        emitChunk(Format::kEventsTag, block.data());
        block.clear();
    }

    void writeRun(const Trace &trace)
    {
        ByteWriter run;
        StringTable strings;
        ByteWriter fields; // everything after the string table, which must come first
        const TraceMetadata &m = trace.metadata();
        const auto str = [&](std::string_view s) { fields.varint(strings.index(s)); };
        str(m.title);
        str(m.workload);
        str(m.model);
        fields.varint(m.workers);
        fields.varint(m.tasks);
        fields.varint(m.params.size());
        for (const auto &[key, value] : m.params) {
            str(key);
            str(value);
        }
        str(m.captureMethod);
        fields.signedVarint(m.capturePrecisionNs);
        str(m.clock);
        fields.varint(m.machineCores);
        str(m.cpuModel);
        str(m.kernel);
        str(m.appVersion);
        fields.signedVarint(m.startedUnixMs);
        fields.signedVarint(m.wallNs);
        fields.u8(m.cancelled ? 1 : 0);
        fields.varint(m.droppedEvents);
        fields.u8(m.resultsOk ? 1 : 0);
        fields.varint(m.tasksDone);
        fields.varint(m.problems.size());
        for (const auto &problem : m.problems)
            str(problem);

        fields.varint(trace.coreCount());
        fields.varint(trace.threads().size());
        for (const ThreadInfo &t : trace.threads()) {
            fields.signedVarint(t.pid);
            fields.signedVarint(t.tid);
            str(t.name);
            fields.u8(uint8_t(t.role));
            fields.signedVarint(t.begin);
            fields.signedVarint(t.end);
            fields.signedVarint(t.kernelCpuNs);
        }
        fields.varint(trace.spanNames().size());
        for (const auto &name : trace.spanNames())
            str(name);

        uint64_t stateCount = 0;
        uint64_t spanCount = 0;
        for (size_t t = 0; t < trace.threads().size(); ++t) {
            stateCount += trace.statesOf(t).size();
            spanCount += trace.spansOf(t).size();
        }
        fields.varint(trace.sliceCount());
        fields.varint(stateCount);
        fields.varint(spanCount);
        fields.varint(trace.markers().size());
        fields.signedVarint(m.monotonicOriginNs); // since 1.2
        // Since 1.3: what waits were for, the counter tracks, and how many rows each table has.
        fields.varint(trace.waitObjects().size());
        for (const WaitObject &object : trace.waitObjects()) {
            fields.u8(uint8_t(object.kind));
            str(object.name);
        }
        fields.varint(trace.counters().size());
        for (const CounterTrack &counter : trace.counters()) {
            str(counter.name);
            fields.u8(uint8_t(counter.kind));
            fields.signedVarint(counter.pid);
        }
        fields.varint(trace.waitCount());
        fields.varint(trace.counterValueCount());
        // Since 1.4: how the cores' busy time was sampled, the cores the run could use, and how
        // many busy samples there are.
        str(m.busySampling);
        fields.signedVarint(m.busySampleIntervalNs);
        fields.varint(m.allowedCores.size());
        for (const uint16_t core : m.allowedCores)
            fields.varint(core);
        uint64_t busySamples = 0;
        for (size_t c = 0; c < trace.coreCount(); ++c)
            busySamples += trace.busySamplesOf(c).size();
        fields.varint(busySamples);
        fields.signedVarint(m.recorderCpuNs);

        strings.writeTo(run);
        run.bytes(fields.data().data(), fields.size());
        emitChunk(Format::kRunTag, run.data());

        for (size_t c = 0; c < trace.coreCount(); ++c)
            writeColumns(
                Table::Slices, c, trace.slicesOnCore(c).size(),
                [&](size_t from, size_t to) { encodeSlices(trace.slicesOnCore(c), from, to); });
        for (size_t t = 0; t < trace.threads().size(); ++t)
            writeColumns(Table::States, t, trace.statesOf(t).size(), [&](size_t from, size_t to) {
                encodeStates(trace.statesOf(t), from, to);
            });
        for (size_t t = 0; t < trace.threads().size(); ++t)
            writeColumns(Table::Spans, t, trace.spansOf(t).size(),
                         [&](size_t from, size_t to) { encodeSpans(trace.spansOf(t), from, to); });
        writeColumns(Table::Markers, 0, trace.markers().size(),
                     [&](size_t from, size_t to) { encodeMarkers(trace.markers(), from, to); });
        for (size_t t = 0; t < trace.threads().size(); ++t)
            writeColumns(Table::Waits, t, trace.waitsOf(t).size(),
                         [&](size_t from, size_t to) { encodeWaits(trace.waitsOf(t), from, to); });
        for (size_t c = 0; c < trace.counters().size(); ++c)
            writeColumns(
                Table::Counters, c, trace.counters()[c].size(),
                [&](size_t from, size_t to) { encodeCounter(trace.counters()[c], from, to); });
        for (size_t c = 0; c < trace.coreCount(); ++c)
            writeColumns(Table::BusySamples, c, trace.busySamplesOf(c).size(),
                         [&](size_t from, size_t to) {
                             encodeBusySamples(trace.busySamplesOf(c), from, to);
                         });
        flushBlock();
    }

    void writeSweep(const SweepLayout &sweep)
    {
        ByteWriter chunk;
        chunk.string(sweep.workload);
        chunk.varint(sweep.parallelismLimit);
        chunk.u8(sweep.cancelled ? 1 : 0);
        chunk.varint(sweep.points.size());
        for (const SweepLayout::Point &point : sweep.points) {
            chunk.string(point.model);
            chunk.varint(point.workers);
            chunk.varint(point.runs.size());
            for (uint32_t run : point.runs)
                chunk.varint(run);
        }
        emitChunk(Format::kSweepTag, chunk.data());
    }

    /// Splits one owner's rows into segments: table, owner, rows, the owner's total, the byte
    /// length of the columns (so that a reader can step over a segment), then the columns.
    template <typename Encode>
    void writeColumns(Table table, size_t owner, size_t total, const Encode &encode)
    {
        for (size_t from = 0; from < total; from += kRowsPerSegment) {
            const size_t to = std::min(total, from + kRowsPerSegment);
            columns.clear();
            encode(from, to);
            block.u8(uint8_t(table));
            block.varint(owner);
            block.varint(to - from);
            block.varint(total);
            block.varint(columns.size());
            block.bytes(columns.data().data(), columns.size());
            if (block.size() >= kBlockBytes)
                flushBlock();
        }
    }

    // Each segment starts from zero, so a block decodes on its own.

    /// Intervals that follow one another: the gap since the previous end, then the durations.
    void gapsAndDurations(const Column<TimeNs> &begin, const Column<TimeNs> &end, size_t from,
                          size_t to)
    {
        TimeNs previousEnd = 0;
        for (size_t i = from; i < to; ++i) {
            columns.signedVarint(begin[i] - previousEnd);
            previousEnd = end[i];
        }
        for (size_t i = from; i < to; ++i)
            columns.varint(uint64_t(end[i] - begin[i]));
    }

    void encodeSlices(const CoreSlices &s, size_t from, size_t to)
    {
        gapsAndDurations(s.begin, s.end, from, to);
        for (size_t i = from; i < to; ++i)
            columns.varint(s.thread[i]);
    }

    void encodeStates(const ThreadStates &s, size_t from, size_t to)
    {
        gapsAndDurations(s.begin, s.end, from, to);
        for (size_t i = from; i < to; ++i)
            columns.u8(uint8_t(s.state[i]));
        for (size_t i = from; i < to; ++i)
            columns.varint(s.core[i]);
    }

    void encodeSpans(const ThreadSpans &s, size_t from, size_t to)
    {
        TimeNs previousBegin = 0;
        for (size_t i = from; i < to; ++i) {
            columns.signedVarint(s.begin[i] - previousBegin);
            previousBegin = s.begin[i];
        }
        for (size_t i = from; i < to; ++i)
            columns.varint(uint64_t(s.end[i] - s.begin[i]));
        for (size_t i = from; i < to; ++i)
            columns.u8(uint8_t(s.kind[i]));
        for (size_t i = from; i < to; ++i)
            columns.varint(s.task[i]);
        for (size_t i = from; i < to; ++i)
            columns.varint(s.result[i]);
    }

    void encodeMarkers(const Column<Marker> &m, size_t from, size_t to)
    {
        TimeNs previous = 0;
        for (size_t i = from; i < to; ++i) {
            columns.signedVarint(m[i].time - previous);
            previous = m[i].time;
        }
        for (size_t i = from; i < to; ++i)
            columns.u8(uint8_t(m[i].kind));
        for (size_t i = from; i < to; ++i)
            columns.varint(m[i].thread);
        for (size_t i = from; i < to; ++i)
            columns.varint(m[i].otherThread);
        for (size_t i = from; i < to; ++i)
            columns.varint(m[i].core);
        for (size_t i = from; i < to; ++i)
            columns.varint(m[i].fromCore);
        for (size_t i = from; i < to; ++i) // since 1.3
            columns.signedVarint(m[i].transit);
    }

    void encodeWaits(const ThreadWaits &w, size_t from, size_t to)
    {
        gapsAndDurations(w.begin, w.end, from, to);
        for (size_t i = from; i < to; ++i)
            columns.varint(w.object[i]);
        for (size_t i = from; i < to; ++i)
            columns.varint(Format::encodeThreadOrNone(w.endedBy[i]));
    }

    void encodeBusySamples(const CoreBusySamples &s, size_t from, size_t to)
    {
        gapsAndDurations(s.begin, s.end, from, to);
        for (size_t i = from; i < to; ++i)
            columns.varint(uint64_t(s.busy[i]));
    }

    void encodeCounter(const CounterTrack &c, size_t from, size_t to)
    {
        TimeNs previous = 0;
        for (size_t i = from; i < to; ++i) {
            columns.signedVarint(c.time[i] - previous);
            previous = c.time[i];
        }
        for (size_t i = from; i < to; ++i)
            Format::encodeCounterValue(columns, c.value[i]);
    }
};

NativeTraceWriter::NativeTraceWriter(Options options)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->options = options;
}

NativeTraceWriter::NativeTraceWriter()
    : NativeTraceWriter(Options{})
{
}

NativeTraceWriter::~NativeTraceWriter() = default;

void NativeTraceWriter::write(std::span<const Trace> runs, const std::optional<SweepLayout> &sweep,
                              const Output &out)
{
    write(traceRefs(runs), sweep, out);
}

void NativeTraceWriter::write(std::span<const Trace *const> runs,
                              const std::optional<SweepLayout> &sweep, const Output &out)
{
    m_impl->out = &out;
    const auto header = Format::fileHeader();
    m_impl->emit(header.data(), header.size());
    for (const Trace *run : runs)
        m_impl->writeRun(*run);
    if (sweep)
        m_impl->writeSweep(*sweep);
    ByteWriter end;
    end.varint(runs.size());
    m_impl->emitChunk(Format::kEndTag, end.data());
    m_impl->out = nullptr;
}

std::vector<uint8_t> NativeTraceWriter::encode(std::span<const Trace> runs,
                                               const std::optional<SweepLayout> &sweep)
{
    std::vector<uint8_t> bytes;
    write(runs, sweep,
          [&](std::string_view chunk) { bytes.insert(bytes.end(), chunk.begin(), chunk.end()); });
    return bytes;
}

} // namespace corescope
