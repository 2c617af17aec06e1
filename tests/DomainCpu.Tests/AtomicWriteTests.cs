using DomainCpu.Cli;
using DomainCpu.Tests.Support;
using NUnit.Framework;
using static DomainCpu.Tests.Support.HostileInput;

namespace DomainCpu.Tests;

/// <summary><c>--in-place</c> and <see cref="AtomicFile"/>: a temp file in the same folder, flushed, renamed; on
/// any failure (full disk, read-only folder, invalid input) the original stays byte for byte.</summary>
[TestFixture]
public class AtomicWriteTests
{
    private const string Original = "<domain type='kvm'>\n  <name>x</name>\n  <cpu mode='custom' match='exact'><model>qemu64</model></cpu>\n</domain>\n";
    private string _dir = "";
    private string _file = "";

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "domaincpu-atomic-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _file = Path.Combine(_dir, "domain.xml");
        File.WriteAllText(_file, Original);
    }

    [TearDown]
    public void RemoveFolder()
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void InPlaceRewritesTheFileAndLeavesNoTempFile()
    {
        var r = CliHarness.Run("format", "--in-place", _file);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
            Assert.That(r.Stdout, Is.Empty);
            Assert.That(File.ReadAllText(_file), Does.Contain("<model fallback='allow'>qemu64</model>"));
            Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { _file }));
        });
    }

    [Test]
    public void InPlaceKeepsTheFileMode()
    {
        if (OperatingSystem.IsWindows()) return;
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(_file, mode);
        Assert.That(CliHarness.Run("format", "--in-place", _file).ExitCode, Is.EqualTo(0));
        Assert.That(File.GetUnixFileMode(_file), Is.EqualTo(mode));
    }

    [Test]
    public void InPlaceThroughASymbolicLinkRewritesItsTargetAndKeepsTheLink()
    {
        var real = Path.Combine(_dir, "real");
        Directory.CreateDirectory(real);
        var target = Path.Combine(real, "domain.xml");
        File.Move(_file, target);
        File.CreateSymbolicLink(_file, Path.Combine("real", "domain.xml"));
        var r = CliHarness.Run("format", "--in-place", _file);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
            Assert.That(new FileInfo(_file).LinkTarget, Is.EqualTo(Path.Combine("real", "domain.xml")), "still the same link");
            Assert.That(File.ReadAllText(target), Does.Contain("<model fallback='allow'>qemu64</model>"), "the target was rewritten");
            Assert.That(Directory.GetFiles(real), Is.EqualTo(new[] { target }), "no temp file beside the target");
            Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { _file }), "no temp file beside the link");
        });
    }

    [Test]
    public void InPlaceFollowsAChainOfLinksToTheFileAndKeepsItsMode()
    {
        if (OperatingSystem.IsWindows()) return;
        var target = Path.Combine(_dir, "target.xml");
        File.Move(_file, target);
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead;
        File.SetUnixFileMode(target, mode);
        var middle = Path.Combine(_dir, "middle.xml");
        File.CreateSymbolicLink(middle, target);
        File.CreateSymbolicLink(_file, "middle.xml");
        var r = CliHarness.Run("format", "--in-place", _file);
        var after = File.GetUnixFileMode(target);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
            Assert.That(new FileInfo(_file).LinkTarget, Is.EqualTo("middle.xml"));
            Assert.That(new FileInfo(middle).LinkTarget, Is.EqualTo(target));
            Assert.That(File.ReadAllText(target), Does.Contain("fallback='allow'"));
            Assert.That(after, Is.EqualTo(mode));
            Assert.That(Directory.GetFiles(_dir).Order(), Is.EqualTo(new[] { _file, middle, target }.Order()));
        });
    }

    [Test]
    public void DiskFullThroughASymbolicLinkLeavesTheTargetAndTheLink()
    {
        var target = Path.Combine(_dir, "target.xml");
        File.Move(_file, target);
        File.CreateSymbolicLink(_file, "target.xml");
        var r = RunInPlace(temp => new FailingStream(new FileStream(temp, FileMode.CreateNew), failAfter: 16,
            () => new IOException("No space left on device")));
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.Stderr);
            Assert.That(r.Stderr, Does.StartWith($"domaincpu: {_file}: cannot write"));
            Assert.That(new FileInfo(_file).LinkTarget, Is.EqualTo("target.xml"));
            Assert.That(File.ReadAllText(target), Is.EqualTo(Original));
            Assert.That(Directory.GetFiles(_dir).Order(), Is.EqualTo(new[] { _file, target }.Order()), "no temp file left");
        });
    }

    [Test]
    public void ALoopOfLinksIsAUsageError()
    {
        File.Delete(_file);
        var other = Path.Combine(_dir, "other.xml");
        File.CreateSymbolicLink(_file, "other.xml");
        File.CreateSymbolicLink(other, "domain.xml");
        Assert.Throws<CliUsageException>(() => AtomicFile.Write(_file, [65]));
        Assert.That(Directory.GetFiles(_dir).Order(), Is.EqualTo(new[] { _file, other }.Order()));
    }

    [Test]
    public void TheFolderIsFlushedOnLinux()
    {
        Assert.That(DirectorySync.Flush(_dir), Is.EqualTo(OperatingSystem.IsLinux()));
        Assert.That(DirectorySync.Flush(Path.Combine(_dir, "missing")), Is.False);
    }

    [Test]
    public void InPlaceOfAnInvalidDocumentLeavesItUntouched()
    {
        File.WriteAllText(_file, Original.Replace("</cpu>", "<topology sockets='-1' cores='1' threads='1'/></cpu>"));
        var before = File.ReadAllBytes(_file);
        var r = CliHarness.Run("format", "--in-place", _file);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1), r.Stderr);
            Assert.That(File.ReadAllBytes(_file), Is.EqualTo(before));
            Assert.That(Directory.GetFiles(_dir), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public void DiskFullDuringTheWriteLeavesTheOriginalAndNoTempFile()
    {
        var r = RunInPlace(temp => new FailingStream(new FileStream(temp, FileMode.CreateNew), failAfter: 16,
            () => new IOException("No space left on device")));
        AssertIntact(r, "No space left on device");
    }

    [Test]
    public void DiskFullAtFlushLeavesTheOriginal()
    {
        var r = RunInPlace(temp => new FailingStream(new FileStream(temp, FileMode.CreateNew), failAfter: long.MaxValue,
            () => new IOException("No space left on device"), failOnFlush: true));
        AssertIntact(r, "No space left on device");
    }

    [Test]
    public void ReadOnlyFolderIsAUsageErrorAndLeavesTheOriginal()
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        // A privileged user writes through folder permissions; then the refusal is simulated where the
        // temp file is created, which is where a read-only folder fails.
        Func<string, Stream>? open = CanCreateFileIn(_dir) ? _ => throw new UnauthorizedAccessException("Access to the path is denied.") : null;
        var r = RunInPlace(open);
        AssertIntact(r, "cannot write");
    }

    [Test]
    public void AtomicFileRemovesItsTempFileWhenTheStreamThrowsAnythingElse()
    {
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(_file, [1, 2, 3],
            temp => new FailingStream(new FileStream(temp, FileMode.CreateNew), 1, () => new InvalidOperationException("bug"))));
        Assert.That(File.ReadAllText(_file), Is.EqualTo(Original));
        Assert.That(Directory.GetFiles(_dir), Has.Length.EqualTo(1));
    }

    [Test]
    public void AtomicFileCreatesTheTempFileInTheTargetFolder()
    {
        string? seen = null;
        AtomicFile.Write(_file, [65], temp =>
        {
            seen = temp;
            return new FileStream(temp, FileMode.CreateNew);
        });
        Assert.That(Path.GetDirectoryName(seen), Is.EqualTo(_dir), "same folder, so the rename is atomic");
        Assert.That(File.ReadAllText(_file), Is.EqualTo("A"));
    }

    private CliHarness.Result RunInPlace(Func<string, Stream>? openTemp)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var ctx = new CliContext(Stream.Null, stdout, stderr) { OpenTempFile = openTemp };
        var code = Program.Run(["format", "--in-place", _file], ctx);
        return new CliHarness.Result(code, stdout.ToArray(), stderr.ToString());
    }

    private void AssertIntact(CliHarness.Result r, string messagePart)
    {
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.Stderr);
            Assert.That(r.Stdout, Is.Empty);
            Assert.That(r.Stderr, Does.StartWith($"domaincpu: {_file}: cannot write"));
            Assert.That(r.Stderr, Does.Contain(messagePart));
            Assert.That(r.Stderr, Does.Not.Contain("   at "));
            Assert.That(File.ReadAllText(_file), Is.EqualTo(Original), "the original is intact");
            Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { _file }), "no temp file left");
        });
    }

    private static bool CanCreateFileIn(string dir)
    {
        var probe = Path.Combine(dir, ".probe");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A stream that fails after some bytes, or when flushed: a disk that fills up.</summary>
    private sealed class FailingStream(Stream inner, long failAfter, Func<Exception> failure, bool failOnFlush = false) : Stream
    {
        private long _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            var room = (int)Math.Min(count, Math.Max(0, failAfter - _written));
            inner.Write(buffer, offset, room);
            _written += room;
            if (room < count) throw failure();
        }

        public override void Flush()
        {
            inner.Flush();
            if (failOnFlush) throw failure();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
