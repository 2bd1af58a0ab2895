// SPDX-License-Identifier: MIT
// The shared-mime-info entry (packaging/corescope-mime.xml) recognises the traces the app writes,
// by name and by their first bytes, as a file manager's database would once it is installed;
// and the desktop entry and AppStream name the same type.
#include "trace/tracefile.h"
#include "tracefixtures.h"

#include <QDir>
#include <QFile>
#include <QMimeDatabase>
#include <QTemporaryDir>
#include <QTest>

using corescope::TraceFile;
using corescope::TraceFixtures;

namespace {

const QString kTraceType = QStringLiteral("application/x-corescope-trace");

QByteArray contentsOf(const char *path)
{
    QFile file(QString::fromUtf8(path));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestMimeType : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void recognises_data();
    void recognises();
    void entriesNameTheType_data();
    void entriesNameTheType();

private:
    QTemporaryDir m_dir;
};

void TestMimeType::initTestCase()
{
    // A data folder that holds only our entry, as shared-mime-info's packages/ does when
    // installed; QMimeDatabase reads the XML itself where no compiled cache is beside it. Set
    // before the first QMimeDatabase, which reads the folders once.
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("share/mime/packages")));
    QVERIFY(QFile::copy(QStringLiteral(CORESCOPE_MIME_XML),
                        m_dir.filePath(QStringLiteral("share/mime/packages/corescope.xml"))));
    qputenv("XDG_DATA_DIRS", QFile::encodeName(m_dir.filePath(QStringLiteral("share"))));
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("home"))));

    const TraceFile trace({TraceFixtures::handMadeTrace()});
    for (const char *name : {"run.cstrace", "run.json"}) {
        const corescope::Status saved =
            trace.save(m_dir.filePath(QLatin1String(name)).toStdString());
        QVERIFY2(saved, saved ? "" : saved.error().c_str());
    }
    QVERIFY(QFile::copy(m_dir.filePath(QStringLiteral("run.cstrace")),
                        m_dir.filePath(QStringLiteral("run-without-extension"))));
}

void TestMimeType::recognises_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QMimeDatabase::MatchMode>("mode");
    QTest::addColumn<bool>("isTrace");

    QTest::newRow("a saved trace") << "run.cstrace" << QMimeDatabase::MatchDefault << true;
    QTest::newRow("a saved trace, by its name alone")
        << "run.cstrace" << QMimeDatabase::MatchExtension << true;
    QTest::newRow("a saved trace, by its bytes alone")
        << "run.cstrace" << QMimeDatabase::MatchContent << true;
    QTest::newRow("a saved trace without its extension")
        << "run-without-extension" << QMimeDatabase::MatchDefault << true;
    // JSON stays JSON (Open With offers CoreScope for it through the desktop entry).
    QTest::newRow("Chrome JSON") << "run.json" << QMimeDatabase::MatchDefault << false;
    QTest::newRow("Chrome JSON, by its bytes alone")
        << "run.json" << QMimeDatabase::MatchContent << false;
}

void TestMimeType::recognises()
{
    QFETCH(QString, file);
    QFETCH(QMimeDatabase::MatchMode, mode);
    QFETCH(bool, isTrace);
    const QString type = QMimeDatabase().mimeTypeForFile(m_dir.filePath(file), mode).name();
    QCOMPARE(type == kTraceType, isTrace);
}

void TestMimeType::entriesNameTheType_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("the MIME entry") << contentsOf(CORESCOPE_MIME_XML)
                                    << QByteArray("<mime-type type=\"" + kTraceType.toLatin1());
    QTest::newRow("the desktop entry opens it")
        << contentsOf(CORESCOPE_DESKTOP_ENTRY) << QByteArray("MimeType=" + kTraceType.toLatin1());
    QTest::newRow("AppStream says the app provides it")
        << contentsOf(CORESCOPE_METAINFO)
        << QByteArray("<mediatype>" + kTraceType.toLatin1() + "</mediatype>");
}

void TestMimeType::entriesNameTheType()
{
    QFETCH(QByteArray, contents);
    QFETCH(QByteArray, expected);
    QVERIFY2(contents.contains(expected), expected.constData());
}

QTEST_GUILESS_MAIN(TestMimeType)
#include "tst_mimetype.moc"
