// SPDX-License-Identifier: MIT
#include "appidentity.h"
#include "document.h"
#include "engine/engine.h"
#include "engine/lecturepresets.h"
#include "exportdialog.h"
#include "installedfiles.h"
#include "mainwindow.h"
#include "presetpanel.h"
#include "summarypanel.h"
#include "trace/tracebuilder.h"
#include "version.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTextLayout>

#include <algorithm>
#include <utility>

using corescope::MainWindow;
using corescope::Theme;

namespace {

// Object names of a menu's entries in order: actions by their own name, submenus by the menu's
// name; separators and section headers are left out.
QStringList entryNames(const QMenu *menu)
{
    QStringList names;
    const QList<QAction *> actions = menu->actions();
    for (const QAction *action : actions) {
        if (action->isSeparator()) {
            continue;
        }
        names.append(action->menu() ? action->menu()->objectName() : action->objectName());
    }
    return names;
}

QAction *findAction(const MainWindow &window, const QString &name)
{
    return window.findChild<QAction *>(name);
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void windowBasics();
    void menus_data();
    void menus();
    void actionAvailability_data();
    void actionAvailability();
    void aboutText_data();
    void aboutText();
    void aboutDialogShowsAboutText();
    void themeActionsAreExclusive_data();
    void themeActionsAreExclusive();
    void themeIsRemembered();
    void presentationModeScalesFont();
    void recentFiles_data();
    void recentFiles();
    void clearRecentFiles();
    void openExample();
    void openFilesRemembersPaths();
    void saveThenOpenKeepsTheRuns();
    void runFromThePanelAddsARun();
    void invalidSpecIsReportedAndNothingRuns();
    void presetRunsStackAndRevealWaits();
    void actionsWaitWhileBusy_data();
    void actionsWaitWhileBusy();
    void exportDialogDefaultsToASlide();
    void summaryLeavesOutWaitsNoThreadHad();
    void summarySaysWhatAnotherToolsTraceDoesNotHold();
    void summaryListsTasksApartFromThreads();
};

void TestMainWindow::initTestCase()
{
    // Settings go to ~/.qttest, never to the user's real configuration.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("CoreScopeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
}

void TestMainWindow::init()
{
    QSettings().clear();
    corescope::applyTheme(Theme::Light);
}

void TestMainWindow::windowBasics()
{
    MainWindow window;
    QCOMPARE(window.objectName(), QStringLiteral("mainWindow"));
    QCOMPARE(window.windowTitle(), QStringLiteral("CoreScope"));
    QVERIFY(!window.windowIcon().isNull());
    // 1280×800 or 90 % of a larger screen, never more than the screen.
    const QSize size = window.size();
    const QSize available = window.screen()->availableSize();
    QVERIFY2(size.width() <= available.width() && size.height() <= available.height(),
             qPrintable(QStringLiteral("%1×%2").arg(size.width()).arg(size.height())));
    QVERIFY(size.width() >= std::min({1280, available.width(), int(available.width() * 0.9)}));
    QVERIFY(size.height() >= std::min({800, available.height(), int(available.height() * 0.9)}));

    const auto *status = window.statusBar()->findChild<QLabel *>(QStringLiteral("statusLabel"));
    QVERIFY(status);
    QCOMPARE(status->text(), QStringLiteral("Ready"));

    QVERIFY(window.centralWidget());
    const auto *stack = qobject_cast<QStackedWidget *>(window.centralWidget());
    QVERIFY(stack);
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("welcomePage"));
    const auto *title = window.centralWidget()->findChild<QLabel *>(QStringLiteral("welcomeTitle"));
    QVERIFY(title);
    QCOMPARE(title->text(), QStringLiteral("Open a trace or run a workload"));
    const auto *icon = window.centralWidget()->findChild<QLabel *>(QStringLiteral("welcomeIcon"));
    QVERIFY(icon);
    QVERIFY(!icon->pixmap().isNull());
}

