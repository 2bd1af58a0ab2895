// SPDX-License-Identifier: MIT
#include "cli/subcommandregistry.h"

#include "cli/subcommand.h"

#include <QtGlobal>

#include <algorithm>

namespace corescope {

SubcommandRegistry::SubcommandRegistry() = default;
SubcommandRegistry::~SubcommandRegistry() = default;
SubcommandRegistry::SubcommandRegistry(SubcommandRegistry &&) noexcept = default;
SubcommandRegistry &SubcommandRegistry::operator=(SubcommandRegistry &&) noexcept = default;

bool SubcommandRegistry::add(std::unique_ptr<Subcommand> subcommand)
{
    if (!subcommand) {
        qWarning("SubcommandRegistry: refusing a null subcommand");
        return false;
    }
    const QString name = subcommand->name();
    if (!isValidName(name)) {
        qWarning("SubcommandRegistry: refusing invalid subcommand name '%s'", qUtf8Printable(name));
        return false;
    }
    const auto at = std::lower_bound(m_subcommands.begin(), m_subcommands.end(), name,
                                     [](const std::unique_ptr<Subcommand> &entry,
                                        const QString &key) { return entry->name() < key; });
    if (at != m_subcommands.end() && (*at)->name() == name) {
        qWarning("SubcommandRegistry: subcommand '%s' is already registered", qUtf8Printable(name));
        return false;
    }
    m_subcommands.insert(at, std::move(subcommand));
    return true;
}

Subcommand *SubcommandRegistry::find(QStringView name) const
{
    const auto at = std::find_if(m_subcommands.begin(), m_subcommands.end(),
                                 [name](const auto &entry) { return entry->name() == name; });
    return at == m_subcommands.end() ? nullptr : at->get();
}

std::vector<Subcommand *> SubcommandRegistry::subcommands() const
{
    std::vector<Subcommand *> result;
    result.reserve(m_subcommands.size());
    for (const auto &entry : m_subcommands) {
        result.push_back(entry.get());
    }
    return result;
}

bool SubcommandRegistry::isValidName(QStringView text)
{
    if (text.isEmpty() || text.front() < u'a' || text.front() > u'z') {
        return false;
    }
    return std::all_of(text.begin(), text.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-';
    });
}

} // namespace corescope
