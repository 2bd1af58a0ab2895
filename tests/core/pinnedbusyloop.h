// SPDX-License-Identifier: MIT
#pragma once

#include <QProcess>
#include <QStandardPaths>
#include <QString>

#include <thread>

namespace corescope {

/// Another program that keeps one core busy for as long as it lives: a shell's endless loop
/// pinned to the core with taskset (util-linux). Stopped and reaped by stop() or the destructor.
class PinnedBusyLoop
{
public:
    /// Why the machine cannot have one (a single core, no taskset), or empty.
    [[nodiscard]] static QString unavailable()
    {
        if (std::thread::hardware_concurrency() < 2)
            return QStringLiteral("one core: nothing to pin the other program away from");
        if (QStandardPaths::findExecutable(QStringLiteral("taskset")).isEmpty())
            return QStringLiteral("taskset (util-linux) is not installed");
        return {};
    }

    explicit PinnedBusyLoop(int core)
    {
        m_process.start(QStandardPaths::findExecutable(QStringLiteral("taskset")),
                        {QStringLiteral("-c"), QString::number(core), QStringLiteral("sh"),
                         QStringLiteral("-c"), QStringLiteral("while :; do :; done")});
        m_process.waitForStarted();
    }
    ~PinnedBusyLoop() { stop(); }
    PinnedBusyLoop(const PinnedBusyLoop &) = delete;
    PinnedBusyLoop &operator=(const PinnedBusyLoop &) = delete;

    [[nodiscard]] bool running() const { return m_process.state() == QProcess::Running; }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished();
    }

private:
    QProcess m_process;
};

} // namespace corescope