void TestMainWindow::menus_data()
{
    QTest::addColumn<QString>("menuName");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QStringList>("entries");

    QTest::newRow("File") << QStringLiteral("menuFile") << QStringLiteral("&File")
                          << QStringList{QStringLiteral("actionOpen"),
                                         QStringLiteral("menuOpenRecent"),
                                         QStringLiteral("menuOpenExample"),
                                         QStringLiteral("actionSave"),
                                         QStringLiteral("actionSaveAs"),
                                         QStringLiteral("actionExportPng"),
                                         QStringLiteral("actionQuit")};
    QTest::newRow("View") << QStringLiteral("menuView") << QStringLiteral("&View")
                          << QStringList{QStringLiteral("actionThemeLight"),
                                         QStringLiteral("actionThemeDark"),
                                         QStringLiteral("actionPresentationMode"),
                                         QStringLiteral("actionFitAll")};
    QTest::newRow("Run") << QStringLiteral("menuRun") << QStringLiteral("&Run")
                         << QStringList{
                                QStringLiteral("actionRun"), QStringLiteral("actionRecordProgram"),
                                QStringLiteral("actionCancel"), QStringLiteral("actionClearRuns")};
    QTest::newRow("Help") << QStringLiteral("menuHelp") << QStringLiteral("&Help")
                          << QStringList{QStringLiteral("actionAbout"),
                                         QStringLiteral("actionAboutQt")};
}

void TestMainWindow::menus()
{
    QFETCH(QString, menuName);
    QFETCH(QString, title);
    QFETCH(QStringList, entries);

    MainWindow window;
    const auto *menu = window.menuBar()->findChild<QMenu *>(menuName);
    QVERIFY2(menu, qPrintable(menuName));
    QCOMPARE(menu->title(), title);
    QVERIFY(window.menuBar()->actions().contains(menu->menuAction()));
    QCOMPARE(entryNames(menu), entries);
}

void TestMainWindow::actionAvailability_data()
{
    QTest::addColumn<QString>("actionName");
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<QString>("shortcut");

    const auto row = [](const char *name, bool enabled, const QKeySequence &shortcut) {
        QTest::newRow(name) << QString::fromLatin1(name) << enabled
                            << shortcut.toString(QKeySequence::PortableText);
    };
    row("actionOpen", true, QKeySequence::Open);
    row("actionSave", false, QKeySequence::Save); // nothing to save yet
    row("actionSaveAs", false, MainWindow::saveAsShortcuts().constFirst());
    row("actionExportPng", false, QKeySequence(Qt::CTRL | Qt::Key_E));
    row("actionQuit", true, QKeySequence::Quit);
    row("actionThemeLight", true, QKeySequence());
    row("actionThemeDark", true, QKeySequence());
    row("actionPresentationMode", true, QKeySequence(Qt::Key_F5));
    row("actionFitAll", false, QKeySequence(Qt::CTRL | Qt::Key_0));
    row("actionRun", true, QKeySequence(Qt::CTRL | Qt::Key_R));
    row("actionRecordProgram", true, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    row("actionCancel", false, QKeySequence(Qt::Key_Escape));
    row("actionAbout", true, QKeySequence());
    row("actionAboutQt", true, QKeySequence());
}

void TestMainWindow::actionAvailability()
{
    QFETCH(QString, actionName);
    QFETCH(bool, enabled);
    QFETCH(QString, shortcut);

    MainWindow window;
    const QAction *action = findAction(window, actionName);
    QVERIFY2(action, qPrintable(actionName));
    QCOMPARE(action->isEnabled(), enabled);
    QCOMPARE(action->shortcut().toString(QKeySequence::PortableText), shortcut);
    // Disabled ones wait for something to fit, cancel, save or export; none is a placeholder.
    QVERIFY(!action->toolTip().contains(QLatin1String("later version")));
}

void TestMainWindow::aboutText_data()
{
    QTest::addColumn<QString>("expected");
    QTest::newRow("name") << QStringLiteral("CoreScope");
    QTest::newRow("version") << QString::fromLatin1(corescope::kVersion);
    QTest::newRow("description") << corescope::applicationDescription();
    QTest::newRow("Qt version") << QStringLiteral("Qt %1").arg(QString::fromLatin1(qVersion()));
}

void TestMainWindow::aboutText()
{
    QFETCH(QString, expected);
    QVERIFY2(MainWindow::aboutText().contains(expected), qPrintable(MainWindow::aboutText()));
}

void TestMainWindow::aboutDialogShowsAboutText()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    findAction(window, QStringLiteral("actionAbout"))->trigger();
    QMessageBox *box = nullptr;
    QVERIFY(QTest::qWaitFor([&] {
        box = window.findChild<QMessageBox *>(QStringLiteral("aboutDialog"));
        return box && box->isVisible();
    }));
    QCOMPARE(box->text(), MainWindow::aboutText());
    QCOMPARE(box->windowTitle(), QStringLiteral("About CoreScope"));
    box->accept();
}

