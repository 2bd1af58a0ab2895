// SPDX-License-Identifier: MIT
// Every row of the kinds table (core/trace/kinds.h) reaches every consumer: the legend, the
// JSON report, the summary's wait columns, the native file and the Chrome/Perfetto JSON (by
// its stable name, its span category, its sched_switch prev_state letter, its flow or instant),
// the span band's lines and boxes and the hand-off arrows. A new state, span or marker kind that
// one of them misses fails here.
#include "cli/reportjson.h"
#include "qtext/qtext.h"
#include "summarypanel.h"
#include "timeline/timelinerenderer.h"
#include "trace/chrometraceexporter.h"
#include "trace/kinds.h"
#include "trace/switchreconstruction.h"
#include "trace/tracebuilder.h"
#include "trace/tracefile.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace corescope;

namespace {

constexpr TimeNs kStep = 1'000'000; ///< 1 ms for each state, span and marker

/// One thread that goes through every state, holds every span kind and has every marker kind.
Trace everyKind()
{
    TraceBuilder builder(1);
    const TimeNs end = TimeNs(threadStateKinds().size()) * kStep;
    builder.addThread({1, 1, "every kind", ThreadRole::Worker, 0, end, -1});
    TimeNs at = 0;
    for (const ThreadStateKind &kind : threadStateKinds()) {
        builder.addState(0, at, at + kStep, kind.state, 0);
        if (kind.state == ThreadState::Running)
            builder.addSlice(0, at, at + kStep, 0);
        at += kStep;
    }
    const uint32_t name = builder.addSpanName("imported slice");
    at = 0;
    for (const SpanKindInfo &kind : spanKinds()) {
        builder.addSpan(0, at, at + kStep, kind.kind, kind.kind == SpanKind::Named ? name : 0);
        at += kStep;
    }
    at = 0;
    for (const MarkerKindInfo &kind : markerKinds()) {
        builder.addMarker({at, kind.kind, 0, 0, 0, 0});
        at += kStep;
    }
    builder.metadata().title = "every kind";
    builder.metadata().wallNs = end;
    builder.metadata().machineCores = 1;
    return builder.build();
}

bool hasState(const Trace &trace, ThreadState state)
{
    const auto &states = trace.statesOf(0).state;
    return std::find(states.begin(), states.end(), state) != states.end();
}

bool hasSpan(const Trace &trace, SpanKind kind)
{
    const auto &kinds = trace.spansOf(0).kind;
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

bool hasMarker(const Trace &trace, MarkerKind kind)
{
    return std::any_of(trace.markers().begin(), trace.markers().end(),
                       [&](const Marker &m) { return m.kind == kind; });
}

/// The prev_state a Perfetto export writes for a thread that leaves its core into `state`.
QString exportedPrevState(ThreadState state)
{
    TraceBuilder builder(1);
    builder.addThread({1, 1, "probe", ThreadRole::Worker, 0, 2 * kStep, -1});
    builder.addState(0, 0, kStep, ThreadState::Running, 0);
    builder.addSlice(0, 0, kStep, 0);
    builder.addState(0, kStep, 2 * kStep, state, 0);
    builder.metadata().wallNs = 2 * kStep;
    const Trace runs[] = {builder.build()};
    const std::string json = ChromeTraceExporter(ChromeJsonFlavour::Perfetto).toString(runs);
    const auto match =
        QRegularExpression(QStringLiteral("prev_comm=probe prev_pid=\\d+ prev_prio=\\d+ "
                                          "prev_state=(.)"))
            .match(QString::fromStdString(json));
    return match.hasMatch() ? match.captured(1) : QString();
}

/// The trace saved to `name` in `folder` and loaded again.
Trace roundTrip(const Trace &trace, const QTemporaryDir &folder, const char *name)
{
    const std::string path = folder.filePath(QString::fromLatin1(name)).toStdString();
    const Trace *runs[] = {&trace};
    if (!TraceFile::save(path, runs, std::nullopt, {}).ok())
        return {};
    Result<TraceFile> loaded = TraceFile::load(path);
    if (!loaded || loaded.value().runs().empty())
        return {};
    return loaded.value().runs().front();
}

} // namespace

class TestKinds : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_trace = std::make_shared<const Trace>(everyKind());
        m_native = roundTrip(*m_trace, m_folder, "kinds.cstrace");
        m_json = roundTrip(*m_trace, m_folder, "kinds.json");
        QVERIFY(m_native.threads().size() == 1);
        QVERIFY(m_json.threads().size() == 1);

