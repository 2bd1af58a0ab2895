// SPDX-License-Identifier: MIT
#pragma once

#include "cli/subcommand.h"

namespace corescope {

/// `corescope presets`: the built-in lecture presets, with what to ask and what to show.
class PresetsSubcommand final : public Subcommand
{
public:
    [[nodiscard]] QString name() const override;
    [[nodiscard]] QString summary() const override;
    void addOptions(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QStringList &arguments) override;
};

} // namespace corescope
