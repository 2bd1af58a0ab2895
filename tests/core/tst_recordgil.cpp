// SPDX-License-Identifier: MIT
// What a recording says of a Python program's GIL when it has none to record (a free-threaded
// CPython), when it cannot be recorded (the GIL library missing or kept out), and that a program
// that is no Python gets no word of it; and the Python helper's test of a free-threaded build,
// run against fakes of sys and sysconfig (no free-threaded interpreter is installed).
#include "record/programrecorder.h"
#include "recordfixtures.h"

#include <QFile>
#include <QProcess>
#include <QTest>

#include <algorithm>

using namespace corescope;

namespace {

constexpr const char *kPython = "/usr/bin/python3";

/// Stands in for a free-threaded CPython: it writes what the helper would write there.
constexpr const char *kFakeFreeThreaded =
    R"(printf '%s\t%s\tinterpreter\tCPython 3.13.0 free-threaded\n' $$ $$ )"
    R"(> "$CORESCOPE_PY_NAMES_DIR/names-$$.txt")";

/// Two threads that want the GIL at once, so that one waits for it.
constexpr const char *kTwoThreads = R"(
import threading
def spin():
    sum(range(3000000))
threads = [threading.Thread(target=spin) for _ in range(2)]
for t in threads: t.start()
for t in threads: t.join()
)";

} // namespace