void TestMainWindow::themeActionsAreExclusive_data()
{
    QTest::addColumn<QString>("trigger");
    QTest::addColumn<Theme>("expectedTheme");
    QTest::addColumn<bool>("darkWindow");

    QTest::newRow("dark") << QStringLiteral("actionThemeDark") << Theme::Dark << true;
    QTest::newRow("light") << QStringLiteral("actionThemeLight") << Theme::Light << false;
}

void TestMainWindow::themeActionsAreExclusive()
{
    QFETCH(QString, trigger);
    QFETCH(Theme, expectedTheme);
    QFETCH(bool, darkWindow);

    MainWindow window;
    QAction *light = findAction(window, QStringLiteral("actionThemeLight"));
    QAction *dark = findAction(window, QStringLiteral("actionThemeDark"));
    QVERIFY(light->isCheckable() && dark->isCheckable());
    QVERIFY(light->actionGroup() && light->actionGroup() == dark->actionGroup());
    QVERIFY(light->actionGroup()->isExclusive());

    // Start from the opposite theme so that the trigger is a real change.
    window.setTheme(expectedTheme == Theme::Dark ? Theme::Light : Theme::Dark);
    QSignalSpy changed(&window, &MainWindow::themeChanged);
    findAction(window, trigger)->trigger();

    QCOMPARE(window.theme(), expectedTheme);
    QCOMPARE(light->isChecked(), expectedTheme == Theme::Light);
    QCOMPARE(dark->isChecked(), expectedTheme == Theme::Dark);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.constFirst().constFirst().value<Theme>(), expectedTheme);
    QCOMPARE(QApplication::palette().color(QPalette::Window).lightness() < 128, darkWindow);
}

void TestMainWindow::themeIsRemembered()
{
    {
        MainWindow window;
        QCOMPARE(window.theme(), Theme::Light);
        window.setTheme(Theme::Dark);
    }
    MainWindow reopened;
    QCOMPARE(reopened.theme(), Theme::Dark);
    QVERIFY(findAction(reopened, QStringLiteral("actionThemeDark"))->isChecked());
}

void TestMainWindow::presentationModeScalesFont()
{
    const QFont normal = QApplication::font();
    MainWindow window;
    QSignalSpy changed(&window, &MainWindow::presentationModeChanged);
    QAction *action = findAction(window, QStringLiteral("actionPresentationMode"));

    action->trigger();
    QVERIFY(window.isPresentationMode());
    QVERIFY(QApplication::font().pointSizeF() > normal.pointSizeF());

    action->trigger();
    QVERIFY(!window.isPresentationMode());
    QCOMPARE(QApplication::font().pointSizeF(), normal.pointSizeF());
    QCOMPARE(changed.count(), 2);
}

void TestMainWindow::recentFiles_data()
{
    QTest::addColumn<QStringList>("added");
    QTest::addColumn<QStringList>("expected");

    const auto numbered = [](int first, int last) {
        QStringList paths;
        for (int i = first; i <= last; ++i) {
            paths.append(QStringLiteral("/traces/t%1.trace").arg(i));
        }
        return paths;
    };
    QTest::newRow("none") << QStringList() << QStringList();
    QTest::newRow("one") << QStringList{QStringLiteral("/traces/a.trace")}
                         << QStringList{QStringLiteral("/traces/a.trace")};
    QTest::newRow("most recent first")
        << QStringList{QStringLiteral("/traces/a.trace"), QStringLiteral("/traces/b.trace")}
        << QStringList{QStringLiteral("/traces/b.trace"), QStringLiteral("/traces/a.trace")};
    QTest::newRow("reopened moves to the top")
        << QStringList{QStringLiteral("/traces/a.trace"), QStringLiteral("/traces/b.trace"),
                       QStringLiteral("/traces/a.trace")}
        << QStringList{QStringLiteral("/traces/a.trace"), QStringLiteral("/traces/b.trace")};
    QStringList newestFirst = numbered(3, 12);
    std::reverse(newestFirst.begin(), newestFirst.end());
    QTest::newRow("capped") << numbered(1, 12) << newestFirst;
}

