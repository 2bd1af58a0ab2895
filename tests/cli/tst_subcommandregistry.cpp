// SPDX-License-Identifier: MIT
#include "capturedrun.h"
#include "cli/commandlinetext.h"
#include "cli/helpsubcommand.h"
#include "cli/images/builtinsubcommands.h"
#include "cli/subcommand.h"
#include "cli/subcommandregistry.h"
#include "engine/executionmodel.h"
#include "engine/workload.h"
#include "fakesubcommand.h"
#include "qtext/qtext.h"

#include <QBuffer>
#include <QRegularExpression>
#include <QTest>

#include <memory>

using corescope::Captured;
using corescope::runCaptured;
using corescope::Subcommand;
using corescope::SubcommandRegistry;

class TestSubcommandRegistry : public QObject
{
    Q_OBJECT

private slots:
    void validNames_data();
    void validNames();
    void addRefusesInvalidNames();
    void addRefusesDuplicates();
    void findAndList();
    void parseArguments_data();
    void parseArguments();
    void helpSubcommand_data();
    void helpSubcommand();
    void builtinsIncludeHelp();
    void applicationIsTheLeastThatDraws_data();
    void applicationIsTheLeastThatDraws();
    void helpListsTheRegistries_data();
    void helpListsTheRegistries();
};

void TestSubcommandRegistry::validNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");

    QTest::newRow("word") << QStringLiteral("run") << true;
    QTest::newRow("with dash") << QStringLiteral("export-png") << true;
    QTest::newRow("with digit") << QStringLiteral("sweep2") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("uppercase") << QStringLiteral("Run") << false;
    QTest::newRow("leading digit") << QStringLiteral("2run") << false;
    QTest::newRow("leading dash") << QStringLiteral("-run") << false;
    QTest::newRow("underscore") << QStringLiteral("run_all") << false;
    QTest::newRow("dot") << QStringLiteral("trace.json") << false;
    QTest::newRow("slash") << QStringLiteral("a/b") << false;
}

void TestSubcommandRegistry::validNames()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(SubcommandRegistry::isValidName(name), valid);
}

void TestSubcommandRegistry::addRefusesInvalidNames()
{
    SubcommandRegistry registry;
    QTest::ignoreMessage(QtWarningMsg,
                         "SubcommandRegistry: refusing invalid subcommand name 'Bad_Name'");
    QVERIFY(!registry.add(std::make_unique<FakeSubcommand>(QStringLiteral("Bad_Name"))));
    QTest::ignoreMessage(QtWarningMsg, "SubcommandRegistry: refusing a null subcommand");
    QVERIFY(!registry.add(nullptr));
    QVERIFY(registry.isEmpty());
}

void TestSubcommandRegistry::addRefusesDuplicates()
{
    SubcommandRegistry registry;
    auto first = std::make_unique<FakeSubcommand>(QStringLiteral("run"), QStringLiteral("First"));
    const Subcommand *kept = first.get();
    QVERIFY(registry.add(std::move(first)));
    QTest::ignoreMessage(QtWarningMsg,
                         "SubcommandRegistry: subcommand 'run' is already registered");
    QVERIFY(!registry.add(std::make_unique<FakeSubcommand>(QStringLiteral("run"))));
    QCOMPARE(registry.find(u"run"), kept);
    QCOMPARE(registry.subcommands().size(), std::size_t(1));
}

void TestSubcommandRegistry::findAndList()
{
    SubcommandRegistry registry;
    for (const char *name : {"zeta", "alpha", "mid"}) {
        QVERIFY(registry.add(std::make_unique<FakeSubcommand>(QString::fromLatin1(name))));
    }
    QVERIFY(registry.find(u"alpha"));
    QCOMPARE(registry.find(u"alpha")->name(), QStringLiteral("alpha"));
    QVERIFY(!registry.find(u"beta"));
    QVERIFY(!registry.find(u""));

    QStringList names;
    for (const Subcommand *subcommand : registry.subcommands()) {
        names.append(subcommand->name());
    }
    QCOMPARE(names,
             (QStringList{QStringLiteral("alpha"), QStringLiteral("mid"), QStringLiteral("zeta")}));
}

