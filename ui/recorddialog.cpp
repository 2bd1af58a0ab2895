// SPDX-License-Identifier: MIT
#include "recorddialog.h"

#include "record/shellwords.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace corescope {
namespace {

const QString kRecentCommandsKey = QStringLiteral("record/recentCommands");
const QString kLastFolderKey = QStringLiteral("record/lastFolder");

constexpr int kCommandChars = 60;

} // namespace

RecordDialog::RecordDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("recordDialog"));
    setWindowTitle(tr("Record a Program"));

    m_command = new QComboBox(this);
    m_command->setObjectName(QStringLiteral("commandCombo"));
    m_command->setEditable(true);
    m_command->setInsertPolicy(QComboBox::NoInsert); // the list is the recent commands only
    m_command->addItems(recentCommands());
    m_command->setCurrentIndex(-1);
    m_command->lineEdit()->setPlaceholderText(tr("python3 counting.py threads"));
    m_command->setMinimumContentsLength(kCommandChars);
    m_command->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_command->setToolTip(
        tr("The program and its arguments, split as a shell splits them: quote an argument "
           "that holds blanks ('…' or \"…\") or put a backslash before the blank. Nothing is "
           "expanded and there is no shell for | ; & < >: to use one, record sh -c '…'. The "
           "list holds the %1 commands recorded last.")
            .arg(kMaxRecentCommands));

    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("folderEdit"));
    m_folder->setText(QSettings().value(kLastFolderKey, QDir::homePath()).toString());
    m_folder->setToolTip(tr("The folder the program runs in: relative paths in the command "
                            "start here. It must exist."));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    browse->setObjectName(QStringLiteral("browseButton"));
    connect(browse, &QPushButton::clicked, this, &RecordDialog::chooseFolder);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);

    const QString autoTip = tr("The kernel's switch records where it allows them, else sampling "
                               "(the run then says so).");
    const QString perfTip = tr("The kernel's context-switch records of every thread: exact to "
                               "about 1 µs. Needs kernel.perf_event_paranoid ≤ 2 (sudo sysctl "
                               "kernel.perf_event_paranoid=2) or root; refused otherwise.");
    const QString samplingTip = tr("Reads /proc every 2 ms: needs no permission, but where in "
                                   "each interval a thread ran is not known.");
    m_capture = new QComboBox(this);
    m_capture->setObjectName(QStringLiteral("captureCombo"));
    m_capture->addItem(tr("auto"), int(RecordCapture::Auto));
    m_capture->addItem(tr("kernel context switches (perf)"), int(RecordCapture::Perf));
    m_capture->addItem(tr("sampling /proc"), int(RecordCapture::Sampling));
    m_capture->setItemData(0, autoTip, Qt::ToolTipRole);
    m_capture->setItemData(1, perfTip, Qt::ToolTipRole);
    m_capture->setItemData(2, samplingTip, Qt::ToolTipRole);
    m_capture->setToolTip(tr("How CoreScope sees which thread ran on which core.\n\nauto: %1\n\n"
                             "perf: %2\n\nsampling: %3")
                              .arg(autoTip, perfTip, samplingTip));

    m_python = new QCheckBox(tr("Python: GIL lanes and thread names"), this);
    m_python->setObjectName(QStringLiteral("pythonCheck"));
    m_python->setChecked(true);
    m_python->setToolTip(
        tr("Loads a small library into the program that sees CPython take and drop its GIL, "
           "and a helper that writes the names Python gives threads and processes "
           "(Thread(name=…), Process(name=…)). Harmless for a program that is not Python."));

    m_title = new QLineEdit(this);
    m_title->setObjectName(QStringLiteral("titleEdit"));
    m_title->setPlaceholderText(tr("the command line"));
    m_title->setToolTip(tr("The run's name on the timeline and in saved traces."));

    auto *form = new QFormLayout;
    form->addRow(tr("&Command"), m_command);
    // A row whose field is a layout gets no buddy, so its mnemonic needs a label of its own.
    auto *folderLabel = new QLabel(tr("Working &folder"), this);
    folderLabel->setBuddy(m_folder);
    form->addRow(folderLabel, folderRow);
    form->addRow(tr("C&apture"), m_capture);
    form->addRow(QString(), m_python);
    form->addRow(tr("&Title"), m_title);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Red reads as "wrong" on the light and the dark palette alike.
    m_message->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    m_message->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton *record = buttons->button(QDialogButtonBox::Ok);
    record->setObjectName(QStringLiteral("recordButton"));
    record->setText(tr("&Record"));
    connect(buttons, &QDialogButtonBox::accepted, this, &RecordDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
}

Result<RecordOptions> RecordDialog::options() const
{
    return check(nullptr);
}

Result<RecordOptions> RecordDialog::check(QWidget **wrongField) const
{
    const auto refuse = [wrongField](QWidget *field, const QString &name, const QString &why) {
        if (wrongField)
            *wrongField = field;
        return Error{QStringLiteral("%1: %2").arg(name, why).toStdString()};
    };
    const QString commandName = tr("Command");
    const QString folderName = tr("Working folder");
    const QString command = m_command->currentText().trimmed();
    if (command.isEmpty())
        return refuse(m_command, commandName,
                      tr("type the program to record and its arguments, as in python3 "
                         "script.py"));
    Result<std::vector<std::string>> words = splitShellWords(command.toStdString());
    if (!words)
        return refuse(m_command, commandName, QString::fromStdString(words.error()));

    const QString folder = m_folder->text().trimmed();
    if (folder.isEmpty())
        return refuse(m_folder, folderName, tr("choose the folder the program runs in"));
    const QFileInfo info(QDir::cleanPath(QDir(folder).absolutePath()));
    if (!info.exists())
        return refuse(m_folder, folderName,
                      tr("%1 does not exist").arg(QDir::toNativeSeparators(info.filePath())));
    if (!info.isDir())
        return refuse(m_folder, folderName,
                      tr("%1 is not a folder").arg(QDir::toNativeSeparators(info.filePath())));

    RecordOptions options;
    options.program.argv = std::move(words).value();
    options.program.workingDirectory = info.absoluteFilePath().toStdString();
    options.capture = RecordCapture(m_capture->currentData().toInt());
    options.python = m_python->isChecked();
    options.title = m_title->text().trimmed().toStdString();
    return options;
}

void RecordDialog::accept()
{
    QWidget *wrongField = nullptr;
    const Result<RecordOptions> checked = check(&wrongField);
    if (!checked) {
        m_message->setText(QString::fromStdString(checked.error()));
        m_message->show();
        wrongField->setFocus();
        return;
    }
    addRecentCommand(m_command->currentText().trimmed());
    QSettings().setValue(kLastFolderKey,
                         QString::fromStdString(checked.value().program.workingDirectory));
    QDialog::accept();
}

void RecordDialog::chooseFolder()
{
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Working Folder"), m_folder->text());
    if (!folder.isEmpty())
        m_folder->setText(QDir::toNativeSeparators(folder));
}

QStringList RecordDialog::recentCommands()
{
    return QSettings().value(kRecentCommandsKey).toStringList();
}

void RecordDialog::addRecentCommand(const QString &command)
{
    QStringList commands = recentCommands();
    commands.removeAll(command);
    commands.prepend(command);
    while (commands.size() > kMaxRecentCommands)
        commands.removeLast();
    QSettings().setValue(kRecentCommandsKey, commands);
}

} // namespace corescope
