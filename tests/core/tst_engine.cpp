// SPDX-License-Identifier: MIT
// The engine against the course's claims, on real threads and real child processes: results are
// right in every model, speed-ups (as same-run ratios) come out as the lecture says, the per-core
// timeline only shows time really spent on a core, and cancel leaves nothing behind.

#include "analysis/runsummary.h"
#include "engine/capture/perfcapture.h"
#include "engine/engine.h"
#include "trace/coreoccupancy.h"

#include "pinnedbusyloop.h"

#include <QtTest>

#include <signal.h>
#include <sys/types.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <fstream>
#include <set>
#include <thread>

using namespace corescope;

namespace {

/// The time the hypervisor took the machine's CPUs from it so far (/proc/stat's steal column,
/// summed over CPUs): wall time a thread spends "on a core" that the kernel does not charge it.
int64_t stealNs()
{
    std::ifstream stat("/proc/stat");
    std::string cpu;
    int64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    stat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
    return steal * (1'000'000'000 / sysconf(_SC_CLK_TCK));
}

std::optional<Trace> runSpec(const RunSpec &spec, QString *error)
{
    auto validated = validateRunSpec(spec);
    if (!validated) {
        *error = QString::fromStdString(validated.error());
        return std::nullopt;
    }
    Engine engine;
    auto trace = engine.run(validated.value());
    if (!trace) {
        *error = QString::fromStdString(trace.error());
        return std::nullopt;
    }
    return std::move(trace).value();
}

RunSpec spec(const char *workload, const char *model, std::optional<int> workers,
             std::optional<int> tasks, std::map<std::string, std::string> params = {})
{
    RunSpec s;
    s.workload = workload;
    s.model = model;
    s.workers = workers;
    s.tasks = tasks;
    s.params = std::move(params);
    return s;
}

double seconds(TimeNs ns)
{
    return double(ns) / 1e9;
}

std::vector<pid_t> childPids(const Trace &trace)
{
    std::vector<pid_t> pids;
    for (const auto &thread : trace.threads()) {
        if (thread.role == ThreadRole::ChildProcess)
            pids.push_back(thread.pid);
    }
    return pids;
}

/// A run on a thread of its own, cancelled and joined however the test ends.
class BackgroundRun
{
public:
    explicit BackgroundRun(const ValidatedRunSpec &spec)
        : m_thread([this, spec] { m_result.emplace(m_engine.run(spec)); })
    {
    }
    ~BackgroundRun()
    {
        m_engine.cancel();
        if (m_thread.joinable())
            m_thread.join();
    }
    Engine &engine() { return m_engine; }
    /// Joins the run and returns its outcome.
    Result<Trace> &finish()
    {
        m_thread.join();
        return *m_result;
    }

private:
    Engine m_engine;
    std::optional<Result<Trace>> m_result;
    std::thread m_thread;
};

} // namespace

// Sanitizers slow threads unevenly and serialise some of their work: speed-up ratios measured
// under them say nothing about the engine, and cpuclock's slice edges stray further than the
// precision it states for a normal build.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define skipTimingUnderSanitizers() QSKIP("speed-up ratios are not measured under sanitizers")
constexpr int kSanitizerSlowdown = 5;
#else
#define skipTimingUnderSanitizers() (void)0
constexpr int kSanitizerSlowdown = 1;
#endif

#define RUN_OR_FAIL(var, specExpr)                                                                 \
    QString var##Error;                                                                            \
    auto var = runSpec(specExpr, &var##Error);                                                     \
    QVERIFY2(var.has_value(), qPrintable(var##Error))

class TestEngine : public QObject
{
    Q_OBJECT

private slots:
    void resultsAreRightInEveryModel_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("workload");
        QTest::addColumn<int>("tasks");
        QTest::addColumn<QString>("param");
        for (const char *model :
             {"serial", "threads", "gil", "processes", "thread-pool", "process-pool", "asyncio"}) {
            QTest::newRow(qPrintable(QStringLiteral("factorize/%1").arg(QLatin1String(model))))
                << QString::fromLatin1(model) << QStringLiteral("factorize") << 5
                << QStringLiteral("repeat=1");
            QTest::newRow(qPrintable(QStringLiteral("count/%1").arg(QLatin1String(model))))
                << QString::fromLatin1(model) << QStringLiteral("count") << 3
                << QStringLiteral("n=2000000");
            QTest::newRow(qPrintable(QStringLiteral("matmul/%1").arg(QLatin1String(model))))
                << QString::fromLatin1(model) << QStringLiteral("matmul") << 4
                << QStringLiteral("size=64");
        }
        // On the event loop the waits are awaited (the file's through the executor).
        QTest::newRow("sleep/asyncio") << "asyncio"
                                       << "sleep" << 3 << "ms=20";
        QTest::newRow("net/asyncio") << "asyncio"
                                     << "net" << 3 << "delay_ms=5";
        QTest::newRow("mixed/asyncio") << "asyncio"
                                       << "mixed" << 3 << "io_ms=5";
        QTest::newRow("file/asyncio") << "asyncio"
                                      << "file" << 3 << "kib=256";
        QTest::newRow("count/asyncio, offloaded") << "asyncio"
                                                  << "count" << 3 << "offload=1";
        for (const char *model : {"serial", "threads", "gil", "thread-pool", "asyncio"})
            QTest::newRow(qPrintable(QStringLiteral("subprocess/%1").arg(QLatin1String(model))))
                << QString::fromLatin1(model) << QStringLiteral("subprocess") << 2
                << QStringLiteral("mib=1");
    }

    void resultsAreRightInEveryModel()
    {
        QFETCH(QString, model);
        QFETCH(QString, workload);
        QFETCH(int, tasks);
        QFETCH(QString, param);
        const auto assignment = parseParamAssignment(param.toStdString()).value();
        RUN_OR_FAIL(trace, spec(workload.toLatin1().constData(), model.toLatin1().constData(),
                                std::nullopt, tasks, {{assignment.first, assignment.second}}));
        const TraceMetadata &m = trace->metadata();
        QCOMPARE(m.tasksDone, uint32_t(tasks));
        QVERIFY(m.resultsOk);
        QVERIFY(!m.cancelled);
        // A capture may contradict itself now and then (a lost switch record): the trace says so
        // and stays consistent, and that is the decoder's test. Anything else is a failure here.
        for (const std::string &problem : m.problems) {
            if (problem.find("began while another thread held the core") != std::string::npos
                || problem.find("the kernel counted") != std::string::npos)
                qWarning("%s", problem.c_str());
            else
                QFAIL(problem.c_str());
        }
        // Every task ran (on the event loop, a task's steps are spans of their own).
        std::set<uint32_t> ran;
        for (size_t t = 0; t < trace->threads().size(); ++t) {
            const ThreadSpans &spans = trace->spansOf(t);
            for (size_t i = 0; i < spans.size(); ++i)
                if (spans.kind[i] == SpanKind::Task)
                    ran.insert(spans.task[i]);
        }
        QCOMPARE(ran.size(), size_t(tasks));
        QVERIFY(trace->sliceCount() > 0);
    }

    // The lecture's central claim, as ratios of wall times measured here and now. A shared
    // machine's speed wanders by tens of percent within seconds, so the models take turns and
    // each keeps its fastest of three runs: what the work costs, not what a neighbour did.
    void cpuBoundSpeedups()
    {
        skipTimingUnderSanitizers();
        // Many equal tasks, so that two workers split them evenly even when one core is slowed
        // for a while (the course's five numbers differ in size and would cap the ideal
        // speed-up below 2 by themselves; four tasks would split 3 : 1 around a slow core).
        const std::map<std::string, std::string> params{{"n", "200000000"}};
        const std::vector<std::pair<const char *, int>> models{
            {"serial", 1}, {"threads", 2}, {"gil", 2}, {"processes", 2}};
        std::map<std::string, double> fastest;
        std::map<std::string, double> parallelism; // on-CPU time over wall time, at the fastest
        for (int round = 0; round < 3; ++round) {
            for (const auto &[model, workers] : models) {
                RUN_OR_FAIL(trace, spec("count", model, workers, 8, params));
                QVERIFY(trace->metadata().resultsOk);
                const double wall = seconds(trace->duration());
                if (!fastest.count(model) || wall < fastest[model]) {
                    fastest[model] = wall;
                    parallelism[model] = seconds(RunSummary::of(*trace).cpu) / wall;
                }
            }
        }
        const double base = fastest["serial"];
        const double threadsSpeedup = base / fastest["threads"];
        const double gilSpeedup = base / fastest["gil"];
        const double processesSpeedup = base / fastest["processes"];
        qInfo("serial %.3f s; speed-up threads %.2f, gil %.2f, processes %.2f; cores busy at "
              "once: threads %.2f, gil %.2f, processes %.2f",
              base, threadsSpeedup, gilSpeedup, processesSpeedup, parallelism["threads"],
              parallelism["gil"], parallelism["processes"]);
        // Both cores run at once for threads and processes, one at a time for GIL threads: that
        // holds however fast the machine is at the moment.
        QVERIFY(parallelism["threads"] >= 1.7);
        QVERIFY(parallelism["processes"] >= 1.7);
        QVERIFY(parallelism["gil"] <= 1.2);
        // The goals are 1.6 and 1.15 (the sweeps show them on a quiet machine). On this shared
        // one two busy cores may each run up to a third slower than one alone, and unevenly,
        // so wall times only have to say that parallel work is faster and GIL threads are not.
        // The GIL is judged against free threads rather than serial: a neighbour that slowed
        // every serial run (seen under ctest -j2: serial 0.83 s, threads 2.9× faster) makes
        // GIL threads look faster than serial, never as fast as free threads.
        QVERIFY2(threadsSpeedup >= 1.1, qPrintable(QString::number(threadsSpeedup)));
        QVERIFY2(processesSpeedup >= 1.1, qPrintable(QString::number(processesSpeedup)));
        QVERIFY2(
            gilSpeedup <= 0.75 * threadsSpeedup,
            qPrintable(QStringLiteral("gil %1, threads %2").arg(gilSpeedup).arg(threadsSpeedup)));
    }

    // The figures for pools: two processes over eight tasks run on both cores at once,
    // two threads under the GIL take turns on one.
    void poolsSpeedUpAsTheirWorkersDo()
    {
        skipTimingUnderSanitizers();
        const std::map<std::string, std::string> params{{"n", "100000000"}};
        const std::vector<std::pair<const char *, std::map<std::string, std::string>>> models{
            {"serial", {}}, {"process-pool", {}}, {"thread-pool", {{"gil", "1"}}}};
        std::map<std::string, double> fastest;
        std::map<std::string, double> parallelism;
        for (int round = 0; round < 2; ++round) {
            for (const auto &[model, extra] : models) {
                auto all = params;
                all.insert(extra.begin(), extra.end());
                RUN_OR_FAIL(trace, spec("count", model, std::string_view(model) == "serial" ? 1 : 2,
                                        8, all));
                QVERIFY(trace->metadata().resultsOk);
                const double wall = seconds(trace->duration());
                if (!fastest.count(model) || wall < fastest[model]) {
                    fastest[model] = wall;
                    parallelism[model] = seconds(RunSummary::of(*trace).cpu) / wall;
                }
            }
        }
        const double processPool = fastest["serial"] / fastest["process-pool"];
        const double gilPool = fastest["serial"] / fastest["thread-pool"];
        qInfo("serial %.3f s; speed-up process pool %.2f, thread pool under the GIL %.2f; cores "
              "busy at once %.2f and %.2f",
              fastest["serial"], processPool, gilPool, parallelism["process-pool"],
              parallelism["thread-pool"]);
        QVERIFY(parallelism["process-pool"] >= 1.7);
        QVERIFY(parallelism["thread-pool"] <= 1.2);
        // As cpuBoundSpeedups: the goals are 1.6 and 1.15 on a quiet machine.
        QVERIFY2(processPool >= 1.1, qPrintable(QString::number(processPool)));
        QVERIFY2(gilPool <= 0.75 * processPool,
                 qPrintable(QStringLiteral("gil %1, processes %2").arg(gilPool).arg(processPool)));
    }

    // subprocess.run from GIL threads: waiting for a child gives the lock up, so four threads'
    // children run on both cores at once, where one thread runs them one after another. Each
    // child is a lane of its own (its start-up from spawn to exec, its slices, its exit), and
    // each thread's wait names the child whose exit ended it.
    void subprocessesFromGilThreadsRunInParallel()
    {
        skipTimingUnderSanitizers();
        if (!PerfBackend::probe())
            QSKIP(
                "kernel.perf_event_paranoid is above 2: the children's switches are not recorded");
        std::map<int, double> fastest;
        std::map<int, double> parallelism;
        for (int round = 0; round < 2; ++round) {
            for (const int workers : {1, 4}) {
                const int64_t stealBefore = stealNs();
                RUN_OR_FAIL(trace, spec("subprocess", "gil", workers, 4, {{"mib", "32"}}));
                const int64_t stolen = stealNs() - stealBefore;
                QVERIFY(trace->metadata().resultsOk);
                const RunSummary summary = RunSummary::of(*trace);
                std::vector<uint32_t> children;
                TimeNs childrenOnCpu = 0;
                for (uint32_t i = 0; i < trace->threads().size(); ++i) {
                    const ThreadInfo &thread = trace->threads()[i];
                    if (thread.role != ThreadRole::ChildProcess)
                        continue;
                    children.push_back(i);
                    QCOMPARE(thread.name, std::string("sha256sum"));
                    const ThreadSpans &spans = trace->spansOf(i);
                    QCOMPARE(std::count(spans.kind.begin(), spans.kind.end(), SpanKind::Startup),
                             1);
                    const TimeNs onCpu = summary.threads[i].onCpu;
                    QVERIFY(onCpu > 0);
                    // The kernel's count covers the slices, but for time the hypervisor took
                    // (steal, which a slice's wall time includes and the kernel does not charge).
                    QVERIFY2(thread.kernelCpuNs * 21 / 20 + 1'000'000 + stolen >= onCpu,
                             qPrintable(QStringLiteral("%1 ns counted, %2 ns on cores")
                                            .arg(thread.kernelCpuNs)
                                            .arg(onCpu)));
                    childrenOnCpu += onCpu;
                }
                QCOMPARE(children.size(), size_t(4));
                size_t childWaits = 0;
                for (uint32_t i = 0; i < trace->threads().size(); ++i) {
                    const ThreadWaits &waits = trace->waitsOf(i);
                    for (size_t w = 0; w < waits.size(); ++w) {
                        if (trace->waitObjects()[waits.object[w]].kind != WaitObjectKind::Child)
                            continue;
                        ++childWaits;
                        QVERIFY(std::find(children.begin(), children.end(), waits.endedBy[w])
                                != children.end());
                    }
                }
                QCOMPARE(childWaits, size_t(4));
                const double wall = seconds(trace->duration());
                if (!fastest.count(workers) || wall < fastest[workers]) {
                    fastest[workers] = wall;
                    parallelism[workers] = seconds(childrenOnCpu) / wall;
                }
            }
        }
        const double speedup = fastest[1] / fastest[4];
        qInfo("one GIL thread %.3f s, four %.3f s: speed-up %.2f; cores busy with children at "
              "once %.2f and %.2f",
              fastest[1], fastest[4], speedup, parallelism[1], parallelism[4]);
        QVERIFY(parallelism[1] <= 1.1);
        QVERIFY(parallelism[4] >= 1.6);
        // The children ran at once (above); the wall-time gain that buys is 1.6 to 2.1 on a quiet
        // machine, but a loaded one (a CI run beside other work measured 1.10 while its
        // children kept 1.98 cores busy) eats into it, so only a gain is asserted.
        QVERIFY2(speedup >= 1.05, qPrintable(QString::number(speedup)));
    }

    // Another program holds core 1 for the whole run: no core lane may call that time idle.
    // Both cores are busy throughout (with this run's threads or the other program), and what
    // this run leaves of core 1 is the other program's; with it gone, other programs stay below
    // 2 % of each core.
    void otherProgramsOnTheCoresAreShown()
    {
        skipTimingUnderSanitizers();
        if (const QString why = PinnedBusyLoop::unavailable(); !why.isEmpty())
            QSKIP(qPrintable(why));
        PinnedBusyLoop hog(1);
        QVERIFY(hog.running());
        QString error;
        // Eight equal tasks from one queue: both threads work until the very end.
        auto busy = runSpec(spec("count", "threads", 2, 8, {{"n", "200000000"}}), &error);
        hog.stop();
        QVERIFY2(busy, qPrintable(error));
        const CoreOccupancy occupied = CoreOccupancy::of(*busy);
        QVERIFY(occupied.inferred());
        const double wall = double(occupied.wall());
        for (size_t c = 0; c < 2; ++c) {
            const CoreOccupancy::Core &core = occupied.cores()[c];
            qInfo("with another program on core 1: core %zu %.1f %% this run, %.1f %% other "
                  "programs (%.1f %% exact)",
                  c, 100 * double(core.ours) / wall, 100 * double(core.others()) / wall,
                  100 * double(core.exact) / wall);
            QVERIFY(double(core.ours + core.others()) >= 0.9 * wall);
        }
        const CoreOccupancy::Core &pinned = occupied.cores()[1];
        QVERIFY(double(pinned.others()) >= 0.9 * (wall - double(pinned.ours)));
        const auto problems = runProblems(*busy);
        QVERIFY(std::any_of(problems.begin(), problems.end(), [](const std::string &line) {
            return line.rfind("core 1 was ", 0) == 0;
        }));

        // The kernel's own threads and interrupts count too: the quietest of three runs.
        std::array<double, 2> quietest{1.0, 1.0};
        for (int round = 0; round < 3; ++round) {
            RUN_OR_FAIL(quiet, spec("count", "threads", 2, 8, {{"n", "200000000"}}));
            const CoreOccupancy alone = CoreOccupancy::of(*quiet);
            for (size_t c = 0; c < 2; ++c)
                quietest[c] =
                    std::min(quietest[c], double(alone.cores()[c].others()) / double(alone.wall()));
        }
        for (size_t c = 0; c < 2; ++c) {
            qInfo("alone: core %zu %.2f %% other programs", c, 100 * quietest[c]);
            QVERIFY2(quietest[c] < 0.02, qPrintable(QString::number(quietest[c])));
        }
    }

    void poolTasksHaveLanes_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("param");
        QTest::addColumn<int>("chunk");
        QTest::newRow("thread pool") << "thread-pool"
                                     << "gil=0" << 1;
        QTest::newRow("thread pool under the GIL") << "thread-pool"
                                                   << "gil=1" << 1;
        QTest::newRow("process pool") << "process-pool"
                                      << "chunksize=1" << 1;
        QTest::newRow("process pool, chunks of four") << "process-pool"
                                                      << "chunksize=4" << 4;
    }

    // Each task's lane: queued from its submission until a worker starts it (the wait ended by
    // that worker), then running until it ends; a chunk's tasks run on one worker in turn.
    void poolTasksHaveLanes()
    {
        QFETCH(QString, model);
        QFETCH(QString, param);
        QFETCH(int, chunk);
        const QStringList assignment = param.split(u'=');
        RUN_OR_FAIL(trace, spec("count", model.toLatin1().constData(), 2, 8,
                                {{"n", "2000000"},
                                 {assignment[0].toStdString(), assignment[1].toStdString()}}));
        QVERIFY(trace->metadata().resultsOk);
        std::map<uint32_t, uint32_t> workerOf; // task → the thread whose span ran it
        for (uint32_t t = 0; t < trace->threads().size(); ++t) {
            const ThreadSpans &spans = trace->spansOf(t);
            for (size_t i = 0; i < spans.size(); ++i)
                if (spans.kind[i] == SpanKind::Task)
                    workerOf[spans.task[i]] = t;
        }
        QCOMPARE(workerOf.size(), size_t(8));
        int lanes = 0;
        for (uint32_t t = 0; t < trace->threads().size(); ++t) {
            const ThreadInfo &info = trace->threads()[t];
            if (info.role != ThreadRole::Task)
                continue;
            const uint32_t task = uint32_t(lanes++);
            QCOMPARE(QString::fromStdString(info.name), QStringLiteral("task %1").arg(task));
            const ThreadStates &states = trace->statesOf(t);
            QVERIFY(states.size() >= 1 && states.size() <= 2);
            QCOMPARE(states.state[states.size() - 1], ThreadState::TaskRunning);
            QCOMPARE(states.end[states.size() - 1], info.end);
            if (states.size() == 2) {
                QCOMPARE(states.state[0], ThreadState::QueueWait);
                const ThreadWaits &waits = trace->waitsOf(t);
                QCOMPARE(waits.size(), size_t(1));
                QCOMPARE(waits.endedBy[0], workerOf[task]);
            }
        }
        QCOMPARE(lanes, 8);
        for (uint32_t task = 0; task < 8; ++task)
            QCOMPARE(workerOf[task], workerOf[task - task % uint32_t(chunk)]);
    }

    // asyncio.gather of five 100 ms sleeps: one thread, the waits overlap; each task's lane says
    // it was ready, ran, awaited its timer, was ready again and ran to its end.
    void asyncioOverlapsWaits()
    {
        RUN_OR_FAIL(serial, spec("sleep", "serial", 1, 5, {{"ms", "100"}}));
        RUN_OR_FAIL(loop, spec("sleep", "asyncio", {}, 5, {{"ms", "100"}}));
        QVERIFY(loop->metadata().resultsOk);
        const double speedup = seconds(serial->duration()) / seconds(loop->duration());
        qInfo("asyncio over serial: %.2f", speedup);
        QVERIFY2(speedup >= 4.5, qPrintable(QString::number(speedup)));
        const RunSummary summary = RunSummary::of(*loop);
        int lanes = 0;
        for (const auto &thread : summary.threads) {
            const ThreadInfo &info = loop->threads()[thread.thread];
            if (info.role != ThreadRole::Task) {
                // Only the loop's thread computes; its executor has nothing to do.
                if (info.role == ThreadRole::Worker)
                    QVERIFY2(thread.onCpu < 5'000'000, info.name.c_str());
                continue;
            }
            ++lanes;
            const ThreadStates &states = loop->statesOf(thread.thread);
            std::vector<ThreadState> sequence(states.state.begin(), states.state.end());
            sequence.erase(std::remove(sequence.begin(), sequence.end(), ThreadState::Ready),
                           sequence.end());
            QCOMPARE(sequence,
                     (std::vector<ThreadState>{ThreadState::TaskRunning, ThreadState::Awaiting,
                                               ThreadState::TaskRunning}));
            QVERIFY(thread.in(ThreadState::Awaiting) >= 99'000'000);
            // The awaited timer is named, and the loop (thread 0) ended each ready wait.
            const ThreadWaits &waits = loop->waitsOf(thread.thread);
            bool timer = false;
            for (size_t i = 0; i < waits.size(); ++i) {
                const WaitObjectKind kind = loop->waitObjects()[waits.object[i]].kind;
                timer = timer || kind == WaitObjectKind::Timer;
                if (kind == WaitObjectKind::Loop)
                    QCOMPARE(waits.endedBy[i], uint32_t(0));
            }
            QVERIFY(timer);
        }
        QCOMPARE(lanes, 5);
    }

    // The blocking call in the loop: CPU-bound tasks hold it, so each waits, ready, for the ones
    // before it; offloaded to the executor they run on both cores.
    void asyncioHeldByComputation()
    {
        const std::map<std::string, std::string> params{{"n", "50000000"}};
        const auto offloadParams = [&] {
            auto all = params;
            all["offload"] = "1";
            return all;
        }();
        // The fastest of two rounds: a run's first moments on a cold core can be much slower.
        std::optional<Trace> serial, held, offloaded;
        for (int round = 0; round < 2; ++round) {
            for (auto [trace, model, p] :
                 {std::tuple(&serial, "serial", &params), std::tuple(&held, "asyncio", &params),
                  std::tuple(&offloaded, "asyncio", &offloadParams)}) {
                RUN_OR_FAIL(
                    run, spec("count", model, std::string_view(model) == "serial" ? 1 : 2, 4, *p));
                QVERIFY(run->metadata().resultsOk);
                if (!*trace || run->duration() < (*trace)->duration())
                    *trace = std::move(run);
            }
        }
        const RunSummary summary = RunSummary::of(*held);
        // Tasks 1, 2 and 3 wait for 1, 2 and 3 tasks' computation: six in all, of four run.
        const double readyShare =
            double(summary.in(ThreadState::Ready)) / double(summary.in(ThreadState::TaskRunning));
        QVERIFY2(readyShare >= 1.2, qPrintable(QString::number(readyShare)));
        skipTimingUnderSanitizers();
        const double heldSpeedup = seconds(serial->duration()) / seconds(held->duration());
        const double offloadSpeedup = seconds(serial->duration()) / seconds(offloaded->duration());
        const double parallelism =
            seconds(RunSummary::of(*offloaded).cpu) / seconds(offloaded->duration());
        qInfo("asyncio over serial: held %.2f, offloaded %.2f (cores busy at once %.2f)",
              heldSpeedup, offloadSpeedup, parallelism);
        // Held, one core computes at a time (the goal, at most 1.1 x serial, is the sweep's to
        // show: a loaded machine slows the serial run as much as this one).
        QVERIFY(seconds(summary.cpu) / seconds(held->duration()) <= 1.2);
        QVERIFY(parallelism >= 1.6);
        QVERIFY2(offloadSpeedup >= 1.1, qPrintable(QString::number(offloadSpeedup)));
    }

    void ioBoundSpeedups()
    {
        skipTimingUnderSanitizers();
        const std::map<std::string, std::string> params{{"ms", "100"}};
        RUN_OR_FAIL(serial, spec("sleep", "serial", 1, 5, params));
        RUN_OR_FAIL(threads, spec("sleep", "threads", 5, 5, params));
        RUN_OR_FAIL(gil, spec("sleep", "gil", 5, 5, params));
        const double base = seconds(serial->duration());
        qInfo("serial %.3f s; speed-up threads %.2f, gil %.2f", base,
              base / seconds(threads->duration()), base / seconds(gil->duration()));
        QVERIFY(base >= 0.5);
        QVERIFY(base / seconds(threads->duration()) >= 4.0);
        QVERIFY(base / seconds(gil->duration()) >= 4.0);
        // Time blocked shows as I/O, not as time on a core.
        const RunSummary summary = RunSummary::of(*threads);
        TimeNs io = 0;
        for (const auto &thread : summary.threads)
            io += thread.in(ThreadState::Io);
        QVERIFY(seconds(io) >= 0.45);
        QVERIFY(seconds(summary.cpu) < 0.1);
    }

    // Four CPU-bound threads on two cores: the per-core timeline shows only real time on a core.
    void perCoreTruth_data()
    {
        QTest::addColumn<QString>("capture");
        QTest::newRow("auto") << QStringLiteral("auto");
        QTest::newRow("cpuclock") << QStringLiteral("cpuclock");
    }

    void perCoreTruth()
    {
        QFETCH(QString, capture);
        RunSpec s = spec("count", "threads", 4, 4, {{"n", "400000000"}});
        s.capture = parseCaptureMethod(capture.toStdString()).value();
        const int64_t stealBefore = stealNs();
        RUN_OR_FAIL(trace, s);
        const int64_t stolen = stealNs() - stealBefore;
        const RunSummary summary = RunSummary::of(*trace);
        const int64_t precision = trace->metadata().capturePrecisionNs;
        // A sampled capture (cpuclock) dates an edge at the sample after it: on a VM whose vCPU
        // the host deschedules between two samples, that is up to a host time slice late (up to
        // 1.2 ms seen here, with the same rate in the build before and after the last big
        // refactor), so its allowance is in host slices, not in its nominal precision.
        const bool sampled = trace->metadata().captureMethod == "cpuclock";
        const TimeNs allowedOverlap = kSanitizerSlowdown
                                      * (sampled ? 20 * std::max<int64_t>(100'000, precision)
                                                 : std::max<int64_t>(100'000, 2 * precision));
        // The capture's own disagreements, before the builder gave each core to one thread.
        const CoreConflicts &conflicts = trace->coreConflicts();
        QVERIFY2(conflicts.longest <= allowedOverlap,
                 qPrintable(QStringLiteral("%1 slices began on a held core, up to %2 ns")
                                .arg(conflicts.count)
                                .arg(conflicts.longest)));
        for (size_t c = 0; c < trace->coreCount(); ++c) {
            const CoreSlices &slices = trace->slicesOnCore(c);
            for (size_t i = 1; i < slices.size(); ++i)
                QVERIFY(slices.begin[i] >= slices.end[i - 1]);
            QVERIFY(summary.cores[c].busy <= trace->duration());
        }
        int workers = 0;
        for (const auto &thread : summary.threads) {
            const ThreadInfo &info = trace->threads()[thread.thread];
            if (info.role != ThreadRole::Worker)
                continue;
            ++workers;
            QVERIFY(info.kernelCpuNs > 0);
            // Sanitizers stretch the capture's edges as they do the overlaps above; time the
            // hypervisor stole during the run may show as a thread's slice yet is not charged.
            const double allowed =
                0.05 * kSanitizerSlowdown * double(info.kernelCpuNs) + double(stolen);
            QVERIFY2(std::abs(double(thread.onCpu - info.kernelCpuNs)) <= allowed,
                     qPrintable(QStringLiteral("%1: slices %2 ms, kernel %3 ms, stolen %4 ms")
                                    .arg(QString::fromStdString(info.name))
                                    .arg(thread.onCpu / 1e6)
                                    .arg(info.kernelCpuNs / 1e6)
                                    .arg(stolen / 1e6)));
            // More threads than cores: each one waited for a core some of the time.
            QVERIFY(thread.in(ThreadState::Runnable) > 0);
        }
        QCOMPARE(workers, 4);
    }

    // The course's slow system calls "while the main thread keeps computing": on native threads
    // the waits start at once; under the GIL the computing main thread holds the lock, so each
    // waiting thread queues for it (at least one switch interval) before its wait can start.
    void ioThreadsQueueBehindAComputingMainThread_data()
    {
        QTest::addColumn<QString>("model");
        QTest::newRow("threads") << QStringLiteral("threads");
        QTest::newRow("gil") << QStringLiteral("gil");
    }

    void ioThreadsQueueBehindAComputingMainThread()
    {
        QFETCH(QString, model);
        const bool gil = model == QLatin1String("gil");
        RUN_OR_FAIL(trace,
                    spec("sleep", qPrintable(model), 4, 4, {{"ms", "50"}, {"main_cpu_ms", "40"}}));
        QVERIFY(trace->metadata().resultsOk);
        const RunSummary summary = RunSummary::of(*trace);
        TimeNs mainWork = 0;
        TimeNs longestGilWait = 0;
        for (const auto &thread : summary.threads) {
            const ThreadInfo &info = trace->threads()[thread.thread];
            const ThreadSpans &spans = trace->spansOf(thread.thread);
            if (info.role == ThreadRole::Engine) {
                for (size_t i = 0; i < spans.size(); ++i) {
                    if (spans.kind[i] == SpanKind::Named)
                        mainWork += spans.end[i] - spans.begin[i];
                }
                // 40 ms of CPU time, give or take the capture's edges.
                QVERIFY2(thread.onCpu >= 35'000'000, qPrintable(QString::number(thread.onCpu)));
            } else {
                longestGilWait = std::max(longestGilWait, thread.in(ThreadState::GilWait));
            }
        }
        QVERIFY2(mainWork >= 40'000'000, qPrintable(QString::number(mainWork))); // CPU time ≤ wall
        if (gil)
            QVERIFY2(longestGilWait >= 4'000'000, qPrintable(QString::number(longestGilWait)));
        else
            QCOMPARE(longestGilWait, TimeNs(0));
    }

    // The course's lock lesson on real threads: with the lock every increment counts, and the
    // threads' lanes show lock waits and the lock passing from thread to thread; without it, two
    // cores adding at once lose increments, and the trace says how many.
    void sharedCounterWithAndWithoutALock()
    {
        // Tens of ms a task, so that the threads surely overlap (see the unlocked run below).
        RUN_OR_FAIL(locked, spec("shared-counter", "threads", 4, 4,
                                 {{"n", "20000000"}, {"batch", "1000"}, {"lock", "1"}}));
        QVERIFY(locked->metadata().resultsOk);
        QVERIFY2(locked->metadata().problems.empty(),
                 locked->metadata().problems.empty() ? ""
                                                     : locked->metadata().problems.front().c_str());
        const RunSummary summary = RunSummary::of(*locked);
        TimeNs lockWait = 0;
        size_t holds = 0;
        for (const auto &thread : summary.threads) {
            lockWait += thread.in(ThreadState::LockWait);
            const ThreadSpans &spans = locked->spansOf(thread.thread);
            holds += size_t(std::count(spans.kind.begin(), spans.kind.end(), SpanKind::LockHold));
        }
        QCOMPARE(holds, size_t(4 * 20000));
        const auto &markers = locked->markers();
        const auto handoffs = std::count_if(markers.begin(), markers.end(), [](const Marker &m) {
            return m.kind == MarkerKind::LockHandoff;
        });
        QVERIFY2(handoffs > 0, "the lock never passed from one thread to another");
        if (std::thread::hardware_concurrency() < 2)
            QSKIP("one core: threads never add at the same instant, so none is lost");
        QVERIFY2(lockWait > 0, "no thread ever waited for the lock on two cores");

        // Long enough that the threads surely add at the same time: at 2 M a task could end
        // before the next thread's capture was set up, and lose nothing.
        RUN_OR_FAIL(unlocked,
                    spec("shared-counter", "threads", 4, 4, {{"n", "20000000"}, {"lock", "0"}}));
        QVERIFY(!unlocked->metadata().resultsOk);
        // Other lines may join it (a hypervisor holding a core makes the CPU-time check speak).
        const auto &problems = unlocked->metadata().problems;
        QVERIFY2(std::any_of(problems.begin(), problems.end(),
                             [](const std::string &line) {
                                 return line.find("increments were lost") != std::string::npos;
                             }),
                 problems.empty() ? "no problem line" : problems.front().c_str());
    }

    void pipelineBackPressure_data()
    {
        QTest::addColumn<QString>("model");
        QTest::newRow("threads") << "threads";
        QTest::newRow("gil") << "gil";
    }

    // The figure: a consumer twice as slow as its producer behind a queue of one item.
    void pipelineBackPressure()
    {
        QFETCH(QString, model);
        constexpr int kItems = 20;
        RUN_OR_FAIL(run, spec("pipeline", model.toLatin1().constData(), {}, {},
                              {{"items", std::to_string(kItems)},
                               {"maxsize", "1"},
                               {"produce_ms", "5"},
                               {"consume_ms", "10"}}));
        QVERIFY(run->metadata().resultsOk);
        const auto stageOf = [&](uint32_t task) {
            for (uint32_t t = 0; t < run->threads().size(); ++t) {
                const ThreadSpans &spans = run->spansOf(t);
                for (size_t i = 0; i < spans.size(); ++i)
                    if (spans.kind[i] == SpanKind::Task && spans.task[i] == task)
                        return t;
            }
            return kNoThread;
        };
        const uint32_t producer = stageOf(0);
        const uint32_t consumer = stageOf(1);
        QVERIFY(producer != kNoThread && consumer != kNoThread);

        // Every item passed from the producer to the consumer, and the depth stayed within one.
        const auto &markers = run->markers();
        QCOMPARE(std::count_if(markers.begin(), markers.end(),
                               [&](const Marker &m) {
                                   return m.kind == MarkerKind::QueueHandoff && m.thread == consumer
                                          && m.otherThread == producer && m.transit >= 0;
                               }),
                 kItems);
        QCOMPARE(run->counters().size(), size_t(1));
        const CounterTrack &depth = run->counters()[0];
        QVERIFY(depth.size() > 0);
        QCOMPARE(*std::max_element(depth.value.begin(), depth.value.end()), 1.0);
        // Each wait for the queue is a known one: the producer's ended by the consumer's get.
        const ThreadWaits &waits = run->waitsOf(producer);
        for (size_t i = 0; i < waits.size(); ++i) {
            if (run->waitObjects()[waits.object[i]].kind == WaitObjectKind::Queue)
                QCOMPARE(waits.endedBy[i], consumer);
        }

        if (model != QStringLiteral("threads"))
            return; // under the GIL the stages also wait for the lock; the share is the OS's call
        skipTimingUnderSanitizers();
        const RunSummary summary = RunSummary::of(*run);
        const auto thread = std::find_if(summary.threads.begin(), summary.threads.end(),
                                         [&](const auto &t) { return t.thread == producer; });
        QVERIFY(thread != summary.threads.end());
        const ThreadInfo &info = run->threads()[producer];
        const double share =
            double(thread->in(ThreadState::QueueWait)) / double(info.end - info.begin);
        QVERIFY2(share >= 0.30, qPrintable(QStringLiteral("the producer waited for the queue %1 % "
                                                          "of its time")
                                               .arg(share * 100, 0, 'f', 1)));
    }

    void processesCannotShareACounter()
    {
        const auto validated = validateRunSpec(spec("shared-counter", "processes", 2, 2));
        QVERIFY(!validated);
        QVERIFY2(
            QString::fromStdString(validated.error()).contains(QLatin1String("separate memories")),
            validated.error().c_str());
    }

    void serialHasNoMainThreadWork()
    {
        const auto validated =
            validateRunSpec(spec("sleep", "serial", 1, 1, {{"main_cpu_ms", "10"}}));
        QVERIFY(!validated);
        QVERIFY2(QString::fromStdString(validated.error()).contains(QLatin1String("main_cpu_ms")),
                 validated.error().c_str());
    }

    void gilThreadsTakeTurns()
    {
        RUN_OR_FAIL(trace, spec("count", "gil", 2, 2, {{"n", "100000000"}}));
        const auto &markers = trace->markers();
        const auto handoffs = std::count_if(markers.begin(), markers.end(), [](const Marker &m) {
            return m.kind == MarkerKind::GilHandoff;
        });
        QVERIFY2(handoffs >= 4, qPrintable(QString::number(handoffs)));
        // Only one thread holds the lock at a time: GIL holds never overlap.
        std::vector<std::pair<TimeNs, TimeNs>> holds;
        for (size_t t = 0; t < trace->threads().size(); ++t) {
            const ThreadSpans &spans = trace->spansOf(t);
            for (size_t i = 0; i < spans.size(); ++i) {
                if (spans.kind[i] == SpanKind::GilHold)
                    holds.emplace_back(spans.begin[i], spans.end[i]);
            }
        }
        std::sort(holds.begin(), holds.end());
        for (size_t i = 1; i < holds.size(); ++i)
            QVERIFY(holds[i].first >= holds[i - 1].second);
    }

    void cancelKillsEveryChild()
    {
        auto validated = validateRunSpec(spec("count", "processes", 32, 32, {{"n", "4000000000"}}));
        QVERIFY2(validated, validated ? "" : validated.error().c_str());
        BackgroundRun run(validated.value());
        // Wait until every child has started working, then cancel.
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto live = run.engine().snapshot();
                if (!live)
                    return false;
                int ready = 0;
                for (size_t t = 0; t < live->threads().size(); ++t) {
                    const ThreadSpans &spans = live->spansOf(t);
                    ready +=
                        int(std::count(spans.kind.begin(), spans.kind.end(), SpanKind::Startup));
                }
                return ready == 32;
            },
            20000));
        const auto cancelAt = std::chrono::steady_clock::now();
        run.engine().cancel();
        const auto &result = run.finish();
        const double cancelSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - cancelAt).count();
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().c_str());
        const Trace &trace = result.value();
        QVERIFY(trace.metadata().cancelled);
        QVERIFY(!trace.metadata().resultsOk);
        QVERIFY2(cancelSeconds < 1.0, qPrintable(QString::number(cancelSeconds)));
        const auto pids = childPids(trace);
        QCOMPARE(pids.size(), size_t(32));
        for (pid_t pid : pids)
            QVERIFY2(kill(pid, 0) != 0 && errno == ESRCH, qPrintable(QString::number(pid)));
    }

