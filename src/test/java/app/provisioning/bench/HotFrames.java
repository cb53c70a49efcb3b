package app.provisioning.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a profile's CPU samples fall, as text: by library (the first frame from the top
 * of the stack that belongs to a known one), by our own methods including what they call,
 * and by the methods that were running. A flame graph shows the same, but this fits in a
 * commit message and compares two runs line by line.
 *
 * <pre>bench/hot-frames target/bench/server.jfr ['thread name regex']</pre>
 */
public final class HotFrames {

	private static final Map<String, String> LIBRARIES = libraries();

	private HotFrames() {
	}

	private static Map<String, String> libraries() {
		Map<String, String> libraries = new LinkedHashMap<>();
		libraries.put("app.provisioning.", "ours");
		libraries.put("io.micrometer.", "Micrometer");
		libraries.put("org.springframework.security.", "Spring Security");
		libraries.put("org.springframework.web.", "Spring MVC");
		libraries.put("org.springframework.jdbc.", "Spring JDBC");
		libraries.put("org.springframework.transaction.", "Spring transactions");
		libraries.put("org.springframework.", "Spring (other)");
		libraries.put("org.apache.", "Tomcat");
		libraries.put("com.fasterxml.jackson.", "Jackson 2");
		libraries.put("tools.jackson.", "Jackson 3");
		libraries.put("org.postgresql.", "PostgreSQL driver");
		libraries.put("com.zaxxer.hikari.", "HikariCP");
		libraries.put("com.unboundid.", "UnboundID SCIM");
		libraries.put("org.hibernate.", "Hibernate");
		libraries.put("io.github.bucket4j.", "Bucket4j");
		libraries.put("com.github.benmanes.caffeine.", "Caffeine");
		libraries.put("ch.qos.logback.", "Logback");
		return libraries;
	}

	public static void main(String[] args) throws IOException {
		if (args.length < 1) {
			System.err
				.println("Usage: bench/hot-frames <recording.jfr> [thread name regex, default: Tomcat's workers]");
			System.exit(2);
		}
		Pattern threads = Pattern.compile((args.length > 1) ? args[1] : "http-nio-.*-exec-.*");
		Map<String, Integer> byLibrary = new HashMap<>();
		Map<String, Integer> ours = new HashMap<>();
		Map<String, Integer> running = new HashMap<>();
		int samples = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
			if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
				continue;
			}
			String thread = event.getThread("sampledThread").getJavaName();
			if (thread == null || !threads.matcher(thread).matches()) {
				continue;
			}
			samples++;
			List<RecordedFrame> frames = event.getStackTrace().getFrames();
			if (!frames.isEmpty()) {
				running.merge(name(frames.get(0)), 1, Integer::sum);
			}
			byLibrary.merge(library(frames), 1, Integer::sum);
			Set<String> seen = new HashSet<>();
			for (RecordedFrame frame : frames) {
				String name = name(frame);
				if (name.startsWith("app.provisioning.") && seen.add(name)) {
					ours.merge(name, 1, Integer::sum);
				}
			}
		}
		System.out.printf(Locale.ROOT, "%,d CPU samples on threads matching %s%n", samples, threads);
		print("By library (first known frame from the top of the stack)", byLibrary, samples, 20);
		print("Our methods, with what they call", ours, samples, 30);
		print("Running when sampled", running, samples, 30);
	}

	private static String library(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			String name = name(frame);
			for (Map.Entry<String, String> library : LIBRARIES.entrySet()) {
				if (name.startsWith(library.getKey())) {
					return library.getValue();
				}
			}
		}
		return "JDK only";
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	private static void print(String title, Map<String, Integer> counts, int samples, int limit) {
		System.out.println();
		System.out.println(title);
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(limit)
			.forEach((entry) -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * entry.getValue() / samples,
					entry.getKey()));
	}

}
