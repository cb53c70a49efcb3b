package app.provisioning;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README.md and docs/*.md link to one another. A link to a file that does not exist, or
 * to an anchor that no heading of its file makes, fails here instead of leaving a reader
 * at a dead end. Anchors are made as GitHub makes them: the heading lower-cased,
 * punctuation other than {@code -} and {@code _} removed, spaces turned into {@code -},
 * and a repeated heading's anchor numbered {@code -1}, {@code -2}. Links to the web
 * (http, https, mailto) are not followed.
 */
class DocsLinksTest {

	/**
	 * {@code [text](target)} and {@code ![alt](target)}, with an optional title; the text
	 * may span lines.
	 */
	private static final Pattern INLINE_LINK = Pattern
		.compile("!?\\[((?:[^\\[\\]]|\\[[^\\[\\]]*])*)]\\(\\s*<?(?<target>[^\\s)<>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

	/** {@code [label]: target}, the definition of a reference link. */
	private static final Pattern LINK_DEFINITION = Pattern
		.compile("^ {0,3}\\[[^\\]]+]:[ \\t]*<?(?<target>[^\\s<>]+)>?.*$", Pattern.MULTILINE);

	private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)(?:\\s+#+)?\\s*$");

	private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");

	private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");

	private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

	private static final Pattern NOT_IN_ANCHOR = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]");

	@Test
	void everyRelativeLinkInTheDocumentationLeadsToAFileAndAHeadingThatExist() throws IOException {
		List<Path> documentation = documentation(Path.of(""));
		assertThat(documentation).contains(Path.of("README.md"), Path.of("docs", "settings.md"));
		assertThat(brokenLinks(Path.of(""), documentation)).as("broken links in README.md and docs/").isEmpty();
	}

	@Test
	void linkToAMissingFileIsReportedWithItsFileLineAndLink(@TempDir Path root) throws IOException {
		write(root, "README.md", "# Title", "", "See [the settings](docs/setings.md).");
		write(root, "docs/settings.md", "# Settings");

		assertThat(brokenLinks(root, documentation(root)))
			.containsExactly("README.md:3: [the settings](docs/setings.md): docs/setings.md does not exist");
	}

	@Test
	void linkWrappedOverTwoLinesIsCheckedAndReportedAtItsFirstLine(@TempDir Path root) throws IOException {
		write(root, "README.md", "# Title", "", "Start-up stops with a report ([how bad settings are",
				"  reported](docs/settings.md#how-bad-settings-are-shown)).");
		write(root, "docs/settings.md", "# Settings", "", "## How bad settings are reported");

		assertThat(brokenLinks(root, documentation(root))).containsExactly(
				"README.md:3: [how bad settings are reported](docs/settings.md#how-bad-settings-are-shown): no heading"
						+ " of docs/settings.md makes the anchor #how-bad-settings-are-shown");
	}

	@Test
	void anchorThatNoHeadingMakesIsReported(@TempDir Path root) throws IOException {
		write(root, "README.md", "# Title");
		write(root, "docs/operating.md", "# Operating", "", "## Reliability", "",
				"See [Settings](settings.md#how-bad-settings-are-reported) and [Reliability](#reliabilty).");
		write(root, "docs/settings.md", "# Settings", "", "## How bad settings are shown");

		assertThat(brokenLinks(root, documentation(root))).containsExactly(
				"docs/operating.md:5: [Settings](settings.md#how-bad-settings-are-reported): no heading of"
						+ " docs/settings.md makes the anchor #how-bad-settings-are-reported",
				"docs/operating.md:5: [Reliability](#reliabilty): no heading of docs/operating.md makes the anchor"
						+ " #reliabilty");
	}

	@Test
	void linksThatResolveAreNotReported(@TempDir Path root) throws IOException {
		write(root, "README.md", "# Title", "", "[Operating](docs/operating.md#rotate-the-encryption-key),",
				"[the second one](docs/operating.md#sync-log-1), [code](src/Main.java), [a folder](docs/),",
				"[back](README.md#title) and [up](../README.md) from docs.");
		write(root, "docs/operating.md", "# Operating", "## Rotate the encryption key", "## Sync log", "## Sync log",
				"[Home](../README.md#title)");
		write(root, "src/Main.java", "class Main {}");

		assertThat(brokenLinks(root, documentation(root)))
			.containsExactly("README.md:5: [up](../README.md): ../README.md is outside the repository");
	}

	@Test
	void linksToTheWebAndLinksInCodeAreNotFollowed(@TempDir Path root) throws IOException {
		write(root, "README.md", "# Title", "", "[RFC 7644](https://www.rfc-editor.org/rfc/rfc7644),",
				"[mail](mailto:someone@example.com), [plain](http://example.com/missing.md#nowhere),",
				"`[not a link](missing.md)`.", "", "    [indented code](missing.md)", "", "```",
				"[fenced code](missing.md)", "```");

		assertThat(brokenLinks(root, documentation(root))).isEmpty();
	}

	@Test
	void anchorsAreMadeAsGitHubMakesThem() {
		assertThat(anchors(List.of("# Health, metrics and logs", "## The `PORT` setting", "## Back up and restore",
				"## How the lookups are written (migration V13)", "## Lookups — PostgreSQL's statistics",
				"## snake_case and [a link](x.md) stay", "## Sync log", "## Sync log", "### Sync log",
				"    # in code, no heading", "<a id=\"explicit\"></a>")))
			.containsExactlyInAnyOrder("health-metrics-and-logs", "the-port-setting", "back-up-and-restore",
					"how-the-lookups-are-written-migration-v13", "lookups--postgresqls-statistics",
					"snake_case-and-a-link-stay", "sync-log", "sync-log-1", "sync-log-2", "explicit");
	}

