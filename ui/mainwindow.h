// SPDX-License-Identifier: MIT
#pragma once

#include "theme.h"

#include <QFont>
#include <QKeySequence>
#include <QList>
#include <QMainWindow>
#include <QStringList>

#include <memory>
#include <vector>

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QStackedWidget;

namespace corescope {

class Document;
class PresetPanel;
class SweepView;
class TimelineView;
class TimelineViewState;
class TraceLoader;
class RunPanel;
class RunSession;
class SummaryPanel;
class ReplayController;
class WhyPanel;
class Trace;
struct LecturePreset;
struct SweepResult;
struct SweepSpec;

/// The one top-level window: menus, the status bar and, until a trace is open, a welcome page.
///
/// Object names of the window, its menus and its actions are stable API for tests and for
/// automation (see tst_mainwindow), e.g. "actionOpen", "menuView", "statusLabel".
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// Most recent files kept in File ▸ Open Recent.
    static constexpr int kMaxRecentFiles = 10;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Save As shortcuts: the platform's, or Ctrl+Shift+S where the platform has none.
    [[nodiscard]] static QList<QKeySequence> saveAsShortcuts();

    /// The About box's rich text: name, version, description, Qt versions.
    [[nodiscard]] static QString aboutText();

    /// The colour scheme and presentation mode the whole window follows.
    [[nodiscard]] Appearance appearance() const { return m_appearance; }
    [[nodiscard]] Theme theme() const { return m_appearance.scheme; }
    /// Files given to openFiles() that are still loading.
    [[nodiscard]] QStringList pendingFiles() const;
    [[nodiscard]] Document *document() const { return m_document; }
    [[nodiscard]] RunSession *session() const { return m_session; }
    [[nodiscard]] bool isPresentationMode() const { return m_appearance.presentation; }

    /// Files in File ▸ Open Recent, most recent first (read from QSettings).
    [[nodiscard]] static QStringList recentFiles();
    /// Puts path first in the recent files list, removing older duplicates.
    void addRecentFile(const QString &path);
    void clearRecentFiles();

public slots:
    /// Opens trace files (native or Chrome/Perfetto JSON) off the GUI thread, with a progress
    /// bar; their runs join the window's (an empty window takes the first file's name) and a
    /// file's sweep replaces the window's. Errors go to showError().
    void openFiles(const QStringList &paths);
    void setAppearance(corescope::Appearance appearance);
    void setTheme(corescope::Theme theme);
    /// Larger fonts for lecture halls; the views will follow the application font.
    void setPresentationMode(bool enabled);
    void showAbout();
    /// Saves every run to `path` (format by extension) off the GUI thread; false if refused.
    bool saveTo(const QString &path);
    /// Runs what the run panel says; a spec that does not validate is reported, nothing runs.
    void startRun();
    /// Run ▸ Record a Program…: asks for a command (window-modal, not blocking) and records it;
    /// the run grows live on the timeline and joins the others when it ends or is stopped.
    void recordProgram();
    /// What the latest recorded program wrote (stdout and stderr), in a dialog.
    void showProgramOutput();
    void cancelRun();
    /// Runs a lecture preset's runs one after another; they stack on one time axis.
    void runPreset(const corescope::LecturePreset &preset);
    /// Removes every run from the window.
    void clearRuns();
    /// Exports the timeline (the whole trace, 1920×1080, light theme) as PNG or SVG.
    void exportTimeline();
    /// Runs a sweep preset; its charts appear in the Sweep dock.
    void runSweep(const corescope::SweepSpec &spec);
    /// The one place errors reach the user: a dialog with the core's message.
    void showError(const QString &title, const QString &message);

signals:
    void appearanceChanged(corescope::Appearance appearance);
    void themeChanged(corescope::Theme theme);
    void presentationModeChanged(bool enabled);
    /// View ▸ Fit All: every view shows the whole trace.
    void fitAllRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createStatusBar();
    void createWelcomePage();
    void createRunDocks();
    void onRunsChanged();
    void onSweepChanged();
    void onFileLoaded(const QString &path, std::vector<std::shared_ptr<const Trace>> runs,
                      std::shared_ptr<const SweepResult> sweep);
    /// The one place the busy state of the run session reaches the actions and panels.
    void applyBusy(bool busy);
    void createTimelineAndSweepViews();
    /// The replay's controller, tool bar, menu and Why? panel.
    void createReplay();
    /// The one place the appearance reaches the palette, the font, the timeline and the charts.
    void applyAppearance();
    void rebuildRecentFilesMenu();
    void chooseFilesToOpen();
    void save();
    void saveAs();
    void updateFileActions();
    void restoreSettings();
    void updateWelcomeTitleFont();

    QAction *m_openAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_saveAsAction = nullptr;
    QAction *m_exportPngAction = nullptr;
    QAction *m_quitAction = nullptr;
    QActionGroup *m_themeGroup = nullptr;
    QAction *m_lightThemeAction = nullptr;
    QAction *m_darkThemeAction = nullptr;
    QAction *m_presentationAction = nullptr;
    QAction *m_fitAllAction = nullptr;
    QAction *m_runAction = nullptr;
    QAction *m_recordAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;
    QMenu *m_recentMenu = nullptr;
    QLabel *m_statusLabel = nullptr;
    /// "Program output": a link to what the latest recorded program wrote.
    QLabel *m_programOutputLink = nullptr;
    QLabel *m_welcomeTitle = nullptr;
    QStackedWidget *m_central = nullptr;
    QWidget *m_welcomePage = nullptr;
    Document *m_document = nullptr;
    RunSession *m_session = nullptr;
    RunPanel *m_runPanel = nullptr;
    SummaryPanel *m_summaryPanel = nullptr;
    ReplayController *m_replay = nullptr;
    WhyPanel *m_whyPanel = nullptr;
    QDockWidget *m_whyDock = nullptr;
    PresetPanel *m_presetPanel = nullptr;
    QDockWidget *m_presetDock = nullptr;
    QAction *m_clearRunsAction = nullptr;
    TimelineViewState *m_viewState = nullptr;
    TimelineView *m_timeline = nullptr;
    SweepView *m_sweepView = nullptr;
    QDockWidget *m_sweepDock = nullptr;
    QDockWidget *m_runDock = nullptr;
    QDockWidget *m_summaryDock = nullptr;

    TraceLoader *m_loader = nullptr;
    QProgressBar *m_loadProgress = nullptr;
    Appearance m_appearance;
    QFont m_normalFont;
};

} // namespace corescope
