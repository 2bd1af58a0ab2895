// SPDX-License-Identifier: MIT
#pragma once

#include "cli/subcommand.h"

namespace corescope {

/// `corescope sweep`: one workload over models and worker counts, each point repeated, with
/// speed-up, efficiency, Karp–Flatt and each model's Amdahl fit.
class SweepSubcommand final : public Subcommand
{
public:
    [[nodiscard]] QString name() const override;
    [[nodiscard]] QString summary() const override;
    /// Widgets with --png, --svg or --pdf (the charts are QCustomPlots, drawn offscreen); Core
    /// otherwise.
    [[nodiscard]] Application application(const QStringList &arguments) const override;
    void addOptions(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QStringList &arguments) override;
};

} // namespace corescope
