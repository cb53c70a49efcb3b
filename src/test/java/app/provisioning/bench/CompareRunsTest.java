package app.provisioning.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code bench/compare} prints from the runs' results files: the figures a developer
 * reads to decide whether a change on the request path may land.
 */
class CompareRunsTest {

	@TempDir
	Path runs;

	@Test
	void setsEachRunSideBySideWithNewsMedianAgainstOlds() throws Exception {
		// old, new, new, old, as bench/compare runs them
		run("01-old", 1000, 0.50, 0.10, 0.30, 20_000);
		run("02-new", 1500, 0.35, 0.10, 0.25, 20_000);
		run("03-new", 1700, 0.33, 0.08, 0.24, 17_000);
		run("04-old", 1200, 0.52, 0.12, 0.32, 24_000);

		String summary = CompareRuns.compare("aaaaaaa", "bbbbbbb", this.runs);

		assertThat(summary).contains("old = aaaaaaa, new = bbbbbbb; runs in order: old, new, new, old");
		String post = section(summary, "POST /Users, 16 connections");
		// medians 1,600 against 1,100
		assertThat(post).containsPattern("req/s\\s+old 1,000 1,200\\s+new 1,500 1,700\\s+new/old 1.45");
		// server without its compiler + database: 0.70 and 0.72 against 0.50 and 0.49
		assertThat(post).containsPattern("CPU ms/request\\s+old 0.700 0.720\\s+new 0.500 0.490\\s+new/old 0.70");
		// a share of pgbench's rate in the same run: 5.0 and 5.0% against 7.5 and 10.0%
		assertThat(post).containsPattern("share of ceiling\\s+old 5.0% 5.0%\\s+new 7.5% 10.0%\\s+new/old 1.75");
		assertThat(section(summary, "pgbench insert, 16 connections"))
			.containsPattern("req/s\\s+old 20,000 24,000\\s+new 20,000 17,000\\s+new/old 0.84");
		assertThat(summary).contains("highest of all runs: 512 MB");
	}

	@Test
	void saysSoWhenOneSideHasNoFinishedRun() throws Exception {
		run("01-old", 1000, 0.50, 0.10, 0.30, 20_000);
		Files.writeString(this.runs.resolve("02-new.tsv"), "");

		assertThat(CompareRuns.compare("aaaaaaa", "bbbbbbb", this.runs)).contains("POST /Users").contains("new/old -");
	}

	@Test
	void namesTheMissingSideWhenNothingCanBeCompared() throws Exception {
		run("01-old", 1000, 0.50, 0.10, 0.30, 20_000);

		assertThat(CompareRuns.compare("aaaaaaa", "bbbbbbb", this.runs))
			.isEqualTo("Nothing to compare in " + this.runs + ": no run of bbbbbbb (new) finished.\n");
	}

	@Test
	void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
		assertThat(CompareRuns.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
		assertThat(CompareRuns.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
	}

	@Test
	void takesTheMeanOfAScenarioMeasuredInSeveralBlocksOfOneRun() throws Exception {
		// the records scenario measures each side in four blocks of one run
		ResultsFile old = new ResultsFile(this.runs.resolve("01-old.tsv"));
		old.add(figures("POST /Users, People map", 900, 0.6, 0, 1.0), 300);
		old.add(figures("POST /Users, People map", 1100, 0.8, 0, 1.2), 300);
		ResultsFile current = new ResultsFile(this.runs.resolve("02-new.tsv"));
		current.add(figures("POST /Users, People map", 1000, 0.5, 0, 1.0), 300);
		current.add(figures("POST /Users, People map", 1400, 0.5, 0, 0.8), 300);

		String records = section(CompareRuns.compare("aaaaaaa", "bbbbbbb", this.runs),
				"POST /Users, People map, 16 connections");

		assertThat(records).containsPattern("req/s\\s+old 1,000\\s+new 1,200\\s+new/old 1.20");
		assertThat(records).containsPattern("CPU ms/request\\s+old 1.800\\s+new 1.400\\s+new/old 0.78");
	}

	/** One run's results file with a POST scenario and pgbench's insert ceiling. */
	private void run(String name, double postsPerSecond, double serverMillis, double compilerMillis,
			double databaseMillis, double pgbenchPerSecond) {
		ResultsFile file = new ResultsFile(this.runs.resolve(name + ".tsv"));
		Load.Figures post = figures("POST /Users", postsPerSecond, serverMillis, compilerMillis, databaseMillis);
		file.add(post, name.startsWith("04") ? 512 : 300);
		file.addCeiling("pgbench insert", 16, pgbenchPerSecond, 0.08);
		file.compare(post, "pgbench insert");
	}

	/** 1,000 requests at 16 connections with the given rate and CPU per request. */
	private static Load.Figures figures(String name, double perSecond, double serverMillis, double compilerMillis,
			double databaseMillis) {
		Histogram latency = new Histogram(3);
		latency.recordValue(5_000);
		int requests = 1000;
		Load.Cpu cpu = new Load.Cpu(serverMillis * requests, databaseMillis * requests,
				Map.of("JIT", new ThreadCpu.Cpu(compilerMillis * requests, 0)));
		return new Load.Figures(name, 16, requests, 0, requests / perSecond, latency, "", cpu);
	}

	private static String section(String summary, String heading) {
		int start = summary.indexOf("\n" + heading + "\n");
		assertThat(start).as("a section for " + heading).isNotNegative();
		int end = summary.indexOf("\n\n", start + 1);
		return summary.substring(start, (end < 0) ? summary.length() : end);
	}

}