void TestMainWindow::recentFiles()
{
    QFETCH(QStringList, added);
    QFETCH(QStringList, expected);

    MainWindow window;
    for (const QString &path : std::as_const(added)) {
        window.addRecentFile(path);
    }
    QCOMPARE(MainWindow::recentFiles(), expected);

    auto *menu = window.findChild<QMenu *>(QStringLiteral("menuOpenRecent"));
    QVERIFY(menu);
    // The menu refreshes itself when it opens.
    emit menu->aboutToShow();
    QStringList inMenu;
    const QList<QAction *> actions = menu->actions();
    for (const QAction *action : actions) {
        if (action->objectName().startsWith(QLatin1String("actionRecentFile"))) {
            inMenu.append(action->data().toString());
        }
    }
    QCOMPARE(inMenu, expected);
    const auto *placeholder = menu->findChild<QAction *>(QStringLiteral("actionNoRecentFiles"));
    QCOMPARE(placeholder && menu->actions().contains(placeholder), expected.isEmpty());
}

void TestMainWindow::clearRecentFiles()
{
    MainWindow window;
    window.addRecentFile(QStringLiteral("/traces/a.trace"));
    auto *menu = window.findChild<QMenu *>(QStringLiteral("menuOpenRecent"));
    auto *clear = menu->findChild<QAction *>(QStringLiteral("actionClearRecentFiles"));
    QVERIFY(clear);
    clear->trigger();
    QVERIFY(MainWindow::recentFiles().isEmpty());
    QCOMPARE(entryNames(menu), QStringList{QStringLiteral("actionNoRecentFiles")});
}

void TestMainWindow::openExample()
{
    // The build records the example traces where they are installed relative to bin/, so this
    // test (in the build tree's tests/) finds them as the installed app does.
    const QDir folder(QString::fromStdString(corescope::installedfiles::dataPath("examples")));
    const QFileInfoList traces =
        folder.entryInfoList({QStringLiteral("*.cstrace")}, QDir::Files, QDir::Name);
    MainWindow window;
    const auto *menu = window.findChild<QMenu *>(QStringLiteral("menuOpenExample"));
    QVERIFY(menu);
    const QList<QAction *> actions = menu->actions();
    if (traces.isEmpty()) {
        QCOMPARE(actions.size(), 1);
        QVERIFY(!actions.first()->isEnabled());
        QSKIP("built without the example traces (CORESCOPE_EXAMPLE_TRACES is OFF)");
    }
    QCOMPARE(actions.size(), traces.size());
    // Traces named after lecture presets come first, in the presets' order, by their titles:
    // the first is the first preset's runs.
    const corescope::LecturePreset &first = corescope::lecturePresets().front();
    QCOMPARE(actions.first()->text(), QString::fromStdString(first.title));
    actions.first()->trigger();
    QTRY_COMPARE(window.document()->runs().size(), first.runs.size());
}

void TestMainWindow::openFilesRemembersPaths()
{
    MainWindow window;
    const QString missing = QStringLiteral("/nonexistent/first.cstrace");
    window.openFiles({missing, missing});
    QCOMPARE(window.pendingFiles(), QStringList{missing}); // once, however often it is asked for
    QMessageBox *error = nullptr;
    QTRY_VERIFY((error = window.findChild<QMessageBox *>(QStringLiteral("errorDialog"))));
    QVERIFY2(error->text().contains(QStringLiteral("first.cstrace")), qPrintable(error->text()));
    QVERIFY(window.pendingFiles().isEmpty());
    QVERIFY(window.document()->isEmpty());
}

void TestMainWindow::saveThenOpenKeepsTheRuns()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("lecture.cstrace"));
    {
        MainWindow window;
        auto validated = corescope::validateRunSpec(
            {"sleep", "threads", 2, 2, {{"ms", "10"}}, corescope::CaptureMethod::Auto});
        QVERIFY(validated);
        auto trace = corescope::Engine().run(validated.value());
        QVERIFY(trace);
        window.document()->addRun(
            std::make_shared<const corescope::Trace>(std::move(trace).value()));
        QVERIFY(window.isWindowModified());
        QVERIFY(findAction(window, QStringLiteral("actionSave"))->isEnabled());
        QVERIFY(window.saveTo(path));
        QTRY_VERIFY(!window.isWindowModified());
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("lecture.cstrace")));
        QCOMPARE(MainWindow::recentFiles().value(0), path);
    }
    MainWindow window;
    window.openFiles({path});
    QTRY_COMPARE(window.document()->runs().size(), size_t(1));
    QCOMPARE(window.document()->runs().front()->metadata().title,
             std::string("sleep · threads · 2 workers"));
    QCOMPARE(window.document()->filePath(), path);
    QVERIFY(!window.isWindowModified());
    // The runs are drawn: the timeline replaces the welcome page, and can be fitted and exported.
    const auto *stack = qobject_cast<QStackedWidget *>(window.centralWidget());
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("timelineView"));
    QVERIFY(findAction(window, QStringLiteral("actionFitAll"))->isEnabled());
    QVERIFY(findAction(window, QStringLiteral("actionExportPng"))->isEnabled());
}

