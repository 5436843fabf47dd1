package io.regimeflow.connectors.jdbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive hold on one SQLite database file, among the threads of this JVM and among
 * processes. SQLite itself lets several processes write one file, but two regimeflow jobs on one
 * file would interleave their rows (the candles of one run, the events of the other) and both
 * report success; so a job holds this for its whole run, and the schema migration holds it while
 * it creates or migrates the file (several connections creating a new file at once is where
 * SQLite drivers have had races).
 *
 * <p>The hold is an OS lock ({@link FileChannel#tryLock()}, {@code fcntl} on Linux) on a lock
 * file beside the database, {@code <database>.lock}, which the OS releases when the process ends,
 * even on {@code kill -9}: a crashed run never leaves a stale lock. The lock file itself stays
 * (deleting it would let a third process lock a fresh file while a second still holds the old
 * one); it holds the current holder's pid and description, for the message of the next one. The
 * database file is not locked directly: SQLite opens and closes its own descriptors of it, and
 * closing any descriptor of a file drops all of a process's {@code fcntl} locks on it.
 *
 * <p>Holds are reentrant on one thread (the job holding the file runs the migration, which takes
 * it too) and must be released on the thread that took them.
 */
public final class SqliteFileLock implements AutoCloseable {

    /** How often a waiting {@link #acquire} asks the OS again. */
    private static final long RETRY_MS = 50;

    private static final Map<Path, Guard> GUARDS = new ConcurrentHashMap<>();

    /** The holds on one database file in this JVM; the OS lock is taken by the first. */
    private static final class Guard {
        final ReentrantLock inProcess = new ReentrantLock();
        String holder; // guarded by inProcess
        FileChannel channel; // guarded by inProcess
        FileLock osLock; // guarded by inProcess
    }

    private final Path database;
    private final Guard guard;
    private boolean released;

    private SqliteFileLock(Path database, Guard guard) {
        this.database = database;
        this.guard = guard;
    }

    /**
     * Takes the database file, waiting up to {@code patience} for another holder to let go.
     *
     * @param database the SQLite file (need not exist yet)
     * @param holder what holds it, for the message another would-be holder gets (e.g.
     *     "regimeflow job, simulator source")
     * @param patience how long to wait; zero asks once
     * @throws SqliteFileBusyException when another process or another thread of this JVM holds it
     *     past {@code patience}
     * @throws IOException when the lock file cannot be created or locked (e.g. a read-only folder)
     */
    public static SqliteFileLock acquire(Path database, String holder, Duration patience)
            throws IOException, InterruptedException {
        Path file = database.toAbsolutePath().normalize();
        Guard guard = GUARDS.computeIfAbsent(file, f -> new Guard());
        long deadline = System.nanoTime() + patience.toNanos();
        if (!guard.inProcess.tryLock(patience.toNanos(), TimeUnit.NANOSECONDS)) {
            String other = guard.holder;
            throw new SqliteFileBusyException(file, (other == null ? "another run" : other)
                    + " in this process");
        }
        try {
            if (guard.inProcess.getHoldCount() == 1) {
                lockFile(guard, file, holder, deadline);
            }
            return new SqliteFileLock(file, guard);
        } catch (IOException | InterruptedException | RuntimeException e) {
            guard.inProcess.unlock();
            throw e;
        }
    }

    /** The lock file of {@code database}: {@code <database>.lock} beside it. */
    public static Path lockFileOf(Path database) {
        Path file = database.toAbsolutePath().normalize();
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    private static void lockFile(Guard guard, Path file, String holder, long deadline)
            throws IOException, InterruptedException {
        Path lockFile = lockFileOf(file);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock lock;
            while ((lock = tryLock(channel, file)) == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SqliteFileBusyException(file, describedHolder(lockFile));
                }
                Thread.sleep(Math.min(RETRY_MS, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            }
            String description = "pid " + ProcessHandle.current().pid() + ", " + holder
                    + ", since " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((description + "\n").getBytes(StandardCharsets.UTF_8)),
                    0);
            guard.channel = channel;
            guard.osLock = lock;
            guard.holder = description;
        } catch (IOException | InterruptedException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The OS lock, or null while another process holds it. This JVM holding it already through
     * another path to the same file (a link) is the same as another holder: busy.
     */
    private static FileLock tryLock(FileChannel channel, Path file) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            throw new SqliteFileBusyException(file, "another run in this process (by another "
                    + "path to the same file)");
        }
    }

    /** What the lock file says of its holder, or a plain phrase when it says nothing. */
    private static String describedHolder(Path lockFile) {
        try {
            String text = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "another process" : text;
        } catch (NoSuchFileException e) {
            return "another process";
        } catch (IOException e) {
            return "another process (" + lockFile + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** The database file held, absolute. */
    public Path database() {
        return database;
    }

    /**
     * Lets go of this hold; the last hold of this JVM releases the OS lock. Idempotent.
     *
     * @throws IllegalStateException on a thread other than the one that took it (the hold stays)
     */
    @Override
    public void close() throws IOException {
        if (released) {
            return;
        }
        if (!guard.inProcess.isHeldByCurrentThread()) {
            throw new IllegalStateException("the hold on " + database + " is released by the "
                    + "thread that took it, not " + Thread.currentThread().getName());
        }
        released = true;
        try {
            if (guard.inProcess.getHoldCount() == 1) {
                guard.holder = null;
                guard.osLock = null;
                FileChannel channel = guard.channel;
                guard.channel = null;
                channel.close(); // releases the OS lock with it
            }
        } finally {
            guard.inProcess.unlock();
        }
    }
}
