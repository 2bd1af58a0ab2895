// SPDX-License-Identifier: MIT
// The workloads: each one's tasks really run on a real TaskContext, give the answer verify()
// computes another way, stop at a cancel, and leave no thread, descriptor or file behind.

#include "engine/capture/cpuclockcapture.h"
#include "engine/clock.h"
#include "engine/event.h"
#include "engine/recorder.h"
#include "engine/runcontrol.h"
#include "engine/taskcontext.h"
#include "engine/workload.h"
#include "engine/workloads/loopbackserver.h"
#include "engine/workloads/sha256.h"

#include <QDir>
#include <QObject>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>

using namespace corescope;

namespace {

// "key=value;key=value" (';' because integer lists hold commas).
std::map<std::string, std::string> parseParams(const QString &text)
{
    std::map<std::string, std::string> values;
    for (const QString &item : text.split(QLatin1Char(';'), Qt::SkipEmptyParts))
        values[item.section(QLatin1Char('='), 0, 0).toStdString()] =
            item.section(QLatin1Char('='), 1).toStdString();
    return values;
}

int entriesIn(const QString &path)
{
    return int(QDir(path)
                   .entryList(QDir::AllEntries | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot)
                   .size());
}

int threadCount()
{
    return entriesIn(QStringLiteral("/proc/self/task"));
}

int openFdCount()
{
    return entriesIn(QStringLiteral("/proc/self/fd"));
}

// What a worker thread has during a run, built the way the engine builds it.
class Harness
{
public:
    Harness()
        : m_log(m_recorder.addThreadLog("test").value())
        , m_cancelFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
        , m_capture(CpuClockBackend(Clock::calibration()).startThread(*m_log))
        , m_ctx(*m_log, m_control, m_hooks, *m_capture, m_cancelFd, &m_recorder)
    {
        m_control.taskCount = RunControl::kMaxTasks;
    }
    ~Harness()
    {
        if (m_canceller.joinable())
            m_canceller.join();
        ::close(m_cancelFd);
    }
    Harness(const Harness &) = delete;
    Harness &operator=(const Harness &) = delete;

    TaskContext &ctx() { return m_ctx; }
    EventLog &log() { return *m_log; }
    const Recorder &recorder() const { return m_recorder; }

    // Cancels the run from another thread, as the engine does when the user presses Stop.
    void cancelAfter(std::chrono::milliseconds delay)
    {
        m_canceller = std::thread([this, delay] {
            std::this_thread::sleep_for(delay);
            m_control.cancel();
            const uint64_t one = 1;
            [[maybe_unused]] const ssize_t written = ::write(m_cancelFd, &one, sizeof one);
        });
    }

    // What a child whose cancel fd is mixed up sees: the fd is readable, the run not cancelled.
    void signalCancelFdOnly()
    {
        const uint64_t one = 1;
        [[maybe_unused]] const ssize_t written = ::write(m_cancelFd, &one, sizeof one);
    }

private:
    Recorder m_recorder{1u << 16};
    EventLog *m_log;
    RunControl m_control;
    ThreadHooks m_hooks;
    int m_cancelFd;
    std::unique_ptr<ThreadCapture> m_capture;
    TaskContext m_ctx;
    std::thread m_canceller;
};

struct Prepared
{
    std::unique_ptr<PreparedWorkload> workload;
    ParamSet params;
};

// Validates and prepares; fails the test (returning null) with the message if either refuses.
std::unique_ptr<PreparedWorkload> prepare(const QString &name, const QString &paramText,
                                          uint32_t tasks, bool inChild = false)
{
    const Workload *workload = WorkloadRegistry::instance().find(name.toStdString());
    if (!workload) {
        QTest::qFail("no such workload", __FILE__, __LINE__);
        return nullptr;
    }
    auto params = ParamSet::validate(workload->params(), parseParams(paramText));
    if (!params) {
        QTest::qFail(params.error().c_str(), __FILE__, __LINE__);
        return nullptr;
    }
    auto prepared = workload->prepare(params.value(), tasks, inChild);
    if (!prepared) {
        QTest::qFail(prepared.error().c_str(), __FILE__, __LINE__);
        return nullptr;
    }
    return std::move(prepared).value();
}

int countEvents(const EventLog &log, EventKind kind, IoKind io)
{
    int count = 0;
    for (uint64_t i = 0; i < log.size(); ++i)
        count += log.at(i).kind == kind && log.at(i).arg2 == uint32_t(io) ? 1 : 0;
    return count;
}

// Sends one request to a loopback server and returns its reply, or nullopt.
std::optional<uint64_t> askServer(uint16_t port, uint64_t request)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return std::nullopt;
    const timeval timeout{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    std::optional<uint64_t> reply;
    uint64_t answer = 0;
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0
        && ::send(fd, &request, sizeof request, MSG_NOSIGNAL) == ssize_t(sizeof request)
        && ::recv(fd, &answer, sizeof answer, MSG_WAITALL) == ssize_t(sizeof answer))
        reply = answer;
    ::close(fd);
    return reply;
}

} // namespace

