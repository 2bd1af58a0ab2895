// SPDX-License-Identifier: MIT
// The Python helper in Debian's real CPython: the names of threads and of processes started
// by every multiprocessing start method, and the sitecustomize it hides still runs.
#include "record/launchedprogram.h"
#include "record/pythonnames.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace corescope;

namespace {

constexpr const char *kPython = "/usr/bin/python3";

constexpr const char *kScript = R"(
import multiprocessing as mp, threading
from concurrent.futures import ThreadPoolExecutor
def work(): pass
if __name__ == "__main__":
    for method in ("spawn", "fork", "forkserver"):
        p = mp.get_context(method).Process(target=work, name="chai-" + method)
        p.start(); p.join()
    t = threading.Thread(target=work, name="orders, a name longer than the kernel keeps")
    t.start(); t.join()
    with ThreadPoolExecutor(2, thread_name_prefix="pool") as pool:
        list(pool.map(abs, range(4)))
)";

bool has(const std::vector<PythonName> &names, PythonName::Kind kind, const std::string &name)
{
    return std::any_of(names.begin(), names.end(),
                       [&](const PythonName &n) { return n.kind == kind && n.name == name; });
}

} // namespace

class TestPythonNames : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!QFile::exists(QString::fromLatin1(kPython)))
            QSKIP("Debian's python3 is not installed");
    }

    void threadsAndProcessesAreNamed()
    {
        QTemporaryDir names;
        QTemporaryDir other; // a sitecustomize of the user's, which ours must not hide
        QFile hidden(other.filePath(QStringLiteral("sitecustomize.py")));
        QVERIFY(hidden.open(QIODevice::WriteOnly));
        hidden.write("import os\nopen(os.environ['MARKER'], 'a').write('ran\\n')\n");
        hidden.close();
        const QString marker = names.filePath(QStringLiteral("marker"));

        // spawn imports the script again in each child, so it must be a file.
        const QString script = names.filePath(QStringLiteral("script.py"));
        QFile scriptFile(script);
        QVERIFY(scriptFile.open(QIODevice::WriteOnly));
        scriptFile.write(kScript);
        scriptFile.close();
        ProgramSpec spec{{kPython, script.toStdString()}, {}, {}, {}, {}};
        spec.environment = {
            {"PYTHONPATH", std::string(CORESCOPE_PYTHON_HELPER) + ":" + other.path().toStdString()},
            {kPythonNamesVariable, names.path().toStdString()},
            {"MARKER", marker.toStdString()}};
        Result<LaunchedProgram> program = LaunchedProgram::startPaused(spec);
        QVERIFY(program.ok());
        QVERIFY(program.value().proceed().ok());
        QCOMPARE(program.value().wait().code, 0);

        const Result<std::vector<PythonName>> read = readPythonNames(names.path().toStdString());
        QVERIFY2(read.ok(), read.ok() ? "" : read.error().c_str());
        const auto &all = read.value();
        for (const char *method : {"spawn", "fork", "forkserver"})
            QVERIFY2(has(all, PythonName::Kind::Process, std::string("chai-") + method), method);
        QVERIFY(has(all, PythonName::Kind::Thread, "MainThread"));
        QVERIFY(has(all, PythonName::Kind::Thread, "orders, a name longer than the kernel keeps"));
        QVERIFY(has(all, PythonName::Kind::Thread, "pool_0"));
        // Every interpreter ran the user's sitecustomize too.
        QFile ran(marker);
        QVERIFY(ran.open(QIODevice::ReadOnly));
        QVERIFY(ran.readAll().count("ran") >= 3);
    }

    void aLineCutShortIsSkipped()
    {
        QTemporaryDir names;
        QFile file(names.filePath(QStringLiteral("names-7.txt")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            "7\t7\tthread\tMainThread\n7\tbad\tthread\tx\n7\t8\tthread\tworker-1\n7\t9\tthr");
        file.close();
        const auto read = readPythonNames(names.path().toStdString());
        QVERIFY(read.ok());
        QCOMPARE(read.value().size(), size_t(2));
        QCOMPARE(read.value()[1].tid, 8);
        QCOMPARE(read.value()[1].name, std::string("worker-1"));
    }

    void aMissingFolderIsNamed()
    {
        const auto read = readPythonNames("/nonexistent/names");
        QVERIFY(!read.ok());
        QCOMPARE(QString::fromStdString(read.error()),
                 QStringLiteral("/nonexistent/names: No such file or directory"));
    }
};

QTEST_GUILESS_MAIN(TestPythonNames)
#include "tst_pythonnames.moc"
