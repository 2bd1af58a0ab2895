// SPDX-License-Identifier: MIT
#include "cli/images/builtinsubcommands.h"

#include "cli/images/demosubcommand.h"
#include "cli/images/exportsubcommand.h"
#include "cli/images/sweepsubcommand.h"
#include "cli/subcommandregistry.h"
#include "cli/textsubcommands.h"

#include <memory>

namespace corescope {

void registerBuiltinSubcommands(SubcommandRegistry &registry)
{
    registerTextSubcommands(registry);
    registry.add(std::make_unique<SweepSubcommand>());
    registry.add(std::make_unique<DemoSubcommand>());
    registry.add(std::make_unique<ExportSubcommand>());
}

} // namespace corescope
