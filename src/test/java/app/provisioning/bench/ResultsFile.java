package app.provisioning.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * A run's figures as tab-separated lines, written as each scenario ends (a run that stops
 * half-way keeps what it measured), for {@link CompareRuns} to set runs of two commits
 * side by side. Three kinds of line: <pre>
 * scenario  name  connections  req/s  p50 ms  p99 ms  max ms  errors  heap MB  server ms/r  compiler ms/r  database ms/r
 * ceiling   name  connections  tps  database ms/transaction
 * share     name  connections  ceiling name
 * </pre>
 */
final class ResultsFile {

	static final String SCENARIO = "scenario";

	static final String CEILING = "ceiling";

	static final String SHARE = "share";

	private final Path file;

	ResultsFile(Path file) {
		this.file = file;
	}

	void add(Load.Figures figures, long heapMegabytes) {
		double requests = figures.requests();
		write(SCENARIO, figures.name(), figures.connections(), number(figures.perSecond()),
				number(figures.percentileMillis(50)), number(figures.percentileMillis(99)),
				number(figures.latency().getMaxValue() / 1000.0), figures.errors(), heapMegabytes,
				number(figures.cpu().serverMillis() / requests), number(figures.cpu().compilerMillis() / requests),
				number(figures.cpu().databaseMillis() / requests));
	}

	void addCeiling(String name, int connections, double perSecond, double databaseMillisPerTransaction) {
		write(CEILING, name, connections, number(perSecond), number(databaseMillisPerTransaction));
	}

	/** Says that a scenario's rate is to be read as a share of a ceiling's. */
	void compare(Load.Figures figures, String ceilingName) {
		write(SHARE, figures.name(), figures.connections(), ceilingName);
	}

	private static String number(double value) {
		return String.format(Locale.ROOT, "%.4f", value);
	}

	private void write(Object... fields) {
		StringBuilder line = new StringBuilder();
		for (Object field : fields) {
			if (!line.isEmpty()) {
				line.append('\t');
			}
			// A tab or line break inside a name would shift every column after it.
			line.append(String.valueOf(field).replaceAll("[\\t\\r\\n]", " "));
		}
		try {
			Files.createDirectories(this.file.toAbsolutePath().getParent());
			Files.writeString(this.file, line.append('\n'), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
