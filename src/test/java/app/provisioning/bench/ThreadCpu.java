package app.provisioning.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's CPU by kind of thread, read from Linux's {@code /proc/<pid>/task}: unlike
 * a Java profile it holds the kernel's time too, which is most of what an HTTP exchange
 * over the loopback costs. A thread's name there is cut to 15 characters, enough to tell
 * the kinds apart. Time of threads that ended between two readings is not in any group.
 */
final class ThreadCpu {

	private static final String[] GROUPS = { "Tomcat", "webhooks", "database pool", "GC", "JIT", "other" };

	private static final double MILLIS_PER_TICK = 10;

	/** Milliseconds of CPU of a group of threads: user and system, and system alone. */
	record Cpu(double total, double kernel) {

		Cpu minus(Cpu earlier) {
			return new Cpu(this.total - earlier.total, this.kernel - earlier.kernel);
		}

		Cpu plus(Cpu other) {
			return new Cpu(this.total + other.total, this.kernel + other.kernel);
		}

		Cpu divided(double by) {
			return new Cpu(this.total / by, this.kernel / by);
		}

	}

	private ThreadCpu() {
	}

	/** CPU of the live threads, by group. */
	static Map<String, Cpu> millis(long pid) {
		Map<String, Cpu> groups = new LinkedHashMap<>();
		for (String group : GROUPS) {
			groups.put(group, new Cpu(0, 0));
		}
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
			for (Path task : tasks) {
				try {
					String stat = Files.readString(task.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					double user = Long.parseLong(fields[11]) * MILLIS_PER_TICK;
					double system = Long.parseLong(fields[12]) * MILLIS_PER_TICK;
					groups.merge(group(name), new Cpu(user + system, system), Cpu::plus);
				}
				catch (IOException ex) {
					// The thread ended between listing and reading.
				}
			}
		}
		catch (IOException ex) {
			groups.replaceAll((group, cpu) -> new Cpu(Double.NaN, Double.NaN));
		}
		return groups;
	}

	/** Each group's CPU between two readings. */
	static Map<String, Cpu> since(Map<String, Cpu> before, long pid) {
		Map<String, Cpu> now = millis(pid);
		now.replaceAll((group, cpu) -> cpu.minus(before.getOrDefault(group, new Cpu(0, 0))));
		return now;
	}

	private static String group(String name) {
		if (name.startsWith("http-nio")) {
			return "Tomcat";
		}
		if (name.startsWith("webhook")) {
			return "webhooks";
		}
		if (name.startsWith("HikariPool")) {
			return "database pool";
		}
		if (name.startsWith("GC ") || name.startsWith("G1 ") || name.equals("VM Thread")) {
			return "GC";
		}
		if (name.contains("Compiler")) {
			return "JIT";
		}
		return "other";
	}

}