class TestRecordGil : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!QFile::exists(QString::fromLatin1(kPython)))
            QSKIP("Debian's python3 is not installed");
        QProcess python;
        python.start(QString::fromLatin1(kPython),
                     {QStringLiteral("-c"),
                      QStringLiteral("import sys; print('%d.%d.%d' % sys.version_info[:3])")});
        QVERIFY(python.waitForFinished(20000));
        m_version = QString::fromUtf8(python.readAllStandardOutput()).trimmed();
        QVERIFY(!m_version.isEmpty());
    }

    void theTraceSaysWhyThereAreNoGilLanes_data()
    {
        QTest::addColumn<QStringList>("argv");
        QTest::addColumn<bool>("library");
        // %1: the program's pid, %2: Debian's CPython version; empty: none
        QTest::addColumn<QString>("problem");
        const QString python = QString::fromLatin1(kPython);
        QTest::newRow("a free-threaded CPython has no GIL")
            << QStringList{QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                           QString::fromLatin1(kFakeFreeThreaded)}
            << true << "free-threaded CPython 3.13.0 in process %1: no GIL to record";
        QTest::newRow("the GIL library kept out (LD_PRELOAD removed)")
            << QStringList{QStringLiteral("/usr/bin/env"), QStringLiteral("-u"),
                           QStringLiteral("LD_PRELOAD"),   python,
                           QStringLiteral("-c"),           QStringLiteral("pass")}
            << true
            << "CPython %2 in process %1: its GIL was not recorded: the GIL library was not "
               "loaded into it (LD_PRELOAD removed or ignored)";
        QTest::newRow("the GIL library not installed")
            << QStringList{python, QStringLiteral("-c"), QStringLiteral("pass")} << false
            << "process %1: Python's GIL was not recorded: the GIL library "
               "(libcorescope-gil.so) is not installed beside corescope";
        QTest::newRow("a program that is not Python: no word of a GIL")
            << QStringList{QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral(":")}
            << true << QString();
        QTest::newRow("CPython 3.11 searched by its first wait, its layout known: nothing to say")
            << QStringList{QStringLiteral("/usr/bin/env"),
                           QStringLiteral("CORESCOPE_GIL_SEARCH=first-wait"), python,
                           QStringLiteral("-c"), QString::fromLatin1(kTwoThreads)}
            << true << QString();
        QTest::newRow("CPython 3.11, its GIL found by its known layout: nothing to say")
            << QStringList{python, QStringLiteral("-c"), QStringLiteral("pass")} << true
            << QString();
    }
    void theTraceSaysWhyThereAreNoGilLanes()
    {
        QFETCH(QStringList, argv);
        QFETCH(bool, library);
        QFETCH(QString, problem);
        RecordOptions options;
        for (const QString &word : argv)
            options.program.argv.push_back(word.toStdString());
        options.gilLibrary = library ? CORESCOPE_GIL_LIBRARY : "";
        options.pythonHelper = CORESCOPE_PYTHON_HELPER;
        options.capture = RecordCapture::Sampling; // the GIL's story needs no switch records
        options.program.outputFile = "/dev/null";
        const Result<FinishedRecording> recording = RecordFixtures::recordToEnd(options);
        QVERIFY2(recording.ok(), recording.ok() ? "" : recording.error().c_str());
        QCOMPARE(recording.value().recording.exit->shellStatus(), 0);
        QStringList problems;
        for (const std::string &p : recording.value().recording.problems) {
            // The sampling fallback's own line is not the GIL's.
            if (p.find("sampled") == std::string::npos)
                problems << QString::fromStdString(p);
        }
        const QStringList expected =
            problem.isEmpty() ? QStringList()
                              : QStringList{QString(problem)
                                                .replace(QStringLiteral("%1"),
                                                         QString::number(recording.value().recording.pid))
                                                .replace(QStringLiteral("%2"), m_version)};
        QCOMPARE(problems, expected);
        if (argv.contains(QStringLiteral("CORESCOPE_GIL_SEARCH=first-wait"))) {
            const auto &logs = recording.value().recording.gil;
            QVERIFY(std::any_of(logs.begin(), logs.end(), [](const GilProcessLog &log) {
                return log.discovery == GilLogFormat::Discovery::FirstWait && log.layoutKnown;
            }));
        }
    }

    // The helper's interpreter_description, given fakes: what it would say in each build.
    void theHelperTellsAFreeThreadedBuild_data()
    {
        QTest::addColumn<QString>("fake");
        QTest::addColumn<QString>("expected");
        QTest::newRow("3.13t, GIL disabled (sys._is_gil_enabled)")
            << "version_info=(3, 13, 0), _is_gil_enabled=lambda: False"
            << "CPython 3.13.0 free-threaded";
        QTest::newRow("3.13t with its GIL turned back on (PYTHON_GIL=1)")
            << "version_info=(3, 13, 1), _is_gil_enabled=lambda: True"
            << "CPython 3.13.1";
        QTest::newRow("3.13t without sys._is_gil_enabled: Py_GIL_DISABLED says")
            << "version_info=(3, 13, 0), config={'Py_GIL_DISABLED': 1}"
            << "CPython 3.13.0 free-threaded";
        QTest::newRow("3.13 with a GIL: Py_GIL_DISABLED 0")
            << "version_info=(3, 13, 0), config={'Py_GIL_DISABLED': 0}"
            << "CPython 3.13.0";
        QTest::newRow("3.11: no free-threaded build, sysconfig not asked")
            << "version_info=(3, 11, 2), config=None"
            << "CPython 3.11.2";
        QTest::newRow("not CPython") << "name='pypy', version_info=(3, 10, 14)"
                                     << "pypy 3.10.14";
        QTest::newRow("this interpreter") << ""
                                          << "CPython THIS";
    }
    void theHelperTellsAFreeThreadedBuild()
    {
        QFETCH(QString, fake);
        QFETCH(QString, expected);
        // The helper runs as a module of another name, so that importing it is only that.
        const QString script = QStringLiteral(R"(
import importlib.util, sys, types
spec = importlib.util.spec_from_file_location("helper", sys.argv[1] + "/sitecustomize.py")
helper = importlib.util.module_from_spec(spec)
spec.loader.exec_module(helper)
def fake(version_info, name="cpython", config=None, **extra):
    def config_var(key):
        if config is None:
            raise AssertionError("sysconfig asked of " + key)
        return config.get(key)
    return types.SimpleNamespace(implementation=types.SimpleNamespace(name=name),
                                 version_info=version_info, **extra), config_var
if "%1":
    fake_sys, config_var = fake(%1)
    print(helper.interpreter_description(fake_sys, config_var))
else:
    print(helper.interpreter_description())
)")
                                   .arg(fake);
        QProcess python;
        python.start(QString::fromLatin1(kPython),
                     {QStringLiteral("-c"), script, QStringLiteral(CORESCOPE_PYTHON_HELPER)});
        QVERIFY(python.waitForFinished(20000));
        const QString err = QString::fromUtf8(python.readAllStandardError());
        QVERIFY2(python.exitCode() == 0, qPrintable(err));
        expected.replace(QStringLiteral("THIS"), m_version);
        QCOMPARE(QString::fromUtf8(python.readAllStandardOutput()).trimmed(), expected);
    }

private:
    QString m_version; ///< of Debian's python3: "3.11.2"
};

QTEST_GUILESS_MAIN(TestRecordGil)
#include "tst_recordgil.moc"
