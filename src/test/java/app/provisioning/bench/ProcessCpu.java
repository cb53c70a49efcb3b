package app.provisioning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time spent by the server and its PostgreSQL: what an operator pays for, without the
 * load generator and the webhook receiver that share the benchmark's machine. Read from
 * Linux's {@code /proc/<pid>/stat}, for the server's process and the database's
 * postmaster with every process below it; a database process that has ended is counted in
 * its parent's children time.
 */
final class ProcessCpu {

	// The kernel counts in USER_HZ ticks, 100 a second on every Linux it runs on here.
	private static final double MILLIS_PER_TICK = 10;

	private final long serverPid;

	private final Path postmasterPidFile;

	ProcessCpu(long serverPid, Path postgresDataDirectory) {
		this.serverPid = serverPid;
		this.postmasterPidFile = postgresDataDirectory.resolve("postmaster.pid");
	}

	long serverPid() {
		return this.serverPid;
	}

	boolean available() {
		return Files.isReadable(Path.of("/proc", String.valueOf(this.serverPid), "stat"))
				&& Files.isReadable(this.postmasterPidFile);
	}

	/**
	 * Milliseconds of CPU (user and system, with ended children) of the server and of the
	 * database.
	 */
	double millis() {
		return serverMillis() + databaseMillis();
	}

	/** Milliseconds of CPU of the server's process alone. */
	double serverMillis() {
		return ticks(this.serverPid) * MILLIS_PER_TICK;
	}

	/** Milliseconds of CPU of the database: the postmaster and every process below it. */
	double databaseMillis() {
		try {
			long postmaster = Long.parseLong(Files.readAllLines(this.postmasterPidFile).get(0).trim());
			List<Long> database = new ArrayList<>();
			database.add(postmaster);
			ProcessHandle.of(postmaster)
				.ifPresent((handle) -> handle.descendants().forEach((p) -> database.add(p.pid())));
			long ticks = 0;
			for (long pid : database) {
				ticks += ticks(pid);
			}
			return ticks * MILLIS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

	/**
	 * How many processes run under the database's postmaster now (an ended one is listed
	 * until the postmaster has collected it, and then its time is in the postmaster's): a
	 * client's backends end a moment after the client.
	 */
	long databaseProcesses() {
		try {
			long postmaster = Long.parseLong(Files.readAllLines(this.postmasterPidFile).get(0).trim());
			return ProcessHandle.of(postmaster).map((handle) -> handle.descendants().count()).orElse(0L);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * Waits, up to five seconds, until the database runs no more processes than
	 * {@code count}, so that ended clients' backends are counted.
	 */
	void awaitDatabaseProcesses(long count) throws InterruptedException {
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (databaseProcesses() > count && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
	}

	// utime, stime, cutime and cstime: fields 14 to 17, counted after the command name,
	// which is in parentheses and may itself hold spaces.
	private static long ticks(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
					+ Long.parseLong(fields[14]);
		}
		catch (IOException ex) {
			// The process ended between listing and reading; its time is now its
			// parent's.
			return 0;
		}
	}

}
