// SPDX-License-Identifier: MIT
#pragma once

#include "cli/subcommand.h"

namespace corescope {

/// `corescope convert IN OUT [--flavour perfetto|portable]`: between the native format and
/// Chrome/Perfetto JSON (either way, or JSON to JSON), each side's format told by its extension.
class ConvertSubcommand final : public Subcommand
{
public:
    [[nodiscard]] QString name() const override;
    [[nodiscard]] QString summary() const override;
    [[nodiscard]] bool takesArguments() const override { return true; }
    void addOptions(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QStringList &arguments) override;
};

} // namespace corescope