class TestWorkloads : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void registryFindsEveryWorkload_data();
    void registryFindsEveryWorkload();
    void registryRejectsUnknownNames_data();
    void registryRejectsUnknownNames();
    void everyWorkloadDescribesItself();

    void tasksGiveVerifiedResults_data();
    void tasksGiveVerifiedResults();
    void knownAnswers();
    void sha256KnownAnswers_data();
    void sha256KnownAnswers();

    void refusesBadParameters_data();
    void refusesBadParameters();
    void refusesTooMuchFactorizing();

    void cancelStopsTaskSoon_data();
    void cancelStopsTaskSoon();

    void sleepWaitsAndRecordsIo();
    void subprocessRecordsItsChild();
    void sharedCounterChecksItsTotalAndRecordsItsLock();
    void strayCancelFdDoesNotShortenWaits_data();
    void strayCancelFdDoesNotShortenWaits();
    void fileCleansUpAfterItself();
    void fileRefusesUnusableTmpdir();
    void netServerAnswersAndIsTornDown();
    void netChildJoinsParentServer();
    void netChildWithoutPortIsRefused();

private:
    QTemporaryDir m_tmp;
};

void TestWorkloads::initTestCase()
{
    (void)Clock::calibration();
    // The file workload writes under $TMPDIR: keep it inside a folder this test owns and checks.
    QVERIFY(m_tmp.isValid());
    QVERIFY(::setenv("TMPDIR", m_tmp.path().toLocal8Bit().constData(), 1) == 0);
}

void TestWorkloads::registryFindsEveryWorkload_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("kind");
    QTest::newRow("factorize") << QStringLiteral("factorize") << int(WorkloadKind::CpuBound);
    QTest::newRow("count") << QStringLiteral("count") << int(WorkloadKind::CpuBound);
    QTest::newRow("matmul") << QStringLiteral("matmul") << int(WorkloadKind::CpuBound);
    QTest::newRow("primes") << QStringLiteral("primes") << int(WorkloadKind::CpuBound);
    QTest::newRow("shared-counter")
        << QStringLiteral("shared-counter") << int(WorkloadKind::CpuBound);
    QTest::newRow("sleep") << QStringLiteral("sleep") << int(WorkloadKind::IoBound);
    QTest::newRow("file") << QStringLiteral("file") << int(WorkloadKind::IoBound);
    QTest::newRow("net") << QStringLiteral("net") << int(WorkloadKind::IoBound);
    QTest::newRow("mixed") << QStringLiteral("mixed") << int(WorkloadKind::Mixed);
    QTest::newRow("pipeline") << QStringLiteral("pipeline") << int(WorkloadKind::Mixed);
    QTest::newRow("subprocess") << QStringLiteral("subprocess") << int(WorkloadKind::CpuBound);
}

void TestWorkloads::registryFindsEveryWorkload()
{
    QFETCH(QString, name);
    QFETCH(int, kind);
    const Workload *workload = WorkloadRegistry::instance().find(name.toStdString());
    QVERIFY(workload);
    QCOMPARE(QString::fromStdString(std::string(workload->name())), name);
    QCOMPARE(int(workload->kind()), kind);
}

void TestWorkloads::registryRejectsUnknownNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << QString();
    QTest::newRow("unknown") << QStringLiteral("bogus");
    QTest::newRow("wrong case") << QStringLiteral("Factorize");
    QTest::newRow("prefix") << QStringLiteral("fact");
    QTest::newRow("trailing space") << QStringLiteral("sleep ");
}

