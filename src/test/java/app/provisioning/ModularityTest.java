package app.provisioning;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The feature boundaries of docs/architecture.md: dependencies run one way, from the
 * pages down to the protocol; the SCIM protocol never reaches into storage; no feature
 * uses another's web package.
 */
class ModularityTest {

	private static final List<String> FEATURES = List.of("scim", "directory", "account", "audit", "mapping", "logins",
			"reconcile", "synclog", "webhooks", "health", "console", "platform");

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("app.provisioning");

	/**
	 * The features from the pages down to the protocol (docs/architecture.md,
	 * "Dependencies"): a feature uses only features on later lines, never one on its own
	 * line or an earlier one. The SCIM protocol thus uses nothing but {@code platform}.
	 */
	private static final List<List<String>> LEVELS = List.of(List.of("console"), List.of("health"),
			List.of("logins", "reconcile", "webhooks"), List.of("mapping"), List.of("synclog"),
			List.of("directory", "account"), List.of("scim", "audit"), List.of("platform"));

	@Test
	void eachFeatureUsesOnlyFeaturesBelowIt() {
		for (int level = 0; level < LEVELS.size(); level++) {
			for (String feature : LEVELS.get(level)) {
				String[] notBelow = LEVELS.subList(0, level + 1)
					.stream()
					.flatMap(List::stream)
					.filter((other) -> !other.equals(feature))
					.map((other) -> "app.provisioning." + other + "..")
					.toArray(String[]::new);
				noClasses().that()
					.resideInAPackage("app.provisioning." + feature + "..")
					.should()
					.dependOnClassesThat()
					.resideInAnyPackage(notBelow)
					.because(feature + " sits above those features; what it needs of them goes through a port it"
							+ " declares or an event")
					.check(CLASSES);
			}
		}
	}

	@Test
	void everyFeatureHasItsLevel() {
		org.assertj.core.api.Assertions.assertThat(LEVELS.stream().flatMap(List::stream))
			.containsExactlyInAnyOrderElementsOf(FEATURES);
	}

	@Test
	void scimProtocolUsesNoJdbc() {
		noClasses().that()
			.resideInAPackage("app.provisioning.scim..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.jdbc..", "java.sql..", "jakarta.persistence..")
			.check(CLASSES);
	}

	/**
	 * A feature's {@code web} package is its HTTP surface: another feature uses what the
	 * feature publishes (its root package and other sub-packages), never its controllers
	 * or their helpers.
	 */
	@Test
	void noFeatureReachesIntoAnotherFeaturesWebPackage() {
		for (String feature : FEATURES) {
			noClasses().that()
				.resideOutsideOfPackage("app.provisioning." + feature + "..")
				.should()
				.dependOnClassesThat()
				.resideInAPackage("app.provisioning." + feature + ".web..")
				.because("the web package of " + feature + " is its HTTP surface, not an API for other features")
				.check(CLASSES);
		}
	}

	@Test
	void featuresHaveNoCycles() {
		slices().matching("app.provisioning.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

}
