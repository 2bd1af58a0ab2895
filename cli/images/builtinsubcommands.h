// SPDX-License-Identifier: MIT
#pragma once

namespace corescope {

class SubcommandRegistry;

/// Adds every subcommand that ships with the `corescope` executable: the text ones
/// (registerTextSubcommands()) and the ones that draw pictures (sweep, demo, export). A new
/// subcommand is one more `registry.add(std::make_unique<…>())` line in one of the two.
void registerBuiltinSubcommands(SubcommandRegistry &registry);

} // namespace corescope
