// SPDX-License-Identifier: MIT
#pragma once

namespace corescope {

class SubcommandRegistry;

/// Adds every subcommand that ships with the `corescope` executable. A new subcommand is one
/// more `registry.add(std::make_unique<…>())` line here.
void registerBuiltinSubcommands(SubcommandRegistry &registry);

} // namespace corescope
