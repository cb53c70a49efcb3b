package app.provisioning;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.SettingsDoc;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs the build, so the deployment files are checked against the server
 * they deploy: the port it listens on, the environment variables it reads and the health
 * path it answers. A renamed setting or a moved endpoint fails here instead of in a
 * customer's rollout.
 */
class DockerFilesTest extends ScimIntegrationTest {

	private static final Path DOCKERFILE = Path.of("docker", "Dockerfile");

	private static final Path COMPOSE = Path.of("docker", "compose.yaml");

	private static final Pattern URL = Pattern.compile("http://localhost:([^/\\s\"]+)(/[^\\s\"]*)");

	private static final Set<String> REQUIRED_SECRETS = Set.of("PROVISIONING_ENCRYPTION_KEY", "ADMIN_BOOTSTRAP_KEY",
			"SPRING_DATASOURCE_PASSWORD");

	@Test
	void dockerfileAndComposeUseTheServersPort() throws IOException {
		String serverPort = String.valueOf(defaultOf(applicationYml().get("server.port")));
		Dockerfile dockerfile = Dockerfile.read(DOCKERFILE);
		assertThat(dockerfile.env()).containsEntry("PORT", serverPort);
		assertThat(dockerfile.instructions("EXPOSE")).containsExactly(serverPort);
		Map<String, Object> server = composeServer();
		assertThat(environment(server)).containsEntry("PORT", serverPort);
		assertThat(strings(server.get("ports")))
			.allSatisfy((mapping) -> assertThat(mapping).endsWith(":" + serverPort));
		assertThat(composeHealthUrl(server).group(1)).isEqualTo(serverPort);
	}

	@Test
	void everyVariableTheyPassIsOneTheServerReads() throws IOException {
		Set<String> read = new TreeSet<>();
		applicationYml().values()
			.forEach((value) -> SettingsDoc.placeholders(String.valueOf(value)).forEach(read::add));
		read.addAll(SettingsDoc.variables());
		Set<String> passed = new TreeSet<>(Dockerfile.read(DOCKERFILE).env().keySet());
		passed.addAll(environment(composeServer()).keySet());
		assertThat(passed).isNotEmpty();
		assertThat(read).as("variables read by the server (application.yml placeholders, docs/settings.md)")
			.containsAll(passed);
	}

	@Test
	void composeRefusesToStartWithoutTheRequiredSecrets() throws IOException {
		Map<String, String> environment = environment(composeServer());
		for (String secret : REQUIRED_SECRETS) {
			assertThat(environment.get(secret)).as(secret).matches("\\$\\{[A-Z_]+:\\?[^}]+}");
		}
		assertThat(Files.readString(DOCKERFILE)).as("no secret is baked into the image")
			.doesNotContainPattern("(?m)^\\s*(ENV|ARG)\\b.*(ENCRYPTION_KEY=|BOOTSTRAP_KEY|PASSWORD|BOOTSTRAP_TOKEN)");
	}

	@Test
	void serverWaitsForAHealthyDatabase() throws IOException {
		Map<String, Object> compose = compose();
		Map<String, Object> db = map(map(compose.get("services")).get("db"));
		assertThat(strings(map(db.get("healthcheck")).get("test")))
			.anySatisfy((part) -> assertThat(part).contains("pg_isready"));
		assertThat(map(composeServer().get("depends_on")).get("db")).isEqualTo(Map.of("condition", "service_healthy"));
		assertThat(strings(db.get("volumes"))).anySatisfy((volume) -> assertThat(volume).startsWith("postgres-data:"));
		assertThat(map(compose.get("volumes"))).containsKey("postgres-data");
	}

	@Test
	void imageRunsAsAnUnprivilegedUserOnAGlibcBase() throws IOException {
		Dockerfile dockerfile = Dockerfile.read(DOCKERFILE);
		List<String> stages = dockerfile.instructions("FROM");
		assertThat(stages).hasSize(2);
		assertThat(stages.get(0)).startsWith("eclipse-temurin:17-jdk");
		// The embedded PostgreSQL binaries need glibc: no Alpine (musl) runtime.
		assertThat(stages.get(1)).startsWith("eclipse-temurin:17-jre").doesNotContain("alpine");
		assertThat(dockerfile.instructions("USER")).isNotEmpty()
			.noneMatch((user) -> user.equals("root") || user.equals("0"));
	}

	@Test
	void imageBuildGetsEveryFolderTheBuildReads() throws IOException {
		Matcher folders = Pattern.compile("<directory>([^<$]+)</directory>")
			.matcher(Files.readString(Path.of("pom.xml")));
		List<String> copied = Dockerfile.read(DOCKERFILE).instructions("COPY");
		List<String> ignore = Files.readAllLines(Path.of("docker", "Dockerfile.dockerignore"));
		while (folders.find()) {
			String folder = folders.group(1).trim();
			assertThat(copied).as("the build stage copies " + folder).anyMatch((copy) -> copy.startsWith(folder + " "));
			assertThat(ignore).as("the build context keeps " + folder).contains("!" + folder + "/");
		}
	}

