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

	static final String[] GROUPS = { "Tomcat", "webhooks", "database pool", "GC", "JIT", "other" };

	/** A group's kernel time is also counted on its own, under its name and this. */
	static final String KERNEL = " in the kernel";

	private static final double MILLIS_PER_TICK = 10;

	private ThreadCpu() {
	}

	static boolean available(long pid) {
		return Files.isDirectory(Path.of("/proc", String.valueOf(pid), "task"));
	}

	/**
	 * Milliseconds of CPU (user and system) of the live threads, by group, and of each
	 * group's system time.
	 */
	static Map<String, Double> millis(long pid) {
		Map<String, Double> groups = new LinkedHashMap<>();
		for (String group : GROUPS) {
			groups.put(group, 0.0);
			groups.put(group + KERNEL, 0.0);
		}
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
			for (Path task : tasks) {
				try {
					String stat = Files.readString(task.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					double user = Long.parseLong(fields[11]) * MILLIS_PER_TICK;
					double system = Long.parseLong(fields[12]) * MILLIS_PER_TICK;
					groups.merge(group(name), user + system, Double::sum);
					groups.merge(group(name) + KERNEL, system, Double::sum);
				}
				catch (IOException ex) {
					// The thread ended between listing and reading.
				}
			}
		}
		catch (IOException ex) {
			groups.replaceAll((group, millis) -> Double.NaN);
		}
		return groups;
	}

	/** Each group's milliseconds between two readings. */
	static Map<String, Double> since(Map<String, Double> before, long pid) {
		Map<String, Double> now = millis(pid);
		now.replaceAll((group, millis) -> millis - before.getOrDefault(group, 0.0));
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