void TestWorkloads::registryRejectsUnknownNames()
{
    QFETCH(QString, name);
    QVERIFY(!WorkloadRegistry::instance().find(name.toStdString()));
}

void TestWorkloads::everyWorkloadDescribesItself()
{
    const auto &all = WorkloadRegistry::instance().all();
    QCOMPARE(int(all.size()), 11);
    for (const auto &workload : all) {
        const std::string name(workload->name());
        QVERIFY2(!workload->summary().empty() && workload->summary().back() == '.', name.c_str());
        QVERIFY2(!workloadKindName(workload->kind()).empty(), name.c_str());
        for (const ParamSpec &spec : workload->params()) {
            const std::string where = name + "." + spec.name;
            QVERIFY2(!spec.description.empty(), where.c_str());
            QVERIFY2(spec.minimum >= 0 && spec.minimum <= spec.maximum, where.c_str());
        }
        // The defaults pass their own checks and give at least one task.
        auto params = ParamSet::validate(workload->params(), {});
        QVERIFY2(params.ok(), params.ok() ? name.c_str() : params.error().c_str());
        QVERIFY2(workload->defaultTasks(params.value()) >= 1, name.c_str());
    }
    const Workload *factorize = WorkloadRegistry::instance().find("factorize");
    QVERIFY(factorize);
    QCOMPARE(factorize->defaultTasks(ParamSet::validate(factorize->params(), {}).value()), 5u);
    QCOMPARE(factorize->defaultTasks(
                 ParamSet::validate(factorize->params(), {{"numbers", "12,13"}}).value()),
             2u);
}

void TestWorkloads::tasksGiveVerifiedResults_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("params");
    QTest::addColumn<int>("tasks");
    // Exact: one right answer, the same every time. The sleep's is the time it really waited.
    QTest::addColumn<bool>("exact");
    QTest::newRow("factorize, more tasks than numbers")
        << QStringLiteral("factorize") << QStringLiteral("numbers=997,1000,360360;repeat=2") << 4
        << true;
    QTest::newRow("factorize, n = 1")
        << QStringLiteral("factorize") << QStringLiteral("numbers=1;repeat=1") << 1 << true;
    QTest::newRow("count") << QStringLiteral("count") << QStringLiteral("n=100000") << 2 << true;
    QTest::newRow("count to 1") << QStringLiteral("count") << QStringLiteral("n=1") << 1 << true;
    QTest::newRow("matmul, uneven blocks")
        << QStringLiteral("matmul") << QStringLiteral("size=37") << 5 << true;
    QTest::newRow("matmul, more tasks than rows")
        << QStringLiteral("matmul") << QStringLiteral("size=3") << 5 << true;
    QTest::newRow("primes") << QStringLiteral("primes") << QStringLiteral("limit=10000") << 3
                            << true;
    QTest::newRow("primes, tiny range")
        << QStringLiteral("primes") << QStringLiteral("limit=3") << 2 << true;
    QTest::newRow("sleep") << QStringLiteral("sleep") << QStringLiteral("ms=1") << 2 << false;
    QTest::newRow("file, part of a chunk")
        << QStringLiteral("file") << QStringLiteral("kib=100") << 2 << true;
    QTest::newRow("net") << QStringLiteral("net") << QStringLiteral("requests=3;delay_ms=1") << 3
                         << true;
    QTest::newRow("mixed") << QStringLiteral("mixed") << QStringLiteral("cpu_ms=2;io_ms=1;rounds=2")
                           << 2 << true;
    QTest::newRow("shared-counter, locked")
        << QStringLiteral("shared-counter") << QStringLiteral("n=10000;batch=64") << 3 << true;
    QTest::newRow("shared-counter, no lock")
        << QStringLiteral("shared-counter") << QStringLiteral("n=10000;lock=0") << 3 << true;
    // One thread runs the producer, then the consumer: the queue must hold every item. What a
    // consumer gets is the scheduler's choice, so its result is checked with the others'.
    QTest::newRow("pipeline, a queue that holds every item")
        << QStringLiteral("pipeline")
        << QStringLiteral("items=5;maxsize=5;produce_ms=0.1;consume_ms=0.1") << 2 << false;
    // The digest sha256sum prints, checked against our own SHA-256 of the same bytes.
    QTest::newRow("subprocess, sha256sum")
        << QStringLiteral("subprocess") << QStringLiteral("mib=1") << 2 << true;
    QTest::newRow("subprocess, sleep")
        << QStringLiteral("subprocess") << QStringLiteral("mib=0;ms=5") << 2 << false;
}

