// SPDX-License-Identifier: MIT
#pragma once

#include "cli/subcommand.h"

#include <QCommandLineParser>

#include <utility>

// A subcommand for tests: `fake [--count <n>] [word...]` records what it parsed.
class FakeSubcommand final : public corescope::Subcommand
{
public:
    explicit FakeSubcommand(QString name = QStringLiteral("fake"),
                            QString summary = QStringLiteral("Pretend to do something"))
        : m_name(std::move(name))
        , m_summary(std::move(summary))
    {
    }

    QString name() const override { return m_name; }
    QString summary() const override { return m_summary; }
    bool takesArguments() const override { return true; }

    void addOptions(QCommandLineParser &parser) const override
    {
        parser.addOption(QCommandLineOption(
            QStringLiteral("count"), QStringLiteral("How many times."), QStringLiteral("n")));
        parser.addPositionalArgument(QStringLiteral("word"), QStringLiteral("Words to record."),
                                     QStringLiteral("[word...]"));
    }

    int run(const QStringList &arguments) override
    {
        ++runs;
        QCommandLineParser parser;
        if (const auto exitCode = parseArguments(parser, arguments)) {
            return *exitCode;
        }
        bool ok = false;
        count = parser.value(QStringLiteral("count")).toInt(&ok);
        if (parser.isSet(QStringLiteral("count")) && !ok) {
            return usageError(QStringLiteral("--count expects a number"));
        }
        words = parser.positionalArguments();
        if (words.contains(QStringLiteral("fail"))) {
            return failure(QStringLiteral("asked to fail"));
        }
        out() << "ran" << Qt::endl;
        return corescope::kExitSuccess;
    }

    int runs = 0;
    int count = 0;
    QStringList words;

private:
    QString m_name;
    QString m_summary;
};