QTEST_MAIN(TestMainWindow)
void TestMainWindow::runFromThePanelAddsARun()
{
    MainWindow window;
    auto *workload = window.findChild<QComboBox *>(QStringLiteral("workloadCombo"));
    auto *model = window.findChild<QComboBox *>(QStringLiteral("modelCombo"));
    QVERIFY(workload && model);
    workload->setCurrentIndex(workload->findData(QStringLiteral("sleep")));
    model->setCurrentIndex(model->findData(QStringLiteral("threads")));
    auto *ms = window.findChild<QLineEdit *>(QStringLiteral("param_ms"));
    QVERIFY(ms);
    ms->setText(QStringLiteral("30"));
    auto *run = window.findChild<QPushButton *>(QStringLiteral("runButton"));
    QVERIFY(run);
    run->click();
    // While it runs, Run is disabled and Cancel enabled; afterwards the summary shows the run.
    QVERIFY(!findAction(window, QStringLiteral("actionRun"))->isEnabled());
    QVERIFY(findAction(window, QStringLiteral("actionCancel"))->isEnabled());
    auto *summary = window.findChild<corescope::SummaryPanel *>()->findChild<QTextBrowser *>();
    QVERIFY(summary);
    QTRY_VERIFY_WITH_TIMEOUT(
        summary->toPlainText().contains(QStringLiteral("sleep · threads · 5 workers")), 10000);
    QTRY_VERIFY(findAction(window, QStringLiteral("actionRun"))->isEnabled());
    const QString shown = summary->toPlainText();
    QVERIFY2(shown.contains(QStringLiteral("5 of 5 done")), qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("verified"))
                 && !shown.contains(QStringLiteral("not verified")),
             qPrintable(shown));
}

void TestMainWindow::invalidSpecIsReportedAndNothingRuns()
{
    MainWindow window;
    auto *workload = window.findChild<QComboBox *>(QStringLiteral("workloadCombo"));
    workload->setCurrentIndex(workload->findData(QStringLiteral("sleep")));
    window.findChild<QLineEdit *>(QStringLiteral("param_ms"))->setText(QStringLiteral("-5"));
    findAction(window, QStringLiteral("actionRun"))->trigger();
    auto *error = window.findChild<QMessageBox *>(QStringLiteral("errorDialog"));
    QVERIFY(error);
    QVERIFY2(error->text().contains(QStringLiteral("parameter 'ms': -5 is out of range")),
             qPrintable(error->text()));
    QVERIFY(findAction(window, QStringLiteral("actionRun"))->isEnabled());
}

void TestMainWindow::presetRunsStackAndRevealWaits()
{
    MainWindow window;
    auto *presets = window.findChild<corescope::PresetPanel *>();
    QVERIFY(presets);
    presets->setCurrentPreset(1); // five slow system calls: serial, threads, gil
    QCOMPARE(presets->currentPreset()->id, std::string("slow-calls"));
    QVERIFY(presets->text().contains(QStringLiteral("Predict:")));
    QVERIFY(!presets->text().contains(QStringLiteral("Reveal:")));
    window.findChild<QPushButton *>(QStringLiteral("runPresetButton"))->click();
    auto *summary = window.findChild<corescope::SummaryPanel *>()->findChild<QTextBrowser *>();
    QTRY_VERIFY_WITH_TIMEOUT(
        summary->toPlainText().contains(QStringLiteral("sleep · gil · 5 workers")), 15000);
    QTRY_VERIFY(findAction(window, QStringLiteral("actionRun"))->isEnabled());
    // Three runs, the last one selected; serial is the baseline for its speed-up.
    QVERIFY(summary->toPlainText().contains(QStringLiteral("Speed-up vs serial")));
    presets->reveal();
    QVERIFY(presets->text().contains(QStringLiteral("Reveal:")));
    findAction(window, QStringLiteral("actionClearRuns"))->trigger();
    QVERIFY(summary->toPlainText().contains(QStringLiteral("No run selected")));
}

