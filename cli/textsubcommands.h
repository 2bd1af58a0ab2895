// SPDX-License-Identifier: MIT
#pragma once

namespace corescope {

class SubcommandRegistry;

/// Adds the subcommands that print text and write trace files (run, info, convert, presets,
/// help): they need QtCore only. The ones that draw pictures are added by
/// registerBuiltinSubcommands() (cli/images/builtinsubcommands.h).
void registerTextSubcommands(SubcommandRegistry &registry);

} // namespace corescope
