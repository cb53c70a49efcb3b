package app.provisioning;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The feature boundaries of DESIGN.md: the SCIM protocol never reaches into storage or
 * the product features, and no two features depend on each other in a cycle.
 */
class ModularityTest {

	private static final List<String> FEATURES = List.of("scim", "directory", "account", "audit", "mapping", "logins",
			"reconcile", "synclog", "webhooks", "health", "console", "platform");

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("app.provisioning");

	@Test
	void scimProtocolImportsNoStorageAccountOrProductFeature() {
		noClasses().that()
			.resideInAPackage("app.provisioning.scim..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("app.provisioning.directory..", "app.provisioning.account..",
					"app.provisioning.people..", "app.provisioning.logins..", "app.provisioning.mapping..",
					"app.provisioning.reconcile..", "app.provisioning.synclog..", "app.provisioning.webhooks..",
					"app.provisioning.health..")
			.check(CLASSES);
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
