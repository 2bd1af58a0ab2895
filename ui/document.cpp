// SPDX-License-Identifier: MIT
#include "document.h"

#include "trace/tracefile.h"

namespace corescope {

Document::Document(QObject *parent)
    : QObject(parent)
{
}

Document::RunList Document::visibleRuns() const
{
    RunList runs = m_runs;
    if (m_live)
        runs.push_back(m_live);
    return runs;
}

void Document::addRun(std::shared_ptr<const Trace> run)
{
    m_live.reset();
    m_runs.push_back(std::move(run));
    setModified(true);
    emit runsChanged();
}

std::shared_ptr<const Trace> Document::sweepRun(const std::shared_ptr<const SweepResult> &sweep,
                                                size_t index)
{
    if (!sweep || index >= sweep->traces.size())
        return nullptr;
    // Aliasing: the trace keeps its sweep alive instead of being copied out of it.
    return std::shared_ptr<const Trace>(sweep, &sweep->traces[index]);
}

void Document::addSweepRun(size_t index)
{
    if (auto run = sweepRun(m_sweep, index))
        addRun(std::move(run));
}

Document::Contents Document::contents() const
{
    Contents contents{m_runs, std::nullopt};
    if (m_sweep) {
        contents.sweep = m_sweep->layout(uint32_t(m_runs.size()));
        for (size_t i = 0; i < m_sweep->traces.size(); ++i)
            contents.runs.push_back(sweepRun(m_sweep, i));
    }
    return contents;
}

Status Document::Contents::save(const std::string &path) const
{
    return TraceFile::save(path, traceRefs(runs), sweep, TraceFile::SaveOptions());
}

void Document::setLiveRun(std::shared_ptr<const Trace> run)
{
    m_live = std::move(run);
    emit runsChanged();
}

void Document::clearLiveRun()
{
    if (!m_live)
        return;
    m_live.reset();
    emit runsChanged();
}

void Document::setSweep(std::shared_ptr<const SweepResult> sweep)
{
    m_sweep = std::move(sweep);
    setModified(true);
    emit sweepChanged();
}

void Document::reset(RunList runs, std::shared_ptr<const SweepResult> sweep,
                     const QString &filePath)
{
    m_runs = std::move(runs);
    m_live.reset();
    m_sweep = std::move(sweep);
    m_filePath = filePath;
    setModified(false);
    emit runsChanged();
    emit sweepChanged();
}

void Document::addFile(RunList runs, std::shared_ptr<const SweepResult> sweep,
                       const QString &filePath)
{
    if (isEmpty()) {
        reset(std::move(runs), std::move(sweep), filePath);
        return;
    }
    for (auto &run : runs)
        addRun(std::move(run));
    if (sweep)
        setSweep(std::move(sweep));
}

void Document::clear()
{
    reset({}, nullptr, QString());
}

void Document::setFilePath(const QString &path)
{
    m_filePath = path;
}

void Document::setModified(bool modified)
{
    if (modified == m_modified)
        return;
    m_modified = modified;
    emit modifiedChanged(modified);
}

} // namespace corescope
