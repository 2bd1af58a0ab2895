// SPDX-License-Identifier: MIT
#pragma once

#include "cli/subcommand.h"

namespace corescope {

/// `corescope why TRACE --at TIME [--run N] [--path] [--json]`: at one instant of a run, why
/// each thread or task is where it is (the Why panel's lines), and on request the run's
/// critical path with its breakdown and serial fraction.
class WhySubcommand final : public Subcommand
{
public:
    [[nodiscard]] QString name() const override;
    [[nodiscard]] QString summary() const override;
    [[nodiscard]] bool takesArguments() const override { return true; }
    void addOptions(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QStringList &arguments) override;
};

} // namespace corescope