void TestMainWindow::actionsWaitWhileBusy_data()
{
    QTest::addColumn<bool>("sweep");
    QTest::newRow("a preset's runs") << false;
    QTest::newRow("a sweep") << true;
}

// Every action that must wait follows the session's one busy signal, sweeps included (Clear
// Runs once stayed enabled during a sweep).
void TestMainWindow::actionsWaitWhileBusy()
{
    QFETCH(bool, sweep);
    MainWindow window;
    corescope::RunSpec spec{"sleep", "serial",       1,
                            4,       {{"ms", "20"}}, corescope::CaptureMethod::Auto};
    corescope::LecturePreset preset;
    if (sweep) {
        corescope::SweepSpec sweepSpec;
        sweepSpec.base = spec;
        sweepSpec.models = {"serial", "threads"};
        sweepSpec.workerCounts = {1, 2};
        preset.sweep = sweepSpec;
    } else {
        preset.runs = {spec, spec};
    }
    const auto waiting = [&](bool busy) {
        for (const char *name :
             {"actionRun", "actionRecordProgram", "actionClearRuns", "actionOpen"}) {
            if (findAction(window, QLatin1String(name))->isEnabled() == busy)
                return false;
        }
        return findAction(window, QStringLiteral("actionCancel"))->isEnabled() == busy
               && window.findChild<QPushButton *>(QStringLiteral("runButton"))->isEnabled() != busy
               && window.findChild<QPushButton *>(QStringLiteral("recordProgramButton"))
                          ->isEnabled()
                      != busy
               && window.findChild<QPushButton *>(QStringLiteral("runPresetButton"))->isEnabled()
                      != busy;
    };
    QVERIFY(waiting(false));
    window.runPreset(preset);
    QVERIFY(waiting(true));
    QTRY_VERIFY_WITH_TIMEOUT(waiting(false), 30000);
    QCOMPARE(window.document()->runs().size(), sweep ? size_t(0) : size_t(2));
    QCOMPARE(window.document()->sweep() != nullptr, sweep);
}

void TestMainWindow::exportDialogDefaultsToASlide()
{
    corescope::ExportDialog dialog(QSize(1000, 600));
    QVERIFY(!dialog.visibleRangeOnly());
    QCOMPARE(dialog.pictureSize(), QSize(1920, 1080));
    QVERIFY(dialog.theme() == corescope::Appearance{});
    auto *size = dialog.findChild<QComboBox *>(QStringLiteral("exportSize"));
    QVERIFY(size);
    QCOMPARE(size->count(), 3);
    size->setCurrentIndex(2);
    QCOMPARE(dialog.pictureSize(), QSize(1000, 600)); // the window's own size
}

void TestMainWindow::summaryLeavesOutWaitsNoThreadHad()
{
    using corescope::ThreadState;
    constexpr corescope::TimeNs ms = 1'000'000;
    corescope::TraceBuilder builder(2);
    builder.addThread(
        {1, 1, "a-rather-long-thread-name", corescope::ThreadRole::Worker, 0, 10 * ms, -1});
    builder.addThread({1, 2, "worker-b", corescope::ThreadRole::Worker, 0, 10 * ms, -1});
    builder.addSlice(0, 0, 4 * ms, 0);
    builder.addState(0, 0, 4 * ms, ThreadState::Running, 0);
    builder.addState(0, 4 * ms, 10 * ms, ThreadState::GilWait);
    builder.addSlice(1, 0, 7 * ms, 1);
    builder.addState(1, 0, 7 * ms, ThreadState::Running, 1);
    builder.addState(1, 7 * ms, 10 * ms, ThreadState::Io);
    const corescope::Trace trace = builder.build();

    QTextDocument document;
    document.setHtml(corescope::SummaryPanel::summaryHtml(trace, nullptr));
    const QString text = document.toPlainText();
    QVERIFY2(text.contains(QStringLiteral("GIL wait")) && text.contains(QStringLiteral("I/O")),
             qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("lock wait"))
                 && !text.contains(QStringLiteral("runnable")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("No thread waited for a core or a lock.")),
             qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("6.0 ms"))); // thread a's GIL wait
    QVERIFY(text.contains(QStringLiteral("3.0 ms"))); // worker-b's I/O

    // In a narrow panel a thread's name stays on one line: the panel scrolls sideways instead.
    corescope::SummaryPanel panel;
    panel.resize(160, 400);
    panel.setRuns({std::make_shared<const corescope::Trace>(trace)}, 0);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const auto *browser = panel.findChild<QTextBrowser *>();
    QTextDocument *shown = browser->document();
    (void)shown->size(); // lays the document out at the panel's width
    bool found = false;
    for (QTextBlock block = shown->begin(); block.isValid(); block = block.next()) {
        if (block.text() == QStringLiteral("a-rather-long-thread-name")) {
            found = true;
            QCOMPARE(block.layout()->lineCount(), 1);
        }
    }
    QVERIFY(found);
    QVERIFY(browser->horizontalScrollBar()->maximum() > 0);
}

