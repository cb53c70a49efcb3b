package app.provisioning;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import app.provisioning.support.SettingsDoc;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every setting the server reads is in the tables of docs/settings.md, under the name an
 * operator sets: the variable application.yml reads it from
 * ({@code ${SCIM_TOKEN_CACHE_TTL:5s}}), or else Spring's relaxed-binding name of the
 * property ({@code PROVISIONING_SCIM_MAXPAGESIZE}), as start-up errors name it. And every
 * {@code PROVISIONING_…} name the documentation gives is one the server reads, so a
 * renamed setting cannot live on in the docs.
 */
class SettingsDocumentedTest {

	private static final Path APPLICATION_YML = Path.of("src", "main", "resources", "application.yml");

	/**
	 * Properties an operator is not meant to set, and why they are not in
	 * docs/settings.md.
	 */
	private static final Map<String, String> NOT_FOR_OPERATORS = Map.of("provisioning.embedded-database.clean-on-start",
			"the test suite's switch to start from an empty embedded database");

	@Test
	void everyVariableApplicationYmlReadsIsInTheSettingsTables() throws IOException {
		Set<String> read = new TreeSet<>();
		applicationYml().values().forEach((value) -> read.addAll(SettingsDoc.placeholders(String.valueOf(value))));
		assertThat(read).contains("SCIM_BOOTSTRAP_TOKEN", "PORT");

		assertThat(missing(read, SettingsDoc.variables()))
			.as("variables read in application.yml but missing from the tables of " + SettingsDoc.FILE)
			.isEmpty();
	}

	@Test
	void everyConfigurationPropertyIsInTheSettingsTablesUnderTheNameOperatorsSet() throws IOException {
		Map<String, String> variables = configurationPropertyVariables();
		assertThat(variables).containsEntry("provisioning.scim.max-page-size", "PROVISIONING_SCIM_MAXPAGESIZE")
			.containsEntry("provisioning.scim.token-cache.ttl", "SCIM_TOKEN_CACHE_TTL")
			.containsKeys(NOT_FOR_OPERATORS.keySet().toArray(String[]::new));

		Set<String> documented = SettingsDoc.variables();
		List<String> missing = new ArrayList<>();
		variables.forEach((property, variable) -> {
			if (!documented.contains(variable) && !NOT_FOR_OPERATORS.containsKey(property)) {
				missing.add(variable + " (" + property + ")");
			}
		});
		assertThat(missing).as("@ConfigurationProperties settings missing from the tables of " + SettingsDoc.FILE)
			.isEmpty();
	}

	@Test
	void everyProvisioningVariableTheDocumentationNamesIsOneTheServerReads() throws IOException {
		Set<String> known = new TreeSet<>();
		applicationYml().values().forEach((value) -> known.addAll(SettingsDoc.placeholders(String.valueOf(value))));
		configurationPropertyVariables().forEach((property, variable) -> {
			known.add(variable);
			known.add(relaxedName(property));
		});

		List<String> unknown = new ArrayList<>();
		for (Path file : documentation()) {
			List<String> lines = Files.readAllLines(file);
			for (int i = 0; i < lines.size(); i++) {
				for (String name : SettingsDoc.names(lines.get(i))) {
					if (name.startsWith("PROVISIONING_") && !known.contains(name)) {
						unknown.add(file + ":" + (i + 1) + ": " + name);
					}
				}
			}
		}
		assertThat(unknown).as("settings named in the documentation that the server does not read").isEmpty();
	}

	@Test
	void shortenedNamesInTheSettingsTablesAreWrittenOutInFull() {
		String table = """
				| Environment variable | Default | Meaning |
				| --- | --- | --- |
				| `PORT` | `8080` | HTTP port. Not `LOG_FORMAT`. |
				| `PROVISIONING_GRAPH_CONNECTTIMEOUT` / `…_REQUESTTIMEOUT` | `10s` / `60s` | limits |
				""";

		assertThat(SettingsDoc.variables(table)).containsExactly("PORT", "PROVISIONING_GRAPH_CONNECTTIMEOUT",
				"PROVISIONING_GRAPH_REQUESTTIMEOUT");
	}

	/**
	 * Each property of the {@code @ConfigurationProperties} records of the server, with
	 * the variable an operator sets it by.
	 */
	private static Map<String, String> configurationPropertyVariables() throws IOException {
		Properties yml = applicationYml();
		Map<String, String> variables = new TreeMap<>();
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		for (BeanDefinition candidate : scanner.findCandidateComponents("app.provisioning")) {
			Class<?> type = load(candidate.getBeanClassName());
			ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
			String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
			for (String property : properties(prefix, type)) {
				variables.put(property, variableFor(property, yml));
			}
		}
		return variables;
	}

	/** The properties of a record, nested records followed. */
	private static List<String> properties(String prefix, Class<?> type) {
		assertThat(type.isRecord())
			.as("%s: only records are read here; teach this test to read other @ConfigurationProperties types", type)
			.isTrue();
		List<String> properties = new ArrayList<>();
		for (RecordComponent component : type.getRecordComponents()) {
			String property = prefix + "." + dashed(component.getName());
			if (component.getType().isRecord()) {
				properties.addAll(properties(property, component.getType()));
			}
			else {
				properties.add(property);
			}
		}
		return properties;
	}

	/**
	 * As the server's SettingNames does: application.yml's placeholder, else the
	 * relaxed-binding name.
	 */
	private static String variableFor(String property, Properties yml) {
		String written = yml.getProperty(property);
		Matcher placeholder = (written != null) ? SettingsDoc.PLACEHOLDER.matcher(written.trim()) : null;
		return (placeholder != null && placeholder.matches()) ? placeholder.group(1) : relaxedName(property);
	}

	private static String relaxedName(String property) {
		return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
	}

	private static String dashed(String camelCase) {
		return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	private static Set<String> missing(Set<String> names, Set<String> documented) {
		Set<String> missing = new TreeSet<>(names);
		missing.removeAll(documented);
		return missing;
	}

	private static Properties applicationYml() {
		YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
		yaml.setResources(new FileSystemResource(APPLICATION_YML));
		Properties properties = yaml.getObject();
		assertThat(properties).as(APPLICATION_YML.toString()).isNotNull().isNotEmpty();
		return properties;
	}

	private static List<Path> documentation() throws IOException {
		List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
		try (Stream<Path> docs = Files.list(Path.of("docs"))) {
			docs.filter((file) -> file.toString().endsWith(".md")).sorted().forEach(files::add);
		}
		return files;
	}

	private static Class<?> load(String name) {
		try {
			return Class.forName(name, false, SettingsDocumentedTest.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
