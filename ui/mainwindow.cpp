// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "appidentity.h"
#include "backgroundtask.h"
#include "charts/chartstyle.h"
#include "charts/sweepview.h"
#include "document.h"
#include "engine/lecturepresets.h"
#include "exportdialog.h"
#include "installedfiles.h"
#include "presetpanel.h"
#include "programoutputdialog.h"
#include "qtext/qtext.h"
#include "recorddialog.h"
#include "replay/replaycontroller.h"
#include "replay/replaytoolbar.h"
#include "replay/whypanel.h"
#include "runpanel.h"
#include "runsession.h"
#include "summarypanel.h"
#include "timeline/timelineexporter.h"
#include "timeline/timelineview.h"
#include "timeline/timelineviewstate.h"
#include "trace/duration.h"
#include "trace/tracefile.h"
#include "traceloader.h"
#include "version.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace corescope {

namespace {

const QString kRecentFilesKey = QStringLiteral("files/recent");
const QString kLastDirectoryKey = QStringLiteral("files/lastDirectory");
const QString kThemeKey = QStringLiteral("view/theme");
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");

constexpr QSize kDefaultSize(1280, 800);
constexpr double kDefaultScreenShare = 0.9;
constexpr int kPresetDockChars = 40;
constexpr int kSummaryDockChars = 56;

constexpr int kWelcomeIconSize = 128;
constexpr int kWelcomeTextWidth = 560;
constexpr qreal kWelcomeTitleScale = 2.2;
// Readable from the back of a lecture hall without changing the layout's proportions.
constexpr qreal kPresentationFontScale = 1.5;

/// Most of a large screen (a projector's 1920×1080 has room for every dock and a wide timeline),
/// and no more than the screen on a small one.
QSize defaultSize()
{
    const QScreen *screen = QGuiApplication::primaryScreen();
    if (!screen)
        return kDefaultSize;
    const QSize available = screen->availableSize();
    return kDefaultSize.expandedTo(available * kDefaultScreenShare).boundedTo(available);
}

QAction *makeAction(QObject *parent, const QString &objectName, const QString &text)
{
    auto *action = new QAction(text, parent);
    action->setObjectName(objectName);
    return action;
}

/// File ▸ Open Example: the traces installed with CoreScope (share/corescope/examples). A trace
/// named after a lecture preset's id is listed by its title, in the presets' order, before any
/// other; a build without examples shows a disabled line.
QMenu *makeExampleMenu(QWidget *parent, const std::function<void(const QString &)> &open)
{
    auto *menu = new QMenu(MainWindow::tr("Open E&xample"), parent);
    menu->setObjectName(QStringLiteral("menuOpenExample"));
    menu->setToolTipsVisible(true);
    const QDir folder(QString::fromStdString(installedfiles::dataPath("examples")));
    QFileInfoList traces =
        folder.entryInfoList({QStringLiteral("*.cstrace")}, QDir::Files, QDir::Name);
    const std::vector<LecturePreset> &presets = lecturePresets();
    const auto presetIndex = [&presets](const QFileInfo &trace) {
        const std::string id = trace.completeBaseName().toStdString();
        return std::find_if(presets.begin(), presets.end(),
                            [&id](const LecturePreset &preset) { return preset.id == id; })
               - presets.begin();
    };
    std::stable_sort(traces.begin(), traces.end(), [&](const QFileInfo &a, const QFileInfo &b) {
        return presetIndex(a) < presetIndex(b);
    });
    for (const QFileInfo &trace : std::as_const(traces)) {
        const auto index = size_t(presetIndex(trace));
        QAction *action =
            menu->addAction(index < presets.size() ? text(presets[index].title) : trace.fileName());
        action->setToolTip(QDir::toNativeSeparators(trace.filePath()));
        const QString path = trace.filePath();
        QObject::connect(action, &QAction::triggered, parent, [open, path] { open(path); });
    }
    if (traces.isEmpty()) {
        menu->addAction(MainWindow::tr("No Examples Installed"))->setEnabled(false);
    }
    return menu;
}

} // namespace