	@Test
	void healthCheckPathTheyCallIsAnsweredOk() throws Exception {
		List<String> paths = new ArrayList<>();
		Matcher fromDockerfile = URL.matcher(String.join(" ", Dockerfile.read(DOCKERFILE).instructions("HEALTHCHECK")));
		assertThat(fromDockerfile.find()).as("the Dockerfile's HEALTHCHECK calls the server").isTrue();
		paths.add(fromDockerfile.group(2));
		paths.add(composeHealthUrl(composeServer()).group(2));
		HttpClient http = HttpClient.newHttpClient();
		for (String path : paths) {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("GET " + path + " without credentials").isEqualTo(200);
		}
	}

	private static Matcher composeHealthUrl(Map<String, Object> server) {
		Matcher url = URL.matcher(String.join(" ", strings(map(server.get("healthcheck")).get("test"))));
		assertThat(url.find()).as("the server's compose health check calls it").isTrue();
		return url;
	}

	private static Map<String, Object> compose() throws IOException {
		try (InputStream in = Files.newInputStream(COMPOSE)) {
			return new Yaml().load(in);
		}
	}

	private static Map<String, Object> composeServer() throws IOException {
		return map(map(compose().get("services")).get("server"));
	}

	/** Compose allows a map or a list of NAME=value; both are read as a map. */
	private static Map<String, String> environment(Map<String, Object> service) {
		Map<String, String> environment = new LinkedHashMap<>();
		Object declared = service.get("environment");
		if (declared instanceof Map<?, ?> entries) {
			entries.forEach((name, value) -> environment.put(String.valueOf(name), String.valueOf(value)));
		}
		else {
			for (String entry : strings(declared)) {
				String[] parts = entry.split("=", 2);
				environment.put(parts[0], (parts.length > 1) ? parts[1] : "");
			}
		}
		return environment;
	}

	/**
	 * application.yml flattened to dotted names, values as written (placeholders
	 * unresolved).
	 */
	private static Map<String, Object> applicationYml() throws IOException {
		try (InputStream in = Files.newInputStream(Path.of("src", "main", "resources", "application.yml"))) {
			Map<String, Object> flat = new LinkedHashMap<>();
			flatten("", map(new Yaml().load(in)), flat);
			return flat;
		}
	}

	private static void flatten(String prefix, Map<String, Object> tree, Map<String, Object> flat) {
		tree.forEach((key, value) -> {
			if (value instanceof Map<?, ?>) {
				flatten(prefix + key + ".", map(value), flat);
			}
			else {
				flat.put(prefix + key, value);
			}
		});
	}

	private static Object defaultOf(Object value) {
		Matcher matcher = Pattern.compile("\\$\\{[A-Z_]+:([^}]*)}").matcher(String.valueOf(value));
		return matcher.matches() ? matcher.group(1) : value;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	private static List<String> strings(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return ((List<?>) value).stream().map(String::valueOf).toList();
	}

	/**
	 * The instructions of a Dockerfile, continuation lines joined and comments dropped.
	 */
	private record Dockerfile(List<String[]> lines) {

		static Dockerfile read(Path path) throws IOException {
			List<String[]> lines = new ArrayList<>();
			StringBuilder current = new StringBuilder();
			for (String line : Files.readAllLines(path)) {
				String trimmed = line.strip();
				if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
					continue;
				}
				if (trimmed.endsWith("\\")) {
					current.append(trimmed, 0, trimmed.length() - 1).append(' ');
					continue;
				}
				current.append(trimmed);
				String[] parts = current.toString().strip().split("\\s+", 2);
				lines.add(new String[] { parts[0].toUpperCase(java.util.Locale.ROOT),
						(parts.length > 1) ? parts[1] : "" });
				current.setLength(0);
			}
			return new Dockerfile(lines);
		}

		List<String> instructions(String keyword) {
			return this.lines.stream().filter((line) -> line[0].equals(keyword)).map((line) -> line[1]).toList();
		}

		/** Only the {@code ENV NAME=value ...} form is used in our Dockerfile. */
		Map<String, String> env() {
			Map<String, String> env = new LinkedHashMap<>();
			for (String arguments : instructions("ENV")) {
				for (String pair : arguments.split("\\s+")) {
					String[] parts = pair.split("=", 2);
					assertThat(parts).as("ENV in NAME=value form: " + pair).hasSize(2);
					env.put(parts[0], parts[1]);
				}
			}
			return env;
		}

	}

}
