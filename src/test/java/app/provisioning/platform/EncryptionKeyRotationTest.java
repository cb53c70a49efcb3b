package app.provisioning.platform;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import app.provisioning.ProvisioningApplication;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Changing PROVISIONING_ENCRYPTION_KEY with the old key in
 * PROVISIONING_ENCRYPTION_PREVIOUS_KEYS: start-up re-encrypts every stored secret, after
 * which the old key is not needed. Each test runs its own server instances on a schema of
 * its own in the test PostgreSQL, so the keys of the shared test server are never
 * touched.
 */
class EncryptionKeyRotationTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private static final String OLD_KEY = newKey();

	private static final String NEW_KEY = newKey();

	@Autowired
	private HikariDataSource dataSource;

	private String schema;

	@BeforeEach
	void schema() {
		this.schema = "rotation_" + UUID.randomUUID().toString().replace("-", "");
		this.jdbcTemplate.execute("CREATE SCHEMA " + this.schema);
	}

	@AfterEach
	void dropSchema() {
		this.jdbcTemplate.execute("DROP SCHEMA " + this.schema + " CASCADE");
	}

	@Test
	void newKeyWithOldKeyAsPreviousReEncryptsEverySecretSoTheOldKeyCanGo() {
		Map<String, String> plain;
		try (ConfigurableApplicationContext old = start(OLD_KEY, "")) {
			storeSecrets(old);
			plain = decryptAll(OLD_KEY);
		}
		assertThat(plain).hasSizeGreaterThanOrEqualTo(2).containsValue("Abc8Q~client-secret-value");

		try (ConfigurableApplicationContext rotating = start(NEW_KEY, OLD_KEY)) {
			assertThat(decryptAll(NEW_KEY)).as("every secret reads with the new key alone").isEqualTo(plain);
			assertThat(rotating.getBean(EncryptionKeyRotation.class).reEncryptStoredSecrets().reEncryptedTotal())
				.as("a second pass has nothing left to do")
				.isZero();
		}
		try (ConfigurableApplicationContext rotated = start(NEW_KEY, "")) {
			ScimResponse keys = admin(rotated).get("/signing-keys");
			assertThat(keys.status()).as("the signing keys are read, private parts included").isEqualTo(200);
		}
	}

	@Test
	void instancesRotatingAtTheSameTimeReEncryptEachSecretOnce() throws Exception {
		try (ConfigurableApplicationContext old = start(OLD_KEY, "")) {
			storeSecrets(old);
			storeSecrets(old);
			Map<String, String> plain = decryptAll(OLD_KEY);
			// Two instances' start-up passes, racing on the same rows.
			List<CompletableFuture<EncryptionKeyRotation.Counts>> passes = List.of(
					CompletableFuture.supplyAsync(() -> rotation(old).reEncryptStoredSecrets()),
					CompletableFuture.supplyAsync(() -> rotation(old).reEncryptStoredSecrets()));
			int reEncrypted = 0;
			for (CompletableFuture<EncryptionKeyRotation.Counts> pass : passes) {
				reEncrypted += pass.get().reEncryptedTotal();
			}
			assertThat(reEncrypted).isEqualTo(plain.size());
			assertThat(decryptAll(NEW_KEY)).isEqualTo(plain);
		}
	}

	/**
	 * A start-up pass as an instance with the new key and the old one as previous key
	 * runs it.
	 */
	private static EncryptionKeyRotation rotation(ConfigurableApplicationContext context) {
		EncryptionProperties properties = new EncryptionProperties(NEW_KEY, Path.of("target", "unused.key"),
				List.of(OLD_KEY), null);
		return new EncryptionKeyRotation(context.getBean(org.springframework.jdbc.core.JdbcTemplate.class),
				context.getBean(org.springframework.transaction.support.TransactionTemplate.class),
				new SecretCipher(properties), properties, context.getBeanProvider(StoresEncryptedSecrets.class));
	}

	@Test
	void secretsWrittenWithAnotherKeyStopStartUpAndNothingChanges() {
		try (ConfigurableApplicationContext old = start(OLD_KEY, "")) {
			storeSecrets(old);
		}
		Map<String, String> before = decryptAll(OLD_KEY);
		assertThatThrownBy(() -> start(NEW_KEY, "").close())
			.satisfies((failure) -> assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
				.isInstanceOf(InvalidSettingException.class)
				.hasMessageContaining("cannot be decrypted with PROVISIONING_ENCRYPTION_KEY")
				.hasMessageContaining("graph_connection.client_secret=1"));
		assertThat(decryptAll(OLD_KEY)).isEqualTo(before);
	}

	@Test
	void cipherWithPreviousKeyReadsOldValuesButWritesWithTheCurrentKey() {
		SecretCipher old = cipher(OLD_KEY, List.of());
		SecretCipher rotating = cipher(NEW_KEY, List.of(OLD_KEY));
		byte[] written = old.encrypt("s3cret".getBytes(StandardCharsets.UTF_8));
		assertThat(new String(rotating.decrypt(written), StandardCharsets.UTF_8)).isEqualTo("s3cret");
		byte[] reEncrypted = rotating.reEncrypted(written);
		assertThat(new String(cipher(NEW_KEY, List.of()).decrypt(reEncrypted), StandardCharsets.UTF_8))
			.isEqualTo("s3cret");
		assertThat(rotating.reEncrypted(reEncrypted)).as("already current: nothing to do").isNull();
		assertThatThrownBy(() -> old.decrypt(reEncrypted)).hasMessageContaining("neither");
	}

	@Test
	void instanceGivenTheNextKeyReadsRotatedSecretsAndNeverRotatesThemBack() {
		SecretCipher rotated = cipher(NEW_KEY, List.of(OLD_KEY));
		SecretCipher preparing = new SecretCipher(
				new EncryptionProperties(OLD_KEY, Path.of("target", "unused.key"), List.of(), NEW_KEY));
		byte[] writtenAfterRotation = rotated.encrypt("s3cret".getBytes(StandardCharsets.UTF_8));
		assertThat(new String(preparing.decrypt(writtenAfterRotation), StandardCharsets.UTF_8)).isEqualTo("s3cret");
		assertThat(preparing.reEncrypted(writtenAfterRotation)).as("left with the next key").isNull();
		byte[] writtenBefore = preparing.encrypt("older".getBytes(StandardCharsets.UTF_8));
		assertThat(new String(rotated.decrypt(writtenBefore), StandardCharsets.UTF_8)).isEqualTo("older");
		assertThatThrownBy(() -> cipher(NEW_KEY, List.of()).decrypt(writtenBefore))
			.as("still written with the current key until the switch")
			.hasMessageContaining("neither");
	}

	private void storeSecrets(ConfigurableApplicationContext context) {
		ScimClient admin = admin(context);
		ScimResponse account = admin.send("POST", "/accounts", "{\"name\":\"rotation-" + UUID.randomUUID() + "\"}",
				JSON);
		assertThat(account.status()).as(account.rawBody()).isEqualTo(201);
		ScimResponse saved = admin.send("PUT", "/accounts/" + account.id() + "/entra-connection",
				"{\"tenantId\":\"%s\",\"clientId\":\"%s\",\"clientSecret\":\"Abc8Q~client-secret-value\"}"
					.formatted(UUID.randomUUID(), UUID.randomUUID()),
				JSON);
		assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
		ScimResponse rotated = admin.send("POST", "/signing-keys/rotate", null, JSON);
		assertThat(rotated.status()).as(rotated.rawBody()).isBetween(200, 201);
	}

	/**
	 * Every encrypted value of the test's schema, decrypted with this key alone, by row.
	 */
	private Map<String, String> decryptAll(String key) {
		SecretCipher cipher = cipher(key, List.of());
		Map<String, String> plain = new java.util.TreeMap<>();
		this.jdbcTemplate.query("SELECT kid, private_key_encrypted FROM " + this.schema + ".signing_key", (row) -> {
			plain.put("key " + row.getString(1), decrypt(cipher, row.getBytes(2)));
		});
		this.jdbcTemplate.query("SELECT account_id, client_secret FROM " + this.schema + ".graph_connection", (row) -> {
			plain.put("graph " + row.getString(1), decrypt(cipher, row.getBytes(2)));
		});
		return plain;
	}

	private static String decrypt(SecretCipher cipher, byte[] stored) {
		return new String(cipher.decrypt(stored), StandardCharsets.UTF_8);
	}

	private ConfigurableApplicationContext start(String key, String previousKeys) {
		String url = this.dataSource.getJdbcUrl();
		List<String> arguments = new ArrayList<>(List.of("--server.port=0",
				"--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + this.schema,
				"--spring.datasource.username=" + this.dataSource.getUsername(),
				"--spring.datasource.password="
						+ ((this.dataSource.getPassword() != null) ? this.dataSource.getPassword() : ""),
				"--provisioning.encryption.key=" + key, "--provisioning.encryption.previous-keys=" + previousKeys,
				"--provisioning.admin.bootstrap-key=" + ADMIN_KEY, "--provisioning.reconcile.enabled=false"));
		return new SpringApplicationBuilder(ProvisioningApplication.class).run(arguments.toArray(String[]::new));
	}

	private static ScimClient admin(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return new ScimClient("http://localhost:" + port + "/api", ADMIN_KEY, null);
	}

	private static SecretCipher cipher(String key, List<String> previousKeys) {
		return new SecretCipher(new EncryptionProperties(key, Path.of("target", "unused.key"), previousKeys, null));
	}

	private static String newKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
