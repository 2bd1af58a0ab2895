// SPDX-License-Identifier: MIT
#include "cli/textsubcommands.h"

#include "cli/convertsubcommand.h"
#include "cli/helpsubcommand.h"
#include "cli/infosubcommand.h"
#include "cli/presetssubcommand.h"
#include "cli/recordsubcommand.h"
#include "cli/runsubcommand.h"
#include "cli/subcommandregistry.h"
#include "cli/whysubcommand.h"

#include <memory>

namespace corescope {

void registerTextSubcommands(SubcommandRegistry &registry)
{
    registry.add(std::make_unique<RunSubcommand>());
    registry.add(std::make_unique<RecordSubcommand>());
    registry.add(std::make_unique<PresetsSubcommand>());
    registry.add(std::make_unique<InfoSubcommand>());
    registry.add(std::make_unique<ConvertSubcommand>());
    registry.add(std::make_unique<WhySubcommand>());
    registry.add(std::make_unique<HelpSubcommand>(registry));
}

} // namespace corescope
