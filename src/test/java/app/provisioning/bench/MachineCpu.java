package app.provisioning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the whole machine spent busy (server, database, load and receiver together),
 * from Linux's {@code /proc/stat}. On a shared two-core machine, CPU per request is a
 * steadier measure of what a feature costs than requests per second, which swing with
 * everything else running.
 */
final class MachineCpu {

	private static final Path STAT = Path.of("/proc/stat");

	// The kernel counts in USER_HZ ticks, 100 a second on every Linux it runs on here.
	private static final double MILLIS_PER_TICK = 10;

	private MachineCpu() {
	}

	static boolean available() {
		return Files.isReadable(STAT);
	}

	/**
	 * Busy milliseconds since boot over all cores: user, nice, system, irq, softirq,
	 * steal.
	 */
	static double busyMillis() {
		try {
			String[] fields = Files.readAllLines(STAT).get(0).trim().split("\\s+");
			long busy = 0;
			for (int i : new int[] { 1, 2, 3, 6, 7, 8 }) {
				busy += Long.parseLong(fields[i]);
			}
			return busy * MILLIS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

}