    void cancelStopsThreadsAndWaits()
    {
        auto validated = validateRunSpec(spec("sleep", "gil", 4, 4, {{"ms", "10000"}}));
        QVERIFY(validated);
        BackgroundRun run(validated.value());
        QVERIFY(QTest::qWaitFor([&] { return run.engine().snapshot().has_value(); }, 5000));
        QTest::qWait(100);
        const auto cancelAt = std::chrono::steady_clock::now();
        run.engine().cancel();
        const auto &result = run.finish();
        QVERIFY(std::chrono::steady_clock::now() - cancelAt < std::chrono::seconds(1));
        QVERIFY(result.ok());
        QVERIFY(result.value().metadata().cancelled);
    }

    // The parent sleeps until a child exits (a pidfd each) instead of looking every few ms: the
    // per-core lanes then show the children's work, not the engine's polling.
    void parentSleepsWhileItsChildrenWork()
    {
        RUN_OR_FAIL(trace, spec("sleep", "processes", 3, 3, {{"ms", "300"}}));
        QVERIFY(trace->metadata().resultsOk);
        size_t engineSlices = 0;
        for (size_t c = 0; c < trace->coreCount(); ++c) {
            const CoreSlices &slices = trace->slicesOnCore(c);
            engineSlices += size_t(std::count(slices.thread.begin(), slices.thread.end(), 0u));
        }
        // Spawning, three exits and the end: a few dozen at most; polling every 2 ms made 150.
        QVERIFY2(engineSlices < 40, qPrintable(QString::number(engineSlices)));
    }