QList<QKeySequence> MainWindow::saveAsShortcuts()
{
    // Several platform themes (plain X11, Fusion) bind nothing to SaveAs; Ctrl+Shift+S is what
    // users expect there.
    QList<QKeySequence> shortcuts = QKeySequence::keyBindings(QKeySequence::SaveAs);
    if (shortcuts.isEmpty()) {
        shortcuts.append(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    }
    return shortcuts;
}

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_normalFont(QApplication::font())
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QLatin1String(kApplicationName));
    setWindowIcon(applicationIcon());
    resize(defaultSize());

    createActions();
    createMenus();
    createStatusBar();
    createWelcomePage();
    createRunDocks();
    createTimelineAndSweepViews();
    createReplay();
    restoreSettings();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_openAction = makeAction(this, QStringLiteral("actionOpen"), tr("&Open…"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setStatusTip(tr("Open a saved trace"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseFilesToOpen);

    m_saveAction = makeAction(this, QStringLiteral("actionSave"), tr("&Save"));
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setStatusTip(tr("Save every run of this window in one trace file"));
    connect(m_saveAction, &QAction::triggered, this, &MainWindow::save);

    m_saveAsAction = makeAction(this, QStringLiteral("actionSaveAs"), tr("Save &As…"));
    m_saveAsAction->setShortcuts(saveAsShortcuts());
    m_saveAsAction->setStatusTip(
        tr("Save the runs as a CoreScope trace or as Chrome/Perfetto JSON"));
    connect(m_saveAsAction, &QAction::triggered, this, &MainWindow::saveAs);

    m_exportPngAction = makeAction(this, QStringLiteral("actionExportPng"), tr("&Export PNG…"));
    m_exportPngAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportPngAction->setStatusTip(tr("Save the timeline as a picture for slides (PNG or SVG)"));
    connect(m_exportPngAction, &QAction::triggered, this, &MainWindow::exportTimeline);

    m_quitAction = makeAction(this, QStringLiteral("actionQuit"), tr("&Quit"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_themeGroup = new QActionGroup(this);
    m_themeGroup->setObjectName(QStringLiteral("themeGroup"));
    m_themeGroup->setExclusionPolicy(QActionGroup::ExclusionPolicy::Exclusive);
    m_lightThemeAction =
        makeAction(m_themeGroup, QStringLiteral("actionThemeLight"), tr("&Light Theme"));
    m_darkThemeAction =
        makeAction(m_themeGroup, QStringLiteral("actionThemeDark"), tr("&Dark Theme"));
    for (QAction *action : {m_lightThemeAction, m_darkThemeAction}) {
        action->setCheckable(true);
        m_themeGroup->addAction(action);
    }
    connect(m_lightThemeAction, &QAction::triggered, this, [this] { setTheme(Theme::Light); });
    connect(m_darkThemeAction, &QAction::triggered, this, [this] { setTheme(Theme::Dark); });

    m_presentationAction =
        makeAction(this, QStringLiteral("actionPresentationMode"), tr("&Presentation Mode"));
    m_presentationAction->setCheckable(true);
    m_presentationAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_presentationAction->setStatusTip(tr("Larger text for lecture halls and projectors"));
    connect(m_presentationAction, &QAction::toggled, this, &MainWindow::setPresentationMode);

    m_fitAllAction = makeAction(this, QStringLiteral("actionFitAll"), tr("&Fit All"));
    m_fitAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    m_fitAllAction->setStatusTip(tr("Show the whole trace"));
    // Nothing to fit until a trace is shown; the views enable it.
    m_fitAllAction->setEnabled(false);
    connect(m_fitAllAction, &QAction::triggered, this, &MainWindow::fitAllRequested);

    m_runAction = makeAction(this, QStringLiteral("actionRun"), tr("&Run"));
    m_runAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_runAction->setStatusTip(tr("Run what the run panel describes"));
    connect(m_runAction, &QAction::triggered, this, &MainWindow::startRun);

    m_recordAction =
        makeAction(this, QStringLiteral("actionRecordProgram"), tr("Record a &Program…"));
    m_recordAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_recordAction->setStatusTip(
        tr("Run any program (python3 script.py…) and record what its threads do on the cores"));
    connect(m_recordAction, &QAction::triggered, this, &MainWindow::recordProgram);

    m_cancelAction = makeAction(this, QStringLiteral("actionCancel"), tr("&Cancel"));
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setStatusTip(tr("Stop the run in progress; what it recorded is kept"));
    m_cancelAction->setEnabled(false);
    connect(m_cancelAction, &QAction::triggered, this, &MainWindow::cancelRun);

    m_clearRunsAction = makeAction(this, QStringLiteral("actionClearRuns"), tr("C&lear Runs"));
    m_clearRunsAction->setStatusTip(tr("Remove every run from this window"));
    connect(m_clearRunsAction, &QAction::triggered, this, &MainWindow::clearRuns);

    m_aboutAction = makeAction(this, QStringLiteral("actionAbout"), tr("&About CoreScope"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    m_aboutQtAction = makeAction(this, QStringLiteral("actionAboutQt"), tr("About &Qt"));
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->setObjectName(QStringLiteral("menuFile"));
    // Disabled placeholders explain themselves in a tooltip.
    fileMenu->setToolTipsVisible(true);
    fileMenu->addAction(m_openAction);
    m_recentMenu = fileMenu->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("menuOpenRecent"));
    m_recentMenu->setToolTipsVisible(true);
    // Another window or process may have changed the list since it was last shown.
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentFilesMenu);
    rebuildRecentFilesMenu();
    fileMenu->addMenu(makeExampleMenu(this, [this](const QString &path) { openFiles({path}); }));
    fileMenu->addSeparator();
    fileMenu->addAction(m_saveAction);
    fileMenu->addAction(m_saveAsAction);
    fileMenu->addAction(m_exportPngAction);
    fileMenu->addSeparator();
    fileMenu->addAction(m_quitAction);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->setObjectName(QStringLiteral("menuView"));
    viewMenu->setToolTipsVisible(true);
    viewMenu->addAction(m_lightThemeAction);
    viewMenu->addAction(m_darkThemeAction);
    viewMenu->addSeparator();
    viewMenu->addAction(m_presentationAction);
    viewMenu->addAction(m_fitAllAction);

    QMenu *runMenu = menuBar()->addMenu(tr("&Run"));
    runMenu->setObjectName(QStringLiteral("menuRun"));
    runMenu->setToolTipsVisible(true);
    runMenu->addAction(m_runAction);
    runMenu->addAction(m_recordAction);
    runMenu->addAction(m_cancelAction);
    runMenu->addSeparator();
    runMenu->addAction(m_clearRunsAction);

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->setObjectName(QStringLiteral("menuHelp"));
    helpMenu->addAction(m_aboutAction);
    helpMenu->addAction(m_aboutQtAction);
}

void MainWindow::createStatusBar()
{
    // A permanent label, not showMessage(): temporary messages and menu status tips overlay it
    // and it comes back afterwards.
    m_statusLabel = new QLabel(tr("Ready"), this);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    statusBar()->addWidget(m_statusLabel, 1);

    m_programOutputLink =
        new QLabel(QStringLiteral("<a href=\"output\">%1</a>").arg(tr("Program output")), this);
    m_programOutputLink->setObjectName(QStringLiteral("programOutputLink"));
    m_programOutputLink->setToolTip(tr("What the recorded program wrote to stdout and stderr"));
    m_programOutputLink->hide(); // until a program is recorded
    connect(m_programOutputLink, &QLabel::linkActivated, this, &MainWindow::showProgramOutput);
    statusBar()->addPermanentWidget(m_programOutputLink);

    m_loadProgress = new QProgressBar(this);
    m_loadProgress->setObjectName(QStringLiteral("loadProgress"));
    m_loadProgress->setMaximumWidth(200);
    m_loadProgress->setTextVisible(false);
    m_loadProgress->hide();
    statusBar()->addPermanentWidget(m_loadProgress);
    m_loader = new TraceLoader(this);
    connect(m_loader, &TraceLoader::progressChanged, this, [this](qint64 done, qint64 total) {
        // Per mille: a QProgressBar counts in int, and files may be larger than 2 GB.
        m_loadProgress->setRange(0, total > 0 ? 1000 : 0);
        m_loadProgress->setValue(total > 0 ? int(done * 1000 / total) : 0);
        m_loadProgress->setVisible(!m_loader->pending().isEmpty());
    });
    connect(m_loader, &TraceLoader::loaded, this, &MainWindow::onFileLoaded);
    connect(m_loader, &TraceLoader::failed, this,
            [this](const QString &path, const QString &message) {
                showError(tr("Cannot open %1").arg(QFileInfo(path).fileName()), message);
            });
}

QStringList MainWindow::pendingFiles() const
{
    return m_loader->pending();
}

void MainWindow::createWelcomePage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("welcomePage"));

    auto *icon = new QLabel(page);
    icon->setObjectName(QStringLiteral("welcomeIcon"));
    icon->setPixmap(applicationIcon().pixmap(QSize(kWelcomeIconSize, kWelcomeIconSize)));
    icon->setAlignment(Qt::AlignCenter);

    m_welcomeTitle = new QLabel(tr("Open a trace or run a workload"), page);
    m_welcomeTitle->setObjectName(QStringLiteral("welcomeTitle"));
    m_welcomeTitle->setAlignment(Qt::AlignCenter);
    updateWelcomeTitleFont();

    auto *explanation = new QLabel(
        tr("CoreScope draws what each CPU core of this machine really does, moment by moment: "
           "which thread or process runs where, and when threads wait for a core, for I/O, for "
           "a lock or for an interpreter lock."),
        page);
    explanation->setObjectName(QStringLiteral("welcomeExplanation"));
    explanation->setAlignment(Qt::AlignCenter);
    explanation->setWordWrap(true);
    explanation->setFixedWidth(kWelcomeTextWidth);
    // A palette role, not a fixed colour, so the muted text follows the theme.
    explanation->setForegroundRole(QPalette::PlaceholderText);

    auto *openButton = new QPushButton(tr("Open Trace…"), page);
    openButton->setObjectName(QStringLiteral("welcomeOpenButton"));
    connect(openButton, &QPushButton::clicked, m_openAction, &QAction::trigger);

    auto *recordButton = new QPushButton(tr("Record a Program…"), page);
    recordButton->setObjectName(QStringLiteral("welcomeRecordButton"));
    connect(recordButton, &QPushButton::clicked, m_recordAction, &QAction::trigger);

    auto *runButton = new QPushButton(tr("Run a Workload…"), page);
    runButton->setObjectName(QStringLiteral("welcomeRunButton"));
    // The button mirrors the action, so it enables itself when the engine lands.
    const auto syncRunButton = [runButton, this] {
        runButton->setEnabled(m_runAction->isEnabled());
        runButton->setToolTip(m_runAction->isEnabled() ? QString() : m_runAction->toolTip());
    };
    syncRunButton();
    connect(m_runAction, &QAction::changed, runButton, syncRunButton);
    connect(runButton, &QPushButton::clicked, m_runAction, &QAction::trigger);

    for (QPushButton *button : {openButton, runButton, recordButton}) {
        button->setMinimumWidth(button->sizeHint().width() + 2 * button->fontMetrics().height());
    }

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(openButton);
    buttons->addWidget(runButton);
    buttons->addWidget(recordButton);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(page);
    layout->addStretch(3);
    layout->addWidget(icon);
    layout->addSpacing(fontMetrics().height());
    layout->addWidget(m_welcomeTitle);
    layout->addSpacing(fontMetrics().height() / 2);
    // Centred by stretches, not by an alignment flag: an aligned layout item ignores
    // heightForWidth() and would clip the wrapped text.
    auto *explanationRow = new QHBoxLayout;
    explanationRow->addStretch();
    explanationRow->addWidget(explanation);
    explanationRow->addStretch();
    layout->addLayout(explanationRow);
    layout->addSpacing(fontMetrics().height() * 3 / 2);
    layout->addLayout(buttons);
    layout->addStretch(4);

    m_welcomePage = page;
    m_central = new QStackedWidget(this);
    m_central->setObjectName(QStringLiteral("centralStack"));
    m_central->addWidget(page);
    setCentralWidget(m_central);
}

void MainWindow::createRunDocks()
{
    m_document = new Document(this);
    m_session = new RunSession(m_document, this);

    m_runPanel = new RunPanel(this);
    m_runDock = new QDockWidget(tr("Run"), this);
    m_runDock->setObjectName(QStringLiteral("runDock"));
    m_runDock->setWidget(m_runPanel);
    addDockWidget(Qt::LeftDockWidgetArea, m_runDock);

    m_summaryPanel = new SummaryPanel(this);
    m_summaryDock = new QDockWidget(tr("Summary"), this);
    m_summaryDock->setObjectName(QStringLiteral("summaryDock"));
    m_summaryDock->setWidget(m_summaryPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_summaryDock);

    m_presetPanel = new PresetPanel(this);
    m_presetDock = new QDockWidget(tr("Lecture Presets"), this);
    m_presetDock->setObjectName(QStringLiteral("presetDock"));
    m_presetDock->setWidget(m_presetPanel);
    addDockWidget(Qt::LeftDockWidgetArea, m_presetDock);
    tabifyDockWidget(m_presetDock, m_runDock);
    m_presetDock->raise();
    // Wide enough for a preset's title on two lines and the summary's thread table without
    // scrolling; a saved window state overrides this.
    const int charWidth = fontMetrics().averageCharWidth();
    resizeDocks({m_presetDock, m_summaryDock},
                {kPresetDockChars * charWidth, kSummaryDockChars * charWidth}, Qt::Horizontal);
    connect(m_presetPanel, &PresetPanel::runPresetRequested, this, &MainWindow::runPreset);

    connect(m_runPanel, &RunPanel::runRequested, this, &MainWindow::startRun);
    connect(m_runPanel, &RunPanel::cancelRequested, this, &MainWindow::cancelRun);
    connect(m_runPanel, &RunPanel::recordRequested, m_recordAction, &QAction::trigger);
    connect(m_session, &RunSession::busyChanged, this, &MainWindow::applyBusy);
    connect(m_session, &RunSession::progressChanged, m_runPanel, &RunPanel::setProgress);
    connect(m_session, &RunSession::runStarted, this, [this](const RunSpec &spec) {
        m_statusLabel->setText(
            tr("Running %1 on %2…")
                .arg(QString::fromStdString(spec.workload), QString::fromStdString(spec.model)));
    });
    connect(m_session, &RunSession::runFinished, this, [this](std::shared_ptr<const Trace> trace) {
        const TraceMetadata &m = trace->metadata();
        m_statusLabel->setText(tr("%1 %2 in %3")
                                   .arg(QString::fromStdString(m.title),
                                        m.cancelled ? tr("cancelled") : tr("finished"),
                                        text(formatDuration(m.wallNs))));
    });
    connect(m_session, &RunSession::runFailed, this,
            [this](const QString &message) { showError(tr("The run failed"), message); });
    connect(m_session, &RunSession::recordingStarted, this, [this](const QString &command) {
        m_statusLabel->setText(tr("Recording %1… (Cancel stops it)").arg(command));
        m_programOutputLink->hide(); // the latest recording's, once it has any
    });
    connect(m_session, &RunSession::programStarted, m_programOutputLink, &QWidget::show);
    connect(m_session, &RunSession::recordingFailed, this, [this](const QString &message) {
        showError(tr("Cannot record this program"), message);
    });
    connect(m_session, &RunSession::sweepStarted, this, [this](const SweepSpec &spec) {
        m_statusLabel->setText(tr("Sweeping %1…").arg(QString::fromStdString(spec.base.workload)));
    });
    connect(m_session, &RunSession::sweepProgressChanged, this,
            [this](int done, int total, const QString &what) {
                m_statusLabel->setText(
                    tr("Sweep: %1 (%2 of %3 runs)").arg(what).arg(done).arg(total));
            });
    connect(m_session, &RunSession::sweepFinished, this, [this](bool cancelled) {
        m_statusLabel->setText(cancelled ? tr("Sweep cancelled") : tr("Sweep finished"));
    });
    connect(m_session, &RunSession::sweepFailed, this,
            [this](const QString &message) { showError(tr("The sweep failed"), message); });
    connect(m_document, &Document::runsChanged, this, &MainWindow::onRunsChanged);
    connect(m_document, &Document::modifiedChanged, this, &QWidget::setWindowModified);
    setAcceptDrops(true);
    m_exportPngAction->setEnabled(false);
    updateFileActions();
}

void MainWindow::createTimelineAndSweepViews()
{
    m_viewState = new TimelineViewState(this);
    m_timeline = new TimelineView(m_viewState, this);
    m_timeline->setObjectName(QStringLiteral("timelineView"));
    m_central->addWidget(m_timeline);
    connect(this, &MainWindow::fitAllRequested, m_timeline, &TimelineView::fitAll);
    connect(m_timeline, &TimelineView::threadClicked, this,
            [this](int run, uint32_t) { m_summaryPanel->setRuns(m_document->visibleRuns(), run); });

    m_sweepView = new SweepView(this);
    m_sweepDock = new QDockWidget(tr("Sweep"), this);
    m_sweepDock->setObjectName(QStringLiteral("sweepDock"));
    m_sweepDock->setWidget(m_sweepView);
    addDockWidget(Qt::BottomDockWidgetArea, m_sweepDock);
    m_sweepDock->hide();
    connect(m_document, &Document::sweepChanged, this, &MainWindow::onSweepChanged);
    connect(m_sweepView, &SweepView::openRun, m_document, &Document::addSweepRun);
    connect(m_sweepView, &SweepView::exportFailed, this,
            [this](const QString &message) { showError(tr("Cannot export the chart"), message); });
}

void MainWindow::createReplay()
{
    m_replay = new ReplayController(m_viewState, m_timeline->cache(), this);
    auto *toolBar = new ReplayToolBar(m_replay, this);
    addToolBar(Qt::TopToolBarArea, toolBar);
    QMenu *replayMenu = new QMenu(tr("Re&play"), this);
    replayMenu->setObjectName(QStringLiteral("menuReplay"));
    for (QAction *action : toolBar->menuActions()) {
        if (action)
            replayMenu->addAction(action);
        else
            replayMenu->addSeparator();
    }
    menuBar()->insertMenu(menuBar()->actions().constLast(), replayMenu);

    m_whyPanel = new WhyPanel(m_replay, m_viewState, this);
    m_whyDock = new QDockWidget(tr("Why?"), this);
    m_whyDock->setObjectName(QStringLiteral("whyDock"));
    m_whyDock->setWidget(m_whyPanel);
    // Below the summary, so that both show while a replay plays.
    addDockWidget(Qt::RightDockWidgetArea, m_whyDock, Qt::Vertical);
    connect(m_presetPanel, &PresetPanel::revealed, m_replay, &ReplayController::revealAll);
    connect(m_viewState, &TimelineViewState::playheadChanged, this,
            [this] { m_summaryPanel->setPlayhead(m_viewState->playhead()); });
}

void MainWindow::applyAppearance()
{
    applyTheme(m_appearance.scheme);
    QFont font = m_normalFont;
    if (m_appearance.presentation) {
        if (font.pointSizeF() > 0)
            font.setPointSizeF(font.pointSizeF() * kPresentationFontScale);
        else
            font.setPixelSize(qRound(font.pixelSize() * kPresentationFontScale));
    }
    QApplication::setFont(font);
    m_timeline->setTheme(TimelineTheme::forAppearance(m_appearance));
    if (m_whyPanel)
        m_whyPanel->setTheme(TimelineTheme::forAppearance(m_appearance));
    m_sweepView->setAppearance(m_appearance);
}

void MainWindow::runSweep(const SweepSpec &spec)
{
    if (m_session->isBusy())
        return;
    if (const Status started = m_session->runSweep(spec); !started)
        showError(tr("Cannot run this sweep"), QString::fromStdString(started.error()));
}

void MainWindow::exportTimeline()
{
    if (m_document->visibleRuns().empty())
        return;
    ExportDialog choices(m_timeline->viewport()->size(), this);
    if (choices.exec() != QDialog::Accepted)
        return;
    QSettings settings;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Timeline"),
        QDir(settings.value(kLastDirectoryKey, QDir::homePath()).toString())
            .filePath(QStringLiteral("timeline.png")),
        tr("PNG pictures (*.png);;SVG drawings (*.svg)"));
    if (path.isEmpty())
        return;
    settings.setValue(kLastDirectoryKey, QFileInfo(path).absolutePath());
    ExportOptions options = m_timeline->exportOptions(choices.visibleRangeOnly());
    options.theme = choices.theme();
    QString error;
    // Through the view: it reuses the level-of-detail summaries it already built.
    if (!m_timeline->exportFile(path, choices.pictureSize(), options, &error)) {
        showError(tr("Cannot export the timeline"), error);
        return;
    }
    m_statusLabel->setText(tr("Exported %1").arg(QDir::toNativeSeparators(path)));
}

void MainWindow::startRun()
{
    if (m_session->isBusy())
        return;
    if (const Status started = m_session->run({m_runPanel->spec()}); !started)
        showError(tr("Cannot run this"), QString::fromStdString(started.error()));
}

void MainWindow::recordProgram()
{
    if (m_session->isBusy())
        return;
    auto *dialog = new RecordDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // Accepted only once the form checks.
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (const Status started = m_session->record(dialog->options().value()); !started)
            showError(tr("Cannot record this program"), QString::fromStdString(started.error()));
    });
    dialog->open();
}

