package app.provisioning.platform;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key that encrypts secrets at rest (signing keys, later Entra client secrets).
 *
 * @param key base64 of 32 random bytes ({@code openssl rand -base64 32}); in production set it
 * @param keyFile where a development key is generated and kept when {@code key} is not set
 */
@ConfigurationProperties("provisioning.encryption")
public record EncryptionProperties(String key, Path keyFile) {

	public EncryptionProperties {
		if (keyFile == null) {
			keyFile = Path.of("data", "encryption.key");
		}
	}

}
