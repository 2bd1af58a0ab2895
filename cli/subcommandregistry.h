// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringView>

#include <memory>
#include <vector>

namespace corescope {

class Subcommand;

/// Owns the subcommands the `corescope` executable knows and finds them by name.
///
/// main() builds one registry and fills it with registerBuiltinSubcommands(); tests build their
/// own. There is deliberately no global instance and no self-registration from static objects:
/// the linker drops unreferenced objects from a static library, so those would silently vanish.
class SubcommandRegistry
{
public:
    SubcommandRegistry();
    ~SubcommandRegistry();
    SubcommandRegistry(const SubcommandRegistry &) = delete;
    SubcommandRegistry &operator=(const SubcommandRegistry &) = delete;
    SubcommandRegistry(SubcommandRegistry &&) noexcept;
    SubcommandRegistry &operator=(SubcommandRegistry &&) noexcept;

    /// Takes ownership. Refuses with a warning (and returns false) a null pointer, an invalid
    /// name or a name already taken, keeping the earlier subcommand.
    bool add(std::unique_ptr<Subcommand> subcommand);

    /// The subcommand called name, or nullptr.
    [[nodiscard]] Subcommand *find(QStringView name) const;

    /// All subcommands, sorted by name, for help listings.
    [[nodiscard]] std::vector<Subcommand *> subcommands() const;

    [[nodiscard]] bool isEmpty() const { return m_subcommands.empty(); }

    /// Whether text has the shape of a subcommand name: a lowercase letter, then lowercase
    /// letters, digits or '-'. The command line uses it to tell "a mistyped verb" from "a file".
    [[nodiscard]] static bool isValidName(QStringView text);

private:
    std::vector<std::unique_ptr<Subcommand>> m_subcommands; // kept sorted by name
};

} // namespace corescope