	/**
	 * README.md and every Markdown file in docs/, as paths relative to the repository.
	 */
	private static List<Path> documentation(Path root) throws IOException {
		List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
		Path docs = root.resolve("docs");
		if (Files.isDirectory(docs)) {
			try (Stream<Path> listed = Files.list(docs)) {
				listed.filter((file) -> file.getFileName().toString().endsWith(".md"))
					.map((file) -> root.toAbsolutePath().relativize(file.toAbsolutePath()))
					.sorted()
					.forEach(files::add);
			}
		}
		return files;
	}

	/** One line per broken link: "file:line: [text](target): what is wrong". */
	private static List<String> brokenLinks(Path root, List<Path> files) throws IOException {
		Map<Path, Set<String>> anchorsOf = new HashMap<>();
		List<String> problems = new ArrayList<>();
		for (Path file : files) {
			List<String> lines = prose(Files.readAllLines(root.resolve(file)));
			int start = 0;
			while (start < lines.size()) {
				int end = start;
				while (end < lines.size() && !lines.get(end).isBlank()) {
					end++;
				}
				String paragraph = String.join("\n", lines.subList(start, end));
				for (Matcher link : List.of(INLINE_LINK.matcher(paragraph), LINK_DEFINITION.matcher(paragraph))) {
					while (link.find()) {
						String problem = problem(root, file, link.group("target"), anchorsOf);
						if (problem != null) {
							String before = paragraph.substring(0, link.start());
							long line = start + 1 + before.chars().filter((c) -> c == '\n').count();
							String written = link.group().replaceAll("\\s*\n\\s*", " ");
							problems.add(slashes(file) + ":" + line + ": " + written + ": " + problem);
						}
					}
				}
				start = end + 1;
			}
		}
		return problems;
	}

	/** What is wrong with a link target, or null when it leads somewhere. */
	private static String problem(Path root, Path from, String target, Map<Path, Set<String>> anchorsOf)
			throws IOException {
		String lower = target.toLowerCase(Locale.ROOT);
		if (lower.startsWith("http:") || lower.startsWith("https:") || lower.startsWith("mailto:")) {
			return null;
		}
		int hash = target.indexOf('#');
		String path = URLDecoder.decode((hash < 0) ? target : target.substring(0, hash), StandardCharsets.UTF_8);
		String anchor = (hash < 0) ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
		Path file;
		if (path.isEmpty()) {
			file = from;
		}
		else {
			Path base = path.startsWith("/") ? Path.of("") : parentOf(from);
			file = base.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
			if (file.startsWith("..")) {
				return path + " is outside the repository";
			}
		}
		if (!Files.exists(root.resolve(file))) {
			return slashes(file) + " does not exist";
		}
		if (anchor == null || anchor.isEmpty() || !file.getFileName().toString().endsWith(".md")) {
			return null;
		}
		Set<String> anchors = anchorsOf.get(file);
		if (anchors == null) {
			anchors = anchors(Files.readAllLines(root.resolve(file)));
			anchorsOf.put(file, anchors);
		}
		return anchors.contains(anchor) ? null : "no heading of " + slashes(file) + " makes the anchor #" + anchor;
	}

	/**
	 * The anchors a Markdown file's headings make, as GitHub makes them, and its explicit
	 * HTML anchors.
	 */
	private static Set<String> anchors(List<String> markdown) {
		Set<String> anchors = new HashSet<>();
		Map<String, Integer> repeats = new HashMap<>();
		for (String line : prose(markdown)) {
			Matcher explicit = HTML_ANCHOR.matcher(line);
			while (explicit.find()) {
				anchors.add(explicit.group(1));
			}
			Matcher heading = HEADING.matcher(line);
			if (!heading.matches()) {
				continue;
			}
			String text = INLINE_LINK.matcher(heading.group(1)).replaceAll("$1");
			String anchor = NOT_IN_ANCHOR.matcher(text.strip().toLowerCase(Locale.ROOT))
				.replaceAll("")
				.replace(' ', '-');
			String unique = anchor;
			while (anchors.contains(unique)) {
				int count = repeats.merge(anchor, 1, Integer::sum);
				unique = anchor + "-" + count;
			}
			anchors.add(unique);
		}
		return anchors;
	}

	/**
	 * The lines with code taken out: fenced and indented code blocks become empty lines
	 * (so line numbers stay right), and a code span keeps its text without back-quotes
	 * and brackets, so that it makes no link but still counts in a heading's anchor.
	 */
	private static List<String> prose(List<String> markdown) {
		List<String> prose = new ArrayList<>();
		boolean fenced = false;
		boolean indented = false;
		String previous = "";
		for (String line : markdown) {
			if (FENCE.matcher(line).find()) {
				fenced = !fenced;
				prose.add("");
			}
			else if (fenced) {
				prose.add("");
			}
			else {
				boolean codeIndent = line.startsWith("    ") || line.startsWith("\t");
				indented = codeIndent && (indented || previous.isBlank()) || (indented && line.isBlank());
				prose.add(indented ? "" : CODE_SPAN.matcher(line)
					.replaceAll((span) -> Matcher.quoteReplacement(span.group(2).replaceAll("[\\[\\]()]", ""))));
			}
			previous = line;
		}
		return prose;
	}

	private static Path parentOf(Path file) {
		Path parent = file.getParent();
		return (parent != null) ? parent : Path.of("");
	}

	private static String slashes(Path path) {
		return path.toString().replace('\\', '/');
	}

	private static void write(Path root, String file, String... lines) throws IOException {
		Path path = root.resolve(file);
		Files.createDirectories(path.getParent());
		Files.write(path, List.of(lines));
	}

}
