// SPDX-License-Identifier: MIT
#pragma once

#include "engine/runspec.h"
#include "engine/sweeprunner.h"
#include "record/programrecorder.h"
#include "result.h"

#include <QObject>
#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <variant>
#include <vector>

namespace corescope {

class Document;
class RecordController;
class RunController;
class SweepController;
class Trace;
struct LecturePreset;
struct SweepResult;

/// What the window runs: a queue of runs (a preset's, one after another, stacked on one time
/// axis), one sweep, or the recording of another program, one of them at a time. Finished runs
/// and recordings, the live one and the sweep go into the document. One busy flag covers all of
/// it, so that every action that must wait (Run, Run Preset, Sweep, Record, Clear Runs, Open)
/// and Cancel follow a single signal.
class RunSession : public QObject
{
    Q_OBJECT

public:
    explicit RunSession(Document *document, QObject *parent = nullptr);
    ~RunSession() override;

    /// A run is in progress or queued, or a sweep is in progress.
    [[nodiscard]] bool isBusy() const { return m_busy; }
    [[nodiscard]] Document *document() const { return m_document; }
    /// Runs still waiting to start after the one in progress.
    [[nodiscard]] size_t queuedRuns() const { return m_queue.size(); }

    /// Runs `specs` one after another; each joins the document when it ends. Refused while
    /// busy, when `specs` is empty, and when any spec does not validate (the message names the
    /// field): then nothing runs.
    [[nodiscard]] Status run(const std::vector<RunSpec> &specs);
    /// A lecture preset: its runs (the engine's and recorded programs', in its order), or its
    /// sweep; refused when it has neither.
    [[nodiscard]] Status runPreset(const LecturePreset &preset);
    /// Refused while busy, and when the spec does not plan (the message says why).
    [[nodiscard]] Status runSweep(const SweepSpec &spec);
    /// Records another program; it joins the document as a run when it ends, or is stopped.
    /// Its output goes to a file of its own (outputFile(), unless `options` names one) and it
    /// reads no terminal; the GIL library and the Python helper are found as the command line
    /// finds them. Refused while busy and when there is no command.
    [[nodiscard]] Status record(RecordOptions options);
    /// Where the latest recording's stdout and stderr went (a temporary folder that lives as
    /// long as the session); empty before the first.
    [[nodiscard]] const QString &outputFile() const { return m_outputFile; }

public slots:
    /// Stops the run, the sweep or the recording in progress (what it measured is kept) and
    /// drops queued runs.
    void cancel();
    /// Removes every run and the sweep from the document; refused (false) while busy.
    bool clearRuns();

signals:
    void busyChanged(bool busy);
    void runStarted(const corescope::RunSpec &spec);
    /// Tasks of the run, or runs of the sweep, done so far.
    void progressChanged(int done, int total);
    /// The run ended (finished or cancelled) and is in the document.
    void runFinished(std::shared_ptr<const corescope::Trace> trace);
    /// The run could not go on; the queued runs are dropped.
    void runFailed(const QString &message);
    void sweepStarted(const corescope::SweepSpec &spec, int total);
    /// `what` names the point being measured ("threads × 4").
    void sweepProgressChanged(int done, int total, const QString &what);
    /// The sweep ended (cancelled part-way or not) and is in the document.
    void sweepFinished(bool cancelled);
    /// The sweep could not go on.
    void sweepFailed(const QString &message);
    /// `command` is being recorded; its output goes to `outputFile`. When it ends, runFinished.
    void recordingStarted(const QString &command, const QString &outputFile);
    /// The recorded program runs, as process `pid`.
    void programStarted(qint64 pid);
    /// The program could not be recorded (or could not start: the message names it); nothing
    /// joins the document.
    void recordingFailed(const QString &message);

private:
    [[nodiscard]] Status refuseWhileBusy() const;
    /// Starts the first queued run unless one is in progress; an error if it could not start.
    [[nodiscard]] Status startNext();
    [[nodiscard]] Status startRecording(RecordOptions options);
    void updateBusy();

    Document *m_document;
    RunController *m_runs;
    SweepController *m_sweeps;
    RecordController *m_records;
    /// The recorded programs' output files, recording-1.txt, recording-2.txt…
    std::unique_ptr<QTemporaryDir> m_outputs;
    int m_recordings = 0;
    QString m_outputFile;
    /// Runs still to start, in order: the engine's, and programs to record; emptied by cancel
    /// and by a failure.
    std::vector<std::variant<ValidatedRunSpec, RecordOptions>> m_queue;
    bool m_busy = false;
};

} // namespace corescope
