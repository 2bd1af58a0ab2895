// SPDX-License-Identifier: MIT
#pragma once

#include "cli/subcommand.h"

namespace corescope {

class SubcommandRegistry;

/// `corescope help [subcommand]`: the general help page, or one subcommand's `--help`.
class HelpSubcommand final : public Subcommand
{
public:
    /// registry must outlive this subcommand (it normally owns it).
    explicit HelpSubcommand(const SubcommandRegistry &registry);

    [[nodiscard]] QString name() const override;
    [[nodiscard]] QString summary() const override;
    [[nodiscard]] bool takesArguments() const override { return true; }
    void addOptions(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QStringList &arguments) override;

private:
    const SubcommandRegistry &m_registry;
};

} // namespace corescope