void MainWindow::showProgramOutput()
{
    if (m_session->outputFile().isEmpty())
        return;
    auto *dialog = new ProgramOutputDialog(m_session->outputFile(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::cancelRun()
{
    m_session->cancel();
}

void MainWindow::runPreset(const LecturePreset &preset)
{
    if (m_session->isBusy())
        return;
    if (m_presetPanel->predictsFirst())
        m_replay->predictFromStart();
    if (const Status started = m_session->runPreset(preset); !started)
        showError(tr("Cannot run this preset"), QString::fromStdString(started.error()));
}

void MainWindow::clearRuns()
{
    m_session->clearRuns();
}

void MainWindow::applyBusy(bool busy)
{
    m_runAction->setEnabled(!busy);
    m_recordAction->setEnabled(!busy);
    m_cancelAction->setEnabled(busy);
    m_clearRunsAction->setEnabled(!busy);
    // A file opened now would land between the run's live trace and its end.
    m_openAction->setEnabled(!busy);
    m_recentMenu->setEnabled(!busy);
    m_runPanel->setRunning(busy);
    m_presetPanel->setRunning(busy);
}

void MainWindow::showError(const QString &title, const QString &message)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    m_statusLabel->setText(message);
}

void MainWindow::onRunsChanged()
{
    const auto runs = m_document->visibleRuns();
    m_summaryPanel->setRuns(runs, int(runs.size()) - 1);
    if (m_timeline) {
        m_timeline->setRuns(runs);
        m_central->setCurrentWidget(runs.empty() ? m_welcomePage
                                                 : static_cast<QWidget *>(m_timeline));
    }
    // After the timeline, which carries what it derived from a live run's last snapshot over
    // to the new one in the cache they share.
    if (m_replay) {
        m_replay->setRuns(runs);
        m_whyPanel->runsChanged();
    }
    m_fitAllAction->setEnabled(!runs.empty());
    m_exportPngAction->setEnabled(!runs.empty());
    updateFileActions();
}

void MainWindow::onSweepChanged()
{
    const auto &sweep = m_document->sweep();
    m_sweepView->setSweep(sweep);
    m_sweepDock->setVisible(sweep != nullptr);
    if (sweep)
        m_sweepDock->raise();
    updateFileActions();
}

void MainWindow::updateFileActions()
{
    const bool haveContent = m_document->hasContent();
    m_saveAction->setEnabled(haveContent);
    m_saveAsAction->setEnabled(haveContent);
    if (m_document->isEmpty() && m_document->filePath().isEmpty()) {
        setWindowTitle(QLatin1String(kApplicationName));
        return;
    }
    const QString name = m_document->filePath().isEmpty()
                             ? tr("Untitled")
                             : QFileInfo(m_document->filePath()).fileName();
    setWindowTitle(QStringLiteral("%1[*] — %2").arg(name, QLatin1String(kApplicationName)));
}

void MainWindow::save()
{
    const QString path = m_document->filePath();
    if (path.isEmpty() || !TraceFile::formatForPath(path.toStdString()))
        saveAs();
    else
        saveTo(path);
}

void MainWindow::saveAs()
{
    QSettings settings;
    const QString nativeFilter = tr("CoreScope traces (*.cstrace)");
    const QString jsonFilter = tr("Chrome/Perfetto JSON (*.json)");
    QString filter = nativeFilter;
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save Runs"),
        QDir(settings.value(kLastDirectoryKey, QDir::homePath()).toString())
            .filePath(QStringLiteral("runs.cstrace")),
        nativeFilter + QStringLiteral(";;") + jsonFilter, &filter);
    if (path.isEmpty())
        return;
    if (!TraceFile::formatForPath(path.toStdString()))
        path += filter == jsonFilter ? QStringLiteral(".json") : QStringLiteral(".cstrace");
    settings.setValue(kLastDirectoryKey, QFileInfo(path).absolutePath());
    saveTo(path);
}

bool MainWindow::saveTo(const QString &path)
{
    if (!m_document->hasContent())
        return false;
    // Shared with the document, so that saving copies no trace and a run cleared meanwhile
    // still reaches the file.
    Document::Contents contents = m_document->contents();
    m_statusLabel->setText(tr("Saving %1…").arg(QFileInfo(path).fileName()));
    m_saveAction->setEnabled(false);
    m_saveAsAction->setEnabled(false);
    runInBackground(
        this,
        [contents = std::move(contents), target = path.toStdString()] {
            return contents.save(target);
        },
        [this, path](Status status) {
            updateFileActions();
            if (!status.ok()) {
                showError(tr("Cannot save"), QString::fromStdString(status.error()));
                return;
            }
            m_document->setFilePath(path);
            m_document->setModified(false);
            addRecentFile(path);
            updateFileActions();
            m_statusLabel->setText(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
        });
    return true;
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    }
    openFiles(paths);
    event->acceptProposedAction();
}

void MainWindow::updateWelcomeTitleFont()
{
    if (!m_welcomeTitle) {
        return;
    }
    // Derived from the window's font so presentation mode scales the title as well.
    QFont titleFont = font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * kWelcomeTitleScale);
    titleFont.setWeight(QFont::DemiBold);
    m_welcomeTitle->setFont(titleFont);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        updateWelcomeTitleFont();
    }
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    setTheme(themeFromKey(settings.value(kThemeKey).toString()).value_or(Theme::Light));
    const QByteArray geometry = settings.value(kGeometryKey).toByteArray();
    if (!geometry.isEmpty()) {
        restoreGeometry(geometry);
    }
    const QByteArray state = settings.value(kStateKey).toByteArray();
    if (!state.isEmpty()) {
        restoreState(state);
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    QMainWindow::closeEvent(event);
}

