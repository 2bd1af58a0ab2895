// SPDX-License-Identifier: MIT
#pragma once

#include "cli/subcommand.h"

namespace corescope {

/// `corescope info FILE [--json]`: what a trace file holds (runs, threads, cores, events, time
/// span, how it was captured) and, for imported JSON, what was skipped or looked wrong.
class InfoSubcommand final : public Subcommand
{
public:
    [[nodiscard]] QString name() const override;
    [[nodiscard]] QString summary() const override;
    [[nodiscard]] bool takesArguments() const override { return true; }
    void addOptions(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QStringList &arguments) override;
};

} // namespace corescope
