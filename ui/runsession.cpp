// SPDX-License-Identifier: MIT
#include "runsession.h"

#include "document.h"
#include "engine/lecturepresets.h"
#include "qtext/qtext.h"
#include "record/recordhelpers.h"
#include "recordcontroller.h"
#include "runcontroller.h"
#include "sweepcontroller.h"

#include <QDir>
#include <QStringList>

namespace corescope {

RunSession::RunSession(Document *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_runs(new RunController(this))
    , m_sweeps(new SweepController(this))
    , m_records(new RecordController(this))
{
    // Busy follows the controllers' own started signals, so that it is true before the first
    // progress report of a run or a sweep.
    connect(m_runs, &RunController::started, this, &RunSession::updateBusy);
    connect(m_runs, &RunController::progressChanged, this, &RunSession::progressChanged);
    connect(m_runs, &RunController::liveTrace, m_document, &Document::setLiveRun);
    connect(m_runs, &RunController::finished, this, [this](std::shared_ptr<const Trace> trace) {
        m_document->addRun(trace);
        emit runFinished(std::move(trace));
        // The next queued run starts once this one is in the document; busy stays on between.
        const Status next = startNext();
        updateBusy();
        if (!next)
            emit runFailed(QString::fromStdString(next.error()));
    });
    connect(m_runs, &RunController::failed, this, [this](const QString &message) {
        m_queue.clear();
        m_document->clearLiveRun();
        updateBusy();
        emit runFailed(message);
    });

    connect(m_sweeps, &SweepController::started, this, [this](int total) {
        updateBusy();
        emit progressChanged(0, total);
    });
    connect(m_sweeps, &SweepController::progressChanged, this,
            [this](int done, int total, const QString &what) {
                emit progressChanged(done, total);
                emit sweepProgressChanged(done, total, what);
            });
    connect(m_sweeps, &SweepController::finished, this,
            [this](std::shared_ptr<const SweepResult> sweep) {
                const bool cancelled = sweep->cancelled;
                m_document->setSweep(std::move(sweep));
                updateBusy();
                emit sweepFinished(cancelled);
            });
    connect(m_sweeps, &SweepController::failed, this, [this](const QString &message) {
        updateBusy();
        emit sweepFailed(message);
    });

    connect(m_records, &RecordController::started, this, &RunSession::updateBusy);
    connect(m_records, &RecordController::programStarted, this, &RunSession::programStarted);
    connect(m_records, &RecordController::liveTrace, m_document, &Document::setLiveRun);
    connect(m_records, &RecordController::finished, this,
            [this](std::shared_ptr<const Trace> trace) {
                m_document->addRun(trace);
                emit runFinished(std::move(trace));
                const Status next = startNext();
                updateBusy();
                if (!next)
                    emit runFailed(QString::fromStdString(next.error()));
            });
    connect(m_records, &RecordController::failed, this, [this](const QString &message) {
        m_queue.clear();
        m_document->clearLiveRun();
        updateBusy();
        emit recordingFailed(message);
    });
}

// The controllers (children) cancel and join their threads as they are destroyed; a recorded
// program still running is killed.
RunSession::~RunSession() = default;

Status RunSession::refuseWhileBusy() const
{
    if (m_busy)
        return Error{"a run or a sweep is in progress: cancel it or wait for it to end"};
    return {};
}

Status RunSession::run(const std::vector<RunSpec> &specs)
{
    if (Status free = refuseWhileBusy(); !free)
        return free;
    // Nothing would start, so busy would never go on and off: the caller would wait for ever.
    if (specs.empty())
        return Error{"nothing to run: the list of runs is empty"};
    decltype(m_queue) queue;
    for (const RunSpec &spec : specs) {
        auto validated = validateRunSpec(spec);
        if (!validated)
            return Error{validated.error()};
        queue.push_back(std::move(validated).value());
    }
    m_queue = std::move(queue);
    return startNext();
}

Status RunSession::runPreset(const LecturePreset &preset)
{
    if (preset.sweep)
        return runSweep(*preset.sweep);
    if (preset.runs.empty())
        return Error{"preset '" + preset.id + "' has neither runs nor a sweep: nothing to run"};
    if (Status free = refuseWhileBusy(); !free)
        return free;
    decltype(m_queue) queue;
    for (const PresetStep &step : preset.runs) {
        if (const auto *recording = std::get_if<PresetRecording>(&step)) {
            queue.emplace_back(presetRecordOptions(*recording));
            continue;
        }
        auto validated = validateRunSpec(std::get<RunSpec>(step));
        if (!validated)
            return Error{validated.error()};
        queue.emplace_back(std::move(validated).value());
    }
    m_queue = std::move(queue);
    return startNext();
}

Status RunSession::runSweep(const SweepSpec &spec)
{
    if (Status free = refuseWhileBusy(); !free)
        return free;
    const auto plan = SweepRunner::plan(spec);
    if (!plan)
        return Error{plan.error()};
    emit sweepStarted(spec, int(plan.value().size()) * spec.repeats);
    if (!m_sweeps->start(spec)) {
        updateBusy();
        return Error{"the sweep could not start: the previous one has not ended yet"};
    }
    return {};
}

Status RunSession::record(RecordOptions options)
{
    if (Status free = refuseWhileBusy(); !free)
        return free;
    if (options.program.argv.empty() || options.program.argv.front().empty())
        return Error{"nothing to record: the command is empty"};
    m_queue.clear();
    m_queue.emplace_back(std::move(options));
    return startNext();
}

Status RunSession::startRecording(RecordOptions options)
{
    if (options.program.outputFile.empty()) {
        // Its output must be somewhere the user can read it, never lost in our terminal.
        if (!m_outputs || !m_outputs->isValid())
            m_outputs = std::make_unique<QTemporaryDir>(
                QDir::tempPath() + QStringLiteral("/corescope-output-XXXXXX"));
        if (!m_outputs->isValid())
            return Error{"no folder for the program's output: "
                         + m_outputs->errorString().toStdString()};
        options.program.outputFile =
            m_outputs->filePath(QStringLiteral("recording-%1.txt").arg(++m_recordings))
                .toStdString();
    }
    // Nobody types into a program the window started: input() sees the end of its input.
    if (options.program.inputFile.empty())
        options.program.inputFile = "/dev/null";
    if (options.python && options.gilLibrary.empty() && options.pythonHelper.empty())
        locateRecordHelpers(options);

    QStringList words;
    for (const std::string &word : options.program.argv)
        words.append(text(word));
    m_outputFile = text(options.program.outputFile);
    const QString command = words.join(QLatin1Char(' '));
    if (!m_records->start(std::move(options)))
        return Error{"the recording could not start: the previous one has not ended yet"};
    emit recordingStarted(command, m_outputFile);
    return {};
}

void RunSession::cancel()
{
    m_queue.clear();
    m_runs->cancel();
    m_sweeps->cancel();
    m_records->stop();
}

bool RunSession::clearRuns()
{
    if (m_busy)
        return false;
    m_document->clear();
    return true;
}

Status RunSession::startNext()
{
    if (m_queue.empty() || m_runs->isRunning() || m_records->isRunning())
        return {};
    auto next = std::move(m_queue.front());
    m_queue.erase(m_queue.begin());
    Status started;
    if (auto *recording = std::get_if<RecordOptions>(&next)) {
        started = startRecording(std::move(*recording));
    } else {
        const auto &spec = std::get<ValidatedRunSpec>(next);
        emit runStarted(spec.spec);
        if (!m_runs->start(spec))
            started = Error{"the run could not start: the previous one has not ended yet"};
    }
    if (!started) {
        // The queue would wait for a run that never ends: drop it, so that busy stays off.
        m_queue.clear();
        updateBusy();
    }
    return started;
}

void RunSession::updateBusy()
{
    const bool busy =
        m_runs->isRunning() || m_sweeps->isRunning() || m_records->isRunning() || !m_queue.empty();
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

} // namespace corescope
