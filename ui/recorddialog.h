// SPDX-License-Identifier: MIT
#pragma once

#include "record/programrecorder.h"
#include "result.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace corescope {

/// Run ▸ Record a Program…: the command line (split as a shell splits it, with the recent ones
/// to pick from), the folder it runs in, how its time on the cores is captured, whether Python's
/// GIL and thread names are recorded, and the run's title. Record checks the form first and
/// names the field that is wrong; the dialog stays open until it is right.
///
/// Object names are stable for tests: "commandCombo", "folderEdit", "browseButton",
/// "captureCombo", "pythonCheck", "titleEdit", "messageLabel", "recordButton".
class RecordDialog : public QDialog
{
    Q_OBJECT

public:
    /// Most recent commands kept in the command's list.
    static constexpr int kMaxRecentCommands = 10;

    explicit RecordDialog(QWidget *parent = nullptr);

    /// What the form says, checked: an error names the field ("Command: …", "Working folder: …").
    [[nodiscard]] Result<RecordOptions> options() const;

    /// Commands recorded before, most recent first (read from QSettings).
    [[nodiscard]] static QStringList recentCommands();
    /// Puts `command` first in the recent commands, removing an older copy and the oldest
    /// beyond kMaxRecentCommands.
    static void addRecentCommand(const QString &command);

public slots:
    /// Records only a form that checks; otherwise shows why, at the field that is wrong.
    void accept() override;

private:
    /// options(), and the field an error is about, for the cursor to go to.
    [[nodiscard]] Result<RecordOptions> check(QWidget **wrongField) const;
    void chooseFolder();

    QComboBox *m_command = nullptr;
    QLineEdit *m_folder = nullptr;
    QComboBox *m_capture = nullptr;
    QCheckBox *m_python = nullptr;
    QLineEdit *m_title = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace corescope
