package app.provisioning.platform;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key that encrypts secrets at rest (token-signing keys, Entra client secrets), and
 * the keys it replaced.
 *
 * @param key base64 of 32 random bytes ({@code openssl rand -base64 32}); in production
 * set it
 * @param keyFile where a development key is generated and kept when {@code key} is not
 * set
 * @param previousKeys keys that only decrypt, during a key rotation; start-up re-encrypts
 * every stored secret with {@code key}, after which they can be removed
 * @param nextKey a key that only decrypts and is never re-encrypted away from: set on
 * every instance before any instance makes it its {@code key}, for a rotation without
 * downtime
 */
@ConfigurationProperties("provisioning.encryption")
public record EncryptionProperties(String key, Path keyFile, List<String> previousKeys, String nextKey) {

	public EncryptionProperties {
		if (keyFile == null) {
			keyFile = Path.of("data", "encryption.key");
		}
		key = (key == null || key.isBlank()) ? null : key.trim();
		previousKeys = (previousKeys == null) ? List.of()
				: previousKeys.stream().map(String::trim).filter((previous) -> !previous.isEmpty()).toList();
		nextKey = (nextKey == null || nextKey.isBlank()) ? null : nextKey.trim();
		if (nextKey != null) {
			EncryptionKeys.decode(nextKey, "PROVISIONING_ENCRYPTION_NEXT_KEY");
		}
		// Decoded now so that a mistyped key stops start-up with its name, never with the
		// key itself.
		if (key != null) {
			EncryptionKeys.decode(key, "PROVISIONING_ENCRYPTION_KEY");
		}
		for (int i = 0; i < previousKeys.size(); i++) {
			EncryptionKeys.decode(previousKeys.get(i),
					"PROVISIONING_ENCRYPTION_PREVIOUS_KEYS (entry " + (i + 1) + " of " + previousKeys.size() + ")");
		}
	}

}