void TestSubcommandRegistry::parseArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("err");
    QTest::addColumn<int>("count");

    QTest::newRow("no arguments") << QStringList() << corescope::kExitSuccess
                                  << QStringLiteral("ran\n") << QString() << 0;
    QTest::newRow("option and words")
        << QStringList{QStringLiteral("--count"), QStringLiteral("3"), QStringLiteral("a")}
        << corescope::kExitSuccess << QStringLiteral("ran\n") << QString() << 3;
    QTest::newRow("option with =")
        << QStringList{QStringLiteral("--count=7")} << corescope::kExitSuccess
        << QStringLiteral("ran\n") << QString() << 7;
    QTest::newRow("help") << QStringList{QStringLiteral("--help")} << corescope::kExitSuccess
                          << QStringLiteral("Usage: corescope fake [options] [word...]\n"
                                            "Pretend to do something.\n\n"
                                            "Options:\n"
                                            "  -h, --help   Displays this help.\n"
                                            "  --count <n>  How many times.\n\n"
                                            "Arguments:\n"
                                            "  word         Words to record.\n")
                          << QString() << 0;
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("--bogus")} << corescope::kExitUsage << QString()
        << QStringLiteral("corescope fake: Unknown option 'bogus'.\n"
                          "Run 'corescope fake --help' for its usage.\n")
        << 0;
    QTest::newRow("missing value")
        << QStringList{QStringLiteral("--count")} << corescope::kExitUsage << QString()
        << QStringLiteral("corescope fake: Missing value after '--count'.\n"
                          "Run 'corescope fake --help' for its usage.\n")
        << 0;
    QTest::newRow("bad value") << QStringList{QStringLiteral("--count"), QStringLiteral("many")}
                               << corescope::kExitUsage << QString()
                               << QStringLiteral("corescope fake: --count expects a number\n"
                                                 "Run 'corescope fake --help' for its usage.\n")
                               << 0;
    QTest::newRow("runtime failure")
        << QStringList{QStringLiteral("fail")} << corescope::kExitFailure << QString()
        << QStringLiteral("corescope fake: asked to fail\n") << 0;
}

void TestSubcommandRegistry::parseArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    QFETCH(QString, err);
    QFETCH(int, count);

    FakeSubcommand subcommand;
    const Captured captured = runCaptured(subcommand, arguments);
    QCOMPARE(captured.err, err);
    QCOMPARE(captured.out, out);
    QCOMPARE(captured.exitCode, exitCode);
    QCOMPARE(subcommand.count, count);
}

void TestSubcommandRegistry::helpSubcommand_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("outContains");
    QTest::addColumn<QString>("err");

    QTest::newRow("general")
        << QStringList() << corescope::kExitSuccess
        << QStringList{QStringLiteral("Usage: corescope [options] [file...]"),
                       QStringLiteral("Subcommands:\n  fake  Pretend to do something\n"
                                      "  help  Show the help of corescope or of one subcommand\n")}
        << QString();
    QTest::newRow("one subcommand")
        << QStringList{QStringLiteral("fake")} << corescope::kExitSuccess
        << QStringList{QStringLiteral("Usage: corescope fake [options] [word...]\n")} << QString();
    QTest::newRow("itself") << QStringList{QStringLiteral("help")} << corescope::kExitSuccess
                            << QStringList{QStringLiteral(
                                   "Usage: corescope help [options] [subcommand]\n")}
                            << QString();
    QTest::newRow("unknown") << QStringList{QStringLiteral("nope")} << corescope::kExitUsage
                             << QStringList()
                             << QStringLiteral("corescope help: unknown subcommand 'nope'\n"
                                               "Run 'corescope help --help' for its usage.\n");
    QTest::newRow("two") << QStringList{QStringLiteral("fake"), QStringLiteral("help")}
                         << corescope::kExitUsage << QStringList()
                         << QStringLiteral("corescope help: expected at most one subcommand, "
                                           "got 2\nRun 'corescope help --help' for its usage.\n");
}

void TestSubcommandRegistry::helpSubcommand()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QStringList, outContains);
    QFETCH(QString, err);

    // Not registerBuiltinSubcommands(): the listing checked here must not change whenever a
    // built-in subcommand is added.
    SubcommandRegistry registry;
    QVERIFY(registry.add(std::make_unique<corescope::HelpSubcommand>(registry)));
    QVERIFY(registry.add(std::make_unique<FakeSubcommand>()));
    Subcommand *help = registry.find(u"help");
    QVERIFY(help);

    const Captured captured = runCaptured(*help, arguments);
    QCOMPARE(captured.err, err);
    QCOMPARE(captured.exitCode, exitCode);
    for (const QString &expected : std::as_const(outContains)) {
        QVERIFY2(captured.out.contains(expected), qPrintable(captured.out));
    }
    if (outContains.isEmpty()) {
        QCOMPARE(captured.out, QString());
    }
}

