// SPDX-License-Identifier: MIT
#pragma once

#include "cli/subcommand.h"

namespace corescope {

class Trace;

/// `corescope run`: runs one workload under one execution model and prints what happened on
/// each core and thread, as a table or as JSON.
class RunSubcommand final : public Subcommand
{
public:
    [[nodiscard]] QString name() const override;
    [[nodiscard]] QString summary() const override;
    void addOptions(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QStringList &arguments) override;

private:
    void printCatalogue();
};

} // namespace corescope