QString MainWindow::aboutText()
{
    const QString runtimeQt = QString::fromLatin1(qVersion());
    const QString buildQt = QStringLiteral(QT_VERSION_STR);
    QString qtLine = tr("Uses Qt %1").arg(runtimeQt);
    if (runtimeQt != buildQt) {
        qtLine += tr(" (built with Qt %1)").arg(buildQt);
    }
    return QStringLiteral("<h3>%1 %2</h3><p>%3</p><p>%4.<br>Released under the MIT licence.</p>")
        .arg(QLatin1String(kApplicationName), QLatin1String(kVersion),
             applicationDescription().toHtmlEscaped(), qtLine.toHtmlEscaped());
}

void MainWindow::showAbout()
{
    // Window-modal and non-blocking (open(), not exec()), so tests and screenshots can inspect
    // it while the event loop runs.
    auto *box = new QMessageBox(this);
    box->setObjectName(QStringLiteral("aboutDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowTitle(tr("About %1").arg(QLatin1String(kApplicationName)));
    box->setIconPixmap(applicationIcon().pixmap(QSize(64, 64)));
    box->setTextFormat(Qt::RichText);
    box->setText(aboutText());
    box->setStandardButtons(QMessageBox::Ok);
    box->open();
}

void MainWindow::setAppearance(Appearance appearance)
{
    const Appearance old = m_appearance;
    m_appearance = appearance;
    // Applied even when unchanged: the first call (from the saved settings) sets the palette.
    applyAppearance();
    (appearance.isDark() ? m_darkThemeAction : m_lightThemeAction)->setChecked(true);
    m_presentationAction->setChecked(appearance.presentation);
    QSettings().setValue(kThemeKey, themeKey(appearance.scheme));
    if (appearance == old)
        return;
    emit appearanceChanged(appearance);
    if (appearance.scheme != old.scheme)
        emit themeChanged(appearance.scheme);
    if (appearance.presentation != old.presentation)
        emit presentationModeChanged(appearance.presentation);
}

void MainWindow::setTheme(Theme theme)
{
    setAppearance({theme, m_appearance.presentation});
}

void MainWindow::setPresentationMode(bool enabled)
{
    setAppearance({m_appearance.scheme, enabled});
}

void MainWindow::chooseFilesToOpen()
{
    QSettings settings;
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Open Trace"), settings.value(kLastDirectoryKey, QDir::homePath()).toString(),
        tr("All files (*)"));
    if (paths.isEmpty()) {
        return;
    }
    settings.setValue(kLastDirectoryKey, QFileInfo(paths.constFirst()).absolutePath());
    openFiles(paths);
}

void MainWindow::openFiles(const QStringList &paths)
{
    if (m_session->isBusy()) {
        m_statusLabel->setText(tr("Files open once the run in progress has ended"));
        return;
    }
    for (const QString &path : paths) {
        const QString absolute = QFileInfo(path).absoluteFilePath();
        if (m_loader->load(absolute))
            m_statusLabel->setText(tr("Opening %1…").arg(QFileInfo(absolute).fileName()));
    }
}

void MainWindow::onFileLoaded(const QString &path, Document::RunList runs,
                              std::shared_ptr<const SweepResult> sweep)
{
    m_document->addFile(std::move(runs), std::move(sweep), path);
    addRecentFile(path); // the document's signals have updated the actions and the title
    m_statusLabel->setText(tr("Opened %1").arg(QDir::toNativeSeparators(path)));
}

QStringList MainWindow::recentFiles()
{
    return QSettings().value(kRecentFilesKey).toStringList();
}

void MainWindow::addRecentFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles) {
        files.removeLast();
    }
    QSettings().setValue(kRecentFilesKey, files);
    rebuildRecentFilesMenu();
}

