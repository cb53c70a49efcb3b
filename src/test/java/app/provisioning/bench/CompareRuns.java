package app.provisioning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Sets the runs of two commits side by side ({@code bench/compare}): per scenario, each
 * run's rate, CPU per request and share of pgbench's ceiling, and the new commit's median
 * against the old one's. CPU per request is the server's without its JIT compiler plus
 * PostgreSQL's, the figure that moves least with whatever else the machine was doing.
 * <p>
 * Reads the {@link ResultsFile}s of a directory named {@code <run>-old.tsv} and
 * {@code <run>-new.tsv}. Uses nothing but the JDK, so that {@code bench/compare} can run
 * it from its source file.
 */
public final class CompareRuns {

	private CompareRuns() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 3) {
			System.err.println("usage: CompareRuns <old label> <new label> <directory of N-old.tsv and N-new.tsv>");
			System.exit(2);
		}
		System.out.print(compare(args[0], args[1], Path.of(args[2])));
	}

	static String compare(String oldLabel, String newLabel, Path directory) throws IOException {
		List<Run> runs = new ArrayList<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter((f) -> f.getFileName().toString().matches("\\d+-(old|new)\\.tsv"))
				.sorted()
				.toList()) {
				runs.add(Run.read(file));
			}
		}
		if (runs.stream().noneMatch((run) -> run.old) || runs.stream().noneMatch((run) -> !run.old)) {
			return "Nothing to compare in " + directory + ": no run of "
					+ (runs.isEmpty() ? "either commit" : runs.get(0).old ? newLabel + " (new)" : oldLabel + " (old)")
					+ " finished.\n";
		}
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "old = %s, new = %s; runs in order: %s%n", oldLabel, newLabel,
				String.join(", ", runs.stream().map((run) -> run.old ? "old" : "new").toList())));
		out.append("Each figure per run, then new's median / old's median. CPU: ms per request, server without its"
				+ " JIT compiler + PostgreSQL.\n");
		for (String key : scenarioKeys(runs)) {
			out.append('\n').append(key).append('\n');
			line(out, "req/s", runs, key, Scenario::perSecond, "%,.0f");
			line(out, "CPU ms/request", runs, key, Scenario::cpuPerRequest, "%.3f");
			line(out, "share of ceiling", runs, key, (scenario) -> scenario.share, "%.1f%%");
			line(out, "p99 ms", runs, key, Scenario::p99, "%.1f");
			double errors = runs.stream()
				.map((run) -> run.scenarios.get(key))
				.filter((s) -> s != null)
				.mapToDouble(Scenario::errors)
				.sum();
			if (errors > 0) {
				out.append(String.format(Locale.ROOT, "  errors: %,.0f in all runs%n", errors));
			}
		}
		double heap = runs.stream()
			.flatMap((run) -> run.scenarios.values().stream())
			.mapToDouble(Scenario::heapMegabytes)
			.filter((mb) -> mb >= 0)
			.max()
			.orElse(-1);
		out.append((heap < 0) ? String.format("%nServer heap: not read in any run%n") : String.format(Locale.ROOT,
				"%nServer heap at the end of a scenario, highest of all runs: %.0f MB%n", heap));
		return out.toString();
	}

	private static List<String> scenarioKeys(List<Run> runs) {
		List<String> keys = new ArrayList<>();
		for (Run run : runs) {
			for (String key : run.scenarios.keySet()) {
				if (!keys.contains(key)) {
					keys.add(key);
				}
			}
		}
		return keys;
	}

	private static void line(StringBuilder out, String label, List<Run> runs, String key,
			java.util.function.ToDoubleFunction<Scenario> figure, String format) {
		List<Double> olds = new ArrayList<>();
		List<Double> news = new ArrayList<>();
		for (Run run : runs) {
			Scenario scenario = run.scenarios.get(key);
			double value = (scenario != null) ? figure.applyAsDouble(scenario) : Double.NaN;
			if (Double.isFinite(value)) {
				(run.old ? olds : news).add(value);
			}
		}
		if (olds.isEmpty() && news.isEmpty()) {
			return;
		}
		String ratio = (olds.isEmpty() || news.isEmpty()) ? "-"
				: String.format(Locale.ROOT, "%.2f", median(news) / median(olds));
		out.append(String.format(Locale.ROOT, "  %-17s old %-24s new %-24s new/old %s%n", label, values(olds, format),
				values(news, format), ratio));
	}

	private static String values(List<Double> values, String format) {
		if (values.isEmpty()) {
			return "-";
		}
		return String.join(" ", values.stream().map((v) -> String.format(Locale.ROOT, format, v)).toList());
	}

	static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/** One scenario's figures in one run. */
	record Scenario(double perSecond, double p99, double errors, double heapMegabytes, double cpuPerRequest,
			double share) {

		/**
		 * A scenario measured in several blocks of one run (the records scenario's
		 * A-B-B-A): their mean, errors summed, the highest heap.
		 */
		static Scenario mean(List<Scenario> blocks) {
			return new Scenario(average(blocks, Scenario::perSecond), average(blocks, Scenario::p99),
					blocks.stream().mapToDouble(Scenario::errors).sum(),
					blocks.stream().mapToDouble(Scenario::heapMegabytes).max().orElse(-1),
					average(blocks, Scenario::cpuPerRequest), Double.NaN);
		}

		private static double average(List<Scenario> blocks, java.util.function.ToDoubleFunction<Scenario> figure) {
			return blocks.stream().mapToDouble(figure).average().orElse(Double.NaN);
		}

		Scenario withShare(double share) {
			return new Scenario(this.perSecond, this.p99, this.errors, this.heapMegabytes, this.cpuPerRequest, share);
		}

	}

	/** One run's results file. */
	private record Run(boolean old, Map<String, Scenario> scenarios) {

		static Run read(Path file) throws IOException {
			Map<String, List<Scenario>> repeats = new LinkedHashMap<>();
			Map<String, Double> ceilings = new LinkedHashMap<>();
			Map<String, String> shares = new LinkedHashMap<>();
			for (String line : Files.readAllLines(file)) {
				String[] fields = line.split("\t", -1);
				String key = (fields.length > 2)
						? fields[1] + ", " + fields[2] + ("1".equals(fields[2]) ? " connection" : " connections") : "";
				switch (fields[0]) {
					case "scenario" -> {
						if (fields.length >= 12) {
							double[] n = Arrays.stream(fields, 3, 12).mapToDouble(CompareRuns::number).toArray();
							repeats.computeIfAbsent(key, (k) -> new ArrayList<>())
								.add(new Scenario(n[0], n[2], n[4], n[5], n[6] - n[7] + n[8], Double.NaN));
						}
					}
					case "ceiling" -> {
						if (fields.length >= 5) {
							double perSecond = number(fields[3]);
							ceilings.put(fields[1], perSecond);
							repeats.computeIfAbsent(key, (k) -> new ArrayList<>())
								.add(new Scenario(perSecond, Double.NaN, 0, Double.NaN, number(fields[4]), Double.NaN));
						}
					}
					case "share" -> {
						if (fields.length >= 4) {
							shares.put(key, fields[3]);
						}
					}
					default -> {
						// an empty or foreign line: nothing to read
					}
				}
			}
			Map<String, Scenario> scenarios = new LinkedHashMap<>();
			repeats.forEach((key, blocks) -> scenarios.put(key, Scenario.mean(blocks)));
			shares.forEach((key, ceiling) -> {
				Scenario scenario = scenarios.get(key);
				Double perSecond = ceilings.get(ceiling);
				if (scenario != null && perSecond != null && perSecond > 0) {
					scenarios.put(key, scenario.withShare(100 * scenario.perSecond() / perSecond));
				}
			});
			return new Run(file.getFileName().toString().endsWith("-old.tsv"), scenarios);
		}

	}

	private static double number(String text) {
		try {
			return Double.parseDouble(text);
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

}
