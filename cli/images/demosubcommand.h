// SPDX-License-Identifier: MIT
#pragma once

#include "cli/subcommand.h"

namespace corescope {

/// `corescope demo`: the headless lecture demo that `scripts/run` starts without a display. Runs
/// the course's factorize example serially, on threads, under the GIL and in processes, prints
/// the comparison, and writes what it can into the output folder.
class DemoSubcommand final : public Subcommand
{
public:
    [[nodiscard]] QString name() const override;
    [[nodiscard]] QString summary() const override;
    /// Widgets: it draws the timeline PNG and the speed-up chart (a QCustomPlot).
    [[nodiscard]] Application application(const QStringList &) const override
    {
        return Application::Widgets;
    }
    void addOptions(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QStringList &arguments) override;
};

} // namespace corescope
