// SPDX-License-Identifier: MIT
// ArrayLens installed as a user installs it (issue 13): `cmake --install`
// into a temporary prefix, the tree checked file by file and with the
// freedesktop.org validators, the man page against --help, the tree moved
// elsewhere and still finding its GUI module, the embedding example built
// against it with find_package(ArrayLens) and run; the .deb made by CPack,
// its metadata and contents, the extracted binary run; and every shipped
// example script imported by the plain system Python, outside ArrayLens.
// Registered in the plain build only (tests/CMakeLists.txt).
#include "arraylens_process.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using testing::ProcessRun;

namespace {

const QString kSource = QStringLiteral(ARRAYLENS_SOURCE_DIR);
const QString kBuild = QStringLiteral(ARRAYLENS_BUILD_DIR);
constexpr int kIconSizes[] = {16, 22, 24, 32, 48, 64, 128, 256};

ProcessRun run(const QString& program, const QStringList& arguments, const QString& workingDirectory = {},
               int timeoutMs = 120'000)
{
    testing::ProcessOptions options;
    options.workingDirectory = workingDirectory;
    options.timeoutMs = timeoutMs;
    return testing::runProgram(program, arguments, options);
}

QByteArray contentOf(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

/// The long options of a --help text: the lines of its Options section.
QStringList helpOptions(const QByteArray& help)
{
    QStringList options;
    const QRegularExpression line(QStringLiteral("^  (?:-\\w, )?--([a-z][a-z-]*)"));
    for (const QString& text : QString::fromUtf8(help).split('\n')) {
        const QRegularExpressionMatch match = line.match(text);
        if (match.hasMatch())
            options << match.captured(1);
    }
    return options;
}

/// The text of the MimeType= line of a desktop entry, split.
QStringList desktopMimeTypes(const QByteArray& entry)
{
    for (const QByteArray& line : entry.split('\n'))
        if (line.startsWith("MimeType="))
            return QString::fromUtf8(line.mid(9)).split(';', Qt::SkipEmptyParts);
    return {};
}

} // namespace

#define EXPECT_RUN_OK(result)                                                                \
    do {                                                                                     \
        const ProcessRun& r_ = (result);                                                     \
        QVERIFY2(r_.finished && r_.exitStatus == QProcess::NormalExit && r_.exitCode == 0, \
                 r_.describe());                                                             \
    } while (false)

class test_install_suite : public QObject {
    Q_OBJECT

    QTemporaryDir root_;
    QString prefix_;

    /// examples/embedding as a developer builds it: find_package(ArrayLens)
    /// through CMAKE_PREFIX_PATH, then run from its own folder.
    void expectEmbeddingExampleRuns(const QString& prefix, const QString& build)
    {
        QStringList configure = {"-S", kSource + "/examples/embedding", "-B", build, "-G", "Ninja",
                                 "-DCMAKE_PREFIX_PATH=" + prefix, "-DCMAKE_BUILD_TYPE=Release"};
        if (!QStandardPaths::findExecutable("ccache").isEmpty())
            configure << "-DCMAKE_CXX_COMPILER_LAUNCHER=ccache";
        const ProcessRun configured = run("cmake", configure);
        EXPECT_RUN_OK(configured);
        const ProcessRun built = run("cmake", {"--build", build});
        EXPECT_RUN_OK(built);
        const ProcessRun example = run(build + "/embedding", {}, kSource + "/examples/embedding");
        EXPECT_RUN_OK(example);
        QCOMPARE(example.out, QByteArray("True\nFalse\n"));
    }

    void expectInstalledBinaryWorks(const QString& binary, const QString& demo)
    {
        const ProcessRun version = run(binary, {"--version"});
        EXPECT_RUN_OK(version);
        QVERIFY2(version.out.startsWith("arraylens " ARRAYLENS_VERSION "\nPython 3.") && version.out.contains("\nNumPy "),
                 version.describe());
        const ProcessRun listed = run(binary, {"--list", demo});
        EXPECT_RUN_OK(listed);
        QVERIFY2(listed.out.contains("* example_array() -> Buffer  # The seed's first example: a bool array.\n"),
                 listed.describe());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(root_.isValid());
        prefix_ = root_.filePath("prefix");
        const ProcessRun installed = run("cmake", {"--install", kBuild, "--prefix", prefix_});
        EXPECT_RUN_OK(installed);
    }

    void installTreeHoldsEveryPart()
    {
        QStringList expected = {
            "bin/arraylens",
            "lib/arraylens/arraylens_gui.so",
            "lib/libarraylens_core.a",
            "lib/cmake/ArrayLens/ArrayLensConfig.cmake",
            "lib/cmake/ArrayLens/ArrayLensConfigVersion.cmake",
            "lib/cmake/ArrayLens/ArrayLensTargets.cmake",
            "include/arraylens/core/py_buffer.h",
            "include/arraylens/core/script.h",
            "include/arraylens/core/interpreter.h",
            "share/arraylens/examples/demo.py",
            "share/applications/arraylens.desktop",
            "share/mime/packages/arraylens.xml",
            "share/metainfo/io.github.arraylens.ArrayLens.metainfo.xml",
            "share/icons/hicolor/scalable/apps/arraylens.svg",
            "share/man/man1/arraylens.1",
        };
        for (const int size : kIconSizes)
            expected << QString("share/icons/hicolor/%1x%1/apps/arraylens.png").arg(size);
        for (const QString& path : expected)
            QVERIFY2(QFileInfo::exists(prefix_ + "/" + path), qPrintable("not installed: " + path));
        QVERIFY(QFileInfo(prefix_ + "/bin/arraylens").isExecutable());
        // Every shipped example, and only public headers (no generated ones).
        for (const QString& example : QDir(kSource + "/resources/examples").entryList({"*.py"}, QDir::Files))
            QVERIFY2(QFileInfo::exists(prefix_ + "/share/arraylens/examples/" + example), qPrintable(example));
        QVERIFY(!QFileInfo::exists(prefix_ + "/include/arraylens/core/lazy_arrays_py.h"));
        // Icons are what their folder says.
        for (const int size : kIconSizes) {
            const QImage icon(QString("%1/share/icons/hicolor/%2x%2/apps/arraylens.png").arg(prefix_).arg(size));
            QCOMPARE(icon.size(), QSize(size, size));
        }
    }

    void installedBinaryRuns()
    {
        expectInstalledBinaryWorks(prefix_ + "/bin/arraylens", prefix_ + "/share/arraylens/examples/demo.py");
    }

    void movedTreeFindsItsGuiModule()
    {
        // Relocatable: the tree moved after installing still loads
        // lib/arraylens/arraylens_gui.so. A module name that does not exist
        // is reported by the GUI module after it loaded (the loader alone
        // would say "cannot start the desktop app"), with no window shown.
        const QString moved = root_.filePath("moved");
        QVERIFY(QDir().rename(prefix_, moved));
        const auto moveBack = qScopeGuard([&] { QDir().rename(moved, prefix_); });
        QTemporaryDir settings;
        testing::ProcessOptions options;
        options.extraEnvironment.insert("XDG_CONFIG_HOME", settings.path());
        options.extraEnvironment.insert("XDG_DATA_HOME", settings.path());
        options.extraEnvironment.insert("XDG_RUNTIME_DIR", settings.path());
        const ProcessRun gui = testing::runProgram(moved + "/bin/arraylens", {"--module", "no_such_module_here"}, options);
        QVERIFY2(gui.finished && gui.exitCode == 1, gui.describe());
        QVERIFY2(gui.err.startsWith("arraylens: error: ModuleNotFoundError: no module named 'no_such_module_here'"),
                 gui.describe());
        // The same binary without its module (the folder renamed) says so.
        QVERIFY(QDir().rename(moved + "/lib/arraylens", moved + "/lib/elsewhere"));
        const ProcessRun missing = testing::runProgram(moved + "/bin/arraylens", {"--module", "json"}, options);
        QVERIFY(QDir().rename(moved + "/lib/elsewhere", moved + "/lib/arraylens"));
        QVERIFY2(missing.exitCode == 1 && missing.err.contains("cannot start the desktop app") &&
                     missing.err.contains("lib/arraylens/arraylens_gui.so"),
                 missing.describe());
    }

    void desktopEntryIsValid()
    {
        const QString entry = prefix_ + "/share/applications/arraylens.desktop";
        const ProcessRun validated = run("desktop-file-validate", {entry});
        EXPECT_RUN_OK(validated);
        QVERIFY2(validated.out.isEmpty() && validated.err.isEmpty(), validated.describe());
        const QByteArray text = contentOf(entry);
        QVERIFY2(text.contains("\nExec=arraylens %f\n") && text.contains("\nIcon=arraylens\n"), text);
        // Python scripts and every kind of data file --help names, each a
        // type shared-mime-info knows or our own package defines.
        const QStringList types = desktopMimeTypes(text);
        for (const char* type : {"text/x-python3", "text/x-python", "application/x-npy", "application/x-npz",
                                 "application/x-hdf", "application/x-netcdf"})
            QVERIFY2(types.contains(type), qPrintable("MimeType lacks " + QString(type)));
        const QByteArray ours = contentOf(prefix_ + "/share/mime/packages/arraylens.xml");
        for (const QString& type : types)
            QVERIFY2(QFileInfo::exists("/usr/share/mime/" + type + ".xml") ||
                         ours.contains("type=\"" + type.toUtf8() + "\""),
                     qPrintable("an unknown MIME type: " + type));
    }

    void mimePackageDefinesNumPyFiles()
    {
        // update-mime-database over our package alone, as the system's
        // trigger runs it: .npy by its magic and its name, .npz by its name.
        const QString database = root_.filePath("mime");
        QVERIFY(QDir().mkpath(database + "/packages"));
        QVERIFY(QFile::copy(prefix_ + "/share/mime/packages/arraylens.xml", database + "/packages/arraylens.xml"));
        testing::ProcessOptions searched; // else it notes that the folder is not searched
        searched.extraEnvironment.insert("XDG_DATA_HOME", root_.path());
        const ProcessRun updated = testing::runProgram("update-mime-database", {database}, searched);
        EXPECT_RUN_OK(updated);
        QVERIFY2(updated.err.isEmpty(), updated.describe());
        QVERIFY(contentOf(database + "/application/x-npy.xml").contains("NumPy array"));
        QVERIFY(contentOf(database + "/application/x-npz.xml").contains("NumPy array archive"));
        QVERIFY2(contentOf(database + "/magic").contains("\x93NUMPY"), contentOf(database + "/magic"));
        QVERIFY(contentOf(database + "/globs2").contains("application/x-npy:*.npy"));
    }

    void metainfoIsValid()
    {
        const QString metainfo = prefix_ + "/share/metainfo/io.github.arraylens.ArrayLens.metainfo.xml";
        const ProcessRun validated = run("appstreamcli", {"validate", "--no-net", "--no-color", metainfo});
        EXPECT_RUN_OK(validated);
        const QByteArray text = contentOf(metainfo);
        QVERIFY2(text.contains("<launchable type=\"desktop-id\">arraylens.desktop</launchable>"), text);
        QVERIFY2(text.contains("<release version=\"" ARRAYLENS_VERSION "\""), text);
    }

    void manPageDocumentsEveryOption()
    {
        const ProcessRun help = run(prefix_ + "/bin/arraylens", {"--help"});
        EXPECT_RUN_OK(help);
        const QStringList options = helpOptions(help.out);
        QVERIFY2(options.size() >= 16 && options.contains("module") && options.contains("version"),
                 qPrintable(options.join(' ')));
        const QString manPage = prefix_ + "/share/man/man1/arraylens.1";
        const QByteArray page = contentOf(manPage);
        // Each one as an entry of OPTIONS: ".B \-\-list" or ".BI \-\-call".
        for (const QString& option : options) {
            const QRegularExpression entry("^\\.(?:B|BI|BR) (?:\\\\-\\w\\W+)?\\\\-\\\\-" + option + "\\b",
                                           QRegularExpression::MultilineOption);
            QVERIFY2(entry.match(QString::fromUtf8(page)).hasMatch(),
                     qPrintable("the man page does not document --" + option));
        }
        QVERIFY2(page.contains(".TH ARRAYLENS 1 ") && page.contains("\"ArrayLens " ARRAYLENS_VERSION "\""),
                 "the man page's title names another version");
        // groff reads it without a warning.
        testing::ProcessOptions quiet;
        quiet.extraEnvironment.insert("MANWIDTH", "80");
        quiet.extraEnvironment.insert("MAN_KEEP_STDERR", "1");
        const ProcessRun formatted = testing::runProgram("man", {"--warnings", "-E", "UTF-8", "-l", manPage}, quiet);
        EXPECT_RUN_OK(formatted);
        QVERIFY2(formatted.err.isEmpty(), formatted.describe());
        QVERIFY(formatted.out.contains("--module NAME"));
    }

    void embeddingExampleBuildsAgainstTheInstall()
    {
        expectEmbeddingExampleRuns(prefix_, root_.filePath("embedding"));
        if (QTest::currentTestFailed())
            return;
        // A script that fails is the script's error, told.
        const ProcessRun failing =
            run(root_.filePath("embedding/embedding"), {kSource + "/tests/fixtures/raises_at_import.py"});
        QVERIFY2(failing.exitCode == 1 && failing.err.startsWith("embedding: ") && failing.out.isEmpty(),
                 failing.describe());
    }

    void debianPackages()
    {
        // cpack -G DEB, into a folder of its own (the build folder stays
        // clean): the program, and its development files apart, as Debian has it.
        const QString output = root_.filePath("deb");
        const ProcessRun packed =
            run("cpack", {"-G", "DEB", "-B", output, "--config", kBuild + "/CPackConfig.cmake"}, kBuild, 300'000);
        EXPECT_RUN_OK(packed);
        const QString suffix =
            "_" ARRAYLENS_VERSION "_" + QString::fromUtf8(run("dpkg", {"--print-architecture"}).out.trimmed()) + ".deb";
        const QString deb = output + "/arraylens" + suffix;
        const QString devDeb = output + "/arraylens-dev" + suffix;
        QVERIFY2(QFileInfo::exists(deb) && QFileInfo::exists(devDeb), qPrintable(deb + " missing\n" + packed.out));

        const ProcessRun info = run("dpkg-deb", {"-I", deb});
        EXPECT_RUN_OK(info);
        const auto fieldOf = [&](const QString& package, const char* name) {
            const ProcessRun value = run("dpkg-deb", {"-f", package, name});
            return QString::fromUtf8(value.out.trimmed());
        };
        const auto field = [&](const char* name) { return fieldOf(deb, name); };
        QCOMPARE(field("Package"), QString("arraylens"));
        QCOMPARE(field("Version"), QString(ARRAYLENS_VERSION));
        QCOMPARE(field("Section"), QString("science"));
        QVERIFY2(field("Maintainer").contains('@'), info.out);
        QVERIFY2(field("Description").startsWith("view and edit what Python functions return"), info.out);
        // The runtime libraries, as dpkg-shlibdeps finds them, and NumPy.
        const QString depends = field("Depends");
        for (const char* package : {"libqt6widgets6", "libqt6gui6", "libqt6core6", "libpython3.", "python3-numpy", "zlib1g"})
            QVERIFY2(depends.contains(package), qPrintable("Depends lacks " + QString(package) + ": " + depends));
        const QString recommends = field("Recommends");
        for (const char* package : {"python3-pandas", "python3-h5py", "python3-zarr", "python3-dask",
                                    "python3-distributed", "python3-xarray", "python3-netcdf4"})
            QVERIFY2(recommends.contains(package), qPrintable("Recommends lacks " + QString(package)));

        const ProcessRun contents = run("dpkg-deb", {"-c", deb});
        EXPECT_RUN_OK(contents);
        for (const char* path : {"./usr/bin/arraylens", "./usr/lib/arraylens/arraylens_gui.so",
                                 "./usr/share/applications/arraylens.desktop", "./usr/share/arraylens/examples/demo.py",
                                 "./usr/share/man/man1/arraylens.1", "./usr/share/mime/packages/arraylens.xml",
                                 "./usr/share/icons/hicolor/scalable/apps/arraylens.svg",
                                 "./usr/share/icons/hicolor/48x48/apps/arraylens.png",
                                 "./usr/share/metainfo/io.github.arraylens.ArrayLens.metainfo.xml"})
            QVERIFY2(contents.out.contains(QByteArray(" ") + path + "\n"), qPrintable(QString("not in the package: ") + path));
        QVERIFY2(!contents.out.contains("/usr/local/") && !contents.out.contains("./usr/include/") &&
                     !contents.out.contains(".a\n"),
                 "the program's package holds development files\n" + contents.out);

        QCOMPARE(fieldOf(devDeb, "Package"), QString("arraylens-dev"));
        QCOMPARE(fieldOf(devDeb, "Section"), QString("libdevel"));
        QVERIFY2(fieldOf(devDeb, "Depends").contains("python3-dev"), qPrintable(fieldOf(devDeb, "Depends")));
        const ProcessRun devContents = run("dpkg-deb", {"-c", devDeb});
        for (const char* path : {"./usr/include/arraylens/core/py_buffer.h", "./usr/lib/libarraylens_core.a",
                                 "./usr/lib/cmake/ArrayLens/ArrayLensConfig.cmake"})
            QVERIFY2(devContents.out.contains(QByteArray(" ") + path + "\n"), qPrintable(QString("not in arraylens-dev: ") + path));
        QVERIFY2(!devContents.out.contains("./usr/bin/"), devContents.out);

        const QString extracted = root_.filePath("extracted");
        EXPECT_RUN_OK(run("dpkg-deb", {"-x", deb, extracted}));
        expectInstalledBinaryWorks(extracted + "/usr/bin/arraylens", extracted + "/usr/share/arraylens/examples/demo.py");
        if (QTest::currentTestFailed())
            return;
        // The CMake package works from wherever the files are.
        EXPECT_RUN_OK(run("dpkg-deb", {"-x", devDeb, extracted}));
        expectEmbeddingExampleRuns(extracted + "/usr", root_.filePath("embedding-deb"));
    }

    void examplesImportInPlainPython()
    {
        // Outside ArrayLens, in the system's Python as it is (-I: no user
        // site-packages, which might hold a newer typing_extensions): each
        // shipped script imports, and its Buffer annotation is a class of
        // that name (Python 3.11 and Debian's typing_extensions 4.4 have none).
        QStringList scripts;
        for (const QString& name : QDir(kSource + "/resources/examples").entryList({"*.py"}, QDir::Files))
            scripts << kSource + "/resources/examples/" + name;
        scripts << kSource + "/examples/embedding/example.py";
        QVERIFY(scripts.size() >= 2);
        const QString check = QStringLiteral(R"PY(
import importlib.util, inspect, sys
path = sys.argv[1]
spec = importlib.util.spec_from_file_location("example_under_test", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
annotations = [inspect.signature(f).return_annotation for f in vars(module).values()
               if inspect.isfunction(f) and f.__module__ == module.__name__]
buffers = [a for a in annotations if getattr(a, "__name__", None) == "Buffer"]
assert buffers, "no function annotated -> Buffer"
print(len(buffers))
)PY");
        for (const QString& script : scripts) {
            const ProcessRun imported = run("/usr/bin/python3", {"-I", "-c", check, script}, root_.path());
            QVERIFY2(imported.finished && imported.exitCode == 0, qPrintable(script + "\n" + imported.describe()));
            QVERIFY2(imported.out.trimmed().toInt() > 0, imported.describe());
        }
    }
};

QTEST_GUILESS_MAIN(test_install_suite)
#include "test_install.moc"
