// SPDX-License-Identifier: MIT
// The native .cstrace format: every run comes back exactly as saved, saving is atomic, and every
// kind of damaged or foreign file is refused with a message naming the file, what is wrong and
// where, without crashing or allocating what a header merely claims.

#include "trace/atomicfile.h"
#include "trace/bytewriter.h"
#include "trace/crc32.h"
#include "trace/nativetraceformat.h"
#include "trace/nativetracereader.h"
#include "trace/nativetracewriter.h"
#include "trace/synthetictrace.h"
#include "trace/tracebuilder.h"
#include "trace/tracediff.h"
#include "trace/tracefile.h"

#include "qtext/qtext.h"
#include "tracefixtures.h"

#include <QtTest>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <fstream>

using namespace corescope;

namespace {

using Format = NativeTraceFormat;
using Bytes = std::vector<uint8_t>;

Trace handMadeTrace()
{
    return TraceFixtures::handMadeTrace();
}

Bytes encode(const std::vector<Trace> &runs, bool compress = true,
             const std::optional<SweepLayout> &sweep = {})
{
    NativeTraceWriter::Options options;
    options.compress = compress;
    return NativeTraceWriter(options).encode(runs, sweep);
}

/// Two runs as the points of a sweep, as `corescope sweep --trace` saves them.
SweepLayout twoPointSweep()
{
    return {"count", 2, false, {{"serial", 1, {1}}, {"threads", 2, {0}}}};
}

void put32(Bytes &bytes, size_t at, uint32_t value)
{
    std::memcpy(bytes.data() + at, &value, 4);
}

/// A chunk built by hand, for files no writer would make.
Bytes chunk(uint32_t tag, const Bytes &payload, uint16_t flags = Format::kRequired)
{
    Format::ChunkHeader header;
    header.tag = tag;
    header.flags = flags;
    header.storedSize = uint32_t(payload.size());
    header.rawSize = uint32_t(payload.size());
    header.payloadCrc = Crc32::of(payload.data(), payload.size());
    const auto encoded = Format::encode(header);
    ByteWriter bytes; // (vector::insert of an empty range trips GCC 12's -Warray-bounds)
    bytes.bytes(encoded.data(), encoded.size());
    bytes.bytes(payload.data(), payload.size());
    return bytes.data();
}

Bytes fileOf(std::initializer_list<Bytes> chunks)
{
    const auto header = Format::fileHeader();
    Bytes bytes(header.begin(), header.end());
    for (const Bytes &c : chunks)
        bytes.insert(bytes.end(), c.begin(), c.end());
    return bytes;
}

Bytes endChunk(uint64_t runs)
{
    ByteWriter w;
    w.varint(runs);
    return chunk(Format::kEndTag, w.data());
}

/// A RUN payload with empty strings and the given counts; `threads` thread entries follow.
Bytes runPayload(uint64_t threadCount, uint64_t writtenThreads, uint64_t cores, uint64_t slices)
{
    ByteWriter w;
    w.varint(1); // one string: ""
    w.string("");
    for (int i = 0; i < 3; ++i)
        w.varint(0); // title, workload, model
    w.varint(0);     // workers
    w.varint(0);     // tasks
    w.varint(0);     // params
    w.varint(0);     // captureMethod
    w.signedVarint(0);
    w.varint(0); // clock
    w.varint(0); // machineCores
    for (int i = 0; i < 3; ++i)
        w.varint(0); // cpuModel, kernel, appVersion
    w.signedVarint(0);
    w.signedVarint(0);
    w.u8(0);
    w.varint(0);
    w.u8(0);
    w.varint(0);
    w.varint(0); // problems
    w.varint(cores);
    w.varint(threadCount);
    for (uint64_t t = 0; t < writtenThreads; ++t) {
        w.signedVarint(1);
        w.signedVarint(int64_t(t + 1));
        w.varint(0);
        w.u8(0);
        w.signedVarint(0);
        w.signedVarint(0);
        w.signedVarint(-1);
    }
    w.varint(0);      // span names
    w.varint(slices); // totals
    w.varint(0);
    w.varint(0);
    w.varint(0);
    return w.data();
}

Bytes segment(uint8_t table, uint64_t owner, uint64_t rows, uint64_t total, const Bytes &columns)
{
    ByteWriter w;
    w.u8(table);
    w.varint(owner);
    w.varint(rows);
    w.varint(total);
    w.varint(columns.size());
    w.bytes(columns.data(), columns.size());
    return w.data();
}

long maxRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

void writeFile(const QString &path, const Bytes &bytes)
{
    std::ofstream out(path.toStdString(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
}

Bytes readFile(const QString &path)
{
    std::ifstream in(path.toStdString(), std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

} // namespace

class TestNativeTrace : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void savesAndLoadsFiles();
    void compactOnDisk();
    void reportsProgressAndCancels();
    void refusesBadFiles_data();
    void refusesBadFiles();
    void refusesEveryTruncation();
    void refusesEveryFlippedByte();
    void neverAllocatesAbsurdCounts_data();
    void neverAllocatesAbsurdCounts();
    void readsRunsWithManyIdleCores();
    void readsNewerMinorVersions();
    void readsOlderMinorVersions();
    void readsFilesEarlierVersionsWrote_data();
    void readsFilesEarlierVersionsWrote();
    void refusesTwoGigabyteFiles();
    void refusesUnreadableFiles();
    void saveKeepsOldFileOnFailure();
    void saveReportsBadTargets();

private:
    QTemporaryDir m_dir;
};

void TestNativeTrace::roundTrip_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("compress");
    QTest::newRow("hand-made") << 0 << true;
    QTest::newRow("hand-made, stored") << 0 << false;
    QTest::newRow("empty run") << 1 << true;
    QTest::newRow("synthetic, several blocks") << 2 << true;
    QTest::newRow("three runs") << 3 << true;
}

void TestNativeTrace::roundTrip()
{
    QFETCH(int, kind);
    QFETCH(bool, compress);
    std::vector<Trace> runs;
    if (kind == 0)
        runs.push_back(handMadeTrace());
    else if (kind == 1)
        runs.push_back(TraceBuilder().build());
    else if (kind == 2)
        runs.push_back(SyntheticTrace::make({6, 4, 400'000, 7}));
    else
        runs = {handMadeTrace(), SyntheticTrace::make({3, 2, 5'000, 1}), TraceBuilder(5).build()};

    const Bytes bytes = encode(runs, compress);
    auto decoded = NativeTraceReader::decode(bytes, "memory");
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().c_str());
    QCOMPARE(decoded.value().runs.size(), runs.size());
    for (size_t r = 0; r < runs.size(); ++r) {
        const auto difference = TraceDiff::firstDifference(runs[r], decoded.value().runs[r]);
        QVERIFY2(!difference, difference ? difference->c_str() : "");
    }
}

void TestNativeTrace::savesAndLoadsFiles()
{
    const QString path = m_dir.filePath(QStringLiteral("saved.cstrace"));
    TraceFile file({handMadeTrace(), SyntheticTrace::make({})});
    QVERIFY(file.save(path.toStdString()).ok());
    // The file is an ordinary document, not private like a temporary file.
    struct stat info
    {};
    QCOMPARE(::stat(path.toLocal8Bit().constData(), &info), 0);
    QVERIFY(info.st_mode & S_IRGRP);
    auto loaded = TraceFile::load(path.toStdString());
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().c_str());
    QCOMPARE(loaded.value().sourceFormat(), TraceFile::Format::Native);
    QCOMPARE(loaded.value().runs().size(), size_t(2));
    for (size_t r = 0; r < 2; ++r)
        QVERIFY(!TraceDiff::firstDifference(file.runs()[r], loaded.value().runs()[r]));
    QVERIFY(QDir(m_dir.path()).entryList(QDir::Files).size() == 1); // no temporary left
}

void TestNativeTrace::compactOnDisk()
{
    // The size goal (≤ 8 bytes an event) is measured on real runs by scripts/bench; here only a
    // guard that the encoding does not regress grossly.
    const Trace trace = SyntheticTrace::make({8, 4, 200'000, 3});
    size_t events = trace.sliceCount() + trace.markers().size();
    for (size_t t = 0; t < trace.threads().size(); ++t)
        events += trace.statesOf(t).size() + trace.spansOf(t).size();
    const Bytes bytes = encode({trace});
    const double perEvent = double(bytes.size()) / double(events);
    QVERIFY2(perEvent <= 8.0, qPrintable(QString::number(perEvent)));
}

void TestNativeTrace::reportsProgressAndCancels()
{
    const Bytes bytes = encode({SyntheticTrace::make({4, 2, 300'000, 2})});
    std::vector<uint64_t> seen;
    auto loaded = NativeTraceReader::decode(bytes, "memory", [&](uint64_t done, uint64_t total) {
        seen.push_back(done);
        return total == bytes.size();
    });
    QVERIFY(loaded.ok());
    QVERIFY(seen.size() > 2);
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));
    QCOMPARE(seen.back(), uint64_t(bytes.size()));

    auto cancelled =
        NativeTraceReader::decode(bytes, "memory", [](uint64_t, uint64_t) { return false; });
    QVERIFY(!cancelled.ok());
    QCOMPARE(text(cancelled.error()), QStringLiteral("memory: loading cancelled"));
}

void TestNativeTrace::refusesBadFiles_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");

    const Bytes good = encode({handMadeTrace()}, false);
    const auto bytes = [](const Bytes &b) {
        return QByteArray(reinterpret_cast<const char *>(b.data()), qsizetype(b.size()));
    };
    const size_t runChunk = Format::kFileHeaderSize;

    QTest::newRow("empty") << QByteArray() << "the file is empty";
    QTest::newRow("wrong magic") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)
                                 << "not a CoreScope trace file (it starts with 89 50 4e 47";
    QTest::newRow("text") << QByteArray("hello, world\n")
                          << "not a CoreScope trace file (it starts with 68 65 6c 6c";
    {
        Bytes b = good;
        b[8] = 2;
        put32(b, 12, Crc32::of(b.data(), 12));
        QTest::newRow("newer major version")
            << bytes(b) << "made by a newer CoreScope (format 2); this version reads format 1";
    }
    {
        Bytes b = good;
        b[9] = 1; // major 257, header checksum not updated
        QTest::newRow("header checksum") << bytes(b) << "file header checksum mismatch at byte 12";
    }
    {
        Bytes b = good;
        b[runChunk + Format::kChunkHeaderSize + 5] ^= 0x40;
        QTest::newRow("payload checksum")
            << bytes(b) << "checksum mismatch in the 'RUN ' chunk at byte 16 (the file is damaged)";
    }
    {
        Bytes b = good;
        b[runChunk + 2] ^= 0x01;
        QTest::newRow("chunk header checksum")
            << bytes(b) << "chunk header checksum mismatch at byte 16";
    }
    {
        Bytes b = good;
        b.push_back(0);
        QTest::newRow("trailing bytes")
            << bytes(b)
            << "unexpected bytes after the end marker, at byte " + QString::number(good.size());
    }
    QTest::newRow("no runs, no end") << bytes(fileOf({})) << "without its end marker";
    QTest::newRow("events before a run")
        << bytes(fileOf({chunk(Format::kEventsTag, {1, 0, 1, 1, 0, 1, 0}), endChunk(0)}))
        << "the 'EVTS' chunk at byte 16 comes before any run";
    QTest::newRow("unknown required chunk")
        << bytes(fileOf({chunk(nativeChunkTag("ZZZZ"), {1, 2, 3}), endChunk(0)}))
        << "the 'ZZZZ' chunk at byte 16 needs a newer CoreScope";
    QTest::newRow("end counts runs wrongly")
        << bytes(fileOf({endChunk(2)}))
        << "the end marker at byte 16 counts 2 runs, but the file holds 0";
    {
        Bytes header = chunk(Format::kRunTag, {});
        put32(header, 8, 0x7FFFFFFF); // stored size
        put32(header, 12, 0x7FFFFFFF);
        put32(header, 20, Crc32::of(header.data(), 20));
        QTest::newRow("huge chunk size")
            << bytes(fileOf({header}))
            << "chunk of 2147483647 bytes is larger than the format allows (67108864) at byte 16";
    }
    {
        Bytes header =
            chunk(Format::kRunTag, {1, 2, 3, 4}, Format::kRequired | Format::kCompressed);
        put32(header, 12, 60'000'000); // raw size claimed for 4 stored bytes
        put32(header, 20, Crc32::of(header.data(), 20));
        QTest::newRow("implausible compression")
            << bytes(fileOf({header})) << "chunk claims to unpack 4 bytes into 60000000";
    }
    {
        const Bytes junk = {0x28, 0xb5, 0x2f, 0xfd, 0xff, 0xff, 0xff, 0xff};
        Bytes header = chunk(Format::kRunTag, junk, Format::kRequired | Format::kCompressed);
        put32(header, 12, 100);
        put32(header, 20, Crc32::of(header.data(), 20));
        QTest::newRow("corrupt zstd frame")
            << bytes(fileOf({header})) << "cannot unpack the 'RUN ' chunk at byte 16: zstd:";
    }
    QTest::newRow("thread index out of range")
        << bytes(fileOf({chunk(Format::kRunTag, runPayload(1, 1, 1, 1)),
                         chunk(Format::kEventsTag, segment(1, 0, 1, 1, {0, 5, 3})), endChunk(1)}))
        << "event block is damaged: thread 3 out of range in row 0 (segment at byte 0 of its "
           "contents) in the 'EVTS' chunk at byte";
    QTest::newRow("core out of range")
        << bytes(fileOf({chunk(Format::kRunTag, runPayload(1, 1, 1, 1)),
                         chunk(Format::kEventsTag, segment(1, 4, 1, 1, {0, 5, 0})), endChunk(1)}))
        << "slices of owner 4, but there are only 1";
    QTest::newRow("segment longer than its columns")
        << bytes(
               fileOf({chunk(Format::kRunTag, runPayload(1, 1, 1, 1)),
                       chunk(Format::kEventsTag, segment(1, 0, 1, 1, {0, 5, 0, 0})), endChunk(1)}))
        << "slices end 1 bytes before their segment does";
    QTest::newRow("unknown table")
        << bytes(fileOf({chunk(Format::kRunTag, runPayload(1, 1, 1, 1)),
                         chunk(Format::kEventsTag, segment(9, 0, 1, 1, {0, 5, 0})), endChunk(1)}))
        << "unknown table 9";
    QTest::newRow("fewer events than declared")
        << bytes(fileOf({chunk(Format::kRunTag, runPayload(1, 1, 1, 1)), endChunk(1)}))
        << "run 1: the run declares 1 slices but its blocks hold 0";
    QTest::newRow("time overflow") << bytes(fileOf(
        {chunk(Format::kRunTag, runPayload(1, 1, 1, 1)),
         chunk(Format::kEventsTag,
               segment(1, 0, 1, 1, {0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
                                    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0})),
         endChunk(1)})) << "time out of range in row 0";
    QTest::newRow("overlong varint") << bytes(
        fileOf({chunk(Format::kRunTag, runPayload(1, 1, 1, 1)),
                chunk(Format::kEventsTag, segment(1, 0, 1, 1,
                                                  {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                                   0x80, 0x80, 0x80, 0x01, 0, 0})),
                endChunk(1)})) << "slices are cut short or hold a malformed number";

    // What 1.3 appended to a run: wait objects, counter tracks, and their rows.
    const auto run13 = [](std::initializer_list<uint64_t> fields) {
        Bytes run = runPayload(1, 1, 1, 0);
        ByteWriter w;
        w.signedVarint(0); // clock origin
        for (uint64_t field : fields)
            w.varint(field);
        run.insert(run.end(), w.data().begin(), w.data().end());
        return chunk(Format::kRunTag, run);
    };
    QTest::newRow("a wait object of an unknown kind")
        << bytes(fileOf({run13({1, 99, 0, 0, 0, 0}), endChunk(1)}))
        << "the run header is damaged: a wait object's kind";
    QTest::newRow("a counter track of an unknown kind")
        << bytes(fileOf({run13({0, 1, 0, 99, 0, 0, 0}), endChunk(1)}))
        << "the run header is damaged: a counter track's kind";
    QTest::newRow("a wait for an object the run does not have") << bytes(
        fileOf({run13({0, 0, 1, 0}), chunk(Format::kEventsTag, segment(5, 0, 1, 1, {0, 1, 0, 0})),
                endChunk(1)})) << "wait object 0 out of range in row 0";
    QTest::newRow("a wait ended by a thread the run does not have") << bytes(fileOf(
        {run13({1, 1, 0, 0, 1, 0}), chunk(Format::kEventsTag, segment(5, 0, 1, 1, {0, 1, 0, 5})),
         endChunk(1)})) << "thread 4 out of range in row 0";
    QTest::newRow("a malformed counter value")
        << bytes(fileOf({run13({0, 1, 0, 0, 0, 0, 1}),
                         chunk(Format::kEventsTag, segment(6, 0, 1, 1, {0, 6})), endChunk(1)}))
        << "malformed counter value in row 0";
    QTest::newRow("values of a counter track the run does not have")
        << bytes(fileOf({run13({0, 0, 0, 1}),
                         chunk(Format::kEventsTag, segment(6, 0, 1, 1, {0, 2})), endChunk(1)}))
        << "counter values of owner 0, but there are only 0";
}

void TestNativeTrace::refusesBadFiles()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    const QString path = m_dir.filePath(QStringLiteral("bad.cstrace"));
    writeFile(path, Bytes(bytes.begin(), bytes.end()));
    auto loaded = TraceFile::load(path.toStdString());
    QVERIFY(!loaded.ok());
    const QString error = text(loaded.error());
    QVERIFY2(error.startsWith(path + QStringLiteral(": ")), qPrintable(error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void TestNativeTrace::refusesEveryTruncation()
{
    const Bytes good =
        encode({handMadeTrace(), SyntheticTrace::make({2, 2, 300, 5})}, true, twoPointSweep());
    QVERIFY(NativeTraceReader::decode(good, "good.cstrace").value().sweep == twoPointSweep());
    for (size_t cut = 1; cut < good.size(); ++cut) {
        const Bytes cutShort(good.begin(), good.begin() + ptrdiff_t(cut));
        auto decoded = NativeTraceReader::decode(cutShort, "cut.cstrace");
        QVERIFY2(!decoded.ok(), qPrintable(QStringLiteral("cut at %1 loaded").arg(cut)));
        const QString error = text(decoded.error());
        QVERIFY2(error.startsWith(
                     QStringLiteral("cut.cstrace: truncated: the file ends at byte %1").arg(cut)),
                 qPrintable(error));
    }
}

void TestNativeTrace::refusesEveryFlippedByte()
{
    const Bytes good = encode({handMadeTrace()});
    for (size_t at = 0; at < good.size(); ++at) {
        for (uint8_t bit : {uint8_t(0x01), uint8_t(0x80)}) {
            Bytes damaged = good;
            damaged[at] ^= bit;
            auto decoded = NativeTraceReader::decode(damaged, "flipped.cstrace");
            QVERIFY2(!decoded.ok(), qPrintable(QStringLiteral("flip at %1 loaded").arg(at)));
            const QString error = text(decoded.error());
            // The magic says "not ours"; anything else is caught by a checksum, which says where.
            const bool understood = error.contains(QStringLiteral("not a CoreScope trace file"))
                                    || (error.contains(QStringLiteral("checksum mismatch"))
                                        && error.contains(QStringLiteral("byte")));
            QVERIFY2(understood, qPrintable(error));
        }
    }
}

void TestNativeTrace::neverAllocatesAbsurdCounts_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");
    const auto bytes = [](const Bytes &b) {
        return QByteArray(reinterpret_cast<const char *>(b.data()), qsizetype(b.size()));
    };
    ByteWriter hugeStrings;
    hugeStrings.varint(uint64_t(1) << 60);
    QTest::newRow("string count") << bytes(
        fileOf({chunk(Format::kRunTag, hugeStrings.data()), endChunk(1)}))
                                  << "the run header is damaged: string count";
    QTest::newRow("thread count") << bytes(
        fileOf({chunk(Format::kRunTag, runPayload(uint64_t(1) << 40, 0, 1, 0)), endChunk(1)}))
                                  << "the run header is damaged: thread count";
    QTest::newRow("core count") << bytes(
        fileOf({chunk(Format::kRunTag, runPayload(0, 0, uint64_t(1) << 33, 0)), endChunk(1)}))
                                << "the run header is damaged: core count";
    // Cores cost a trace its columns even when empty, and cost a file no bytes: a few bytes of
    // header may not make the reader build 65536 of them (a file of such runs took gigabytes).
    QTest::newRow("more cores than the run's header bytes vouch for")
        << bytes(fileOf({chunk(Format::kRunTag, runPayload(0, 0, 65'536, 0)), endChunk(1)}))
        << "the run header is damaged: core count";
    ByteWriter hugeRows;
    hugeRows.varint(uint64_t(1) << 50);
    QTest::newRow("segment rows") << bytes(fileOf(
        {chunk(Format::kRunTag, runPayload(1, 1, 1, uint64_t(1) << 50)),
         chunk(Format::kEventsTag, segment(1, 0, uint64_t(1) << 50, uint64_t(1) << 50, {0, 5, 0})),
         endChunk(1)})) << "1125899906842624 rows of slices cannot fit in 3 bytes";
    // A total that the run declares and a segment repeats, but only one row backs: the reader
    // reserves for the rows it can see, not for the claim.
    QTest::newRow("owner total") << bytes(fileOf(
        {chunk(Format::kRunTag, runPayload(1, 1, 1, uint64_t(1) << 40)),
         chunk(Format::kEventsTag, segment(1, 0, 1, uint64_t(1) << 40, {0, 5, 0})),
         endChunk(1)})) << "run 1: the run declares 1099511627776 slices but its blocks hold 1";
    ByteWriter hugeSweep;
    hugeSweep.string("count");
    hugeSweep.varint(2);
    hugeSweep.u8(0);
    hugeSweep.varint(uint64_t(1) << 60);
    QTest::newRow("sweep points") << bytes(fileOf(
        {chunk(Format::kRunTag, runPayload(1, 1, 1, 0)), chunk(Format::kSweepTag, hugeSweep.data()),
         endChunk(1)})) << "the sweep's point count at byte 8 does not fit in the chunk";
    ByteWriter strayRun;
    strayRun.string("count");
    strayRun.varint(2);
    strayRun.u8(0);
    strayRun.varint(1);
    strayRun.string("threads");
    strayRun.varint(2);
    strayRun.varint(1);
    strayRun.varint(7);
    QTest::newRow("sweep run") << bytes(fileOf(
        {chunk(Format::kRunTag, runPayload(1, 1, 1, 0)), chunk(Format::kSweepTag, strayRun.data()),
         endChunk(1)})) << "sweep point 1 (threads × 2) refers to run 8, but the file holds 1";
}

void TestNativeTrace::neverAllocatesAbsurdCounts()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    const long before = maxRssKb();
    auto decoded = NativeTraceReader::decode(
        std::span(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size())),
        "absurd.cstrace");
    QVERIFY(!decoded.ok());
    QVERIFY2(text(decoded.error()).contains(message), decoded.error().c_str());
    QVERIFY2(maxRssKb() - before < 64 * 1024, "decoding grew the process by more than 64 MiB");
}

void TestNativeTrace::readsRunsWithManyIdleCores()
{
    // The bound on cores leaves room for real machines: an empty run of a 512-core one loads.
    const std::vector<Trace> runs{TraceBuilder(512).build(), handMadeTrace()};
    auto decoded = NativeTraceReader::decode(encode(runs), "wide.cstrace");
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().c_str());
    QCOMPARE(decoded.value().runs.at(0).coreCount(), size_t(512));
}

void TestNativeTrace::readsNewerMinorVersions()
{
    // A later 1.x may append fields to a run's header and add optional chunks; 1.0 reads on.
    Bytes run = runPayload(1, 1, 1, 0);
    ByteWriter later;
    later.signedVarint(123'456'789); // the clock origin (1.2)
    for (int field = 0; field < 4; ++field)
        later.varint(0);    // no wait objects, counter tracks, waits or counter values (1.3)
    later.varint(0);        // busy sampling: the run's first string (1.4)
    later.signedVarint(0);  // its interval
    later.varint(0);        // no allowed cores known
    later.varint(0);        // no busy samples
    later.signedVarint(-1); // not a recording
    later.u8(0x42);         // a field this version does not know
    run.insert(run.end(), later.data().begin(), later.data().end());
    Bytes file = fileOf(
        {chunk(nativeChunkTag("note"), {1, 2, 3}, 0), chunk(Format::kRunTag, run), endChunk(1)});
    file[10] = 7; // minor version 7
    put32(file, 12, Crc32::of(file.data(), 12));
    auto decoded = NativeTraceReader::decode(file, "newer.cstrace");
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().c_str());
    QCOMPARE(decoded.value().runs.size(), size_t(1));
    QCOMPARE(decoded.value().runs[0].threads().size(), size_t(1));
    QCOMPARE(decoded.value().runs[0].metadata().monotonicOriginNs, int64_t(123'456'789));
}

void TestNativeTrace::readsOlderMinorVersions()
{
    // 1.1 wrote no clock origin: such a run loads with the origin unknown (0).
    Bytes file = fileOf({chunk(Format::kRunTag, runPayload(1, 1, 1, 0)), endChunk(1)});
    file[10] = 1;
    put32(file, 12, Crc32::of(file.data(), 12));
    auto decoded = NativeTraceReader::decode(file, "older.cstrace");
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().c_str());
    QCOMPARE(decoded.value().runs.size(), size_t(1));
    QCOMPARE(decoded.value().runs[0].metadata().monotonicOriginNs, int64_t(0));
}

void TestNativeTrace::readsFilesEarlierVersionsWrote_data()
{
    // Files the app wrote, committed as they came out (tests/fixtures/native): every later version
    // must load them with every event they hold.
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("runs");
    QTest::addColumn<int>("threads"); ///< of the first run
    QTest::addColumn<int>("events");  ///< over all runs
    QTest::addColumn<int>("markers"); ///< over all runs
    QTest::newRow("1.3: a pipeline's queue") << "v1.3-pipeline-queue.cstrace"
                                             << "threads" << 1 << 3 << 170 << 20;
    QTest::newRow("1.3: tasks on an event loop") << "v1.3-asyncio-sleep.cstrace"
                                                 << "asyncio" << 1 << 8 << 95 << 0;
    QTest::newRow("1.3: subprocesses from GIL threads") << "v1.3-subprocess-gil.cstrace"
                                                        << "gil" << 1 << 7 << 124 << 12;
    QTest::newRow("1.2: a GIL run") << "v1.2-gil-factorize.cstrace"
                                    << "gil" << 1 << 3 << 1550 << 297;
    QTest::newRow("1.2: a processes run") << "v1.2-processes-mixed.cstrace"
                                          << "processes" << 1 << 3 << 139 << 4;
    QTest::newRow("1.2: a sweep") << "v1.2-sweep-count.cstrace"
                                  << "serial" << 3 << 2 << 180 << 2;
    QTest::newRow("1.2: a recorded Python program") << "v1.2-recorded-counting.cstrace"
                                                    << "recorded" << 1 << 43 << 4115 << 271;
}

void TestNativeTrace::readsFilesEarlierVersionsWrote()
{
    QFETCH(QString, file);
    QFETCH(QString, model);
    QFETCH(int, runs);
    QFETCH(int, threads);
    QFETCH(int, events);
    QFETCH(int, markers);
    auto loaded = TraceFile::load(CORESCOPE_NATIVE_FIXTURES "/" + file.toStdString());
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().c_str());
    const auto &read = loaded.value().runs();
    QCOMPARE(int(read.size()), runs);
    QCOMPARE(QString::fromStdString(read[0].metadata().model), model);
    QCOMPARE(int(read[0].threads().size()), threads);
    size_t eventsRead = 0;
    size_t markersRead = 0;
    for (const Trace &run : read) {
        eventsRead += run.eventCount();
        markersRead += run.markers().size();
    }
    QCOMPARE(int(eventsRead), events);
    QCOMPARE(int(markersRead), markers);
}

void TestNativeTrace::refusesTwoGigabyteFiles()
{
    // Sparse files: two gigabytes that cost no disk and must cost no memory or time either.
    const qint64 twoGiB = qint64(2) << 30;
    const QString zeros = m_dir.filePath(QStringLiteral("zeros.cstrace"));
    {
        QFile file(zeros);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(twoGiB));
    }
    QElapsedTimer timer;
    timer.start();
    const long before = maxRssKb();
    auto loaded = TraceFile::load(zeros.toStdString());
    QVERIFY(!loaded.ok());
    QVERIFY2(text(loaded.error())
                 .contains(QStringLiteral(
                     "not a CoreScope trace file (it starts with 00 00 00 00 00 00 00 00")),
             loaded.error().c_str());

    const QString padded = m_dir.filePath(QStringLiteral("padded.cstrace"));
    const Bytes good = encode({handMadeTrace()});
    writeFile(padded, good);
    {
        QFile file(padded);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.resize(twoGiB));
    }
    loaded = TraceFile::load(padded.toStdString());
    QVERIFY(!loaded.ok());
    QVERIFY2(text(loaded.error())
                 .contains(QStringLiteral("unexpected bytes after the end marker, at byte %1")
                               .arg(good.size())),
             loaded.error().c_str());
    QVERIFY(timer.elapsed() < 10'000);
    QVERIFY(maxRssKb() - before < 64 * 1024);
}

void TestNativeTrace::refusesUnreadableFiles()
{
    auto missing = TraceFile::load(m_dir.filePath(QStringLiteral("missing.cstrace")).toStdString());
    QVERIFY(!missing.ok());
    QVERIFY(text(missing.error()).endsWith(QStringLiteral("missing.cstrace: no such file")));

    auto directory = TraceFile::load(m_dir.path().toStdString());
    QVERIFY(!directory.ok());
    QCOMPARE(text(directory.error()),
             m_dir.path() + QStringLiteral(": is a directory, not a trace file"));

    const QString fifo = m_dir.filePath(QStringLiteral("fifo.cstrace"));
    QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
    auto pipe = TraceFile::load(fifo.toStdString());
    QVERIFY(!pipe.ok());
    QVERIFY(
        text(pipe.error()).endsWith(QStringLiteral("is not a regular file (a pipe or a device)")));

    // Root reads files whatever their mode; a write-only /proc/sys file stays unreadable even then.
    QString unreadable = m_dir.filePath(QStringLiteral("secret.cstrace"));
    if (::geteuid() == 0) {
        unreadable = QStringLiteral("/proc/sys/vm/compact_memory");
        if (!QFile::exists(unreadable))
            QSKIP("running as root without an unreadable file to try");
    } else {
        writeFile(unreadable, encode({handMadeTrace()}));
        QVERIFY(QFile::setPermissions(unreadable, QFileDevice::WriteOwner));
    }
    auto denied = TraceFile::load(unreadable.toStdString());
    QVERIFY(!denied.ok());
    QCOMPARE(text(denied.error()),
             unreadable + QStringLiteral(": permission denied (the file cannot be read)"));
}

void TestNativeTrace::saveKeepsOldFileOnFailure()
{
    const QString path = m_dir.filePath(QStringLiteral("precious.cstrace"));
    const TraceFile small({handMadeTrace()});
    QVERIFY(small.save(path.toStdString()).ok());
    const Bytes before = readFile(path);

    // A full disk, as far as this process can tell: writes beyond 64 KiB fail with EFBIG.
    const TraceFile large({SyntheticTrace::make({8, 4, 500'000, 9})});
    rlimit saved{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = saved;
    limited.rlim_cur = 64 * 1024;
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &limited), 0);
    const Status status = large.save(path.toStdString());
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previousHandler);

    QVERIFY(!status.ok());
    QVERIFY2(
        text(status.error()).startsWith(path + QStringLiteral(": cannot write: File too large")),
        status.error().c_str());
    QVERIFY(readFile(path) == before);
    const QStringList files =
        QDir(m_dir.path()).entryList({QStringLiteral("precious*")}, QDir::Files);
    QCOMPARE(files, QStringList{QStringLiteral("precious.cstrace")});
    QVERIFY(TraceFile::load(path.toStdString()).ok());
}

void TestNativeTrace::saveReportsBadTargets()
{
    const TraceFile file({handMadeTrace()});
    const QString noFolder = m_dir.filePath(QStringLiteral("no/such/folder/x.cstrace"));
    const Status missing = file.save(noFolder.toStdString());
    QVERIFY(!missing.ok());
    QVERIFY2(
        text(missing.error()).startsWith(noFolder + QStringLiteral(": cannot create a file in ")),
        missing.error().c_str());

    const QString folder = m_dir.filePath(QStringLiteral("folder.cstrace"));
    QVERIFY(QDir().mkpath(folder));
    const Status directory = file.save(folder.toStdString());
    QVERIFY(!directory.ok());
    QCOMPARE(text(directory.error()), folder + QStringLiteral(": is a directory"));

    const QString unknown = m_dir.filePath(QStringLiteral("trace.txt"));
    const Status extension = file.save(unknown.toStdString());
    QVERIFY(!extension.ok());
    QVERIFY(text(extension.error()).contains(QStringLiteral("unknown extension")));
}

QTEST_APPLESS_MAIN(TestNativeTrace)

#include "tst_nativetrace.moc"
