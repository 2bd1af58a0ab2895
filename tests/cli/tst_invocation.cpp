// SPDX-License-Identifier: MIT
#include "cli/helpsubcommand.h"
#include "cli/invocation.h"
#include "cli/subcommandregistry.h"
#include "fakesubcommand.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using corescope::Invocation;
using corescope::SubcommandRegistry;
using Mode = corescope::Invocation::Mode;

Q_DECLARE_METATYPE(corescope::Invocation::Mode)

namespace {

SubcommandRegistry makeRegistry()
{
    SubcommandRegistry registry;
    registry.add(std::make_unique<FakeSubcommand>());
    registry.add(std::make_unique<FakeSubcommand>(QStringLiteral("export-png"),
                                                  QStringLiteral("Render a trace to a PNG file")));
    return registry;
}

QStringList withProgram(const QStringList &arguments)
{
    return QStringList{QStringLiteral("/some/build/bin/corescope")} + arguments;
}

} // namespace

class TestInvocation : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void fileNamedLikeASubcommand();
    void helpText();
    void usageText();
};

void TestInvocation::parse_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<Mode>("mode");
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<QString>("subcommand");
    QTest::addColumn<QStringList>("subcommandArguments");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("platform");

    const auto gui = [](const char *row, const QStringList &arguments, const QStringList &files,
                        const QString &platform = QString()) {
        QTest::newRow(row) << arguments << Mode::Gui << files << QString() << QStringList()
                           << QString() << platform;
    };
    const auto mode = [](const char *row, const QStringList &arguments, Mode expected) {
        QTest::newRow(row) << arguments << expected << QStringList() << QString() << QStringList()
                           << QString() << QString();
    };
    const auto error = [](const char *row, const QStringList &arguments, const QString &message) {
        QTest::newRow(row) << arguments << Mode::UsageError << QStringList() << QString()
                           << QStringList() << message << QString();
    };
    const auto subcommand = [](const char *row, const QStringList &arguments, const QString &name,
                               const QStringList &rest) {
        QTest::newRow(row) << arguments << Mode::Subcommand << QStringList() << name << rest
                           << QString() << QString();
    };

    gui("nothing", {}, {});
    gui("one file", {QStringLiteral("run1.trace")}, {QStringLiteral("run1.trace")});
    gui("two files", {QStringLiteral("a.trace"), QStringLiteral("/tmp/b.json")},
        {QStringLiteral("a.trace"), QStringLiteral("/tmp/b.json")});
    gui("path", {QStringLiteral("traces/gil")}, {QStringLiteral("traces/gil")});
    // Only the first argument can be a subcommand, as in git.
    gui("subcommand name later", {QStringLiteral("a.trace"), QStringLiteral("fake")},
        {QStringLiteral("a.trace"), QStringLiteral("fake")});
    gui("after --", {QStringLiteral("--"), QStringLiteral("--odd-name")},
        {QStringLiteral("--odd-name")});
    gui("Qt platform option",
        {QStringLiteral("-platform"), QStringLiteral("offscreen"), QStringLiteral("a.trace")},
        {QStringLiteral("a.trace")}, QStringLiteral("offscreen"));
    gui("Qt style options",
        {QStringLiteral("-style"), QStringLiteral("fusion"), QStringLiteral("-reverse")}, {});

    mode("--help", {QStringLiteral("--help")}, Mode::Help);
    mode("-h", {QStringLiteral("-h")}, Mode::Help);
    mode("help wins over version", {QStringLiteral("--version"), QStringLiteral("--help")},
         Mode::Help);
    mode("--version", {QStringLiteral("--version")}, Mode::Version);
    mode("-v", {QStringLiteral("-v")}, Mode::Version);

    subcommand("subcommand", {QStringLiteral("fake")}, QStringLiteral("fake"), {});
    subcommand("subcommand with arguments",
               {QStringLiteral("fake"), QStringLiteral("--count"), QStringLiteral("3"),
                QStringLiteral("--help")},
               QStringLiteral("fake"),
               {QStringLiteral("--count"), QStringLiteral("3"), QStringLiteral("--help")});
    subcommand("dashed name", {QStringLiteral("export-png"), QStringLiteral("x.trace")},
               QStringLiteral("export-png"), {QStringLiteral("x.trace")});

    error("unknown subcommand", {QStringLiteral("xyz")},
          QStringLiteral("corescope: unknown subcommand 'xyz'"));
    error("unknown subcommand with arguments", {QStringLiteral("rnu"), QStringLiteral("--x")},
          QStringLiteral("corescope: unknown subcommand 'rnu'"));
    error("unknown option", {QStringLiteral("--bogus")},
          QStringLiteral("corescope: Unknown option 'bogus'."));
    error("missing value", {QStringLiteral("-platform")},
          QStringLiteral("corescope: Missing value after '-platform'."));
}