void TestWorkloads::tasksGiveVerifiedResults()
{
    QFETCH(QString, name);
    QFETCH(QString, params);
    QFETCH(int, tasks);
    QFETCH(bool, exact);
    Harness harness;
    auto prepared = prepare(name, params, uint32_t(tasks));
    QVERIFY(prepared);
    for (uint32_t task = 0; task < uint32_t(tasks); ++task) {
        const uint64_t result = prepared->runTask(harness.ctx(), task);
        QVERIFY2(prepared->verify(task, result),
                 qPrintable(QStringLiteral("task %1 gave %2").arg(task).arg(result)));
        if (!exact)
            continue;
        QVERIFY2(!prepared->verify(task, result + 1),
                 qPrintable(QStringLiteral("task %1").arg(task)));
        // Deterministic: the same task gives the same answer again.
        QCOMPARE(prepared->runTask(harness.ctx(), task), result);
    }
}

// FIPS 180-4's examples, a message that fills the last block past its length field, and one fed
// in pieces that straddle blocks: what the subprocess workload checks sha256sum against.
void TestWorkloads::sha256KnownAnswers_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("piece"); // bytes per update(); 0: all at once
    QTest::addColumn<QString>("digest");
    QTest::newRow("empty") << QByteArray() << 0
                           << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    QTest::newRow("abc") << QByteArray("abc") << 0
                         << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    const QByteArray twoBlocks("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
    QTest::newRow("56 bytes") << twoBlocks << 0
                              << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    QTest::newRow("56 bytes, 7 at a time")
        << twoBlocks << 7 << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    QTest::newRow("a million a, 1000 at a time")
        << QByteArray(1'000'000, 'a') << 1000
        << "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
}

void TestWorkloads::sha256KnownAnswers()
{
    QFETCH(QByteArray, message);
    QFETCH(int, piece);
    QFETCH(QString, digest);
    const auto bytes = std::as_bytes(std::span(message.constData(), size_t(message.size())));
    Sha256 hash;
    const size_t step = piece > 0 ? size_t(piece) : std::max<size_t>(bytes.size(), 1);
    for (size_t at = 0; at < bytes.size(); at += step)
        hash.update(bytes.subspan(at, std::min(step, bytes.size() - at)));
    QCOMPARE(QString::fromStdString(Sha256::hex(hash.finish())), digest);
}

void TestWorkloads::knownAnswers()
{
    // Anchors that neither runTask() nor verify() computed: π(10000) = 1229, and
    // 360360 = 2³·3²·5·7·11·13 has 4·3·2·2·2·2 = 192 divisors summing to 15·13·6·8·12·14.
    Harness harness;
    auto primes = prepare(QStringLiteral("primes"), QStringLiteral("limit=10000"), 3);
    QVERIFY(primes);
    uint64_t total = 0;
    for (uint32_t task = 0; task < 3; ++task)
        total += primes->runTask(harness.ctx(), task);
    QCOMPARE(total, uint64_t(1229));

    auto factorize =
        prepare(QStringLiteral("factorize"), QStringLiteral("numbers=360360;repeat=1"), 1);
    QVERIFY(factorize);
    QCOMPARE(factorize->runTask(harness.ctx(), 0), uint64_t(1572480) * 65536 + 192);

    auto count = prepare(QStringLiteral("count"), QStringLiteral("n=12345"), 1);
    QVERIFY(count);
    QCOMPARE(count->runTask(harness.ctx(), 0), uint64_t(12345));
}