void MainWindow::clearRecentFiles()
{
    QSettings().remove(kRecentFilesKey);
    rebuildRecentFilesMenu();
}

void MainWindow::rebuildRecentFilesMenu()
{
    // Not QMenu::clear(): that deletes the actions at once, and "Clear Recent Files" calls this
    // from inside its own triggered() signal.
    const QList<QAction *> old = m_recentMenu->actions();
    for (QAction *action : old) {
        m_recentMenu->removeAction(action);
        if (action->parent() == m_recentMenu) {
            // Out of the object tree at once, so findChild() never sees the stale entries.
            action->setParent(nullptr);
            action->deleteLater();
        }
    }
    const QStringList files = recentFiles();
    if (files.isEmpty()) {
        QAction *none = m_recentMenu->addAction(tr("No Recent Files"));
        none->setObjectName(QStringLiteral("actionNoRecentFiles"));
        none->setEnabled(false);
        return;
    }
    for (qsizetype i = 0; i < files.size(); ++i) {
        const QString &path = files.at(i);
        // Numbered mnemonics for the first nine, as in most editors.
        const QString prefix = i < 9 ? QStringLiteral("&%1  ").arg(i + 1) : QString();
        QAction *action = m_recentMenu->addAction(prefix + QFileInfo(path).fileName());
        action->setObjectName(QStringLiteral("actionRecentFile%1").arg(i));
        action->setData(path);
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setStatusTip(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { openFiles({path}); });
    }
    m_recentMenu->addSeparator();
    QAction *clear = m_recentMenu->addAction(tr("&Clear Recent Files"));
    clear->setObjectName(QStringLiteral("actionClearRecentFiles"));
    connect(clear, &QAction::triggered, this, &MainWindow::clearRecentFiles);
}

} // namespace corescope