void TestInvocation::parse()
{
    QFETCH(QStringList, arguments);
    QFETCH(Mode, mode);
    QFETCH(QStringList, files);
    QFETCH(QString, subcommand);
    QFETCH(QStringList, subcommandArguments);
    QFETCH(QString, error);
    QFETCH(QString, platform);

    // Relative names are looked up as files, so run where none of them exists.
    QTemporaryDir empty;
    QVERIFY(empty.isValid());
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(empty.path()));

    const SubcommandRegistry registry = makeRegistry();
    const Invocation invocation = Invocation::parse(withProgram(arguments), registry);
    QVERIFY(QDir::setCurrent(previous));

    QCOMPARE(invocation.errorText(), error);
    QCOMPARE(invocation.mode(), mode);
    QCOMPARE(invocation.files(), files);
    QCOMPARE(invocation.subcommand() ? invocation.subcommand()->name() : QString(), subcommand);
    QCOMPARE(invocation.subcommandArguments(), subcommandArguments);
    QCOMPARE(invocation.platform(), platform);
}

void TestInvocation::fileNamedLikeASubcommand()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(directory.path()));
    QFile file(QStringLiteral("gilrun"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();

    const SubcommandRegistry registry = makeRegistry();
    // An existing file is opened, not taken for a mistyped subcommand...
    const Invocation opened = Invocation::parse(withProgram({QStringLiteral("gilrun")}), registry);
    // ...but a registered subcommand wins over a file of the same name.
    QFile shadow(QStringLiteral("fake"));
    QVERIFY(shadow.open(QIODevice::WriteOnly));
    shadow.close();
    const Invocation ran = Invocation::parse(withProgram({QStringLiteral("fake")}), registry);
    QVERIFY(QDir::setCurrent(previous));

    QCOMPARE(opened.mode(), Mode::Gui);
    QCOMPARE(opened.files(), QStringList{QStringLiteral("gilrun")});
    QCOMPARE(ran.mode(), Mode::Subcommand);
}

void TestInvocation::helpText()
{
    const SubcommandRegistry registry = makeRegistry();
    const QString text = Invocation::helpText(registry);
    QVERIFY2(text.startsWith(QLatin1String("Usage: corescope [options] [file...]\n"
                                           "       corescope <subcommand> [arguments...]\n")),
             qPrintable(text));
    const QStringList expected{
        QStringLiteral("-h, --help"),
        QStringLiteral("-v, --version"),
        QStringLiteral("Subcommands:\n"
                       "  export-png  Render a trace to a PNG file\n"
                       "  fake        Pretend to do something\n"),
        QStringLiteral("Run 'corescope <subcommand> --help'"),
        QStringLiteral("Exit codes: 0 success, 1 a file or run-time error, 2 a usage error, "
                       "130 cancelled (Ctrl+C).\n"),
    };
    for (const QString &part : expected) {
        QVERIFY2(text.contains(part), qPrintable(part));
    }
    // Qt's own options are accepted but not advertised.
    QVERIFY(!text.contains(QLatin1String("platform")));
    QVERIFY(!text.contains(QLatin1String("/some/build")));
}

void TestInvocation::usageText()
{
    QCOMPARE(
        Invocation::usageText(),
        QStringLiteral("Usage: corescope [options] [file...]\n"
                       "       corescope <subcommand> [arguments...]\n"
                       "Run 'corescope --help' for the options and the list of subcommands.\n"));
}

QTEST_GUILESS_MAIN(TestInvocation)
#include "tst_invocation.moc"