void TestWorkloads::refusesBadParameters_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("params");
    QTest::addColumn<QString>("parameter");
    const auto row = [](const char *tag, const char *name, const char *params, const char *param) {
        QTest::newRow(tag) << QString::fromLatin1(name) << QString::fromLatin1(params)
                           << QString::fromLatin1(param);
    };
    row("factorize negative number", "factorize", "numbers=12,-5", "numbers");
    row("factorize zero", "factorize", "numbers=0", "numbers");
    row("factorize huge number", "factorize", "numbers=99999999999", "numbers");
    row("factorize not a number", "factorize", "numbers=12,abc", "numbers");
    row("factorize repeat 0", "factorize", "repeat=0", "repeat");
    row("factorize repeat negative", "factorize", "repeat=-1", "repeat");
    row("count negative", "count", "n=-1", "n");
    row("count zero", "count", "n=0", "n");
    row("count too far", "count", "n=1000000000000000", "n");
    row("count real", "count", "n=1e9", "n");
    row("matmul negative", "matmul", "size=-3", "size");
    row("matmul gigabytes", "matmul", "size=100000", "size");
    row("primes negative", "primes", "limit=-10", "limit");
    row("primes too far", "primes", "limit=10000000000", "limit");
    row("sleep negative", "sleep", "ms=-1", "ms");
    row("sleep an hour", "sleep", "ms=3600000", "ms");
    row("file negative", "file", "kib=-1", "kib");
    row("file empty", "file", "kib=0", "kib");
    row("file gigabytes", "file", "kib=10000000", "kib");
    row("net no requests", "net", "requests=0", "requests");
    row("net negative delay", "net", "delay_ms=-5", "delay_ms");
    row("net port too high", "net", "port=70000", "port");
    row("mixed negative cpu", "mixed", "cpu_ms=-1", "cpu_ms");
    row("mixed long io", "mixed", "io_ms=5000", "io_ms");
    row("mixed no rounds", "mixed", "rounds=0", "rounds");
    row("subprocess negative size", "subprocess", "mib=-1", "mib");
    row("subprocess terabyte", "subprocess", "mib=1048576", "mib");
    row("subprocess sleep an hour", "subprocess", "mib=0;ms=3600000", "ms");
    row("unknown parameter", "sleep", "seconds=3", "seconds");
}

void TestWorkloads::refusesBadParameters()
{
    QFETCH(QString, name);
    QFETCH(QString, params);
    QFETCH(QString, parameter);
    const Workload *workload = WorkloadRegistry::instance().find(name.toStdString());
    QVERIFY(workload);
    const auto validated = ParamSet::validate(workload->params(), parseParams(params));
    QVERIFY(!validated.ok());
    const QString message = QString::fromStdString(validated.error());
    QVERIFY2(message.contains(QLatin1Char('\'') + parameter + QLatin1Char('\'')),
             qPrintable(message));
}

void TestWorkloads::refusesTooMuchFactorizing()
{
    // Each number and the repeat count are in range, but together they would take hours.
    const Workload *workload = WorkloadRegistry::instance().find("factorize");
    QVERIFY(workload);
    auto params =
        ParamSet::validate(workload->params(), {{"numbers", "1000000000"}, {"repeat", "10000"}});
    QVERIFY(params.ok());
    auto prepared = workload->prepare(params.value(), 1, false);
    QVERIFY(!prepared.ok());
    QVERIFY2(prepared.error().find("repeat") != std::string::npos, prepared.error().c_str());
}

void TestWorkloads::cancelStopsTaskSoon_data()
{
    // Each of these would run for many seconds; the cancel must end it at the next checkpoint
    // or wait.
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("params");
    QTest::newRow("factorize") << QStringLiteral("factorize")
                               << QStringLiteral("numbers=1000000000;repeat=20");
    QTest::newRow("count") << QStringLiteral("count") << QStringLiteral("n=100000000000");
    QTest::newRow("matmul") << QStringLiteral("matmul") << QStringLiteral("size=3072");
    QTest::newRow("primes") << QStringLiteral("primes") << QStringLiteral("limit=100000000");
    QTest::newRow("sleep") << QStringLiteral("sleep") << QStringLiteral("ms=60000");
    QTest::newRow("subprocess") << QStringLiteral("subprocess") << QStringLiteral("mib=0;ms=60000");
    QTest::newRow("file") << QStringLiteral("file") << QStringLiteral("kib=65536");
    QTest::newRow("net") << QStringLiteral("net") << QStringLiteral("requests=10000;delay_ms=5");
    QTest::newRow("mixed") << QStringLiteral("mixed")
                           << QStringLiteral("cpu_ms=1000;io_ms=1000;rounds=200");
    QTest::newRow("shared-counter")
        << QStringLiteral("shared-counter") << QStringLiteral("n=10000000000;batch=1000");
    // The producer fills the queue of one and waits for a consumer that never comes.
    QTest::newRow("pipeline, a put on a full queue")
        << QStringLiteral("pipeline") << QStringLiteral("items=1000;maxsize=1;produce_ms=1");
}

