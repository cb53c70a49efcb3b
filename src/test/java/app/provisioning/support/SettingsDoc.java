package app.provisioning.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings docs/settings.md documents: the environment variables in the first column
 * of its tables. A cell may shorten a second name that shares the first one's prefix:
 * {@code `PROVISIONING_GRAPH_CONNECTTIMEOUT` / `…_REQUESTTIMEOUT`} names
 * {@code PROVISIONING_GRAPH_CONNECTTIMEOUT} and
 * {@code PROVISIONING_GRAPH_REQUESTTIMEOUT}.
 */
public final class SettingsDoc {

	/**
	 * An environment variable placeholder in application.yml: {@code ${NAME}} or
	 * {@code ${NAME:default}}.
	 */
	public static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::[^}]*)?}");

	/** The variables a value of application.yml reads, in order. */
	public static List<String> placeholders(String value) {
		List<String> names = new ArrayList<>();
		Matcher matcher = PLACEHOLDER.matcher(value);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	public static final Path FILE = Path.of("docs", "settings.md");

	/**
	 * A variable written in code quotes, possibly shortened to its last part after "…".
	 */
	private static final Pattern NAME = Pattern.compile("`(…_)?([A-Z][A-Z0-9_]*[A-Z0-9])(?![A-Za-z0-9_])");

	private SettingsDoc() {
	}

	/** The variables in the first column of the tables of docs/settings.md. */
	public static Set<String> variables() throws IOException {
		return variables(Files.readString(FILE));
	}

	/** The variables in the first column of the tables of a Markdown text. */
	public static Set<String> variables(String markdown) {
		Set<String> names = new TreeSet<>();
		for (String line : markdown.lines().filter((line) -> line.startsWith("| `")).toList()) {
			int end = line.indexOf(" |", 2);
			names.addAll(names((end < 0) ? line : line.substring(0, end)));
		}
		return names;
	}

	/**
	 * Every variable named in code quotes in the text, shortened ones written out in
	 * full.
	 */
	public static List<String> names(String text) {
		List<String> names = new ArrayList<>();
		String previous = null;
		Matcher name = NAME.matcher(text);
		while (name.find()) {
			String written = name.group(2);
			if (name.group(1) != null && previous != null && previous.contains("_")) {
				written = previous.substring(0, previous.lastIndexOf('_') + 1) + written;
			}
			names.add(written);
			previous = written;
		}
		return names;
	}

}
