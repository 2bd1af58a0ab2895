// SPDX-License-Identifier: MIT
#pragma once

#include "cli/subcommand.h"

namespace corescope {

/// `corescope record [options] -- COMMAND [ARGS…]`: runs another program, records what each of
/// its threads and processes did on the cores (and, for Python, with the GIL), and reports it
/// as `run` does. The program's own exit status becomes the subcommand's.
class RecordSubcommand final : public Subcommand
{
public:
    [[nodiscard]] QString name() const override;
    [[nodiscard]] QString summary() const override;
    void addOptions(QCommandLineParser &parser) const override;
    [[nodiscard]] bool takesArguments() const override { return true; }
    [[nodiscard]] int run(const QStringList &arguments) override;
};

} // namespace corescope