void TestWorkloads::cancelStopsTaskSoon()
{
    QFETCH(QString, name);
    QFETCH(QString, params);
    auto prepared = prepare(name, params, 1);
    QVERIFY(prepared);
    Harness harness;
    const int64_t start = monotonicNs();
    harness.cancelAfter(std::chrono::milliseconds(30));
    bool cancelled = false;
    try {
        (void)prepared->runTask(harness.ctx(), 0);
    } catch (const RunCancelled &) {
        cancelled = true;
    }
    const double seconds = double(monotonicNs() - start) / 1e9;
    QVERIFY2(cancelled, "the task ran to its end instead of noticing the cancel");
    QVERIFY2(seconds < 2.0, qPrintable(QStringLiteral("took %1 s to stop").arg(seconds)));
}

// The child's own log, which the task's thread writes for it: spawned, exec'd, on a core (where
// the kernel allows the records), ended with the status it exited with and its CPU time; the
// thread meanwhile waits for that child.
void TestWorkloads::subprocessRecordsItsChild()
{
    Harness harness;
    auto prepared = prepare(QStringLiteral("subprocess"), QStringLiteral("mib=4"), 1);
    QVERIFY(prepared);
    QVERIFY(prepared->verify(0, prepared->runTask(harness.ctx(), 0)));
    const auto logs = harness.recorder().logs();
    QCOMPARE(logs.size(), size_t(2));
    const EventLog &child = *logs[1];
    QCOMPARE(child.name(), std::string_view("sha256sum"));
    QVERIFY(child.pid() != ::getpid());
    QCOMPARE(child.at(0).kind, EventKind::ChildSpawn);
    QCOMPARE(int(child.at(0).arg), child.pid());
    std::map<EventKind, int> kinds;
    for (uint64_t i = 0; i < child.size(); ++i)
        ++kinds[child.at(i).kind];
    const Event &exit = child.at(child.size() - 1);
    QCOMPARE(exit.kind, EventKind::ChildExit);
    QCOMPARE(exit.arg2, uint32_t(0)); // exited with status 0
    QCOMPARE(kinds[EventKind::ThreadEnd], 1);
    if (exit.flags & EventFlag::kUnrecorded) {
        QCOMPARE(kinds[EventKind::OnCpu], 0);
    } else {
        QCOMPARE(kinds[EventKind::ChildReady], 1);
        QVERIFY(kinds[EventKind::OnCpu] >= 1);
    }
    const Event *waited = nullptr;
    for (uint64_t i = 0; i < harness.log().size(); ++i) {
        if (harness.log().at(i).kind == EventKind::IoBegin)
            waited = &harness.log().at(i);
    }
    QVERIFY(waited);
    QCOMPARE(IoKind(waited->arg2), IoKind::Child);
    QCOMPARE(int(waited->arg), child.pid());
}

// On one thread nothing can be lost: the counter's total is every task's increments, and a
// run that claims one more finished task is told how many are missing. With the lock, each batch
// is one acquisition and one release in the thread's log.
void TestWorkloads::sharedCounterChecksItsTotalAndRecordsItsLock()
{
    Harness harness;
    auto prepared =
        prepare(QStringLiteral("shared-counter"), QStringLiteral("n=1000;batch=100"), 3);
    QVERIFY(prepared);
    for (uint32_t task = 0; task < 3; ++task)
        QCOMPARE(prepared->runTask(harness.ctx(), task), uint64_t(1000));
    QVERIFY(!prepared->sharedStateProblem(3));
    const auto problem = prepared->sharedStateProblem(4);
    QVERIFY(problem);
    QVERIFY2(problem->find("reached 3000 instead of 4000: 1000 increments were lost")
                 != std::string::npos,
             problem->c_str());
    uint64_t acquired = 0;
    uint64_t released = 0;
    uint64_t waited = 0;
    for (uint64_t i = 0; i < harness.log().size(); ++i) {
        const EventKind kind = harness.log().at(i).kind;
        acquired += kind == EventKind::LockAcquire;
        released += kind == EventKind::LockRelease;
        waited += kind == EventKind::LockWait;
    }
    QCOMPARE(acquired, uint64_t(30)); // 3 tasks × 1000 / 100
    QCOMPARE(released, uint64_t(30));
    QCOMPARE(waited, uint64_t(0)); // nobody else wanted it
}