void TestSubcommandRegistry::builtinsIncludeHelp()
{
    SubcommandRegistry registry;
    corescope::registerBuiltinSubcommands(registry);
    QVERIFY(registry.find(u"help"));
    for (const Subcommand *subcommand : registry.subcommands()) {
        QVERIFY2(SubcommandRegistry::isValidName(subcommand->name()),
                 qPrintable(subcommand->name()));
        QVERIFY2(!subcommand->summary().isEmpty(), qPrintable(subcommand->name()));
        QVERIFY2(!subcommand->summary().endsWith(u'.'), qPrintable(subcommand->summary()));
    }
}

// main() creates the application object a subcommand asks for: only what draws gets Qt GUI.
void TestSubcommandRegistry::applicationIsTheLeastThatDraws_data()
{
    using Application = Subcommand::Application;
    QTest::addColumn<QString>("subcommand");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<Application>("application");
    const auto row = [](const char *tag, const char *name, const QStringList &arguments,
                        Application application) {
        QTest::newRow(tag) << QString::fromLatin1(name) << arguments << application;
    };
    row("run --json", "run", {QStringLiteral("--json")}, Application::Core);
    row("info", "info", {QStringLiteral("a.cstrace")}, Application::Core);
    row("convert", "convert", {QStringLiteral("a.cstrace"), QStringLiteral("a.json")},
        Application::Core);
    row("presets", "presets", {}, Application::Core);
    row("help", "help", {}, Application::Core);
    row("sweep --json", "sweep", {QStringLiteral("--json")}, Application::Core);
    row("sweep with a usage error", "sweep", {QStringLiteral("--bogus")}, Application::Core);
    row("sweep --png", "sweep", {QStringLiteral("--png"), QStringLiteral("s.png")},
        Application::Widgets);
    row("sweep --svg=", "sweep", {QStringLiteral("--svg=s.svg")}, Application::Widgets);
    row("sweep --pdf", "sweep", {QStringLiteral("--pdf"), QStringLiteral("s.pdf")},
        Application::Widgets);
    row("export: QPainter only", "export", {QStringLiteral("--png"), QStringLiteral("t.png")},
        Application::Gui);
    row("demo: the timeline and a chart", "demo", {}, Application::Widgets);
}

void TestSubcommandRegistry::applicationIsTheLeastThatDraws()
{
    QFETCH(QString, subcommand);
    QFETCH(QStringList, arguments);
    QFETCH(Subcommand::Application, application);
    SubcommandRegistry registry;
    corescope::registerBuiltinSubcommands(registry);
    const Subcommand *found = registry.find(subcommand);
    QVERIFY(found);
    QCOMPARE(found->application(arguments), application);
}

// A new model or workload shows up in every help text that lists them, and every --json option
// says how its JSON is written.
void TestSubcommandRegistry::helpListsTheRegistries_data()
{
    QTest::addColumn<QString>("subcommand");
    QTest::addColumn<bool>("models");
    QTest::addColumn<bool>("workloads");
    QTest::addColumn<bool>("json");
    QTest::newRow("run") << QStringLiteral("run") << true << true << true;
    QTest::newRow("sweep") << QStringLiteral("sweep") << true << true << true;
    QTest::newRow("info") << QStringLiteral("info") << false << false << true;
}

void TestSubcommandRegistry::helpListsTheRegistries()
{
    QFETCH(QString, subcommand);
    QFETCH(bool, models);
    QFETCH(bool, workloads);
    QFETCH(bool, json);
    SubcommandRegistry registry;
    corescope::registerBuiltinSubcommands(registry);
    const Subcommand *found = registry.find(subcommand);
    QVERIFY(found);
    // QCommandLineParser wraps descriptions; words stay whole.
    const QString help = found->helpText().simplified();
    const auto mentions = [&](std::string_view name) {
        const QString word = corescope::text(name);
        return help.contains(QRegularExpression(
            QStringLiteral("[ ,(]%1[ ,.)]").arg(QRegularExpression::escape(word))));
    };
    if (models) {
        for (const auto &model : corescope::ModelRegistry::instance().all())
            QVERIFY2(mentions(model->name()), model->name().data());
    }
    if (workloads) {
        for (const auto &workload : corescope::WorkloadRegistry::instance().all())
            QVERIFY2(mentions(workload->name()), workload->name().data());
    }
    if (json)
        QVERIFY2(help.contains(corescope::commandlinetext::jsonStyle().simplified()),
                 qPrintable(help));
}

QTEST_GUILESS_MAIN(TestSubcommandRegistry)
#include "tst_subcommandregistry.moc"
