package io.regimeflow.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One holder per SQLite file: another thread of this JVM and another process are refused (with
 * the holder named) until it lets go, and a killed holder lets go with its process.
 */
class SqliteFileLockTest {

    /** A holder in its own process: takes the file, says "held", holds until stdin closes. */
    public static final class HolderProcess {
        public static void main(String[] args) throws Exception {
            try (SqliteFileLock held = SqliteFileLock.acquire(Path.of(args[0]), "test holder",
                    Duration.ZERO)) {
                System.out.println("held");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // Holds until the test closes our stdin or kills us.
                }
            }
        }
    }

    @TempDir
    Path dir;

    @Test
    void anotherThreadIsRefusedUntilTheHolderLetsGoAndOneThreadMayHoldTwice() throws Exception {
        Path db = dir.resolve("one.db");
        try (SqliteFileLock held = SqliteFileLock.acquire(db, "first", Duration.ZERO)) {
            try (SqliteFileLock again = SqliteFileLock.acquire(db, "migration", Duration.ZERO)) {
                assertThat(again.database()).isEqualTo(db.toAbsolutePath());
            }
            CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
                try (SqliteFileLock l = SqliteFileLock.acquire(db, "second", Duration.ZERO)) {
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            assertThat(other.get(2, TimeUnit.MINUTES))
                    .isInstanceOf(SqliteFileBusyException.class)
                    .hasMessageContaining(db.toAbsolutePath().toString())
                    .hasMessageContaining("first")
                    .hasMessageContaining("in this process");
        }
        // Released: another thread takes it now.
        assertThat(CompletableFuture.supplyAsync(() -> {
            try (SqliteFileLock l = SqliteFileLock.acquire(db, "second", Duration.ZERO)) {
                return true;
            } catch (Exception e) {
                return false;
            }
        }).get(2, TimeUnit.MINUTES)).isTrue();
    }

    @Test
    void onlyTheThreadThatTookTheFileLetsItGo() throws Exception {
        Path db = dir.resolve("owner.db");
        try (SqliteFileLock held = SqliteFileLock.acquire(db, "owner", Duration.ZERO)) {
            Throwable fromOther = CompletableFuture.supplyAsync(() -> {
                try {
                    held.close();
                    return null;
                } catch (Exception e) {
                    return e;
                }
            }).get(2, TimeUnit.MINUTES);
            assertThat(fromOther).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(db.toAbsolutePath().toString());
            // Still held: another thread is refused.
            assertThat(CompletableFuture.supplyAsync(() -> {
                try (SqliteFileLock l = SqliteFileLock.acquire(db, "other", Duration.ZERO)) {
                    return "taken";
                } catch (Exception e) {
                    return e.getClass().getSimpleName();
                }
            }).get(2, TimeUnit.MINUTES)).isEqualTo("SqliteFileBusyException");
        }
    }

    @Test
    void anotherProcessIsRefusedWithItsPidAndAWaiterGetsTheFileWhenItEnds() throws Exception {
        Path db = dir.resolve("two.db");
        Process holder = startHolder(db);
        try {
            assertThatThrownBy(() -> SqliteFileLock.acquire(db, "job", Duration.ZERO))
                    .isInstanceOfSatisfying(SqliteFileBusyException.class, e -> {
                        assertThat(e.database()).isEqualTo(db.toAbsolutePath());
                        assertThat(e.holder()).startsWith("pid " + holder.pid()
                                + ", test holder, since ");
                    });
            // A waiter with patience gets it once the holder ends by itself. One thread takes
            // and releases it, as the class requires.
            ExecutorService waiterThread = Executors.newSingleThreadExecutor();
            try {
                Future<SqliteFileLock> waiter = waiterThread.submit(
                        () -> SqliteFileLock.acquire(db, "waiter", Duration.ofMinutes(2)));
                holder.getOutputStream().close();
                assertThat(holder.waitFor(2, TimeUnit.MINUTES)).as("holder ended").isTrue();
                assertThat(holder.exitValue()).isZero();
                SqliteFileLock got = waiter.get(2, TimeUnit.MINUTES);
                assertThat(got.database()).isEqualTo(db.toAbsolutePath());
                waiterThread.submit(() -> {
                    got.close();
                    return null;
                }).get(2, TimeUnit.MINUTES);
            } finally {
                waiterThread.shutdownNow();
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aKilledHolderLetsGo() throws Exception {
        Path db = dir.resolve("three.db");
        Process holder = startHolder(db);
        assertThatThrownBy(() -> SqliteFileLock.acquire(db, "job", Duration.ZERO))
                .isInstanceOf(SqliteFileBusyException.class);
        holder.destroyForcibly(); // SIGKILL: no chance to clean up
        assertThat(holder.waitFor(2, TimeUnit.MINUTES)).as("holder killed").isTrue();
        try (SqliteFileLock l = SqliteFileLock.acquire(db, "job", Duration.ZERO)) {
            assertThat(SqliteFileLock.lockFileOf(db)).content(StandardCharsets.UTF_8)
                    .startsWith("pid " + ProcessHandle.current().pid() + ", job, since ");
        }
    }

    /** Starts {@link HolderProcess} on {@code db} and waits until it holds the file. */
    private static Process startHolder(Path db) throws IOException {
        Process p = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), HolderProcess.class.getName(),
                db.toString())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // Blocks until the child says it holds the file, or ends (then the line is null).
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8));
        assertThat(lines.readLine()).as("the holder process took the file").isEqualTo("held");
        return p;
    }
}