void TestWorkloads::sleepWaitsAndRecordsIo()
{
    constexpr int kMs = 30;
    Harness harness;
    auto prepared = prepare(QStringLiteral("sleep"), QStringLiteral("ms=%1").arg(kMs), 2);
    QVERIFY(prepared);
    for (uint32_t task = 0; task < 2; ++task) {
        const int64_t start = monotonicNs();
        const uint64_t result = prepared->runTask(harness.ctx(), task);
        const int64_t waited = monotonicNs() - start;
        QVERIFY2(waited >= int64_t(kMs) * 1'000'000,
                 qPrintable(QStringLiteral("waited only %1 ns").arg(waited)));
        // The result is the whole milliseconds waited, as the task itself measured them.
        QVERIFY(result >= uint64_t(kMs) && result * 1'000'000 <= uint64_t(waited));
        QVERIFY(prepared->verify(task, result));
        // A wait that came back early, or a nonsense one, is refused.
        QVERIFY(!prepared->verify(task, kMs - 1));
        QVERIFY(!prepared->verify(task, 0));
        QVERIFY(!prepared->verify(task, uint64_t(-1)));
    }
    QCOMPARE(countEvents(harness.log(), EventKind::IoBegin, IoKind::Sleep), 2);
    QCOMPARE(countEvents(harness.log(), EventKind::IoEnd, IoKind::Sleep), 2);
}

void TestWorkloads::strayCancelFdDoesNotShortenWaits_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("params");
    QTest::addColumn<int>("waitMs");
    QTest::newRow("sleep") << QStringLiteral("sleep") << QStringLiteral("ms=150") << 150;
    QTest::newRow("mixed") << QStringLiteral("mixed")
                           << QStringLiteral("cpu_ms=1;io_ms=75;rounds=2") << 150;
}

void TestWorkloads::strayCancelFdDoesNotShortenWaits()
{
    // A cancel fd that is readable while the run is not cancelled (a stray write, a wrong fd in
    // a child) must not make waits silently shorter: they last as asked and verify.
    QFETCH(QString, name);
    QFETCH(QString, params);
    QFETCH(int, waitMs);
    auto prepared = prepare(name, params, 1);
    QVERIFY(prepared);
    Harness harness;
    harness.signalCancelFdOnly();
    const int64_t start = monotonicNs();
    const uint64_t result = prepared->runTask(harness.ctx(), 0);
    QVERIFY(monotonicNs() - start >= int64_t(waitMs) * 1'000'000);
    QVERIFY(prepared->verify(0, result));
}

