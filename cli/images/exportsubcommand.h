// SPDX-License-Identifier: MIT
#pragma once

#include "cli/subcommand.h"
#include "result.h"
#include "trace/trace.h"

#include <optional>

namespace corescope {

/// `corescope export`: draws the timeline of trace files (or of runs made on the spot with
/// --run) into PNG and/or SVG files for slides, with the same renderer as the window.
class ExportSubcommand final : public Subcommand
{
public:
    [[nodiscard]] QString name() const override;
    [[nodiscard]] QString summary() const override;
    [[nodiscard]] bool takesArguments() const override { return true; }
    /// Gui: the timeline is drawn with QPainter, no widget.
    [[nodiscard]] Application application(const QStringList &) const override
    {
        return Application::Gui;
    }
    void addOptions(QCommandLineParser &parser) const override;
    [[nodiscard]] int run(const QStringList &arguments) override;
};

} // namespace corescope
