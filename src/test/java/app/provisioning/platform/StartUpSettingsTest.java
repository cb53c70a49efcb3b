package app.provisioning.platform;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import app.provisioning.ProvisioningApplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bad setting stops start-up at once with one report that names the variable and says
 * what to do, before any database is started or touched. Each test starts the real
 * application.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartUpSettingsTest {

	private static final String VALID_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

	@Test
	void encryptionKeyOfSixteenBytesStopsStartUpWithHowToMakeOne(CapturedOutput output) {
		String shortKey = "MDEyMzQ1Njc4OWFiY2RlZg==";
		assertStartUpFails(output, "PROVISIONING_ENCRYPTION_KEY is not base64 of 32 bytes: it decodes to 16 bytes.",
				"provisioning.encryption.key=" + shortKey);
		assertThat(output.getOut()).contains("openssl rand -base64 32").doesNotContain(shortKey);
	}

	@Test
	void encryptionKeyThatIsNotBase64StopsStartUp(CapturedOutput output) {
		assertStartUpFails(output, "PROVISIONING_ENCRYPTION_KEY is not base64 of 32 bytes: it is not valid base64.",
				"provisioning.encryption.key=not a key!");
	}

	@Test
	void invalidPreviousEncryptionKeyStopsStartUp(CapturedOutput output) {
		assertStartUpFails(output, "PROVISIONING_ENCRYPTION_PREVIOUS_KEYS (entry 2 of 2) is not base64 of 32 bytes",
				"provisioning.encryption.key=" + VALID_KEY,
				"provisioning.encryption.previous-keys=" + VALID_KEY + ",c2hvcnQ=");
	}

	@Test
	void datasourceUrlThatIsNotJdbcPostgresqlStopsStartUpWithoutShowingThePassword(CapturedOutput output) {
		assertStartUpFails(output,
				"SPRING_DATASOURCE_URL must be a PostgreSQL JDBC URL; it is 'postgres://…@db:5432/scim'",
				"spring.datasource.url=postgres://scim:hunter2@db:5432/scim");
		assertThat(output.getOut()).contains("jdbc:postgresql://<host>:5432/<database>").doesNotContain("hunter2");
	}

	@Test
	void unreachableDatabaseStopsStartUpNamingHostAndPortWithoutStackTrace(CapturedOutput output) throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		assertStartUpFails(output, "Cannot reach PostgreSQL at localhost:" + closedPort + " (SPRING_DATASOURCE_URL)",
				"spring.datasource.url=jdbc:postgresql://localhost:" + closedPort + "/scim");
		assertThat(output.getOut()).doesNotContain("\tat ");
	}

	@Test
	void negativePageSizeStopsStartUpNamingItsVariable(CapturedOutput output) {
		assertStartUpFails(output,
				"Invalid setting PROVISIONING_SCIM_DEFAULTPAGESIZE (provisioning.scim.default-page-size) = -5: must be at"
						+ " least 1.",
				"provisioning.scim.default-page-size=-5");
	}

	@Test
	void zeroRateLimitStopsStartUpNamingTheVariableFromApplicationYml(CapturedOutput output) {
		assertStartUpFails(output,
				"Invalid setting SCIM_RATE_LIMIT_PER_SECOND (provisioning.scim.rate-limit.requests-per-second) = 0",
				"provisioning.scim.rate-limit.requests-per-second=0");
	}

	@Test
	void durationThatCannotBeReadStopsStartUpWithExamples(CapturedOutput output) {
		assertStartUpFails(output,
				"Invalid setting SCIM_TOKEN_CACHE_TTL (provisioning.scim.token-cache.ttl) = '5 minutes': not a duration;"
						+ " write e.g. 500ms, 30s, 5m, 1h or 7d.",
				"provisioning.scim.token-cache.ttl=5 minutes");
	}

	@Test
	void negativeDurationStopsStartUp(CapturedOutput output) {
		assertStartUpFails(output,
				"Invalid setting PROVISIONING_RECONCILE_RETRYDELAY (provisioning.reconcile.retry-delay)"
						+ " = PT-1M: must not be negative.",
				"provisioning.reconcile.retry-delay=-1m");
	}

	@Test
	void portThatIsNotANumberStopsStartUp(CapturedOutput output) {
		assertStartUpFails(output, "Invalid setting PORT (server.port) = 'eighty': not a whole number.",
				"server.port=eighty");
	}

	@Test
	void connectionTimeoutBelowWhatThePoolHonoursStopsStartUp(CapturedOutput output) {
		assertStartUpFails(output,
				"Invalid setting DATABASE_CONNECTION_TIMEOUT_MS"
						+ " (spring.datasource.hikari.connection-timeout) = 100: must be between 250 and",
				"spring.datasource.hikari.connection-timeout=100");
	}

	@Test
	void unknownLogFormatStopsStartUpListingTheFormats(CapturedOutput output) {
		assertStartUpFails(output,
				"Invalid setting LOG_FORMAT = 'xml': it must be text (the default), json, ecs," + " logstash or gelf.",
				"LOG_FORMAT=xml");
	}

	/**
	 * Starts the application with the given settings (on top of a valid key and an
	 * embedded database that must never be reached) and expects the report, once, and no
	 * web server.
	 */
	private static void assertStartUpFails(CapturedOutput output, String description, String... settings) {
		// Command-line arguments, as environment variables would, take precedence over
		// application.yml.
		List<String> arguments = new ArrayList<>();
		Stream.of(settings).map((setting) -> "--" + setting).forEach(arguments::add);
		Stream
			.of("provisioning.encryption.key=" + VALID_KEY,
					"provisioning.embedded-database.data-directory=target/never-started",
					"provisioning.reconcile.enabled=false")
			.filter((fallback) -> Stream.of(settings)
				.noneMatch((setting) -> setting.startsWith(fallback.split("=")[0] + "=")))
			.forEach((fallback) -> arguments.add("--" + fallback));
		assertThatThrownBy(
				() -> new SpringApplicationBuilder(ProvisioningApplication.class).web(WebApplicationType.NONE)
					.run(arguments.toArray(String[]::new))
					.close())
			.satisfies((failure) -> assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
				.isInstanceOf(InvalidSettingException.class));
		String out = output.getOut();
		assertThat(out).contains("APPLICATION FAILED TO START").contains(description);
		assertThat(out.split("APPLICATION FAILED TO START", -1)).as("one report").hasSize(2);
		assertThat(out).doesNotContain("Development database: embedded PostgreSQL");
	}

}