    void crashedChildIsReported()
    {
        auto validated = validateRunSpec(spec("count", "processes", 2, 2, {{"n", "3000000000"}}));
        QVERIFY(validated);
        BackgroundRun run(validated.value());
        pid_t victim = 0;
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto live = run.engine().snapshot();
                if (!live)
                    return false;
                for (size_t t = 0; t < live->threads().size(); ++t) {
                    if (live->threads()[t].role == ThreadRole::ChildProcess
                        && live->spansOf(t).size() > 1)
                        victim = live->threads()[t].pid;
                }
                return victim > 0;
            },
            10000));
        kill(victim, SIGSEGV);
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto live = run.engine().snapshot();
                return live
                       && std::any_of(
                           live->markers().begin(), live->markers().end(),
                           [](const Marker &m) { return m.kind == MarkerKind::ChildExit; });
            },
            10000));
        run.engine().cancel(); // the other child would count for a while yet
        const auto &result = run.finish();
        QVERIFY(result.ok());
        const auto &markers = result.value().markers();
        QVERIFY(std::any_of(markers.begin(), markers.end(),
                            [](const Marker &m) { return m.kind == MarkerKind::ChildExit; }));
        const auto &problems = result.value().metadata().problems;
        QCOMPARE(problems.size(), size_t(1));
        QVERIFY2(QString::fromStdString(problems.front()).contains(QLatin1String("signal 11")),
                 problems.front().c_str());
    }

    void liveSnapshotsGrow()
    {
        auto validated = validateRunSpec(spec("sleep", "threads", 3, 6, {{"ms", "100"}}));
        QVERIFY(validated);
        BackgroundRun run(validated.value());
        size_t lastSpans = 0;
        int growths = 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (std::chrono::steady_clock::now() < deadline) {
            if (const auto live = run.engine().snapshot()) {
                size_t spans = 0;
                for (size_t t = 0; t < live->threads().size(); ++t)
                    spans += live->spansOf(t).size();
                growths += spans > lastSpans ? 1 : 0;
                lastSpans = std::max(lastSpans, spans);
            } else if (lastSpans > 0) {
                break; // the run is over
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        QVERIFY(run.finish().ok());
        QVERIFY2(growths >= 2, qPrintable(QString::number(growths)));
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