void TestMainWindow::summarySaysWhatAnotherToolsTraceDoesNotHold()
{
    // Another tool's trace without core data: not recorded, never 0 µs, 0 of 0 or verified.
    corescope::TraceBuilder builder(0);
    const uint32_t thread =
        builder.addThread({1, 1, "main", corescope::ThreadRole::Worker, 0, 2'000'000, -1});
    builder.addState(thread, 0, 2'000'000, corescope::ThreadState::Running);
    builder.metadata().captureMethod = "imported Chrome trace (no core data)";
    const corescope::Trace trace = builder.build();
    QTextDocument document;
    document.setHtml(corescope::SummaryPanel::summaryHtml(trace, nullptr));
    const QString text = document.toPlainText().simplified();
    QVERIFY2(text.contains(QStringLiteral("Wall time not recorded (the events span 2.0 ms)")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("CPU time not recorded (the file has no core data)")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Tasks not recorded Results not recorded")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("The file holds no core data")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("main not recorded")), qPrintable(text)); // its running
    QVERIFY2(!text.contains(QStringLiteral("verified")) && !text.contains(QStringLiteral("0 of 0")),
             qPrintable(text));
}

void TestMainWindow::summaryListsTasksApartFromThreads()
{
    // A task of an event loop is no thread: a table of its own, its running on its thread, and
    // its waits in columns that the threads' table does not get.
    using corescope::ThreadState;
    constexpr corescope::TimeNs ms = 1'000'000;
    corescope::TraceBuilder builder(1);
    builder.addThread({1, 1, "loop", corescope::ThreadRole::Engine, 0, 10 * ms, -1});
    builder.addThread({1, 0, "fetch", corescope::ThreadRole::Task, 0, 10 * ms, -1});
    builder.addSlice(0, 0, 10 * ms, 0);
    builder.addState(0, 0, 10 * ms, ThreadState::Running, 0);
    builder.addState(1, 0, 2 * ms, ThreadState::TaskRunning);
    builder.addState(1, 2 * ms, 9 * ms, ThreadState::Awaiting);
    builder.addState(1, 9 * ms, 10 * ms, ThreadState::Ready);
    const corescope::Trace trace = builder.build();

    QTextDocument document;
    document.setHtml(corescope::SummaryPanel::summaryHtml(trace, nullptr));
    const QString text = document.toPlainText();
    const qsizetype tasks = text.indexOf(QStringLiteral("Task lanes"));
    QVERIFY2(tasks > text.indexOf(QStringLiteral("Threads")), qPrintable(text));
    const QString threadPart = text.mid(0, tasks);
    const QString taskPart = text.mid(tasks);
    QVERIFY2(threadPart.contains(QStringLiteral("loop"))
                 && !threadPart.contains(QStringLiteral("fetch"))
                 && !threadPart.contains(QStringLiteral("awaiting")),
             qPrintable(text));
    QVERIFY2(taskPart.contains(QStringLiteral("fetch"))
                 && taskPart.contains(QStringLiteral("awaiting"))
                 && taskPart.contains(QStringLiteral("loop busy")),
             qPrintable(text));
    QVERIFY(taskPart.contains(QStringLiteral("2.0 ms"))); // fetch running on its thread
    QVERIFY(taskPart.contains(QStringLiteral("7.0 ms"))); // fetch awaiting
}

#include "tst_mainwindow.moc"
