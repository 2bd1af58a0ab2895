// SPDX-License-Identifier: MIT
#include "cli/recordsubcommand.h"

#include "analysis/runreport.h"
#include "cli/commandlinetext.h"
#include "cli/interruptwatcher.h"
#include "cli/reportjson.h"
#include "cli/runoptions.h"
#include "qtext/qtext.h"
#include "record/programrecorder.h"
#include "record/recordhelpers.h"
#include "record/recordingloop.h"
#include "trace/tracefile.h"

#include <QCommandLineParser>
#include <QJsonDocument>

#include <unistd.h>

#include <chrono>

namespace corescope {
namespace {

/// A shell's status for a command it could not start, when the program's own says nothing.
constexpr int kExitCannotStart = 127;

} // namespace

QString RecordSubcommand::name() const
{
    return QStringLiteral("record");
}

QString RecordSubcommand::summary() const
{
    return QStringLiteral("Run any program and report what each of its threads did on the cores");
}

void RecordSubcommand::addOptions(QCommandLineParser &parser) const
{
    parser.addOptions({
        {QStringLiteral("json"), QStringLiteral("Print one JSON object instead of tables (%1).")
                                     .arg(commandlinetext::jsonStyle())},
        {QStringLiteral("capture"),
         QStringLiteral("How time on the cores is captured: auto (the kernel's switch records "
                        "where allowed, else sampling), perf (those records or nothing), "
                        "sampling (/proc every 2 ms, approximate). Default auto."),
         QStringLiteral("method"), QStringLiteral("auto")},
        {QStringLiteral("no-python"),
         QStringLiteral("Do not load the GIL library and the Python helper into the program.")},
        {QStringLiteral("cwd"), QStringLiteral("Run the program in this folder."),
         QStringLiteral("folder")},
        {QStringLiteral("title"), QStringLiteral("The run's title (default: the command line)."),
         QStringLiteral("text")},
    });
    runoptions::addTraceOption(parser, QStringLiteral("the recording"));
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("The program and its arguments, after --."),
                                 QStringLiteral("-- COMMAND [ARGS…]"));
}

int RecordSubcommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (const auto exitCode = parseArguments(parser, arguments))
        return *exitCode;
    const QStringList command = parser.positionalArguments();
    if (command.isEmpty())
        return usageError(QStringLiteral("no program to record: put it after --, as in "
                                         "corescope record -- python3 script.py"));
    const auto capture = parseRecordCapture(parser.value(QStringLiteral("capture")).toStdString());
    if (!capture)
        return usageError(text(capture.error()));
    const auto tracePath = runoptions::readTracePath(parser);
    if (!tracePath)
        return usageError(text(tracePath.error()));

    RecordOptions options;
    for (const QString &word : command)
        options.program.argv.push_back(word.toStdString());
    options.program.workingDirectory = parser.value(QStringLiteral("cwd")).toStdString();
    options.capture = capture.value();
    options.python = !parser.isSet(QStringLiteral("no-python"));
    options.title = parser.value(QStringLiteral("title")).toStdString();
    if (options.python)
        locateRecordHelpers(options);

    Result<std::unique_ptr<ProgramRecorder>> prepared = ProgramRecorder::prepare(options);
    if (!prepared)
        return failure(text(prepared.error()));
    ProgramRecorder &recorder = *prepared.value();
    if (const Status started = recorder.begin(); !started) {
        err() << "corescope record: " << text(started.error()) << Qt::endl;
        // The trace asked for still says what was run and why it did not start.
        FinishedRecording finished = recorder.finish(std::chrono::milliseconds(0));
        if (!tracePath.value().isEmpty()) {
            if (const Status saved = runoptions::saveTrace(TraceFile({std::move(finished.trace)}),
                                                           tracePath.value());
                !saved)
                return failure(text(saved.error()));
        }
        const std::optional<ProgramExit> &exit = finished.recording.exit;
        const int status = exit ? exit->shellStatus() : 0;
        return status != 0 ? status : kExitCannotStart;
    }

    RecordingLoop loop;
    FinishedRecording finished;
    {
        // From a terminal, Ctrl+C reached the program already (it is in our process group);
        // otherwise it is ours to pass on.
        const bool sendInterrupt = !isatty(STDIN_FILENO);
        InterruptWatcher watcher([&loop, sendInterrupt] { loop.requestStop(sendInterrupt); });
        finished = loop.run(recorder);
    }
    const Trace &trace = finished.trace;
    const ProgramRecording &recording = finished.recording;
    if (parser.isSet(QStringLiteral("json")))
        out() << QJsonDocument(reportjson::run(trace)).toJson(QJsonDocument::Indented);
    else
        out() << text(formatRunReport(trace));
    out() << Qt::flush;

    // Saved even when cancelled: the partial recording is what the user stopped to look at.
    if (!tracePath.value().isEmpty()) {
        if (const Status saved = runoptions::saveTrace(TraceFile({trace}), tracePath.value());
            !saved)
            return failure(text(saved.error()));
    }
    if (recording.cancelled)
        return kExitCancelled;
    return recording.exit ? recording.exit->shellStatus() : kExitFailure;
}

} // namespace corescope
