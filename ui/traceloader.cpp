// SPDX-License-Identifier: MIT
#include "traceloader.h"

#include "backgroundtask.h"
#include "trace/tracefile.h"

#include <algorithm>
#include <atomic>
#include <set>

namespace corescope {
namespace {

/// What the GUI thread gets from a load: the runs as the document holds them.
struct OpenedFile
{
    Document::RunList runs;
    std::shared_ptr<const SweepResult> sweep;
};

/// Splits a file into its sweep (whose runs the sweep keeps) and the runs besides it.
Result<OpenedFile> open(const std::string &path, const TraceFile::Progress &progress)
{
    auto loaded = TraceFile::load(path, progress);
    if (!loaded)
        return Error{loaded.error()};
    TraceFile &file = loaded.value();
    OpenedFile opened;
    std::set<uint32_t> inSweep;
    if (const auto &layout = file.sweep()) {
        for (const auto &point : layout->points)
            inSweep.insert(point.runs.begin(), point.runs.end());
    }
    // Every run is moved, never copied: the runs besides the sweep into the document's shared
    // traces, then the sweep's into the sweep.
    std::vector<Trace> runs = file.takeRuns();
    for (uint32_t r = 0; r < runs.size(); ++r) {
        if (!inSweep.count(r))
            opened.runs.push_back(std::make_shared<const Trace>(std::move(runs[r])));
    }
    if (const auto &layout = file.sweep()) {
        auto sweep = SweepResult::fromLayout(*layout, std::move(runs));
        if (!sweep)
            return Error{path + ": " + sweep.error()};
        opened.sweep = std::make_shared<const SweepResult>(std::move(sweep).value());
    }
    return opened;
}

} // namespace

struct TraceLoader::Load
{
    QString path;
    std::atomic<uint64_t> done{0};
    std::atomic<uint64_t> total{0};
    std::atomic<bool> cancelled{false};
};

TraceLoader::TraceLoader(QObject *parent)
    : QObject(parent)
{
    m_ticker.setInterval(100);
    connect(&m_ticker, &QTimer::timeout, this, &TraceLoader::reportProgress);
}

TraceLoader::~TraceLoader()
{
    for (const auto &load : m_loads)
        load->cancelled = true;
}

bool TraceLoader::load(const QString &path)
{
    if (pending().contains(path))
        return false;
    auto load = std::make_shared<Load>();
    load->path = path;
    m_loads.push_back(load);
    m_ticker.start();
    runInBackground(
        this,
        [load, file = path.toStdString()] {
            return open(file, [&load = *load](uint64_t done, uint64_t total) {
                load.done = done;
                load.total = total;
                return !load.cancelled;
            });
        },
        [this, path](Result<OpenedFile> opened) {
            finish(path);
            if (!opened)
                emit failed(path, QString::fromStdString(opened.error()));
            else
                emit loaded(path, std::move(opened.value().runs), std::move(opened.value().sweep));
        });
    return true;
}

QStringList TraceLoader::pending() const
{
    QStringList paths;
    for (const auto &load : m_loads)
        paths.append(load->path);
    return paths;
}

void TraceLoader::finish(const QString &path)
{
    std::erase_if(m_loads, [&](const auto &load) { return load->path == path; });
    if (m_loads.empty())
        m_ticker.stop();
    reportProgress();
}

void TraceLoader::reportProgress()
{
    qint64 done = 0;
    qint64 total = 0;
    for (const auto &load : m_loads) {
        done += qint64(load->done.load());
        total += qint64(load->total.load());
    }
    emit progressChanged(done, total);
}

} // namespace corescope