void TestWorkloads::fileCleansUpAfterItself()
{
    const int fdsBefore = openFdCount();
    {
        Harness harness;
        auto prepared = prepare(QStringLiteral("file"), QStringLiteral("kib=64"), 2);
        QVERIFY(prepared);
        // Its private folder is inside $TMPDIR …
        const QStringList folders = QDir(m_tmp.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QCOMPARE(folders.size(), 1);
        QVERIFY(folders.first().startsWith(QStringLiteral("corescope-file-")));
        const uint64_t result = prepared->runTask(harness.ctx(), 1);
        QVERIFY(prepared->verify(1, result));
        // … a finished task leaves no file in it, and every write was recorded as file I/O.
        QCOMPARE(entriesIn(QDir(m_tmp.path()).filePath(folders.first())), 0);
        QVERIFY(countEvents(harness.log(), EventKind::IoBegin, IoKind::File) >= 4);
        QCOMPARE(countEvents(harness.log(), EventKind::IoBegin, IoKind::File),
                 countEvents(harness.log(), EventKind::IoEnd, IoKind::File));
    }
    // … and the folder goes with the prepared workload.
    QCOMPARE(entriesIn(m_tmp.path()), 0);
    QCOMPARE(openFdCount(), fdsBefore);
}

void TestWorkloads::fileRefusesUnusableTmpdir()
{
    const QByteArray saved = qgetenv("TMPDIR");
    QVERIFY(::setenv("TMPDIR", "/nonexistent/corescope-test", 1) == 0);
    const Workload *workload = WorkloadRegistry::instance().find("file");
    QVERIFY(workload);
    auto prepared = workload->prepare(ParamSet::validate(workload->params(), {}).value(), 1, false);
    QVERIFY(::setenv("TMPDIR", saved.constData(), 1) == 0);
    QVERIFY(!prepared.ok());
    QVERIFY2(prepared.error().find("/nonexistent/corescope-test") != std::string::npos,
             prepared.error().c_str());
    QVERIFY2(prepared.error().find("TMPDIR") != std::string::npos, prepared.error().c_str());
}

void TestWorkloads::netServerAnswersAndIsTornDown()
{
    const int threadsBefore = threadCount();
    const int fdsBefore = openFdCount();
    uint16_t port = 0;
    {
        auto prepared = prepare(QStringLiteral("net"), QStringLiteral("requests=2;delay_ms=10"), 2);
        QVERIFY(prepared);
        QCOMPARE(threadCount(), threadsBefore + 1);
        const auto child = prepared->childParams();
        QVERIFY(child.count("port") == 1);
        port = uint16_t(std::stoi(child.at("port")));
        QVERIFY(port != 0);

        // The server answers a plain client, after its delay.
        const int64_t start = monotonicNs();
        const auto reply = askServer(port, 42);
        QVERIFY(reply.has_value());
        QCOMPARE(*reply, LoopbackServer::answer(42));
        QVERIFY(monotonicNs() - start >= 10'000'000);

        Harness harness;
        for (uint32_t task = 0; task < 2; ++task)
            QVERIFY(prepared->verify(task, prepared->runTask(harness.ctx(), task)));
        QCOMPARE(countEvents(harness.log(), EventKind::IoBegin, IoKind::Network),
                 countEvents(harness.log(), EventKind::IoEnd, IoKind::Network));
        QVERIFY(countEvents(harness.log(), EventKind::IoBegin, IoKind::Network) >= 2 * 5);
    }
    // Gone with the prepared workload: its thread joined, its sockets closed, its port shut.
    QCOMPARE(threadCount(), threadsBefore);
    QCOMPARE(openFdCount(), fdsBefore);
    QVERIFY(!askServer(port, 42).has_value());
}

void TestWorkloads::netChildJoinsParentServer()
{
    auto parent = prepare(QStringLiteral("net"), QStringLiteral("requests=2;delay_ms=1"), 2);
    QVERIFY(parent);
    const int threadsWithServer = threadCount();
    // What a worker process does: the user's parameters plus the parent's childParams().
    QString childParams = QStringLiteral("requests=2;delay_ms=1");
    for (const auto &[key, value] : parent->childParams())
        childParams += QStringLiteral(";%1=%2").arg(QString::fromStdString(key),
                                                    QString::fromStdString(value));
    auto child = prepare(QStringLiteral("net"), childParams, 2, true);
    QVERIFY(child);
    QCOMPARE(threadCount(), threadsWithServer); // no second server
    Harness harness;
    for (uint32_t task = 0; task < 2; ++task)
        QVERIFY(parent->verify(task, child->runTask(harness.ctx(), task)));
}

void TestWorkloads::netChildWithoutPortIsRefused()
{
    const Workload *workload = WorkloadRegistry::instance().find("net");
    QVERIFY(workload);
    auto prepared = workload->prepare(ParamSet::validate(workload->params(), {}).value(), 1, true);
    QVERIFY(!prepared.ok());
    QVERIFY2(prepared.error().find("'port'") != std::string::npos, prepared.error().c_str());
}

QTEST_APPLESS_MAIN(TestWorkloads)
#include "tst_workloads.moc"