        TimelineRenderer renderer;
        renderer.setRuns({m_trace});
        renderer.setSize(QSize(1600, 900));
        renderer.setRange(0, m_trace->extent());
        m_legend = renderer.legendEntries();
        m_report = reportjson::run(*m_trace);
        m_summary = SummaryPanel::summaryHtml(*m_trace, nullptr);
        const Trace runs[] = {*m_trace};
        m_chromeJson = QString::fromStdString(
            ChromeTraceExporter(ChromeJsonFlavour::Perfetto).toString(runs, std::nullopt));
    }

    void everyThreadState_data()
    {
        QTest::addColumn<int>("row");
        for (const ThreadStateKind &kind : threadStateKinds())
            QTest::newRow(kind.name.data()) << int(kind.state);
    }
    void everyThreadState()
    {
        QFETCH(int, row);
        const ThreadStateKind &kind = kindOf(ThreadState(row));
        QCOMPARE(threadStateNamed(kind.name), std::optional<ThreadState>(kind.state));
        QVERIFY2(std::any_of(m_legend.begin(), m_legend.end(),
                             [&](const auto &entry) { return entry.state == kind.state; }),
                 "no legend entry");
        const QJsonObject thread =
            m_report.value(QStringLiteral("threads")).toArray()[0].toObject();
        QVERIFY2(thread.contains(text(kind.jsonKey)), "no JSON key");
        QCOMPARE(thread.value(text(kind.jsonKey)).toDouble(), kStep / 1e9);
        if (kind.waiting)
            QVERIFY2(m_summary.contains(text(kind.column)), "no summary column");
        QVERIFY2(hasState(m_native, kind.state), "lost in the native file");
        QVERIFY2(hasState(m_json, kind.state), "lost in Chrome JSON");

        // Its sched_switch letter: written on leaving a core in it, read back as a state that
        // writes the same letter (itself where the row is the one read from that letter).
        QVERIFY2(std::string_view("RDS").find(kind.prevState) != std::string_view::npos,
                 "prev_state is not R, D or S");
        QCOMPARE(exportedPrevState(kind.state), QString(QLatin1Char(kind.prevState)));
        const auto readBack = SwitchReconstruction::stateAfterSwitchOut(kind.prevState);
        QVERIFY(readBack);
        QCOMPARE(kindOf(*readBack).prevState, kind.prevState);
        if (kind.readFromPrevState)
            QCOMPARE(*readBack, kind.state);
    }

    void everySpanKind_data()
    {
        QTest::addColumn<int>("row");
        for (const SpanKindInfo &kind : spanKinds())
            QTest::newRow(kind.name.data()) << int(kind.kind);
    }
    void everySpanKind()
    {
        QFETCH(int, row);
        const SpanKindInfo &kind = kindOf(SpanKind(row));
        QCOMPARE(spanKindNamed(kind.name), std::optional<SpanKind>(kind.kind));
        if (!kind.legend.empty())
            QVERIFY2(std::any_of(m_legend.begin(), m_legend.end(),
                                 [&](const auto &entry) {
                                     return entry.span == kind.kind
                                            || entry.text == text(kind.legend);
                                 }),
                     "no legend entry");
        QVERIFY2(hasSpan(m_native, kind.kind), "lost in the native file");
        QVERIFY2(hasSpan(m_json, kind.kind), "lost in Chrome JSON");

        // Its Chrome category, which an import reads the kind back from, and its event name.
        QCOMPARE(spanKindOfChromeCategory(kind.chromeCategory), std::optional<SpanKind>(kind.kind));
        const QString category =
            QStringLiteral("\"cat\":\"%1\",\"name\":\"%2")
                .arg(text(kind.chromeCategory),
                     kind.chromeName.empty() ? QString() : text(kind.chromeName) + u'"');
        QVERIFY2(m_chromeJson.contains(category), qPrintable(category));
        // Lines or boxes: the legend's swatch is drawn as the span band draws the kind.
        const auto entry = std::find_if(m_legend.begin(), m_legend.end(),
                                        [&](const auto &e) { return e.span == kind.kind; });
        if (entry != m_legend.end())
            QCOMPARE(entry->swatch == TimelineLegendEntry::Swatch::Line, kind.line);
    }

    void everyMarkerKind_data()
    {
        QTest::addColumn<int>("row");
        for (const MarkerKindInfo &kind : markerKinds())
            QTest::newRow(kind.name.data()) << int(kind.kind);
    }
    void everyMarkerKind()
    {
        QFETCH(int, row);
        const MarkerKindInfo &kind = kindOf(MarkerKind(row));
        QCOMPARE(markerKindNamed(kind.name), std::optional<MarkerKind>(kind.kind));
        QVERIFY2(hasMarker(m_native, kind.kind), "lost in the native file");
        QVERIFY2(hasMarker(m_json, kind.kind), "lost in Chrome JSON");

        // A hand-off is a flow in Chrome JSON and has an arrow entry of its own in the legend;
        // the other markers are instants, and have none.
        const QString flow = QStringLiteral("{\"ph\":\"s\",\"cat\":\"handoff\",\"name\":\"%1\"")
                                 .arg(text(kind.name));
        const QString instant =
            QStringLiteral("\"cat\":\"marker\",\"name\":\"%1\"").arg(text(kind.name));
        QCOMPARE(m_chromeJson.contains(flow), kind.handoff());
        QCOMPARE(m_chromeJson.contains(instant), !kind.handoff());
        const auto arrow = std::find_if(m_legend.begin(), m_legend.end(),
                                        [&](const auto &e) { return e.marker == kind.kind; });
        QCOMPARE(arrow != m_legend.end(), kind.handoff());
        if (kind.handoff()) {
            QCOMPARE(arrow->swatch, TimelineLegendEntry::Swatch::Arrow);
            QCOMPARE(arrow->text, text(kind.legend));
        }
    }

private:
    QTemporaryDir m_folder;
    std::shared_ptr<const Trace> m_trace;
    Trace m_native;
    Trace m_json;
    std::vector<TimelineLegendEntry> m_legend;
    QJsonObject m_report;
    QString m_summary;
    QString m_chromeJson;
};

QTEST_MAIN(TestKinds)
#include "tst_kinds.moc"
